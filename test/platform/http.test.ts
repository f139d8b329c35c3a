import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { withoutTenant } from '../../src/core/db/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

describe(`HTTP API basics (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let a: BuiltTenant;
  let b: BuiltTenant;
  let adminA: BuiltUser;
  let adminB: BuiltUser;
  let viewerA: BuiltUser;

  const count = async (sql: string) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>(sql)).rows[0]!.n);

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db);
    a = await buildTenant(tdb.db);
    b = await buildTenant(tdb.db);
    adminA = await buildUser(tdb.db, a, { email: 'admin@a.example' });
    viewerA = await buildUser(tdb.db, a, { email: 'viewer@a.example', memberships: [{ service: 'catalog', role: 'viewer' }] });
    adminB = await buildUser(tdb.db, b, { email: 'admin@b.example' });
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('signs in with company code, e-mail and password, and knows the user afterwards', async () => {
    const client = new TestClient(app);
    const res = await client.login(a.code.toLowerCase(), 'ADMIN@a.example', adminA.password);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'sotas_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.value.startsWith(`${a.id}.`)).toBe(true);
    const session = await client.get('/api/session');
    expect(session.statusCode).toBe(200);
    expect(session.json().user).toMatchObject({ id: adminA.id, tenant: { id: a.id, code: a.code }, memberships: [{ service: 'process', role: 'admin' }] });
    const token = cookie.value.split('.')[1]!;
    const stored = await count(`SELECT count(*)::int AS n FROM platform.sessions WHERE token_hash = '${token}'`);
    expect(stored, 'the raw token is never stored').toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM audit.tenant_events WHERE action = 'auth.login.succeeded'`)).toBeGreaterThan(0);
  });

  it('answers every wrong sign-in the same way, in the user’s language', async () => {
    const client = new TestClient(app, 'en');
    const bodies = [];
    for (const [code, email, pw] of [
      [a.code, 'admin@a.example', 'Wrong#Pass123'],
      [a.code, 'nobody@a.example', adminA.password],
      ['NO-SUCH-CO', 'admin@a.example', adminA.password],
      [b.code, 'admin@a.example', adminA.password],
    ] as const) {
      const res = await client.login(code, email, pw);
      expect(res.statusCode).toBe(401);
      const { requestId: _ignored, ...rest } = res.json().error;
      bodies.push(rest);
    }
    expect(new Set(bodies.map((x) => JSON.stringify(x))).size).toBe(1);
    expect(bodies[0]).toEqual({ code: 'auth.invalid_credentials', message: 'The company code, e-mail or password is incorrect.' });
    expect(await count(`SELECT count(*)::int AS n FROM audit.tenant_events WHERE action = 'auth.login.failed'`)).toBeGreaterThanOrEqual(2);
  });

  it('rejects bad input with field messages in Japanese or English and writes nothing', async () => {
    const before = await count('SELECT (SELECT count(*) FROM platform.sessions) + (SELECT count(*) FROM audit.tenant_events) AS n');
    const ja = await new TestClient(app, 'ja').post('/api/auth/login', { companyCode: '', password: 12 });
    expect(ja.statusCode).toBe(400);
    expect(ja.json().error).toMatchObject({
      code: 'validation.failed',
      message: '入力内容に誤りがあります。各項目のメッセージを確認してください。',
      fields: { companyCode: '入力してください。', email: '入力してください。', password: '値の種類が正しくありません。' },
    });
    const en = await new TestClient(app, 'en').post('/api/auth/login', { companyCode: 'A', email: 'x', password: 'y', extra: 1 });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.fields).toEqual({ _: 'Unknown fields: extra' });
    expect(await count('SELECT (SELECT count(*) FROM platform.sessions) + (SELECT count(*) FROM audit.tenant_events) AS n')).toBe(before);
  });

  it('answers malformed, oversized and wrongly typed bodies with a clear 4xx', async () => {
    const client = new TestClient(app, 'en');
    await client.get('/api/csrf');
    const headers = { 'accept-language': 'en', 'x-csrf-token': client.cookie('sotas_csrf')!, cookie: `sotas_csrf=${client.cookie('sotas_csrf')}` };
    const malformed = await app.http.inject({ method: 'POST', url: '/api/auth/login', headers: { ...headers, 'content-type': 'application/json' }, payload: '{"companyCode":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('request.malformed');
    const big = await app.http.inject({ method: 'POST', url: '/api/auth/login', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ companyCode: 'x'.repeat(2_000_000) }) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatchObject({ code: 'request.too_large', message: 'The request is too large.' });
    const xml = await app.http.inject({ method: 'POST', url: '/api/auth/login', headers: { ...headers, 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('request.unsupported_media_type');
  });

  it('refuses state-changing requests without the CSRF token', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/api/auth/login', payload: { companyCode: a.code, email: adminA.email, password: adminA.password } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf.invalid');
    expect(res.cookies.find((c) => c.name === 'sotas_session')).toBeUndefined();
    const mismatched = await app.http.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: 'sotas_csrf=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'x-csrf-token': 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
      payload: { companyCode: a.code, email: adminA.email, password: adminA.password },
    });
    expect(mismatched.statusCode).toBe(403);
  });

  it('answers another tenant’s id with 404, and lists only its own members', async () => {
    const client = new TestClient(app);
    await client.login(a.code, adminA.email, adminA.password);
    const own = await client.get(`/api/members/${viewerA.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().member.email).toBe('viewer@a.example');
    const other = await client.get(`/api/members/${adminB.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    expect(JSON.stringify(other.json())).not.toContain('admin@b.example');
    const list = await client.get('/api/members');
    const emails = list.json().members.map((m: { email: string }) => m.email).sort();
    expect(emails).toEqual(['admin@a.example', 'viewer@a.example']);
  });

  it('requires a session (401) and the route’s permission (403)', async () => {
    expect((await new TestClient(app).get('/api/members')).statusCode).toBe(401);
    const viewer = new TestClient(app, 'en');
    await viewer.login(a.code, viewerA.email, viewerA.password);
    const res = await viewer.get('/api/members');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('You do not have permission to do this.');
  });

  it('signs out: the session stops working at once', async () => {
    const client = new TestClient(app);
    await client.login(a.code, adminA.email, adminA.password);
    const cookie = client.cookie('sotas_session')!;
    expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
    const replay = await app.http.inject({ method: 'GET', url: '/api/session', headers: { cookie: `sotas_session=${cookie}` } });
    expect(replay.statusCode).toBe(401);
  });

  it('gives members of tenants without a contract for a service no membership in it', async () => {
    const c = await buildTenant(tdb.db, { services: ['catalog'] });
    const u = await buildUser(tdb.db, c, { memberships: [{ service: 'process', role: 'admin' }, { service: 'catalog', role: 'viewer' }] });
    const client = new TestClient(app);
    await client.login(c.code, u.email, u.password);
    expect((await client.get('/api/session')).json().user.memberships).toEqual([{ service: 'catalog', role: 'viewer' }]);
  });

  it('sends strict security headers and no framework banner', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/public/config' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['server']).toBeUndefined();
    expect(res.headers['strict-transport-security'], 'no HSTS over plain HTTP').toBeUndefined();
  });

  it('answers unknown API paths with a JSON 404 in the user’s language', async () => {
    const res = await new TestClient(app, 'ja').get('/api/no/such/thing');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'route.not_found', message: 'このアドレスは存在しません。' });
  });

  it('keeps request ids given by a proxy when they are sane', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/nope', headers: { 'x-request-id': 'req-12345678' } });
    expect(res.json().error.requestId).toBe('req-12345678');
  });

  it('shows tenants nothing of each other at the ops level through the app role', async () => {
    const rows = await withoutTenant(tdb.db, (tx) => tx.query('SELECT * FROM platform.users'));
    expect(rows.rows).toEqual([]);
  });
});
