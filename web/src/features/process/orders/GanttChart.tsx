import { Box, Text } from '@mantine/core';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../i18n';
import { useLang } from '../../../i18n/useLang';
import type { GanttOperation } from './api';
import { ZOOMS, snap, type GanttBar, type GanttLayout, type GanttView, type GanttZoom } from './ganttModel';
import { DAY_MS, HOUR_MS, jstDayStart, jstMonthDay, jstTime, jstWeekStart } from './jst';

const ROW_H = 40;
const BAR_H = 26;
const HEADER_H = 48;
const LABEL_W = 220;
const VIEW_H = 520;
/** Extra rows and pixels drawn beyond the viewport, so scrolling shows no gaps. */
const OVERSCAN_ROWS = 4;
const OVERSCAN_PX = 400;

/** A bar being moved: by pointer or keys, not yet confirmed. */
export interface PendingMove {
  opId: string;
  deltaMs: number;
  row: number;
  /** Sent to the server; the bar waits there for the answer. */
  submitted: boolean;
}

export interface MoveRequest {
  op: GanttOperation;
  startAt: string;
  /** Set when the bar went to another workstation's row. */
  workstationId?: string;
}

interface GanttChartProps {
  layout: GanttLayout;
  view: GanttView;
  zoom: GanttZoom;
  from: number;
  to: number;
  now: number;
  move: PendingMove | null;
  onMoveChange: (move: PendingMove | null) => void;
  onCommit: (request: MoveRequest) => void;
}

const weekdayFormat: Record<Lang, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', weekday: 'short' }),
  en: new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', weekday: 'short' }),
};

function barColor(op: GanttOperation): string {
  if (op.late) return 'var(--mantine-color-red-9)';
  if (op.status === 'done') return 'var(--mantine-color-teal-9)';
  if (op.status === 'in_progress') return 'var(--mantine-color-grape-9)';
  return 'var(--mantine-color-blue-8)';
}

/**
 * The Gantt chart: one row per workstation or order, operations as absolutely positioned bars
 * on a JST time axis. Only the rows and the time span in view are drawn (thousands of
 * operations stay fast). Bars move by dragging (also to another workstation's row) or by
 * arrow keys; Enter confirms, Escape cancels.
 */
