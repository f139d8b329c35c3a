import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { STAFF_ROLES } from '../../src/platform/staff/roles.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { buildStaff, signInStaff } from '../support/staff.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

/** Bodies and path values no route accepts. */
const BAD_BODIES: unknown[] = [
  [],
  'text',
  { __proto__: { admin: true }, constructor: { prototype: { x: 1 } } },
  { companyCode: { $gt: '' }, email: ["' OR 1=1 --"], password: null, token: 7, displayName: '<script>alert(1)</script>'.repeat(50) },
  // NUL and other control characters, which PostgreSQL refuses in text: a 400, never a 500.
  { name: 'a\u0000b', displayName: 'x\u0000', email: 'a\u0000@example.jp', subject: 'x\u0007', description: 'ok\u0000', requestRef: 'R\u0000' },
];
const BAD_SEGMENTS = ['not-a-uuid', '%00', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(150)];

describe(`bad input to every endpoint answers 4xx and changes nothing (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let client: TestClient;

  const snapshot = () =>
    tdb.db.ownerTransaction(async (tx) => {
      const { rows } = await tx.query<{ t: string }>(
        `SELECT schemaname || '.' || tablename AS t FROM pg_tables
          WHERE schemaname IN ('ops', 'platform', 'audit', 'process', 'catalog', 'survey') ORDER BY 1`,
      );
      const counts: Record<string, number> = {};
      // Rate-limit counters (PostgreSQL) count every request by design; they hold no data.
      for (const { t } of rows.filter((r) => r.t !== 'ops.rate_limits')) counts[t] = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0]!.n;
      return counts;
    });

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db);
    const tenant = await buildTenant(tdb.db);
    const admin = await buildUser(tdb.db, tenant, {
      memberships: [
        { service: 'process', role: 'admin' },
        { service: 'catalog', role: 'admin' },
        { service: 'survey', role: 'org_admin' },
      ],
    });
    client = new TestClient(app, 'en');
    expect((await client.login(tenant.code, admin.email, admin.password)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  // Staff first: the tenant walk below also knocks on the rate-limited staff sign-in.
  it('walks every operator-console write route, signed in as staff with every role', async () => {
    const { client: staff } = await signInStaff(app, systemClock, await buildStaff(tdb.db, Object.keys(STAFF_ROLES)));
    const routes = app.routes.filter((r) => r.url.startsWith('/api/ops/') && !r.url.startsWith('/api/ops/auth/') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
    expect(routes.length).toBeGreaterThan(10);
    const before = await snapshot();
    for (const route of routes) {
      const urls = route.url.includes(':') ? BAD_SEGMENTS.map((seg) => route.url.replace(/:(\w+)/g, seg)) : [route.url];
      for (const url of urls) {
        for (const body of BAD_BODIES) {
          const res = await staff.request(route.method as 'POST', url, body);
          const label = `${route.method} ${url} ${JSON.stringify(body)?.slice(0, 60)}`;
          expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, label).toBeLessThan(500);
          expect(res.json().error.message.length, label).toBeGreaterThan(3);
        }
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('walks every API route with malformed bodies and path values', async () => {
    const routes = app.routes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.url !== '/api/auth/logout');
    expect(routes.length).toBeGreaterThan(5);
    const before = await snapshot();
    let tried = 0;
    for (const route of routes) {
      const urls = route.url.includes(':') ? BAD_SEGMENTS.map((seg) => route.url.replace(/:(\w+)/g, seg)) : [route.url];
      for (const url of urls) {
        const bodies = route.method === 'GET' ? [undefined] : BAD_BODIES;
        for (const body of bodies) {
          const res = await client.request(route.method as 'GET' | 'POST', url, body);
          tried++;
          expect(res.statusCode, `${route.method} ${url} ${JSON.stringify(body)?.slice(0, 60)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const error = res.json().error;
            expect(typeof error.message).toBe('string');
            expect(error.message.length).toBeGreaterThan(3);
            expect(JSON.stringify(res.json())).not.toMatch(/at \w+ \(|node_modules|SELECT |stack/i);
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(20);
    const after = await snapshot();
    // Reads may write only their own session touch; nothing else may change.
    expect(after).toEqual(before);
  });
});
