import { Alert, Divider, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { usePageTitle } from '../../layout/usePageTitle';
import { useMfaStatus } from './api';
import { PasskeySection } from './PasskeySection';
import { PolicySection } from './PolicySection';
import { RecoveryCodesSection } from './RecoveryCodesSection';
import { TotpSection } from './TotpSection';

/** `/account/mfa`: the user's own second factors, and the company policy for its admins. */
export function AccountMfaPage() {
  const { t } = useTranslation();
  usePageTitle(t('mfa.page.title'));
  const status = useMfaStatus();

  return (
    <Stack maw={880} py="md">
      <Title order={1}>{t('mfa.page.title')}</Title>
      <Text>{t('mfa.page.intro')}</Text>
      {status.isPending ? (
        <LoadingState />
      ) : status.isError ? (
        <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        <>
          {status.data.tenantRequiresMfa && (
            <Alert color="blue" data-testid="mfa-required-notice">
              {t('mfa.page.required')}
            </Alert>
          )}
          <TotpSection status={status.data} />
          <Divider />
          <PasskeySection status={status.data} />
          <Divider />
          <RecoveryCodesSection status={status.data} />
          {status.data.canManagePolicy && (
            <>
              <Divider />
              <PolicySection />
            </>
          )}
        </>
      )}
    </Stack>
  );
}