export function GanttChart({ layout, view, zoom, from, to, now, move, onMoveChange, onCommit }: GanttChartProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const spec = ZOOMS[zoom];
  const pxPerMs = spec.pxPerHour / HOUR_MS;
  const totalW = Math.ceil((to - from) * pxPerMs);
  const totalH = layout.rows.length * ROW_H;
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ left: 0, top: 0, width: 1200, height: VIEW_H });
  const frame = useRef(0);

  const readViewport = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    setViewport({ left: el.scrollLeft, top: el.scrollTop, width: el.clientWidth, height: el.clientHeight });
  }, []);
  const onScroll = useCallback(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(readViewport);
  }, [readViewport]);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(readViewport);
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame.current);
    };
  }, [readViewport]);

  // A new window opens at the current time when it is in view, else at its start.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollLeft = now >= from && now < to ? Math.max(0, (now - from) * pxPerMs - 120) : 0;
    readViewport();
  }, [from, to, pxPerMs, now, readViewport]);

  const firstRow = Math.max(0, Math.floor(viewport.top / ROW_H) - OVERSCAN_ROWS);
  const lastRow = Math.min(layout.rows.length - 1, Math.ceil((viewport.top + viewport.height) / ROW_H) + OVERSCAN_ROWS);
  const visibleFrom = from + (viewport.left - OVERSCAN_PX) / pxPerMs;
  const visibleTo = from + (viewport.left + viewport.width + OVERSCAN_PX) / pxPerMs;

  const visibleBars = useMemo(() => {
    const shown: GanttBar[] = [];
    for (let row = firstRow; row <= lastRow; row++) {
      for (const bar of layout.barsByRow[row] ?? []) if (bar.end > visibleFrom && bar.start < visibleTo) shown.push(bar);
    }
    // The bar being moved stays drawn (and focused) even when it leaves the view.
    if (move && !shown.some((b) => b.op.id === move.opId)) {
      const moving = layout.bars.find((b) => b.op.id === move.opId);
      if (moving) shown.push(moving);
    }
    return shown;
  }, [layout, firstRow, lastRow, visibleFrom, visibleTo, move]);

  const ticks = useMemo(() => axisTicks(zoom, from, to, lang), [zoom, from, to, lang]);

  // Pointer dragging: where it started and the bar's row then.
  const drag = useRef<{ opId: string; x: number; y: number; row: number; moved: boolean } | null>(null);

  const request = useCallback(
    (bar: GanttBar, pending: PendingMove) => {
      const changedRow = pending.row !== bar.row;
      if (pending.deltaMs === 0 && !changedRow) {
        onMoveChange(null);
        return;
      }
      onMoveChange({ ...pending, submitted: true });
      onCommit({
        op: bar.op,
        startAt: new Date(bar.start + pending.deltaMs).toISOString(),
        ...(view === 'workstation' && changedRow ? { workstationId: layout.rows[pending.row]?.id } : {}),
      });
    },
    [layout.rows, onCommit, onMoveChange, view],
  );

  const onPointerDown = (bar: GanttBar, event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0 || bar.op.status === 'done' || move?.submitted) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { opId: bar.op.id, x: event.clientX, y: event.clientY, row: bar.row, moved: false };
  };
  const onPointerMove = (bar: GanttBar, event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.opId !== bar.op.id) return;
    const dx = event.clientX - d.x;
    const dy = event.clientY - d.y;
    if (!d.moved && Math.abs(dx) < 4 && Math.abs(dy) < 4) return;
    d.moved = true;
    const row = view === 'workstation' ? clamp(d.row + Math.round(dy / ROW_H), 0, layout.rows.length - 1) : d.row;
    onMoveChange({ opId: bar.op.id, deltaMs: snap(dx / pxPerMs, spec.snapMs), row, submitted: false });
  };
  const onPointerUp = (bar: GanttBar, event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    drag.current = null;
    if (!d || d.opId !== bar.op.id) return;
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
    if (!d.moved) return;
    const dx = event.clientX - d.x;
    const dy = event.clientY - d.y;
    const row = view === 'workstation' ? clamp(d.row + Math.round(dy / ROW_H), 0, layout.rows.length - 1) : d.row;
    request(bar, { opId: bar.op.id, deltaMs: snap(dx / pxPerMs, spec.snapMs), row, submitted: false });
  };
  const onPointerCancel = () => {
    drag.current = null;
    onMoveChange(null);
  };

  const onKeyDown = (bar: GanttBar, event: KeyboardEvent<HTMLDivElement>) => {
    if (bar.op.status === 'done' || move?.submitted) return;
    const current = move && move.opId === bar.op.id ? move : { opId: bar.op.id, deltaMs: 0, row: bar.row, submitted: false };
    let next: PendingMove | null = null;
    switch (event.key) {
      case 'ArrowLeft':
        next = { ...current, deltaMs: current.deltaMs - spec.stepMs };
        break;
      case 'ArrowRight':
        next = { ...current, deltaMs: current.deltaMs + spec.stepMs };
        break;
      case 'ArrowUp':
        if (view === 'workstation') next = { ...current, row: Math.max(0, current.row - 1) };
        break;
      case 'ArrowDown':
        if (view === 'workstation') next = { ...current, row: Math.min(layout.rows.length - 1, current.row + 1) };
        break;
      case 'Enter':
        if (move && move.opId === bar.op.id) {
          event.preventDefault();
          request(bar, move);
        }
        return;
      case 'Escape':
        if (move && move.opId === bar.op.id) {
          event.preventDefault();
          onMoveChange(null);
        }
        return;
      default:
        return;
    }
    if (next) {
      event.preventDefault();
      onMoveChange(next);
    }
  };

  // Bars are memoised; they get stable handlers that call the latest ones.
  const latest = useRef({ onPointerDown, onPointerMove, onPointerUp, onPointerCancel, onKeyDown });
  latest.current = { onPointerDown, onPointerMove, onPointerUp, onPointerCancel, onKeyDown };
  const handlers = useMemo(
    () => ({
      onPointerDown: (bar: GanttBar, e: PointerEvent<HTMLDivElement>) => latest.current.onPointerDown(bar, e),
      onPointerMove: (bar: GanttBar, e: PointerEvent<HTMLDivElement>) => latest.current.onPointerMove(bar, e),
      onPointerUp: (bar: GanttBar, e: PointerEvent<HTMLDivElement>) => latest.current.onPointerUp(bar, e),
      onPointerCancel: () => latest.current.onPointerCancel(),
      onKeyDown: (bar: GanttBar, e: KeyboardEvent<HTMLDivElement>) => latest.current.onKeyDown(bar, e),
    }),
    [],
  );

  // Keep the moved bar in view while it travels by keys.
  const movingEl = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (move && !move.submitted) movingEl.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [move]);

  const nowX = (now - from) * pxPerMs;
  const shadingLeft = (ms: number) => Math.max(0, (ms - from) * pxPerMs);

  return (
    <Box style={{ display: 'flex', border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4, overflow: 'hidden' }} data-testid="gantt-chart" data-view={view} data-zoom={zoom}>
      <div style={{ width: LABEL_W, flex: `0 0 ${LABEL_W}px`, borderRight: '1px solid var(--mantine-color-gray-4)', background: 'var(--mantine-color-body)' }}>
        <div style={{ height: HEADER_H, display: 'flex', alignItems: 'center', padding: '0 8px', borderBottom: '1px solid var(--mantine-color-gray-4)' }}>
          <Text size="sm" fw={700}>
            {t(view === 'workstation' ? 'processOrders.gantt.rowWorkstation' : 'processOrders.gantt.rowOrder')}
          </Text>
        </div>
        <div style={{ position: 'relative', height: VIEW_H - HEADER_H, overflow: 'hidden' }}>
          <div style={{ position: 'absolute', top: -viewport.top, left: 0, right: 0, height: totalH }}>
            {layout.rows.slice(firstRow, lastRow + 1).map((row, i) => (
              <div
                key={row.id}
                data-testid={`gantt-row-${row.label}`}
                style={{ position: 'absolute', top: (firstRow + i) * ROW_H, height: ROW_H, left: 0, right: 0, padding: '2px 8px', borderBottom: '1px solid var(--mantine-color-gray-2)', overflow: 'hidden' }}
              >
                <Text size="sm" fw={700} lh={1.2} truncate c={row.late ? 'red.9' : undefined}>
                  {row.late && <span aria-hidden="true">⚠ </span>}
                  {row.label}
                  {row.late && <span> {t('processOrders.late')}</span>}
                </Text>
                <Text size="xs" lh={1.2} truncate c="dimmed">
                  {row.sublabel}
                </Text>
              </div>
            ))}
          </div>
        </div>
      </div>
      <div
        ref={scroller}
        onScroll={onScroll}
        tabIndex={0}
        role="region"
        aria-label={t('processOrders.gantt.area')}
        style={{ flex: 1, overflow: 'auto', height: VIEW_H, position: 'relative' }}
        data-testid="gantt-scroller"
      >
        <div style={{ width: totalW, height: HEADER_H + totalH, position: 'relative' }}>
          <div style={{ position: 'sticky', top: 0, height: HEADER_H, width: totalW, zIndex: 3, background: 'var(--mantine-color-body)', borderBottom: '1px solid var(--mantine-color-gray-4)' }} aria-hidden="true">
            {ticks.major.map((tick) => (
              <div key={`M${tick.at}`} style={{ position: 'absolute', left: (tick.at - from) * pxPerMs, top: 0, height: HEADER_H, borderLeft: '1px solid var(--mantine-color-gray-5)', paddingLeft: 4 }}>
                <Text size="xs" fw={700} style={{ whiteSpace: 'nowrap' }}>
                  {tick.label}
                </Text>
              </div>
            ))}
            {ticks.minor.map((tick) => (
              <div key={`m${tick.at}`} style={{ position: 'absolute', left: (tick.at - from) * pxPerMs, top: HEADER_H / 2, height: HEADER_H / 2, borderLeft: '1px solid var(--mantine-color-gray-3)', paddingLeft: 2 }}>
                <Text size="xs" c="dark.4" style={{ whiteSpace: 'nowrap' }}>
                  {tick.label}
                </Text>
              </div>
            ))}
            {now >= from && now < to && (
              <div style={{ position: 'absolute', left: nowX - 18, bottom: 0, background: 'var(--mantine-color-red-9)', color: 'white', fontSize: 11, padding: '0 4px', borderRadius: 2 }}>{t('processOrders.gantt.now')}</div>
            )}
          </div>
          <div style={{ position: 'absolute', top: HEADER_H, left: 0, width: totalW, height: totalH }}>
            {layout.rows.slice(firstRow, lastRow + 1).map((row, i) => {
              const index = firstRow + i;
              return (
                <div key={row.id} style={{ position: 'absolute', top: index * ROW_H, left: 0, width: totalW, height: ROW_H, borderBottom: '1px solid var(--mantine-color-gray-2)', background: move && move.row === index && !move.submitted ? 'var(--mantine-color-blue-0)' : undefined }}>
                  {row.nonWorking
                    .filter((n) => n.end > visibleFrom && n.start < visibleTo)
                    .map((n) => (
                      <div
                        key={n.start}
                        data-testid="gantt-nonworking"
                        style={{
                          position: 'absolute',
                          left: shadingLeft(n.start),
                          width: Math.max(0, (Math.min(n.end, to) - Math.max(n.start, from)) * pxPerMs),
                          top: 0,
                          bottom: 0,
                          background: 'repeating-linear-gradient(135deg, var(--mantine-color-gray-1) 0 6px, var(--mantine-color-gray-3) 6px 8px)',
                        }}
                      />
                    ))}
                  {row.dueMs !== null && row.dueMs >= from && row.dueMs <= to && (
                    <div style={{ position: 'absolute', left: (row.dueMs - from) * pxPerMs, top: 0, bottom: 0, borderLeft: '2px dashed var(--mantine-color-orange-8)' }} title={t('processOrders.fields.dueAt')} />
                  )}
                </div>
              );
            })}
            {now >= from && now < to && <div data-testid="gantt-now" style={{ position: 'absolute', left: nowX, top: 0, width: 2, height: totalH, background: 'var(--mantine-color-red-9)', zIndex: 1 }} />}
            {visibleBars.map((bar) => {
              const pending = move && move.opId === bar.op.id ? move : null;
              const start = bar.start + (pending?.deltaMs ?? 0);
              const end = bar.end + (pending?.deltaMs ?? 0);
              const row = pending?.row ?? bar.row;
              return (
                <Bar
                  key={bar.op.id}
                  bar={bar}
                  view={view}
                  left={(start - from) * pxPerMs}
                  width={Math.max(6, (end - start) * pxPerMs)}
                  top={row * ROW_H + (ROW_H - BAR_H) / 2}
                  moving={pending !== null}
                  start={start}
                  end={end}
                  rowLabel={layout.rows[row]?.label ?? ''}
                  elementRef={pending ? movingEl : undefined}
                  onPointerDown={handlers.onPointerDown}
                  onPointerMove={handlers.onPointerMove}
                  onPointerUp={handlers.onPointerUp}
                  onPointerCancel={handlers.onPointerCancel}
                  onKeyDown={handlers.onKeyDown}
                />
              );
            })}
          </div>
        </div>
      </div>
    </Box>
  );
}

