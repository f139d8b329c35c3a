import type { App } from '../../../src/app.js';
import { ManualClock } from '../../../src/core/clock.js';
import { withTenant } from '../../../src/core/db/index.js';
import { createSession } from '../../../src/platform/identity/index.js';
import { createTestApp, TestClient } from '../../support/app.js';
import { openTestDatabase, type TestDatabase } from '../../support/db.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../../support/factories.js';

/** One tenant of the survey world with a user per survey role and signed-in clients for them. */
export interface SurveyCompany {
  tenant: BuiltTenant;
  admin: BuiltUser;
  reviewer: BuiltUser;
  member: BuiltUser;
  adminClient: TestClient;
  reviewerClient: TestClient;
  memberClient: TestClient;
}

/**
 * An app with three survey tenants — a requester (a set maker asking what parts contain), a
 * supplier it asks, and a third company that must never see either's surveys — and a tenant
 * without a survey contract (process only).
 */
export interface SurveyWorld {
  tdb: TestDatabase;
  app: App;
  clock: ManualClock;
  requester: SurveyCompany;
  supplier: SurveyCompany;
  third: SurveyCompany;
  outsider: { tenant: BuiltTenant; user: BuiltUser; client: TestClient };
  clientFor(user: BuiltUser, lang?: 'ja' | 'en'): Promise<TestClient>;
  close(): Promise<void>;
}

export async function openSurveyWorld(options: { env?: Record<string, string>; clock?: ManualClock } = {}): Promise<SurveyWorld> {
  const tdb = await openTestDatabase();
  const clock = options.clock ?? new ManualClock('2026-11-26T01:00:00.000Z');
  const app = await createTestApp(tdb.db, { clock, env: options.env });
  const clientFor = async (user: BuiltUser, lang: 'ja' | 'en' = 'ja') => {
    const session = await withTenant(tdb.db, user.tenantId, (tx) => createSession(tx, clock, app.config.session, { tenantId: user.tenantId, userId: user.id }));
    const client = new TestClient(app, lang);
    client.setCookie('sotas_session', session.cookieValue);
    return client;
  };
  const company = async (name: string, code: string): Promise<SurveyCompany> => {
    const tenant = await buildTenant(tdb.db, { name, code, services: ['survey'] });
    const user = (role: string, displayName: string) => buildUser(tdb.db, tenant, { displayName, memberships: [{ service: 'survey', role }] });
    const admin = await user('org_admin', `${name} 管理者`);
    const reviewer = await user('org_reviewer', `${name} レビュワー`);
    const member = await user('org_member', `${name} メンバー`);
    return { tenant, admin, reviewer, member, adminClient: await clientFor(admin), reviewerClient: await clientFor(reviewer), memberClient: await clientFor(member) };
  };
  const suffix = Math.random().toString(36).slice(2, 7).toUpperCase();
  const requester = await company('日本電機株式会社', `REQ-${suffix}`);
  const supplier = await company('東邦樹脂株式会社', `SUP-${suffix}`);
  const third = await company('第三化学株式会社', `THD-${suffix}`);
  const outsiderTenant = await buildTenant(tdb.db, { name: '契約外株式会社', services: ['process'] });
  const outsiderUser = await buildUser(tdb.db, outsiderTenant, { memberships: [{ service: 'process', role: 'admin' }] });
  return {
    tdb,
    app,
    clock,
    requester,
    supplier,
    third,
    outsider: { tenant: outsiderTenant, user: outsiderUser, client: await clientFor(outsiderUser) },
    clientFor,
    async close() {
      await app.close();
      await tdb.close();
    },
  };
}
