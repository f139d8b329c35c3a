import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { checkPassword } from '../../src/platform/identity/index.js';
import { isCommonPassword } from '../../src/platform/identity/commonPasswords.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

const NEW_PASSWORD = 'Kobalt#Ridge58';

describe('common passwords (zxcvbn-ts list)', () => {
  it('rejects listed passwords case-insensitively, and listed ones dressed with the forced symbol', () => {
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('PASSWORD')).toBe(true);
    // On the list exactly as lower case; every other rule is met, so `common` is the one named.
    expect(checkPassword('P030710p$e4o').map((v) => v.rule)).toEqual(['common']);
    expect(checkPassword('Password1!').map((v) => v.rule)).toEqual(['common']);
    expect(checkPassword('#Qwerty123').map((v) => v.rule)).toEqual(['common']);
    expect(checkPassword('Kobalt#Ridge58')).toEqual([]);
    expect(checkPassword('Valid#Pass123')).toEqual([]);
  });
});

describe(`password change (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let clock: ManualClock;
  let tenant: BuiltTenant;
  let user: BuiltUser;

  beforeEach(async () => {
    tdb = await openTestDatabase();
    clock = new ManualClock('2030-04-01T00:00:00Z');
    app = await createTestApp(tdb.db, { clock });
    tenant = await buildTenant(tdb.db);
    user = await buildUser(tdb.db, tenant, { email: 'tanaka.hiroshi@kasei.example' });
  });
  afterEach(async () => {
    await app.close();
    await tdb.close();
  });

  async function signIn(password = user.password, lang: 'ja' | 'en' = 'ja'): Promise<TestClient> {
    const client = new TestClient(app, lang);
    expect((await client.login(tenant.code, user.email, password)).statusCode).toBe(200);
    return client;
  }
  const userRow = () =>
    tdb.db.ownerTransaction(async (tx) => (
      await tx.query<{ password_hash: string; must_change_password: boolean; password_changed_at: Date | null; failed_logins: number; locked_until: Date | null }>(
        'SELECT password_hash, must_change_password, password_changed_at, failed_logins, locked_until FROM platform.users WHERE id = $1',
        [user.id],
      )
    ).rows[0]!);
  const events = (action: string) =>
    tdb.db.ownerTransaction(async (tx) => (
      await tx.query<{ details: Record<string, unknown>; reason: string | null }>(
        'SELECT details, reason FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2',
        [tenant.id, action],
      )
    ).rows);

  it('changes the password, keeps this session, ends the others and records it', async () => {
    const other = await signIn();
    const third = await signIn();
    const client = await signIn();
    const res = await client.post('/api/account/password', { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ otherSessionsEnded: 2 });
    expect((await client.get('/api/session')).statusCode).toBe(200);
    expect((await other.get('/api/session')).statusCode).toBe(401);
    expect((await third.get('/api/session')).statusCode).toBe(401);

    const row = await userRow();
    expect(row.password_changed_at?.toISOString()).toBe(clock.now().toISOString());
    expect((await client.get('/api/account')).json().account.passwordChangedAt).toBe(clock.now().toISOString());
    expect((await new TestClient(app).login(tenant.code, user.email, user.password)).statusCode).toBe(401);
    expect((await new TestClient(app).login(tenant.code, user.email, NEW_PASSWORD)).statusCode).toBe(200);
    const [event] = await events('auth.password.changed');
    expect(event?.details).toEqual({ method: 'change', otherSessionsEnded: 2, wasRequired: false });
    expect(JSON.stringify(await events('auth.password.changed'))).not.toContain(NEW_PASSWORD);
  });

  it('refuses a new password that breaks the policy, naming the rule, and changes nothing', async () => {
    const before = await userRow();
    const cases: [string, RegExp, RegExp][] = [
      ['Password1!', /よく使われていて/, /too common/],
      ['Short#1a', /10文字以上31文字以下/, /10 to 31 characters/],
      ['ｐａｓｓｗｏｒｄ#1A', /使用できない文字/, /not allowed/],
      ['no-upper-case#12', /英大文字/, /upper-case/],
      ['With Space#123', /空白/, /spaces/],
    ];
    for (const lang of ['ja', 'en'] as const) {
      const client = await signIn(user.password, lang);
      for (const [newPassword, jaRule, enRule] of cases) {
        const res = await client.post('/api/account/password', { currentPassword: user.password, newPassword });
        expect(res.statusCode, newPassword).toBe(400);
        expect(res.json().error.code).toBe('validation.failed');
        expect(res.json().error.fields.newPassword, newPassword).toMatch(lang === 'ja' ? jaRule : enRule);
      }
    }
    expect(await userRow()).toEqual(before);
    expect(await events('auth.password.changed')).toEqual([]);
  });

  it('names the e-mail rule for a password containing the e-mail’s local part', async () => {
    const dotless = await buildUser(tdb.db, tenant, { email: 'suzuki@kasei.example' });
    const client = new TestClient(app, 'en');
    expect((await client.login(tenant.code, dotless.email, dotless.password)).statusCode).toBe(200);
    const res = await client.post('/api/account/password', { currentPassword: dotless.password, newPassword: 'Suzuki#Kasei2031' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.newPassword).toBe('The password must not contain the part of your e-mail address before the @.');
  });

  it('requires the right current password, counting wrong ones towards the lockout', async () => {
    const client = await signIn(user.password, 'en');
    for (let i = 0; i < 4; i++) {
      const res = await client.post('/api/account/password', { currentPassword: 'Wrong#Pass123', newPassword: NEW_PASSWORD });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'account.current_password_invalid', fields: { currentPassword: 'The current password is incorrect.' } });
    }
    expect((await userRow()).failed_logins).toBe(4);
    await client.post('/api/account/password', { currentPassword: 'Wrong#Pass123', newPassword: NEW_PASSWORD });
    expect((await userRow()).locked_until).not.toBeNull();
    // Locked: even the right current password is answered as wrong.
    const locked = await client.post('/api/account/password', { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(locked.json().error.code).toBe('account.current_password_invalid');
    expect((await new TestClient(app).login(tenant.code, user.email, user.password)).statusCode).toBe(401);
    expect((await events('auth.password.change_failed')).map((e) => e.reason).sort()).toEqual([
      'locked',
      ...Array<string>(5).fill('wrong_current_password'),
    ]);
    expect(await events('auth.lockout')).toHaveLength(1);
  });

  it('refuses the current password as the new one', async () => {
    const client = await signIn(user.password, 'en');
    const res = await client.post('/api/account/password', { currentPassword: user.password, newPassword: user.password });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.newPassword).toBe('Choose a password that differs from the current one.');
  });

  it('lets a user who must change the password do only that, then everything', async () => {
    await tdb.db.ownerTransaction((tx) => tx.query('UPDATE platform.users SET must_change_password = true WHERE id = $1', [user.id]));
    const client = await signIn();
    expect((await client.get('/api/session')).json().user.mustChangePassword).toBe(true);
    expect((await client.get('/api/members')).json().error.code).toBe('auth.password_change_required');
    expect((await client.get('/api/account')).statusCode).toBe(200);
    const res = await client.post('/api/account/password', { currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect((await userRow()).must_change_password).toBe(false);
    expect((await client.get('/api/session')).json().user.mustChangePassword).toBe(false);
    expect((await client.get('/api/members')).statusCode).toBe(200);
    expect((await events('auth.password.changed'))[0]?.details).toMatchObject({ wasRequired: true });
  });

  it('refuses a change without a session or without the CSRF header', async () => {
    const anonymous = new TestClient(app);
    expect((await anonymous.post('/api/account/password', { currentPassword: user.password, newPassword: NEW_PASSWORD })).statusCode).toBe(401);
    const client = await signIn();
    const res = await client.request('POST', '/api/account/password', { currentPassword: user.password, newPassword: NEW_PASSWORD }, { 'x-csrf-token': 'forged' });
    expect(res.statusCode).toBe(403);
    expect(await events('auth.password.changed')).toEqual([]);
  });
});
