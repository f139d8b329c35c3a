import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { issueStaffSetupLink } from '../../src/platform/identity/index.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { base32Decode, totpAt } from '../support/totp.js';

describe(`staff sign-in always needs TOTP (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const email = 'ops@provider.example';
  const password = 'Sound#Secret42';
  let secret: Buffer;

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
    const link = await issueStaffSetupLink(tdb.db, clock);
    if (!link.issued) throw new Error('expected a setup link');
    const res = await new TestClient(app).post('/api/setup/staff', { token: link.token, email, displayName: '運用 太郎', password });
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  const operatorEvents = (action: string) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit.operator_events WHERE action = $1', [action])).rows[0]!.n);

  it('enrols an authenticator at the first sign-in and only then opens a session', async () => {
    const client = new TestClient(app);
    const first = await client.post('/api/ops/auth/login', { email, password });
    expect(first.statusCode).toBe(200);
    const step = first.json().secondFactor;
    expect(step.enrolmentRequired).toBe(true);
    expect(step.otpauthUri).toMatch(/^otpauth:\/\/totp\/.+secret=/);
    secret = base32Decode(step.secret);
    expect(client.cookie('sotas_staff')).toBeUndefined();
    expect((await client.get('/api/ops/session')).statusCode).toBe(404);

    const wrong = await client.post('/api/ops/auth/mfa', { token: step.token, code: '000000' === totpAt(secret, clock.now()) ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(401);
    const ok = await client.post('/api/ops/auth/mfa', { token: step.token, code: totpAt(secret, clock.now()) });
    expect(ok.statusCode).toBe(204);
    const session = await client.get('/api/ops/session');
    expect(session.statusCode).toBe(200);
    expect(session.json().staff).toMatchObject({ email, permissions: expect.arrayContaining(['ops:tenants:write', 'ops:staff:manage']) });
    expect(await operatorEvents('ops.staff.mfa.enrolled')).toBe(1);
    const stored = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ secret_ciphertext: string }>('SELECT secret_ciphertext FROM ops.staff_totp')).rows[0]!.secret_ciphertext);
    expect(stored).not.toContain(step.secret);
    expect(stored).not.toContain(secret.toString('hex'));
  });

  it('asks for a code at every later sign-in, refuses a replayed code, and ends a challenge after five wrong codes', async () => {
    clock.advance(60_000);
    const client = new TestClient(app);
    const step = (await client.post('/api/ops/auth/login', { email, password })).json().secondFactor;
    expect(step.enrolmentRequired).toBe(false);
    expect(step.secret).toBeUndefined();
    const code = totpAt(secret, clock.now());
    expect((await client.post('/api/ops/auth/mfa', { token: step.token, code })).statusCode).toBe(204);

    const again = new TestClient(app);
    const step2 = (await again.post('/api/ops/auth/login', { email, password })).json().secondFactor;
    expect((await again.post('/api/ops/auth/mfa', { token: step2.token, code })).statusCode, 'a used code is not accepted twice').toBe(401);
    for (let i = 0; i < 4; i++) await again.post('/api/ops/auth/mfa', { token: step2.token, code: '123456' });
    clock.advance(30_000);
    expect((await again.post('/api/ops/auth/mfa', { token: step2.token, code: totpAt(secret, clock.now()) })).statusCode, 'the challenge is dead after five failures').toBe(401);
  });

  it('answers a wrong password and an unknown e-mail the same way, and logs both', async () => {
    const client = new TestClient(app, 'en');
    const a = await client.post('/api/ops/auth/login', { email, password: 'Wrong#Pass123' });
    const b = await client.post('/api/ops/auth/login', { email: 'nobody@provider.example', password });
    expect(a.statusCode).toBe(401);
    expect({ ...a.json().error, requestId: '' }).toEqual({ ...b.json().error, requestId: '' });
    expect(await operatorEvents('ops.staff.login.failed')).toBeGreaterThanOrEqual(2);
  });

  it('hides the operator API from tenant users and anonymous callers (404)', async () => {
    const tenant = await buildTenant(tdb.db);
    const user = await buildUser(tdb.db, tenant);
    const client = new TestClient(app);
    await client.login(tenant.code, user.email, user.password);
    for (const c of [client, new TestClient(app)]) {
      const res = await c.get('/api/ops/session');
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('route.not_found');
    }
  });

  it('ends the staff session on sign-out and after 15 idle minutes', async () => {
    // The five wrong codes above locked the account for 15 minutes (staff lockout).
    clock.advance(16 * 60_000);
    const client = new TestClient(app);
    const step = (await client.post('/api/ops/auth/login', { email, password })).json().secondFactor;
    expect((await client.post('/api/ops/auth/mfa', { token: step.token, code: totpAt(secret, clock.now()) })).statusCode).toBe(204);
    expect((await client.get('/api/ops/session')).statusCode).toBe(200);
    clock.advance(16 * 60_000);
    expect((await client.get('/api/ops/session')).statusCode).toBe(404);

    const other = new TestClient(app);
    const step2 = (await other.post('/api/ops/auth/login', { email, password })).json().secondFactor;
    expect((await other.post('/api/ops/auth/mfa', { token: step2.token, code: totpAt(secret, clock.now()) })).statusCode).toBe(204);
    const cookie = other.cookie('sotas_staff')!;
    expect((await other.post('/api/ops/auth/logout')).statusCode).toBe(204);
    const replay = await app.http.inject({ method: 'GET', url: '/api/ops/session', headers: { cookie: `sotas_staff=${cookie}` } });
    expect(replay.statusCode).toBe(404);
  });
});
