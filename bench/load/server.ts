/**
 * The app under load: a database of its own on a PostgreSQL server, seeded with tenants and
 * users, and the app started from its command line as a separate process, whose resident
 * memory is read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate, PostgresDatabase } from '../../src/core/db/index.js';
import { buildTenant, buildUser } from '../../test/support/factories.js';
import { freePort } from '../../test/support/net.js';

export interface SeededUser {
  tenantCode: string;
  tenantName: string;
  email: string;
  password: string;
}

export interface LoadDatabase {
  name: string;
  /** Owner URL of the run's database (what DATABASE_URL is set to). */
  url: string;
  drop(): Promise<void>;
}

/** Creates `sotas_load_<random>` on the server, migrates it, and says how to drop it. */
export async function createLoadDatabase(serverUrl: string, keep: boolean): Promise<LoadDatabase> {
  const name = `sotas_load_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const owner = new URL(serverUrl);
  owner.pathname = `/${name}`;
  return {
    name,
    url: owner.toString(),
    async drop() {
      if (keep) {
        console.log(`kept database ${name} (LOAD_KEEP_DATABASE=1); drop it when done`);
        return;
      }
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * Migrates the database and seeds `tenants` tenants (all three services contracted) with
 * `usersPerTenant` users each, every one admin of process, catalog and survey.
 */
export async function seedUsers(url: string, tenants: number, usersPerTenant: number): Promise<SeededUser[]> {
  const appUrl = new URL(url);
  appUrl.username = 'sotas_app';
  appUrl.password = '';
  const db = new PostgresDatabase({ ownerUrl: url, appUrl: appUrl.toString(), poolSize: 4 });
  try {
    await migrate(db);
    const users: SeededUser[] = [];
    for (let t = 0; t < tenants; t++) {
      const tenant = await buildTenant(db, { code: `LOAD${String(t + 1).padStart(2, '0')}`, name: `負荷試験化学株式会社 ${t + 1}` });
      for (let u = 0; u < usersPerTenant; u++) {
        const user = await buildUser(db, tenant, {
          email: `load${u + 1}@load${t + 1}.example`,
          password: 'Load#Bench-2026',
          displayName: `負荷 利用者${u + 1}`,
          memberships: [
            { service: 'process', role: 'admin' },
            { service: 'catalog', role: 'admin' },
            { service: 'survey', role: 'org_admin' },
          ],
        });
        users.push({ tenantCode: tenant.code, tenantName: tenant.name, email: user.email, password: user.password });
      }
    }
    return users;
  } finally {
    await db.close();
  }
}


/** The newest modification time of the files under `dir`, in ms. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * How to start the app: the built `dist/cli.js` when it is at least as new as every file of
 * src/ (LOAD_SERVER=dist or tsx forces one), else the sources through tsx.
 */
export function serverCommand(root: string, choice: string | undefined): { args: string[]; label: string } {
  const built = path.join(root, 'dist', 'cli.js');
  const fresh = existsSync(built) && statSync(built).mtimeMs >= newestMtime(path.join(root, 'src'));
  const useDist = choice === 'dist' || (choice !== 'tsx' && fresh);
  return useDist ? { args: [built, 'serve'], label: 'node dist/cli.js serve' } : { args: ['--import', 'tsx', path.join(root, 'src', 'cli.ts'), 'serve'], label: 'node --import tsx src/cli.ts serve' };
}

export interface ServerLogSummary {
  /** Log lines at level error or fatal. */
  errors: number;
  warnings: number;
  /** The messages of the first error lines (at most 10). */
  firstErrors: string[];
}

/** One full (Mark-Compact) collection of the server's main JS heap, from `--trace-gc`. */
export interface FullGc {
  /** When, in ms of performance.now() of this process (the child's clock shifted by its start). */
  at: number;
  /** The heap after the collection, in MB: what was still live. */
  afterMb: number;
}

export interface RunningServer {
  pid: number;
  /** The full collections of the main isolate so far (empty without traceGc). */
  fullGcs(): FullGc[];
  base: string;
  logFile: string;
  dataDir: string;
  /** Resident memory of the server process in bytes (VmRSS), or undefined once it has exited. */
  rss(): number | undefined;
  exited(): boolean;
  /** SIGTERM, then SIGKILL after 20 s; resolves with the exit code. */
  stop(): Promise<number | null>;
  logSummary(): ServerLogSummary;
}

/** Starts the app as a child process and waits for its "serving" line. */
export async function startServer(options: { root: string; databaseUrl: string; command: string[]; logLevel: string; backup: boolean; traceGc: boolean; env?: Record<string, string> }): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-load-'));
  const port = await freePort();
  const metricsPort = await freePort();
  const logFile = path.join(dataDir, 'server.log');
  const log = createWriteStream(logFile);
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...(options.traceGc ? ['--trace-gc'] : []), ...options.command], {
    cwd: options.root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: 'production',
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      DATA_DIR: dataDir,
      JOBS_ENABLED: 'true',
      BACKUP_ENABLED: options.backup ? 'true' : 'false',
      LOG_LEVEL: options.logLevel,
      TRUST_PROXY: 'true',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const base = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the app did not start within 120 s; see ${logFile}`)), 120_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes('Sotas is serving on')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code} before serving; see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`));
    });
  });
  const pid = child.pid ?? 0;
  return {
    pid,
    base,
    logFile,
    dataDir,
    rss() {
      if (exitCode !== undefined) return undefined;
      try {
        const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return match ? Number(match[1]) * 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    exited: () => exitCode !== undefined,
    fullGcs() {
      // `[pid:0xISOLATE]   12345 ms: Mark-Compact 54.5 (85.2) -> 8.9 (41.9) MB, …`; the main
      // isolate is the one with the most lines (a loader thread has its own).
      const byIsolate = new Map<string, FullGc[]>();
      const counts = new Map<string, number>();
      for (const line of readFileSync(logFile, 'utf8').split('\n')) {
        const m = /^\[\d+:(0x[0-9a-f]+)\]\s+(\d+) ms: (\S+) [\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/.exec(line);
        if (!m) continue;
        const isolate = m[1]!;
        counts.set(isolate, (counts.get(isolate) ?? 0) + 1);
        if (m[3] !== 'Mark-Compact') continue;
        let list = byIsolate.get(isolate);
        if (!list) byIsolate.set(isolate, (list = []));
        list.push({ at: spawnedAt + Number(m[2]), afterMb: Number(m[4]) });
      }
      const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
      return main ? (byIsolate.get(main) ?? []) : [];
    },
    async stop() {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      await new Promise<void>((resolve) => log.end(resolve));
      return code;
    },
    logSummary() {
      const summary: ServerLogSummary = { errors: 0, warnings: 0, firstErrors: [] };
      for (const line of readFileSync(logFile, 'utf8').split('\n')) {
        if (!line.startsWith('{')) continue;
        let entry: { level?: unknown; msg?: unknown; err?: { message?: unknown } };
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          continue;
        }
        const level = typeof entry.level === 'number' ? entry.level : 0;
        if (level >= 50) {
          summary.errors++;
          if (summary.firstErrors.length < 10) summary.firstErrors.push(`${String(entry.msg ?? '')}${entry.err?.message ? `: ${String(entry.err.message)}` : ''}`.slice(0, 300));
        } else if (level >= 40) summary.warnings++;
      }
      return summary;
    },
  };
}
