import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/db/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { HttpUser, PgCluster, report, ServerProcess, sessionFor, sleep, tempDir, type Answer } from './support/harness.js';

/** The sign-in route's limit per client address and minute (platformRoutes.ts). */
const LOGIN_LIMIT = 30;

interface JobRow {
  name: string;
  scheduled_for: string;
  runs: number;
  attempts: number;
  statuses: string;
}

/** Signs in with a password over HTTP; returns the status and the session cookie, if any. */
async function login(baseUrl: string, body: Record<string, string>): Promise<{ status: number; session?: string; code?: string }> {
  const csrf = 'faults' + 'y'.repeat(30);
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `sotas_csrf=${csrf}`, 'x-csrf-token': csrf, 'accept-language': 'ja' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const json = (await res.json().catch(() => ({}))) as { error?: { code: string } };
  const session = res.headers.getSetCookie().find((c) => c.startsWith('sotas_session='))?.split(';')[0]?.slice('sotas_session='.length);
  return { status: res.status, ...(session ? { session } : {}), ...(json.error ? { code: json.error.code } : {}) };
}

/**
 * Two app nodes (two `sotas serve` processes with jobs enabled) on one PostgreSQL database,
 * under load: every recurring job runs once per period, sessions and sign-out hold on both
 * nodes, and the sign-in limit per address counts requests to either node.
 */
