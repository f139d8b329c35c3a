import { Box, Button, Code, Group, Image, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TotpSetup } from './api';
import { MfaErrorAlert } from './MfaErrorAlert';

interface TotpSetupPanelProps {
  setup: TotpSetup;
  onConfirm: (code: string) => void;
  pending: boolean;
  error: unknown;
}

/** The secret as a QR code and as text, and the field that confirms it with a first code. */
export function TotpSetupPanel({ setup, onConfirm, pending, error }: TotpSetupPanelProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  // The server renders the QR code; a data: URL keeps it within the page's CSP (img-src data:).
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (code.trim() === '') {
      setMissing(true);
      return;
    }
    onConfirm(code);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>{t('mfa.totp.step1')}</Text>
        <Box bg="white" p="xs" w={200} style={{ border: '1px solid var(--mantine-color-gray-3)' }}>
          <Image src={qr} alt={t('mfa.totp.qrAlt')} w={180} h={180} data-testid="totp-qr" />
        </Box>
        <Text>{t('mfa.totp.step2')}</Text>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t('mfa.totp.secretLabel')}
          </Text>
          <Code fz="md" data-testid="totp-secret">
            {setup.secret}
          </Code>
        </Group>
        <Text>{t('mfa.totp.step3')}</Text>
        {error !== null && error !== undefined && <MfaErrorAlert error={error} />}
        <TextInput
          label={t('mfa.totp.codeLabel')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={16}
          w={220}
          required
          value={code}
          error={missing ? t('validation.required') : undefined}
          onChange={(event) => {
            setCode(event.currentTarget.value);
            setMissing(false);
          }}
          data-testid="totp-code"
        />
        <Group>
          <Button type="submit" loading={pending} data-testid="totp-confirm">
            {t('mfa.totp.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
