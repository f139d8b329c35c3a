import { Alert, Anchor, Badge, Divider, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { useServices } from '../../data/services';
import { formatDateTime } from '../../format';
import { localized } from '../../i18n';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import { useAccount, type Account } from './api';
import { ChangePasswordForm } from './ChangePasswordForm';
import { SessionSettingsSection } from './SessionSettingsSection';
import { SessionsSection } from './SessionsSection';

/** `/account`: who is signed in, changing the password, open sessions, and a way to MFA. */
export function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.page.title'));
  const account = useAccount();

  return (
    <Stack maw={960} py="md" gap="lg">
      <Title order={1}>{t('account.page.title')}</Title>
      {account.isPending ? (
        <LoadingState />
      ) : account.isError ? (
        <ErrorAlert error={account.error} onRetry={() => void account.refetch()} />
      ) : (
        <>
          <Profile data={account.data} />
          <Divider />
          <PasswordSection data={account.data} />
          <Divider />
          <SessionsSection />
          {account.data.can.manageSessions && (
            <>
              <Divider />
              <SessionSettingsSection />
            </>
          )}
        </>
      )}
    </Stack>
  );
}

function Profile({ data }: { data: Account }) {
  const { t } = useTranslation();
  const lang = useLang();
  const services = useServices();
  const { account } = data;
  const serviceName = (id: string) => {
    const service = services.data?.find((s) => s.id === id);
    return service ? localized(service.name, lang) : id;
  };
  const roleName = (serviceId: string, roleId: string) => {
    const role = services.data?.find((s) => s.id === serviceId)?.roles.find((r) => r.id === roleId);
    return role ? localized(role.name, lang) : roleId;
  };

  return (
    <Paper withBorder p="md" data-testid="account-profile">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('account.profile.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Item label={t('account.profile.name')} value={account.displayName} />
          <Item label={t('account.profile.email')} value={account.email} />
          <Item label={t('account.profile.company')} value={t('account.profile.companyValue', { name: account.tenant.name, code: account.tenant.code })} />
          <Item
            label={t('account.profile.passwordChangedAt')}
            value={account.passwordChangedAt ? formatDateTime(account.passwordChangedAt, lang) : t('account.profile.neverChanged')}
          />
        </SimpleGrid>
        <div>
          <Text size="sm" c="dimmed">
            {t('account.profile.roles')}
          </Text>
          <Group gap="xs" mt={4}>
            {account.memberships.length === 0 && <Text size="sm">{t('account.profile.noRoles')}</Text>}
            {account.memberships.map((m) => (
              <Badge key={m.service} variant="light">
                {t('account.profile.role', { service: serviceName(m.service), role: roleName(m.service, m.role) })}
              </Badge>
            ))}
          </Group>
        </div>
        <Text size="sm">
          {t('account.profile.mfaIntro')}{' '}
          <Anchor component={Link} to="/account/mfa" data-testid="account-mfa-link">
            {t('account.profile.mfaLink')}
          </Anchor>
        </Text>
      </Stack>
    </Paper>
  );
}

function Item({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text>{value}</Text>
    </div>
  );
}

function PasswordSection({ data }: { data: Account }) {
  const { t } = useTranslation();
  // A new form after each change, so nothing typed lingers in it.
  const [round, setRound] = useState(0);
  const [ended, setEnded] = useState<number | undefined>(undefined);
  const { account } = data;

  return (
    <Stack maw={520}>
      <Title order={2} size="h3">
        {t('account.password.title')}
      </Title>
      <Text size="sm">{t('account.password.intro')}</Text>
      {ended !== undefined && (
        <Alert color="green" data-testid="password-changed">
          {t('account.password.done', { count: ended })}
        </Alert>
      )}
      <ChangePasswordForm
        key={round}
        userInputs={[account.email, account.email.split('@')[0] ?? '', account.displayName, account.tenant.name, account.tenant.code]}
        onChanged={(count) => {
          setEnded(count);
          setRound((r) => r + 1);
        }}
      />
    </Stack>
  );
}
