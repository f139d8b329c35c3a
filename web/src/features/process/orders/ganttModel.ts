import type { GanttData, GanttOperation } from './api';
import { DAY_MS, HOUR_MS, jstDayStart, jstWeekStart } from './jst';

export type GanttView = 'workstation' | 'order';
export type GanttZoom = 'day' | 'week' | 'month';
export const GANTT_VIEWS: readonly GanttView[] = ['workstation', 'order'];
export const GANTT_ZOOMS: readonly GanttZoom[] = ['day', 'week', 'month'];

export interface ZoomSpec {
  /** Pixels per hour on the time axis. */
  pxPerHour: number;
  /** What one arrow key press moves a bar by (one minor tick). */
  stepMs: number;
  /** What a dragged bar snaps to. */
  snapMs: number;
  /** Distance between minor ticks. */
  tickMs: number;
}

export const ZOOMS: Record<GanttZoom, ZoomSpec> = {
  day: { pxPerHour: 60, stepMs: HOUR_MS, snapMs: 15 * 60_000, tickMs: HOUR_MS },
  week: { pxPerHour: 12, stepMs: 6 * HOUR_MS, snapMs: HOUR_MS, tickMs: 6 * HOUR_MS },
  month: { pxPerHour: 2, stepMs: DAY_MS, snapMs: 6 * HOUR_MS, tickMs: DAY_MS },
};

/** The time window a zoom shows around `anchor`: two days, a week (from Monday) or a calendar month (JST). */
export function windowOf(zoom: GanttZoom, anchor: number): { from: number; to: number } {
  if (zoom === 'day') {
    const from = jstDayStart(anchor);
    return { from, to: from + 2 * DAY_MS };
  }
  if (zoom === 'week') {
    const from = jstWeekStart(anchor);
    return { from, to: from + 7 * DAY_MS };
  }
  const jst = new Date(anchor + 9 * HOUR_MS);
  const from = Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), 1) - 9 * HOUR_MS;
  const to = Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() + 1, 1) - 9 * HOUR_MS;
  return { from, to };
}

/** The anchor of the previous or next window. */
export function shiftWindow(zoom: GanttZoom, anchor: number, direction: -1 | 1): number {
  const { from, to } = windowOf(zoom, anchor);
  return direction === 1 ? to : from - DAY_MS;
}

export interface GanttRow {
  id: string;
  label: string;
  sublabel: string;
  late: boolean;
  /** Due time of the order (order view only). */
  dueMs: number | null;
  nonWorking: { start: number; end: number }[];
}

export interface GanttBar {
  op: GanttOperation;
  start: number;
  end: number;
  /** Index of the row the bar sits in for the current view. */
  row: number;
}

export interface GanttLayout {
  rows: GanttRow[];
  bars: GanttBar[];
  /** Bars per row, for drawing only the visible rows. */
  barsByRow: GanttBar[][];
  rowIndex: Map<string, number>;
}

/** Rows and bars of one view, computed once per answer and view. */
export function layoutGantt(data: GanttData, view: GanttView): GanttLayout {
  const lateOrders = new Set(data.orders.filter((o) => o.late).map((o) => o.id));
  const rows: GanttRow[] =
    view === 'workstation'
      ? data.workstations.map((w) => ({
          id: w.id,
          label: w.code,
          sublabel: w.name,
          late: false,
          dueMs: null,
          nonWorking: w.nonWorking.map((n) => ({ start: Date.parse(n.start), end: Date.parse(n.end) })),
        }))
      : data.orders.map((o) => ({ id: o.id, label: o.orderNo, sublabel: o.itemName, late: o.late, dueMs: Date.parse(o.dueAt), nonWorking: [] }));
  const rowIndex = new Map(rows.map((row, index) => [row.id, index]));
  const barsByRow: GanttBar[][] = rows.map(() => []);
  const bars: GanttBar[] = [];
  for (const op of data.operations) {
    const row = rowIndex.get(view === 'workstation' ? op.workstationId : op.orderId);
    if (row === undefined) continue;
    const bar: GanttBar = { op: { ...op, late: op.late || lateOrders.has(op.orderId) }, start: Date.parse(op.startAt), end: Date.parse(op.endAt), row };
    bars.push(bar);
    barsByRow[row]!.push(bar);
  }
  return { rows, bars, barsByRow, rowIndex };
}

/** Rounds a time offset to the nearest multiple of `snap`. */
export function snap(deltaMs: number, snapMs: number): number {
  return Math.round(deltaMs / snapMs) * snapMs;
}
