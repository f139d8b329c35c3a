import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/core/config.js';
import { createLogger } from '../src/core/logger.js';
import { migrate, PgliteDatabase, PostgresDatabase, type Database } from '../src/core/db/index.js';

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A deterministic pseudo-random sequence in [0, 1): the same data in every run of a bench. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Runs `fn` once and returns its value with the milliseconds it took. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** The machine, for the report header. */
/** CPU time used so far (ms): by this process (all its threads), and by the PostgreSQL server's processes on this machine. */
export interface CpuSnapshot {
  node: number;
  /** Undefined where /proc cannot be read (not Linux, or another user's server). */
  postgres: number | undefined;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

function postgresCpuMs(): number | undefined {
  let ticks = 0;
  let found = false;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (!stat.includes('(postgres)')) continue;
        // Fields after the command: state ppid … utime(14) stime(15) cutime cstime.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
        found = true;
      } catch {
        // The process ended between the listing and the read.
      }
    }
  } catch {
    return undefined;
  }
  return found ? (ticks * 1000) / USER_HZ : undefined;
}

export function cpuSnapshot(): CpuSnapshot {
  const u = process.cpuUsage();
  return { node: (u.user + u.system) / 1000, postgres: postgresCpuMs() };
}

/** CPU per operation between two snapshots, as "Node 2.9 + PostgreSQL 2.4 ms". */
export function cpuPer(before: CpuSnapshot, after: CpuSnapshot, operations: number): { node: number; postgres: number | undefined; text: string } {
  const node = (after.node - before.node) / Math.max(1, operations);
  // A server process that ends between the two readings takes its CPU time out of the sum: a
  // negative difference says so, and is not shown.
  const delta = before.postgres === undefined || after.postgres === undefined ? undefined : after.postgres - before.postgres;
  const postgres = delta === undefined || delta < 0 ? undefined : delta / Math.max(1, operations);
  return { node, postgres, text: `Node ${node.toFixed(2)}${postgres === undefined ? '' : ` + PostgreSQL ${postgres.toFixed(2)}`} ms` };
}

export function machine(): string {
  return `${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/**
 * Replaces the section `<!-- name -->` … `<!-- /name -->` of bench/results.md with `body`, or
 * appends it, leaving the other sections alone.
 */
export function writeResultsSection(name: string, body: string[]): void {
  const file = path.resolve('bench/results.md');
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const section = [start, ...body, end].join('\n');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const at = current.indexOf(start);
  const next =
    at >= 0 && current.indexOf(end, at) > at
      ? `${current.slice(0, at)}${section}${current.slice(current.indexOf(end, at) + end.length)}`
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

/** A bench's usual section: its heading, the date and the machine, then its figures as a list. */
export function resultsBody(title: string, lines: string[]): string[] {
  return [`## ${title}`, '', `${new Date().toISOString().slice(0, 10)} · ${machine()}`, '', ...lines.map((l) => `- ${l}`)];
}

/**
 * A database for a benchmark: with BENCH_DATABASE_URL, a new PostgreSQL database on that server
 * (see `runDatabase`), dropped when the bench closes it (kept with BENCH_KEEP_DATABASE=1), so no
 * bench leaves rows in a database it was pointed at; else an in-memory PGlite.
 */
export async function benchDatabase(prefix = 'sotas_bench'): Promise<{ db: Database; kind: string }> {
  const run = await runDatabase(prefix, { keep: process.env.BENCH_KEEP_DATABASE === '1', poolSize: Math.max(4, os.availableParallelism() * 4) });
  const close = run.db.close.bind(run.db);
  // The benches close their database at the end; the run's database goes with it.
  Object.assign(run.db, {
    close: async () => {
      await close();
      await run.drop();
    },
  });
  return { db: run.db, kind: run.kind };
}

/** A database of its own for one bench run, and how to get rid of it afterwards. */
export interface RunDatabase {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Drops the run's PostgreSQL database (nothing to do for PGlite); call after `db.close()`. */
  drop: () => Promise<void>;
  /** The run database's owner and application-role URLs (PostgreSQL only). */
  urls?: { owner: string; app: string };
}

/**
 * A database created for this run: with BENCH_DATABASE_URL, a new PostgreSQL database on that
 * server named `<prefix>_<random>`, migrated, and dropped by `drop()` (kept when `keep` is set,
 * with a note saying so); without it, an in-memory PGlite.
 */
