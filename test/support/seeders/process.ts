import { randomUUID } from 'node:crypto';
import type { Tx } from '../../../src/core/db/index.js';
import type { Seeder } from '../tenantRows.js';

const HOURS = JSON.stringify({ mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] });

interface Base {
  itemId: string;
  materialId: string;
  workstationId: string;
  formulaId: string;
  routingId: string;
  orderId: string;
  operationId: string;
  lotId: string;
  workRecordId: string;
}

const one = async (tx: Tx, sql: string, params: unknown[]): Promise<string> => (await tx.query<{ id: string }>(sql, params)).rows[0]!.id;

/**
 * A small process graph of the tenant (a product made from a raw material on one workstation,
 * one order, its operation, a lot and a work record), made once per tenant and reused, so that
 * each table's seeder can add its own row on top.
 */
async function base(tx: Tx, tenantId: string): Promise<Base> {
  const found = await tx.query<{ id: string }>(`SELECT id FROM process.items WHERE tenant_id = $1 AND code = 'SEED-P'`, [tenantId]);
  if (found.rows[0]) {
    const get = (sql: string) => one(tx, sql, [tenantId]);
    return {
      itemId: found.rows[0].id,
      materialId: await get(`SELECT id FROM process.items WHERE tenant_id = $1 AND code = 'SEED-M'`),
      workstationId: await get(`SELECT id FROM process.workstations WHERE tenant_id = $1 AND code = 'SEED-W'`),
      formulaId: await get(`SELECT id FROM process.formulas WHERE tenant_id = $1 AND code = 'SEED-F'`),
      routingId: await get(`SELECT id FROM process.routings WHERE tenant_id = $1 AND code = 'SEED-R'`),
      orderId: await get(`SELECT id FROM process.orders WHERE tenant_id = $1 AND order_no = 'SEED-O'`),
      operationId: await get(`SELECT o.id FROM process.operations o JOIN process.orders d ON d.tenant_id = o.tenant_id AND d.id = o.order_id WHERE o.tenant_id = $1 AND d.order_no = 'SEED-O' AND o.seq = 1`),
      lotId: await get(`SELECT id FROM process.lots WHERE tenant_id = $1 AND lot_no = 'SEED-L'`),
      workRecordId: await get(`SELECT w.id FROM process.work_records w JOIN process.orders d ON d.tenant_id = w.tenant_id AND d.id = w.order_id WHERE w.tenant_id = $1 AND d.order_no = 'SEED-O' ORDER BY w.created_at LIMIT 1`),
    };
  }
  const itemId = await one(tx, `INSERT INTO process.items (tenant_id, code, name, kind, unit, created_at, updated_at) VALUES ($1, 'SEED-P', 'シード製品', 'product', 'kg', now(), now()) RETURNING id`, [tenantId]);
  const materialId = await one(tx, `INSERT INTO process.items (tenant_id, code, name, kind, unit, created_at, updated_at) VALUES ($1, 'SEED-M', 'シード原料', 'raw', 'kg', now(), now()) RETURNING id`, [tenantId]);
  const workstationId = await one(
    tx,
    `INSERT INTO process.workstations (tenant_id, code, name, work_hours, energy_sources, power_kw, created_at, updated_at)
     VALUES ($1, 'SEED-W', 'シード押出機', $2::jsonb, '{electricity}', 55, now(), now()) RETURNING id`,
    [tenantId, HOURS],
  );
  const formulaId = await one(tx, `INSERT INTO process.formulas (tenant_id, item_id, code, name, base_quantity, yield_pct, is_default, created_at, updated_at) VALUES ($1, $2, 'SEED-F', 'シード配合', 100, 98, true, now(), now()) RETURNING id`, [tenantId, itemId]);
  const routingId = await one(tx, `INSERT INTO process.routings (tenant_id, item_id, code, name, is_default, created_at, updated_at) VALUES ($1, $2, 'SEED-R', 'シード工程表', true, now(), now()) RETURNING id`, [tenantId, itemId]);
  const orderId = await one(
    tx,
    `INSERT INTO process.orders (tenant_id, order_no, item_id, routing_id, formula_id, quantity, due_at, lot_no, status, created_at, updated_at)
     VALUES ($1, 'SEED-O', $2, $3, $4, 500, now() + interval '7 days', 'SEED-LOT', 'released', now(), now()) RETURNING id`,
    [tenantId, itemId, routingId, formulaId],
  );
  const operationId = await one(
    tx,
    `INSERT INTO process.operations (tenant_id, order_id, seq, name, workstation_id, quantity, setup_minutes, run_minutes, cleanup_minutes, start_at, end_at)
     VALUES ($1, $2, 1, '押出', $3, 500, 30, 250, 15, now(), now() + interval '5 hours') RETURNING id`,
    [tenantId, orderId, workstationId],
  );
  const lotId = await one(tx, `INSERT INTO process.lots (tenant_id, item_id, lot_no, origin, quantity, created_at) VALUES ($1, $2, 'SEED-L', 'purchased', 1000, now()) RETURNING id`, [tenantId, materialId]);
  const workRecordId = await one(
    tx,
    `INSERT INTO process.work_records (tenant_id, operation_id, order_id, started_at, finished_at, good_quantity, scrap_quantity, energy, created_at, updated_at)
     VALUES ($1, $2, $3, now(), now() + interval '5 hours', 490, 10, '{"electricity": 260}'::jsonb, now(), now()) RETURNING id`,
    [tenantId, operationId, orderId],
  );
  return { itemId, materialId, workstationId, formulaId, routingId, orderId, operationId, lotId, workRecordId };
}

