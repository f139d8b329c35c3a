import { createHmac } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant } from '../../src/core/db/index.js';
import { setTenantMfaRequired } from '../../src/platform/identity/index.js';
import { decryptForTenant, fileKeyProvider } from '../../src/platform/keys/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

/** HOTP/TOTP computed here with node:crypto, independently of the product's code. */
function totpAt(secretBase32: string, at: Date, stepOffset = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretBase32.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 30_000) + stepOffset));
  const hs = createHmac('sha1', key).update(message).digest();
  const offset = hs[hs.length - 1]! & 0x0f;
  return String((hs.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * A client from an address of its own (X-Forwarded-For; the app trusts it here), so the tests
 * that send many sign-ins stay under the per-address limits of the sign-in routes.
 */
class AddressedClient extends TestClient {
  constructor(app: App, private readonly address: string) {
    super(app);
  }
  override request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) {
    return super.request(method, url, body, { 'x-forwarded-for': this.address, ...headers });
  }
}

interface SecondFactor {
  token: string;
  methods: string[];
  enrolmentRequired: boolean;
  expiresAt: string;
}

describe(`multi-factor sign-in (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-11-27T01:00:05Z');
  let tenant: BuiltTenant;
  let other: BuiltTenant;
  let alice: BuiltUser;
  let secret: string;
  let recoveryCodes: string[];

  const events = (tenantId: string, action: string) =>
    tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ actor_type: string; actor_id: string; details: Record<string, unknown>; result: string }>(
        'SELECT actor_type, actor_id, details, result FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2 ORDER BY occurred_at, id',
        [tenantId, action],
      )).rows,
    );

  async function passwordStep(client: TestClient, user: BuiltUser, t: BuiltTenant = tenant, options: { keepsSession?: boolean } = {}): Promise<SecondFactor> {
    const res = await client.login(t.code, user.email, user.password);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { secondFactor?: SecondFactor };
    expect(body.secondFactor, 'a second factor is asked for').toBeDefined();
    // The password step sets no session (a browser that already held one keeps it until the second factor).
    if (!options.keepsSession) expect(client.cookie('sotas_session')).toBeUndefined();
    return body.secondFactor!;
  }

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock, env: { TRUST_PROXY: 'true' } });
    tenant = await buildTenant(tdb.db);
    other = await buildTenant(tdb.db);
    alice = await buildUser(tdb.db, tenant, { memberships: [{ service: 'process', role: 'member' }] });
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });
  /** The account's lockout counters as stored. */
  const guard = (userId: string) =>
    tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ failed_logins: number; lockout_count: number; locked: boolean }>(
        'SELECT failed_logins, lockout_count, coalesce(locked_until > $2, false) AS locked FROM platform.users WHERE id = $1',
        [userId, clock.now()],
      )).rows[0]!,
    );

  // Wrong answers count towards the account lockout across tests; each test starts with none.
  beforeEach(async () => {
    clock.advance(60_000);
    if (alice) {
      await tdb.db.ownerTransaction((tx) =>
        tx.query('UPDATE platform.users SET failed_logins = 0, lockout_count = 0, locked_until = NULL, last_failed_login_at = NULL WHERE id = $1', [alice.id]),
      );
    }
  });

  it('signs in with the password alone while the user has no factor and the tenant requires none', async () => {
    const client = new TestClient(app);
    const res = await client.login(tenant.code, alice.email, alice.password);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.email).toBe(alice.email);
  });

  it('enrols an authenticator app: QR, secret, confirmation with a current code, ten recovery codes', async () => {
    const client = new TestClient(app);
    await client.login(tenant.code, alice.email, alice.password);
    const start = await client.post('/api/mfa/totp', {});
    expect(start.statusCode, start.body).toBe(200);
    const setup = start.json() as { secret: string; uri: string; qrSvg: string };
    secret = setup.secret;
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.uri).toBe(`otpauth://totp/Sotas:${encodeURIComponent(alice.email)}?issuer=Sotas&algorithm=SHA1&secret=${secret}&period=30&digits=6`);
    expect(setup.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    expect((await client.get('/api/mfa')).json().totp.enrolled).toBe(false);
    const wrong = await client.post('/api/mfa/totp/confirm', { code: totpAt(secret, clock.now(), 5) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('mfa.code_invalid');
    expect(wrong.json().error.message).toContain('確認コードが正しくありません');

    const confirm = await client.post('/api/mfa/totp/confirm', { code: totpAt(secret, clock.now()) });
    expect(confirm.statusCode, confirm.body).toBe(200);
    recoveryCodes = confirm.json().recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    const status = (await client.get('/api/mfa')).json();
    expect(status).toMatchObject({ totp: { enrolled: true }, passkeys: [], recoveryCodesLeft: 10, tenantRequiresMfa: false, canManagePolicy: false });
    expect((await client.post('/api/mfa/totp', {})).json().error.code).toBe('mfa.totp_already_enrolled');
    expect((await events(tenant.id, 'auth.mfa.enrolled')).map((e) => e.details.method)).toEqual(['totp']);
  });

  it('stores the TOTP secret encrypted: not the plain secret, and only this tenant’s key decrypts it', async () => {
    const row = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ secret_encrypted: string }>('SELECT secret_encrypted FROM platform.mfa_totp WHERE user_id = $1', [alice.id])).rows[0]!,
    );
    const raw = Buffer.from(totpAtSecretBytes(secret));
    expect(row.secret_encrypted).not.toContain(secret);
    expect(row.secret_encrypted).not.toContain(raw.toString('hex'));
    expect(row.secret_encrypted).not.toContain(raw.toString('base64url'));
    const keys = { provider: fileKeyProvider(path.join(app.config.dataDir, 'keys')), clock };
    const context = { purpose: 'mfa_totp_secret', id: alice.id };
    const plain = await withTenant(tdb.db, tenant.id, (tx) => decryptForTenant(tx, keys, tenant.id, row.secret_encrypted, context));
    expect(plain.equals(raw)).toBe(true);
    await withTenant(tdb.db, other.id, async (tx) => {
      const { encryptForTenant } = await import('../../src/platform/keys/index.js');
      await encryptForTenant(tx, keys, other.id, Buffer.from('x'), context);
    });
    await expect(withTenant(tdb.db, other.id, (tx) => decryptForTenant(tx, keys, other.id, row.secret_encrypted, context))).rejects.toThrow();
  });

  it('asks for the second factor after the password; the challenge token is no session', async () => {
    const client = new TestClient(app);
    const challenge = await passwordStep(client, alice);
    expect(challenge).toMatchObject({ methods: ['totp', 'recovery_code'], enrolmentRequired: false });
    expect(new Date(challenge.expiresAt).getTime() - clock.now().getTime()).toBe(10 * 60_000);
    client.setCookie('sotas_session', challenge.token);
    expect((await client.get('/api/session')).statusCode).toBe(401);
    expect((await client.get('/api/mfa')).statusCode).toBe(401);
  });

  it('signs in with a code, and never accepts the same code twice', async () => {
    const client = new TestClient(app);
    const challenge = await passwordStep(client, alice);
    const code = totpAt(secret, clock.now());
    const ok = await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'totp', code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(client.cookie('sotas_session')).toBeDefined();
    expect((await client.get('/api/session')).json().user.email).toBe(alice.email);
    const cookie = ok.cookies.find((c) => c.name === 'sotas_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const login = (await events(tenant.id, 'auth.login.succeeded')).at(-1)!;
    expect(login.details).toEqual({ method: 'totp' });

    // The challenge is used up, and the same code is refused for a new challenge.
    expect((await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'totp', code })).statusCode).toBe(401);
    const again = new TestClient(app);
    const second = await passwordStep(again, alice);
    const replay = await again.post('/api/auth/mfa/verify', { token: second.token, method: 'totp', code });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.code).toBe('mfa.code_invalid');
    expect(again.cookie('sotas_session')).toBeUndefined();
  });

  it('kills the challenge after five wrong codes, even for the right one after', async () => {
    const client = new TestClient(app, 'en');
    const challenge = await passwordStep(client, alice);
    const failedBefore = (await events(tenant.id, 'auth.mfa.challenge_failed')).length;
    const right = totpAt(secret, clock.now());
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const res = await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'totp', code: wrong });
      expect(res.statusCode).toBe(400);
    }
    const dead = await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'totp', code: right });
    expect(dead.statusCode).toBe(401);
    expect(dead.json().error).toMatchObject({ code: 'mfa.challenge_invalid', message: 'This verification has expired or had too many attempts. Sign in again.' });
    const failed = (await events(tenant.id, 'auth.mfa.challenge_failed')).slice(failedBefore);
    expect(failed.map((e) => e.details.attemptsLeft).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(failed.every((e) => e.result === 'failure' && e.details.method === 'totp')).toBe(true);
    expect(client.cookie('sotas_session')).toBeUndefined();
    // The five wrong answers were five failed attempts on the account: it is locked.
    expect(await guard(alice.id)).toMatchObject({ locked: true, lockout_count: 1 });
  });

  it('counts wrong answers across challenges towards the account lockout; the password alone never clears them, a completed sign-in does', async () => {
    const address = '203.0.113.71';
    const right = () => totpAt(secret, clock.now());
    const wrong = () => (right() === '000000' ? '111111' : '000000');
    const answer = (client: TestClient, token: string, code: string) => client.post('/api/auth/mfa/verify', { token, method: 'totp', code });

    // Two wrong codes, then the right password again (a new challenge): still two failures.
    const first = await passwordStep(new AddressedClient(app, address), alice);
    for (let i = 0; i < 2; i++) expect((await answer(new AddressedClient(app, address), first.token, wrong())).statusCode).toBe(400);
    const second = await passwordStep(new AddressedClient(app, address), alice);
    expect(await guard(alice.id)).toMatchObject({ failed_logins: 2, locked: false });
    for (let i = 0; i < 2; i++) expect((await answer(new AddressedClient(app, address), second.token, wrong())).statusCode).toBe(400);
    // The fifth wrong answer, on a third challenge, locks the account.
    const third = await passwordStep(new AddressedClient(app, address), alice);
    expect((await answer(new AddressedClient(app, address), third.token, wrong())).statusCode).toBe(400);
    expect(await guard(alice.id)).toMatchObject({ locked: true, lockout_count: 1 });
    expect((await events(tenant.id, 'auth.lockout')).at(-1)).toMatchObject({ result: 'denied', details: { minutes: 1, lockouts: 1 } });
    const lockout = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ reason: string }>(`SELECT reason FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'auth.lockout' ORDER BY seq DESC LIMIT 1`, [tenant.id])).rows[0]!,
    );
    expect(lockout.reason).toBe('too_many_failed_second_factors');

    // While locked, the right code on a challenge still open is refused unchecked, and so is the password.
    const refused = await answer(new AddressedClient(app, address), second.token, right());
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('mfa.challenge_invalid');
    expect((await events(tenant.id, 'auth.mfa.challenge_failed')).at(-1)).toMatchObject({ result: 'failure' });
    const locked = await new AddressedClient(app, address).login(tenant.code, alice.email, alice.password);
    expect(locked.statusCode).toBe(401);
    expect(locked.json().error.code).toBe('auth.invalid_credentials');

    // After the lock runs out, password and code sign in, and the failures are forgotten.
    clock.advance(61_000);
    const client = new AddressedClient(app, address);
    const last = await passwordStep(client, alice);
    expect((await answer(client, last.token, right())).statusCode).toBe(200);
    expect(await guard(alice.id)).toEqual({ failed_logins: 0, lockout_count: 0, locked: false });
  });

  it('checks at most five answers before the lock, however many challenges are answered at once', async () => {
    const address = '203.0.113.74';
    const right = totpAt(secret, clock.now());
    const wrong = right === '000000' ? '111111' : '000000';
    const challenges = [];
    for (let i = 0; i < 3; i++) challenges.push(await passwordStep(new AddressedClient(app, address), alice));
    const before = (await events(tenant.id, 'auth.mfa.challenge_failed')).length;
    const answers = await Promise.all(
      challenges.flatMap((c) => Array.from({ length: 5 }, () => new AddressedClient(app, address).post('/api/auth/mfa/verify', { token: c.token, method: 'totp', code: wrong }))),
    );
    expect(answers.every((a) => a.statusCode === 400 || a.statusCode === 401)).toBe(true);
    const failed = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ reason: string }>(
        `SELECT reason FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'auth.mfa.challenge_failed' ORDER BY seq OFFSET $2`,
        [tenant.id, before],
      )).rows.map((r) => r.reason),
    );
    expect(failed.filter((r) => r === 'mfa.code_invalid'), 'answers checked').toHaveLength(5);
    expect(failed.filter((r) => r === 'account_locked'), 'answers refused unchecked').toHaveLength(10);
    expect(await guard(alice.id)).toMatchObject({ locked: true, lockout_count: 1 });
  });

  it('does not let a correct password clear earlier wrong passwords while the second factor is pending', async () => {
    const address = '203.0.113.72';
    for (let i = 0; i < 4; i++) expect((await new AddressedClient(app, address).login(tenant.code, alice.email, 'Wrong#Pass123')).statusCode).toBe(401);
    await passwordStep(new AddressedClient(app, address), alice);
    expect(await guard(alice.id)).toMatchObject({ failed_logins: 4, locked: false });
    expect((await new AddressedClient(app, address).login(tenant.code, alice.email, 'Wrong#Pass123')).statusCode).toBe(401);
    expect(await guard(alice.id)).toMatchObject({ locked: true, lockout_count: 1 });
    expect((await new AddressedClient(app, address).login(tenant.code, alice.email, alice.password)).statusCode).toBe(401);
  });

  it('ends the session the browser held when the second factor completes a new sign-in', async () => {
    const browser = new AddressedClient(app, '203.0.113.73');
    const first = await passwordStep(browser, alice);
    expect((await browser.post('/api/auth/mfa/verify', { token: first.token, method: 'totp', code: totpAt(secret, clock.now()) })).statusCode).toBe(200);
    const held = browser.cookie('sotas_session')!;
    clock.advance(30_000);
    const second = await passwordStep(browser, alice, tenant, { keepsSession: true });
    expect((await browser.post('/api/auth/mfa/verify', { token: second.token, method: 'totp', code: totpAt(secret, clock.now()) })).statusCode).toBe(200);
    expect(browser.cookie('sotas_session')).not.toBe(held);
    const stale = new AddressedClient(app, '203.0.113.73');
    stale.setCookie('sotas_session', held);
    expect((await stale.get('/api/session')).statusCode).toBe(401);
    expect((await browser.get('/api/session')).statusCode).toBe(200);
  });

  it('refuses parallel guesses beyond the attempt limit', async () => {
    const client = new TestClient(app);
    const challenge = await passwordStep(client, alice);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'totp', code: '000001' })),
    );
    const tried = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ attempts: number }>('SELECT attempts FROM platform.mfa_challenges WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1', [alice.id])).rows[0]!.attempts,
    );
    expect(tried).toBe(5);
    expect(results.filter((r) => r.statusCode === 401).length).toBe(3);
  });

  it('expires a challenge after ten minutes', async () => {
    const client = new TestClient(app);
    const challenge = await passwordStep(client, alice);
    clock.advance(10 * 60_000 + 1000);
    const res = await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'totp', code: totpAt(secret, clock.now()) });
    expect(res.statusCode).toBe(401);
  });

  it('accepts each recovery code once', async () => {
    const client = new TestClient(app);
    const challenge = await passwordStep(client, alice);
    const code = recoveryCodes[3]!;
    const ok = await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'recovery_code', code: code.toUpperCase().replace(/-/g, ' ') });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await events(tenant.id, 'auth.mfa.recovery_code_used')).at(-1)!.details).toEqual({ remaining: 9 });
    expect((await events(tenant.id, 'auth.login.succeeded')).at(-1)!.details).toEqual({ method: 'recovery_code' });

    const again = new TestClient(app);
    const second = await passwordStep(again, alice);
    const reused = await again.post('/api/auth/mfa/verify', { token: second.token, method: 'recovery_code', code });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().error.code).toBe('mfa.recovery_code_invalid');
    expect((await client.get('/api/mfa')).json().recoveryCodesLeft).toBe(9);
  });

  it('regenerates recovery codes: the old ones stop working', async () => {
    const client = new TestClient(app);
    const challenge = await passwordStep(client, alice);
    await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'totp', code: totpAt(secret, clock.now()) });
    const res = await client.post('/api/mfa/recovery-codes', {});
    expect(res.statusCode).toBe(200);
    const fresh = res.json().recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recoveryCodes[0]);
    const next = new TestClient(app);
    const c2 = await passwordStep(next, alice);
    expect((await next.post('/api/auth/mfa/verify', { token: c2.token, method: 'recovery_code', code: recoveryCodes[0] })).statusCode).toBe(400);
    recoveryCodes = fresh;
  });

  it('rejects malformed answers with field messages and changes nothing', async () => {
    const client = new TestClient(app, 'en');
    const challenge = await passwordStep(client, alice);
    const missing = await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'totp' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.code).toBe('This field is required.');
    expect((await client.post('/api/auth/mfa/verify', { token: 'x'.repeat(50), method: 'totp', code: '123456' })).statusCode).toBe(401);
    expect((await client.post('/api/auth/mfa/verify', { token: `${other.id}.${'a'.repeat(43)}`, method: 'totp', code: '123456' })).statusCode).toBe(401);
    const attempts = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ attempts: number }>('SELECT attempts FROM platform.mfa_challenges WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1', [alice.id])).rows[0]!.attempts,
    );
    expect(attempts).toBe(0);
  });

  it('removes the authenticator only with a current code or the password', async () => {
    const bob = await buildUser(tdb.db, tenant);
    const client = new TestClient(app);
    await client.login(tenant.code, bob.email, bob.password);
    const bobSecret = (await client.post('/api/mfa/totp', {})).json().secret as string;
    await client.post('/api/mfa/totp/confirm', { code: totpAt(bobSecret, clock.now()) });
    const badPassword = await client.post('/api/mfa/totp/disable', { password: 'Wrong#Pass123' });
    expect(badPassword.statusCode).toBe(400);
    expect(badPassword.json().error.code).toBe('mfa.reauth_failed');
    expect((await client.post('/api/mfa/totp/disable', {})).statusCode).toBe(400);
    expect((await client.get('/api/mfa')).json().totp.enrolled).toBe(true);
    const ok = await client.post('/api/mfa/totp/disable', { password: bob.password });
    expect(ok.statusCode, ok.body).toBe(204);
    expect((await client.get('/api/mfa')).json()).toMatchObject({ totp: { enrolled: false }, recoveryCodesLeft: 0 });
    expect((await events(tenant.id, 'auth.mfa.removed')).at(-1)).toMatchObject({ actor_id: bob.id, details: { method: 'totp', reauthenticatedWith: 'password' } });
    // Without a factor the password alone signs in again.
    expect((await new TestClient(app).login(tenant.code, bob.email, bob.password)).json().user).toBeDefined();
  });

  it('lets only tenant admins switch "MFA required", audited', async () => {
    const member = new TestClient(app);
    const memberUser = await buildUser(tdb.db, tenant, { memberships: [{ service: 'catalog', role: 'viewer' }] });
    await member.login(tenant.code, memberUser.email, memberUser.password);
    expect((await member.get('/api/mfa/policy')).statusCode).toBe(403);
    expect((await member.request('PUT', '/api/mfa/policy', { mfaRequired: true })).statusCode).toBe(403);

    const admin = await buildUser(tdb.db, tenant, { memberships: [{ service: 'survey', role: 'org_admin' }] });
    const client = new TestClient(app);
    await client.login(tenant.code, admin.email, admin.password);
    expect((await client.get('/api/mfa')).json().canManagePolicy).toBe(true);
    expect((await client.get('/api/mfa/policy')).json()).toEqual({ mfaRequired: false });
    expect((await client.request('PUT', '/api/mfa/policy', { mfaRequired: 'yes' })).statusCode).toBe(400);
    const res = await client.request('PUT', '/api/mfa/policy', { mfaRequired: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ mfaRequired: true });
    const changed = await events(tenant.id, 'tenant.mfa_policy.changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ actor_type: 'user', actor_id: admin.id, details: { mfaRequired: true, previous: false } });
    // The admin's own session goes on; their next sign-in needs enrolment.
    expect((await client.get('/api/session')).statusCode).toBe(200);
  });

  it('forces enrolment at the next sign-in when the tenant requires MFA, then signs in', async () => {
    const carol = await buildUser(tdb.db, tenant);
    const client = new TestClient(app);
    const challenge = await passwordStep(client, carol);
    expect(challenge).toMatchObject({ methods: [], enrolmentRequired: true });
    // Answering with a factor is not possible before enrolling.
    expect((await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'totp', code: '123456' })).statusCode).toBe(401);
    const setup = await client.post('/api/auth/mfa/enrol/totp', { token: challenge.token });
    expect(setup.statusCode, setup.body).toBe(200);
    const carolSecret = setup.json().secret as string;
    const wrong = await client.post('/api/auth/mfa/enrol/totp/confirm', { token: challenge.token, code: totpAt(carolSecret, clock.now(), 3) });
    expect(wrong.statusCode).toBe(400);
    expect(client.cookie('sotas_session')).toBeUndefined();
    // A wrong code while setting up a first factor is no guess at a secret: the account counts none.
    expect(await guard(carol.id)).toMatchObject({ failed_logins: 0, locked: false });
    const done = await client.post('/api/auth/mfa/enrol/totp/confirm', { token: challenge.token, code: totpAt(carolSecret, clock.now()) });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().recoveryCodes).toHaveLength(10);
    expect((await client.get('/api/session')).json().user.email).toBe(carol.email);
    expect((await client.get('/api/mfa')).json()).toMatchObject({ totp: { enrolled: true }, tenantRequiresMfa: true });

    // The last factor cannot be removed while the tenant requires MFA.
    const remove = await client.post('/api/mfa/totp/disable', { password: carol.password });
    expect(remove.statusCode).toBe(409);
    expect(remove.json().error.code).toBe('mfa.last_factor_required');

    // Next time it is an ordinary challenge.
    clock.advance(60_000);
    const next = await passwordStep(new TestClient(app), carol);
    expect(next).toMatchObject({ methods: ['totp', 'recovery_code'], enrolmentRequired: false });
  });

  it('records staff switching the policy as a staff action', async () => {
    const staffId = '5b0c8f0e-1d7e-4f43-9a4e-2f7f2a9a0c11';
    const result = await withTenant(tdb.db, other.id, (tx) =>
      setTenantMfaRequired(tx, clock, other.id, true, { type: 'staff', id: staffId, name: '運用 太郎' }, { requestId: 'req-1' }),
    );
    expect(result).toEqual({ mfaRequired: true, changed: true });
    expect((await events(other.id, 'tenant.mfa_policy.changed'))[0]).toMatchObject({ actor_type: 'staff', actor_id: staffId });
    const unchanged = await withTenant(tdb.db, other.id, (tx) => setTenantMfaRequired(tx, clock, other.id, true, { type: 'staff', id: staffId }, {}));
    expect(unchanged.changed).toBe(false);
    expect(await events(other.id, 'tenant.mfa_policy.changed')).toHaveLength(1);
  });

  it('manages only the user’s own passkeys; another tenant’s or user’s id answers 404', async () => {
    const dave = await buildUser(tdb.db, other);
    const [mine, theirs] = await tdb.db.ownerTransaction(async (tx) => {
      const insert = async (tenantId: string, userId: string, name: string) =>
        (await tx.query<{ id: string }>(
          `INSERT INTO platform.passkeys (tenant_id, user_id, credential_id, public_key, name, created_at) VALUES ($1, $2, $3, 'pk', $4, now()) RETURNING id`,
          [tenantId, userId, `cred-${name}`, name],
        )).rows[0]!.id;
      return [await insert(tenant.id, alice.id, 'Laptop'), await insert(other.id, dave.id, 'Phone')];
    });
    const client = new TestClient(app);
    const challenge = await passwordStep(client, alice);
    expect(challenge.methods).toEqual(['totp', 'passkey', 'recovery_code']);
    await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'totp', code: totpAt(secret, clock.now()) });
    expect((await client.request('PATCH', `/api/mfa/passkeys/${theirs}`, { name: 'Mine now' })).statusCode).toBe(404);
    expect((await client.request('DELETE', `/api/mfa/passkeys/${theirs}`)).statusCode).toBe(404);
    expect((await client.request('PATCH', `/api/mfa/passkeys/${mine}`, { name: '   ' })).statusCode).toBe(400);
    expect((await client.request('PATCH', `/api/mfa/passkeys/${mine}`, { name: ' 会社のＰＣ ' })).statusCode).toBe(204);
    expect((await client.get('/api/mfa')).json().passkeys).toMatchObject([{ id: mine, name: '会社のPC' }]);
    expect((await client.request('DELETE', `/api/mfa/passkeys/${mine}`)).statusCode).toBe(204);
    expect((await client.get('/api/mfa')).json().passkeys).toEqual([]);
    expect((await events(tenant.id, 'auth.passkey.removed')).at(-1)!.details).toEqual({ name: '会社のPC' });
    const still = await tdb.db.ownerTransaction(async (tx) => (await tx.query('SELECT 1 FROM platform.passkeys WHERE id = $1', [theirs])).rowCount);
    expect(still).toBe(1);
  });

  it('refuses a passkey answer that does not verify, counting the attempt', async () => {
    const client = new TestClient(app);
    const challenge = await passwordStep(client, alice);
    const noKeys = await client.post('/api/auth/mfa/passkey-options', { token: challenge.token });
    expect(noKeys.statusCode).toBe(400);
    expect(noKeys.json().error.code).toBe('mfa.method_unavailable');
    const forged = {
      id: 'AAAA', rawId: 'AAAA', type: 'public-key', clientExtensionResults: {},
      response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' },
    };
    const res = await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'passkey', response: forged });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('mfa.passkey_failed');
  });

  it('keeps codes, secrets and challenge tokens out of the event log', async () => {
    const client = new TestClient(app);
    const challenge = await passwordStep(client, alice);
    const code = totpAt(secret, clock.now());
    await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'totp', code });
    const audit = await tdb.db.ownerTransaction(async (tx) => JSON.stringify((await tx.query('SELECT * FROM audit.tenant_events')).rows));
    for (const value of [secret, challenge.token, challenge.token.split('.')[1]!, ...recoveryCodes]) {
      expect(audit.includes(value), value.slice(0, 6)).toBe(false);
    }
  });
});

function totpAtSecretBytes(secretBase32: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretBase32) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  return Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
}
