import { Anchor, Badge, Button, Card, Checkbox, EmptyState, Group, Modal, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext } from 'react-router';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import type { StaffSession } from '../audit/api';
import { useCapacity, useSampleNow, useSetThreshold, type CapacityDashboard, type CapacityThreshold } from './capacityApi';
import { formatBytes, formatCapacity, inputToLimit, limitToInput } from './capacityFormat';

/** One current figure as a small card. */
function Figure({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
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

function CurrentFigures({ data }: { data: CapacityDashboard }) {
  const { t } = useTranslation();
  const lang = useLang();
  const c = data.current;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
      <Figure testId="figure-db" label={t('opsMonitor.capacity.figures.db')} value={formatCapacity('bytes', c.dbSizeBytes, lang)} />
      <Figure
        testId="figure-disk"
        label={t('opsMonitor.capacity.figures.disk')}
        value={formatCapacity('percent', c.diskUsedPercent, lang)}
        {...(c.diskFreeBytes !== null && c.diskTotalBytes !== null
          ? { detail: t('opsMonitor.capacity.figures.diskDetail', { free: formatBytes(c.diskFreeBytes, lang), total: formatBytes(c.diskTotalBytes, lang) }) }
          : {})}
      />
      <Figure
        testId="figure-requests"
        label={t('opsMonitor.capacity.figures.requests')}
        value={c.requestsPerMinute === null ? '—' : t('opsMonitor.capacity.figures.perMinute', { value: formatCapacity('count', c.requestsPerMinute, lang) })}
        detail={t('opsMonitor.capacity.figures.errorRate', { value: formatCapacity('percent', c.errorRatePercent, lang) })}
      />
      <Figure
        testId="figure-jobs"
        label={t('opsMonitor.capacity.figures.jobs')}
        value={t('opsMonitor.capacity.figures.jobsQueued', { count: c.jobsQueued })}
        detail={t('opsMonitor.capacity.figures.jobsDetail', { running: c.jobsRunning, failed: c.jobsFailed })}
      />
      <Figure testId="figure-lag" label={t('opsMonitor.capacity.figures.lag')} value={formatCapacity('ms', c.eventLoopLagMs, lang)} />
      <Figure
        testId="figure-memory"
        label={t('opsMonitor.capacity.figures.memory')}
        value={formatBytes(c.memoryRssBytes, lang)}
        detail={t('opsMonitor.capacity.figures.heap', { value: formatBytes(c.heapUsedBytes, lang) })}
      />
    </SimpleGrid>
  );
}

/** Changes a threshold's value (gigabytes for sizes) or switches it off. */
function ThresholdModal({ threshold, onClose }: { threshold: CapacityThreshold; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const set = useSetThreshold();
  const [text, setText] = useState(limitToInput(threshold.unit, threshold.limit));
  const [enabled, setEnabled] = useState(threshold.enabled);
  const [error, setError] = useState<string | undefined>();
  const name = t(`opsMonitor.capacity.metric.${threshold.metric}`);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const limit = inputToLimit(threshold.unit, text);
    if (limit === null) {
      setError(t('opsMonitor.capacity.thresholds.invalid'));
      return;
    }
    set.mutate(
      { metric: threshold.metric, limit, enabled },
      {
        onSuccess: onClose,
        onError: (e) => setError(e instanceof ApiError ? e.fields.limit : undefined),
      },
    );
  };

  return (
    <Modal.Root opened onClose={onClose} centered>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={700}>{t('opsMonitor.capacity.thresholds.editTitle', { name })}</Modal.Title>
          <Modal.CloseButton aria-label={t('opsMonitor.capacity.close')} />
        </Modal.Header>
        <Modal.Body>
          <form onSubmit={submit} noValidate>
            <Stack>
              {set.isError && <ErrorAlert error={set.error} fieldsShownInline={['limit']} />}
              <TextInput
                label={t('opsMonitor.capacity.thresholds.limitIn', { unit: t(`opsMonitor.capacity.unit.${threshold.unit}`) })}
                description={t('opsMonitor.capacity.thresholds.defaultIs', { value: formatCapacity(threshold.unit, threshold.defaultLimit, lang) })}
                inputMode="decimal"
                value={text}
                error={error}
                onChange={(event) => {
                  setText(event.currentTarget.value);
                  setError(undefined);
                }}
                data-testid="threshold-limit"
              />
              <Checkbox label={t('opsMonitor.capacity.thresholds.enabled')} checked={enabled} onChange={(event) => setEnabled(event.currentTarget.checked)} data-testid="threshold-enabled" />
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose}>
                  {t('opsMonitor.capacity.cancel')}
                </Button>
                <Button type="submit" loading={set.isPending} data-testid="threshold-submit">
                  {t('opsMonitor.capacity.thresholds.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}

function ThresholdTable({ data, canWrite }: { data: CapacityDashboard; canWrite: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [editing, setEditing] = useState<CapacityThreshold | null>(null);
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" data-testid="threshold-table">
          <Table.Caption>{t('opsMonitor.capacity.thresholds.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('opsMonitor.capacity.thresholds.metric')}</Table.Th>
              <Table.Th scope="col">{t('opsMonitor.capacity.thresholds.value')}</Table.Th>
              <Table.Th scope="col">{t('opsMonitor.capacity.thresholds.limit')}</Table.Th>
              <Table.Th scope="col">{t('opsMonitor.capacity.thresholds.state')}</Table.Th>
              {canWrite && <Table.Th scope="col">{t('opsMonitor.capacity.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.thresholds.map((threshold) => {
              const name = t(`opsMonitor.capacity.metric.${threshold.metric}`);
              return (
                <Table.Tr key={threshold.metric} data-testid={`threshold-row-${threshold.metric}`}>
                  <Table.Td fw={500}>{name}</Table.Td>
                  <Table.Td>{formatCapacity(threshold.unit, threshold.value, lang)}</Table.Td>
                  <Table.Td>
                    {formatCapacity(threshold.unit, threshold.limit, lang)}
                    {threshold.customized && (
                      <Text size="xs" c="dimmed">
                        {t('opsMonitor.capacity.thresholds.changed')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!threshold.enabled ? (
                      <Badge variant="outline" color="gray.8">
                        {t('opsMonitor.capacity.thresholds.off')}
                      </Badge>
                    ) : threshold.breached ? (
                      <Badge variant="outline" color="red.9">
                        {t('opsMonitor.capacity.thresholds.breached')}
                      </Badge>
                    ) : (
                      <Badge variant="outline" color="teal.9">
                        {t('opsMonitor.capacity.thresholds.ok')}
                      </Badge>
                    )}
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Button size="compact-sm" variant="light" onClick={() => setEditing(threshold)} aria-label={t('opsMonitor.capacity.thresholds.editFor', { name })} data-testid={`threshold-edit-${threshold.metric}`}>
                        {t('opsMonitor.capacity.thresholds.edit')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing && <ThresholdModal threshold={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function AlertList({ data }: { data: CapacityDashboard }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (data.alerts.length === 0) return <Text size="sm" data-testid="capacity-alerts-empty">{t('opsMonitor.capacity.alerts.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" data-testid="capacity-alerts">
        <Table.Caption>{t('opsMonitor.capacity.alerts.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('opsMonitor.capacity.alerts.summary')}</Table.Th>
            <Table.Th scope="col">{t('opsMonitor.capacity.alerts.openedAt')}</Table.Th>
            <Table.Th scope="col">{t('opsMonitor.capacity.alerts.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.alerts.map((alert) => (
            <Table.Tr key={alert.id}>
              <Table.Td>{alert.summary[lang]}</Table.Td>
              <Table.Td>{formatDateTime(alert.openedAt, lang)}</Table.Td>
              <Table.Td>
                {alert.resolvedAt ? (
                  t('opsMonitor.capacity.alerts.resolvedAt', { date: formatDateTime(alert.resolvedAt, lang) })
                ) : (
                  <Badge variant="outline" color="red.9">
                    {t('opsMonitor.capacity.alerts.open')}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function TenantStorage({ data }: { data: CapacityDashboard }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (data.tenants.length === 0) return <EmptyState title={t('opsMonitor.capacity.tenants.emptyTitle')} description={t('opsMonitor.capacity.tenants.emptyBody')} />;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="xs" data-testid="capacity-tenants">
        <Table.Caption>{t('opsMonitor.capacity.tenants.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('opsMonitor.capacity.tenants.tenant')}</Table.Th>
            <Table.Th scope="col">{t('opsMonitor.capacity.tenants.database')}</Table.Th>
            <Table.Th scope="col">{t('opsMonitor.capacity.tenants.files')}</Table.Th>
            <Table.Th scope="col">{t('opsMonitor.capacity.tenants.total')}</Table.Th>
            <Table.Th scope="col">{t('opsMonitor.capacity.tenants.measuredAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.tenants.map((tenant) => (
            <Table.Tr key={tenant.id}>
              <Table.Td>
                <Anchor component={Link} to={`/ops/tenants/${tenant.id}`}>
                  {tenant.code}
                </Anchor>{' '}
                {tenant.name}
              </Table.Td>
              <Table.Td>{formatBytes(tenant.dbBytes, lang)}</Table.Td>
              <Table.Td>{tenant.fileBytes === null ? t('opsMonitor.capacity.tenants.filesUnknown') : formatBytes(tenant.fileBytes, lang)}</Table.Td>
              <Table.Td fw={500}>{formatBytes(tenant.totalBytes, lang)}</Table.Td>
              <Table.Td>{formatDateTime(tenant.measuredAt, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** How many samples the history table shows (one per minute). */
const HISTORY_ROWS = 30;

function History({ data }: { data: CapacityDashboard }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (data.history.length === 0) return <Text size="sm">{t('opsMonitor.capacity.history.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped verticalSpacing={4} data-testid="capacity-history">
        <Table.Caption>{t('opsMonitor.capacity.history.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('opsMonitor.capacity.history.at')}</Table.Th>
            <Table.Th scope="col">{t('opsMonitor.capacity.figures.db')}</Table.Th>
            <Table.Th scope="col">{t('opsMonitor.capacity.figures.disk')}</Table.Th>
            <Table.Th scope="col">{t('opsMonitor.capacity.history.requests')}</Table.Th>
            <Table.Th scope="col">{t('opsMonitor.capacity.history.errors')}</Table.Th>
            <Table.Th scope="col">{t('opsMonitor.capacity.history.queued')}</Table.Th>
            <Table.Th scope="col">{t('opsMonitor.capacity.figures.lag')}</Table.Th>
            <Table.Th scope="col">{t('opsMonitor.capacity.figures.memory')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.history.slice(0, HISTORY_ROWS).map((sample) => (
            <Table.Tr key={`${sample.sampledAt}-${sample.node}`}>
              <Table.Td>{formatDateTime(sample.sampledAt, lang)}</Table.Td>
              <Table.Td>{formatCapacity('bytes', sample.metrics.dbSizeBytes, lang)}</Table.Td>
              <Table.Td>{formatCapacity('percent', sample.metrics.diskUsedPercent, lang)}</Table.Td>
              <Table.Td>{formatCapacity('count', sample.metrics.requestsPerMinute, lang)}</Table.Td>
              <Table.Td>{formatCapacity('percent', sample.metrics.errorRatePercent, lang)}</Table.Td>
              <Table.Td>{formatCapacity('count', sample.metrics.jobsQueued, lang)}</Table.Td>
              <Table.Td>{formatCapacity('ms', sample.metrics.eventLoopLagMs, lang)}</Table.Td>
              <Table.Td>{formatCapacity('bytes', sample.metrics.memoryRssBytes, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The capacity dashboard (12.1.3, CLD.12.4.5): figures, thresholds, alerts, storage per tenant, history. */
export function CapacityPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('opsMonitor.capacity.title'));
  const staff = useOutletContext<StaffSession>();
  const capacity = useCapacity();
  const sample = useSampleNow();
  const canWrite = staff.permissions.includes('ops:tenants:write');

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('opsMonitor.capacity.title')}</Title>
        {canWrite && (
          <Button variant="default" onClick={() => sample.mutate()} loading={sample.isPending} data-testid="capacity-sample">
            {t('opsMonitor.capacity.sampleNow')}
          </Button>
        )}
      </Group>
      <Text size="sm">{t('opsMonitor.capacity.intro')}</Text>
      {sample.isError && <ErrorAlert error={sample.error} />}
      {capacity.isPending ? (
        <LoadingState />
      ) : capacity.isError ? (
        <ErrorAlert error={capacity.error} onRetry={() => void capacity.refetch()} />
      ) : (
        <>
          <Text size="xs" c="dimmed" data-testid="capacity-measured-at">
            {t('opsMonitor.capacity.measuredAt', { date: formatDateTime(capacity.data.measuredAt, lang, { withZone: true }), node: capacity.data.node })}
          </Text>
          <CurrentFigures data={capacity.data} />
          <Title order={2} size="h3">
            {t('opsMonitor.capacity.alerts.title')}
          </Title>
          <AlertList data={capacity.data} />
          <Title order={2} size="h3">
            {t('opsMonitor.capacity.thresholds.title')}
          </Title>
          <Text size="sm">{t('opsMonitor.capacity.thresholds.intro')}</Text>
          <ThresholdTable data={capacity.data} canWrite={canWrite} />
          <Title order={2} size="h3">
            {t('opsMonitor.capacity.tenants.title')}
          </Title>
          <Text size="sm">{t('opsMonitor.capacity.tenants.intro')}</Text>
          <TenantStorage data={capacity.data} />
          <Title order={2} size="h3">
            {t('opsMonitor.capacity.history.title')}
          </Title>
          <History data={capacity.data} />
        </>
      )}
    </Stack>
  );
}
