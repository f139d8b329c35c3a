/**
 * Audit log costs. Run: `npx tsx bench/audit.bench.ts` (PGlite) or with
 * BENCH_DATABASE_URL=postgres://… (PostgreSQL: a database of its own on that server, dropped at the end).
 *
 * 1. Event writes per second through the hash chain (recordTenantEvent: head row locked,
 *    hashed and moved in one statement) against plain inserts of the same rows into a
 *    table of the same shape, in the same run, each in its own transaction as commands do.
 *    Goal: ratio ≥ 0.5.
 * 2. verify-audit throughput over one chain of BENCH_VERIFY_EVENTS events (default
 *    1,000,000). Goal: ≥ 200,000 events/s.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { ManualClock } from '../src/core/clock.js';
import { withTenant, type Database } from '../src/core/db/index.js';
import { canonicalJson, chainHash, GENESIS_HASH, recordTenantEvent, verifyStoredChain, type AuditEvent } from '../src/platform/audit/index.js';
import { entryColumns } from '../src/platform/audit/events.js';
import { buildTenant } from '../test/support/factories.js';
import { benchDatabase, cpuPer, cpuSnapshot, loadFor, machine } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const VERIFY_EVENTS = Number(process.env.BENCH_VERIFY_EVENTS ?? 1_000_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? Math.min(8, os.availableParallelism()));

const clock = new ManualClock('2026-11-27T00:00:00Z');
const sample: AuditEvent = {
  actor: { type: 'user', id: '0b6f3f5e-8a9e-4a49-9a43-9d2b7d3c8f10', name: '山田 太郎' },
  action: 'process.order.updated',
  target: { type: 'order', id: 'PO-2026-000123', labels: ['社外秘'] },
  result: 'success',
  details: { service: 'process', field: 'dueDate', lot: 'A-12' },
  changes: { before: { dueDate: '2026-12-01' }, after: { dueDate: '2026-12-05' } },
};
const origin = { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', requestId: 'bench-request-0001', sessionId: 'bench-session' };

/**
 * The plain baseline: a table like the tenant log (same columns, constraints, indexes and
 * row-level security) without the chain — no head row, no hashing, no chain trigger.
 */
async function plainTable(db: Database): Promise<void> {
  await db.ownerTransaction(async (tx) => {
    await tx.query('DROP TABLE IF EXISTS public.bench_plain_events');
    await tx.query('CREATE TABLE public.bench_plain_events (LIKE audit.tenant_events INCLUDING ALL)');
    await tx.query('ALTER TABLE public.bench_plain_events ENABLE ROW LEVEL SECURITY');
    await tx.query('ALTER TABLE public.bench_plain_events FORCE ROW LEVEL SECURITY');
    await tx.query(`CREATE POLICY tenant_isolation ON public.bench_plain_events
      USING (tenant_id = platform.current_tenant()) WITH CHECK (tenant_id = platform.current_tenant())`);
    await tx.query('GRANT SELECT, INSERT ON public.bench_plain_events TO sotas_app');
  });
}

/** The same row a chained write stores, as a plain insert (with a random hash in place of the link). */
async function plainInsert(db: Database, tenantId: string, seq: number): Promise<void> {
  const c = entryColumns(clock, origin, sample);
  await withTenant(db, tenantId, (tx) =>
    tx.query(
      `INSERT INTO public.bench_plain_events (tenant_id, id, seq, prev_hash, hash, occurred_at, actor_type, actor_id, actor_name, action, target_type, target_id,
         target_labels, result, reason, ip, user_agent, request_id, session_hash, details, changes)
       VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13, $14, $15, $16, $17, $18, $19::jsonb, $20::jsonb)`,
      [tenantId, c.id, seq, GENESIS_HASH, c.occurred_at, c.actor_type, c.actor_id, c.actor_name, c.action, c.target_type, c.target_id, c.target_labels,
        c.result, c.reason, c.ip, c.user_agent, c.request_id, c.session_hash, JSON.stringify(c.details), JSON.stringify(c.changes)],
    ),
  );
}

/** The next sequence number of each tenant's plain rows (the table keeps them unique, like the log). */
const plainSeqs = new Map<string, number>();

/**
 * Chained and plain writes in alternating half-second slices, so both see the same machine
 * (load on a shared host changes by the second).
 */
