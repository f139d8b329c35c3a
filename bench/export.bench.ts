/**
 * Tenant export memory. Run: `node --expose-gc --import tsx bench/export.bench.ts` (PGlite with
 * its files on disk, as the app keeps it under DATA_DIR), with BENCH_PGLITE_MEMORY=1 (PGlite with
 * its files in memory, as the tests keep it: every data and WAL file is a buffer of this process)
 * or with BENCH_DATABASE_URL=postgres://… (PostgreSQL: a database of its own on that server, dropped at the end).
 *
 * Seeds one tenant with BENCH_EXPORT_ROWS event-log entries (default 1,000,000, inserted with
 * generate_series) and runs its export job (CSV + XLSX + JSON of every table, zipped, encrypted,
 * into the file store) while sampling the process's resident memory (RSS) every 50 ms. The
 * baseline is the RSS right before, after a warm-up export of a small tenant in the same
 * process, so what is paid once (code compiled on first use, worker threads, libraries) is in
 * the baseline and the growth is what the large export itself costs. Goal: growth < 100 MB.
 * Also reports the CPU time the export took (all threads: deflate runs on libuv's pool), which
 * carries over between runs better than the elapsed time on a busy machine.
 *
 * A run of the default size writes its section of bench/results.md. A smaller reproduction
 * (e.g. BENCH_EXPORT_ROWS=100000) only prints, and with BENCH_EXPORT_TRACE_MS=5000 it also
 * prints the memory figures every five seconds while the export runs.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICES } from '../src/app.js';
import { ManualClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config.js';
import { migrate, PgliteDatabase, withTenant, type Database } from '../src/core/db/index.js';
import { createLogger } from '../src/core/logger.js';
import { createFileStore } from '../src/platform/files/index.js';
import { masterKeyProvider } from '../src/platform/keys/index.js';
import { runExport, type ExportJobDeps } from '../src/platform/lifecycle/exportJob.js';
import { ServiceRegistry } from '../src/platform/services/index.js';
import { buildTenant, buildUser } from '../test/support/factories.js';
import { benchDatabase, machine, resultsBody, writeResultsSection } from './support.js';

const DEFAULT_ROWS = 1_000_000;
const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? DEFAULT_ROWS);
const TRACE_MS = Number(process.env.BENCH_EXPORT_TRACE_MS ?? 0);
const WARM_UP_ROWS = 2_000;
const GOAL_MB = 100;
const SEED_BATCH = 20_000;
const MB = 1024 * 1024;

const clock = new ManualClock('2026-11-27T00:00:00Z');

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** A tenant with an admin and `rows` entries in its event log (a hash chain as the app would leave it). */
async function seedTenant(db: Database, name: string, rows: number): Promise<{ tenantId: string; adminId: string }> {
  const tenant = await buildTenant(db, { name });
  const admin = await buildUser(db, tenant, { displayName: '管理 花子' });
  for (let from = 1; from <= rows; from += SEED_BATCH) {
    const to = Math.min(rows, from + SEED_BATCH - 1);
    await db.ownerTransaction((tx) =>
      tx.query(
        `INSERT INTO audit.tenant_events (tenant_id, id, seq, prev_hash, hash, occurred_at, actor_type, actor_id, actor_name, action,
           target_type, target_id, target_labels, result, ip, user_agent, request_id, details)
         SELECT $1, gen_random_uuid(), g, md5(g::text) || md5((g + 1)::text), md5((g + 1)::text) || md5(g::text),
                $2::timestamptz + g * interval '1 second', 'user', $3, '山田 太郎', 'process.order.updated',
                'order', 'PO-2026-' || lpad(g::text, 7, '0'), ARRAY['社外秘'], 'success', '203.0.113.7',
                'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'req-' || g, jsonb_build_object('lot', 'A-' || (g % 100), 'qty', g % 1000, 'line', '第2ライン')
           FROM generate_series($4::int, $5::int) g`,
        [tenant.id, '2026-01-01T00:00:00Z', admin.id, from, to],
      ),
    );
  }
  // The chain head follows the seeded entries, so the export's own events append after them.
  await db.ownerTransaction((tx) =>
    tx.query(
      `INSERT INTO audit.tenant_chain_heads (tenant_id, seq, prev_hash, hash, updated_at)
       SELECT tenant_id, seq, prev_hash, hash, occurred_at FROM audit.tenant_events WHERE tenant_id = $1 AND seq = $2`,
      [tenant.id, rows],
    ),
  );
  return { tenantId: tenant.id, adminId: admin.id };
}

/** Queues an export of the tenant and runs its job; returns the finished export's figures. */
async function exportTenant(deps: ExportJobDeps, tenant: { tenantId: string; adminId: string }): Promise<{ rows: number; bytes: number }> {
  const exportId = randomUUID();
  await withTenant(deps.db, tenant.tenantId, (tx) =>
    tx.query(
      `INSERT INTO platform.data_exports (tenant_id, id, requested_by, requested_by_name, lang, status, created_at) VALUES ($1, $2, $3, '管理 花子', 'ja', 'queued', $4)`,
      [tenant.tenantId, exportId, tenant.adminId, clock.now()],
    ),
  );
  await runExport(deps, { tenantId: tenant.tenantId, exportId, finalAttempt: true });
  const done = await withTenant(deps.db, tenant.tenantId, async (tx) =>
    (await tx.query<{ status: string; rows: number; bytes: number }>('SELECT status, rows_done::float8 AS rows, bytes::float8 AS bytes FROM platform.data_exports WHERE id = $1', [exportId])).rows[0]!,
  );
  if (done.status !== 'ready') throw new Error(`the export ended ${done.status}`);
  return done;
}

