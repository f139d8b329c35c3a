import { withTenant, type Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { recordTenantEvent, type AuditOrigin } from '../../../platform/audit/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import type { ProcessDeps } from '../shared/deps.js';
import { canSee } from '../shared/labels.js';
import { assertNamedUsers } from '../shared/namedUsers.js';
import { findWorkRecord, type WorkRecordView } from './workRecordQueries.js';
import type { CreateWorkRecordInput, UpdateWorkRecordInput } from './schemas.js';

const RECORDABLE = new Set(['released', 'in_progress']);

interface OperationContext {
  operation_id: string;
  seq: number;
  last_seq: number;
  op_status: string;
  order_id: string;
  order_status: string;
  item_id: string;
  lot_no: string;
  classification: string;
  named_users: string[];
}

const actorOf = (actor: UserActor) => ({ type: 'user' as const, id: actor.userId, name: actor.displayName });

/** The operation and its order, the order locked; 404 when it is not there or hidden. */
async function lockOperation(tx: Tx, actor: UserActor, operationId: string): Promise<OperationContext> {
  const { rows } = await tx.query<OperationContext>(
    `SELECT o.id AS operation_id, o.seq, o.status AS op_status, d.id AS order_id, d.status AS order_status, d.item_id, d.lot_no,
            d.classification, d.named_users,
            (SELECT max(x.seq) FROM process.operations x WHERE x.tenant_id = o.tenant_id AND x.order_id = o.order_id) AS last_seq
       FROM process.operations o
       JOIN process.orders d ON d.tenant_id = o.tenant_id AND d.id = o.order_id
      WHERE o.id = $1
      FOR UPDATE OF d`,
    [operationId],
  );
  const ctx = rows[0];
  if (!ctx || !canSee(actor, ctx)) throw new AppError('not_found');
  if (!RECORDABLE.has(ctx.order_status)) throw new AppError('process.order_not_recordable', { params: { status: ctx.order_status } });
  return ctx;
}

/** Every consumed lot must be a lot of this tenant (RLS hides the others: 404). */
async function assertLotsExist(tx: Tx, lotIds: readonly string[]): Promise<void> {
  if (lotIds.length === 0) return;
  const { rows } = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM process.lots WHERE id = ANY ($1::uuid[])`, [[...lotIds]]);
  if ((rows[0]?.n ?? 0) !== lotIds.length) throw new AppError('process.lot_not_found');
}

/**
 * The produced lot of a record: the given lot number, or the order's lot number on the
 * order's last operation. Created as a 'produced' lot of the order's item; a lot number
 * already used by a purchased lot or by another order is refused.
 */
async function producedLot(tx: Tx, tenantId: string, ctx: OperationContext, lotNo: string | null | undefined, now: Date): Promise<string | null> {
  const number = lotNo === undefined ? (ctx.seq === ctx.last_seq && ctx.lot_no ? ctx.lot_no : null) : lotNo;
  if (!number) return null;
  const found = await tx.query<{ id: string; origin: string; order_id: string | null }>(
    `SELECT id, origin, order_id FROM process.lots WHERE item_id = $1 AND lot_no = $2 FOR UPDATE`,
    [ctx.item_id, number],
  );
  const lot = found.rows[0];
  if (lot) {
    if (lot.origin !== 'produced' || lot.order_id !== ctx.order_id) throw new AppError('process.lot_conflict', { params: { lotNo: number } });
    return lot.id;
  }
  const created = await tx.query<{ id: string }>(
    `INSERT INTO process.lots (tenant_id, item_id, lot_no, origin, quantity, order_id, created_at) VALUES ($1, $2, $3, 'produced', 0, $4, $5) RETURNING id`,
    [tenantId, ctx.item_id, number, ctx.order_id, now],
  );
  return created.rows[0]!.id;
}

/** A produced lot holds the good quantity of the records that made it. */
async function refreshLotQuantity(tx: Tx, lotId: string | null): Promise<void> {
  if (!lotId) return;
  await tx.query(
    `UPDATE process.lots l SET quantity = coalesce((SELECT sum(r.good_quantity) FROM process.work_records r WHERE r.tenant_id = l.tenant_id AND r.produced_lot_id = l.id), 0)
      WHERE l.id = $1 AND l.origin = 'produced'`,
    [lotId],
  );
}

async function writeConsumptions(tx: Tx, tenantId: string, recordId: string, lots: CreateWorkRecordInput['consumedLots']): Promise<void> {
  await tx.query(`DELETE FROM process.lot_consumptions WHERE work_record_id = $1`, [recordId]);
  for (const lot of lots) {
    await tx.query(`INSERT INTO process.lot_consumptions (tenant_id, work_record_id, lot_id, quantity) VALUES ($1, $2, $3, $4)`, [tenantId, recordId, lot.lotId, String(lot.quantity)]);
  }
}

/**
 * The operation is in progress while records are open and done once a record is finished;
 * the first record of a released order starts it (released → in_progress). Completing the
 * order is the planner's transition, never implicit.
 */
async function advanceStatuses(tx: Tx, ctx: OperationContext, finished: boolean, now: Date): Promise<{ operationStatus: string; orderStarted: boolean }> {
  const operationStatus = finished ? 'done' : 'in_progress';
  if (operationStatus !== ctx.op_status) await tx.query(`UPDATE process.operations SET status = $2 WHERE id = $1`, [ctx.operation_id, operationStatus]);
  let orderStarted = false;
  if (ctx.order_status === 'released') {
    await tx.query(`UPDATE process.orders SET status = 'in_progress', version = version + 1, updated_at = $2 WHERE id = $1 AND status = 'released'`, [ctx.order_id, now]);
    orderStarted = true;
  }
  return { operationStatus, orderStarted };
}

function prepare(input: CreateWorkRecordInput | UpdateWorkRecordInput, producedLotId: string | null) {
  if (producedLotId && input.consumedLots.some((l) => l.lotId === producedLotId)) throw new AppError('process.lot_cycle');
}

/** Whoever marks a record confidential stays able to see it: they are named on it. */
function namedUsersOf(actor: UserActor, classification: string | undefined, named: readonly string[] | undefined): string[] | undefined {
  if (classification !== 'confidential') return named ? [...named] : undefined;
  return [...new Set([...(named ?? []), actor.userId])];
}

/** A member records work on an operation (実績). */
export async function createWorkRecord(deps: ProcessDeps, actor: UserActor, input: CreateWorkRecordInput, origin: AuditOrigin): Promise<WorkRecordView> {
  return withTenant(deps.db, actor.tenantId, async (tx) => {
    const now = deps.clock.now();
    const ctx = await lockOperation(tx, actor, input.operationId);
    await assertNamedUsers(tx, input.namedUsers);
    await assertLotsExist(tx, input.consumedLots.map((l) => l.lotId));
    const lotId = await producedLot(tx, actor.tenantId, ctx, input.producedLotNo, now);
    prepare(input, lotId);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO process.work_records (tenant_id, operation_id, order_id, started_at, finished_at, good_quantity, scrap_quantity, loss_reason,
         operator_id, operator_name, energy, produced_lot_id, remarks, labels, classification, named_users, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15, $16, $9, $17, $17) RETURNING id`,
      [
        actor.tenantId, ctx.operation_id, ctx.order_id, input.startedAt, input.finishedAt ?? null, String(input.goodQuantity), String(input.scrapQuantity),
        input.lossReason ?? '', actor.userId, input.operatorName || actor.displayName, JSON.stringify(input.energy), lotId,
        input.remarks ?? '', input.labels ?? [], input.classification ?? 'general', namedUsersOf(actor, input.classification, input.namedUsers) ?? [], now,
      ],
    );
    const id = rows[0]!.id;
    await writeConsumptions(tx, actor.tenantId, id, input.consumedLots);
    await refreshLotQuantity(tx, lotId);
    const statuses = await advanceStatuses(tx, ctx, Boolean(input.finishedAt), now);
    await recordTenantEvent(tx, deps.clock, actor.tenantId, origin, {
      actor: actorOf(actor),
      action: 'process.work_record.created',
      target: { type: 'process.work_record', id, labels: [input.classification ?? 'general'] },
      result: 'success',
      details: { orderId: ctx.order_id, operationId: ctx.operation_id, goodQuantity: input.goodQuantity, scrapQuantity: input.scrapQuantity, ...statuses },
    });
    const record = await findWorkRecord(tx, actor, id);
    if (!record) throw new Error('createWorkRecord: the record is not readable in its own transaction');
    return record;
  });
}

