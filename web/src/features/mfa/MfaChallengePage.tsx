import { Anchor, Button, Divider, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiStatus } from '../../api';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import { useVerifyCode, useVerifyPasskey } from './api';
import { useSecondFactorChallenge } from './challengeState';
import { MfaErrorAlert } from './MfaErrorAlert';
import { MissingChallenge } from './MissingChallenge';

/** `/login/mfa`: the second step of sign-in with a code, a passkey or a recovery code. */
export function MfaChallengePage() {
  const { t } = useTranslation();
  usePageTitle(t('mfa.challenge.title'));
  const challenge = useSecondFactorChallenge();

  return (
    <Paper withBorder shadow="xs" p="xl" maw={480} mx="auto" mt="xl">
      <Stack>
        <Title order={1} size="h2">
          {t('mfa.challenge.title')}
        </Title>
        {challenge ? <ChallengeForms token={challenge.token} methods={challenge.methods} expiresAt={challenge.expiresAt} /> : <MissingChallenge />}
      </Stack>
    </Paper>
  );
}

function ChallengeForms({ token, methods, expiresAt }: { token: string; methods: string[]; expiresAt: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const verifyCode = useVerifyCode(token);
  const verifyPasskey = useVerifyPasskey(token);
  const hasTotp = methods.includes('totp');
  const [useRecovery, setUseRecovery] = useState(!hasTotp && !methods.includes('passkey'));
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const done = () => void navigate('/', { replace: true });
  const error = verifyCode.error ?? verifyPasskey.error;
  const dead = isApiStatus(error, 401);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (code.trim() === '') {
      setMissing(true);
      return;
    }
    verifyPasskey.reset();
    verifyCode.mutate({ method: useRecovery ? 'recovery_code' : 'totp', code }, { onSuccess: done });
  };

  const codeForm = (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={useRecovery ? t('mfa.challenge.recoveryLabel') : t('mfa.challenge.totpLabel')}
          description={useRecovery ? t('mfa.challenge.recoveryHint') : t('mfa.challenge.totpHint')}
          inputMode={useRecovery ? 'text' : 'numeric'}
          autoComplete="one-time-code"
          autoFocus
          maxLength={64}
          required
          value={code}
          error={missing ? t('validation.required') : undefined}
          onChange={(event) => {
            setCode(event.currentTarget.value);
            setMissing(false);
          }}
          data-testid="mfa-code"
        />
        <Button type="submit" loading={verifyCode.isPending} disabled={dead} data-testid="mfa-submit">
          {t('mfa.challenge.submit')}
        </Button>
      </Stack>
    </form>
  );

  return (
    <Stack>
      <Text>{t('mfa.challenge.intro')}</Text>
      {error !== null && <MfaErrorAlert error={error} />}
      {dead && (
        <Anchor component={Link} to="/login" data-testid="mfa-restart">
          {t('mfa.challenge.backToLogin')}
        </Anchor>
      )}
      {methods.includes('passkey') && !useRecovery && (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {t('mfa.challenge.passkeyHint')}
          </Text>
          <Button
            variant={hasTotp ? 'light' : 'filled'}
            loading={verifyPasskey.isPending}
            disabled={dead}
            onClick={() => {
              verifyCode.reset();
              verifyPasskey.mutate(undefined, { onSuccess: done });
            }}
            data-testid="mfa-passkey"
          >
            {t('mfa.challenge.usePasskey')}
          </Button>
          {hasTotp && <Divider label={t('mfa.challenge.or')} labelPosition="center" />}
        </Stack>
      )}
      {(hasTotp || useRecovery) && codeForm}
      {methods.includes('recovery_code') && (
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => {
            setUseRecovery(!useRecovery);
            setCode('');
            setMissing(false);
          }}
          data-testid="mfa-toggle-recovery"
        >
          {useRecovery ? t('mfa.challenge.backToMethods') : t('mfa.challenge.useRecovery')}
        </Anchor>
      )}
      <Text size="xs" c="dimmed">
        {t('mfa.challenge.expiresAt', { date: formatDateTime(expiresAt, lang) })}
      </Text>
    </Stack>
  );
}
