import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegenerateRecoveryCodes, type MfaStatus } from './api';
import { MfaErrorAlert } from './MfaErrorAlert';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';

/** How many recovery codes are left, and a confirmed regeneration that shows the new ones once. */
export function RecoveryCodesSection({ status }: { status: MfaStatus }) {
  const { t } = useTranslation();
  const regenerate = useRegenerateRecoveryCodes();
  const [confirming, setConfirming] = useState(false);
  const hasFactor = status.totp.enrolled || status.passkeys.length > 0;

  return (
    <Stack component="section" aria-labelledby="mfa-recovery-title">
      <Title order={2} size="h3" id="mfa-recovery-title">
        {t('mfa.recovery.title')}
      </Title>
      <Text size="sm">{t('mfa.recovery.description')}</Text>
      {!hasFactor ? (
        <Text size="sm" c="dimmed">
          {t('mfa.recovery.noneYet')}
        </Text>
      ) : (
        <Text data-testid="recovery-left">{t('mfa.recovery.left', { count: status.recoveryCodesLeft })}</Text>
      )}
      {regenerate.isError && <MfaErrorAlert error={regenerate.error} />}
      {regenerate.data && <RecoveryCodesPanel codes={regenerate.data.recoveryCodes} onDone={() => regenerate.reset()} />}
      {hasFactor && !regenerate.data && !confirming && (
        <Group>
          <Button variant="light" onClick={() => setConfirming(true)} data-testid="recovery-regenerate">
            {t('mfa.recovery.regenerate')}
          </Button>
        </Group>
      )}
      {confirming && (
        <Stack gap="xs">
          <Text size="sm">{t('mfa.recovery.regenerateConfirm')}</Text>
          <Group>
            <Button
              color="red"
              loading={regenerate.isPending}
              onClick={() => regenerate.mutate(undefined, { onSettled: () => setConfirming(false) })}
              data-testid="recovery-regenerate-confirm"
            >
              {t('mfa.recovery.regenerateYes')}
            </Button>
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('mfa.passkey.cancel')}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
