import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useOutletContext, useParams } from 'react-router';
import { isApiStatus } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { useServices } from '../../data/services';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import type { StaffSession } from '../audit/api';
import { useTenant, type TenantDetail } from './api';
import { TenantStatusBadge } from './badges';
import { ContactsSection } from './ContactsSection';
import { ContractsSection } from './ContractsSection';
import { MfaSection } from './MfaSection';
import { serviceName } from './serviceNames';
import { SurveyUsersSection } from './SurveyUsersSection';
import { SuspensionSection } from './SuspensionSection';
import { formatDay } from './tenantFilters';

/** What the console may do on this page, from the staff member's permissions. */
export interface TenantPermissions {
  write: boolean;
  manageSurvey: boolean;
  manageSecurity: boolean;
}

/** Counts of users per service and the tenant's purge date; no names (staff see none without break-glass). */
function OverviewSection({ tenant }: { tenant: TenantDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const services = useServices();
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('opsTenants.overview.title')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <div>
            <Text size="sm" c="dimmed">
              {t('opsTenants.fields.status')}
            </Text>
            <TenantStatusBadge status={tenant.status} />
          </div>
          <div>
            <Text size="sm" c="dimmed">
              {t('opsTenants.fields.purgeOn')}
            </Text>
            <Text fw={500} data-testid="tenant-purge-on">
              {tenant.purgeOn ? formatDay(tenant.purgeOn) : t('opsTenants.overview.noPurge')}
            </Text>
          </div>
          <div>
            <Text size="sm" c="dimmed">
              {t('opsTenants.overview.users')}
            </Text>
            <Text fw={500}>{t('opsTenants.overview.usersTotal', { count: tenant.users.total })}</Text>
          </div>
        </SimpleGrid>
        {tenant.users.byService.length > 0 && (
          <Table withTableBorder={false} verticalSpacing={4} data-testid="tenant-user-counts">
            <Table.Caption>{t('opsTenants.overview.countsCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('opsTenants.fields.service')}</Table.Th>
                <Table.Th scope="col">{t('opsTenants.overview.userCount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tenant.users.byService.map((row) => (
                <Table.Tr key={row.service}>
                  <Table.Td>{serviceName(services.data, row.service, lang)}</Table.Td>
                  <Table.Td>{t('opsTenants.overview.usersTotal', { count: row.users })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Text size="xs" c="dimmed">
          {t('opsTenants.overview.privacy')}
        </Text>
        {tenant.status === 'suspended' && tenant.suspendedAt && (
          <Text size="sm" c="red.9">
            {t('opsTenants.suspension.since', { date: formatDateTime(tenant.suspendedAt, lang) })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** One tenant in the operator console: overview, contacts, contracts, suspension, MFA and survey users. */
export function TenantDetailPage() {
  const { t } = useTranslation();
  const { tenantId = '' } = useParams();
  const staff = useOutletContext<StaffSession>();
  const location = useLocation();
  const tenant = useTenant(tenantId);
  const [notice, setNotice] = useState<string | undefined>(() => (location.state as { notice?: string } | null)?.notice);
  usePageTitle(tenant.data ? `${tenant.data.name} (${tenant.data.code})` : t('opsTenants.detail.title'));
  useEffect(() => {
    if (notice) window.scrollTo({ top: 0 });
  }, [notice]);

  const permissions: TenantPermissions = {
    write: staff.permissions.includes('ops:tenants:write'),
    manageSurvey: staff.permissions.includes('ops:survey_members:manage'),
    manageSecurity: staff.permissions.includes('ops:tenant_security:manage'),
  };

  if (tenant.isPending) return <LoadingState />;
  if (tenant.isError) {
    if (isApiStatus(tenant.error, 404) || isApiStatus(tenant.error, 400)) {
      return (
        <Stack align="flex-start">
          <Title order={1}>{t('opsTenants.detail.notFoundTitle')}</Title>
          <Text>{t('opsTenants.detail.notFoundBody')}</Text>
          <Anchor component={Link} to="/ops/tenants">
            {t('opsTenants.backToList')}
          </Anchor>
        </Stack>
      );
    }
    return <ErrorAlert error={tenant.error} onRetry={() => void tenant.refetch()} />;
  }
  const data = tenant.data;
  // Nothing of a purged tenant can change any more; its page only shows what was.
  const purged = data.status === 'purged';
  const surveyRunning = data.contracts.some((c) => c.service === 'survey' && (c.state === 'active' || c.state === 'ending'));

  return (
    <Stack>
      <Anchor component={Link} to="/ops/tenants" size="sm">
        {t('opsTenants.backToList')}
      </Anchor>
      <Group gap="sm" align="center">
        <Title order={1}>{data.name}</Title>
        <Text c="dimmed" fw={500} data-testid="tenant-code">
          {data.code}
        </Text>
      </Group>
      {notice && (
        <Alert color="teal" variant="light" withCloseButton closeButtonLabel={t('opsTenants.close')} onClose={() => setNotice(undefined)} data-testid="tenant-notice">
          {notice}
        </Alert>
      )}
      <OverviewSection tenant={data} />
      <ContactsSection tenant={data} canWrite={permissions.write && !purged} notify={setNotice} />
      <ContractsSection tenant={data} canWrite={permissions.write && !purged} notify={setNotice} />
      {permissions.manageSurvey && !purged && <SurveyUsersSection tenant={data} running={surveyRunning} notify={setNotice} />}
      <MfaSection tenant={data} canManage={permissions.manageSecurity && !purged} notify={setNotice} />
      {!purged && <SuspensionSection tenant={data} canWrite={permissions.write} notify={setNotice} />}
    </Stack>
  );
}