interface BarProps {
  bar: GanttBar;
  view: GanttView;
  left: number;
  width: number;
  top: number;
  moving: boolean;
  start: number;
  end: number;
  rowLabel: string;
  elementRef?: RefObject<HTMLDivElement | null>;
  onPointerDown: (bar: GanttBar, e: PointerEvent<HTMLDivElement>) => void;
  onPointerMove: (bar: GanttBar, e: PointerEvent<HTMLDivElement>) => void;
  onPointerUp: (bar: GanttBar, e: PointerEvent<HTMLDivElement>) => void;
  onPointerCancel: () => void;
  onKeyDown: (bar: GanttBar, e: KeyboardEvent<HTMLDivElement>) => void;
}

const Bar = memo(function Bar({ bar, view, left, width, top, moving, start, end, rowLabel, elementRef, onPointerDown, onPointerMove, onPointerUp, onPointerCancel, onKeyDown }: BarProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const { op } = bar;
  const when = `${jstMonthDay(start)} ${jstTime(start)}–${jstMonthDay(end)} ${jstTime(end)}`;
  const parts = [t('processOrders.gantt.barLabel', { orderNo: op.orderNo, seq: op.seq, name: op.name, when, row: rowLabel })];
  if (op.late) parts.push(t('processOrders.late'));
  parts.push(t(`processOrders.operationStatus.${op.status}`));
  const label = parts.join(lang === 'ja' ? '、' : ', ');
  const text = view === 'workstation' ? `${op.orderNo} ${op.seq}. ${op.name}` : `${op.seq}. ${op.name}`;
  return (
    <div
      ref={elementRef}
      role="button"
      tabIndex={0}
      aria-label={label}
      aria-describedby="gantt-keys-help"
      aria-disabled={op.status === 'done' ? true : undefined}
      data-testid={`gantt-bar-${op.orderNo}-${op.seq}`}
      data-op-id={op.id}
      data-late={op.late ? 'true' : undefined}
      data-start={new Date(bar.start).toISOString()}
      onPointerDown={(e) => onPointerDown(bar, e)}
      onPointerMove={(e) => onPointerMove(bar, e)}
      onPointerUp={(e) => onPointerUp(bar, e)}
      onPointerCancel={onPointerCancel}
      onKeyDown={(e) => onKeyDown(bar, e)}
      style={{
        position: 'absolute',
        left,
        top,
        width,
        height: BAR_H,
        boxSizing: 'border-box',
        background: barColor(op),
        color: 'white',
        borderRadius: 4,
        fontSize: 12,
        lineHeight: `${BAR_H}px`,
        padding: '0 4px',
        overflow: 'hidden',
        whiteSpace: 'nowrap',
        cursor: op.status === 'done' ? 'default' : moving ? 'grabbing' : 'grab',
        touchAction: 'none',
        userSelect: 'none',
        zIndex: moving ? 2 : 1,
        outline: moving ? '3px dashed var(--mantine-color-orange-7)' : undefined,
        outlineOffset: 1,
        boxShadow: op.late ? 'inset 0 0 0 2px var(--mantine-color-yellow-4)' : undefined,
      }}
    >
      {op.late && (
        <span>
          <span aria-hidden="true">⚠ </span>
          {t('processOrders.late')}{' '}
        </span>
      )}
      {text}
    </div>
  );
});

interface Tick {
  at: number;
  label: string;
}

/** Labels of the time axis: days above hours (day/week zoom), weeks above days (month zoom). */
function axisTicks(zoom: GanttZoom, from: number, to: number, lang: Lang): { major: Tick[]; minor: Tick[] } {
  const major: Tick[] = [];
  const minor: Tick[] = [];
  const dayLabel = (ms: number) => `${jstMonthDay(ms)}(${weekdayFormat[lang].format(ms)})`;
  if (zoom === 'month') {
    for (let at = jstWeekStart(from); at < to; at += 7 * DAY_MS) if (at >= from) major.push({ at, label: `${jstMonthDay(at)}〜` });
    for (let at = jstDayStart(from); at < to; at += DAY_MS) minor.push({ at, label: String(new Date(at + 9 * HOUR_MS).getUTCDate()) });
    if (major[0]?.at !== from) major.unshift({ at: from, label: dayLabel(from) });
    return { major, minor };
  }
  for (let at = jstDayStart(from); at < to; at += DAY_MS) major.push({ at, label: dayLabel(at) });
  const tick = ZOOMS[zoom].tickMs;
  for (let at = from; at < to; at += tick) minor.push({ at, label: jstTime(at).slice(0, 2) });
  return { major, minor };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
