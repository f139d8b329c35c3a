import { AppError } from '../../../core/errors.js';
import type { Tx } from '../../../core/db/index.js';
import type { AuditActor } from '../../../platform/audit/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { canSee, visibleCondition } from '../shared/labels.js';
import type { OrderStatus } from './orderSchemas.js';

/** How the acting user appears in the tenant's event log. */
export function auditActorOf(actor: UserActor): AuditActor {
  return { type: 'user', id: actor.userId, name: actor.displayName };
}

export function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function isoOf(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export interface OrderRow {
  id: string;
  order_no: string;
  item_id: string;
  item_code: string;
  item_name: string;
  unit: string;
  quantity: string;
  due_at: Date;
  lot_no: string;
  status: OrderStatus;
  routing_id: string | null;
  formula_id: string | null;
  planned_start: Date | null;
  planned_end: Date | null;
  released_at: Date | null;
  completed_at: Date | null;
  remarks: string;
  labels: string[];
  classification: 'general' | 'internal' | 'confidential';
  named_users: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const ORDER_COLUMNS = `o.id, o.order_no, o.item_id, i.code AS item_code, i.name AS item_name, i.unit, o.quantity::text AS quantity,
  o.due_at, o.lot_no, o.status, o.routing_id, o.formula_id, o.planned_start, o.planned_end, o.released_at, o.completed_at,
  o.remarks, o.labels, o.classification, o.named_users::text[] AS named_users, o.version, o.created_at, o.updated_at`;
export const ORDER_FROM = `process.orders o JOIN process.items i ON i.tenant_id = o.tenant_id AND i.id = o.item_id`;

/**
 * SQL: whether an order (alias o) is late at the instant in `nowParam`; never NULL, so that
 * `NOT` of it keeps the unscheduled orders (no planned end) that are not late.
 */
export function lateSql(nowParam: string): string {
  return `(o.status NOT IN ('done', 'cancelled') AND (coalesce(o.planned_end > o.due_at, false) OR ${nowParam}::timestamptz > o.due_at))`;
}

export function isLate(row: { status: string; due_at: Date | string; planned_end: Date | string | null }, now: Date): boolean {
  if (row.status === 'done' || row.status === 'cancelled') return false;
  const due = new Date(row.due_at).getTime();
  return (row.planned_end !== null && new Date(row.planned_end).getTime() > due) || now.getTime() > due;
}

export function orderView(row: OrderRow, now: Date) {
  return {
    id: row.id,
    orderNo: row.order_no,
    itemId: row.item_id,
    itemCode: row.item_code,
    itemName: row.item_name,
    unit: row.unit,
    quantity: Number(row.quantity),
    dueAt: isoOf(row.due_at),
    lotNo: row.lot_no,
    status: row.status,
    routingId: row.routing_id,
    formulaId: row.formula_id,
    plannedStart: iso(row.planned_start),
    plannedEnd: iso(row.planned_end),
    releasedAt: iso(row.released_at),
    completedAt: iso(row.completed_at),
    late: isLate(row, now),
    remarks: row.remarks,
    labels: row.labels,
    classification: row.classification,
    namedUsers: row.named_users,
    version: row.version,
    createdAt: isoOf(row.created_at),
    updatedAt: isoOf(row.updated_at),
  };
}
export type OrderView = ReturnType<typeof orderView>;

/** The order if the actor may see it (else 404); `lock` takes a row lock for a change. */
export async function findOrder(tx: Tx, actor: UserActor, id: string, lock = false, checkVisible = true): Promise<OrderRow> {
  const { rows } = await tx.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE o.id = $1${lock ? ' FOR UPDATE OF o' : ''}`, [id]);
  const row = rows[0];
  if (!row || (checkVisible && !canSee(actor, row))) throw new AppError('not_found');
  return row;
}

export interface OperationRow {
  id: string;
  order_id: string;
  seq: number;
  name: string;
  workstation_id: string;
  workstation_code: string;
  workstation_name: string;
  quantity: string;
  setup_minutes: number;
  run_minutes: string;
  cleanup_minutes: number;
  planned_energy: Record<string, number>;
  start_at: Date | null;
  end_at: Date | null;
  status: 'pending' | 'in_progress' | 'done';
}

export const OPERATION_COLUMNS = `p.id, p.order_id, p.seq, p.name, p.workstation_id, w.code AS workstation_code, w.name AS workstation_name,
  p.quantity::text AS quantity, p.setup_minutes, p.run_minutes::text AS run_minutes, p.cleanup_minutes, p.planned_energy, p.start_at, p.end_at, p.status`;
export const OPERATION_FROM = `process.operations p JOIN process.workstations w ON w.tenant_id = p.tenant_id AND w.id = p.workstation_id`;

export function operationView(row: OperationRow) {
  return {
    id: row.id,
    orderId: row.order_id,
    seq: row.seq,
    name: row.name,
    workstationId: row.workstation_id,
    workstationCode: row.workstation_code,
    workstationName: row.workstation_name,
    quantity: Number(row.quantity),
    setupMinutes: row.setup_minutes,
    runMinutes: Number(row.run_minutes),
    cleanupMinutes: row.cleanup_minutes,
    plannedEnergy: row.planned_energy,
    startAt: iso(row.start_at),
    endAt: iso(row.end_at),
    status: row.status,
  };
}

/** Total working minutes an operation needs. */
export function operationMinutes(row: { setup_minutes: number; run_minutes: string | number; cleanup_minutes: number }): number {
  return row.setup_minutes + Number(row.run_minutes) + row.cleanup_minutes;
}

export async function operationsOf(tx: Tx, orderId: string): Promise<OperationRow[]> {
  const { rows } = await tx.query<OperationRow>(`SELECT ${OPERATION_COLUMNS} FROM ${OPERATION_FROM} WHERE p.order_id = $1 ORDER BY p.seq`, [orderId]);
  return rows;
}

/** Legal moves of the state machine. in_progress is normally reached by the first work record. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  draft: ['planned', 'cancelled'],
  planned: ['released', 'cancelled'],
  released: ['in_progress', 'cancelled'],
  in_progress: ['done'],
  done: [],
  cancelled: [],
};

/** Statuses whose schedule may be planned or changed. */
export const SCHEDULABLE: readonly OrderStatus[] = ['draft', 'planned', 'released'];

/** An order with its operations, materials and schedule changes; `checkVisible: false` right after the actor's own change. */
export async function orderDetail(tx: Tx, actor: UserActor, id: string, now: Date, checkVisible = true) {
  const row = await findOrder(tx, actor, id, false, checkVisible);
  const operations = await operationsOf(tx, id);
  const materials = await tx.query<{ item_id: string; code: string; name: string; unit: string; required_quantity: string }>(
    `SELECT m.item_id, i.code, i.name, i.unit, m.required_quantity::text AS required_quantity
       FROM process.order_materials m JOIN process.items i ON i.tenant_id = m.tenant_id AND i.id = m.item_id
      WHERE m.order_id = $1 ORDER BY i.code`,
    [id],
  );
  const changes = await tx.query<{ id: string; changed_at: Date; changed_by: string | null; undone_at: Date | null }>(
    `SELECT id, changed_at, changed_by, undone_at FROM process.schedule_changes WHERE order_id = $1 ORDER BY seq DESC LIMIT 50`,
    [id],
  );
  const latestOpen = changes.rows.find((c) => c.undone_at === null);
  const undoable = SCHEDULABLE.includes(row.status);
  return {
    order: orderView(row, now),
    operations: operations.map(operationView),
    materials: materials.rows.map((m) => ({ itemId: m.item_id, itemCode: m.code, itemName: m.name, unit: m.unit, requiredQuantity: Number(m.required_quantity) })),
    changes: changes.rows.map((c) => ({
      id: c.id,
      changedAt: isoOf(c.changed_at),
      changedBy: c.changed_by,
      undoneAt: iso(c.undone_at),
      canUndo: undoable && c.undone_at === null && latestOpen?.id === c.id,
    })),
    allowedTransitions: [...TRANSITIONS[row.status]],
  };
}
export type OrderDetail = Awaited<ReturnType<typeof orderDetail>>;

/** Condition on orders (alias o) hiding confidential ones from who may not see them; `$n` holds the user id. */
export function orderVisibility(actor: UserActor, userParam: string): string {
  const condition = visibleCondition(actor, 'o', userParam);
  // The parameter is always referenced, so that its type is known even when admins see everything.
  return condition === 'true' ? `(${userParam}::uuid IS NOT NULL OR true)` : condition;
}