describe('two app nodes on one PostgreSQL database', () => {
  let cluster: PgCluster;
  let db: Database;
  const nodes: ServerProcess[] = [];
  // Both nodes share the data folder: master key file and audit signing key, as on a shared volume.
  const dataDir = tempDir('twonodes');
  let tenant: BuiltTenant;
  let admin: BuiltUser;

  beforeAll(async () => {
    cluster = await PgCluster.create();
    const env = { JOBS_ENABLED: 'true' };
    nodes.push(await ServerProcess.start({ databaseUrl: cluster.ownerUrl, dataDir, env }));
    nodes.push(await ServerProcess.start({ databaseUrl: cluster.ownerUrl, dataDir, env }));
    db = cluster.open();
    tenant = await buildTenant(db);
    admin = await buildUser(db, tenant, { memberships: [{ service: 'process', role: 'admin' }] });
  });

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await db?.close();
    cluster?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs each scheduled job once per period while both nodes serve load', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const users: HttpUser[] = [];
    for (let i = 0; i < 3; i++) {
      const user = await buildUser(db, tenant, { memberships: [{ service: 'process', role: 'admin' }] });
      users.push(new HttpUser(a.baseUrl, await sessionFor(db, user)));
    }
    const answers: Answer[] = [];
    let running = true;
    let n = 0;
    // Kept under the shared limit of 600 requests a minute per address (both nodes together).
    const worker = async (user: HttpUser): Promise<void> => {
      while (running) {
        const i = n++;
        user.baseUrl = i % 2 === 0 ? a.baseUrl : b.baseUrl;
        answers.push(
          i % 2 === 0
            ? await user.request('POST', '/api/process/items', { code: `NODE-${String(i).padStart(5, '0')}`, name: `二台試験 ${i}`, kind: 'raw', unit: 'kg' })
            : await user.request('GET', '/api/process/items?pageSize=10'),
        );
        await sleep(600);
      }
    };
    const load = Promise.all(users.map(worker));

    // Every schedule is made due at once, five times, while both nodes poll: each time both
    // race to enqueue and claim. The minute's capacity sample also comes due on its own.
    const started = Date.now();
    const crossMinute = Math.ceil((started + 1_000) / 60_000) * 60_000 + 8_000;
    for (let round = 0; round < 5; round++) {
      await db.ownerTransaction((tx) => tx.query('UPDATE ops.job_schedules SET next_run_at = now()'));
      await sleep(5_000);
    }
    while (Date.now() < crossMinute) await sleep(500);
    running = false;
    await load;

    // Let the queue settle: nothing due is left queued or running.
    const settleDeadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await db.ownerTransaction((tx) =>
        tx.query<{ n: number }>("SELECT count(*)::int AS n FROM ops.jobs WHERE (status = 'queued' AND run_at <= now()) OR status = 'running'"),
      );
      if (rows[0]!.n === 0 || Date.now() > settleDeadline) break;
      await sleep(500);
    }

    const jobs = (
      await db.ownerTransaction((tx) =>
        tx.query<JobRow>(
          `SELECT name, payload->>'scheduledFor' AS scheduled_for, count(*)::int AS runs, max(attempts)::int AS attempts, string_agg(status, ',') AS statuses
             FROM ops.jobs WHERE payload ? 'scheduledFor' GROUP BY 1, 2 ORDER BY 1, 2`,
        ),
      )
    ).rows;
    const samples = (
      await db.ownerTransaction((tx) => tx.query<{ node: string; sampled_at: Date }>('SELECT node, sampled_at FROM ops.capacity_samples ORDER BY sampled_at'))
    ).rows;

    expect(answers.filter((x) => x.status < 200 || x.status >= 300).map((x) => `${x.status} ${JSON.stringify(x.body)}`)).toEqual([]);
    expect(jobs.length).toBeGreaterThan(5);
    // One job per schedule and period, run once (one attempt), finished.
    expect(jobs.filter((j) => j.runs !== 1)).toEqual([]);
    expect(jobs.filter((j) => j.attempts !== 1 || j.statuses !== 'done')).toEqual([]);
    const capacityPeriods = jobs.filter((j) => j.name === 'capacity.sample');
    expect(capacityPeriods.length).toBeGreaterThanOrEqual(2);
    // The capacity job writes one sample per run: as many samples as periods, not one per node.
    expect(samples).toHaveLength(capacityPeriods.length);

    report('two nodes, jobs enabled on both, under load', {
      'load requests (all 2xx)': answers.length,
      'scheduled job periods': jobs.length,
      'periods run more than once': jobs.filter((j) => j.runs !== 1 || j.attempts !== 1).length,
      'schedules': [...new Set(jobs.map((j) => j.name))].join(', '),
      'capacity samples / periods': `${samples.length} / ${capacityPeriods.length}`,
      'samples taken by node': [...new Set(samples.map((s) => s.node))].map((node) => `${node}: ${samples.filter((s) => s.node === node).length}`).join(', '),
    });
  });

  it('keeps a session made on one node valid on the other, and a sign-out on one ends it on both', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const signedIn = await login(a.baseUrl, { companyCode: tenant.code, email: admin.email, password: admin.password });
    expect(signedIn.status).toBe(200);
    expect(signedIn.session).toBeTruthy();
    const onA = new HttpUser(a.baseUrl, signedIn.session!);
    const onB = new HttpUser(b.baseUrl, signedIn.session!);
    expect((await onA.request('GET', '/api/session')).status).toBe(200);
    expect((await onB.request('GET', '/api/session')).status).toBe(200);

    expect((await onB.request('POST', '/api/auth/logout')).status).toBe(204);
    const afterA = await onA.request('GET', '/api/session');
    const afterB = await onB.request('GET', '/api/session');
    expect(afterA.status).toBe(401);
    expect(afterB.status).toBe(401);
    expect((afterA.body as { error: { code: string } }).error.code).toBe('auth.required');
  });

  it('counts the sign-in limit per address across both nodes', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const results: { node: 'a' | 'b'; status: number }[] = [];
    for (let i = 0; i < LOGIN_LIMIT + 10; i++) {
      const node = i % 2 === 0 ? 'a' : 'b';
      const answer = await login((node === 'a' ? a : b).baseUrl, { companyCode: tenant.code, email: `nobody-${i}@example.com`, password: 'Wrong#Pass123' });
      results.push({ node, status: answer.status });
    }
    const allowed = results.filter((r) => r.status !== 429);
    const limited = results.filter((r) => r.status === 429);
    // One limit for the address: with a counter per node each would allow 30 (60 in all, no 429 here).
    expect(allowed.length).toBeLessThanOrEqual(LOGIN_LIMIT);
    expect(limited.some((r) => r.node === 'a')).toBe(true);
    expect(limited.some((r) => r.node === 'b')).toBe(true);
    // Once refused, refused on both nodes for the rest of the window.
    const firstLimited = results.findIndex((r) => r.status === 429);
    expect(results.slice(firstLimited).every((r) => r.status === 429)).toBe(true);

    report('sign-in limit across two nodes', {
      'sign-in attempts (alternating nodes)': results.length,
      'answered before the limit (incl. the sign-in of the session test)': `${allowed.length} (+1)`,
      'refused 429 on node 1 / node 2': `${limited.filter((r) => r.node === 'a').length} / ${limited.filter((r) => r.node === 'b').length}`,
      'limit per address and minute': LOGIN_LIMIT,
    });
  });
});
