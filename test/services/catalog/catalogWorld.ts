import type { App } from '../../../src/app.js';
import { ManualClock } from '../../../src/core/clock.js';
import { withTenant, type Database } from '../../../src/core/db/index.js';
import { createSession } from '../../../src/platform/identity/index.js';
import { createTestApp, TestClient } from '../../support/app.js';
import { openTestDatabase, type TestDatabase } from '../../support/db.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../../support/factories.js';

/** What the catalog contract of a tenant says (ops.contracts, set by staff in the console). */
export interface CatalogPlanSetting {
  publisher: boolean;
  subscription: 'none' | 'free' | 'paid';
}

/** Sets the catalog plan on the tenant's catalog contract, as staff would. */
export async function setCatalogPlan(db: Database, tenantId: string, plan: CatalogPlanSetting): Promise<void> {
  await db.ownerTransaction((tx) =>
    tx.query(`UPDATE ops.contracts SET catalog_publisher = $2, catalog_subscription = $3 WHERE customer_id = $1 AND service = 'catalog'`, [tenantId, plan.publisher, plan.subscription]),
  );
}

/** One tenant of the catalog world with a user per catalog role and signed-in clients for them. */
export interface CatalogCompany {
  tenant: BuiltTenant;
  admin: BuiltUser;
  editor: BuiltUser;
  viewer: BuiltUser;
  adminClient: TestClient;
  editorClient: TestClient;
  viewerClient: TestClient;
}

/**
 * An app with four tenants: a publisher (publishes, free subscription), a paid subscriber, a
 * free subscriber, and a tenant without a catalog contract (process only).
 */
export interface CatalogWorld {
  tdb: TestDatabase;
  app: App;
  clock: ManualClock;
  publisher: CatalogCompany;
  paid: CatalogCompany;
  free: CatalogCompany;
  outsider: { tenant: BuiltTenant; user: BuiltUser; client: TestClient };
  clientFor(user: BuiltUser, lang?: 'ja' | 'en'): Promise<TestClient>;
  close(): Promise<void>;
}

export async function openCatalogWorld(options: { env?: Record<string, string> } = {}): Promise<CatalogWorld> {
  const tdb = await openTestDatabase();
  const clock = new ManualClock('2026-11-26T01:00:00.000Z');
  const app = await createTestApp(tdb.db, { clock, env: options.env });
  const clientFor = async (user: BuiltUser, lang: 'ja' | 'en' = 'ja') => {
    const session = await withTenant(tdb.db, user.tenantId, (tx) => createSession(tx, clock, app.config.session, { tenantId: user.tenantId, userId: user.id }));
    const client = new TestClient(app, lang);
    client.setCookie('sotas_session', session.cookieValue);
    return client;
  };
  const company = async (name: string, plan: CatalogPlanSetting): Promise<CatalogCompany> => {
    const tenant = await buildTenant(tdb.db, { name });
    await setCatalogPlan(tdb.db, tenant.id, plan);
    const user = (role: string, displayName: string) => buildUser(tdb.db, tenant, { displayName, memberships: [{ service: 'catalog', role }] });
    const admin = await user('admin', `${name} 管理者`);
    const editor = await user('editor', `${name} 編集者`);
    const viewer = await user('viewer', `${name} 閲覧者`);
    return { tenant, admin, editor, viewer, adminClient: await clientFor(admin), editorClient: await clientFor(editor), viewerClient: await clientFor(viewer) };
  };
  const publisher = await company('東邦樹脂株式会社', { publisher: true, subscription: 'free' });
  const paid = await company('有料購読株式会社', { publisher: false, subscription: 'paid' });
  const free = await company('無料購読株式会社', { publisher: false, subscription: 'free' });
  const outsiderTenant = await buildTenant(tdb.db, { name: '契約外株式会社', services: ['process'] });
  const outsiderUser = await buildUser(tdb.db, outsiderTenant, { memberships: [{ service: 'process', role: 'admin' }] });
  return {
    tdb,
    app,
    clock,
    publisher,
    paid,
    free,
    outsider: { tenant: outsiderTenant, user: outsiderUser, client: await clientFor(outsiderUser) },
    clientFor,
    async close() {
      await app.close();
      await tdb.close();
    },
  };
}
