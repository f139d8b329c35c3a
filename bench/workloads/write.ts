/**
 * Workload 2, authenticated write with audit: POST /api/process/items (CSRF token, session,
 * code check, insert, read back, hash-chained audit event in the same transaction) from
 * `concurrency` clients of different tenants. Baseline in the same run: raw `pg` inserts of
 * the same two rows (the item, and an event row into a table shaped like the tenant log, with
 * no chain) in one tenant transaction, at the same concurrency on a pool of the same size.
 * The two alternate in slices so both see the same machine. Goal: ≥ 0.4 × baseline.
 */
import { randomUUID } from 'node:crypto';
import { systemClock } from '../../src/core/clock.js';
import { entryColumns } from '../../src/platform/audit/events.js';
import { GENESIS_HASH, type AuditEvent } from '../../src/platform/audit/index.js';
import { benchApp, cpuPer, cpuSnapshot, loadFor, type CpuSnapshot } from '../support.js';
import { httpLoad, inTransaction, latencySummary, pool, signIn, verdict, type BenchContext, type HttpRequestSpec, type Row } from './common.js';
import { RecordingDatabase } from '../../test/support/recordingDatabase.js';

const origin = { ip: '192.0.2.10', userAgent: 'bench', requestId: 'bench-request', sessionId: 'bench-session' };

async function plainEventsTable(ctx: BenchContext): Promise<void> {
  await ctx.db.ownerTransaction(async (tx) => {
    await tx.query('DROP TABLE IF EXISTS public.bench_plain_events');
    await tx.query('CREATE TABLE public.bench_plain_events (LIKE audit.tenant_events INCLUDING ALL)');
    await tx.query('ALTER TABLE public.bench_plain_events ENABLE ROW LEVEL SECURITY');
    await tx.query('ALTER TABLE public.bench_plain_events FORCE ROW LEVEL SECURITY');
    await tx.query(`CREATE POLICY tenant_isolation ON public.bench_plain_events
      USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant())`);
    await tx.query('GRANT SELECT, INSERT ON public.bench_plain_events TO sotas_app');
  });
}

