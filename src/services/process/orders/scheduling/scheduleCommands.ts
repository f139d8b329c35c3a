import { withTenant, type Tx } from '../../../../core/db/index.js';
import { AppError } from '../../../../core/errors.js';
import { recordTenantEvent, type AuditOrigin } from '../../../../platform/audit/index.js';
import type { UserActor } from '../../../../platform/identity/index.js';
import { canSee } from '../../shared/labels.js';
import type { ProcessDeps } from '../../shared/deps.js';
import { STATUS_LABELS } from '../orderCommands.js';
import { auditActorOf, findOrder, operationMinutes, ORDER_COLUMNS, ORDER_FROM, operationsOf, orderDetail, SCHEDULABLE, type OperationRow, type OrderDetail, type OrderRow } from '../orderRepository.js';
import type { OrderStatus } from '../orderSchemas.js';
import { ClosedCalendarError } from './calendar.js';
import { bookedSpans, loadWorkstations, type WorkstationInfo } from './calendarSource.js';
import { neededMs, Scheduler, type Direction } from './scheduler.js';

/** One overlapping operation named in a 409 process.schedule_conflict. */
export interface ConflictView {
  operationId: string;
  orderId: string;
  orderNo: string;
  startAt: string;
  endAt: string;
}

/** A reschedule or undo that would overlap booked operations; nothing was changed. */
export class ScheduleConflictError extends Error {
  constructor(readonly code: 'process.schedule_conflict' | 'process.undo_conflict', readonly conflicts: ConflictView[]) {
    super(code);
    this.name = 'ScheduleConflictError';
  }
}

interface SlotRecord {
  operationId: string;
  workstationId: string;
  setupMinutes: number;
  cleanupMinutes: number;
  startAt: string;
  endAt: string;
}

function assertSchedulable(row: OrderRow): void {
  if (!SCHEDULABLE.includes(row.status)) {
    const l = STATUS_LABELS[row.status];
    throw new AppError('process.order_not_schedulable', { params: { status_ja: l.ja, status_en: l.en } });
  }
}

function assertOpen(workstations: Map<string, WorkstationInfo>, at: number): void {
  for (const ws of workstations.values()) {
    try {
      ws.calendar.nextWorking(at);
    } catch (error) {
      if (error instanceof ClosedCalendarError) throw new AppError('process.calendar_closed', { params: { workstation: ws.code } });
      throw error;
    }
  }
}

