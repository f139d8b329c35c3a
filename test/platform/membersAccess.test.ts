import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant } from '../../src/core/db/index.js';
import { createSession } from '../../src/platform/identity/index.js';
import type { ServiceId } from '../../src/platform/services/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

type Action = 'add' | 'invite' | 'changeRole' | 'remove';

/** Every role of every service, and the member actions it may take in its own service. */
const MATRIX: Record<ServiceId, { roles: Record<string, Action[]>; plainRole: string; otherRole: string; adminRole: string }> = {
  process: { roles: { admin: ['add', 'changeRole', 'remove'], member: [] }, plainRole: 'member', otherRole: 'admin', adminRole: 'admin' },
  catalog: { roles: { admin: ['invite', 'changeRole', 'remove'], editor: [], viewer: [] }, plainRole: 'viewer', otherRole: 'editor', adminRole: 'admin' },
  survey: { roles: { org_admin: [], org_reviewer: [], org_member: [] }, plainRole: 'org_member', otherRole: 'org_reviewer', adminRole: 'org_admin' },
};

describe(`member management: role × action matrix and tenant separation (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-11-26T01:00:00.000Z');

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  /** A signed-in client without going through the rate-limited sign-in route. */
  async function clientFor(user: BuiltUser, lang: 'ja' | 'en' = 'ja'): Promise<TestClient> {
    const session = await withTenant(tdb.db, user.tenantId, (tx) =>
      createSession(tx, clock, app.config.session, { tenantId: user.tenantId, userId: user.id }),
    );
    const client = new TestClient(app, lang);
    client.setCookie('sotas_session', session.cookieValue);
    return client;
  }

  /** Everything member management can change in a tenant, as the owner sees it. */
  const tenantState = (tenantId: string) =>
    tdb.db.ownerTransaction(async (tx) => {
      const q = async (sql: string) => (await tx.query<Record<string, unknown>>(sql, [tenantId])).rows;
      return {
        users: await q('SELECT id, email, status, must_change_password FROM platform.users WHERE tenant_id = $1 ORDER BY id'),
        memberships: await q('SELECT user_id, service, role FROM platform.memberships WHERE tenant_id = $1 ORDER BY user_id, service'),
        invitations: await q('SELECT id, status, token_hash FROM platform.invitations WHERE tenant_id = $1 ORDER BY id'),
        events: await q('SELECT count(*)::int AS n FROM audit.tenant_events WHERE tenant_id = $1'),
        mails: await q('SELECT count(*)::int AS n FROM ops.mail_outbox WHERE customer_id = $1'),
      };
    });

  const request = (client: TestClient, service: ServiceId, action: Action, target: BuiltUser) => {
    const spec = MATRIX[service];
    switch (action) {
      case 'add':
        return client.post(`/api/services/${service}/members`, {
          email: `new-${Math.random().toString(36).slice(2, 8)}@example.jp`,
          displayName: '新規 メンバー',
          role: spec.plainRole,
          initialPassword: 'Initial#Pass42',
        });
      case 'invite':
        return client.post(`/api/services/${service}/invitations`, { email: `invitee-${Math.random().toString(36).slice(2, 8)}@example.jp`, role: spec.plainRole });
      case 'changeRole':
        return client.request('PUT', `/api/services/${service}/members/${target.id}`, { role: spec.otherRole });
      case 'remove':
        return client.request('DELETE', `/api/services/${service}/members/${target.id}`);
    }
  };

  for (const [service, spec] of Object.entries(MATRIX) as [ServiceId, (typeof MATRIX)[ServiceId]][]) {
    for (const [role, allowed] of Object.entries(spec.roles)) {
      for (const action of ['add', 'invite', 'changeRole', 'remove'] as Action[]) {
        const ok = allowed.includes(action);
        it(`${service} ${role} × ${action}: ${ok ? 'succeeds' : '403, nothing changes'}`, async () => {
          const tenant = await buildTenant(tdb.db);
          const actor = await buildUser(tdb.db, tenant, { memberships: [{ service, role }] });
          // A second admin keeps the last-admin rule out of this matrix; the target is a plain member.
          await buildUser(tdb.db, tenant, { memberships: [{ service, role: spec.adminRole }] });
          const target = await buildUser(tdb.db, tenant, { displayName: '対象 ユーザー', memberships: [{ service, role: spec.plainRole }] });
          const before = await tenantState(tenant.id);
          const res = await request(await clientFor(actor), service, action, target);
          if (!ok) {
            expect(res.statusCode, res.body).toBe(403);
            expect(res.json().error.message.length).toBeGreaterThan(5);
            expect(await tenantState(tenant.id)).toEqual(before);
            return;
          }
          expect(res.statusCode, res.body).toBeLessThan(300);
          const after = await tenantState(tenant.id);
          expect(after).not.toEqual(before);
          expect(after.events[0]).not.toEqual(before.events[0]);
          if (action === 'changeRole') {
            expect(after.memberships).toContainEqual({ user_id: target.id, service, role: spec.otherRole });
          }
          if (action === 'remove') {
            // The target had only this membership: the user is gone with it.
            expect(after.users.map((u) => u.id)).not.toContain(target.id);
          }
        });
      }
    }
  }

  it('refuses survey member management to an admin of every service, and says the provider does it', async () => {
    const tenant = await buildTenant(tdb.db);
    const all = await buildUser(tdb.db, tenant, {
      memberships: [
        { service: 'process', role: 'admin' },
        { service: 'catalog', role: 'admin' },
        { service: 'survey', role: 'org_admin' },
      ],
    });
    await buildUser(tdb.db, tenant, { memberships: [{ service: 'survey', role: 'org_admin' }] });
    const target = await buildUser(tdb.db, tenant, { memberships: [{ service: 'survey', role: 'org_member' }, { service: 'process', role: 'member' }] });
    const client = await clientFor(all, 'en');
    const before = await tenantState(tenant.id);
    for (const action of ['add', 'invite', 'changeRole', 'remove'] as Action[]) {
      const res = await request(client, 'survey', action, target);
      expect(res.statusCode, action).toBe(403);
      expect(res.json().error.code).toBe('members.staff_managed');
      expect(res.json().error.message).toMatch(/provider/);
    }
    // Disabling a survey member would take away their survey access: the provider's too.
    const disable = await client.post(`/api/members/${target.id}/disable`);
    expect(disable.statusCode).toBe(403);
    expect(disable.json().error.code).toBe('members.not_all_services');
    expect(await tenantState(tenant.id)).toEqual(before);
    // They may still see the survey member list (read-only).
    const list = await client.get('/api/services/survey/members');
    expect(list.statusCode).toBe(200);
    expect(list.json().policy).toMatchObject({ how: 'staff', view: true, add: false, invite: false, changeRole: false, remove: false });
  });

  it('answers another tenant’s member and invitation ids with 404 on every route, changing nothing', async () => {
    const a: BuiltTenant = await buildTenant(tdb.db);
    const b: BuiltTenant = await buildTenant(tdb.db);
    const adminA = await buildUser(tdb.db, a, { memberships: [{ service: 'process', role: 'admin' }, { service: 'catalog', role: 'admin' }] });
    const adminB = await buildUser(tdb.db, b, { memberships: [{ service: 'process', role: 'admin' }, { service: 'catalog', role: 'admin' }] });
    const memberB = await buildUser(tdb.db, b, { email: 'secret-member@b.example', memberships: [{ service: 'process', role: 'member' }, { service: 'catalog', role: 'viewer' }] });
    const clientB = await clientFor(adminB);
    const invited = await clientB.post('/api/services/catalog/invitations', { email: 'invitee@b.example', role: 'viewer' });
    expect(invited.statusCode).toBe(201);
    const invitationB = invited.json().invitation.id as string;

    const client = await clientFor(adminA);
    const beforeB = await tenantState(b.id);
    const attempts: [string, () => ReturnType<TestClient['get']>][] = [
      ['GET member', () => client.get(`/api/members/${memberB.id}`)],
      ['add existing', () => client.post('/api/services/process/memberships', { userId: memberB.id, role: 'member' })],
      ['change role', () => client.request('PUT', `/api/services/process/members/${memberB.id}`, { role: 'admin' })],
      ['change catalog role', () => client.request('PUT', `/api/services/catalog/members/${memberB.id}`, { role: 'editor' })],
      ['remove', () => client.request('DELETE', `/api/services/process/members/${memberB.id}`)],
      ['disable', () => client.post(`/api/members/${memberB.id}/disable`)],
      ['enable', () => client.post(`/api/members/${memberB.id}/enable`)],
      ['resend', () => client.post(`/api/invitations/${invitationB}/resend`)],
      ['revoke', () => client.post(`/api/invitations/${invitationB}/revoke`)],
    ];
    for (const [name, attempt] of attempts) {
      const res = await attempt();
      expect(res.statusCode, `${name}: ${res.body}`).toBe(404);
      expect(res.body).not.toContain('secret-member@b.example');
      expect(res.body).not.toContain('invitee@b.example');
    }
    for (const service of ['process', 'catalog'] as const) {
      const list = await client.get(`/api/services/${service}/members`);
      expect(list.json().members.map((m: { id: string }) => m.id)).not.toContain(memberB.id);
    }
    const invitations = await client.get('/api/services/catalog/invitations');
    expect(invitations.json().invitations).toEqual([]);
    expect(await tenantState(b.id)).toEqual(beforeB);
  });
});
