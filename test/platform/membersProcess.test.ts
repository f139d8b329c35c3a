import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant } from '../../src/core/db/index.js';
import { createSession } from '../../src/platform/identity/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

describe(`process: admins add members with an initial password (9.2.1) (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let tenant: BuiltTenant;
  let admin: BuiltUser;
  let adminClient: TestClient;
  const clock = new ManualClock('2026-11-26T01:00:00.000Z');

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
    tenant = await buildTenant(tdb.db, { name: '東洋樹脂株式会社' });
    admin = await buildUser(tdb.db, tenant, { displayName: '工程 管理者', memberships: [{ service: 'process', role: 'admin' }] });
    adminClient = await clientFor(admin);
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
    return client;
  }

  const state = () =>
    tdb.db.ownerTransaction(async (tx) => ({
      users: (await tx.query('SELECT id, email, password_hash FROM platform.users WHERE tenant_id = $1 ORDER BY id', [tenant.id])).rows,
      memberships: (await tx.query('SELECT user_id, service, role FROM platform.memberships WHERE tenant_id = $1 ORDER BY user_id, service', [tenant.id])).rows,
      events: (await tx.query('SELECT count(*)::int AS n FROM audit.tenant_events WHERE tenant_id = $1', [tenant.id])).rows,
    }));

  const events = (action: string) =>
    tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ target_id: string; details: Record<string, unknown>; actor_id: string }>(
        'SELECT target_id, details, actor_id FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2 ORDER BY occurred_at',
        [tenant.id, action],
      )).rows,
    );

  it('refuses an initial password that breaks the policy with 400 naming each rule, writing nothing', async () => {
    const before = await state();
    const cases: [string, string, RegExp][] = [
      ['sato@example.jp', 'Short#1a', /10文字以上31文字以下/],
      ['sato@example.jp', 'ｐａｓｓword#123A', /使用できない文字（全角文字など）/],
      ['sato@example.jp', 'nouppercase#123', /英大文字/],
      ['tanaka@example.jp', 'Tanaka#2026xyz', /メールアドレスの@より前の部分/],
    ];
    for (const [email, initialPassword, rule] of cases) {
      const res = await adminClient.post('/api/services/process/members', { email, displayName: '佐藤 一郎', role: 'member', initialPassword });
      expect(res.statusCode, initialPassword).toBe(400);
      expect(res.json().error.code).toBe('validation.failed');
      expect(res.json().error.fields.initialPassword).toMatch(rule);
      expect(res.body).not.toContain(initialPassword);
    }
    const unknownRole = await adminClient.post('/api/services/process/members', { email: 'sato@example.jp', displayName: '佐藤 一郎', role: 'editor', initialPassword: 'Kakunin#2026z' });
    expect(unknownRole.statusCode).toBe(400);
    expect(unknownRole.json().error.fields.role).toBe('このサービスの役割から選んでください。');
    expect(await state()).toEqual(before);
  });

  it('adds a member who signs in and can only use self routes until the password is changed', async () => {
    const res = await adminClient.post('/api/services/process/members', {
      email: 'Sato.Ichiro@Example.jp',
      displayName: '佐藤 一郎',
      role: 'member',
      initialPassword: 'Kakunin#2026z',
    });
    expect(res.statusCode, res.body).toBe(201);
    const member = res.json().member;
    expect(member).toMatchObject({ email: 'Sato.Ichiro@Example.jp', displayName: '佐藤 一郎', status: 'active', mustChangePassword: true, lastSignInAt: null, memberships: [{ service: 'process', role: 'member' }] });
    const [created] = await events('tenant.member.created');
    expect(created).toMatchObject({ target_id: member.id, actor_id: admin.id, details: { service: 'process', role: 'member', newUser: true } });
    expect(JSON.stringify(created)).not.toContain('Kakunin');

    const again = await adminClient.post('/api/services/process/members', { email: 'sato.ichiro@example.jp', displayName: '別人', role: 'member', initialPassword: 'Kakunin#2026z' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('members.email_taken');

    const memberClient = new TestClient(app, 'en');
    const login = await memberClient.login(tenant.code, 'sato.ichiro@example.jp', 'Kakunin#2026z');
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().user.mustChangePassword).toBe(true);
    expect((await memberClient.get('/api/session')).statusCode).toBe(200);
    const blocked = await memberClient.get('/api/services/process/members');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('auth.password_change_required');

    const listed = await adminClient.get('/api/services/process/members');
    const row = listed.json().members.find((m: { id: string }) => m.id === member.id);
    expect(row.lastSignInAt).toBe(clock.now().toISOString());

    const change = await memberClient.post('/api/account/password', { currentPassword: 'Kakunin#2026z', newPassword: 'Jibun#Kimeta2026' });
    expect(change.statusCode, change.body).toBe(200);
    expect((await memberClient.get('/api/session')).json().user.mustChangePassword).toBe(false);
    // No longer blocked: refused only for lacking the admin permission.
    expect((await memberClient.get('/api/services/process/members')).json().error.code).toBe('auth.forbidden');
    // A role change applies on the member's next request.
    expect((await adminClient.request('PUT', `/api/services/process/members/${member.id}`, { role: 'admin' })).statusCode).toBe(200);
    expect((await memberClient.get('/api/services/process/members')).statusCode).toBe(200);
    const [changed] = await events('tenant.member.role_changed');
    expect(changed).toMatchObject({ target_id: member.id, details: { service: 'process', from: 'member', to: 'admin' } });
  });

  it('gives a user of another service a role here, once', async () => {
    const viewer = await buildUser(tdb.db, tenant, { memberships: [{ service: 'catalog', role: 'viewer' }] });
    const res = await adminClient.post('/api/services/process/memberships', { userId: viewer.id, role: 'member' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().member.memberships).toEqual([
      { service: 'catalog', role: 'viewer' },
      { service: 'process', role: 'member' },
    ]);
    const twice = await adminClient.post('/api/services/process/memberships', { userId: viewer.id, role: 'admin' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('members.already_member');
  });

  it('removes a membership; a user left with none is deleted and signed out at once', async () => {
    const both = await buildUser(tdb.db, tenant, { memberships: [{ service: 'process', role: 'member' }, { service: 'catalog', role: 'viewer' }] });
    const only = await buildUser(tdb.db, tenant, { displayName: '退職 予定', memberships: [{ service: 'process', role: 'member' }] });
    const onlyClient = await clientFor(only);
    expect((await onlyClient.get('/api/session')).statusCode).toBe(200);

    const partial = await adminClient.request('DELETE', `/api/services/process/members/${both.id}`);
    expect(partial.json()).toEqual({ userDeleted: false });
    expect((await adminClient.get(`/api/members/${both.id}`)).json().member.memberships).toEqual([{ service: 'catalog', role: 'viewer' }]);

    const full = await adminClient.request('DELETE', `/api/services/process/members/${only.id}`);
    expect(full.json()).toEqual({ userDeleted: true });
    expect((await onlyClient.get('/api/session')).statusCode).toBe(401);
    const left = await tdb.db.ownerTransaction(async (tx) => (await tx.query('SELECT id FROM platform.sessions WHERE user_id = $1', [only.id])).rows);
    expect(left).toEqual([]);
    expect((await events('tenant.member.deleted')).map((e) => e.target_id)).toEqual([only.id]);
    expect((await adminClient.request('DELETE', `/api/services/process/members/${only.id}`)).statusCode).toBe(404);
  });

  it('disables a user (out at once, sign-in refused) and enables them again', async () => {
    const worker = await buildUser(tdb.db, tenant, { email: 'worker@example.jp', memberships: [{ service: 'process', role: 'member' }] });
    const workerClient = await clientFor(worker);
    expect((await workerClient.get('/api/session')).statusCode).toBe(200);

    const disabled = await adminClient.post(`/api/members/${worker.id}/disable`);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().member.status).toBe('disabled');
    expect((await workerClient.get('/api/session')).statusCode).toBe(401);
    expect((await new TestClient(app).login(tenant.code, worker.email, worker.password)).statusCode).toBe(401);
    expect((await events('tenant.member.disabled')).map((e) => e.target_id)).toContain(worker.id);

    expect((await adminClient.post(`/api/members/${worker.id}/enable`)).json().member.status).toBe('active');
    expect((await new TestClient(app).login(tenant.code, worker.email, worker.password)).statusCode).toBe(200);
  });

  it('refuses to disable a user who also belongs to a service the admin does not manage', async () => {
    const shared = await buildUser(tdb.db, tenant, { memberships: [{ service: 'process', role: 'member' }, { service: 'catalog', role: 'editor' }] });
    const res = await adminClient.post(`/api/members/${shared.id}/disable`);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('members.not_all_services');
    expect((await adminClient.get(`/api/members/${shared.id}`)).json().member.status).toBe('active');
  });
});