async function refreshPlannedRange(tx: Tx, orderId: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE process.orders o SET planned_start = r.s, planned_end = r.e, version = o.version + 1, updated_at = $2
       FROM (SELECT min(start_at) AS s, max(end_at) AS e FROM process.operations WHERE order_id = $1) r
      WHERE o.id = $1`,
    [orderId, now],
  );
}

async function writeSlots(tx: Tx, slots: readonly { id: string; start: number; end: number }[]): Promise<void> {
  if (slots.length === 0) return;
  await tx.query(
    `UPDATE process.operations p SET start_at = s.start_at, end_at = s.end_at
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS s(id, start_at, end_at)
      WHERE p.id = s.id`,
    [slots.map((s) => s.id), slots.map((s) => new Date(s.start).toISOString()), slots.map((s) => new Date(s.end).toISOString())],
  );
}

interface ScheduledOrder {
  id: string;
  orderNo: string;
  plannedStart: string | null;
  plannedEnd: string | null;
}

/**
 * Schedules orders (by due date, then order number) on their workstations, which are locked
 * while booking; each order's operations in sequence, forward from `from` (or now) or backward
 * from its due date. Scheduled draft orders become planned.
 */
async function scheduleIn(tx: Tx, deps: ProcessDeps, orders: OrderRow[], direction: Direction, from: Date | undefined): Promise<ScheduledOrder[]> {
  const now = deps.clock.now();
  const earliest = (from ?? now).getTime();
  const ids = orders.map((o) => o.id);
  const ops = await tx.query<OperationRow>(
    `SELECT p.id, p.order_id, p.seq, p.name, p.workstation_id, '' AS workstation_code, '' AS workstation_name, p.quantity::text AS quantity,
            p.setup_minutes, p.run_minutes::text AS run_minutes, p.cleanup_minutes, p.planned_energy, p.start_at, p.end_at, p.status
       FROM process.operations p WHERE p.order_id = ANY ($1::uuid[]) ORDER BY p.order_id, p.seq`,
    [ids],
  );
  const byOrder = new Map<string, OperationRow[]>();
  for (const op of ops.rows) {
    const list = byOrder.get(op.order_id) ?? [];
    list.push(op);
    byOrder.set(op.order_id, list);
  }
  const wsIds = [...new Set(ops.rows.map((o) => o.workstation_id))].sort();
  const workstations = await loadWorkstations(tx, wsIds, true);
  assertOpen(workstations, earliest);
  const booked = await bookedSpans(tx, wsIds, new Date(earliest), ids);
  const calendars = new Map([...workstations].map(([id, w]) => [id, w.calendar]));
  const scheduler = new Scheduler(calendars, booked);
  const sorted = [...orders].sort((a, b) => new Date(a.due_at).getTime() - new Date(b.due_at).getTime() || a.order_no.localeCompare(b.order_no));
  const writes: { id: string; start: number; end: number }[] = [];
  const result: ScheduledOrder[] = [];
  for (const order of sorted) {
    const list = byOrder.get(order.id) ?? [];
    const slots = scheduler.schedule(
      list.map((op) => ({ key: op.id, workstationId: op.workstation_id, minutes: operationMinutes(op) })),
      { direction, earliest, due: new Date(order.due_at).getTime() },
    );
    for (const s of slots) writes.push({ id: s.key, start: s.start, end: s.end });
    result.push({
      id: order.id,
      orderNo: order.order_no,
      plannedStart: slots[0] ? new Date(slots[0].start).toISOString() : null,
      plannedEnd: slots.length ? new Date(slots[slots.length - 1]!.end).toISOString() : null,
    });
  }
  await writeSlots(tx, writes);
  await tx.query(
    `UPDATE process.orders o SET planned_start = s.ps, planned_end = s.pe, version = o.version + 1, updated_at = $4,
            status = CASE WHEN o.status = 'draft' THEN 'planned' ELSE o.status END
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS s(id, ps, pe)
      WHERE o.id = s.id`,
    [result.map((r) => r.id), result.map((r) => r.plannedStart), result.map((r) => r.plannedEnd), now],
  );
  return result;
}

/** POST /orders/:id/schedule. */
export async function scheduleOrder(deps: ProcessDeps, actor: UserActor, id: string, input: { direction: Direction; from?: string | undefined }, origin: AuditOrigin): Promise<OrderDetail> {
  const { db, clock } = deps;
  return withTenant(db, actor.tenantId, async (tx) => {
    const row = await findOrder(tx, actor, id, true);
    assertSchedulable(row);
    const [done] = await scheduleIn(tx, deps, [row], input.direction, input.from ? new Date(input.from) : undefined);
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: auditActorOf(actor),
      action: 'process.order.scheduled',
      target: { type: 'process_order', id },
      result: 'success',
      details: { orderNo: row.order_no, direction: input.direction, plannedStart: done?.plannedStart ?? null, plannedEnd: done?.plannedEnd ?? null },
    });
    return orderDetail(tx, actor, id, clock.now());
  });
}

/** POST /schedule/run: the given orders (or every visible draft order) by due date. */
export async function runSchedule(
  deps: ProcessDeps,
  actor: UserActor,
  input: { orderIds?: string[] | undefined; direction: Direction; from?: string | undefined },
  origin: AuditOrigin,
): Promise<{ scheduled: ScheduledOrder[] }> {
  const { db, clock } = deps;
  return withTenant(db, actor.tenantId, async (tx) => {
    let orders: OrderRow[];
    // One statement locks them all, in id order (as concurrent runs do too).
    if (input.orderIds) {
      const { rows } = await tx.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE o.id = ANY ($1::uuid[]) ORDER BY o.id FOR UPDATE OF o`, [input.orderIds]);
      orders = rows.filter((row) => canSee(actor, row));
      if (orders.length !== input.orderIds.length) throw new AppError('not_found');
      orders.forEach(assertSchedulable);
    } else {
      const { rows } = await tx.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE o.status = 'draft' ORDER BY o.id FOR UPDATE OF o`);
      orders = rows.filter((row) => canSee(actor, row));
    }
    const scheduled = orders.length ? await scheduleIn(tx, deps, orders, input.direction, input.from ? new Date(input.from) : undefined) : [];
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: auditActorOf(actor),
      action: 'process.schedule.run',
      result: 'success',
      details: { direction: input.direction, count: scheduled.length, orders: scheduled.map((s) => ({ id: s.id, orderNo: s.orderNo })) },
    });
    return { scheduled };
  });
}

async function conflictsOn(
  tx: Tx,
  actor: UserActor,
  workstationId: string,
  start: number,
  end: number,
  exceptOperations: readonly string[],
): Promise<ConflictView[]> {
  const { rows } = await tx.query<{ id: string; order_id: string; order_no: string; start_at: Date; end_at: Date; classification: string; named_users: string[] }>(
    `SELECT p.id, p.order_id, o.order_no, p.start_at, p.end_at, o.classification, o.named_users::text[] AS named_users
       FROM process.operations p JOIN process.orders o ON o.tenant_id = p.tenant_id AND o.id = p.order_id
      WHERE p.workstation_id = $1 AND p.start_at < $3 AND p.end_at > $2 AND o.status <> 'cancelled' AND NOT (p.id = ANY ($4::uuid[]))
      ORDER BY p.start_at`,
    [workstationId, new Date(start), new Date(end), [...exceptOperations]],
  );
  return rows.map((r) => {
    const visible = canSee(actor, r);
    return {
      operationId: visible ? r.id : '',
      orderId: visible ? r.order_id : '',
      orderNo: visible ? r.order_no : '',
      startAt: new Date(r.start_at).toISOString(),
      endAt: new Date(r.end_at).toISOString(),
    };
  });
}

function slotOf(op: OperationRow, ws: { workstationId: string; setupMinutes: number; cleanupMinutes: number }, start: number, end: number): SlotRecord {
  return { operationId: op.id, workstationId: ws.workstationId, setupMinutes: ws.setupMinutes, cleanupMinutes: ws.cleanupMinutes, startAt: new Date(start).toISOString(), endAt: new Date(end).toISOString() };
}

function currentSlot(op: OperationRow): SlotRecord {
  return slotOf(op, { workstationId: op.workstation_id, setupMinutes: op.setup_minutes, cleanupMinutes: op.cleanup_minutes }, new Date(op.start_at!).getTime(), new Date(op.end_at!).getTime());
}

async function applySlots(tx: Tx, slots: readonly SlotRecord[]): Promise<void> {
  for (const s of slots) {
    await tx.query('UPDATE process.operations SET workstation_id = $2, setup_minutes = $3, cleanup_minutes = $4, start_at = $5, end_at = $6 WHERE id = $1', [
      s.operationId, s.workstationId, s.setupMinutes, s.cleanupMinutes, s.startAt, s.endAt,
    ]);
  }
}

/**
 * POST /orders/:id/reschedule (a drag on the Gantt): the operation starts at the next working
 * time at or after `startAt` (on another workstation if given); later operations of the order
 * move along when they would start before the previous one ends. Overlaps → 409 with the list.
 */
export async function rescheduleOperation(
  deps: ProcessDeps,
  actor: UserActor,
  orderId: string,
  input: { operationId: string; startAt: string; workstationId?: string | undefined },
  origin: AuditOrigin,
): Promise<{ detail: OrderDetail; changeId: string | null }> {
  const { db, clock } = deps;
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    const order = await findOrder(tx, actor, orderId, true);
    assertSchedulable(order);
    const ops = await operationsOf(tx, orderId);
    const k = ops.findIndex((o) => o.id === input.operationId);
    if (k < 0) throw new AppError('not_found');
    if (ops.some((o) => o.start_at === null)) throw new AppError('process.order_not_scheduled');
    const targetWs = input.workstationId ?? ops[k]!.workstation_id;
    const wsIds = [...new Set([...ops.map((o) => o.workstation_id), targetWs])].sort();
    const workstations = await loadWorkstations(tx, wsIds, true);
    const target = workstations.get(targetWs);
    if (!target || target.archived) throw new AppError('process.workstation_invalid', { fields: { workstationId: 'process.workstation_invalid' } });
    assertOpen(new Map([[targetWs, target]]), Date.parse(input.startAt));

    const before: SlotRecord[] = [];
    const after: SlotRecord[] = [];
    let prevEnd = k > 0 ? new Date(ops[k - 1]!.end_at!).getTime() : Number.NEGATIVE_INFINITY;
    for (let j = k; j < ops.length; j++) {
      const op = ops[j]!;
      const wsId = j === k ? targetWs : op.workstation_id;
      const ws = workstations.get(wsId)!;
      const setup = j === k ? ws.setupMinutes : op.setup_minutes;
      const cleanup = j === k ? ws.cleanupMinutes : op.cleanup_minutes;
      const curStart = new Date(op.start_at!).getTime();
      const curEnd = new Date(op.end_at!).getTime();
      let start: number;
      let end: number;
      if (j === k) {
        start = ws.calendar.nextWorking(Date.parse(input.startAt));
        end = ws.calendar.advance(start, neededMs(setup + Number(op.run_minutes) + cleanup));
      } else if (curStart >= prevEnd) {
        break;
      } else {
        start = ws.calendar.nextWorking(prevEnd);
        end = ws.calendar.advance(start, neededMs(operationMinutes(op)));
      }
      if (start !== curStart || end !== curEnd || wsId !== op.workstation_id) {
        before.push(currentSlot(op));
        after.push(slotOf(op, { workstationId: wsId, setupMinutes: setup, cleanupMinutes: cleanup }, start, end));
      }
      prevEnd = end;
    }
    if (after.length === 0) return { detail: await orderDetail(tx, actor, orderId, now), changeId: null };

    const moved = after.map((s) => s.operationId);
    const conflicts: ConflictView[] = [];
    const first = after[0]!;
    if (k > 0 && Date.parse(first.startAt) < new Date(ops[k - 1]!.end_at!).getTime()) {
      const p = ops[k - 1]!;
      conflicts.push({ operationId: p.id, orderId, orderNo: order.order_no, startAt: new Date(p.start_at!).toISOString(), endAt: new Date(p.end_at!).toISOString() });
    }
    for (const s of after) conflicts.push(...(await conflictsOn(tx, actor, s.workstationId, Date.parse(s.startAt), Date.parse(s.endAt), moved)));
    if (conflicts.length > 0) throw new ScheduleConflictError('process.schedule_conflict', conflicts);

    await applySlots(tx, after);
    await refreshPlannedRange(tx, orderId, now);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO process.schedule_changes (tenant_id, order_id, before_slots, after_slots, changed_by, changed_at) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6) RETURNING id`,
      [actor.tenantId, orderId, JSON.stringify(before), JSON.stringify(after), actor.userId, now],
    );
    const changeId = rows[0]!.id;
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: auditActorOf(actor),
      action: 'process.order.rescheduled',
      target: { type: 'process_order', id: orderId },
      result: 'success',
      details: { orderNo: order.order_no, changeId, operationId: input.operationId },
      changes: { before: { slots: before }, after: { slots: after } },
    });
    return { detail: await orderDetail(tx, actor, orderId, now), changeId };
  });
}

