/**
 * Workload 1, authenticated read: GET /api/process/orders?pageSize=50 with a real session
 * cookie through the app listening on a port, from `concurrency` keep-alive clients (one
 * signed-in user of a different tenant each) in a worker thread. Baseline in the same run:
 * the statements the app sent for that request (recorded per client: session lookup with
 * set tenant, membership and contract reads, the count and the page) replayed with `pg` in
 * the same transactions, at the same concurrency, on a pool of the same size.
 * Goals: throughput ≥ 0.5 × baseline; p99 < 25 ms at half of the maximum throughput.
 */
import type pg from 'pg';
import { benchApp, cpuPer, cpuSnapshot, loadFor } from '../support.js';
import { httpLoad, inTransaction, latencySummary, pool, signIn, verdict, type BenchContext, type HttpRequestSpec, type Row } from './common.js';
import { RecordingDatabase, type Statement } from '../../test/support/recordingDatabase.js';

export const READ_PATH = '/api/process/orders?pageSize=50';

async function replay(p: pg.Pool, transactions: Statement[][]): Promise<void> {
  for (const statements of transactions) {
    // A statement the app sent as one message (tenant and statement) goes as that message.
    if (statements.length === 1 && statements[0]!.oneMessage) {
      await p.query(statements[0]!.text);
      continue;
    }
    await inTransaction(p, async (client) => {
      for (const s of statements) await client.query(s.text, s.params);
    });
  }
}

