import { withTenant, type Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { recordTenantEvent, type AuditOrigin } from '../../../platform/audit/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import type { ProcessDeps } from '../shared/deps.js';
import { assertNamedUsers } from '../shared/namedUsers.js';
import { materialRequirements, plannedEnergy, runMinutes } from './generation.js';
import { auditActorOf, findOrder, orderDetail, TRANSITIONS, type OrderDetail, type OrderRow } from './orderRepository.js';
import type { CreateOrderInput, OrderStatus, UpdateOrderInput } from './orderSchemas.js';

export const STATUS_LABELS: Readonly<Record<OrderStatus, { ja: string; en: string }>> = {
  draft: { ja: '下書き', en: 'draft' },
  planned: { ja: '計画済', en: 'planned' },
  released: { ja: '発行済', en: 'released' },
  in_progress: { ja: '製造中', en: 'in progress' },
  done: { ja: '完了', en: 'done' },
  cancelled: { ja: '中止', en: 'cancelled' },
};

const JST_OFFSET_MS = 9 * 3_600_000;

/** The next generated order number of the tenant for the JST year of `now` (MO-2026-00001). */
async function nextOrderNo(tx: Tx, tenantId: string, now: Date): Promise<string> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('process.order_no:' || $1::text))`, [tenantId]);
  const year = new Date(now.getTime() + JST_OFFSET_MS).getUTCFullYear();
  const prefix = `MO-${year}-`;
  const { rows } = await tx.query<{ n: number | null }>(
    `SELECT max(substring(order_no from ${prefix.length + 1})::int) AS n FROM process.orders WHERE order_no ~ $1`,
    [`^MO-${year}-[0-9]{1,9}$`],
  );
  return `${prefix}${String((rows[0]?.n ?? 0) + 1).padStart(5, '0')}`;
}

/** The routing to use: the given one (it must make the item), none (null), or the item's default. */
async function resolveRouting(tx: Tx, itemId: string, routingId: string | null | undefined): Promise<string | null> {
  if (routingId === null) return null;
  if (routingId === undefined) {
    const { rows } = await tx.query<{ id: string }>('SELECT id FROM process.routings WHERE item_id = $1 AND is_default', [itemId]);
    return rows[0]?.id ?? null;
  }
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM process.routings WHERE id = $1 AND item_id = $2', [routingId, itemId]);
  if (!rows[0]) throw new AppError('process.routing_invalid', { fields: { routingId: 'process.routing_invalid' } });
  return routingId;
}

async function resolveFormula(tx: Tx, itemId: string, formulaId: string | null | undefined): Promise<string | null> {
  if (formulaId === null) return null;
  if (formulaId === undefined) {
    const { rows } = await tx.query<{ id: string }>('SELECT id FROM process.formulas WHERE item_id = $1 AND is_default', [itemId]);
    return rows[0]?.id ?? null;
  }
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM process.formulas WHERE id = $1 AND item_id = $2', [formulaId, itemId]);
  if (!rows[0]) throw new AppError('process.formula_invalid');
  return formulaId;
}

/** (Re)creates the order's operations from its routing and its materials from its formula. */
async function generateLines(tx: Tx, tenantId: string, orderId: string, quantity: number, routingId: string | null, formulaId: string | null): Promise<void> {
  await tx.query('DELETE FROM process.operations WHERE order_id = $1', [orderId]);
  await tx.query('DELETE FROM process.order_materials WHERE order_id = $1', [orderId]);
  if (routingId) {
    const steps = await tx.query<{
      seq: number; name: string; workstation_id: string; time_basis: 'per_unit' | 'per_batch'; standard_minutes: string; batch_size: string;
      energy_per_unit: Record<string, number>; setup_minutes: number; cleanup_minutes: number;
    }>(
      `SELECT s.seq, s.name, s.workstation_id, s.time_basis, s.standard_minutes::text AS standard_minutes, s.batch_size::text AS batch_size,
              s.energy_per_unit, w.setup_minutes, w.cleanup_minutes
         FROM process.routing_steps s JOIN process.workstations w ON w.tenant_id = s.tenant_id AND w.id = s.workstation_id
        WHERE s.routing_id = $1 ORDER BY s.seq`,
      [routingId],
    );
    for (const s of steps.rows) {
      const step = { timeBasis: s.time_basis, standardMinutes: Number(s.standard_minutes), batchSize: Number(s.batch_size), energyPerUnit: s.energy_per_unit };
      await tx.query(
        `INSERT INTO process.operations (tenant_id, order_id, seq, name, workstation_id, quantity, setup_minutes, run_minutes, cleanup_minutes, planned_energy)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
        [tenantId, orderId, s.seq, s.name, s.workstation_id, quantity, s.setup_minutes, runMinutes(step, quantity), s.cleanup_minutes, JSON.stringify(plannedEnergy(step, quantity))],
      );
    }
  }
  if (formulaId) {
    const formula = await tx.query<{ base_quantity: string; yield_pct: string }>(
      'SELECT base_quantity::text AS base_quantity, yield_pct::text AS yield_pct FROM process.formulas WHERE id = $1',
      [formulaId],
    );
    const lines = await tx.query<{ component_item_id: string; quantity: string; scrap_pct: string }>(
      'SELECT component_item_id, quantity::text AS quantity, scrap_pct::text AS scrap_pct FROM process.formula_lines WHERE formula_id = $1 ORDER BY line_no',
      [formulaId],
    );
    const f = formula.rows[0];
    if (f) {
      const required = materialRequirements(
        { baseQuantity: Number(f.base_quantity), yieldPct: Number(f.yield_pct), lines: lines.rows.map((l) => ({ componentItemId: l.component_item_id, quantity: Number(l.quantity), scrapPct: Number(l.scrap_pct) })) },
        quantity,
      );
      for (const [itemId, q] of required) {
        await tx.query('INSERT INTO process.order_materials (tenant_id, order_id, item_id, required_quantity) VALUES ($1, $2, $3, $4)', [tenantId, orderId, itemId, q]);
      }
    }
  }
}