/** POST /schedule-changes/:id/undo: puts the slots back if they are still free and nothing changed since. */
export async function undoScheduleChange(deps: ProcessDeps, actor: UserActor, changeId: string, origin: AuditOrigin): Promise<{ detail: OrderDetail }> {
  const { db, clock } = deps;
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    const found = await tx.query<{ order_id: string }>('SELECT order_id FROM process.schedule_changes WHERE id = $1', [changeId]);
    if (!found.rows[0]) throw new AppError('not_found');
    const orderId = found.rows[0].order_id;
    const order = await findOrder(tx, actor, orderId, true);
    const change = await tx.query<{ before_slots: SlotRecord[]; after_slots: SlotRecord[]; undone_at: Date | null }>(
      'SELECT before_slots, after_slots, undone_at FROM process.schedule_changes WHERE id = $1 FOR UPDATE',
      [changeId],
    );
    const c = change.rows[0]!;
    const latest = await tx.query<{ id: string }>(
      'SELECT id FROM process.schedule_changes WHERE order_id = $1 AND undone_at IS NULL ORDER BY seq DESC LIMIT 1',
      [orderId],
    );
    if (c.undone_at !== null || latest.rows[0]?.id !== changeId) throw new AppError('process.undo_unavailable');
    assertSchedulable(order);
    const ops = new Map((await operationsOf(tx, orderId)).map((o) => [o.id, o]));
    const wsIds = [...new Set([...c.before_slots, ...c.after_slots].map((s) => s.workstationId))].sort();
    await loadWorkstations(tx, wsIds, true);
    for (const s of c.after_slots) {
      const op = ops.get(s.operationId);
      if (!op || op.workstation_id !== s.workstationId || op.start_at === null || new Date(op.start_at).toISOString() !== s.startAt || new Date(op.end_at!).toISOString() !== s.endAt) {
        throw new ScheduleConflictError('process.undo_conflict', []);
      }
    }
    const moved = c.before_slots.map((s) => s.operationId);
    const conflicts: ConflictView[] = [];
    for (const s of c.before_slots) conflicts.push(...(await conflictsOn(tx, actor, s.workstationId, Date.parse(s.startAt), Date.parse(s.endAt), moved)));
    if (conflicts.length > 0) throw new ScheduleConflictError('process.undo_conflict', conflicts);
    await applySlots(tx, c.before_slots);
    await tx.query('UPDATE process.schedule_changes SET undone_at = $2 WHERE id = $1', [changeId, now]);
    await refreshPlannedRange(tx, orderId, now);
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: auditActorOf(actor),
      action: 'process.schedule_change.undone',
      target: { type: 'process_order', id: orderId },
      result: 'success',
      details: { orderNo: order.order_no, changeId },
      changes: { before: { slots: c.after_slots }, after: { slots: c.before_slots } },
    });
    return { detail: await orderDetail(tx, actor, orderId, now) };
  });
}

export type { OrderStatus };
