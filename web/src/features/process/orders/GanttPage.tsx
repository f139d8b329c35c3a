import { Alert, Button, Group, List, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { ScheduleConflictError, useGantt, useReschedule, useUndoChange, type Conflict } from './api';
import { GanttChart, type MoveRequest, type PendingMove } from './GanttChart';
import { GANTT_VIEWS, GANTT_ZOOMS, layoutGantt, shiftWindow, windowOf, type GanttView, type GanttZoom } from './ganttModel';
import { DAY_MS, jstDate, jstMonthDay, parseJstDate } from './jst';

type Outcome =
  | { kind: 'moved'; changeId: string | null; orderNo: string; startAt: string }
  | { kind: 'conflict'; message: string; conflicts: Conflict[] }
  | { kind: 'undone' }
  | { kind: 'error'; error: unknown };

/** ガントチャート: the schedule by workstation or by order, zoomable, with drag/keyboard rescheduling and undo. */
export function GanttPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('processOrders.gantt.title'));
  const [search, setSearch] = useSearchParams();
  const view: GanttView = GANTT_VIEWS.find((v) => v === search.get('view')) ?? 'workstation';
  const zoom: GanttZoom = GANTT_ZOOMS.find((z) => z === search.get('zoom')) ?? 'week';
  const anchorParam = parseJstDate(search.get('date') ?? '');
  const [today] = useState(() => Date.now());
  const anchor = Number.isNaN(anchorParam) ? today : anchorParam;
  const { from, to } = windowOf(zoom, anchor);
  const gantt = useGantt(new Date(from).toISOString(), new Date(to).toISOString());
  const layout = useMemo(() => (gantt.data ? layoutGantt(gantt.data, view) : null), [gantt.data, view]);
  const [move, setMove] = useState<PendingMove | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const reschedule = useReschedule();
  const undo = useUndoChange();

  const go = (next: { view?: GanttView; zoom?: GanttZoom; anchor?: number }) => {
    const params = new URLSearchParams(search);
    params.set('view', next.view ?? view);
    params.set('zoom', next.zoom ?? zoom);
    params.set('date', jstDate(next.anchor ?? anchor));
    setMove(null);
    setSearch(params);
  };

  const { refetch } = gantt;
  const commit = useCallback(
    (request: MoveRequest) => {
      setOutcome(null);
      reschedule.mutate(
        { orderId: request.op.orderId, operationId: request.op.id, startAt: request.startAt, ...(request.workstationId ? { workstationId: request.workstationId } : {}) },
        {
          onSuccess: (answer) => {
            setOutcome({ kind: 'moved', changeId: answer.changeId, orderNo: request.op.orderNo, startAt: request.startAt });
            void refetch().finally(() => setMove(null));
          },
          onError: (error) => {
            // The bar goes back where it was; nothing changed on the server.
            setMove(null);
            setOutcome(error instanceof ScheduleConflictError ? { kind: 'conflict', message: error.message, conflicts: error.conflicts } : { kind: 'error', error });
          },
        },
      );
    },
    [reschedule, refetch],
  );

  const runUndo = (changeId: string) =>
    undo.mutate(changeId, {
      onSuccess: () => {
        setOutcome({ kind: 'undone' });
        void refetch();
      },
      onError: (error) => setOutcome({ kind: 'error', error }),
    });

  const movingBar = move && layout ? layout.bars.find((b) => b.op.id === move.opId) : undefined;
  const rangeLabel = `${jstMonthDay(from)} – ${jstMonthDay(to - DAY_MS)}`;

  return (
    <Stack>
      <Title order={1}>{t('processOrders.gantt.title')}</Title>
      <Group justify="space-between" wrap="wrap">
        <Group wrap="wrap">
          <SegmentedControl
            aria-label={t('processOrders.gantt.viewLabel')}
            value={view}
            onChange={(value) => go({ view: GANTT_VIEWS.find((v) => v === value) ?? 'workstation' })}
            data={GANTT_VIEWS.map((v) => ({ value: v, label: t(`processOrders.gantt.view.${v}`) }))}
            data-testid="gantt-view"
          />
          <SegmentedControl
            aria-label={t('processOrders.gantt.zoomLabel')}
            value={zoom}
            onChange={(value) => go({ zoom: GANTT_ZOOMS.find((z) => z === value) ?? 'week' })}
            data={GANTT_ZOOMS.map((z) => ({ value: z, label: t(`processOrders.gantt.zoom.${z}`) }))}
            data-testid="gantt-zoom"
          />
        </Group>
        <Group gap="xs">
          <Button variant="default" onClick={() => go({ anchor: shiftWindow(zoom, anchor, -1) })} data-testid="gantt-prev">
            {t('processOrders.gantt.prev')}
          </Button>
          <Button variant="default" onClick={() => go({ anchor: Date.now() })} data-testid="gantt-today">
            {t('processOrders.gantt.today')}
          </Button>
          <Button variant="default" onClick={() => go({ anchor: shiftWindow(zoom, anchor, 1) })} data-testid="gantt-next">
            {t('processOrders.gantt.next')}
          </Button>
          <Text fw={700} data-testid="gantt-range" aria-live="polite">
            {rangeLabel}
          </Text>
        </Group>
      </Group>
      <Text size="sm" id="gantt-keys-help">
        {t(view === 'workstation' ? 'processOrders.gantt.helpWorkstation' : 'processOrders.gantt.helpOrder')}
      </Text>
      <Group gap="md" aria-label={t('processOrders.gantt.legend')} role="group">
        <Legend color="var(--mantine-color-blue-8)" text={t('processOrders.gantt.legendPlanned')} />
        <Legend color="var(--mantine-color-grape-9)" text={t('processOrders.operationStatus.in_progress')} />
        <Legend color="var(--mantine-color-teal-9)" text={t('processOrders.operationStatus.done')} />
        <Legend color="var(--mantine-color-red-9)" text={`⚠ ${t('processOrders.gantt.legendLate')}`} />
        <Legend color="repeating-linear-gradient(135deg, var(--mantine-color-gray-1) 0 6px, var(--mantine-color-gray-3) 6px 8px)" text={t('processOrders.gantt.legendNonWorking')} />
      </Group>

      {outcome?.kind === 'moved' && (
        <Alert color="green" role="status" data-testid="gantt-moved" withCloseButton onClose={() => setOutcome(null)} closeButtonLabel={t('processOrders.gantt.close')}>
          <Group justify="space-between">
            <Text size="sm">{t('processOrders.gantt.moved', { orderNo: outcome.orderNo, at: formatDateTime(outcome.startAt, lang) })}</Text>
            {outcome.changeId && (
              <Button size="xs" variant="white" color="dark" loading={undo.isPending} onClick={() => outcome.changeId && runUndo(outcome.changeId)} data-testid="gantt-undo">
                {t('processOrders.gantt.undo')}
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {outcome?.kind === 'undone' && (
        <Alert color="blue" role="status" data-testid="gantt-undone" withCloseButton onClose={() => setOutcome(null)} closeButtonLabel={t('processOrders.gantt.close')}>
          {t('processOrders.gantt.undone')}
        </Alert>
      )}
      {outcome?.kind === 'conflict' && (
        <Alert color="red" role="alert" title={t('processOrders.gantt.conflictTitle')} data-testid="gantt-conflict" withCloseButton onClose={() => setOutcome(null)} closeButtonLabel={t('processOrders.gantt.close')}>
          <Text size="sm">{outcome.message}</Text>
          {outcome.conflicts.length > 0 && (
            <List size="sm" mt="xs">
              {outcome.conflicts.map((c) => (
                <List.Item key={c.operationId}>
                  {t('processOrders.gantt.conflictLine', { orderNo: c.orderNo, start: formatDateTime(c.startAt, lang), end: formatDateTime(c.endAt, lang) })}
                </List.Item>
              ))}
            </List>
          )}
          <Text size="sm" mt="xs">
            {t('processOrders.gantt.conflictBack')}
          </Text>
        </Alert>
      )}
      {outcome?.kind === 'error' && <ErrorAlert error={outcome.error} />}

      <Text size="sm" aria-live="polite" data-testid="gantt-move-status" mih={20}>
        {move && movingBar && !move.submitted
          ? t('processOrders.gantt.moving', {
              orderNo: movingBar.op.orderNo,
              name: movingBar.op.name,
              at: formatDateTime(new Date(movingBar.start + move.deltaMs).toISOString(), lang),
              row: layout?.rows[move.row]?.label ?? '',
            })
          : move?.submitted
            ? t('processOrders.gantt.saving')
            : ''}
      </Text>

      {gantt.isPending ? (
        <LoadingState />
      ) : gantt.isError ? (
        <ErrorAlert error={gantt.error} onRetry={() => void gantt.refetch()} />
      ) : layout && layout.rows.length === 0 ? (
        <Text c="dimmed" data-testid="gantt-empty">
          {t(view === 'workstation' ? 'processOrders.gantt.emptyWorkstations' : 'processOrders.gantt.emptyOrders')}
        </Text>
      ) : layout ? (
        <GanttChart layout={layout} view={view} zoom={zoom} from={from} to={to} now={Date.parse(gantt.data.now)} move={move} onMoveChange={setMove} onCommit={commit} />
      ) : null}
      <Text size="xs" c="dimmed">
        {t('processOrders.gantt.count', { operations: gantt.data?.operations.length ?? 0, orders: gantt.data?.orders.length ?? 0 })}
      </Text>
    </Stack>
  );
}

function Legend({ color, text }: { color: string; text: string }) {
  return (
    <Group gap={6}>
      <span aria-hidden="true" style={{ display: 'inline-block', width: 18, height: 12, borderRadius: 2, background: color }} />
      <Text size="sm">{text}</Text>
    </Group>
  );
}