async function assertOrderNoFree(tx: Tx, orderNo: string, exceptId?: string): Promise<void> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM process.orders WHERE order_no = $1', [orderNo]);
  if (rows[0] && rows[0].id !== exceptId) throw new AppError('process.order_no_taken', { fields: { orderNo: 'process.order_no_taken' } });
}

/** Creates a draft order with its operations and material requirements. */
export async function createOrder(deps: ProcessDeps, actor: UserActor, input: CreateOrderInput, origin: AuditOrigin): Promise<OrderDetail> {
  const { db, clock } = deps;
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    const item = await tx.query<{ id: string; archived: boolean }>('SELECT id, archived FROM process.items WHERE id = $1', [input.itemId]);
    if (!item.rows[0] || item.rows[0].archived) throw new AppError('process.item_invalid', { fields: { itemId: 'process.item_invalid' } });
    const routingId = await resolveRouting(tx, input.itemId, input.routingId);
    const formulaId = await resolveFormula(tx, input.itemId, input.formulaId);
    await assertNamedUsers(tx, input.namedUsers);
    const orderNo = input.orderNo ?? (await nextOrderNo(tx, actor.tenantId, now));
    await assertOrderNoFree(tx, orderNo);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO process.orders (tenant_id, order_no, item_id, routing_id, formula_id, quantity, due_at, lot_no, remarks, labels, classification, named_users, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::uuid[], $13, $14, $14) RETURNING id`,
      [
        actor.tenantId, orderNo, input.itemId, routingId, formulaId, input.quantity, input.dueAt, input.lotNo ?? '', input.remarks ?? '', input.labels ?? [],
        input.classification ?? 'general', input.namedUsers ?? [], actor.userId, now,
      ],
    );
    const id = rows[0]!.id;
    await generateLines(tx, actor.tenantId, id, input.quantity, routingId, formulaId);
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: auditActorOf(actor),
      action: 'process.order.created',
      target: { type: 'process_order', id },
      result: 'success',
      details: { orderNo, itemId: input.itemId, quantity: input.quantity, dueAt: new Date(input.dueAt).toISOString(), routingId, formulaId, classification: input.classification ?? 'general' },
    });
    return orderDetail(tx, actor, id, now);
  });
}

function snapshot(row: OrderRow) {
  return {
    quantity: Number(row.quantity), dueAt: new Date(row.due_at).toISOString(), lotNo: row.lot_no, routingId: row.routing_id, formulaId: row.formula_id,
    remarks: row.remarks, labels: row.labels, classification: row.classification, namedUsers: row.named_users,
  };
}

/**
 * Changes a draft or planned order. A new quantity, routing or formula regenerates the
 * operations and materials, which drops the schedule (the order is a draft again).
 */
export async function updateOrder(deps: ProcessDeps, actor: UserActor, id: string, input: UpdateOrderInput, origin: AuditOrigin): Promise<OrderDetail> {
  const { db, clock } = deps;
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    const row = await findOrder(tx, actor, id, true);
    if (row.version !== input.version) throw new AppError('conflict');
    if (row.status !== 'draft' && row.status !== 'planned') {
      const l = STATUS_LABELS[row.status];
      throw new AppError('process.order_not_editable', { params: { status_ja: l.ja, status_en: l.en } });
    }
    await assertNamedUsers(tx, input.namedUsers, row.named_users);
    const before = snapshot(row);
    const quantity = input.quantity ?? Number(row.quantity);
    const routingId = input.routingId === undefined ? row.routing_id : await resolveRouting(tx, row.item_id, input.routingId);
    const formulaId = input.formulaId === undefined ? row.formula_id : await resolveFormula(tx, row.item_id, input.formulaId);
    const regenerate = quantity !== Number(row.quantity) || routingId !== row.routing_id || formulaId !== row.formula_id;
    await tx.query(
      `UPDATE process.orders SET quantity = $2, due_at = $3, lot_no = $4, routing_id = $5, formula_id = $6, remarks = $7, labels = $8,
              classification = $9, named_users = $10::uuid[], version = version + 1, updated_at = $11,
              status = CASE WHEN $12 THEN 'draft' ELSE status END,
              planned_start = CASE WHEN $12 THEN NULL ELSE planned_start END,
              planned_end = CASE WHEN $12 THEN NULL ELSE planned_end END
        WHERE id = $1`,
      [
        id, quantity, input.dueAt ?? row.due_at, input.lotNo ?? row.lot_no, routingId, formulaId, input.remarks ?? row.remarks, input.labels ?? row.labels,
        input.classification ?? row.classification, input.namedUsers ?? row.named_users, now, regenerate,
      ],
    );
    if (regenerate) await generateLines(tx, actor.tenantId, id, quantity, routingId, formulaId);
    const after = snapshot(await findOrder(tx, actor, id, false, false));
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: auditActorOf(actor),
      action: 'process.order.updated',
      target: { type: 'process_order', id },
      result: 'success',
      details: { orderNo: row.order_no, regenerated: regenerate },
      changes: { before, after },
    });
    // The actor may have made the order confidential without naming themself: they still get the answer to their change.
    return orderDetail(tx, actor, id, now, false);
  });
}

/** Moves an order along the state machine; anything else answers 409 process.transition_invalid. */
export async function transitionOrder(deps: ProcessDeps, actor: UserActor, id: string, to: OrderStatus, origin: AuditOrigin): Promise<OrderDetail> {
  const { db, clock } = deps;
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    const row = await findOrder(tx, actor, id, true);
    if (!TRANSITIONS[row.status].includes(to)) {
      const from = STATUS_LABELS[row.status];
      const target = STATUS_LABELS[to];
      throw new AppError('process.transition_invalid', { params: { from_ja: from.ja, from_en: from.en, to_ja: target.ja, to_en: target.en } });
    }
    if (to === 'planned') {
      const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM process.operations WHERE order_id = $1 AND start_at IS NULL', [id]);
      if ((rows[0]?.n ?? 0) > 0) throw new AppError('process.order_not_scheduled');
    }
    await tx.query(
      `UPDATE process.orders SET status = $2, version = version + 1, updated_at = $3,
              released_at = CASE WHEN $2 = 'released' THEN $3 ELSE released_at END,
              completed_at = CASE WHEN $2 = 'done' THEN $3 ELSE completed_at END
        WHERE id = $1`,
      [id, to, now],
    );
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: auditActorOf(actor),
      action: 'process.order.transitioned',
      target: { type: 'process_order', id },
      result: 'success',
      details: { orderNo: row.order_no, from: row.status, to },
    });
    return orderDetail(tx, actor, id, now);
  });
}
