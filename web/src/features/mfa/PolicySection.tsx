import { Alert, Stack, Switch, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LoadingState } from '../../components/LoadingState';
import { useMfaPolicy, useSetMfaPolicy } from './api';
import { MfaErrorAlert } from './MfaErrorAlert';

/** For tenant admins: whether every user of the company must use a second factor. */
export function PolicySection() {
  const { t } = useTranslation();
  const policy = useMfaPolicy(true);
  const save = useSetMfaPolicy();

  return (
    <Stack component="section" aria-labelledby="mfa-policy-title">
      <Title order={2} size="h3" id="mfa-policy-title">
        {t('mfa.policy.title')}
      </Title>
      <Text size="sm">{t('mfa.policy.description')}</Text>
      {policy.isPending ? (
        <LoadingState />
      ) : policy.isError ? (
        <MfaErrorAlert error={policy.error} />
      ) : (
        <Switch
          label={t('mfa.policy.switch')}
          checked={policy.data.mfaRequired}
          disabled={save.isPending}
          onChange={(event) => save.mutate(event.currentTarget.checked)}
          data-testid="mfa-policy-switch"
        />
      )}
      {save.isError && <MfaErrorAlert error={save.error} />}
      {save.isSuccess && (
        <Alert color="green" role="status">
          {t('mfa.policy.saved')}
        </Alert>
      )}
    </Stack>
  );
}
