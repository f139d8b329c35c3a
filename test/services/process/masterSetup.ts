import type { App } from '../../../src/app.js';
import { ManualClock } from '../../../src/core/clock.js';
import { withTenant } from '../../../src/core/db/index.js';
import { createSession } from '../../../src/platform/identity/index.js';
import { createTestApp, TestClient } from '../../support/app.js';
import { openTestDatabase, type TestDatabase } from '../../support/db.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../../support/factories.js';

/** An app with one tenant holding a process admin and a member, and signed-in clients for them. */
export interface MasterWorld {
  tdb: TestDatabase;
  app: App;
  clock: ManualClock;
  tenant: BuiltTenant;
  admin: BuiltUser;
  member: BuiltUser;
  adminClient: TestClient;
  memberClient: TestClient;
  clientFor(user: BuiltUser, lang?: 'ja' | 'en'): Promise<TestClient>;
  close(): Promise<void>;
}

export async function openMasterWorld(): Promise<MasterWorld> {
  const tdb = await openTestDatabase();
  const clock = new ManualClock('2026-11-26T01:00:00.000Z');
  const app = await createTestApp(tdb.db, { clock });
  const tenant = await buildTenant(tdb.db);
  const admin = await buildUser(tdb.db, tenant, { displayName: '工程 管理者', memberships: [{ service: 'process', role: 'admin' }] });
  const member = await buildUser(tdb.db, tenant, { displayName: '工程 メンバー', memberships: [{ service: 'process', role: 'member' }] });
  const clientFor = async (user: BuiltUser, lang: 'ja' | 'en' = 'ja') => {
    const session = await withTenant(tdb.db, user.tenantId, (tx) => createSession(tx, clock, app.config.session, { tenantId: user.tenantId, userId: user.id }));
    const client = new TestClient(app, lang);
    client.setCookie('sotas_session', session.cookieValue);
    return client;
  };
  return {
    tdb,
    app,
    clock,
    tenant,
    admin,
    member,
    adminClient: await clientFor(admin),
    memberClient: await clientFor(member),
    clientFor,
    async close() {
      await app.close();
      await tdb.close();
    },
  };
}

/** Every master row of a tenant and its audit events, to show that a refused request changed nothing. */
export async function masterState(world: MasterWorld, tenantId: string = world.tenant.id): Promise<unknown> {
  return world.tdb.db.ownerTransaction(async (tx) => {
    const all = async (sql: string) => (await tx.query(sql, [tenantId])).rows;
    return {
      items: await all('SELECT * FROM process.items WHERE tenant_id = $1 ORDER BY code'),
      formulas: await all('SELECT * FROM process.formulas WHERE tenant_id = $1 ORDER BY code'),
      lines: await all('SELECT * FROM process.formula_lines WHERE tenant_id = $1 ORDER BY formula_id, line_no'),
      workstations: await all('SELECT * FROM process.workstations WHERE tenant_id = $1 ORDER BY code'),
      days: await all('SELECT * FROM process.workstation_days WHERE tenant_id = $1 ORDER BY workstation_id, day'),
      routings: await all('SELECT * FROM process.routings WHERE tenant_id = $1 ORDER BY code'),
      steps: await all('SELECT * FROM process.routing_steps WHERE tenant_id = $1 ORDER BY routing_id, seq'),
      events: await all('SELECT count(*)::int AS n FROM audit.tenant_events WHERE tenant_id = $1'),
    };
  });
}

/** Audit events of the tenant with one action, oldest first. */
export async function masterEvents(world: MasterWorld, action: string): Promise<{ target_id: string; details: Record<string, unknown>; actor_id: string; changes: Record<string, unknown> | null }[]> {
  return world.tdb.db.ownerTransaction(async (tx) =>
    (await tx.query<{ target_id: string; details: Record<string, unknown>; actor_id: string; changes: Record<string, unknown> | null }>(
      'SELECT target_id, details, actor_id, changes FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2 ORDER BY occurred_at, id',
      [world.tenant.id, action],
    )).rows,
  );
}

export const WEEKDAY_HOURS = { mon: [['08:00', '12:00'], ['13:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] };
