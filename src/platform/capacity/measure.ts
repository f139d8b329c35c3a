import { statfs } from 'node:fs/promises';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Clock } from '../../core/clock.js';
import { withTenant, withoutTenant, type Database } from '../../core/db/index.js';
import type { FileStore } from '../files/index.js';
import { jobQueueStats } from '../jobs/index.js';
import type { Metrics } from '../metrics/index.js';

/** The system-wide figures of one measurement; null where the figure is not available. */
export interface SystemFigures {
  dbSizeBytes: number | null;
  diskUsedPercent: number | null;
  diskFreeBytes: number | null;
  diskTotalBytes: number | null;
  /** Requests this node answered per minute since the last sample. */
  requestsPerMinute: number | null;
  /** Share of those answers that were 5xx; null below MIN_REQUESTS_FOR_ERROR_RATE requests. */
  errorRatePercent: number | null;
  jobsQueued: number;
  jobsRunning: number;
  jobsFailed: number;
  eventLoopLagMs: number | null;
  memoryRssBytes: number;
  heapUsedBytes: number;
}

/** Below this many requests in a window an error rate says nothing (one failure of three is not 33 % of traffic). */
export const MIN_REQUESTS_FOR_ERROR_RATE = 20;

async function metricTotal(metrics: Metrics, name: string, sampleName: string): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const data = await metric.get();
  // Histograms list their buckets, sum and count as values told apart by `metricName`.
  const values: readonly { value: number; metricName?: string }[] = data.values;
  return values.filter((v) => (v.metricName ?? name) === sampleName).reduce((sum, v) => sum + v.value, 0);
}

/**
 * This node's process figures: request and 5xx counts from the metrics module (rates
 * over the window since the last sample), event-loop delay (p99, perf_hooks) and memory.
 * One per app; `close()` stops the event-loop monitor.
 */
export class ProcessProbe {
  private readonly loop: IntervalHistogram;
  private window: { at: number; requests: number; errors: number } | undefined;

  constructor(
    private readonly metrics: Metrics,
    private readonly clock: Clock,
  ) {
    this.loop = monitorEventLoopDelay({ resolution: 20 });
    this.loop.enable();
  }

  private async totals(): Promise<{ requests: number; errors: number }> {
    return {
      requests: await metricTotal(this.metrics, 'http_request_duration_seconds', 'http_request_duration_seconds_count'),
      errors: await metricTotal(this.metrics, 'http_request_errors_total', 'http_request_errors_total'),
    };
  }

  /**
   * The figures since the last sample; `sample` starts a new window (the job does, a look
   * from the console does not).
   */
  async read(sample: boolean): Promise<Pick<SystemFigures, 'requestsPerMinute' | 'errorRatePercent' | 'eventLoopLagMs' | 'memoryRssBytes' | 'heapUsedBytes'>> {
    const now = this.clock.now().getTime();
    const totals = await this.totals();
    const since = this.window;
    let requestsPerMinute: number | null = null;
    let errorRatePercent: number | null = null;
    if (since && now > since.at) {
      const requests = Math.max(0, totals.requests - since.requests);
      const errors = Math.max(0, totals.errors - since.errors);
      requestsPerMinute = (requests * 60_000) / (now - since.at);
      errorRatePercent = requests >= MIN_REQUESTS_FOR_ERROR_RATE ? (errors * 100) / requests : null;
    }
    const lag = this.loop.count > 0 ? this.loop.percentile(99) / 1e6 : null;
    if (sample || !since) this.window = { at: now, ...totals };
    if (sample) this.loop.reset();
    const memory = process.memoryUsage();
    return { requestsPerMinute, errorRatePercent, eventLoopLagMs: lag, memoryRssBytes: memory.rss, heapUsedBytes: memory.heapUsed };
  }

  close(): void {
    this.loop.disable();
  }
}

/** Size of the filesystem holding `dir` and how full it is; nulls when it cannot be read. */
async function diskFigures(dir: string): Promise<Pick<SystemFigures, 'diskUsedPercent' | 'diskFreeBytes' | 'diskTotalBytes'>> {
  try {
    const fs = await statfs(dir);
    const used = (fs.blocks - fs.bfree) * fs.bsize;
    const free = fs.bavail * fs.bsize;
    return { diskUsedPercent: used + free > 0 ? (used * 100) / (used + free) : null, diskFreeBytes: free, diskTotalBytes: fs.blocks * fs.bsize };
  } catch {
    return { diskUsedPercent: null, diskFreeBytes: null, diskTotalBytes: null };
  }
}

