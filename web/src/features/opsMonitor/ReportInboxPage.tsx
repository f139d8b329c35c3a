import { Alert, Anchor, EmptyState, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { ListPager } from '../../components/ListPager';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiStatus } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import classes from './reports.module.css';
import { ReportStatusBadge } from './ReportStatusBadge';
import { REPORT_STATUSES, useReportInbox, type ReportStatus } from './reportsApi';

function statusFrom(value: string | null): ReportStatus | null {
  return (REPORT_STATUSES as readonly string[]).includes(value ?? '') ? (value as ReportStatus) : null;
}

/** `/ops/reports`: the security-report inbox, newest first; the status filter and page live in the URL. */
export function ReportInboxPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('opsMonitor.reports.inbox.title'));
  const [search, setSearch] = useSearchParams();
  const status = statusFrom(search.get('status'));
  const page = Math.max(1, Number(search.get('page')) || 1);
  const inbox = useReportInbox(status, page);
  const go = (next: { status?: ReportStatus | null; page?: number }) => {
    const params = new URLSearchParams();
    const nextStatus = next.status === undefined ? status : next.status;
    if (nextStatus) params.set('status', nextStatus);
    if ((next.page ?? 1) > 1) params.set('page', String(next.page));
    setSearch(params);
  };

  if (inbox.isPending) return <LoadingState />;
  if (isApiStatus(inbox.error, 403)) {
    return (
      <Alert color="yellow" title={t('opsMonitor.reports.forbiddenTitle')}>
        {t('opsMonitor.reports.forbiddenBody')}
      </Alert>
    );
  }
  if (inbox.isError) return <ErrorAlert error={inbox.error} onRetry={() => void inbox.refetch()} />;
  const data = inbox.data;
  const all = REPORT_STATUSES.reduce((sum, s) => sum + data.counts[s], 0);
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));

  return (
    <Stack>
      <div>
        <Title order={1}>{t('opsMonitor.reports.inbox.title')}</Title>
        <Text c="dimmed">{t('opsMonitor.reports.inbox.intro')}</Text>
      </div>
      <SegmentedControl
        aria-label={t('opsMonitor.reports.inbox.filter')}
        value={status ?? 'all'}
        onChange={(value) => go({ status: statusFrom(value), page: 1 })}
        data={[
          { value: 'all', label: t('opsMonitor.reports.inbox.all', { count: all }) },
          ...REPORT_STATUSES.map((s) => ({ value: s, label: `${t(`opsMonitor.reports.status.${s}`)} (${data.counts[s]})` })),
        ]}
        data-testid="report-filter"
      />
      {data.reports.length === 0 ? (
        <EmptyState title={t('opsMonitor.reports.inbox.emptyTitle')} description={t('opsMonitor.reports.inbox.emptyBody')} data-testid="report-empty" />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover verticalSpacing="sm" data-testid="report-table">
            <Table.Caption>{t('opsMonitor.reports.inbox.caption', { count: data.total })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('opsMonitor.reports.reference')}</Table.Th>
                <Table.Th scope="col">{t('opsMonitor.reports.subject')}</Table.Th>
                <Table.Th scope="col">{t('opsMonitor.reports.statusLabel')}</Table.Th>
                <Table.Th scope="col">{t('opsMonitor.reports.assignee')}</Table.Th>
                <Table.Th scope="col">{t('opsMonitor.reports.receivedAt')}</Table.Th>
                <Table.Th scope="col">{t('opsMonitor.reports.notes')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.reports.map((r) => (
                <Table.Tr key={r.id} data-testid={`report-row-${r.reference}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/ops/reports/${r.id}`} ff="monospace" data-testid="report-open">
                      {r.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td className={classes.preWrap}>{r.subject}</Table.Td>
                  <Table.Td>
                    <ReportStatusBadge status={r.status} />
                  </Table.Td>
                  <Table.Td>{r.assignee?.displayName ?? t('opsMonitor.reports.unassigned')}</Table.Td>
                  <Table.Td>{formatDateTime(r.receivedAt, lang)}</Table.Td>
                  <Table.Td>{r.notes}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ListPager pages={pages} page={data.page} onChange={(p) => go({ page: p })} />
    </Stack>
  );
}