export async function readWorkload(ctx: BenchContext): Promise<{ rows: Row[]; maxRate: number }> {
  const db = new RecordingDatabase(ctx.db);
  const { app, base } = await benchApp(db);
  const p = pool(ctx.urls.app, ctx.poolSize);
  try {
    const clients = await signIn(base, ctx.tenants, ctx.concurrency, ctx.password);
    // Warm-up (code compiled, connections open), then each client's request recorded once.
    for (const c of clients) {
      const res = await c.request('GET', READ_PATH);
      if (res.status !== 200) throw new Error(`GET ${READ_PATH} failed: ${res.status}`);
    }
    const recorded: Statement[][][] = [];
    for (const c of clients) recorded.push(await db.record(async () => {
      await c.request('GET', READ_PATH);
    }));
    // The baseline is what the request needs (session lookup with set tenant, the list); the
    // rate-limit counter the app also writes per request is measured apart, for information.
    const isRateLimit = (t: Statement[]) => t.some((s) => s.text.includes('ops.rate_limits'));
    const core = recorded.map((r) => r.filter((t) => !isRateLimit(t)));
    const perRequest = recorded[0]!;
    const coreStatements = core[0]!.reduce((n, t) => n + t.length, 0);
    ctx.log(`  one request = ${perRequest.length} transaction(s), ${perRequest.reduce((n, t) => n + t.length, 0)} statements: ` +
      perRequest.map((t) => t.map((s) => s.text.replace(/\s+/g, ' ').slice(0, 40)).join(' | ')).join(' ;; '));

    const specs: HttpRequestSpec[] = clients.map((c) => ({ method: 'GET', path: READ_PATH, headers: { cookie: c.cookieHeader() } }));
    await httpLoad({ base, specs, seconds: 1, concurrency: ctx.concurrency, expect: 200 });
    await loadFor(1000, ctx.concurrency, (w) => replay(p, core[w % core.length]!));
    // App and baseline alternate (two slices each), so both see the same load on a shared machine.
    const appRun = { count: 0, seconds: 0, errors: 0, firstError: '', latencies: [] as number[] };
    const base1 = { count: 0, seconds: 0, latencies: [] as number[] };
    const limited = { count: 0, seconds: 0 };
    const hasLimit = perRequest.some(isRateLimit);
    const cpu = { app: { node: 0, postgres: 0 }, base: { node: 0, postgres: 0 } };
    for (let slice = 0; slice < 2; slice++) {
      const c0 = cpuSnapshot();
      const a = await httpLoad({ base, specs, seconds: ctx.seconds / 2, concurrency: ctx.concurrency, expect: 200 });
      const c1 = cpuSnapshot();
      cpu.app.node += c1.node - c0.node;
      cpu.app.postgres += (c1.postgres ?? 0) - (c0.postgres ?? 0);
      appRun.count += a.count;
      appRun.seconds += a.seconds;
      appRun.errors += a.errors;
      appRun.firstError ||= a.firstError;
      for (const l of a.latencies) appRun.latencies.push(l);
      const b = await loadFor((ctx.seconds / 2) * 1000, ctx.concurrency, (w) => replay(p, core[w % core.length]!));
      const c2 = cpuSnapshot();
      cpu.base.node += c2.node - c1.node;
      cpu.base.postgres += (c2.postgres ?? 0) - (c1.postgres ?? 0);
      base1.count += b.count;
      base1.seconds += b.seconds;
      for (const l of b.latencies) base1.latencies.push(l);
      if (hasLimit) {
        const c = await loadFor((ctx.seconds / 2) * 1000, ctx.concurrency, (w) => replay(p, recorded[w % recorded.length]!));
        limited.count += c.count;
        limited.seconds += c.seconds;
      }
    }
    if (appRun.errors) ctx.log(`  read: ${appRun.errors} failed requests, first: ${appRun.firstError}`);
    const appRate = appRun.count / appRun.seconds;
    const baseRate = base1.count / base1.seconds;
    const withLimit = hasLimit ? limited : undefined;

    const half = await httpLoad({ base, specs, seconds: ctx.seconds, concurrency: ctx.concurrency, rate: appRate / 2, expect: 200 });
    // The service time: one client alone, nothing queued before its requests. At half load a
    // request waits behind others on 2 cores; its p99 is that wait plus this.
    const alone = latencySummary((await httpLoad({ base, specs: specs.slice(0, 1), seconds: Math.min(5, ctx.seconds), concurrency: 1, expect: 200 })).latencies);
    const appLat = latencySummary(appRun.latencies);
    const baseLat = latencySummary(base1.latencies);
    const halfLat = latencySummary(half.latencies);
    const ratio = appRate / baseRate;
    const appCpu = cpuPer({ node: 0, postgres: 0 }, cpu.app, appRun.count).text;
    const baseCpu = cpuPer({ node: 0, postgres: 0 }, cpu.base, base1.count).text;
    ctx.log(`  read CPU per request: app ${appCpu} (Node: app and HTTP load client); baseline ${baseCpu}`);
    return {
      maxRate: appRate,
      rows: [
        {
          workload: `1. read: GET orders list (50 rows), ${ctx.concurrency} clients, app pool ${ctx.poolSize}`,
          throughput: `${appRate.toFixed(0)} req/s${appRun.errors ? ` (${appRun.errors} errors)` : ''}`,
          latency: appLat.text,
          baseline:
            `pg replay of its ${coreStatements} statements in ${core[0]!.length} transactions: ${baseRate.toFixed(0)}/s, ${baseLat.text} ms; CPU per request ${appCpu}, per replay ${baseCpu}` +
            (withLimit ? `; with the app's rate-limit upsert (own transaction): ${(withLimit.count / withLimit.seconds).toFixed(0)}/s` : ''),
          ratio: ratio.toFixed(2),
          goal: '≥ 0.50',
          result: appRun.errors ? 'error' : verdict(ratio >= 0.5),
        },
        {
          workload: `1b. read at half of max (${(appRate / 2).toFixed(0)} req/s, open loop)`,
          throughput: `${(half.count / half.seconds).toFixed(0)} req/s${half.errors ? ` (${half.errors} errors)` : ''}`,
          latency: halfLat.text,
          baseline: `one client alone (no queue): ${alone.text} ms`,
          ratio: '',
          goal: 'p99 < 25 ms',
          result: half.errors ? 'error' : verdict(halfLat.p99 < 25),
        },
      ],
    };
  } finally {
    await app.close();
    await p.end();
  }
}
