import { Alert, Badge, Button, Card, Group, List, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiStatus } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import { downloadUrl, formatBytes, isActive, useExports, useStartExport, type DataExport, type ExportStatus } from './api';

// Dark shades: readable (WCAG AA) as outline badges on white and on striped rows.
const STATUS_COLORS: Record<ExportStatus, string> = { queued: 'gray.8', running: 'blue.9', ready: 'teal.9', failed: 'red.9', expired: 'gray.8' };

export function ExportStatusBadge({ status }: { status: ExportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="outline" data-testid="export-status">
      {t(`lifecycle.export.status.${status}`)}
    </Badge>
  );
}

function percent(e: DataExport): number {
  if (e.status === 'ready') return 100;
  if (e.rowsTotal <= 0) return 0;
  return Math.min(99, Math.floor((e.rowsDone / e.rowsTotal) * 100));
}

/**
 * The export started or seen running on this page: a progress bar with rows done out of the
 * estimate while it is built, then 100% with the download, or what went wrong.
 */
function ExportProgressCard({ item }: { item: DataExport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const pct = percent(item);
  const numbers = (n: number) => n.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US');
  const heading =
    item.status === 'queued' ? 'queued' : item.status === 'running' ? 'running' : item.status === 'ready' ? 'ready' : item.status === 'failed' ? 'failed' : 'expired';
  return (
    <Card withBorder data-testid="export-active" data-status={item.status}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={700} role="status">
            {t(`lifecycle.export.active.${heading}`)}
          </Text>
          <Text size="sm" data-testid="export-percent">
            {pct}%
          </Text>
        </Group>
        <Progress.Root size="xl">
          <Progress.Section
            value={pct}
            animated={isActive(item.status)}
            color={item.status === 'failed' ? 'red' : item.status === 'ready' ? 'green' : undefined}
            aria-label={t('lifecycle.export.active.progressLabel')}
            data-testid="export-progress"
          />
        </Progress.Root>
        <Text size="sm" c="dimmed">
          {t('lifecycle.export.active.rows', { done: numbers(item.rowsDone), total: numbers(item.rowsTotal) })}
          {item.filesDone > 0 && ` ${t('lifecycle.export.active.files', { count: item.filesDone })}`}
        </Text>
        {isActive(item.status) && (
          <Text size="xs" c="dimmed">
            {t('lifecycle.export.active.leave')}
          </Text>
        )}
        {item.downloadable && (
          <Group>
            <Button component="a" href={downloadUrl(item.id)} download data-testid="export-download-latest">
              {t('lifecycle.export.table.download')}
            </Button>
            {item.expiresAt && (
              <Text size="sm">{t('lifecycle.export.active.until', { date: formatDateTime(item.expiresAt, lang, { withZone: true }) })}</Text>
            )}
          </Group>
        )}
        {item.status === 'failed' && <Text size="sm">{t('lifecycle.export.table.failedHint')}</Text>}
      </Stack>
    </Card>
  );
}

function ExportRow({ item }: { item: DataExport }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table.Tr data-testid="export-row">
      <Table.Td>{formatDateTime(item.createdAt, lang)}</Table.Td>
      <Table.Td>{item.requestedByName}</Table.Td>
      <Table.Td>
        <ExportStatusBadge status={item.status} />
      </Table.Td>
      <Table.Td>
        {item.status === 'ready' || item.status === 'expired'
          ? t('lifecycle.export.table.size', { rows: item.rowsDone.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US'), size: item.bytes === null ? '—' : formatBytes(item.bytes, lang) })
          : '—'}
      </Table.Td>
      <Table.Td>{item.expiresAt ? formatDateTime(item.expiresAt, lang, { withZone: true }) : '—'}</Table.Td>
      <Table.Td>
        {item.downloadable ? (
          <Button component="a" href={downloadUrl(item.id)} download size="xs" data-testid="export-download">
            {t('lifecycle.export.table.download')}
          </Button>
        ) : item.status === 'failed' ? (
          <Text size="xs">{t('lifecycle.export.table.failedHint')}</Text>
        ) : item.status === 'expired' ? (
          <Text size="xs">{t('lifecycle.export.table.expiredHint')}</Text>
        ) : (
          '—'
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The company's data export (CLD.8.1.5) for its admins: what the archive holds, a button to
 * start one, a progress bar while it is built (polled), and the recent exports with their
 * download links until they expire.
 */
export function ExportPage() {
  const { t } = useTranslation();
  usePageTitle(t('lifecycle.export.title'));
  const exports = useExports();
  const start = useStartExport();
  // The export followed on this page stays shown once finished, with its download.
  const [watching, setWatching] = useState<string | null>(null);
  const activeId = exports.data?.find((e) => isActive(e.status))?.id;
  useEffect(() => {
    if (activeId) setWatching(activeId);
  }, [activeId]);

  if (isApiStatus(exports.error, 403)) {
    return (
      <Stack>
        <Title order={1}>{t('lifecycle.export.title')}</Title>
        <Alert color="yellow" title={t('lifecycle.export.forbiddenTitle')} data-testid="export-forbidden">
          {exports.error.message}
        </Alert>
      </Stack>
    );
  }

  const list = exports.data ?? [];
  const active = list.find((e) => isActive(e.status));
  const watched = list.find((e) => e.id === (active?.id ?? watching));
  return (
    <Stack>
      <Title order={1}>{t('lifecycle.export.title')}</Title>
      <Text>{t('lifecycle.export.intro')}</Text>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('lifecycle.export.contents.title')}
        </Title>
        <List size="sm" spacing={4}>
          <List.Item>{t('lifecycle.export.contents.csv')}</List.Item>
          <List.Item>{t('lifecycle.export.contents.xlsx')}</List.Item>
          <List.Item>{t('lifecycle.export.contents.json')}</List.Item>
          <List.Item>{t('lifecycle.export.contents.files')}</List.Item>
          <List.Item>{t('lifecycle.export.contents.readme')}</List.Item>
        </List>
        <Text size="sm" c="dimmed" mt="xs">
          {t('lifecycle.export.contents.excluded')}
        </Text>
      </Card>
      <Alert variant="light" color="blue" title={t('lifecycle.export.afterEndTitle')}>
        {t('lifecycle.export.afterEnd')}
      </Alert>
      {start.isError && <ErrorAlert error={start.error} />}
      <Group>
        <Button onClick={() => start.mutate(undefined, { onSuccess: (created) => setWatching(created.id) })} loading={start.isPending} disabled={Boolean(active) || exports.isPending} data-testid="export-start">
          {t('lifecycle.export.start')}
        </Button>
        <Text size="sm" c="dimmed">
          {t('lifecycle.export.startHint')}
        </Text>
      </Group>
      {watched && <ExportProgressCard item={watched} />}
      <Title order={2} size="h3">
        {t('lifecycle.export.table.title')}
      </Title>
      {exports.isPending ? (
        <LoadingState />
      ) : exports.isError ? (
        <ErrorAlert error={exports.error} onRetry={() => void exports.refetch()} />
      ) : list.length === 0 ? (
        <Text c="dimmed" data-testid="export-empty">
          {t('lifecycle.export.table.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="export-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('lifecycle.export.table.started')}</Table.Th>
                <Table.Th scope="col">{t('lifecycle.export.table.by')}</Table.Th>
                <Table.Th scope="col">{t('lifecycle.export.table.status')}</Table.Th>
                <Table.Th scope="col">{t('lifecycle.export.table.contents')}</Table.Th>
                <Table.Th scope="col">{t('lifecycle.export.table.expires')}</Table.Th>
                <Table.Th scope="col">{t('lifecycle.export.table.action')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((item) => (
                <ExportRow key={item.id} item={item} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
