import type { Tx } from '../../../core/db/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { visibleCondition } from '../shared/labels.js';

/** A work record as the API returns it. */
export interface WorkRecordView {
  id: string;
  operationId: string;
  orderId: string;
  orderNo: string;
  operationName: string;
  operationSeq: number;
  startedAt: string;
  finishedAt: string | null;
  goodQuantity: number;
  scrapQuantity: number;
  lossReason: string;
  operatorId: string | null;
  operatorName: string;
  energy: Record<string, number>;
  consumedLots: { lotId: string; lotNo: string; itemCode: string; quantity: number }[];
  producedLotId: string | null;
  producedLotNo: string | null;
  remarks: string;
  labels: string[];
  classification: 'general' | 'internal' | 'confidential';
  namedUsers: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface WorkRecordRow {
  id: string;
  operation_id: string;
  order_id: string;
  order_no: string;
  operation_name: string;
  operation_seq: number;
  started_at: Date;
  finished_at: Date | null;
  good_quantity: string;
  scrap_quantity: string;
  loss_reason: string;
  operator_id: string | null;
  operator_name: string;
  energy: Record<string, number>;
  consumed: { lotId: string; lotNo: string; itemCode: string; quantity: number }[] | string;
  produced_lot_id: string | null;
  produced_lot_no: string | null;
  remarks: string;
  labels: string[];
  classification: 'general' | 'internal' | 'confidential';
  named_users: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

const iso = (d: Date | string): string => new Date(d).toISOString();

/**
 * The visibility rule (8.2.2) for one labelled row in SQL; `$1` holds the actor's user id
 * (always referenced, so that its type is known even when the actor is an admin).
 */
export function visibleTo(actor: UserActor, alias: string): string {
  return `(${visibleCondition(actor, alias, '$1')} AND $1::uuid IS NOT NULL)`;
}

/** The record and order visibility rule in SQL; `$1` holds the actor's user id. */
export function recordVisibility(actor: UserActor, record = 'r', order = 'd'): string {
  return `${visibleTo(actor, record)} AND ${visibleTo(actor, order)}`;
}

const SELECT = `
  SELECT r.id, r.operation_id, r.order_id, d.order_no, op.name AS operation_name, op.seq AS operation_seq,
         r.started_at, r.finished_at, r.good_quantity::text AS good_quantity, r.scrap_quantity::text AS scrap_quantity,
         r.loss_reason, r.operator_id, r.operator_name, r.energy, r.produced_lot_id, pl.lot_no AS produced_lot_no,
         r.remarks, r.labels, r.classification, r.named_users, r.version, r.created_at, r.updated_at,
         (SELECT coalesce(json_agg(json_build_object('lotId', c.lot_id, 'lotNo', l.lot_no, 'itemCode', i.code, 'quantity', c.quantity) ORDER BY l.lot_no), '[]')
            FROM process.lot_consumptions c
            JOIN process.lots l ON l.tenant_id = c.tenant_id AND l.id = c.lot_id
            JOIN process.items i ON i.tenant_id = l.tenant_id AND i.id = l.item_id
           WHERE c.tenant_id = r.tenant_id AND c.work_record_id = r.id)::text AS consumed
    FROM process.work_records r
    JOIN process.orders d ON d.tenant_id = r.tenant_id AND d.id = r.order_id
    JOIN process.operations op ON op.tenant_id = r.tenant_id AND op.id = r.operation_id
    LEFT JOIN process.lots pl ON pl.tenant_id = r.tenant_id AND pl.id = r.produced_lot_id`;

function view(row: WorkRecordRow): WorkRecordView {
  return {
    id: row.id,
    operationId: row.operation_id,
    orderId: row.order_id,
    orderNo: row.order_no,
    operationName: row.operation_name,
    operationSeq: row.operation_seq,
    startedAt: iso(row.started_at),
    finishedAt: row.finished_at ? iso(row.finished_at) : null,
    goodQuantity: Number(row.good_quantity),
    scrapQuantity: Number(row.scrap_quantity),
    lossReason: row.loss_reason,
    operatorId: row.operator_id,
    operatorName: row.operator_name,
    energy: row.energy,
    consumedLots: typeof row.consumed === 'string' ? JSON.parse(row.consumed) : row.consumed,
    producedLotId: row.produced_lot_id,
    producedLotNo: row.produced_lot_no,
    remarks: row.remarks,
    labels: row.labels,
    classification: row.classification,
    namedUsers: row.named_users,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** One visible work record, or undefined (another tenant's or a hidden one). */
export async function findWorkRecord(tx: Tx, actor: UserActor, id: string): Promise<WorkRecordView | undefined> {
  const { rows } = await tx.query<WorkRecordRow>(`${SELECT} WHERE r.id = $2 AND ${recordVisibility(actor)}`, [actor.userId, id]);
  return rows[0] ? view(rows[0]) : undefined;
}

/** Visible work records, newest first, filtered by order or operation. */
export async function listWorkRecords(
  tx: Tx,
  actor: UserActor,
  filter: { orderId?: string | undefined; operationId?: string | undefined; operationIds?: readonly string[]; limit: number; offset: number },
): Promise<{ records: WorkRecordView[]; total: number }> {
  const where = `${recordVisibility(actor)}
    AND ($2::uuid IS NULL OR r.order_id = $2) AND ($3::uuid IS NULL OR r.operation_id = $3)
    AND ($4::uuid[] IS NULL OR r.operation_id = ANY ($4::uuid[]))`;
  const params = [actor.userId, filter.orderId ?? null, filter.operationId ?? null, filter.operationIds ? [...filter.operationIds] : null];
  const { rows } = await tx.query<WorkRecordRow>(`${SELECT} WHERE ${where} ORDER BY r.started_at DESC, r.id LIMIT ${filter.limit} OFFSET ${filter.offset}`, params);
  const count = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM process.work_records r JOIN process.orders d ON d.tenant_id = r.tenant_id AND d.id = r.order_id WHERE ${where}`,
    params,
  );
  return { records: rows.map(view), total: count.rows[0]?.n ?? 0 };
}

/** An operation of the tablet's work queue. */
export interface QueueOperation {
  id: string;
  orderId: string;
  seq: number;
  name: string;
  workstationId: string;
  workstationCode: string;
  workstationName: string;
  quantity: number;
  setupMinutes: number;
  runMinutes: number;
  cleanupMinutes: number;
  startAt: string | null;
  endAt: string | null;
  status: string;
  orderNo: string;
  itemName: string;
  lotNo: string;
  records: WorkRecordView[];
}

/** Operations of released and in-progress orders (one workstation's, or all), in planned order. */
export async function workQueue(tx: Tx, actor: UserActor, workstationId: string | undefined): Promise<QueueOperation[]> {
  const { rows } = await tx.query<{
    id: string; order_id: string; seq: number; name: string; workstation_id: string; workstation_code: string; workstation_name: string;
    quantity: string; setup_minutes: number; run_minutes: string; cleanup_minutes: number; start_at: Date | null; end_at: Date | null;
    status: string; order_no: string; item_name: string; lot_no: string;
  }>(
    `SELECT o.id, o.order_id, o.seq, o.name, o.workstation_id, w.code AS workstation_code, w.name AS workstation_name,
            o.quantity::text AS quantity, o.setup_minutes, o.run_minutes::text AS run_minutes, o.cleanup_minutes, o.start_at, o.end_at,
            o.status, d.order_no, i.name AS item_name, d.lot_no
       FROM process.operations o
       JOIN process.orders d ON d.tenant_id = o.tenant_id AND d.id = o.order_id
       JOIN process.items i ON i.tenant_id = d.tenant_id AND i.id = d.item_id
       JOIN process.workstations w ON w.tenant_id = o.tenant_id AND w.id = o.workstation_id
      WHERE d.status IN ('released', 'in_progress') AND ${visibleTo(actor, 'd')}
        AND ($2::uuid IS NULL OR o.workstation_id = $2)
      ORDER BY o.start_at NULLS LAST, d.order_no, o.seq
      LIMIT 500`,
    [actor.userId, workstationId ?? null],
  );
  const { records } = rows.length
    ? await listWorkRecords(tx, actor, { operationIds: rows.map((r) => r.id), limit: 5000, offset: 0 })
    : { records: [] as WorkRecordView[] };
  return rows.map((o) => ({
    id: o.id,
    orderId: o.order_id,
    seq: o.seq,
    name: o.name,
    workstationId: o.workstation_id,
    workstationCode: o.workstation_code,
    workstationName: o.workstation_name,
    quantity: Number(o.quantity),
    setupMinutes: o.setup_minutes,
    runMinutes: Number(o.run_minutes),
    cleanupMinutes: o.cleanup_minutes,
    startAt: o.start_at ? iso(o.start_at) : null,
    endAt: o.end_at ? iso(o.end_at) : null,
    status: o.status,
    orderNo: o.order_no,
    itemName: o.item_name,
    lotNo: o.lot_no,
    records: records.filter((r) => r.operationId === o.id).sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
  }));
}
