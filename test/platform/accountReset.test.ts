import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { loginWithPassword } from '../../src/platform/identity/index.js';
import { RESET_REQUEST_MIN_MS, RESET_TOKEN_TTL_MS } from '../../src/platform/identity/passwordReset.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { startSmtp, textBody } from '../support/smtp.js';

const PUBLIC_URL = 'https://app.example.jp';
const NEW_PASSWORD = 'Kobalt#Ridge58';

describe(`password reset by e-mail through a real SMTP server (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let clock: ManualClock;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let tenant: BuiltTenant;
  let user: BuiltUser;

  beforeEach(async () => {
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    clock = new ManualClock('2030-04-01T00:00:00Z');
    app = await createTestApp(tdb.db, { clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL } });
    tenant = await buildTenant(tdb.db);
    user = await buildUser(tdb.db, tenant, { email: 'Sato.Hanako@Kasei.example', displayName: '佐藤 花子' });
  });
  afterEach(async () => {
    await app.close();
    await tdb.close();
    await smtp.close();
  });

  const requestReset = async (companyCode: string, email: string, lang: 'ja' | 'en' = 'ja') => {
    const started = performance.now();
    const res = await new TestClient(app, lang).post('/api/auth/password-reset', { companyCode, email });
    return { res, ms: performance.now() - started };
  };
  /** Delivers queued mail through SMTP and returns the reset link of the newest message. */
  const deliverAndReadLink = async (): Promise<string> => {
    await app.jobs.drain();
    const last = smtp.received.at(-1);
    if (!last) throw new Error('no mail arrived');
    const link = /https:\/\/app\.example\.jp\/reset-password\/([A-Za-z0-9_-]+)/.exec(textBody(last.raw));
    if (!link) throw new Error('no reset link in the mail');
    return link[1]!;
  };
  const events = (action: string) =>
    tdb.db.ownerTransaction(async (tx) => (
      await tx.query<{ result: string; reason: string | null; target_id: string | null; details: Record<string, unknown> }>(
        'SELECT result, reason, target_id, details FROM audit.tenant_events WHERE action = $1 ORDER BY occurred_at',
        [action],
      )
    ).rows);

  it('mails a link; the link sets a new password, ends every session and does not sign in', async () => {
    const laptop = new TestClient(app);
    expect((await laptop.login(tenant.code, user.email, user.password)).statusCode).toBe(200);
    const phone = new TestClient(app);
    expect((await phone.login(tenant.code, user.email, user.password)).statusCode).toBe(200);

    const { res } = await requestReset(tenant.code.toLowerCase(), 'sato.hanako@kasei.example');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: true });
    const token = await deliverAndReadLink();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to, 'the address as stored; SMTP lower-cases the domain').toEqual(['Sato.Hanako@kasei.example']);
    const text = textBody(smtp.received[0]!.raw);
    expect(text).toContain('佐藤 花子 様');
    expect(text).toContain(`${PUBLIC_URL}/reset-password/${token}`);
    expect(text).toContain('2030/04/01(月) 10:00');

    // Only the hash of the token is stored.
    const stored = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ token_hash: string; expires_at: Date }>('SELECT token_hash, expires_at FROM platform.password_reset_tokens')).rows);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(stored[0]!.expires_at.getTime() - clock.now().getTime()).toBeLessThanOrEqual(3_600_000);

    const visitor = new TestClient(app, 'en');
    const check = await visitor.get(`/api/auth/password-reset/${token}`);
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ valid: true, email: 'Sato.Hanako@Kasei.example' });

    clock.advance(10 * 60_000);
    const done = await visitor.post('/api/auth/password-reset/complete', { token, newPassword: NEW_PASSWORD });
    expect(done.statusCode).toBe(204);
    expect(done.cookies.find((c) => c.name === 'sotas_session'), 'reset does not sign in').toBeUndefined();
    expect((await visitor.get('/api/session')).statusCode).toBe(401);
    expect((await laptop.get('/api/session')).statusCode).toBe(401);
    expect((await phone.get('/api/session')).statusCode).toBe(401);

    expect((await new TestClient(app).login(tenant.code, user.email, user.password)).statusCode).toBe(401);
    expect((await new TestClient(app).login(tenant.code, user.email, NEW_PASSWORD)).statusCode).toBe(200);

    // Used once: a second use fails, and so does checking it.
    const again = await visitor.post('/api/auth/password-reset/complete', { token, newPassword: 'Another#Pass472' });
    expect(again.statusCode).toBe(404);
    expect(again.json().error).toMatchObject({ code: 'account.reset_link_invalid', message: expect.stringContaining('invalid') });
    expect((await visitor.get(`/api/auth/password-reset/${token}`)).statusCode).toBe(404);
    expect((await new TestClient(app).login(tenant.code, user.email, NEW_PASSWORD)).statusCode).toBe(200);

    expect(await events('auth.password.reset_requested')).toMatchObject([{ result: 'success', target_id: user.id }]);
    expect(await events('auth.password.reset')).toMatchObject([{ result: 'success', target_id: user.id, details: { sessionsEnded: 2 } }]);
  });

  it('refuses a new password that breaks the policy, naming the rule, and keeps the link usable', async () => {
    await requestReset(tenant.code, user.email);
    const token = await deliverAndReadLink();
    const visitor = new TestClient(app, 'en');
    for (const [newPassword, rule] of [
      ['Password1!', /too common/],
      ['Sato.hanako#2030', /not allowed/],
      ['short#A1', /10 to 31 characters/],
    ] as const) {
      const res = await visitor.post('/api/auth/password-reset/complete', { token, newPassword });
      expect(res.statusCode, newPassword).toBe(400);
      expect(res.json().error.fields.newPassword).toMatch(rule);
    }
    expect(await events('auth.password.reset')).toEqual([]);
    expect((await visitor.post('/api/auth/password-reset/complete', { token, newPassword: NEW_PASSWORD })).statusCode).toBe(204);
    expect(await events('auth.password.reset')).toHaveLength(1);
  });

  it('names the e-mail rule when the new password contains the e-mail’s local part', async () => {
    const plain = await buildUser(tdb.db, tenant, { email: 'yamada@kasei.example', displayName: '山田 太郎' });
    await requestReset(tenant.code, plain.email);
    const token = await deliverAndReadLink();
    const res = await new TestClient(app).post('/api/auth/password-reset/complete', { token, newPassword: 'Yamada#Kasei2031' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.newPassword).toBe('メールアドレスの@より前の部分をパスワードに含めないでください。');
    expect(await events('auth.password.reset')).toEqual([]);
  });

  it('refuses an expired link', async () => {
    await requestReset(tenant.code, user.email);
    const token = await deliverAndReadLink();
    clock.advance(RESET_TOKEN_TTL_MS);
    const visitor = new TestClient(app);
    expect((await visitor.get(`/api/auth/password-reset/${token}`)).statusCode).toBe(404);
    const res = await visitor.post('/api/auth/password-reset/complete', { token, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toContain('有効期限');
    expect((await new TestClient(app).login(tenant.code, user.email, user.password)).statusCode).toBe(200);
  });

  it('answers an unknown e-mail or company exactly as a known one, in similar time, and sends nothing', async () => {
    const known = await requestReset(tenant.code, user.email, 'en');
    const unknownEmail = await requestReset(tenant.code, 'nobody@kasei.example', 'en');
    const unknownCompany = await requestReset('NO-SUCH-CO', user.email, 'en');
    const disabled = await buildUser(tdb.db, tenant, { email: 'gone@kasei.example', status: 'disabled' });
    const disabledUser = await requestReset(tenant.code, disabled.email, 'en');
    for (const other of [unknownEmail, unknownCompany, disabledUser]) {
      expect(other.res.statusCode).toBe(known.res.statusCode);
      expect(other.res.body).toBe(known.res.body);
      expect(other.res.headers['content-type']).toBe(known.res.headers['content-type']);
    }
    // Every answer waits for the same floor, which the work for a known account stays under.
    const times = [known, unknownEmail, unknownCompany, disabledUser].map((a) => a.ms);
    for (const ms of times) expect(ms).toBeGreaterThanOrEqual(RESET_REQUEST_MIN_MS - 5);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(RESET_REQUEST_MIN_MS);
    await app.jobs.drain();
    expect(smtp.received.map((m) => m.to)).toEqual([['Sato.Hanako@kasei.example']]);
    expect(await events('auth.password.reset_requested')).toHaveLength(1);
  });

  it('makes only the newest link work, and sends no second mail within a minute', async () => {
    await requestReset(tenant.code, user.email);
    const first = await deliverAndReadLink();
    await requestReset(tenant.code, user.email);
    await app.jobs.drain();
    expect(smtp.received).toHaveLength(1);
    expect((await events('auth.password.reset_requested')).map((e) => e.result)).toEqual(['success', 'denied']);

    clock.advance(61_000);
    await requestReset(tenant.code, user.email);
    const second = await deliverAndReadLink();
    expect(smtp.received).toHaveLength(2);
    expect(second).not.toBe(first);
    const visitor = new TestClient(app);
    expect((await visitor.post('/api/auth/password-reset/complete', { token: first, newPassword: NEW_PASSWORD })).statusCode).toBe(404);
    expect((await visitor.post('/api/auth/password-reset/complete', { token: second, newPassword: NEW_PASSWORD })).statusCode).toBe(204);
  });

  it('lifts a lockout, since the mailbox proves the account is the user’s', async () => {
    for (let i = 0; i < 5; i++) {
      await loginWithPassword({ db: tdb.db, clock, session: app.config.session }, { companyCode: tenant.code, email: user.email, password: 'Wrong#Pass123' }, {}).catch(() => undefined);
    }
    expect((await new TestClient(app).login(tenant.code, user.email, user.password)).statusCode).toBe(401);
    await requestReset(tenant.code, user.email);
    const token = await deliverAndReadLink();
    expect((await new TestClient(app).post('/api/auth/password-reset/complete', { token, newPassword: NEW_PASSWORD })).statusCode).toBe(204);
    expect((await new TestClient(app).login(tenant.code, user.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect(await events('auth.lockout.ended')).toMatchObject([{ reason: 'password_reset' }]);
  });

  it('refuses malformed and forged tokens without touching anything', async () => {
    const visitor = new TestClient(app, 'en');
    const forged = `${tenant.id.replace(/-/g, '')}${'A'.repeat(43)}`;
    expect((await visitor.get(`/api/auth/password-reset/${forged}`)).statusCode).toBe(404);
    expect((await visitor.post('/api/auth/password-reset/complete', { token: forged, newPassword: NEW_PASSWORD })).statusCode).toBe(404);
    const malformed = await visitor.post('/api/auth/password-reset/complete', { token: 'short', newPassword: NEW_PASSWORD });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.fields.token).toBeDefined();
  });
});
