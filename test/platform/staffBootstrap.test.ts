import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { issueStaffSetupLink, STAFF_SETUP_TTL_MS } from '../../src/platform/identity/index.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

describe(`first staff account bootstrap (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const count = (sql: string) => tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>(sql)).rows[0]!.n);

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('withdraws an older link when a newer one is issued, and expires links after a day', async () => {
    const first = await issueStaffSetupLink(tdb.db, clock);
    const second = await issueStaffSetupLink(tdb.db, clock);
    if (!first.issued || !second.issued) throw new Error('links must be issued while no staff exists');
    const client = new TestClient(app);
    expect((await client.get(`/api/setup/staff/${first.token}`)).statusCode).toBe(404);
    expect((await client.get(`/api/setup/staff/${second.token}`)).json()).toEqual({ valid: true, expiresAt: new Date(clock.now().getTime() + STAFF_SETUP_TTL_MS).toISOString() });
    clock.advance(STAFF_SETUP_TTL_MS + 1);
    expect((await client.get(`/api/setup/staff/${second.token}`)).statusCode).toBe(404);
  });

  it('rejects a password that breaks the policy, naming each rule, and creates nothing', async () => {
    const link = await issueStaffSetupLink(tdb.db, clock);
    if (!link.issued) throw new Error('expected a link');
    const res = await new TestClient(app, 'ja').post('/api/setup/staff', { token: link.token, email: 'ops@provider.example', displayName: '運用 太郎', password: 'ｐａｓｓ word' });
    expect(res.statusCode).toBe(400);
    const message = res.json().error.fields.password as string;
    expect(message).toContain('使用できない文字');
    const en = await new TestClient(app, 'en').post('/api/setup/staff', { token: link.token, email: 'ops@provider.example', displayName: 'Ops', password: 'opsProvider1!' });
    expect(en.json().error.fields.password).toBe('The password must not contain the part of your e-mail address before the @.');
    expect(await count('SELECT count(*)::int AS n FROM ops.staff')).toBe(0);
  });

  it('creates the first staff account once, logs it, then refuses every further bootstrap', async () => {
    const link = await issueStaffSetupLink(tdb.db, clock);
    if (!link.issued) throw new Error('expected a link');
    const client = new TestClient(app);
    const [one, two] = await Promise.all([
      client.post('/api/setup/staff', { token: link.token, email: 'ops@provider.example', displayName: '運用 太郎', password: 'Sound#Secret42' }),
      client.post('/api/setup/staff', { token: link.token, email: 'other@provider.example', displayName: '運用 次郎', password: 'Sound#Secret42' }),
    ]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([201, 404]);
    expect(await count('SELECT count(*)::int AS n FROM ops.staff')).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM audit.operator_events WHERE action = 'ops.staff.bootstrapped'`)).toBe(1);
    const stored = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ password_hash: string }>('SELECT password_hash FROM ops.staff')).rows[0]!);
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const again = await issueStaffSetupLink(tdb.db, clock);
    expect(again).toEqual({ issued: false, reason: 'staff_exists' });
    expect(await count(`SELECT count(*)::int AS n FROM audit.operator_events WHERE action = 'ops.staff_setup.refused'`)).toBe(1);
    expect((await client.get(`/api/setup/staff/${link.token}`)).statusCode).toBe(404);
  });
});