/** The whole database's size on disk (PostgreSQL and PGlite alike). */
async function databaseSize(db: Database): Promise<number> {
  return withoutTenant(db, async (tx) => (await tx.query<{ bytes: number }>('SELECT pg_database_size(current_database())::float8 AS bytes')).rows[0]?.bytes ?? 0);
}

/** Every system figure now; `sample` starts the next rate window. */
export async function measureSystem(deps: { db: Database; probe: ProcessProbe; dataDir: string }, sample: boolean): Promise<SystemFigures> {
  const jobs = await jobQueueStats(deps.db);
  return {
    dbSizeBytes: await databaseSize(deps.db),
    ...(await diskFigures(deps.dataDir)),
    ...(await deps.probe.read(sample)),
    jobsQueued: jobs.queued,
    jobsRunning: jobs.running,
    jobsFailed: jobs.failed,
  };
}

/** Storage one tenant uses: its share of the database and its stored files. */
export interface TenantUsage {
  customerId: string;
  dbBytes: number;
  /** Null while the file store cannot be listed. */
  fileBytes: number | null;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The schemas that hold tenant data (tables with `tenant_id`). */
const TENANT_SCHEMAS = ['platform', 'process', 'catalog', 'survey', 'audit'];

async function fileBytesOf(files: FileStore, tenantId: string): Promise<number | null> {
  try {
    let bytes = 0;
    for await (const object of files.list(`tenant/${tenantId}/`)) bytes += object.bytes;
    return bytes;
  } catch {
    // A file store that cannot be listed (not configured, unreachable) leaves the figure unknown.
    return null;
  }
}

/**
 * Storage per tenant. Summing the size of every row is too slow, so each tenant table's
 * size on disk is shared out by the tenants' row counts (counted under each tenant's own
 * RLS context), and the tenant's stored files are added from the file store listing.
 */
export async function measureTenantStorage(db: Database, files: FileStore): Promise<TenantUsage[]> {
  const { tables, tenants } = await withoutTenant(db, async (tx) => ({
    tables: (
      await tx.query<{ schema: string; table: string; bytes: number }>(
        `SELECT n.nspname AS schema, c.relname AS table, pg_total_relation_size(c.oid)::float8 AS bytes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind = 'r' AND n.nspname = ANY($1::text[])
            AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
            AND has_table_privilege(c.oid, 'SELECT')
          ORDER BY 1, 2`,
        [TENANT_SCHEMAS],
      )
    ).rows,
    tenants: (await tx.query<{ id: string }>('SELECT id FROM ops.tenants ORDER BY id')).rows.map((r) => r.id),
  }));
  const counts = new Map<string, number[]>();
  const totals = tables.map(() => 0);
  if (tables.length > 0) {
    const select = tables.map((t, i) => `(SELECT count(*) FROM ${quoteIdent(t.schema)}.${quoteIdent(t.table)} WHERE tenant_id = $1)::float8 AS c${i}`).join(', ');
    for (const tenantId of tenants) {
      const row = await withTenant(db, tenantId, async (tx) => (await tx.query<Record<string, number>>(`SELECT ${select}`, [tenantId])).rows[0] ?? {});
      const perTable = tables.map((_, i) => Number(row[`c${i}`] ?? 0));
      perTable.forEach((n, i) => (totals[i] = (totals[i] ?? 0) + n));
      counts.set(tenantId, perTable);
    }
  }
  const usage: TenantUsage[] = [];
  for (const tenantId of tenants) {
    const perTable = counts.get(tenantId) ?? [];
    const dbBytes = tables.reduce((sum, t, i) => {
      const total = totals[i] ?? 0;
      return total > 0 ? sum + (t.bytes * (perTable[i] ?? 0)) / total : sum;
    }, 0);
    usage.push({ customerId: tenantId, dbBytes: Math.round(dbBytes), fileBytes: await fileBytesOf(files, tenantId) });
  }
  return usage;
}
