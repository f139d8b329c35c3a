import type { Tx } from '../../../core/db/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { DAY_MS, dayKey, dayNumberOf, dayStart, MINUTE_MS } from './scheduling/calendar.js';
import { loadWorkstations, type WorkstationInfo } from './scheduling/calendarSource.js';
import { lateSql, OPERATION_COLUMNS, OPERATION_FROM, operationView, orderVisibility, type OperationRow } from './orderRepository.js';
import { AppError } from '../../../core/errors.js';

/**
 * The planning views: the Gantt chart (by workstation and by order from one response), the
 * dispatch list of one workstation and day, and the weekly load of each workstation.
 * Confidential orders the user may not see are left out, as everywhere.
 */

/** An instant as the API prints it (ISO 8601 UTC with milliseconds), formatted by PostgreSQL. */
function isoSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

interface GanttRow {
  id: string;
  order_id: string;
  order_no: string;
  workstation_id: string;
  seq: number;
  name: string;
  start_at: string;
  end_at: string;
  status: string;
  order_status: string;
  due_at: string;
  item_name: string;
  order_late: boolean;
  ends_late: boolean;
}

/**
 * The Gantt chart of a period (both views from one response). PostgreSQL prints the instants
 * and decides lateness, so the 2,000 rows of a busy quarter reach Node as plain text: decoding
 * four timestamps per row into Date objects and printing them again cost several times the
 * query itself. Non-working time is computed once per distinct calendar, not per workstation.
 */
export async function ganttView(tx: Tx, actor: UserActor, from: Date, to: Date, now: Date) {
  const workstations = await loadWorkstations(tx, 'all');
  const { rows } = await tx.query<GanttRow>(
    `SELECT p.id, p.order_id, o.order_no, p.workstation_id, p.seq, p.name, ${isoSql('p.start_at')} AS start_at, ${isoSql('p.end_at')} AS end_at, p.status,
            o.status AS order_status, ${isoSql('o.due_at')} AS due_at, i.name AS item_name, ${lateSql('$4')} AS order_late, p.end_at > o.due_at AS ends_late
       FROM process.operations p
       JOIN process.orders o ON o.tenant_id = p.tenant_id AND o.id = p.order_id
       JOIN process.items i ON i.tenant_id = o.tenant_id AND i.id = o.item_id
      WHERE p.start_at < $2 AND p.end_at > $1 AND o.status <> 'cancelled' AND ${orderVisibility(actor, '$3')}
      ORDER BY p.workstation_id, p.start_at, p.id`,
    [from, to, actor.userId, now],
  );
  const orders = new Map<string, { id: string; orderNo: string; itemName: string; dueAt: string; status: string; late: boolean }>();
  const withOps = new Set<string>();
  const operations = rows.map((r) => {
    if (!orders.has(r.order_id)) orders.set(r.order_id, { id: r.order_id, orderNo: r.order_no, itemName: r.item_name, dueAt: r.due_at, status: r.order_status, late: r.order_late });
    withOps.add(r.workstation_id);
    return {
      id: r.id, orderId: r.order_id, orderNo: r.order_no, workstationId: r.workstation_id, seq: r.seq, name: r.name,
      startAt: r.start_at, endAt: r.end_at, status: r.status, late: r.order_late || r.ends_late,
    };
  });
  // Workstations with operations in range are shown even when archived since.
  const missing = [...withOps].filter((id) => !workstations.has(id));
  if (missing.length) for (const [id, w] of await loadWorkstations(tx, missing)) workstations.set(id, w);
  const closed = new Map<string, { start: string; end: string }[]>();
  const nonWorking = (w: WorkstationInfo) => {
    let spans = closed.get(w.calendarKey);
    if (!spans) {
      spans = w.calendar.nonWorking(from.getTime(), to.getTime()).map(([s, e]) => ({ start: new Date(s).toISOString(), end: new Date(e).toISOString() }));
      closed.set(w.calendarKey, spans);
    }
    return spans;
  };
  const list = [...workstations.values()].sort((a, b) => a.code.localeCompare(b.code));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    now: now.toISOString(),
    workstations: list.map((w) => ({ id: w.id, code: w.code, name: w.name, nonWorking: nonWorking(w) })),
    // Same-length ISO strings in UTC sort as the instants do.
    orders: [...orders.values()].sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.orderNo.localeCompare(b.orderNo))),
    operations,
  };
}

