import { Anchor, Badge, Group, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import { formatCalendarDate, useCertificates, usePendingPurges, type PendingPurge } from './api';

const TABS = ['pending', 'certificates'] as const;
type Tab = (typeof TABS)[number];

function ReminderCell({ tenant }: { tenant: PendingPurge }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Stack gap={2}>
      {[30, 7].map((days) => {
        const sent = tenant.reminders.find((r) => r.daysBefore === days);
        return (
          <Text size="xs" key={days} data-testid={`reminder-${days}`}>
            {sent
              ? t('lifecycle.ops.pending.reminderSent', { days, at: formatDateTime(sent.sentAt, lang) })
              : t('lifecycle.ops.pending.reminderNotSent', { days })}
          </Text>
        );
      })}
    </Stack>
  );
}

function PendingPurges() {
  const { t } = useTranslation();
  const lang = useLang();
  const pending = usePendingPurges();
  if (pending.isPending) return <LoadingState />;
  if (pending.isError) return <ErrorAlert error={pending.error} onRetry={() => void pending.refetch()} />;
  if (pending.data.length === 0) {
    return (
      <Text c="dimmed" data-testid="pending-empty">
        {t('lifecycle.ops.pending.empty')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="xs" data-testid="pending-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('lifecycle.ops.pending.tenant')}</Table.Th>
            <Table.Th scope="col">{t('lifecycle.ops.pending.contractEnd')}</Table.Th>
            <Table.Th scope="col">{t('lifecycle.ops.pending.purgeOn')}</Table.Th>
            <Table.Th scope="col">{t('lifecycle.ops.pending.state')}</Table.Th>
            <Table.Th scope="col">{t('lifecycle.ops.pending.reminders')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pending.data.map((tenant) => (
            <Table.Tr key={tenant.tenantId} data-testid="pending-row">
              <Table.Td>
                <Anchor component={Link} to={`/ops/tenants/${tenant.tenantId}`} fw={700}>
                  {tenant.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {tenant.code}
                </Text>
              </Table.Td>
              <Table.Td>{tenant.contractEndedOn ? formatCalendarDate(tenant.contractEndedOn, lang) : '—'}</Table.Td>
              <Table.Td>
                <Text size="sm">{t('lifecycle.ops.pending.purgeAt', { date: formatCalendarDate(tenant.purgeOn, lang) })}</Text>
              </Table.Td>
              <Table.Td>
                {tenant.purgeInProgress ? (
                  <Badge variant="outline" color="grape.9">{t('lifecycle.ops.pending.inProgress')}</Badge>
                ) : tenant.renewed ? (
                  <Badge variant="outline" color="teal.9">{t('lifecycle.ops.pending.renewed')}</Badge>
                ) : tenant.daysLeft > 0 ? (
                  <Badge variant="outline" color={tenant.daysLeft <= 7 ? 'red.9' : 'violet.9'}>{t('lifecycle.ops.pending.daysLeft', { count: tenant.daysLeft })}</Badge>
                ) : (
                  <Badge variant="outline" color="red.9">{t('lifecycle.ops.pending.due')}</Badge>
                )}
              </Table.Td>
              <Table.Td>
                <ReminderCell tenant={tenant} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Certificates() {
  const { t } = useTranslation();
  const lang = useLang();
  const certificates = useCertificates();
  if (certificates.isPending) return <LoadingState />;
  if (certificates.isError) return <ErrorAlert error={certificates.error} onRetry={() => void certificates.refetch()} />;
  if (certificates.data.length === 0) {
    return (
      <Text c="dimmed" data-testid="certificates-empty">
        {t('lifecycle.ops.certificates.empty')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="xs" data-testid="certificates-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('lifecycle.ops.certificates.tenant')}</Table.Th>
            <Table.Th scope="col">{t('lifecycle.ops.certificates.purgeOn')}</Table.Th>
            <Table.Th scope="col">{t('lifecycle.ops.certificates.completed')}</Table.Th>
            <Table.Th scope="col">{t('lifecycle.ops.certificates.deleted')}</Table.Th>
            <Table.Th scope="col">{t('lifecycle.ops.certificates.lastSent')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {certificates.data.map((c) => (
            <Table.Tr key={c.id} data-testid="certificate-row">
              <Table.Td>
                <Anchor component={Link} to={`/ops/lifecycle/certificates/${c.id}`} fw={700}>
                  {c.tenantName}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {c.tenantCode}
                </Text>
              </Table.Td>
              <Table.Td>{formatCalendarDate(c.purgeOn, lang)}</Table.Td>
              <Table.Td>
                {c.completedAt ? formatDateTime(c.completedAt, lang, { withZone: true }) : <Badge variant="outline" color="grape.9">{t('lifecycle.ops.pending.inProgress')}</Badge>}
              </Table.Td>
              <Table.Td>
                {t('lifecycle.ops.certificates.deletedCounts', {
                  rows: c.rowsDeleted.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US'),
                  files: (c.filesDeleted ?? 0).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US'),
                })}
              </Table.Td>
              <Table.Td>{c.lastSentAt ? formatDateTime(c.lastSentAt, lang) : t('lifecycle.ops.certificates.notSent')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * The console's data lifecycle (CLD.8.1.5): tenants whose contracts have ended, with their
 * contract end, purge date (00:00 JST) and the reminders sent; and the deletion certificates.
 * The tab is kept in the URL.
 */
export function LifecyclePage() {
  const { t } = useTranslation();
  usePageTitle(t('lifecycle.ops.title'));
  const [search, setSearch] = useSearchParams();
  const tab: Tab = TABS.find((candidate) => candidate === search.get('tab')) ?? 'pending';
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('lifecycle.ops.title')}</Title>
      </Group>
      <Text size="sm">{t('lifecycle.ops.intro')}</Text>
      <Tabs value={tab} onChange={(value) => setSearch(value === 'certificates' ? { tab: 'certificates' } : {})} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="pending" data-testid="tab-pending">
            {t('lifecycle.ops.pending.title')}
          </Tabs.Tab>
          <Tabs.Tab value="certificates" data-testid="tab-certificates">
            {t('lifecycle.ops.certificates.title')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pending" pt="md">
          <Stack>
            <Text size="sm" c="dimmed">
              {t('lifecycle.ops.pending.intro')}
            </Text>
            <PendingPurges />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="certificates" pt="md">
          <Certificates />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
