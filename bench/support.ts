import os from 'node:os';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
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

/** The machine, for the report header. */
export function machine(): string {
  return `${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/**
 * A database for a benchmark: PostgreSQL when BENCH_DATABASE_URL names a server database
 * the user may use as owner (the app role is derived), else an in-memory PGlite.
 */
export async function benchDatabase(): Promise<{ db: Database; kind: string }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const db = await PgliteDatabase.open();
    await migrate(db);
    return { db, kind: 'pglite' };
  }
  const app = new URL(url);
  app.username = 'sotas_app';
  app.password = '';
  const db = new PostgresDatabase({ ownerUrl: url, appUrl: app.toString(), poolSize: Math.max(4, os.availableParallelism() * 4) });
  await migrate(db);
  return { db, kind: 'postgres' };
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
