import { Alert, Anchor, Badge, Button, Card, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useCreateRecord, useUpdateRecord, useWorkQueue, useWorkstations, type QueueOperation, type WorkRecord } from './api';
import { RecordForm } from './RecordForm';
import { formatNumber, useEnergyText } from './shared';

const STORAGE_KEY = 'process.records.workstation';

function rememberedWorkstation(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled by browser policy; the choice then lasts for the visit.
    return null;
  }
}

function remember(id: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // See rememberedWorkstation.
  }
}

/** The record of the operation that was started and not finished yet, if any. */
function openRecord(op: QueueOperation): WorkRecord | undefined {
  return op.records.find((r) => r.finishedAt === null);
}

// Dark shades: readable (WCAG AA) as outline badges on white.
const STATUS_COLORS = { pending: 'gray.8', in_progress: 'blue.9', done: 'teal.9' } as const;

/**
 * 実績入力 for a shop-floor tablet: pick the workstation (remembered on this device), then
 * start an operation of the queue with one touch and finish it with quantities, loss
 * reason, energy and lots. Touch targets are at least 44 px; type is large.
 */
export function WorkPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('processRecords.work.title'));
  const workstations = useWorkstations();
  const [workstationId, setWorkstationId] = useState<string | null>(rememberedWorkstation);
  const queue = useWorkQueue(workstationId);
  const create = useCreateRecord();
  const update = useUpdateRecord();
  const [finishing, setFinishing] = useState<QueueOperation | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const energyText = useEnergyText();

  // A remembered workstation that no longer exists is forgotten.
  useEffect(() => {
    if (workstations.data && workstationId !== null && !workstations.data.some((w) => w.id === workstationId)) setWorkstationId(null);
  }, [workstations.data, workstationId]);

  const choose = (id: string) => {
    setWorkstationId(id === '' ? null : id);
    setFinishing(null);
    setNotice(null);
    if (id !== '') remember(id);
  };

  const start = (op: QueueOperation) => {
    setNotice(null);
    create.mutate(
      { operationId: op.id, startedAt: new Date().toISOString(), goodQuantity: 0, scrapQuantity: 0, energy: {}, consumedLots: [] },
      { onSuccess: () => setNotice(t('processRecords.work.startedNotice', { name: op.name, orderNo: op.orderNo })) },
    );
  };

  if (finishing) {
    const open = openRecord(finishing);
    const mutation = open ? update : create;
    return (
      <Stack gap="lg" data-testid="work-finish">
        <Title order={1}>{t('processRecords.work.finishTitle', { name: finishing.name })}</Title>
        <Paper withBorder p="md">
          <Text size="lg" fw={700}>
            {finishing.orderNo} · {finishing.itemName}
          </Text>
          <Text size="lg">{t('processRecords.work.plannedQuantity', { quantity: formatNumber(finishing.quantity, lang) })}</Text>
          {open && <Text size="lg">{t('processRecords.work.startedAt', { time: formatDateTime(open.startedAt, lang) })}</Text>}
        </Paper>
        <RecordForm
          operationId={finishing.id}
          record={open}
          withTimes={false}
          large
          submitLabel={t('processRecords.work.finishSubmit')}
          pending={mutation.isPending}
          error={mutation.error}
          onCancel={() => {
            create.reset();
            update.reset();
            setFinishing(null);
          }}
          onSubmit={(input) => {
            const done = () => {
              setNotice(t('processRecords.work.finishedNotice', { name: finishing.name, orderNo: finishing.orderNo }));
              setFinishing(null);
            };
            if (open) update.mutate({ ...input, id: open.id, version: open.version }, { onSuccess: done });
            else create.mutate(input, { onSuccess: done });
          }}
        />
      </Stack>
    );
  }

  return (
    <Stack gap="lg" data-testid="work-page">
      <Title order={1}>{t('processRecords.work.title')}</Title>
      <Text size="lg">{t('processRecords.work.intro')}</Text>
      {workstations.isPending ? (
        <LoadingState />
      ) : workstations.isError ? (
        <ErrorAlert error={workstations.error} onRetry={() => void workstations.refetch()} />
      ) : (
        <NativeSelect
          size="xl"
          label={t('processRecords.work.workstation')}
          value={workstationId ?? ''}
          onChange={(e) => choose(e.currentTarget.value)}
          data={[{ value: '', label: t('processRecords.work.chooseWorkstation') }, ...workstations.data.map((w) => ({ value: w.id, label: `${w.code} ${w.name}` }))]}
          data-testid="work-workstation"
        />
      )}
      {notice && (
        <Alert color="teal" role="status" data-testid="work-notice">
          <Text size="lg">{notice}</Text>
        </Alert>
      )}
      {create.isError && <ErrorAlert error={create.error} />}
      {workstationId === null ? (
        <Text size="lg" c="dimmed">
          {t('processRecords.work.noWorkstation')}
        </Text>
      ) : queue.isPending ? (
        <LoadingState />
      ) : queue.isError ? (
        <ErrorAlert error={queue.error} onRetry={() => void queue.refetch()} />
      ) : queue.data.length === 0 ? (
        <Text size="lg" c="dimmed" data-testid="work-queue-empty">
          {t('processRecords.work.queueEmpty')}
        </Text>
      ) : (
        <Stack gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('processRecords.work.queue')} data-testid="work-queue">
          {queue.data.map((op) => {
            const open = openRecord(op);
            return (
              <Card key={op.id} component="li" withBorder padding="lg" data-testid={`work-op-${op.orderNo}-${op.seq}`}>
                <Stack gap="sm">
                  <Group justify="space-between" align="flex-start">
                    <div>
                      <Title order={2} size="h3">
                        {op.seq}. {op.name}
                      </Title>
                      <Text size="lg" fw={700}>
                        {op.orderNo} · {op.itemName}
                      </Text>
                    </div>
                    <Badge size="lg" variant="outline" color={STATUS_COLORS[op.status]} data-testid="work-op-status">
                      {t(`processRecords.operationStatus.${op.status}`)}
                    </Badge>
                  </Group>
                  <Text size="lg">
                    {t('processRecords.work.plannedQuantity', { quantity: formatNumber(op.quantity, lang) })}
                    {op.lotNo !== '' && ` · ${t('processRecords.work.lot', { lotNo: op.lotNo })}`}
                  </Text>
                  {op.startAt && op.endAt && (
                    <Text size="md">{t('processRecords.work.plannedTime', { start: formatDateTime(op.startAt, lang), end: formatDateTime(op.endAt, lang) })}</Text>
                  )}
                  {open && (
                    <Text size="lg" c="blue.9" fw={700} data-testid="work-op-running">
                      {t('processRecords.work.startedAt', { time: formatDateTime(open.startedAt, lang) })}
                    </Text>
                  )}
                  <Group gap="md" grow>
                    {!open && op.status !== 'done' && (
                      <Button size="xl" onClick={() => start(op)} loading={create.isPending && create.variables.operationId === op.id} data-testid="work-start">
                        {t('processRecords.work.start')}
                      </Button>
                    )}
                    <Button size="xl" variant={open ? 'filled' : 'light'} color={open ? 'teal.9' : undefined} onClick={() => setFinishing(op)} data-testid="work-finish-open">
                      {open ? t('processRecords.work.finish') : t('processRecords.work.enter')}
                    </Button>
                  </Group>
                  {op.records.length > 0 && (
                    <Table.ScrollContainer minWidth={600}>
                      <Table fz="md" data-testid="work-op-records" aria-label={t('processRecords.work.recordsOf', { name: op.name })}>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th scope="col">{t('processRecords.records.started')}</Table.Th>
                            <Table.Th scope="col">{t('processRecords.records.finished')}</Table.Th>
                            <Table.Th scope="col">{t('processRecords.records.goodScrap')}</Table.Th>
                            <Table.Th scope="col">{t('processRecords.records.energy')}</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {op.records.map((r) => (
                            <Table.Tr key={r.id}>
                              <Table.Td>{formatDateTime(r.startedAt, lang)}</Table.Td>
                              <Table.Td>{r.finishedAt ? formatDateTime(r.finishedAt, lang) : t('processRecords.records.running')}</Table.Td>
                              <Table.Td>
                                {formatNumber(r.goodQuantity, lang)} / {formatNumber(r.scrapQuantity, lang)}
                              </Table.Td>
                              <Table.Td>{energyText(r.energy, lang)}</Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </Table.ScrollContainer>
                  )}
                  <Anchor component={Link} to={`/s/process/work/orders/${op.orderId}`} size="lg" py={10} data-testid="work-order-records">
                    {t('processRecords.work.orderRecords', { orderNo: op.orderNo })}
                  </Anchor>
                </Stack>
              </Card>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
