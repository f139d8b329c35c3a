import { withTenant, type Database } from '../../../src/core/db/index.js';
import type { App } from '../../../src/app.js';
import type { ManualClock } from '../../../src/core/clock.js';
import { createSession } from '../../../src/platform/identity/index.js';
import { TestClient } from '../../support/app.js';
import type { BuiltUser } from '../../support/factories.js';

/*
 * Master data and orders for the records and carbon tests, written directly as the owner
 * (the master and order routes are another area's), so these tests stand on their own.
 */

const HOURS = JSON.stringify({ mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] });

export async function clientFor(app: App, db: Database, clock: ManualClock, user: BuiltUser, lang: 'ja' | 'en' = 'ja'): Promise<TestClient> {
  const session = await withTenant(db, user.tenantId, (tx) => createSession(tx, clock, app.config.session, { tenantId: user.tenantId, userId: user.id }));
  const client = new TestClient(app, lang);
  client.setCookie('sotas_session', session.cookieValue);
  return client;
}

export async function item(db: Database, tenantId: string, code: string, kind: 'raw' | 'intermediate' | 'product', unit = 'kg'): Promise<string> {
  return db.ownerTransaction(async (tx) =>
    (await tx.query<{ id: string }>(
      `INSERT INTO process.items (tenant_id, code, name, kind, unit, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, now(), now()) RETURNING id`,
      [tenantId, code, `${code}の名前`, kind, unit],
    )).rows[0]!.id,
  );
}

export async function workstation(db: Database, tenantId: string, code: string): Promise<string> {
  return db.ownerTransaction(async (tx) =>
    (await tx.query<{ id: string }>(
      `INSERT INTO process.workstations (tenant_id, code, name, work_hours, created_at, updated_at) VALUES ($1, $2, $3, $4::jsonb, now(), now()) RETURNING id`,
      [tenantId, code, `設備${code}`, HOURS],
    )).rows[0]!.id,
  );
}

export interface OrderSpec {
  orderNo: string;
  itemId: string;
  quantity: string;
  status?: string;
  lotNo?: string;
  routingId?: string | null;
  classification?: string;
  completedAt?: string | null;
  /** One operation per entry. */
  operations: { name: string; workstationId: string; quantity?: string; plannedEnergy?: Record<string, number> }[];
  materials?: { itemId: string; quantity: string }[];
}

export async function order(db: Database, tenantId: string, spec: OrderSpec): Promise<{ orderId: string; operationIds: string[] }> {
  return db.ownerTransaction(async (tx) => {
    const orderId = (await tx.query<{ id: string }>(
      `INSERT INTO process.orders (tenant_id, order_no, item_id, routing_id, quantity, due_at, lot_no, status, classification, completed_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, '2026-12-20T00:00:00Z', $6, $7, $8, $9, now(), now()) RETURNING id`,
      [tenantId, spec.orderNo, spec.itemId, spec.routingId ?? null, spec.quantity, spec.lotNo ?? '', spec.status ?? 'released', spec.classification ?? 'general', spec.completedAt ?? null],
    )).rows[0]!.id;
    const operationIds: string[] = [];
    let seq = 1;
    for (const op of spec.operations) {
      operationIds.push((await tx.query<{ id: string }>(
        `INSERT INTO process.operations (tenant_id, order_id, seq, name, workstation_id, quantity, run_minutes, planned_energy, start_at, end_at)
         VALUES ($1, $2, $3, $4, $5, $6, 60, $7::jsonb, '2026-12-01T00:00:00Z'::timestamptz + make_interval(hours => $3::int), '2026-12-01T00:30:00Z'::timestamptz + make_interval(hours => $3::int)) RETURNING id`,
        [tenantId, orderId, seq, op.name, op.workstationId, op.quantity ?? spec.quantity, JSON.stringify(op.plannedEnergy ?? {})],
      )).rows[0]!.id);
      seq += 1;
    }
    for (const m of spec.materials ?? []) {
      await tx.query(`INSERT INTO process.order_materials (tenant_id, order_id, item_id, required_quantity) VALUES ($1, $2, $3, $4)`, [tenantId, orderId, m.itemId, m.quantity]);
    }
    return { orderId, operationIds };
  });
}

export async function routing(db: Database, tenantId: string, itemId: string, code: string, steps: { name: string; workstationId: string; energyPerUnit: Record<string, number> }[]): Promise<string> {
  return db.ownerTransaction(async (tx) => {
    const id = (await tx.query<{ id: string }>(
      `INSERT INTO process.routings (tenant_id, item_id, code, name, is_default, created_at, updated_at) VALUES ($1, $2, $3, $3, true, now(), now()) RETURNING id`,
      [tenantId, itemId, code],
    )).rows[0]!.id;
    let seq = 1;
    for (const s of steps) {
      await tx.query(
        `INSERT INTO process.routing_steps (tenant_id, routing_id, seq, name, workstation_id, time_basis, standard_minutes, energy_per_unit) VALUES ($1, $2, $3, $4, $5, 'per_unit', 1, $6::jsonb)`,
        [tenantId, id, seq, s.name, s.workstationId, JSON.stringify(s.energyPerUnit)],
      );
      seq += 1;
    }
    return id;
  });
}

export async function purchasedLot(db: Database, tenantId: string, itemId: string, lotNo: string, quantity: string): Promise<string> {
  return db.ownerTransaction(async (tx) =>
    (await tx.query<{ id: string }>(
      `INSERT INTO process.lots (tenant_id, item_id, lot_no, origin, quantity, created_at) VALUES ($1, $2, $3, 'purchased', $4, now()) RETURNING id`,
      [tenantId, itemId, lotNo, quantity],
    )).rows[0]!.id,
  );
}

/** Everything the records area writes for a tenant, to show a refused request changed nothing. */
export function recordsState(db: Database, tenantId: string) {
  return db.ownerTransaction(async (tx) => {
    const q = async (sql: string) => (await tx.query(sql, [tenantId])).rows;
    return {
      records: await q(`SELECT id, good_quantity::text, energy, version FROM process.work_records WHERE tenant_id = $1 ORDER BY id`),
      lots: await q(`SELECT id, lot_no, quantity::text FROM process.lots WHERE tenant_id = $1 ORDER BY id`),
      consumptions: await q(`SELECT work_record_id, lot_id, quantity::text FROM process.lot_consumptions WHERE tenant_id = $1 ORDER BY work_record_id, lot_id`),
      operations: await q(`SELECT id, status FROM process.operations WHERE tenant_id = $1 ORDER BY id`),
      orders: await q(`SELECT id, status, version FROM process.orders WHERE tenant_id = $1 ORDER BY id`),
      factors: await q(`SELECT id, kg_co2e_per_unit::text, version FROM process.emission_factors WHERE tenant_id = $1 ORDER BY id`),
      events: await q(`SELECT count(*)::int AS n FROM audit.tenant_events WHERE tenant_id = $1`),
    };
  });
}
