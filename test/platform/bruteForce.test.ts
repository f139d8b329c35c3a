import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { AppError } from '../../src/core/errors.js';
import { DEFAULT_LOCKOUT_POLICY, lockoutMinutes } from '../../src/platform/identity/lockout.js';
import { loginWithPassword } from '../../src/platform/identity/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

/**
 * Modelled on Keycloak's BruteForceTest: per-account lockout after a number of wrong
 * passwords, growing waits, a locked account indistinguishable from a wrong password,
 * a success that resets the count, and no way for parallel guesses to overrun the limit.
 */

// Counts the hash work of every sign-in: real verifications against the account's hash,
// and dummy ones that spend the same time without touching it.
const hashing = vi.hoisted(() => ({ real: 0, dummy: 0 }));
vi.mock('../../src/platform/identity/passwordHashing.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/platform/identity/passwordHashing.js')>();
  return {
    ...actual,
    verifyPassword: async (hash: string, password: string) => {
      hashing.real++;
      return actual.verifyPassword(hash, password);
    },
    verifyAgainstDummy: async (password: string) => {
      hashing.dummy++;
      return actual.verifyAgainstDummy(password);
    },
  };
});

const WRONG = 'Wrong#Pass123';
const MAX = DEFAULT_LOCKOUT_POLICY.maxFailures;

