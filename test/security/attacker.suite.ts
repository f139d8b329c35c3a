import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffPermissionsOf, type StaffPermission } from '../../src/platform/staff/index.js';
import { buildUser } from '../support/factories.js';
import { testDatabaseKind } from '../support/db.js';
import { tenantTables } from '../support/tenantRows.js';
import { attackRoutes, carriesIds, exampleBody, fillPath, idParams, idSource, IdBook, isUuidSchema, type AttackRoute } from './catalogue.js';
import { bodyArbitrary, queryArbitrary, rawBodyArbitrary } from './fuzz.js';
import { HttpClient, type Answer, type Body, type Method } from './http.js';
import { inspect, Tally, type Forbidden } from './inspect.js';
import { buildWorld, sessionTokens, type Principal, type World } from './world.js';

/*
 * The black-box attacker: a real server on a loopback port, three tenants with users of every
 * service and rows in every tenant table, and for every route of the public listener the
 * attacks below. Every answer is also checked for 5xx, other tenants' data, stack traces and
 * secrets. The counts per category are printed at the end; any failure fails the run.
 */

/** Routes anyone may call without a session, each a credential or a page of its own (see their declarations). */
const PUBLIC_ROUTES = [
  'GET /*',
  'GET /api/public/config',
  'GET /api/services',
  'GET /api/csrf',
  'GET /api/openapi.json',
  'GET /api/security-page',
  'GET /api/dev/mailbox',
  'POST /api/auth/login',
  'POST /api/auth/password-reset',
  'GET /api/auth/password-reset/:token',
  'POST /api/auth/password-reset/complete',
  'POST /api/auth/mfa/verify',
  'POST /api/auth/mfa/passkey-options',
  'POST /api/auth/mfa/enrol/totp',
  'POST /api/auth/mfa/enrol/totp/confirm',
  'POST /api/auth/mfa/enrol/passkey-options',
  'POST /api/auth/mfa/enrol/passkey',
  'GET /api/setup/staff/:token',
  'POST /api/setup/staff',
  'POST /api/setup/staff/invited',
  'GET /api/invitation-links/:token',
  'POST /api/invitation-links/:token/accept',
  'GET /api/first-login/:token',
  'POST /api/first-login/:token',
  'POST /api/ops/auth/login',
  'POST /api/ops/auth/mfa',
  'POST /api/security-reports',
  'GET /api/survey/upload/:token',
  'POST /api/survey/upload/:token/files',
  'POST /api/survey/upload/:token/submit',
].sort();

const SEED = Number(process.env.SECURITY_SEED ?? 20_261_128);
const RUNS = { json: Number(process.env.SECURITY_RUNS ?? 12), raw: 6, get: 6 };

/** The error code of an error answer ('' when there is none). */
function errorCode(answer: Answer): string {
  try {
    return (JSON.parse(answer.text) as { error?: { code?: string } }).error?.code ?? '';
  } catch {
    return '';
  }
}

const routeSeed = (route: AttackRoute, salt: string) => (SEED ^ createHash('sha256').update(`${salt} ${route.method} ${route.url}`).digest().readInt32LE(0)) | 0;

