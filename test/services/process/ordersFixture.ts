import type { App } from '../../../src/app.js';
import type { ManualClock } from '../../../src/core/clock.js';
import type { Database } from '../../../src/core/db/index.js';
import { withTenant } from '../../../src/core/db/index.js';
import { createSession } from '../../../src/platform/identity/index.js';
import { TestClient } from '../../support/app.js';
import type { BuiltUser } from '../../support/factories.js';

/** Master data of one tenant for the orders tests, inserted as the owner (no master routes needed). */
export interface Master {
  productId: string;
  resinId: string;
  additiveId: string;
  mixerId: string;
  extruderId: string;
  formulaId: string;
  routingId: string;
}

export const WEEKDAY_HOURS = JSON.stringify({
  mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']],
});

export async function insertMaster(db: Database, tenantId: string, prefix = ''): Promise<Master> {
  return db.ownerTransaction(async (tx) => {
    const one = async (sql: string, params: unknown[]) => (await tx.query<{ id: string }>(sql, params)).rows[0]!.id;
    const item = (code: string, name: string, kind: string) =>
      one(`INSERT INTO process.items (tenant_id, code, name, kind, unit, created_at, updated_at) VALUES ($1, $2, $3, $4, 'kg', now(), now()) RETURNING id`, [tenantId, prefix + code, name, kind]);
    const productId = await item('P-100', 'PPコンパウンド', 'product');
    const resinId = await item('M-PP', 'PP樹脂', 'raw');
    const additiveId = await item('M-AD', '添加剤', 'raw');
    const ws = (code: string, name: string, setup: number, cleanup: number) =>
      one(
        `INSERT INTO process.workstations (tenant_id, code, name, setup_minutes, cleanup_minutes, work_hours, observe_holidays, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, true, now(), now()) RETURNING id`,
        [tenantId, prefix + code, name, setup, cleanup, WEEKDAY_HOURS],
      );
    const mixerId = await ws('W-MIX', '混練機', 30, 15);
    const extruderId = await ws('W-EXT', '押出機', 0, 0);
    const formulaId = await one(
      `INSERT INTO process.formulas (tenant_id, item_id, code, name, base_quantity, yield_pct, is_default, created_at, updated_at) VALUES ($1, $2, $3, '標準配合', 100, 98, true, now(), now()) RETURNING id`,
      [tenantId, productId, `${prefix}F-100`],
    );
    await tx.query(`INSERT INTO process.formula_lines (tenant_id, formula_id, line_no, component_item_id, quantity, scrap_pct) VALUES ($1, $2, 1, $3, 102, 1), ($1, $2, 2, $4, 2, 0)`, [tenantId, formulaId, resinId, additiveId]);
    const routingId = await one(
      `INSERT INTO process.routings (tenant_id, item_id, code, name, is_default, created_at, updated_at) VALUES ($1, $2, $3, '標準工程', true, now(), now()) RETURNING id`,
      [tenantId, productId, `${prefix}R-100`],
    );
    await tx.query(
      `INSERT INTO process.routing_steps (tenant_id, routing_id, seq, name, workstation_id, time_basis, standard_minutes, batch_size, energy_per_unit)
       VALUES ($1, $2, 1, '混練', $3, 'per_batch', 90, 200, '{"electricity": 0.52}'::jsonb),
              ($1, $2, 2, '押出', $4, 'per_unit', 0.5, 1, '{"electricity": 0.3, "city_gas": 0.02}'::jsonb)`,
      [tenantId, routingId, mixerId, extruderId],
    );
    return { productId, resinId, additiveId, mixerId, extruderId, formulaId, routingId };
  });
}

export async function clientFor(app: App, db: Database, clock: ManualClock, user: BuiltUser, lang: 'ja' | 'en' = 'ja'): Promise<TestClient> {
  const session = await withTenant(db, user.tenantId, (tx) => createSession(tx, clock, app.config.session, { tenantId: user.tenantId, userId: user.id }));
  const client = new TestClient(app, lang);
  client.setCookie('sotas_session', session.cookieValue);
  return client;
}

/** Instants in JST, as the API returns them (UTC ISO strings). */
export const jst = (local: string) => new Date(`${local}+09:00`).toISOString();