export async function writeWorkload(ctx: BenchContext): Promise<Row[]> {
  await plainEventsTable(ctx);
  const db = new RecordingDatabase(ctx.db);
  const { app, base } = await benchApp(db);
  const p = pool(ctx.urls.app, ctx.poolSize);
  try {
    const clients = await signIn(base, ctx.tenants, ctx.concurrency, ctx.password);
    const specs: HttpRequestSpec[] = clients.map((c) => ({
      method: 'POST',
      path: '/api/process/items',
      headers: { cookie: c.cookieHeader(), 'x-csrf-token': c.csrfToken() },
      body: JSON.stringify({ code: 'B{n}', name: 'ベンチ品目 {n}', kind: 'raw', unit: 'kg' }),
    }));
    let seq = 0;
    const tenantIds = clients.map((_, i) => ctx.tenants[i % ctx.tenants.length]!.id);
    const event = (code: string): AuditEvent => ({
      actor: { type: 'user', id: randomUUID(), name: 'ベンチ 利用者1' },
      action: 'process.item.created',
      target: { type: 'item', id: randomUUID(), labels: [] },
      result: 'success',
      details: { service: 'process', code, name: `ベンチ品目 ${code}`, kind: 'raw' },
    });
    const plain = async (w: number): Promise<void> => {
      const tenantId = tenantIds[w]!;
      const code = `R${++seq}-${w}`;
      const c = entryColumns(systemClock, origin, event(code));
      await inTransaction(p, async (client) => {
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
        await client.query(
          `INSERT INTO process.items (tenant_id, code, name, kind, unit, remarks, labels, classification, named_users, created_by, created_at, updated_at)
           VALUES ($1, $2, $3, 'raw', 'kg', '', '{}'::text[], 'general', '{}'::uuid[], NULL, now(), now()) RETURNING id`,
          [tenantId, code, `ベンチ品目 ${code}`],
        );
        await client.query(
          `INSERT INTO public.bench_plain_events (tenant_id, id, seq, prev_hash, hash, occurred_at, actor_type, actor_id, actor_name, action, target_type, target_id,
             target_labels, result, reason, ip, user_agent, request_id, session_hash, details, changes)
           VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13, $14, $15, $16, $17, $18, $19::jsonb, $20::jsonb)`,
          [tenantId, c.id, seq, GENESIS_HASH, c.occurred_at, c.actor_type, c.actor_id, c.actor_name, c.action, c.target_type, c.target_id, c.target_labels,
            c.result, c.reason, c.ip, c.user_agent, c.request_id, c.session_hash, JSON.stringify(c.details), JSON.stringify(c.changes)],
        );
      });
    };

    // What one create sends to the database, for the report.
    const recorded = await db.record(async () => {
      const res = await clients[0]!.request('POST', '/api/process/items', { code: 'REC-1', name: 'ベンチ品目 記録', kind: 'raw', unit: 'kg' });
      if (res.status !== 201) throw new Error(`POST /api/process/items failed: ${res.status}`);
    });
    ctx.log(`  one create = ${recorded.length} transaction(s), ${recorded.reduce((n, t) => n + t.length, 0)} statements: ` +
      recorded.map((t) => t.map((s) => s.text.replace(/\s+/g, ' ').slice(0, 40)).join(' | ')).join(' ;; '));

    // Warm-up of both paths, then alternating slices.
    await httpLoad({ base, specs, seconds: 1, concurrency: ctx.concurrency, expect: 201 });
    await loadFor(500, ctx.concurrency, plain);
    const slices = 2;
    const appLat: number[] = [];
    const baseLat: number[] = [];
    let appCount = 0;
    let appSeconds = 0;
    let baseCount = 0;
    let baseSeconds = 0;
    let errors = 0;
    let firstError = '';
    // CPU spent in each (this process holds the app and the load client; the baseline only pg).
    const appCpu = { node: 0, postgres: 0 };
    const baseCpu = { node: 0, postgres: 0 };
    const add = (to: { node: number; postgres: number }, a: CpuSnapshot, b: CpuSnapshot) => {
      to.node += b.node - a.node;
      to.postgres += (b.postgres ?? 0) - (a.postgres ?? 0);
    };
    for (let i = 0; i < slices; i++) {
      const c0 = cpuSnapshot();
      const a = await httpLoad({ base, specs, seconds: ctx.seconds / slices, concurrency: ctx.concurrency, expect: 201 });
      const c1 = cpuSnapshot();
      add(appCpu, c0, c1);
      appCount += a.count;
      appSeconds += a.seconds;
      errors += a.errors;
      firstError ||= a.firstError;
      for (const l of a.latencies) appLat.push(l);
      const b = await loadFor((ctx.seconds / slices) * 1000, ctx.concurrency, plain);
      add(baseCpu, c1, cpuSnapshot());
      baseCount += b.count;
      baseSeconds += b.seconds;
      for (const l of b.latencies) baseLat.push(l);
    }
    if (errors) ctx.log(`  write: ${errors} failed requests, first: ${firstError}`);
    const appRate = appCount / appSeconds;
    const baseRate = baseCount / baseSeconds;
    const ratio = appRate / baseRate;
    const per = (c: { node: number; postgres: number }, n: number) => cpuPer({ node: 0, postgres: 0 }, c, n).text;
    ctx.log(`  write CPU per request: app ${per(appCpu, appCount)} (Node: app and HTTP load client); baseline per transaction ${per(baseCpu, baseCount)}`);
    return [
      {
        workload: `2. write: POST item + chained audit event, ${ctx.concurrency} clients on ${ctx.concurrency} tenants`,
        throughput: `${appRate.toFixed(0)} req/s${errors ? ` (${errors} errors)` : ''}`,
        latency: latencySummary(appLat).text,
        baseline: `pg item + plain event insert: ${baseRate.toFixed(0)}/s, ${latencySummary(baseLat).text} ms; CPU per request ${per(appCpu, appCount)}, per baseline transaction ${per(baseCpu, baseCount)}`,
        ratio: ratio.toFixed(2),
        goal: '≥ 0.40',
        result: errors ? 'error' : verdict(ratio >= 0.4),
      },
    ];
  } finally {
    await app.close();
    await p.end();
    await ctx.db.ownerTransaction((tx) => tx.query('DROP TABLE IF EXISTS public.bench_plain_events'));
  }
}
