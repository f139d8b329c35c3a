import { Anchor, Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { ListPager } from '../../components/ListPager';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import type { StaffSession } from '../audit/api';
import { LIST_STATUSES, useIncidents, type ListStatus } from './api';
import { CountdownText, IncidentStatusBadge, NotificationBadge, SeverityBadge } from './incidentLabels';
import { useServerNow } from './incidentTime';

function statusFrom(search: URLSearchParams): ListStatus {
  return LIST_STATUSES.find((s) => s === search.get('status')) ?? 'open';
}

function pageFrom(search: URLSearchParams): number {
  const page = Number(search.get('page'));
  return Number.isInteger(page) && page > 1 ? page : 1;
}

/**
 * The console's incident list: open incidents first by default (the filter is kept in the
 * URL), each with its deadline in JST, a countdown while notices are unsent, and where the
 * notices stand (期限内 / 期限超過).
 */
export function IncidentListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('incidents.title'));
  const staff = useOutletContext<StaffSession>();
  const [search, setSearch] = useSearchParams();
  const status = statusFrom(search);
  const page = pageFrom(search);
  const incidents = useIncidents({ status, page });
  const now = useServerNow(incidents.data?.now);
  const canWrite = staff.permissions.includes('ops:incidents:manage');

  const show = (next: { status: ListStatus; page?: number }) => {
    const params = new URLSearchParams();
    if (next.status !== 'open') params.set('status', next.status);
    if (next.page && next.page > 1) params.set('page', String(next.page));
    setSearch(params);
  };

  const pages = incidents.data ? Math.max(1, Math.ceil(incidents.data.total / incidents.data.pageSize)) : 1;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('incidents.title')}</Title>
        {canWrite && (
          <Button component={Link} to="/ops/incidents/new" data-testid="incident-new">
            {t('incidents.new')}
          </Button>
        )}
      </Group>
      <Text size="sm">{t('incidents.intro')}</Text>
      {!canWrite && (
        <Text size="sm" c="dimmed">
          {t('incidents.readOnly')}
        </Text>
      )}
      <SegmentedControl
        aria-label={t('incidents.listStatus.label')}
        value={status}
        onChange={(value) => show({ status: LIST_STATUSES.find((s) => s === value) ?? 'open' })}
        data={LIST_STATUSES.map((s) => ({ value: s, label: t(`incidents.listStatus.${s}`) }))}
        data-testid="incident-status-filter"
        w="fit-content"
      />
      {incidents.isPending ? (
        <LoadingState />
      ) : incidents.isError ? (
        <ErrorAlert error={incidents.error} onRetry={() => void incidents.refetch()} />
      ) : incidents.data.total === 0 ? (
        <Text c="dimmed" data-testid="incident-empty">
          {t(status === 'open' ? 'incidents.list.emptyOpen' : status === 'closed' ? 'incidents.list.emptyClosed' : 'incidents.list.emptyAll')}
        </Text>
      ) : (
        <Stack>
          <Text size="sm">{t('incidents.list.total', { count: incidents.data.total })}</Text>
          <Table.ScrollContainer minWidth={900}>
            <Table striped verticalSpacing="xs" data-testid="incident-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('incidents.list.titleColumn')}</Table.Th>
                  <Table.Th scope="col">{t('incidents.severity.label')}</Table.Th>
                  <Table.Th scope="col">{t('incidents.list.occurred')}</Table.Th>
                  <Table.Th scope="col">{t('incidents.list.deadline')}</Table.Th>
                  <Table.Th scope="col">{t('incidents.list.countdown')}</Table.Th>
                  <Table.Th scope="col">{t('incidents.list.notifications')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {incidents.data.incidents.map((incident) => (
                  <Table.Tr key={incident.id} data-testid="incident-row">
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        <Anchor component={Link} to={`/ops/incidents/${incident.id}`} fw={700}>
                          {incident.title}
                        </Anchor>
                        <IncidentStatusBadge status={incident.status} />
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <SeverityBadge severity={incident.severity} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(incident.occurredAt, lang)}</Text>
                      <Text size="xs" c="dimmed">
                        {t('incidents.list.confirmedLine', { date: formatDateTime(incident.confirmedAt, lang) })}
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatDateTime(incident.deadline, lang, { withZone: true })}</Table.Td>
                    <Table.Td>{incident.notifications.unsent > 0 ? <CountdownText deadline={incident.deadline} now={now} /> : '—'}</Table.Td>
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        <NotificationBadge status={incident.notifications.status} />
                        <Text size="xs">{t('incidents.list.notifiedCount', { notified: incident.notifications.notified, total: incident.notifications.total })}</Text>
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListPager pages={pages} page={page} onChange={(next) => show({ status, page: next })} />
        </Stack>
      )}
    </Stack>
  );
}