export async function runDatabase(prefix: string, options: { keep?: boolean; poolSize?: number } = {}): Promise<RunDatabase> {
  const server = process.env.BENCH_DATABASE_URL;
  if (!server) {
    const db = await PgliteDatabase.open();
    await migrate(db);
    return { db, kind: 'pglite', drop: async () => undefined };
  }
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const owner = new URL(server);
  owner.pathname = `/${name}`;
  const app = new URL(owner);
  app.username = 'sotas_app';
  app.password = '';
  const db = new PostgresDatabase({ ownerUrl: owner.toString(), appUrl: app.toString(), poolSize: options.poolSize ?? 4 });
  await migrate(db);
  return {
    db,
    kind: 'postgres',
    urls: { owner: owner.toString(), app: app.toString() },
    async drop() {
      if (options.keep) {
        console.log(`kept database ${name} (BENCH_KEEP_DATABASE=1) for EXPLAIN ANALYZE; drop it when done`);
        return;
      }
      const dropper = new pg.Client({ connectionString: server });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * Runs one bench on a database of its own (see `runDatabase`) and prints its report: a
 * `## <title> (<file>, <kind>)` heading, the date and machine, then each line of `run` as a
 * list item. The database is closed and dropped even when the run fails.
 */
export async function runBench(
  report: { title: string; file: string; databasePrefix: string; keepDatabase?: boolean },
  run: (db: Database, kind: RunDatabase['kind']) => Promise<string[]>,
): Promise<void> {
  const { db, kind, drop } = await runDatabase(report.databasePrefix, { keep: report.keepDatabase ?? false });
  try {
    const lines = await run(db, kind);
    console.log(`## ${report.title} (${report.file}, ${kind})\n\n${new Date().toISOString().slice(0, 10)} · ${machine()}\n`);
    for (const line of lines) console.log(`- ${line}`);
  } finally {
    await db.close();
    await drop();
  }
}

/** The app serving on an ephemeral loopback port. */
export async function benchApp(db: Database): Promise<{ app: App; base: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-bench-'));
  // Behind a (simulated) proxy, so each load client has its own address for per-IP limits.
  const config = loadConfig({ LOG_LEVEL: 'silent', PORT: '0', METRICS_PORT: '0', DATA_DIR: dataDir, JOBS_ENABLED: 'false', TRUST_PROXY: 'true' });
  const app = await createApp({ config, db, logger: createLogger('silent') });
  const { http } = await app.listen();
  return { app, base: http };
}

/** Distinct client addresses (10.x.y.z), one per call: a crowd of users behind the proxy. */
export function addressSequence(): () => string {
  let n = 0;
  return () => {
    n++;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };
}

/** A cookie-keeping HTTP client with the CSRF header, for load loops. */
export class BenchClient {
  private cookies = new Map<string, string>();
  /** `forwardedFor` makes requests look like users behind the proxy (per-IP limits); a function gives each request its own. */
  constructor(private readonly base: string, private readonly forwardedFor?: string | (() => string)) {}

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }

  /** The Cookie header this client sends (session and CSRF cookies), for load generators. */
  cookieHeader(): string {
    return this.header();
  }

  /** The CSRF token to send in `x-csrf-token` with state-changing requests. */
  csrfToken(): string {
    return this.cookies.get('sotas_csrf') ?? '';
  }

  async request(method: string, url: string, body?: unknown): Promise<Response> {
    if (method !== 'GET' && !this.cookies.has('sotas_csrf')) this.keep(await fetch(`${this.base}/api/csrf`));
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers: {
        cookie: this.header(),
        ...(this.forwardedFor ? { 'x-forwarded-for': typeof this.forwardedFor === 'function' ? this.forwardedFor() : this.forwardedFor } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' ? { 'x-csrf-token': this.cookies.get('sotas_csrf') ?? '' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    this.keep(res);
    await res.arrayBuffer();
    return res;
  }
}

/** Runs `fn` from `concurrency` loops until `ms` have passed; returns the count and latencies. */
export async function loadFor(ms: number, concurrency: number, fn: (worker: number) => Promise<void>): Promise<{ count: number; latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < end) {
        const t = performance.now();
        await fn(worker);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { count: latencies.length, latencies, seconds: (performance.now() - start) / 1000 };
}
