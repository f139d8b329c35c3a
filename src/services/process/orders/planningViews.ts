import type { Tx } from '../../../core/db/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { DAY_MS, dayKey, dayNumberOf, dayStart, MINUTE_MS } from './scheduling/calendar.js';
import { loadWorkstations } from './scheduling/calendarSource.js';
import { isLate, lateSql, OPERATION_COLUMNS, OPERATION_FROM, operationView, orderVisibility, type OperationRow } from './orderRepository.js';
import { AppError } from '../../../core/errors.js';

/**
 * The planning views: the Gantt chart (by workstation and by order from one response), the
 * dispatch list of one workstation and day, and the weekly load of each workstation.
 * Confidential orders the user may not see are left out, as everywhere.
 */

export async function ganttView(tx: Tx, actor: UserActor, from: Date, to: Date, now: Date) {
  const workstations = await loadWorkstations(tx, 'all');
  const ops = await tx.query<{
    id: string; order_id: string; order_no: string; workstation_id: string; seq: number; name: string; start_at: Date; end_at: Date; status: string;
    order_status: string; due_at: Date; planned_end: Date | null; item_name: string;
  }>(
    `SELECT p.id, p.order_id, o.order_no, p.workstation_id, p.seq, p.name, p.start_at, p.end_at, p.status,
            o.status AS order_status, o.due_at, o.planned_end, i.name AS item_name
       FROM process.operations p
       JOIN process.orders o ON o.tenant_id = p.tenant_id AND o.id = p.order_id
       JOIN process.items i ON i.tenant_id = o.tenant_id AND i.id = o.item_id
      WHERE p.start_at < $2 AND p.end_at > $1 AND o.status <> 'cancelled' AND ${orderVisibility(actor, '$3')}
      ORDER BY p.workstation_id, p.start_at`,
    [from, to, actor.userId],
  );
  const orders = new Map<string, { id: string; orderNo: string; itemName: string; dueAt: string; status: string; late: boolean }>();
  const operations = ops.rows.map((r) => {
    const late = isLate({ status: r.order_status, due_at: r.due_at, planned_end: r.planned_end }, now);
    if (!orders.has(r.order_id)) orders.set(r.order_id, { id: r.order_id, orderNo: r.order_no, itemName: r.item_name, dueAt: new Date(r.due_at).toISOString(), status: r.order_status, late });
    return {
      id: r.id, orderId: r.order_id, orderNo: r.order_no, workstationId: r.workstation_id, seq: r.seq, name: r.name,
      startAt: new Date(r.start_at).toISOString(), endAt: new Date(r.end_at).toISOString(), status: r.status,
      late: late || new Date(r.end_at).getTime() > new Date(r.due_at).getTime(),
    };
  });
  // Workstations with operations in range are shown even when archived since.
  const withOps = new Set(ops.rows.map((r) => r.workstation_id));
  const missing = [...withOps].filter((id) => !workstations.has(id));
  if (missing.length) for (const [id, w] of await loadWorkstations(tx, missing)) workstations.set(id, w);
  const list = [...workstations.values()].sort((a, b) => a.code.localeCompare(b.code));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    now: now.toISOString(),
    workstations: list.map((w) => ({
      id: w.id, code: w.code, name: w.name,
      nonWorking: w.calendar.nonWorking(from.getTime(), to.getTime()).map(([s, e]) => ({ start: new Date(s).toISOString(), end: new Date(e).toISOString() })),
    })),
    orders: [...orders.values()].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.orderNo.localeCompare(b.orderNo)),
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