describe(`black-box attacker suite (${testDatabaseKind()})`, () => {
  let world: World;
  let routes: AttackRoute[];
  let ids: IdBook;
  const tally = new Tally();
  let bCounts: Record<string, number>;
  const extraClients: HttpClient[] = [];

  const allClients = (): HttpClient[] => [
    ...Object.values(world.tenants).map((t) => t.admin.client),
    ...world.lowRoles.map((p) => p.client),
    world.staff.all,
    world.staff.auditor,
    ...extraClients,
  ];
  /** What an answer to a session of tenant A (or to nobody) must not contain. */
  const forA = (): Forbidden => ({ foreign: [...world.tenants.B.needles, ...world.tenants.C.needles], secrets: [...world.secrets, ...sessionTokens(allClients())] });
  const forAnonymous = (): Forbidden => ({ foreign: [...world.tenants.A.needles, ...world.tenants.B.needles, ...world.tenants.C.needles], secrets: [...world.secrets, ...sessionTokens(allClients())] });
  const forStaff = (): Forbidden => ({ foreign: [], secrets: [...world.secrets, ...sessionTokens(allClients())] });

  /** Records an answer: the expected statuses (when given) and the content checks. */
  const check = (category: string, answer: Answer, forbidden: Forbidden, expected?: number[] | ((status: number) => boolean)): Answer => {
    const problems = inspect(answer, forbidden);
    if (expected) {
      const ok = typeof expected === 'function' ? expected(answer.status) : expected.includes(answer.status);
      if (!ok) problems.push(`expected ${typeof expected === 'function' ? 'another status' : expected.join('/')}, got ${answer.status}`);
    }
    tally.record(category, answer, problems);
    return answer;
  };

  /** A body the route's schema accepts as far as it tells, ids of `tenant`; small bytes for uploads. */
  const validBody = async (route: AttackRoute, tenant: 'A' | 'B' = 'A'): Promise<Body | undefined> => {
    if (route.body) return { json: await exampleBody(route.body, ids, tenant, route) };
    if (route.rawBody && /upload|import|files|attachments|documents/.test(route.url)) return { raw: Buffer.from('zq'), contentType: 'application/octet-stream' };
    return undefined;
  };

  /** Required query parameters with valid values, so that a GET gets past validation. */
  const validQuery = async (route: AttackRoute, tenant: 'A' | 'B'): Promise<string> => {
    const parts: string[] = [];
    for (const p of route.queryParams) {
      if (!p.required && !isUuidSchema(p.schema)) continue;
      const value = isUuidSchema(p.schema) ? await ids.forField(tenant, p.name, route) : String(await exampleBody(p.schema, ids, tenant, route, p.name));
      parts.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(value)}`);
    }
    return parts.length ? `?${parts.join('&')}` : '';
  };

  const snapshotB = () =>
    world.tdb.db.ownerTransaction(async (tx) => {
      const counts: Record<string, number> = {};
      for (const t of await tenantTables(tx)) counts[t] = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t} WHERE tenant_id = $1`, [world.tenants.B.tenant.id])).rows[0]!.n;
      return counts;
    });

  beforeAll(async () => {
    world = await buildWorld();
    ids = new IdBook(world);
    const doc = await fetch(`${world.base}/api/openapi.json`);
    expect(doc.status).toBe(200);
    routes = attackRoutes(world.app, (await doc.json()) as Parameters<typeof attackRoutes>[1]);
    bCounts = await snapshotB();
  }, 240_000);

  afterAll(async () => {
    if (tally.rows.size > 0) console.log(tally.table(`Attacker suite (${testDatabaseKind()}, seed ${SEED}): ${routes?.length ?? 0} routes`));
    await world?.close();
  });

  it('walks every route of the public listener, and knows each public one by name', () => {
    expect(routes.length).toBeGreaterThan(250);
    const pub = routes.filter((r) => r.kind === 'public').map((r) => `${r.method} ${r.url}`).sort();
    expect(pub).toEqual(PUBLIC_ROUTES);
    // Every id parameter of a tenant route points to a known table, so that IDOR probes reach every such route.
    const unknown = routes.filter((r) => r.kind === 'user').flatMap((r) => idParams(r).filter((p) => !idSource(r, p.name)).map((p) => `${r.method} ${r.url} :${p.name}`));
    expect(unknown).toEqual([]);
  });

  it('has checks that see a leak, a stack trace and a secret when there is one (controls)', async () => {
    // Staff see every tenant by design: the same answer read as if it went to A must be flagged.
    const tenants = await world.staff.all.send('GET', '/api/ops/tenants');
    expect(tenants.status).toBe(200);
    expect(inspect(tenants, forA()).join()).toMatch(/another tenant's data/);
    const fake = (text: string): Answer => ({ status: 200, contentType: 'application/json', text, setCookies: [], sent: { method: 'GET', url: '/x', body: undefined } });
    expect(inspect(fake('{"e":"boom\\n    at handler (/work/app/src/platform/x.ts:10:5)"}'), forA()).join()).toMatch(/stack trace/);
    expect(inspect(fake(`{"h":"${[...world.secrets][0]}x"}`), forA()).join()).toMatch(/secret/);
    expect(inspect({ ...fake('x'), status: 502 }, forA()).join()).toMatch(/server error/);
  });

  it("1. IDOR/BOLA: tenant A's admin with tenant B's ids gets 404 and never B's data", async () => {
    const a = world.tenants.A.admin.client;
    for (const route of routes.filter((r) => r.kind === 'user')) {
      const idPs = idParams(route);
      if (idPs.length > 0 && route.method === 'GET') {
        // Control: the same read with A's own ids answers, so a 404 for B's ids is the tenant check, not a dead route.
        const own = await fillPath(route, ids, 'A');
        if (own) {
          const answer = await a.send('GET', `${own}${await validQuery(route, 'A')}`);
          const code = answer.status < 300 ? '' : errorCode(answer);
          tally.note('1d control: own ids (GET → 2xx)', `${answer.status}${code ? ` ${code}` : ''}`);
          // A 409 names the state of A's row (found); seeded file rows have metadata but no stored contents.
          check('1d control: own ids (GET → 2xx)', answer, forA(), (s) => (s >= 200 && s < 300) || s === 409 || (s === 404 && code === 'files.not_found'));
        }
      }
      if (idPs.length > 0) {
        // All ids from B, then (with several) each one alone from B and the rest from A.
        const variants = [idPs.map((p) => p.name), ...(idPs.length > 1 ? idPs.map((p) => [p.name]) : [])];
        for (const names of variants) {
          const overrides: Record<string, string> = {};
          let missing = false;
          for (const name of names) {
            const value = await ids.of('B', idSource(route, name)!);
            if (value === undefined) missing = true;
            else overrides[name] = value;
          }
          const url = missing ? undefined : await fillPath(route, ids, 'A', overrides);
          if (!url) {
            tally.note('1a IDOR path ids (→404)', 'skipped: no row');
            continue;
          }
          const answer = await a.send(route.method, `${url}${await validQuery(route, 'A')}`, await validBody(route, 'A'));
          // 404 is the answer; a refusal of the (generated) body before the lookup is no leak either, and is counted apart.
          const code = answer.status === 404 ? '' : errorCode(answer);
          if (answer.status !== 404) tally.note('1a IDOR path ids (→404)', `${answer.status} ${code}`);
          check('1a IDOR path ids (→404)', answer, forA(), (s) => s === 404 || ((s === 400 || s === 422) && /validation|invalid/.test(code)));
        }
      }
      if (route.method !== 'GET' && carriesIds(route.body)) {
        const url = await fillPath(route, ids, 'A');
        if (!url) continue;
        const answer = await a.send(route.method, `${url}${await validQuery(route, 'A')}`, await validBody(route, 'B'));
        tally.note('1b IDOR body ids (→4xx)', String(answer.status));
        check('1b IDOR body ids (→4xx)', answer, forA(), (s) => s >= 400 && s < 500);
      }
      if (route.method === 'GET' && idPs.length === 0) {
        const url = await fillPath(route, ids, 'A');
        if (!url) continue;
        const answer = await a.send('GET', `${url}${await validQuery(route, 'B')}`);
        check('1c reads and id filters (no leak)', answer, forA(), (s) => s < 500);
      }
    }
  });

  it('2. lower roles: the lowest role of each service gets 403 where it lacks the permission; staff routes stay hidden', async () => {
    const probe = async (category: string, who: Principal | { client: HttpClient }, route: AttackRoute, expected: number[], forbidden: Forbidden) => {
      const url = await fillPath(route, ids, 'A', {}, world);
      if (!url) return;
      const answer = await who.client.send(route.method, `${url}${await validQuery(route, 'A')}`, await validBody(route, 'A'));
      check(category, answer, forbidden, expected);
    };
    for (const low of world.lowRoles) {
      const granted = world.app.registry.permissionsOf(low.memberships);
      for (const route of routes.filter((r) => r.kind === 'user' && r.permission !== 'self' && !granted.has(r.permission))) {
        await probe('2a lowest roles (→403)', low, route, [403], forA());
      }
    }
    for (const route of routes.filter((r) => r.kind === 'staff')) {
      await probe('2b tenant admin on staff routes (→404)', world.tenants.A.admin, route, [404], forA());
    }
    const auditor = staffPermissionsOf(['auditor']);
    for (const route of routes.filter((r) => r.kind === 'staff' && r.permission !== 'ops:self' && !auditor.has(r.permission as StaffPermission))) {
      await probe('2c staff auditor (→403)', { client: world.staff.auditor }, route, [403], forStaff());
    }
  });

  it('3. no session: 401 on tenant routes, 404 on staff routes; a forged cookie is no session', async () => {
    for (const route of routes.filter((r) => r.kind !== 'public')) {
      const url = await fillPath(route, ids, 'A', {}, world);
      if (!url) continue;
      const expected = route.kind === 'staff' ? [404] : [401];
      const anonymous = new HttpClient(world.base);
      check('3a no session', await anonymous.send(route.method, url, await validBody(route)), forAnonymous(), expected);
      const forged = new HttpClient(world.base);
      forged.cookies.set(route.kind === 'staff' ? 'sotas_staff' : 'sotas_session', `${world.tenants.A.tenant.id}.${randomBytes(32).toString('base64url')}`);
      check('3b forged session cookie', await forged.send(route.method, url, await validBody(route)), forAnonymous(), expected);
    }
  });

  it('4. expired, idle and revoked sessions (tenant and staff) are refused', async () => {
    const a = world.tenants.A;
    const make = async (label: string) => {
      const user = await buildUser(world.tdb.db, a.tenant, { email: `${label}-${a.marker.toLowerCase()}@a.example`, memberships: a.admin.memberships });
      return world.signIn('A', user, label, a.admin.memberships);
    };
    const expired = await make('expired');
    const idle = await make('idle');
    const revoked = await make('revoked');
    await world.tdb.db.ownerTransaction(async (tx) => {
      await tx.query(`UPDATE platform.sessions SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [expired.user.id]);
      await tx.query(`UPDATE platform.sessions SET last_seen_at = now() - interval '2 days', created_at = now() - interval '1 hour' WHERE user_id = $1`, [idle.user.id]);
    });
    const replay = revoked.client.clone();
    expect((await revoked.client.send('POST', '/api/auth/logout')).status).toBeLessThan(300);
    const staff = await world.signInStaff(['operator', 'security_officer', 'auditor']);
    const staffReplay = staff.client.clone();
    expect((await staff.client.send('POST', '/api/ops/auth/logout')).status).toBeLessThan(300);
    extraClients.push(expired.client, idle.client, replay, staffReplay);

    for (const route of routes.filter((r) => r.kind !== 'public')) {
      const url = await fillPath(route, ids, 'A', {}, world);
      if (!url) continue;
      const body = await validBody(route);
      if (route.kind === 'user') {
        check('4a expired session (→401)', await expired.client.send(route.method, url, body), forA(), [401]);
        check('4b idle session (→401)', await idle.client.send(route.method, url, body), forA(), [401]);
        check('4c signed-out session replayed (→401)', await replay.send(route.method, url, body), forA(), [401]);
      } else {
        check('4d signed-out staff session replayed (→404)', await staffReplay.send(route.method, url, body), forAnonymous(), [404]);
      }
    }
  });

  it('5. state-changing requests without the CSRF token, or with a wrong one, are refused with 403', async () => {
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const client = route.kind === 'staff' ? world.staff.all : world.tenants.A.admin.client;
      const forbidden = route.kind === 'staff' ? forStaff() : forA();
      const url = await fillPath(route, ids, 'A', {}, world);
      if (!url) continue;
      const body = await validBody(route);
      check('5a no CSRF token (→403)', await client.send(route.method, url, body, { csrf: 'none' }), forbidden, [403]);
      check('5b wrong CSRF token (→403)', await client.send(route.method, url, body, { csrf: 'wrong' }), forbidden, [403]);
    }
    // Still signed in: the refused requests changed nothing.
    expect((await world.tenants.A.admin.client.send('GET', '/api/session')).status).toBe(200);
  });

  it('6. fuzzing every route: bodies, queries and path values from fast-check never give a 5xx or a leak', async () => {
    const a = world.tenants.A;
    const fuzzerUser = await buildUser(world.tdb.db, a.tenant, { email: `fuzzer-${a.marker.toLowerCase()}@a.example`, displayName: `${a.marker} fuzz`, memberships: a.admin.memberships });
    let fuzzer = await world.signIn('A', fuzzerUser, 'fuzzer', a.admin.memberships);
    let staff = await world.signInStaff(['operator', 'security_officer', 'auditor']);
    extraClients.push(fuzzer.client, staff.client);
    const anonymous = new HttpClient(world.base);
    const victimStaff = await world.signInStaff(['auditor']);
    const victimSession = await world.tdb.db.ownerTransaction(async (tx) => (await tx.query<{ id: string }>('SELECT id::text AS id FROM platform.sessions WHERE tenant_id = $1 AND user_id <> $2 AND user_id <> $3 LIMIT 1', [a.tenant.id, a.admin.user.id, fuzzerUser.id])).rows[0]?.id ?? randomUUID());

    /** Undoes what a successful fuzzed request may have done to the fuzzing accounts, and signs them in again. */
    const heal = async () => {
      if ((await fuzzer.client.send('GET', '/api/session')).status !== 200) {
        await world.tdb.db.ownerTransaction(async (tx) => {
          await tx.query('UPDATE ops.tenants SET status = $2 WHERE id = $1', [a.tenant.id, 'active']);
          await tx.query('UPDATE platform.tenant_settings SET mfa_required = false, session_idle_minutes = NULL, session_absolute_hours = NULL WHERE tenant_id = $1', [a.tenant.id]);
        });
        fuzzer = await world.signIn('A', await buildUser(world.tdb.db, a.tenant, { memberships: a.admin.memberships }), 'fuzzer', a.admin.memberships);
        extraClients.push(fuzzer.client);
      }
      if ((await staff.client.send('GET', '/api/ops/session')).status !== 200) {
        staff = await world.signInStaff(['operator', 'security_officer', 'auditor']);
        extraClients.push(staff.client);
      }
    };

    for (const route of routes) {
      const client = route.kind === 'staff' ? staff.client : route.kind === 'user' ? fuzzer.client : anonymous;
      const forbidden = route.kind === 'staff' ? forStaff() : route.kind === 'user' ? forA() : forAnonymous();
      const overrides: Record<string, string> = { userId: world.victimUserId, sessionId: victimSession, staffId: victimStaff.id };
      const url = await fillPath(route, ids, 'A', overrides, world);
      if (!url) continue;
      const runs = route.method === 'GET' ? RUNS.get : route.rawBody ? RUNS.raw : RUNS.json;
      const bodies: (Body | undefined)[] = route.method === 'GET' ? Array.from({ length: runs }, () => undefined) : fc.sample(route.rawBody ? rawBodyArbitrary : bodyArbitrary(route.body), { numRuns: runs, seed: routeSeed(route, 'body') });
      const queries = fc.sample(queryArbitrary(route.queryParams), { numRuns: runs, seed: routeSeed(route, 'query') });
      // One run of each route also puts a nasty value into each path parameter.
      const segments = fc.sample(fc.constantFrom('%00', '..%2F..%2Fadmin', '%E2%80%AE', encodeURIComponent("' OR 1=1 --"), 'x'.repeat(150), '00000000-0000-0000-0000-000000000000'), { numRuns: 1, seed: routeSeed(route, 'path') });
      for (let i = 0; i < runs; i++) {
        let target = `${url}${queries[i] ?? ''}`;
        if (i === 0 && route.pathParams.length > 0 && route.url !== '/*') {
          const p = route.pathParams[0]!;
          const filled = await fillPath(route, ids, 'A', { ...overrides, [p.name]: '\u0000' }, world);
          target = (filled ?? url).replace(encodeURIComponent('\u0000'), segments[0]!);
        }
        const answer = await client.send(route.method as Method, target, bodies[i]);
        tally.note(`6 fuzz (${route.kind})`, `${Math.floor(answer.status / 100)}xx`);
        check(`6 fuzz (${route.kind})`, answer, forbidden, (s) => s < 500);
      }
      if (route.kind !== 'public') await heal();
    }
    // Nesting no form has (20,000 levels, well within the body limit) is a 400 on every JSON route, not a stack overflow.
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    for (const route of routes.filter((r) => r.body && r.kind !== 'public')) {
      const client = route.kind === 'staff' ? staff.client : fuzzer.client;
      const url = await fillPath(route, ids, 'A', { userId: world.victimUserId, sessionId: victimSession, staffId: victimStaff.id }, world);
      if (!url) continue;
      check('6b deeply nested JSON (→400)', await client.send(route.method, url, { jsonText: deep }), route.kind === 'staff' ? forStaff() : forA(), [400]);
    }
    // Path parameters of plain (non-id) kinds with every valid value, once each.
    for (const route of routes.filter((r) => r.kind === 'user' && r.pathParams.some((p) => !isUuidSchema(p.schema) && p.schema.enum))) {
      const p = route.pathParams.find((x) => !isUuidSchema(x.schema) && x.schema.enum)!;
      for (const value of p.schema.enum!.slice(1)) {
        const url = await fillPath(route, ids, 'A', { [p.name]: String(value), userId: world.victimUserId });
        if (!url) continue;
        check('6 fuzz (user)', await fuzzer.client.send(route.method, url, await validBody(route)), forA(), (s) => s < 500);
      }
    }
  });

  it('leaves no polluted prototype, tenant B untouched, and no failure in any category', async () => {
    expect(Object.prototype).not.toHaveProperty('zqPolluted');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    const after = await snapshotB();
    // Tenant B's sessions may only have been touched, never added to or removed by A.
    expect(after).toEqual(bCounts);
    expect(tally.rows.size).toBeGreaterThanOrEqual(10);
    expect(tally.failures.map((f) => `[${f.category}] ${f.what} → ${f.status}: ${f.problems.join('; ')}`)).toEqual([]);
  });
});
