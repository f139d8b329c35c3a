import { Alert, Badge, Button, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { useConfirmTotp, useDisableTotp, useStartTotp, type MfaStatus } from './api';
import { MfaErrorAlert } from './MfaErrorAlert';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';
import { TotpSetupPanel } from './TotpSetupPanel';

/** The authenticator app: set it up (QR + key + first code) or remove it (code or password). */
export function TotpSection({ status }: { status: MfaStatus }) {
  const { t } = useTranslation();
  const lang = useLang();
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const enrolled = status.totp.enrolled;

  return (
    <Stack component="section" aria-labelledby="mfa-totp-title">
      <Group>
        <Title order={2} size="h3" id="mfa-totp-title">
          {t('mfa.totp.title')}
        </Title>
        <Badge color={enrolled ? 'teal.9' : 'gray.7'} data-testid="totp-status">
          {enrolled ? t('mfa.totp.enrolled') : t('mfa.totp.notEnrolled')}
        </Badge>
      </Group>
      <Text size="sm">{t('mfa.totp.description')}</Text>
      {confirm.data && (
        <Alert color="green" data-testid="totp-confirmed">
          {t('mfa.totp.confirmed')}
        </Alert>
      )}
      {confirm.data?.recoveryCodes && <RecoveryCodesPanel codes={confirm.data.recoveryCodes} onDone={() => confirm.reset()} />}
      {enrolled && status.totp.confirmedAt && (
        <Text size="sm" c="dimmed">
          {t('mfa.totp.enrolledSince', { date: formatDateTime(status.totp.confirmedAt, lang) })}
        </Text>
      )}
      {!enrolled && start.data && !confirm.data && (
        <TotpSetupPanel setup={start.data} onConfirm={(code) => confirm.mutate(code)} pending={confirm.isPending} error={confirm.error} />
      )}
      {!enrolled && !start.data && (
        <Group>
          {start.isError && <MfaErrorAlert error={start.error} />}
          <Button onClick={() => start.mutate()} loading={start.isPending} data-testid="totp-start">
            {t('mfa.totp.start')}
          </Button>
        </Group>
      )}
      {enrolled && !confirm.data && <DisableTotpForm onDone={() => start.reset()} />}
    </Stack>
  );
}

function DisableTotpForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const disable = useDisableTotp();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (code.trim() === '' && password === '') {
      setMissing(true);
      return;
    }
    disable.mutate(code.trim() !== '' ? { code } : { password }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs" maw={420}>
        <Title order={3} size="h5">
          {t('mfa.totp.disableTitle')}
        </Title>
        <Text size="sm">{t('mfa.totp.disableHint')}</Text>
        {disable.isError && <MfaErrorAlert error={disable.error} />}
        {missing && (
          <Text size="sm" c="red" role="alert">
            {t('mfa.totp.disableNeedsProof')}
          </Text>
        )}
        <TextInput
          label={t('mfa.totp.disableCode')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={16}
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value);
            setMissing(false);
          }}
          data-testid="totp-disable-code"
        />
        <PasswordInput
          label={t('mfa.totp.disablePassword')}
          autoComplete="current-password"
          visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
          value={password}
          onChange={(event) => {
            setPassword(event.currentTarget.value);
            setMissing(false);
          }}
          data-testid="totp-disable-password"
        />
        <Group>
          <Button type="submit" color="red" variant="light" loading={disable.isPending} data-testid="totp-disable">
            {t('mfa.totp.disable')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