const code = () => `S-${randomUUID().slice(0, 8)}`;

/** Seeders of the process service's tables (one row each on top of a shared small graph). */
export const seeders: Record<string, Seeder> = {
  'process.items': async (tx, tenantId) => {
    await base(tx, tenantId);
    await tx.query(`INSERT INTO process.items (tenant_id, code, name, kind, unit, classification, created_at, updated_at) VALUES ($1, $2, '中間品', 'intermediate', 'kg', 'confidential', now(), now())`, [tenantId, code()]);
  },
  'process.formulas': async (tx, tenantId) => {
    const b = await base(tx, tenantId);
    await tx.query(`INSERT INTO process.formulas (tenant_id, item_id, code, name, base_quantity, created_at, updated_at) VALUES ($1, $2, $3, '代替配合', 50, now(), now())`, [tenantId, b.itemId, code()]);
  },
  'process.formula_lines': async (tx, tenantId) => {
    const b = await base(tx, tenantId);
    await tx.query(`INSERT INTO process.formula_lines (tenant_id, formula_id, line_no, component_item_id, quantity, scrap_pct) VALUES ($1, $2, 1, $3, 102, 1) ON CONFLICT DO NOTHING`, [tenantId, b.formulaId, b.materialId]);
  },
  'process.workstations': async (tx, tenantId) => {
    await base(tx, tenantId);
    await tx.query(`INSERT INTO process.workstations (tenant_id, code, name, work_hours, created_at, updated_at) VALUES ($1, $2, '混練機', $3::jsonb, now(), now())`, [tenantId, code(), HOURS]);
  },
  'process.workstation_days': async (tx, tenantId) => {
    const b = await base(tx, tenantId);
    await tx.query(`INSERT INTO process.workstation_days (tenant_id, workstation_id, day, hours, note) VALUES ($1, $2, '2026-12-29', '[]', '年末休業') ON CONFLICT DO NOTHING`, [tenantId, b.workstationId]);
  },
  'process.routings': async (tx, tenantId) => {
    const b = await base(tx, tenantId);
    await tx.query(`INSERT INTO process.routings (tenant_id, item_id, code, name, created_at, updated_at) VALUES ($1, $2, $3, '代替工程表', now(), now())`, [tenantId, b.itemId, code()]);
  },
  'process.routing_steps': async (tx, tenantId) => {
    const b = await base(tx, tenantId);
    await tx.query(
      `INSERT INTO process.routing_steps (tenant_id, routing_id, seq, name, workstation_id, time_basis, standard_minutes, batch_size, energy_per_unit)
       VALUES ($1, $2, 1, '押出', $3, 'per_unit', 0.5, 1, '{"electricity": 0.52}'::jsonb) ON CONFLICT DO NOTHING`,
      [tenantId, b.routingId, b.workstationId],
    );
  },
  'process.orders': async (tx, tenantId) => {
    const b = await base(tx, tenantId);
    await tx.query(`INSERT INTO process.orders (tenant_id, order_no, item_id, quantity, due_at, created_at, updated_at) VALUES ($1, $2, $3, 100, now() + interval '14 days', now(), now())`, [tenantId, code(), b.itemId]);
  },
  'process.operations': async (tx, tenantId) => {
    const b = await base(tx, tenantId);
    await tx.query(
      `INSERT INTO process.operations (tenant_id, order_id, seq, name, workstation_id, quantity, run_minutes) VALUES ($1, $2, 2, '検査', $3, 500, 60) ON CONFLICT DO NOTHING`,
      [tenantId, b.orderId, b.workstationId],
    );
  },
  'process.order_materials': async (tx, tenantId) => {
    const b = await base(tx, tenantId);
    await tx.query(`INSERT INTO process.order_materials (tenant_id, order_id, item_id, required_quantity) VALUES ($1, $2, $3, 520.4) ON CONFLICT DO NOTHING`, [tenantId, b.orderId, b.materialId]);
  },
  'process.schedule_changes': async (tx, tenantId) => {
    const b = await base(tx, tenantId);
    await tx.query(`INSERT INTO process.schedule_changes (tenant_id, order_id, before_slots, after_slots, changed_at) VALUES ($1, $2, '[]', '[]', now())`, [tenantId, b.orderId]);
  },
  'process.lots': async (tx, tenantId) => {
    const b = await base(tx, tenantId);
    await tx.query(`INSERT INTO process.lots (tenant_id, item_id, lot_no, origin, quantity, order_id, created_at) VALUES ($1, $2, $3, 'produced', 490, $4, now())`, [tenantId, b.itemId, code(), b.orderId]);
  },
  'process.work_records': async (tx, tenantId) => {
    const b = await base(tx, tenantId);
    await tx.query(
      `INSERT INTO process.work_records (tenant_id, operation_id, order_id, started_at, good_quantity, operator_name, created_at, updated_at) VALUES ($1, $2, $3, now(), 0, '現場 次郎', now(), now())`,
      [tenantId, b.operationId, b.orderId],
    );
  },
  'process.lot_consumptions': async (tx, tenantId) => {
    const b = await base(tx, tenantId);
    await tx.query(`INSERT INTO process.lot_consumptions (tenant_id, work_record_id, lot_id, quantity) VALUES ($1, $2, $3, 510) ON CONFLICT DO NOTHING`, [tenantId, b.workRecordId, b.lotId]);
  },
  'process.emission_factors': async (tx, tenantId) => {
    const b = await base(tx, tenantId);
    await tx.query(
      `INSERT INTO process.emission_factors (tenant_id, kind, energy_type, name, unit, kg_co2e_per_unit, source, year, created_at, updated_at)
       VALUES ($1, 'energy', 'electricity', '電気', 'kWh', 0.434, '環境省 電気事業者別排出係数（代替値）', 2024, now(), now()) ON CONFLICT DO NOTHING`,
      [tenantId],
    );
    await tx.query(
      `INSERT INTO process.emission_factors (tenant_id, kind, item_id, name, unit, kg_co2e_per_unit, source, year, created_at, updated_at)
       VALUES ($1, 'material', $2, 'シード原料', 'kg', 1.9, '取引先提供値', 2025, now(), now()) ON CONFLICT DO NOTHING`,
      [tenantId, b.materialId],
    );
  },
};