describe(`per-account brute-force lockout (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let clock: ManualClock;
  let tenant: BuiltTenant;
  let user: BuiltUser;

  beforeEach(async () => {
    tdb = await openTestDatabase({ poolSize: 8 });
    clock = new ManualClock('2030-04-01T00:00:00Z');
    app = await createTestApp(tdb.db, { clock });
    tenant = await buildTenant(tdb.db);
    user = await buildUser(tdb.db, tenant, { email: 'tanaka@kasei.example' });
    hashing.real = 0;
    hashing.dummy = 0;
  });
  afterEach(async () => {
    await app.close();
    await tdb.close();
  });

  const deps = () => ({ db: tdb.db, clock, session: app.config.session });
  /** Signs in through the command (no per-IP rate limit in the way); true on success. */
  const attempt = async (password: string): Promise<boolean> => {
    try {
      await loginWithPassword(deps(), { companyCode: tenant.code, email: user.email, password }, { ip: '198.51.100.7' });
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'auth.invalid_credentials') return false;
      throw error;
    }
  };
  const lockState = () =>
    tdb.db.ownerTransaction(async (tx) => (
      await tx.query<{ failed_logins: number; lockout_count: number; locked_until: Date | null }>(
        'SELECT failed_logins, lockout_count, locked_until FROM platform.users WHERE id = $1',
        [user.id],
      )
    ).rows[0]!);
  const events = (action: string) =>
    tdb.db.ownerTransaction(async (tx) => (
      await tx.query<{ reason: string | null; details: Record<string, unknown>; result: string }>(
        'SELECT reason, details, result FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2 ORDER BY occurred_at, id',
        [tenant.id, action],
      )
    ).rows);

  it(`locks the account after ${MAX} wrong passwords; then even the right one is refused`, async () => {
    for (let i = 0; i < MAX - 1; i++) expect(await attempt(WRONG)).toBe(false);
    expect((await lockState()).locked_until).toBeNull();
    expect(await attempt(WRONG)).toBe(false);
    const state = await lockState();
    expect(state.locked_until?.getTime()).toBe(clock.now().getTime() + 60_000);

    hashing.real = 0;
    expect(await attempt(user.password)).toBe(false);
    expect(hashing.real, 'a locked account never reaches its real hash').toBe(0);
    expect(hashing.dummy).toBe(1);

    const lockouts = await events('auth.lockout');
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ result: 'denied', details: { minutes: 1, lockouts: 1 } });
    // All at one instant of the manual clock, so compared as a multiset.
    expect((await events('auth.login.failed')).map((e) => e.reason).sort()).toEqual(['locked', ...Array<string>(MAX).fill('wrong_password')]);
  });

  it('lets 20 parallel wrong passwords verify at most the limit, and ends up locked', async () => {
    const client = new TestClient(app);
    await client.get('/api/csrf');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => client.login(tenant.code, user.email, WRONG)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(401));
    expect(hashing.real, 'real verifications').toBeLessThanOrEqual(MAX);
    expect(hashing.real + hashing.dummy, 'every answer cost one verification').toBe(20);
    expect((await lockState()).locked_until).not.toBeNull();
    const reasons = (await events('auth.login.failed')).map((e) => e.reason);
    expect(reasons.filter((r) => r === 'wrong_password')).toHaveLength(hashing.real);
    expect(reasons.filter((r) => r === 'locked')).toHaveLength(20 - hashing.real);
    expect(await events('auth.lockout')).toHaveLength(1);

    // The right password is refused too until the lock runs out.
    expect((await client.login(tenant.code, user.email, user.password)).statusCode).toBe(401);
  });

  it('lets 20 parallel guesses with the right password among them verify at most the limit per streak', async () => {
    const guesses = Array.from({ length: 20 }, (_, i) => (i === 10 ? user.password : WRONG));
    const results = await Promise.all(guesses.map((g) => attempt(g)));
    const successes = results.filter(Boolean).length;
    expect(successes).toBeLessThanOrEqual(1);
    expect(hashing.real + hashing.dummy, 'every answer cost one verification').toBe(20);
    if (successes === 0) {
      // The right password arrived after the lock: the limit holds for the whole burst.
      expect(hashing.real).toBeLessThanOrEqual(MAX);
      expect((await lockState()).locked_until).not.toBeNull();
    } else {
      // A success ends the streak (it is the account holder). Before it, at most the
      // limit was verified, the success included; the guesses that arrive once it has
      // completed start a new streak, which again locks at the limit. How many land on
      // each side depends on arrival order, never the total beyond two streaks.
      expect(hashing.real).toBeLessThanOrEqual(2 * MAX);
      const wrongVerified = (await events('auth.login.failed')).filter((e) => e.reason === 'wrong_password').length;
      expect(wrongVerified).toBe(hashing.real - 1);
    }
  });

  it('lifts the lock when it runs out, and waits longer after each further lockout, up to a cap', async () => {
    const expected = [1, 5, 15, 60, 60, 60];
    expect(expected.map((_, i) => lockoutMinutes(DEFAULT_LOCKOUT_POLICY, i))).toEqual(expected);
    for (const [round, minutes] of expected.entries()) {
      for (let i = 0; i < MAX; i++) expect(await attempt(WRONG)).toBe(false);
      const state = await lockState();
      expect(state.lockout_count).toBe(round + 1);
      expect(state.locked_until!.getTime() - clock.now().getTime(), `lockout ${round + 1}`).toBe(minutes * 60_000);

      clock.advance(minutes * 60_000 - 1_000);
      expect(await attempt(user.password), 'still locked a second before the end').toBe(false);
      clock.advance(1_000);
      if (round === expected.length - 1) {
        expect(await attempt(user.password), 'open again once the wait is over').toBe(true);
      }
    }
    expect((await events('auth.lockout')).map((e) => e.details.minutes)).toEqual(expected);
    const ended = await events('auth.lockout.ended');
    expect(ended.length).toBe(expected.length);
    expect(ended.every((e) => e.reason === 'expired')).toBe(true);
  });

  it('resets the count on success: wrong passwords around a success never lock', async () => {
    for (let i = 0; i < MAX - 1; i++) expect(await attempt(WRONG)).toBe(false);
    expect(await attempt(user.password)).toBe(true);
    expect(await lockState()).toEqual({ failed_logins: 0, lockout_count: 0, locked_until: null });
    for (let i = 0; i < MAX - 1; i++) expect(await attempt(WRONG)).toBe(false);
    expect(await attempt(user.password)).toBe(true);

    // A success after a lockout also resets the back-off: the next lockout is the first again.
    for (let i = 0; i < MAX; i++) await attempt(WRONG);
    clock.advance(60_000);
    expect(await attempt(user.password)).toBe(true);
    for (let i = 0; i < MAX; i++) await attempt(WRONG);
    expect((await lockState()).locked_until!.getTime() - clock.now().getTime()).toBe(60_000);
  });

  it('forgets failures older than the failure window', async () => {
    for (let i = 0; i < MAX - 1; i++) await attempt(WRONG);
    clock.advance(DEFAULT_LOCKOUT_POLICY.failureWindowHours * 3_600_000 + 1_000);
    for (let i = 0; i < MAX - 1; i++) await attempt(WRONG);
    expect((await lockState()).locked_until).toBeNull();
    expect(await attempt(user.password)).toBe(true);
  });

  it('answers a locked account, an unknown account and an unknown company byte for byte like a wrong password', async () => {
    const other = await buildUser(tdb.db, tenant, { email: 'locked@kasei.example' });
    for (let i = 0; i < MAX; i++) await loginWithPassword(deps(), { companyCode: tenant.code, email: other.email, password: WRONG }, {}).catch(() => undefined);

    for (const lang of ['ja', 'en'] as const) {
      const client = new TestClient(app, lang);
      hashing.real = 0;
      hashing.dummy = 0;
      const cases = [
        ['wrong password', tenant.code, user.email, WRONG],
        ['locked, right password', tenant.code, other.email, other.password],
        ['locked, wrong password', tenant.code, other.email, WRONG],
        ['unknown e-mail', tenant.code, 'nobody@kasei.example', user.password],
        ['unknown company', 'NO-SUCH-CO', user.email, user.password],
      ] as const;
      const answers = [];
      for (const [name, code, email, password] of cases) {
        const res = await client.login(code, email, password);
        const body = res.json() as { error: { requestId: string } };
        expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
        const headers = Object.fromEntries(Object.entries(res.headers).filter(([h]) => !/^(date|x-ratelimit-remaining|x-ratelimit-reset)$/.test(h)));
        answers.push({ name, status: res.statusCode, headers, body: res.body.replace(body.error.requestId, '<requestId>') });
      }
      const [reference, ...others] = answers;
      for (const answer of others) expect({ ...answer, name: reference!.name }, answer.name).toEqual(reference);
      expect(reference!.status).toBe(401);
      // Each answer cost exactly one verification; only the unlocked account's real hash was read.
      expect(hashing.real + hashing.dummy).toBe(cases.length);
      expect(hashing.real).toBe(1);
    }
  });

  it('does not count attempts against a disabled account', async () => {
    const disabled = await buildUser(tdb.db, tenant, { email: 'gone@kasei.example', status: 'disabled' });
    for (let i = 0; i < MAX + 2; i++) {
      await loginWithPassword(deps(), { companyCode: tenant.code, email: disabled.email, password: disabled.password }, {}).catch(() => undefined);
    }
    expect(hashing.real).toBe(0);
    const state = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ failed_logins: number; locked_until: Date | null }>('SELECT failed_logins, locked_until FROM platform.users WHERE id = $1', [disabled.id])).rows[0]!);
    expect(state).toEqual({ failed_logins: 0, locked_until: null });
  });
});
