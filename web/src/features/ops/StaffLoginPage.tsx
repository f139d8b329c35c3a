import { Alert, Button, Code, Group, Image, List, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { useFormState } from '../../components/useFormState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import { useOpsSession, useStaffCodeStep, useStaffPasswordStep, type StaffSecondFactor } from './api';
import classes from './ops.module.css';

/** Only console addresses are followed after sign-in, so a crafted link cannot send staff elsewhere. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/ops') || next.startsWith('//') || next.startsWith('/ops/login')) return '/ops';
  return next;
}

/** The authenticator's QR code, drawn in the browser; a data: URL stays within the page's CSP. */
function useQrCode(uri: string | undefined): string | null {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    if (!uri) return;
    void QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
      (text) => {
        if (current) setSvg(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`);
      },
      () => {
        // Without a QR code the secret is still shown as text to type in.
        if (current) setSvg(null);
      },
    );
    return () => {
      current = false;
    };
  }, [uri]);
  return svg;
}

/** First sign-in: the new authenticator's secret as a QR code and as text. */
function EnrolmentPanel({ challenge }: { challenge: StaffSecondFactor }) {
  const { t } = useTranslation();
  const qr = useQrCode(challenge.otpauthUri);
  return (
    <Stack gap="xs" data-testid="ops-enrolment">
      <Alert variant="light" color="blue" title={t('ops.login.enrolTitle')}>
        {t('ops.login.enrolIntro')}
      </Alert>
      <List size="sm" type="ordered" spacing={4}>
        <List.Item>{t('ops.login.enrolStep1')}</List.Item>
        <List.Item>{t('ops.login.enrolStep2')}</List.Item>
      </List>
      {qr && (
        <div className={classes.qrFrame}>
          <Image src={qr} alt={t('ops.login.qrAlt')} w={180} h={180} data-testid="ops-totp-qr" />
        </div>
      )}
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          {t('ops.login.secretLabel')}
        </Text>
        <Code fz="md" className={classes.breakAll} data-testid="ops-totp-secret">
          {challenge.secret}
        </Code>
      </Group>
      {challenge.otpauthUri && (
        <Text size="xs" c="dimmed" className={classes.breakAll}>
          {t('ops.login.uriLabel')} <Code className={classes.breakAll}>{challenge.otpauthUri}</Code>
        </Text>
      )}
    </Stack>
  );
}

/** The second step: a 6-digit code (enrolling the authenticator on the first sign-in). */
function CodeStep({ challenge, onRestart, onDone }: { challenge: StaffSecondFactor; onRestart: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const verify = useStaffCodeStep();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | undefined>();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const digits = code.normalize('NFKC').replace(/\s+/g, '');
    if (!/^\d{6}$/.test(digits)) {
      setProblem(t('ops.login.codeFormat'));
      return;
    }
    verify.mutate({ token: challenge.token, code: digits }, { onSuccess: onDone, onError: () => setCode('') });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {challenge.enrolmentRequired && <EnrolmentPanel challenge={challenge} />}
        {verify.isError && <ErrorAlert error={verify.error} />}
        <TextInput
          label={t('ops.login.code')}
          description={t('ops.login.codeHint', { date: formatDateTime(challenge.expiresAt, lang, { withZone: true }) })}
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          maxLength={12}
          required
          value={code}
          error={problem}
          onChange={(event) => {
            setCode(event.currentTarget.value);
            setProblem(undefined);
          }}
          data-testid="ops-login-code"
        />
        <Group>
          <Button type="submit" loading={verify.isPending} data-testid="ops-login-code-submit">
            {challenge.enrolmentRequired ? t('ops.login.enrolSubmit') : t('ops.login.codeSubmit')}
          </Button>
          <Button variant="subtle" onClick={onRestart} data-testid="ops-login-restart">
            {t('ops.login.restart')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** `/ops/login`: staff sign-in, always two steps (e-mail and password, then a TOTP code). */
export function StaffLoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('ops.login.title'));
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get('next'));
  const session = useOpsSession();
  const passwordStep = useStaffPasswordStep();
  const [challenge, setChallenge] = useState<StaffSecondFactor | null>(null);
  const form = useFormState({ email: '', password: '' });

  if (session.isPending) return <LoadingState />;
  if (session.data) return <Navigate to={next} replace />;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    passwordStep.mutate(
      { email: form.values.email.normalize('NFKC').trim(), password: form.values.password },
      { onSuccess: setChallenge, onError: form.showServerErrors },
    );
  };

  return (
    <Paper withBorder shadow="xs" p="xl" maw={520} mx="auto" mt="xl">
      <Stack>
        <Title order={1} size="h2">
          {t('ops.login.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('ops.login.intro')}
        </Text>
        {challenge ? (
          <CodeStep
            challenge={challenge}
            onRestart={() => {
              setChallenge(null);
              passwordStep.reset();
            }}
            onDone={() => void navigate(next, { replace: true })}
          />
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack>
              {passwordStep.isError && <ErrorAlert error={passwordStep.error} fieldsShownInline={form.fieldNames} />}
              <TextInput type="email" label={t('ops.login.email')} autoComplete="username" required data-testid="ops-login-email" {...form.field('email')} />
              <PasswordInput
                label={t('ops.login.password')}
                autoComplete="current-password"
                required
                visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
                data-testid="ops-login-password"
                {...form.field('password')}
              />
              <Button type="submit" loading={passwordStep.isPending} data-testid="ops-login-submit">
                {t('ops.login.submit')}
              </Button>
              <Text size="xs" c="dimmed">
                {t('ops.login.lockoutNote')}
              </Text>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
