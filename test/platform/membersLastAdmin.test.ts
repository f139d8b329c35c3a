import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant } from '../../src/core/db/index.js';
import { createSession } from '../../src/platform/identity/index.js';
import { buildTenant, buildUser, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

describe(`the last admin of a service stays (9.4.1) (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-11-26T01:00:00.000Z');

  beforeAll(async () => {
    tdb = await openTestDatabase({ poolSize: 8 });
    app = await createTestApp(tdb.db, { clock });
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  async function clientFor(user: BuiltUser, lang: 'ja' | 'en' = 'ja'): Promise<TestClient> {
    const session = await withTenant(tdb.db, user.tenantId, (tx) =>
      createSession(tx, clock, app.config.session, { tenantId: user.tenantId, userId: user.id }),
    );
    const client = new TestClient(app, lang);
    client.setCookie('sotas_session', session.cookieValue);
    // Fetch the CSRF cookie now, so concurrent requests do not each fetch their own.
    await client.get('/api/csrf');
    return client;
  }

  const admins = (tenantId: string, service: string, adminRole = 'admin') =>
    tdb.db.ownerTransaction(async (tx) =>
      (
        await tx.query<{ user_id: string }>(
          `SELECT m.user_id FROM platform.memberships m JOIN platform.users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
            WHERE m.tenant_id = $1 AND m.service = $2 AND m.role = $3 AND u.status = 'active' ORDER BY m.user_id`,
          [tenantId, service, adminRole],
        )
      ).rows.map((r) => r.user_id),
    );

  it('refuses to demote or remove the only admin, with a message naming the service, and changes nothing', async () => {
    const tenant = await buildTenant(tdb.db);
    const only = await buildUser(tdb.db, tenant, { memberships: [{ service: 'process', role: 'admin' }, { service: 'catalog', role: 'admin' }] });
    const ja = await clientFor(only, 'ja');
    const demote = await ja.request('PUT', `/api/services/process/members/${only.id}`, { role: 'member' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error).toMatchObject({ code: 'members.last_admin' });
    expect(demote.json().error.message).toContain('工程管理の管理者はこのユーザーだけのため');
    const en = await clientFor(only, 'en');
    const remove = await en.request('DELETE', `/api/services/catalog/members/${only.id}`);
    expect(remove.statusCode).toBe(409);
    expect(remove.json().error.message).toBe(
      'This user is the only admin of Product database, so they cannot be removed, demoted or disabled. Make another member an admin first.',
    );
    expect(await admins(tenant.id, 'process')).toEqual([only.id]);
    expect(await admins(tenant.id, 'catalog')).toEqual([only.id]);
  });

  it('lets an admin step down once another admin exists; a disabled admin does not count', async () => {
    const tenant = await buildTenant(tdb.db);
    const first = await buildUser(tdb.db, tenant, { memberships: [{ service: 'process', role: 'admin' }] });
    const second = await buildUser(tdb.db, tenant, { status: 'disabled', memberships: [{ service: 'process', role: 'admin' }] });
    const client = await clientFor(first);
    expect((await client.request('PUT', `/api/services/process/members/${first.id}`, { role: 'member' })).statusCode).toBe(409);
    await tdb.db.ownerTransaction((tx) => tx.query(`UPDATE platform.users SET status = 'active' WHERE id = $1`, [second.id]));
    const res = await client.request('PUT', `/api/services/process/members/${first.id}`, { role: 'member' });
    expect(res.statusCode).toBe(200);
    expect(res.json().member.memberships).toEqual([{ service: 'process', role: 'member' }]);
    expect(await admins(tenant.id, 'process')).toEqual([second.id]);
    // The change applies on the next request: the former admin's own session lost the permission.
    expect((await client.get('/api/services/process/members')).statusCode).toBe(403);
  });

  it('leaves exactly one admin when two admins demote each other at the same moment', async () => {
    for (let round = 0; round < 6; round++) {
      const tenant = await buildTenant(tdb.db);
      const a = await buildUser(tdb.db, tenant, { memberships: [{ service: 'catalog', role: 'admin' }] });
      const b = await buildUser(tdb.db, tenant, { memberships: [{ service: 'catalog', role: 'admin' }] });
      const [ca, cb] = [await clientFor(a), await clientFor(b)];
      const results = await Promise.all([
        ca.request('PUT', `/api/services/catalog/members/${b.id}`, { role: 'viewer' }),
        cb.request('PUT', `/api/services/catalog/members/${a.id}`, { role: 'viewer' }),
      ]);
      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses[0], `round ${round}`).toBe(200);
      // The loser either lost its own admin right first (403) or would have removed the last admin (409).
      expect([403, 409], `round ${round}: ${results.map((r) => r.body).join(' | ')}`).toContain(statuses[1]);
      expect(await admins(tenant.id, 'catalog'), `round ${round}`).toHaveLength(1);
    }
  });

  it('leaves one active admin when two admins disable each other at the same moment', async () => {
    for (let round = 0; round < 4; round++) {
      const tenant = await buildTenant(tdb.db);
      const a = await buildUser(tdb.db, tenant, { memberships: [{ service: 'process', role: 'admin' }] });
      const b = await buildUser(tdb.db, tenant, { memberships: [{ service: 'process', role: 'admin' }] });
      const [ca, cb] = [await clientFor(a), await clientFor(b)];
      const results = await Promise.all([ca.post(`/api/members/${b.id}/disable`), cb.post(`/api/members/${a.id}/disable`)]);
      expect(results.map((r) => r.statusCode).sort()[0], `round ${round}`).toBe(200);
      expect(await admins(tenant.id, 'process'), `round ${round}`).toHaveLength(1);
    }
  });

  it('refuses disabling oneself', async () => {
    const tenant = await buildTenant(tdb.db);
    const a = await buildUser(tdb.db, tenant, { memberships: [{ service: 'process', role: 'admin' }] });
    await buildUser(tdb.db, tenant, { memberships: [{ service: 'process', role: 'admin' }] });
    const res = await (await clientFor(a)).post(`/api/members/${a.id}/disable`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('members.cannot_disable_self');
  });
});