async function writeRound(db: Database, label: string, tenants: string[], concurrency: number, goal: boolean): Promise<void> {
  let chained = { count: 0, seconds: 0 };
  let plain = { count: 0, seconds: 0 };
  const add = (a: typeof chained, b: { count: number; seconds: number }) => ({ count: a.count + b.count, seconds: a.seconds + b.seconds });
  for (let round = 0; round < SECONDS * 2; round++) {
    chained = add(chained, await loadFor(250, concurrency, async (w) => {
      const tenantId = tenants[w % tenants.length]!;
      await withTenant(db, tenantId, (tx) => recordTenantEvent(tx, clock, tenantId, origin, sample));
    }));
    plain = add(plain, await loadFor(250, concurrency, async (w) => {
      const tenantId = tenants[w % tenants.length]!;
      const seq = (plainSeqs.get(tenantId) ?? 0) + 1;
      plainSeqs.set(tenantId, seq);
      await plainInsert(db, tenantId, seq);
    }));
  }
  const c = chained.count / chained.seconds;
  const p = plain.count / plain.seconds;
  const verdict = goal ? ` (goal ≥ 0.5) ${c / p >= 0.5 ? 'PASS' : 'FAIL'}` : ' (for information: one tenant’s writers queue on its chain head)';
  console.log(`writes, ${label}: chained ${c.toFixed(0)}/s, plain ${p.toFixed(0)}/s, ratio ${(c / p).toFixed(2)}${verdict}`);
}

async function writes(db: Database): Promise<void> {
  await plainTable(db);
  const tenants = await Promise.all(Array.from({ length: CONCURRENCY }, () => buildTenant(db)));
  const ids = tenants.map((t) => t.id);
  await writeRound(db, '1 writer', ids.slice(0, 1), 1, true);
  await writeRound(db, `${CONCURRENCY} writers on ${CONCURRENCY} tenants`, ids, CONCURRENCY, true);
  await writeRound(db, `${CONCURRENCY} writers on one tenant`, ids.slice(0, 1), CONCURRENCY, false);
}

/** Writes a valid chain of `count` entries straight into the table (as the owner), hashed here. */
async function seedChain(db: Database, tenantId: string, count: number): Promise<void> {
  const batch = 5_000;
  let prev = GENESIS_HASH;
  const base = clock.now().getTime();
  for (let start = 1; start <= count; start += batch) {
    const rows: Record<string, unknown>[] = [];
    for (let seq = start; seq < Math.min(start + batch, count + 1); seq++) {
      const c = { ...entryColumns(clock, origin, sample), id: randomUUID(), occurred_at: new Date(base + seq).toISOString() };
      const body = { ...c, tenant_id: tenantId };
      const hash = chainHash(prev, seq, canonicalJson(body));
      rows.push({ ...body, seq, prev_hash: prev, hash, pre_chain: false });
      prev = hash;
    }
    await db.ownerTransaction((tx) =>
      tx.query('INSERT INTO audit.tenant_events SELECT * FROM json_populate_recordset(NULL::audit.tenant_events, $1::json)', [JSON.stringify(rows)]),
    );
  }
  await db.ownerTransaction((tx) =>
    tx.query('INSERT INTO audit.tenant_chain_heads (tenant_id, seq, prev_hash, hash, updated_at) VALUES ($1, $2, $3, $3, now())', [tenantId, count, prev]),
  );
}

async function verification(db: Database): Promise<void> {
  const tenant = await buildTenant(db);
  const seeding = performance.now();
  await seedChain(db, tenant.id, VERIFY_EVENTS);
  console.log(`seeded ${VERIFY_EVENTS.toLocaleString('en')} chained events in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  const started = performance.now();
  const cpu0 = cpuSnapshot();
  const report = await verifyStoredChain(db, { kind: 'tenant', tenantId: tenant.id }, []);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuPer(cpu0, cpuSnapshot(), VERIFY_EVENTS / 1000);
  if (!report.ok || report.entries !== VERIFY_EVENTS) throw new Error(`the bench chain did not verify: ${JSON.stringify(report)}`);
  const rate = VERIFY_EVENTS / seconds;
  console.log(`verify-audit: ${VERIFY_EVENTS.toLocaleString('en')} events in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} events/s (goal ≥ 200000) ${rate >= 200_000 ? 'PASS' : 'FAIL'}; CPU per 1,000 events ${cpu.text}`);
}

async function main(): Promise<void> {
  const { db, kind } = await benchDatabase();
  console.log(`audit bench on ${kind}; ${machine()}`);
  try {
    await writes(db);
    await verification(db);
  } finally {
    await db.ownerTransaction((tx) => tx.query('DROP TABLE IF EXISTS public.bench_plain_events'));
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
