import { Anchor, Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { ListPager } from '../../components/ListPager';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import type { StaffSession } from '../audit/api';
import { NOTICE_STATUSES, useNotices, type NoticeStatus } from './api';
import { NoticeStatusBadges, useServiceNames } from './noticeLabels';
import { windowText } from './noticeTime';

function statusFrom(search: URLSearchParams): NoticeStatus | undefined {
  const value = search.get('status');
  return NOTICE_STATUSES.find((s) => s === value);
}

function pageFrom(search: URLSearchParams): number {
  const page = Number(search.get('page'));
  return Number.isInteger(page) && page > 1 ? page : 1;
}

/** The console's maintenance list: by status (kept in the URL), soonest first, a page at a time. */
export function MaintenanceListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('maintenance.title'));
  const staff = useOutletContext<StaffSession>();
  const [search, setSearch] = useSearchParams();
  const status = statusFrom(search);
  const page = pageFrom(search);
  const notices = useNotices({ ...(status ? { status } : {}), page });
  const serviceNames = useServiceNames();
  const canWrite = staff.permissions.includes('ops:tenants:write');

  const show = (next: { status?: NoticeStatus; page?: number }) => {
    const params = new URLSearchParams();
    if (next.status) params.set('status', next.status);
    if (next.page && next.page > 1) params.set('page', String(next.page));
    setSearch(params);
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('maintenance.title')}</Title>
        {canWrite && (
          <Button component={Link} to="/ops/maintenance/new" data-testid="maintenance-new">
            {t('maintenance.new')}
          </Button>
        )}
      </Group>
      {notices.data && <Text size="sm">{t('maintenance.intro', { days: notices.data.leadDays })}</Text>}
      <SegmentedControl
        aria-label={t('maintenance.status.label')}
        value={status ?? 'all'}
        onChange={(value) => show({ status: NOTICE_STATUSES.find((s) => s === value) })}
        data={[{ value: 'all', label: t('maintenance.status.all') }, ...NOTICE_STATUSES.map((s) => ({ value: s, label: t(`maintenance.status.${s}`) }))]}
        data-testid="maintenance-status-filter"
        w="fit-content"
      />
      {notices.isPending ? (
        <LoadingState />
      ) : notices.isError ? (
        <ErrorAlert error={notices.error} onRetry={() => void notices.refetch()} />
      ) : notices.data.total === 0 ? (
        <Text c="dimmed" data-testid="maintenance-empty">
          {status ? t('maintenance.list.emptyFiltered') : t('maintenance.list.emptyAll')}
        </Text>
      ) : (
        <Stack>
          <Text size="sm">{t('maintenance.list.total', { count: notices.data.total })}</Text>
          <Table.ScrollContainer minWidth={820}>
            <Table striped verticalSpacing="xs" data-testid="maintenance-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('maintenance.list.window')}</Table.Th>
                  <Table.Th scope="col">{t('maintenance.list.services')}</Table.Th>
                  <Table.Th scope="col">{t('maintenance.list.description')}</Table.Th>
                  <Table.Th scope="col">{t('maintenance.list.tenants')}</Table.Th>
                  <Table.Th scope="col">{t('maintenance.list.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {notices.data.notices.map((notice) => (
                  <Table.Tr key={notice.id} data-testid="maintenance-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/ops/maintenance/${notice.id}`} size="sm">
                        {windowText(notice.startsAt, notice.endsAt, lang)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{serviceNames(notice.services)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2}>
                        {notice.description[lang]}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t('maintenance.list.tenantCount', { count: notice.affectedTenants })}</Table.Td>
                    <Table.Td>
                      <NoticeStatusBadges status={notice.status} urgent={notice.urgent} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListPager pages={Math.ceil(notices.data.total / notices.data.pageSize)} page={notices.data.page} onChange={(next) => show({ ...(status ? { status } : {}), page: next })} />
        </Stack>
      )}
    </Stack>
  );
}
