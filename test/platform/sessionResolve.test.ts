import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant } from '../../src/core/db/index.js';
import { createSession, resolveSession, revokeSession, type SessionPolicy } from '../../src/platform/identity/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { RecordingDatabase } from '../support/recordingDatabase.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };

describe(`session resolution: one statement per request, every check kept (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let clock: ManualClock;
  let tenant: BuiltTenant;
  let user: BuiltUser;

  beforeEach(async () => {
    tdb = await openTestDatabase();
    clock = new ManualClock('2030-04-01T00:00:00Z');
    // Contracts for process and survey only: a catalog membership gives nothing.
    tenant = await buildTenant(tdb.db, { services: ['process', 'survey'] });
    user = await buildUser(tdb.db, tenant, {
      email: 'user@kasei.example',
      memberships: [
        { service: 'survey', role: 'member' },
        { service: 'process', role: 'admin' },
        { service: 'catalog', role: 'admin' },
      ],
    });
  });
  afterEach(async () => {
    await tdb.close();
  });

  const open = async (who: BuiltUser = user) =>
    withTenant(tdb.db, who.tenantId, (tx) => createSession(tx, clock, POLICY, { tenantId: who.tenantId, userId: who.id }));
  const resolve = (cookie: string) => resolveSession(tdb.db, clock, POLICY, cookie);
  const lastSeen = async (sessionId: string) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ last_seen_at: Date }>('SELECT last_seen_at FROM platform.sessions WHERE id = $1', [sessionId])).rows[0]!.last_seen_at);
  const owner = (sql: string, params: unknown[]) => tdb.db.ownerTransaction((tx) => tx.query(sql, params));

  it('resolves the actor with its tenant and the memberships of contracted services, in one message (tenant and lookup)', async () => {
    const { sessionId, cookieValue } = await open();
    const recording = new RecordingDatabase(tdb.db);
    let actor!: Awaited<ReturnType<typeof resolveSession>>;
    const transactions = await recording.record(async () => {
      actor = await resolveSession(recording, clock, POLICY, cookieValue);
    });
    expect(actor).toMatchObject({
      kind: 'user',
      tenantId: tenant.id,
      tenantCode: tenant.code,
      tenantName: tenant.name,
      userId: user.id,
      email: 'user@kasei.example',
      sessionId,
      mustChangePassword: false,
    });
    expect(actor!.memberships, 'sorted by service; catalog has no contract').toEqual([
      { service: 'process', role: 'admin' },
      { service: 'survey', role: 'member' },
    ]);
    expect(transactions).toHaveLength(1);
    expect(transactions[0], 'one message').toHaveLength(1);
    expect(transactions[0]![0]!.oneMessage).toBe(true);
    expect(transactions[0]![0]!.text, 'set the tenant, then the lookup').toMatch(new RegExp(`^SELECT set_config\\('app\\.tenant_id', E'${tenant.id}', true\\); WITH found AS`));
  });

  it('drops a membership once its contract has ended', async () => {
    const { cookieValue } = await open();
    await owner(`UPDATE ops.contracts SET ends_on = '2030-03-31' WHERE customer_id = $1 AND service = 'survey'`, [tenant.id]);
    expect((await resolve(cookieValue))!.memberships).toEqual([{ service: 'process', role: 'admin' }]);
  });

  it('writes last_seen_at at most once a minute, and never for a session that is no longer in force', async () => {
    const { sessionId, cookieValue } = await open();
    const signedIn = clock.now().getTime();
    clock.advance(30_000);
    expect(await resolve(cookieValue)).toBeDefined();
    expect((await lastSeen(sessionId)).getTime(), 'within a minute: not written').toBe(signedIn);
    clock.advance(45_000);
    expect(await resolve(cookieValue)).toBeDefined();
    expect((await lastSeen(sessionId)).getTime(), 'over a minute: moved to now').toBe(clock.now().getTime());
    const touched = clock.now().getTime();
    clock.advance(31 * MINUTE);
    expect(await resolve(cookieValue), 'idle over 30 minutes').toBeUndefined();
    expect((await lastSeen(sessionId)).getTime(), 'an idle session is not revived').toBe(touched);
  });

  it('keeps a session used every 29 minutes alive until its absolute lifetime, then ends it', async () => {
    const { cookieValue } = await open();
    const start = clock.now().getTime();
    while (clock.now().getTime() + 29 * MINUTE < start + 12 * HOUR) {
      clock.advance(29 * MINUTE);
      expect(await resolve(cookieValue), clock.now().toISOString()).toBeDefined();
    }
    clock.set(new Date(start + 12 * HOUR));
    expect(await resolve(cookieValue)).toBeUndefined();
  });

  it('refuses a session whose idle time is exactly at the limit and one past its expires_at', async () => {
    const a = await open();
    clock.advance(30 * MINUTE);
    expect(await resolve(a.cookieValue)).toBeUndefined();
    const b = await open();
    await owner('UPDATE platform.sessions SET expires_at = $2 WHERE id = $1', [b.sessionId, clock.now()]);
    expect(await resolve(b.cookieValue)).toBeUndefined();
  });

  it('refuses revoked sessions, disabled users and tenants that are not active', async () => {
    const revoked = await open();
    await withTenant(tdb.db, tenant.id, (tx) => revokeSession(tx, clock, revoked.sessionId));
    expect(await resolve(revoked.cookieValue)).toBeUndefined();

    const live = await open();
    expect(await resolve(live.cookieValue)).toBeDefined();
    await owner(`UPDATE platform.users SET status = 'disabled' WHERE id = $1`, [user.id]);
    expect(await resolve(live.cookieValue)).toBeUndefined();
    await owner(`UPDATE platform.users SET status = 'active' WHERE id = $1`, [user.id]);
    expect(await resolve(live.cookieValue)).toBeDefined();

    for (const status of ['suspended', 'ended']) {
      await owner('UPDATE ops.tenants SET status = $2 WHERE id = $1', [tenant.id, status]);
      expect(await resolve(live.cookieValue), status).toBeUndefined();
    }
    await owner(`UPDATE ops.tenants SET status = 'active' WHERE id = $1`, [tenant.id]);
    expect(await resolve(live.cookieValue)).toBeDefined();
  });

  it('finds a token only under its own tenant, and only by the whole token', async () => {
    const { cookieValue } = await open();
    const other = await buildTenant(tdb.db);
    const token = cookieValue.slice(cookieValue.indexOf('.') + 1);
    expect(await resolve(`${other.id}.${token}`)).toBeUndefined();
    expect((await resolve(`${tenant.id.toUpperCase()}.${token}`))?.tenantId, 'the tenant id as stored, whatever the cookie’s case').toBe(tenant.id);
    expect(await resolve(`${tenant.id}.${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(await resolve(`${tenant.id}.`)).toBeUndefined();
    expect(await resolve(undefined as unknown as string)).toBeUndefined();
  });

  it('applies a tenant’s shorter idle timeout to a session already open', async () => {
    const { cookieValue } = await open();
    await owner(
      `INSERT INTO platform.tenant_settings (tenant_id, session_idle_minutes) VALUES ($1, 10)
       ON CONFLICT (tenant_id) DO UPDATE SET session_idle_minutes = 10`,
      [tenant.id],
    );
    clock.advance(9 * MINUTE);
    expect(await resolve(cookieValue)).toBeDefined();
    clock.advance(11 * MINUTE);
    expect(await resolve(cookieValue)).toBeUndefined();
  });
});
