/**
 * `npm run bench`: the performance goals measured in one run, each against its raw baseline
 * measured in the same run, written to the `bench run` section of bench/results.md.
 *
 * Runs against PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres):
 * creates a database of its own, migrates and seeds it (bench/seed.ts), and drops it at the end
 * unless BENCH_KEEP_DATABASE=1. The backup bench runs on PGlite (the embedded database it is for).
 *
 * Environment:
 * - BENCH_SCALE (default 1): dataset size; 1 = 1,000 tenants × 20 users, 2,000 operations,
 *   100 catalog and 50 survey products per tenant.
 * - BENCH_QUICK=1: short phases and small sizes for the service benches (with BENCH_SCALE=0.05
 *   the whole run takes a few minutes).
 * - BENCH_SECONDS (default 10, quick 3): seconds per measured phase.
 * - BENCH_CONCURRENCY (default 16): clients of the read and write workloads.
 * - BENCH_POOL_SIZE (default: the app's, max(4, 4 × cores)): the app's pool and each baseline's.
 * - BENCH_SERVICES_PARALLEL (default 1, quick 3): service benches run at the same time.
 * - BENCH_ONLY: comma-separated workloads to run (read, write, rls, login, memory, services).
 */
import os from 'node:os';
import { machine, runDatabase, writeResultsSection } from './support.js';
import { BENCH_PASSWORD, seed, seedSize } from './seed.js';
import type { BenchContext, Row } from './workloads/common.js';
import { loginWorkload } from './workloads/login.js';
import { memoryWorkload } from './workloads/memory.js';
import { readWorkload } from './workloads/read.js';
import { rlsWorkload } from './workloads/rls.js';
import { serviceBenches } from './workloads/services.js';
import { writeWorkload } from './workloads/write.js';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const QUICK = process.env.BENCH_QUICK === '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 3 : 10));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? Math.max(4, os.availableParallelism() * 4));
const KEEP = process.env.BENCH_KEEP_DATABASE === '1';
const SERVICES_PARALLEL = Number(process.env.BENCH_SERVICES_PARALLEL ?? (QUICK ? 3 : 1));
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : undefined;

const log = (line: string) => console.log(line);
const wanted = (name: string) => !ONLY || ONLY.includes(name);

function table(rows: Row[]): string[] {
  const cell = (s: string) => s.replace(/\|/g, '/').replace(/\n/g, ' ');
  return [
    '| workload | throughput | p50 / p95 / p99 ms | baseline (same run) | ratio | goal | result |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${[r.workload, r.throughput, r.latency, r.baseline, r.ratio, r.goal, r.result].map(cell).join(' | ')} |`),
  ];
}

/** Replaces the `bench run` section of bench/results.md (or appends it), leaving the others alone. */
function writeResults(lines: string[]): void {
  writeResultsSection('bench run', lines);
}

async function main(): Promise<void> {
  const began = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  process.env.BENCH_DATABASE_URL = SERVER;
  log(`npm run bench — ${machine()}; scale ${SCALE}${QUICK ? ', quick' : ''}; ${SECONDS} s per phase; ${CONCURRENCY} clients; pool ${POOL_SIZE}`);
  const run = await runDatabase('sotas_bench_run', { keep: KEEP, poolSize: POOL_SIZE });
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    if (!run.urls) throw new Error('npm run bench needs PostgreSQL (BENCH_DATABASE_URL)');
    const size = seedSize(SCALE);
    log(`seeding ${size.tenants} tenants…`);
    const seeded = await seed(run.urls.owner, size, log);
    const seedLine =
      `seeded ${seeded.counts.tenants} tenants, ${seeded.counts.users} users, ${seeded.counts.orders} orders with ${seeded.counts.operations} operations, ` +
      `${seeded.counts.catalogProducts} published catalog products, ${seeded.counts.surveyProducts} survey products in ${(seeded.ms / 1000).toFixed(1)} s`;
    log(seedLine);
    notes.push(seedLine);
    const ctx: BenchContext = {
      db: run.db,
      urls: run.urls,
      tenants: seeded.tenants,
      password: BENCH_PASSWORD,
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      poolSize: POOL_SIZE,
      quick: QUICK,
      log,
    };
    const workloads: [string, () => Promise<Row[]>][] = [
      ['read', async () => (await readWorkload(ctx)).rows],
      ['write', () => writeWorkload(ctx)],
      ['rls', () => rlsWorkload(ctx)],
      ['login', () => loginWorkload(ctx)],
      ['memory', () => memoryWorkload(ctx)],
      ['services', () => serviceBenches({ server: SERVER, quick: QUICK, parallel: SERVICES_PARALLEL, log })],
    ];
    for (const [name, fn] of workloads) {
      if (!wanted(name)) continue;
      const t = performance.now();
      log(`${name}…`);
      try {
        const got = await fn();
        rows.push(...got);
        for (const r of got) log(`  ${r.workload}: ${r.throughput} ${r.latency ? `(${r.latency} ms)` : ''} ${r.baseline ? `vs ${r.baseline}` : ''} ${r.ratio} ${r.goal} ${r.result}`);
      } catch (error) {
        log(`  ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        rows.push({ workload: name, throughput: `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300), latency: '', baseline: '', ratio: '', goal: '', result: 'error' });
      }
      log(`  (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await run.db.close();
    await run.drop();
  }
  const cpu = os.cpus()[0]?.model ?? 'cpu';
  const header = [
    `## npm run bench (bench/run.ts, postgres${QUICK ? ', quick' : ''})`,
    '',
    `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC · ${cpu}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM · Node ${process.version}`,
    '',
    `- scale ${SCALE}${QUICK ? ' (BENCH_QUICK=1: service benches at small sizes)' : ''}; ${SECONDS} s per phase; ${CONCURRENCY} clients; pool ${POOL_SIZE} connections; ` +
      `1-minute load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end (other work on the machine slows every figure)`,
    ...notes.map((n) => `- ${n}`),
    `- whole run: ${((performance.now() - began) / 1000).toFixed(0)} s`,
    '',
  ];
  const lines = [...header, ...table(rows)];
  writeResults(lines);
  console.log(`\n${lines.join('\n')}`);
  if (rows.some((r) => r.result === 'error')) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