export async function dispatchView(tx: Tx, actor: UserActor, workstationId: string, day: string) {
  const ws = (await loadWorkstations(tx, [workstationId])).get(workstationId);
  if (!ws) throw new AppError('not_found');
  const start = dayStart(dayNumberOf(day));
  const end = start + DAY_MS;
  const { rows } = await tx.query<OperationRow & { order_no: string; item_name: string; lot_no: string; due_at: Date; order_status: string }>(
    `SELECT ${OPERATION_COLUMNS}, o.order_no, i.name AS item_name, o.lot_no, o.due_at, o.status AS order_status
       FROM ${OPERATION_FROM}
       JOIN process.orders o ON o.tenant_id = p.tenant_id AND o.id = p.order_id
       JOIN process.items i ON i.tenant_id = o.tenant_id AND i.id = o.item_id
      WHERE p.workstation_id = $1 AND p.start_at < $3 AND p.end_at > $2 AND o.status <> 'cancelled' AND ${orderVisibility(actor, '$4')}
      ORDER BY p.start_at, o.order_no`,
    [workstationId, new Date(start), new Date(end), actor.userId],
  );
  return {
    workstation: { id: ws.id, code: ws.code, name: ws.name },
    day,
    operations: rows.map((r) => ({ ...operationView(r), orderNo: r.order_no, itemName: r.item_name, lotNo: r.lot_no, dueAt: new Date(r.due_at).toISOString(), orderStatus: r.order_status })),
  };
}

/**
 * Load per ISO week (Monday 00:00 JST): booked = working minutes of the week covered by
 * operations (all orders but cancelled ones, confidential included: they occupy the machine);
 * available = the workstation's working minutes in the week.
 */
export async function loadView(tx: Tx, from: string, weeks: number) {
  const first = dayNumberOf(from);
  const monday = first - ((first + 3) % 7);
  const starts = Array.from({ length: weeks }, (_, i) => dayStart(monday + i * 7));
  const rangeEnd = dayStart(monday + weeks * 7);
  const workstations = await loadWorkstations(tx, 'all');
  const { rows } = await tx.query<{ workstation_id: string; s: string; e: string }>(
    `SELECT p.workstation_id, (extract(epoch FROM p.start_at) * 1000)::bigint::text AS s, (extract(epoch FROM p.end_at) * 1000)::bigint::text AS e
       FROM process.operations p JOIN process.orders o ON o.tenant_id = p.tenant_id AND o.id = p.order_id
      WHERE p.start_at < $2 AND p.end_at > $1 AND o.status <> 'cancelled'`,
    [new Date(starts[0]!), new Date(rangeEnd)],
  );
  const spans = new Map<string, [number, number][]>();
  for (const r of rows) {
    const list = spans.get(r.workstation_id) ?? [];
    list.push([Number(r.s), Number(r.e)]);
    spans.set(r.workstation_id, list);
  }
  const list = [...workstations.values()].sort((a, b) => a.code.localeCompare(b.code));
  return {
    weeks: starts.map((_, i) => dayKey(monday + i * 7)),
    workstations: list.map((w) => ({
      id: w.id, code: w.code, name: w.name,
      weeks: starts.map((ws, i) => {
        const we = ws + 7 * DAY_MS;
        const available = w.calendar.workingMs(ws, we);
        let booked = 0;
        for (const [s, e] of spans.get(w.id) ?? []) if (s < we && e > ws) booked += w.calendar.workingMs(Math.max(s, ws), Math.min(e, we));
        const bookedMinutes = Math.round(booked / MINUTE_MS);
        const availableMinutes = Math.round(available / MINUTE_MS);
        return {
          weekStart: dayKey(monday + i * 7),
          bookedMinutes,
          availableMinutes,
          loadPct: availableMinutes > 0 ? Math.round((bookedMinutes / availableMinutes) * 1000) / 10 : 0,
        };
      }),
    })),
  };
}

export { lateSql };
