import { Alert, Badge, Button, Card, Group, List, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { ListPager } from '../../components/ListPager';
import { useTranslation } from 'react-i18next';
import { useOutletContext, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import type { StaffSession } from '../audit/api';
import { PAGE_SIZE, useBackupNow, useBackupRuns, useBackupStatus, useRestoreDrill, useVerifyBackups, type BackupStatus, type DrillReport, type RunFilter, type VerifyReport, type WalArchiver } from './api';
import { ageParts, formatBytes, formatSeconds } from './backupFormat';

const STATUSES = ['all', 'succeeded', 'failed'] as const;

function useAge() {
  const { t } = useTranslation();
  return (seconds: number | null) => {
    if (seconds === null) return t('backups.figures.unknown');
    const { unit, count } = ageParts(seconds);
    return t(`backups.age.${unit}`, { count });
  };
}

function filterFrom(search: URLSearchParams): RunFilter {
  const status = search.get('status');
  const page = Number(search.get('page') ?? '1');
  return {
    status: (STATUSES as readonly string[]).includes(status ?? '') ? (status as RunFilter['status']) : 'all',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** Whether the newest copy is within the schedule, said in one line with a badge. */
function Health({ status }: { status: BackupStatus }) {
  const { t } = useTranslation();
  const age = useAge();
  let state: 'current' | 'late' | 'none' | 'problem';
  let title: string;
  let detail: string | null = !status.enabled && status.takesSnapshots ? t('backups.health.disabled') : null;
  if (status.wal && status.wal.state !== 'ok') {
    state = 'problem';
    title = t('backups.health.walProblem', { state: t(`backups.wal.state.${status.wal.state}`) });
    detail = status.wal.lastArchivedAt ? t('backups.health.walCurrent', { age: age(status.wal.ageSeconds) }) : t('backups.wal.noneYet');
  } else if (status.wal) {
    state = 'current';
    title = t('backups.health.walCurrent', { age: age(status.wal.ageSeconds) });
  } else if (!status.lastSuccess) {
    state = 'none';
    title = t('backups.health.none');
  } else {
    state = status.current ? 'current' : 'late';
    title = t(status.current ? 'backups.health.current' : 'backups.health.late', { age: age(status.lastSuccessAgeSeconds) });
  }
  return (
    <Alert variant="default" title={title} data-testid="backups-health" data-state={state}>
      <Badge variant="outline" color={state === 'current' ? 'teal.9' : 'red.9'}>
        {state === 'current' ? t('backups.health.badgeCurrent') : t('backups.health.badgeAttention')}
      </Badge>
      {detail && (
        <Text size="sm" mt="xs">
          {detail}
        </Text>
      )}
    </Alert>
  );
}

function Figure({ label, value, detail, testId }: { label: string; value: string; detail?: string | null; testId: string }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
      {detail && (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      )}
    </Card>
  );
}

function Figures({ status }: { status: BackupStatus }) {
  const { t } = useTranslation();
  const lang = useLang();
  const age = useAge();
  const last = status.lastSuccess;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
      <Figure
        testId="figure-last-success"
        label={t('backups.figures.lastSuccess')}
        value={last?.takenAt ? formatDateTime(last.takenAt, lang, { withZone: true }) : t('backups.figures.lastSuccessNone')}
        detail={last ? age(status.lastSuccessAgeSeconds) : null}
      />
      <Figure
        testId="figure-kept"
        label={t('backups.figures.kept')}
        value={t('backups.figures.keptValue', { count: status.kept })}
        detail={status.oldestKeptAt ? t('backups.figures.oldest', { date: formatDateTime(status.oldestKeptAt, lang) }) : null}
      />
      <Figure testId="figure-store" label={t('backups.figures.storeBytes')} value={status.storeBytes === null ? t('backups.figures.unknown') : formatBytes(status.storeBytes, lang)} />
      <Figure
        testId="figure-failures"
        label={t('backups.figures.failures')}
        value={t('backups.figures.failuresValue', { count: status.failuresLast24h })}
        detail={status.lastFailure ? `${t('backups.figures.lastFailure', { date: formatDateTime(status.lastFailure.finishedAt, lang) })} — ${status.lastFailure.error ?? ''}` : null}
      />
    </SimpleGrid>
  );
}

function WalCard({ wal }: { wal: WalArchiver }) {
  const { t } = useTranslation();
  const lang = useLang();
  const age = useAge();
  return (
    <Card withBorder data-testid="wal-card">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('backups.wal.title')}
          </Title>
          <Badge variant="outline" color={wal.state === 'ok' ? 'teal.9' : 'red.9'} data-testid="wal-state">
            {t(`backups.wal.state.${wal.state}`)}
          </Badge>
        </Group>
        <Text size="sm">{t('backups.wal.mode', { mode: wal.archiveMode, timeout: wal.archiveTimeoutSeconds })}</Text>
        <Text size="sm">
          {wal.lastArchivedWal && wal.lastArchivedAt
            ? t('backups.wal.last', { wal: wal.lastArchivedWal, date: formatDateTime(wal.lastArchivedAt, lang, { withZone: true }), age: age(wal.ageSeconds) })
            : t('backups.wal.noneYet')}
        </Text>
        <Text size="sm">{t('backups.wal.failures', { count: wal.failedCount })}</Text>
        {wal.lastFailedWal && wal.lastFailedAt && <Text size="sm">{t('backups.wal.lastFailure', { wal: wal.lastFailedWal, date: formatDateTime(wal.lastFailedAt, lang) })}</Text>}
      </Stack>
    </Card>
  );
}

function VerifyResult({ report }: { report: VerifyReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Alert variant="default" title={report.ok ? t('backups.verify.ok') : t('backups.verify.failed')} data-testid="backups-verify-result" data-ok={String(report.ok)}>
      <Badge variant="outline" color={report.ok ? 'teal.9' : 'red.9'} mb="xs">
        {report.ok ? t('backups.verify.badgeOk') : t('backups.verify.badgeFailed')}
      </Badge>
      <Text size="sm">{t('backups.verify.counts', { backups: report.backups, chunks: report.chunks, bytes: formatBytes(report.bytes, lang) })}</Text>
      {report.problems.length > 0 && (
        <List size="sm" mt="xs">
          {report.problems.map((p) => (
            <List.Item key={`${p.backupId}-${p.message}`}>{t('backups.verify.problem', { backupId: p.backupId, message: p.message })}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

function DrillResult({ report }: { report: DrillReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Alert variant="default" title={report.ok ? t('backups.drill.ok') : t('backups.drill.failed')} data-testid="backups-drill-result" data-ok={String(report.ok)}>
      <Text size="sm">{t('backups.drill.backup', { date: formatDateTime(report.takenAt, lang), id: report.backupId })}</Text>
      <Text size="sm">
        {report.database
          ? t('backups.drill.database', {
              tenants: report.database.tenants,
              users: report.database.users,
              chains: report.database.auditChains,
              entries: report.database.auditEntries,
              audit: report.database.auditOk ? t('backups.drill.auditOk') : t('backups.drill.auditBroken'),
            })
          : t('backups.drill.noDatabase')}
      </Text>
      <Text size="sm">{t('backups.drill.files', { count: report.files.count, bytes: formatBytes(report.files.bytes, lang) })}</Text>
      <Text size="xs" c="dimmed">
        {formatSeconds(report.durationMs, lang)}
      </Text>
      {report.problems.length > 0 && (
        <List size="sm" mt="xs">
          {report.problems.map((p) => (
            <List.Item key={p}>{p}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** Verification, restore drill and the last restore: the evidence that the backups can be used. */
function Checks({ status, canManage, verify }: { status: BackupStatus; canManage: boolean; verify: ReturnType<typeof useVerifyBackups> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const drill = useRestoreDrill();
  const restore = status.lastRestore;
  const noBackups = status.kept === 0;
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      <Card withBorder>
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('backups.verify.title')}
          </Title>
          <Text size="sm">{t('backups.verify.intro')}</Text>
          <Text size="sm" data-testid="backups-last-verify">
            {status.lastVerify
              ? `${t('backups.verify.last', { date: formatDateTime(status.lastVerify.finishedAt, lang), by: status.lastVerify.actorName ?? '—' })} — ${status.lastVerify.ok ? t('backups.verify.ok') : t('backups.verify.failed')}`
              : t('backups.verify.never')}
          </Text>
          <Group>
            <Button onClick={() => verify.mutate(undefined)} loading={verify.isPending} disabled={noBackups} data-testid="backups-verify-all">
              {t('backups.actions.verifyAll')}
            </Button>
          </Group>
          {verify.isError && <ErrorAlert error={verify.error} />}
          {verify.data && <VerifyResult report={verify.data} />}
        </Stack>
      </Card>
      <Card withBorder>
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('backups.drill.title')}
          </Title>
          <Text size="sm">{t('backups.drill.intro')}</Text>
          <Text size="sm" data-testid="backups-last-drill">
            {status.lastDrill
              ? `${t('backups.drill.last', { date: formatDateTime(status.lastDrill.finishedAt, lang), by: status.lastDrill.actorName ?? '—' })} — ${status.lastDrill.ok ? t('backups.drill.ok') : t('backups.drill.failed')}`
              : t('backups.drill.never')}
          </Text>
          {canManage && (
            <Group>
              <Button variant="default" onClick={() => drill.mutate(undefined)} loading={drill.isPending} disabled={noBackups} data-testid="backups-drill">
                {t('backups.actions.drill')}
              </Button>
            </Group>
          )}
          {drill.isError && <ErrorAlert error={drill.error} />}
          {drill.data && <DrillResult report={drill.data} />}
        </Stack>
      </Card>
      <Card withBorder>
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('backups.restore.title')}
          </Title>
          <Text size="sm">{t('backups.intro.restore')}</Text>
          <Text size="sm" data-testid="backups-last-restore">
            {restore
              ? t(restore.backupId ? 'backups.restore.last' : 'backups.restore.lastPitr', {
                  date: formatDateTime(restore.finishedAt, lang),
                  target: restore.targetTime ? formatDateTime(restore.targetTime, lang, { withZone: true }) : '—',
                  id: restore.backupId ?? '',
                })
              : t('backups.restore.never')}
          </Text>
        </Stack>
      </Card>
    </SimpleGrid>
  );
}

function RunsTable({ filter, onFilter, verify }: { filter: RunFilter; onFilter: (next: RunFilter) => void; verify: ReturnType<typeof useVerifyBackups> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const runs = useBackupRuns(filter);
  return (
    <Stack>
      <NativeSelect
        label={t('backups.table.filterLabel')}
        value={filter.status}
        onChange={(event) => onFilter({ status: event.currentTarget.value as RunFilter['status'], page: 1 })}
        data={STATUSES.map((s) => ({ value: s, label: t(`backups.table.filter.${s}`) }))}
        w={220}
        data-testid="backups-filter"
      />
      {runs.isPending ? (
        <LoadingState />
      ) : runs.isError ? (
        <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} />
      ) : runs.data.total === 0 ? (
        <Text c="dimmed" data-testid="backups-empty">
          {filter.status === 'failed' ? t('backups.table.emptyFailed') : t('backups.table.empty')}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={820}>
            <Table striped verticalSpacing="xs" data-testid="backups-table">
              <Table.Caption>{t('backups.table.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('backups.table.takenAt')}</Table.Th>
                  <Table.Th scope="col">{t('backups.table.status')}</Table.Th>
                  <Table.Th scope="col">{t('backups.table.trigger')}</Table.Th>
                  <Table.Th scope="col">{t('backups.table.contents')}</Table.Th>
                  <Table.Th scope="col">{t('backups.table.size')}</Table.Th>
                  <Table.Th scope="col">{t('backups.table.added')}</Table.Th>
                  <Table.Th scope="col">{t('backups.table.duration')}</Table.Th>
                  <Table.Th scope="col">{t('backups.table.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {runs.data.runs.map((run) => {
                  const when = formatDateTime(run.takenAt ?? run.finishedAt, lang);
                  return (
                    <Table.Tr key={run.id} data-testid="backup-row" data-status={run.status}>
                      <Table.Td>
                        {when}
                        <Text size="xs" c="dimmed" ff="monospace">
                          {run.status === 'succeeded' ? run.id : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="outline" color={run.status === 'succeeded' ? 'teal.9' : 'red.9'}>
                          {run.status === 'succeeded' ? t('backups.table.succeeded') : t('backups.table.failedBadge')}
                        </Badge>
                        {run.error && (
                          <Text size="xs" c="red.9">
                            {run.error}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{t(`backups.table.triggers.${run.trigger}`)}</Table.Td>
                      <Table.Td>{run.status === 'succeeded' ? t(run.includesDatabase ? 'backups.table.databaseAndFiles' : 'backups.table.filesOnly', { count: run.fileCount }) : '—'}</Table.Td>
                      <Table.Td>{run.status === 'succeeded' ? formatBytes(run.totalBytes, lang) : '—'}</Table.Td>
                      <Table.Td>{run.status === 'succeeded' ? formatBytes(run.bytesAdded, lang) : '—'}</Table.Td>
                      <Table.Td>{run.status === 'succeeded' ? formatSeconds(run.durationMs, lang) : '—'}</Table.Td>
                      <Table.Td>
                        {run.status === 'succeeded' && (
                          <Button
                            size="compact-sm"
                            variant="light"
                            onClick={() => verify.mutate(run.id)}
                            disabled={verify.isPending}
                            aria-label={t('backups.actions.verifyOneLabel', { date: when })}
                            data-testid="backup-verify-one"
                          >
                            {t('backups.actions.verifyOne')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListPager pages={Math.ceil(runs.data.total / PAGE_SIZE)} page={filter.page} onChange={(page) => onFilter({ ...filter, page })} />
        </>
      )}
    </Stack>
  );
}

/** The console's backup screen (12.3.1): age of the newest backup, failures, checks, and every kept backup. */
export function BackupsPage() {
  const { t } = useTranslation();
  usePageTitle(t('backups.title'));
  const staff = useOutletContext<StaffSession>();
  const canManage = staff.permissions.includes('ops:backups:manage');
  const status = useBackupStatus();
  const verify = useVerifyBackups();
  const now = useBackupNow();
  const [search, setSearch] = useSearchParams();
  const filter = filterFrom(search);
  const setFilter = (next: RunFilter) => {
    const params = new URLSearchParams();
    if (next.status !== 'all') params.set('status', next.status);
    if (next.page > 1) params.set('page', String(next.page));
    setSearch(params);
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('backups.title')}</Title>
        {canManage && status.data?.takesSnapshots && (
          <Button onClick={() => now.mutate(undefined)} loading={now.isPending} data-testid="backup-now">
            {t('backups.actions.backupNow')}
          </Button>
        )}
      </Group>
      {now.isError && <ErrorAlert error={now.error} />}
      {now.isSuccess && (
        <Alert variant="default" data-testid="backup-queued">
          {t('backups.actions.backupQueued')}
        </Alert>
      )}
      {status.isPending ? (
        <LoadingState />
      ) : status.isError ? (
        <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        <>
          <Text size="sm">
            {status.data.mode === 'snapshot'
              ? t('backups.intro.snapshot', { interval: status.data.intervalMinutes, days: status.data.retentionDays })
              : status.data.takesSnapshots
                ? t('backups.intro.wal', { interval: status.data.intervalMinutes, days: status.data.retentionDays })
                : t('backups.intro.walOnly')}
          </Text>
          <Health status={status.data} />
          <Figures status={status.data} />
          {status.data.wal && <WalCard wal={status.data.wal} />}
          <Checks status={status.data} canManage={canManage} verify={verify} />
          {status.data.takesSnapshots && (
            <>
              <Title order={2} size="h3">
                {t('backups.table.title')}
              </Title>
              <RunsTable filter={filter} onFilter={setFilter} verify={verify} />
            </>
          )}
        </>
      )}
    </Stack>
  );
}