/** PostgreSQL when BENCH_DATABASE_URL is set; else PGlite on disk under `dataDir` (as the app runs it) or in memory. */
async function openDatabase(dataDir: string): Promise<{ db: Database; kind: string }> {
  if (process.env.BENCH_DATABASE_URL || process.env.BENCH_PGLITE_MEMORY === '1') {
    const opened = await benchDatabase();
    return { db: opened.db, kind: opened.kind === 'pglite' ? 'pglite in memory' : opened.kind };
  }
  const db = await PgliteDatabase.open(path.join(dataDir, 'db'));
  await migrate(db);
  return { db, kind: 'pglite' };
}

/** PGlite's WebAssembly memory (Postgres's own memory: shared buffers, caches, work areas), in bytes. */
function wasmBytes(db: Database): number | undefined {
  if (!(db instanceof PgliteDatabase)) return undefined;
  // `mod` (the Emscripten module) is a protected member of PGlite; read here for the figure only.
  const mod = (db.raw as unknown as { mod?: { HEAPU8?: Uint8Array } }).mod;
  return mod?.HEAPU8?.buffer.byteLength;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-export-bench-'));
  const { db, kind } = await openDatabase(dataDir);
  console.log(`export bench on ${kind}; ${machine()}`);
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, JOBS_ENABLED: 'false' });
  const deps: ExportJobDeps = {
    db,
    clock,
    logger: createLogger('silent'),
    registry: new ServiceRegistry(SERVICES),
    files: createFileStore(config.files),
    keys: masterKeyProvider(config.masterKeyFile),
    workRoot: path.join(dataDir, 'tmp', 'exports'),
    publicUrl: 'http://localhost:3000',
  };

  const seeding = performance.now();
  const large = await seedTenant(db, 'ベンチマーク化学株式会社', ROWS);
  const small = await seedTenant(db, '準備運転樹脂株式会社', WARM_UP_ROWS);
  // As autovacuum would have: hint bits set and the log checkpointed, so the export's reads do
  // not rewrite every page (in PGlite's in-memory files that would count as the export's memory).
  await db.ownerExec('VACUUM (ANALYZE) audit.tenant_events');
  await db.ownerExec('CHECKPOINT');
  console.log(`seeded ${ROWS.toLocaleString('en')} events in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  collect();
  const cold = process.memoryUsage().rss;
  await exportTenant(deps, small);

  collect();
  await new Promise((r) => setTimeout(r, 200));
  collect();
  const mb = (bytes: number) => (bytes / MB).toFixed(0);
  const wasmBefore = wasmBytes(db);
  const before = process.memoryUsage();
  let peak = before.rss;
  let peakHeap = before.heapUsed;
  let peakExternal = before.external;
  let peakArrayBuffers = before.arrayBuffers;
  // The samples also show whether the export gives the event loop a turn: a gap means it did not.
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakExternal = Math.max(peakExternal, m.external);
    peakArrayBuffers = Math.max(peakArrayBuffers, m.arrayBuffers);
  }, 50);
  const started = performance.now();
  const tracer =
    TRACE_MS > 0
      ? setInterval(() => {
          const m = process.memoryUsage();
          const at = ((performance.now() - started) / 1000).toFixed(0);
          console.log(`${at} s: RSS ${mb(m.rss)} MB, JS heap ${mb(m.heapUsed)} MB, outside the heap ${mb(m.external)} MB (array buffers ${mb(m.arrayBuffers)} MB)`);
        }, TRACE_MS)
      : undefined;
  const cpuBefore = process.cpuUsage();
  const done = await exportTenant(deps, large);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  clearInterval(tracer);

  const growth = (peak - before.rss) / MB;
  const verdict = growth < GOAL_MB ? 'PASS' : 'FAIL';
  const lines = [
    `export of ${done.rows.toLocaleString('en')} rows: ${seconds.toFixed(1)} s (${(done.rows / seconds).toFixed(0)} rows/s), zip ${(done.bytes / MB).toFixed(1)} MB; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
    `RSS baseline ${mb(before.rss)} MB (after a warm-up export), peak ${mb(peak)} MB, growth ${growth.toFixed(1)} MB (goal < ${GOAL_MB} MB) ${verdict}`,
    `for comparison, against the RSS before the warm-up (${mb(cold)} MB): growth ${((peak - cold) / MB).toFixed(1)} MB`,
    `JS heap ${mb(before.heapUsed)} MB before, peak ${mb(peakHeap)} MB; buffers outside the heap ${mb(before.external)} MB before, peak ${mb(peakExternal)} MB (array buffers ${mb(before.arrayBuffers)} MB before, peak ${mb(peakArrayBuffers)} MB)`,
  ];
  if (wasmBefore !== undefined) lines.push(`PGlite WebAssembly memory ${mb(wasmBefore)} MB before, ${mb(wasmBytes(db) ?? 0)} MB after`);
  for (const line of lines) console.log(line);
  if (ROWS === DEFAULT_ROWS) writeResults(kind, lines);
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}

/** Replaces this bench's section of bench/results.md (or appends it), leaving other sections alone. */
function writeResults(kind: string, lines: string[]): void {
  writeResultsSection(`export.bench ${kind}`, resultsBody(`Tenant export memory (bench/export.bench.ts, ${kind})`, lines));
}

await main();