/** Corrects a work record (optimistic lock by `version`) while its order accepts records. */
export async function updateWorkRecord(deps: ProcessDeps, actor: UserActor, id: string, input: UpdateWorkRecordInput, origin: AuditOrigin): Promise<WorkRecordView> {
  return withTenant(deps.db, actor.tenantId, async (tx) => {
    const now = deps.clock.now();
    const before = await findWorkRecord(tx, actor, id);
    if (!before) throw new AppError('not_found');
    const ctx = await lockOperation(tx, actor, before.operationId);
    const locked = await tx.query<{ version: number }>(`SELECT version FROM process.work_records WHERE id = $1 FOR UPDATE`, [id]);
    if (locked.rows[0]?.version !== input.version) throw new AppError('conflict');
    await assertNamedUsers(tx, input.namedUsers, before.namedUsers);
    await assertLotsExist(tx, input.consumedLots.map((l) => l.lotId));
    const lotId = input.producedLotNo === undefined ? before.producedLotId : await producedLot(tx, actor.tenantId, ctx, input.producedLotNo, now);
    prepare(input, lotId);
    await tx.query(
      `UPDATE process.work_records SET started_at = $2, finished_at = $3, good_quantity = $4, scrap_quantity = $5, loss_reason = $6, operator_name = $7,
              energy = $8::jsonb, produced_lot_id = $9, remarks = $10, labels = $11, classification = $12, named_users = $13, version = version + 1, updated_at = $14
        WHERE id = $1`,
      [
        id, input.startedAt, input.finishedAt ?? null, String(input.goodQuantity), String(input.scrapQuantity), input.lossReason ?? '',
        input.operatorName || before.operatorName, JSON.stringify(input.energy), lotId, input.remarks ?? before.remarks, input.labels ?? before.labels,
        input.classification ?? before.classification, namedUsersOf(actor, input.classification ?? before.classification, input.namedUsers ?? before.namedUsers) ?? [], now,
      ],
    );
    await writeConsumptions(tx, actor.tenantId, id, input.consumedLots);
    await refreshLotQuantity(tx, lotId);
    if (before.producedLotId !== lotId) await refreshLotQuantity(tx, before.producedLotId);
    const statuses = await advanceStatuses(tx, ctx, Boolean(input.finishedAt), now);
    const after = await findWorkRecord(tx, actor, id);
    if (!after) throw new Error('updateWorkRecord: the record is not readable in its own transaction');
    const pick = (r: WorkRecordView) => ({
      startedAt: r.startedAt, finishedAt: r.finishedAt, goodQuantity: r.goodQuantity, scrapQuantity: r.scrapQuantity, energy: r.energy,
      consumedLots: r.consumedLots.map((l) => ({ lotId: l.lotId, quantity: l.quantity })), producedLotNo: r.producedLotNo, classification: r.classification,
    });
    await recordTenantEvent(tx, deps.clock, actor.tenantId, origin, {
      actor: actorOf(actor),
      action: 'process.work_record.updated',
      target: { type: 'process.work_record', id, labels: [after.classification] },
      result: 'success',
      details: { orderId: ctx.order_id, operationId: ctx.operation_id, ...statuses },
      changes: { before: pick(before), after: pick(after) },
    });
    return after;
  });
}
