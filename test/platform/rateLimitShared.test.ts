import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { PostgresDatabase, type Database } from '../../src/core/db/index.js';
import { createLogger } from '../../src/core/logger.js';
import { sharedRateLimitStore } from '../../src/platform/http/rateLimitStore.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, type BuiltTenant } from '../support/factories.js';

/** The sign-in route's limit per client address and minute. */
const LOGIN_LIMIT = 30;
const logger = createLogger('silent');

type Store = ReturnType<typeof storeOn>;

function storeOn(db: Database, route = '/api/auth/login') {
  const Ctor = sharedRateLimitStore(db, logger);
  // The plugin builds the global store from its options, then one child per route with a limit.
  return new Ctor({}).child({ routeInfo: { method: 'POST', url: route } } as never);
}

function incr(store: Store, key: string, timeWindow = 60_000): Promise<{ current: number; ttl: number }> {
  return new Promise((resolve, reject) => {
    store.incr(key, (error, result) => (error || !result ? reject(error ?? new Error('no result')) : resolve(result)), timeWindow, LOGIN_LIMIT);
  });
}

async function tryLogins(clients: TestClient[], tenant: BuiltTenant, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await clients[i % clients.length]!.login(tenant.code, `nobody-${i}@example.com`, 'Wrong#Pass123');
    statuses.push(res.statusCode);
  }
  return statuses;
}

describe(`rate limits shared by app nodes (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let tenant: BuiltTenant;
  const apps: App[] = [];
  const extra: Database[] = [];

  beforeEach(async () => {
    tdb = await openTestDatabase();
    tenant = await buildTenant(tdb.db);
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const db of extra.splice(0)) await db.close();
    await tdb.close();
  });

  it.runIf(testDatabaseKind() === 'postgres')('counts sign-ins to either of two nodes against one limit per address', async () => {
    const second = new PostgresDatabase({ ownerUrl: tdb.urls!.owner, appUrl: tdb.urls!.app, poolSize: 4 });
    extra.push(second);
    apps.push(await createTestApp(tdb.db), await createTestApp(second));
    const clients = apps.map((app) => new TestClient(app));
    const statuses = await tryLogins(clients, tenant, LOGIN_LIMIT + 10);

    const allowed = statuses.filter((s) => s !== 429);
    expect(allowed).toHaveLength(LOGIN_LIMIT);
    expect(allowed.every((s) => s === 401)).toBe(true);
    // Both nodes refuse once the shared count is past the limit.
    expect(statuses.slice(LOGIN_LIMIT)).toEqual(Array(10).fill(429));
    const refused = await clients[1]!.login(tenant.code, 'nobody@example.com', 'Wrong#Pass123');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');

    const rows = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ key: string; hits: number }>("SELECT key, hits FROM ops.rate_limits WHERE key LIKE 'POST/api/auth/login|%'")).rows);
    expect(rows).toEqual([{ key: 'POST/api/auth/login|127.0.0.1', hits: LOGIN_LIMIT + 11 }]);
    // The plugin-wide flood guard counts on each node: no database round trip on every request.
    const keys = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ key: string }>('SELECT key FROM ops.rate_limits')).rows.map((r) => r.key));
    expect(keys.filter((k) => k.startsWith('global|'))).toEqual([]);
  });

  it.runIf(testDatabaseKind() === 'postgres')('keeps one counter per route and address, and starts a new window when the last one ended', async () => {
    const a = storeOn(tdb.db);
    const other = storeOn(tdb.db, '/api/account/password');
    expect(await incr(a, '10.0.0.1', 300)).toMatchObject({ current: 1 });
    expect(await incr(a, '10.0.0.1', 300)).toMatchObject({ current: 2 });
    expect(await incr(a, '10.0.0.2', 300)).toMatchObject({ current: 1 });
    expect(await incr(other, '10.0.0.1', 300)).toMatchObject({ current: 1 });
    const live = await incr(a, '10.0.0.1', 300);
    expect(live.current).toBe(3);
    expect(live.ttl).toBeGreaterThanOrEqual(0);
    expect(live.ttl).toBeLessThanOrEqual(300);
    await new Promise((r) => setTimeout(r, 600));
    expect(await incr(a, '10.0.0.1', 300)).toMatchObject({ current: 1 });
  });

  it('counts on the node alone, still limiting, while the database cannot be reached', async () => {
    // A real PostgreSQL pool pointed at a port nobody listens on: every query fails to connect.
    const down = new PostgresDatabase({ ownerUrl: 'postgres://postgres@127.0.0.1:1/none', appUrl: 'postgres://sotas_app@127.0.0.1:1/none', poolSize: 1 });
    extra.push(down);
    const store = storeOn(down);
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) counts.push((await incr(store, '10.0.0.9')).current);
    expect(counts).toEqual([1, 2, 3]);
  });

  it.runIf(testDatabaseKind() === 'pglite')('keeps the in-memory limit on PGlite (one node) and writes no counters', async () => {
    apps.push(await createTestApp(tdb.db));
    const statuses = await tryLogins([new TestClient(apps[0]!)], tenant, LOGIN_LIMIT + 3);
    expect(statuses.filter((s) => s !== 429)).toHaveLength(LOGIN_LIMIT);
    expect(statuses.slice(LOGIN_LIMIT)).toEqual([429, 429, 429]);
    const rows = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ops.rate_limits')).rows);
    expect(rows[0]!.n).toBe(0);
  });
});
