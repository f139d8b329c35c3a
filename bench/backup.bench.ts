/**
 * Backup cost on the embedded database (12.3.1: a backup every five minutes).
 * Run: `npx tsx bench/backup.bench.ts` (BENCH_BACKUP_MB sets the dataset size, default 1024).
 *
 * Builds a PGlite database of about BENCH_BACKUP_MB on disk (orders with ~1 KB of text each),
 * takes a full backup into the encrypted chunk store, then changes 1% of the rows two ways and
 * takes an incremental backup after each: 1% in one range of ids (recent orders being worked
 * on, the usual pattern) and 1% spread evenly over the whole table (the worst case for page
 * level deduplication: most pages change). Reports durations, bytes added and the ratio of an
 * incremental backup's duration to the five-minute interval (goal < 10%), then a restore
 * drill's duration. Writes its section of bench/results.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config.js';
import { migrate, PgliteDatabase } from '../src/core/db/index.js';
import { restoreDrill, runBackup, type BackupDeps } from '../src/platform/backup/index.js';
import { masterKeyProvider } from '../src/platform/keys/index.js';
import { resultsBody, writeResultsSection } from './support.js';

const TARGET_MB = Number(process.env.BENCH_BACKUP_MB ?? 1024);
const INTERVAL_MS = 5 * 60_000;
const GOAL_RATIO = 0.1;
const MB = 1024 * 1024;
const BATCH_ROWS = 50_000;

async function databaseBytes(db: PgliteDatabase): Promise<number> {
  return db.ownerTransaction(async (tx) => Number((await tx.query<{ n: string }>('SELECT pg_database_size(current_database())::text AS n')).rows[0]!.n));
}

const mb = (bytes: number) => `${(bytes / MB).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-bench-backup-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir });
  if (config.database.kind !== 'pglite') throw new Error('the backup bench runs on the embedded database');
  const db = await PgliteDatabase.open(config.database.dataDir);
  await migrate(db);
  const deps: BackupDeps = { config, db, clock: systemClock, keys: masterKeyProvider(config.masterKeyFile) };
  let peakRss = 0;
  const loads: number[] = [];
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (loads.length < 100_000) loads.push(os.loadavg()[0]!);
  }, 100);

  // The dataset: orders with a kilobyte of text (compressible like real business text).
  await db.ownerExec(`CREATE TABLE public.bench_orders (id bigint PRIMARY KEY, tenant int NOT NULL, status text NOT NULL, note text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
  let rows = 0;
  const built = performance.now();
  while ((await databaseBytes(db)) < TARGET_MB * MB) {
    await db.ownerExec(
      `INSERT INTO public.bench_orders (id, tenant, status, note)
       SELECT g, g % 97, 'open', repeat(md5(g::text) || ' 受注明細 lot ' || g || ' ', 12)
         FROM generate_series(${rows + 1}, ${rows + BATCH_ROWS}) g`,
    );
    rows += BATCH_ROWS;
  }
  await db.ownerExec('VACUUM ANALYZE public.bench_orders');
  const size = await databaseBytes(db);
  const buildMs = performance.now() - built;
  console.log(`dataset: ${rows.toLocaleString('en-US')} rows, ${mb(size)} in ${sec(buildMs)}`);

  /** Takes a backup while a probe runs a one-row query every 50 ms, to see how long queries wait. */
  const backup = async (label: string) => {
    let probing = true;
    let longestWait = 0;
    const probe = (async () => {
      while (probing) {
        const t = performance.now();
        await db.transaction((tx) => tx.query('SELECT 1'));
        longestWait = Math.max(longestWait, performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const started = performance.now();
    const { header } = await runBackup(deps, 'cli');
    const ms = performance.now() - started;
    probing = false;
    await probe;
    console.log(`${label}: ${sec(ms)}, image ${mb(header!.totalBytes)}, added ${mb(header!.bytesAdded)} (${header!.newChunkCount}/${header!.chunkCount} chunks new), longest query wait ${sec(longestWait)}`);
    return { ms, header: header!, longestWait };
  };
  const full = await backup('full backup');

  const onePercent = Math.round(rows / 100);
  const start = Math.floor(rows / 2);
  await db.ownerExec(`UPDATE public.bench_orders SET status = 'shipped', updated_at = now() WHERE id BETWEEN ${start} AND ${start + onePercent - 1}`);
  const clustered = await backup('incremental, 1% of rows in one id range');

  await db.ownerExec(`UPDATE public.bench_orders SET status = 'invoiced', updated_at = now() WHERE id % 100 = 37`);
  const spread = await backup('incremental, 1% of rows spread over the table');

  const drillStarted = performance.now();
  const drill = await restoreDrill(deps);
  const drillMs = performance.now() - drillStarted;
  if (!drill.ok) throw new Error(`the restore drill failed: ${drill.problems.join('; ')}`);
  console.log(`restore drill: ${sec(drillMs)}`);
  clearInterval(sampler);

  const ratio = (ms: number) => ms / INTERVAL_MS;
  const verdict = (ms: number) => (ratio(ms) < GOAL_RATIO ? 'PASS' : 'FAIL');
  const lines = [
    `dataset: ${rows.toLocaleString('en-US')} rows, database ${mb(size)} on disk (built in ${sec(buildMs)})`,
    `full backup: ${sec(full.ms)}; image ${mb(full.header.totalBytes)}, stored ${mb(full.header.bytesAdded)} (compressed, encrypted; ${full.header.chunkCount} chunks)`,
    `incremental after 1% of rows changed in one id range: ${sec(clustered.ms)}, added ${mb(clustered.header.bytesAdded)} (${clustered.header.newChunkCount} of ${clustered.header.chunkCount} chunks new); ${(ratio(clustered.ms) * 100).toFixed(1)}% of the 5-minute interval (goal < 10%) ${verdict(clustered.ms)}; queries waited at most ${sec(clustered.longestWait)} (the database is locked while its files are read)`,
    `incremental after 1% of rows changed spread over the table (every page touched): ${sec(spread.ms)}, added ${mb(spread.header.bytesAdded)} (${spread.header.newChunkCount} of ${spread.header.chunkCount} chunks new); ${(ratio(spread.ms) * 100).toFixed(1)}% of the interval ${verdict(spread.ms)}`,
    `restore drill of the newest backup (restore into a scratch directory, open, verify audit chains): ${sec(drillMs)}`,
    `peak RSS during the run: ${mb(peakRss)}; mean 1-minute load average ${(loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length)).toFixed(1)} on ${os.availableParallelism()} cores (other work on the machine slows every figure)`,
  ];
  writeResults(lines);
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}

/** Replaces this bench's section of bench/results.md (or appends it), leaving other sections alone. */
function writeResults(lines: string[]): void {
  writeResultsSection('backup.bench pglite', resultsBody('Backups on the embedded database (bench/backup.bench.ts, pglite)', lines));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
