import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../../src/core/clock.js';
import { APP_DB_ROLE } from '../../../src/core/config.js';
import { PostgresDatabase, withTenant, type Database } from '../../../src/core/db/index.js';
import { createSession } from '../../../src/platform/identity/index.js';
import { freePort } from '../../support/net.js';

/**
 * Real processes for fault tests: a private PostgreSQL cluster (its own data directory and
 * port, so it can be stopped without touching any other server) and the app started as a
 * child process with `sotas serve`, exactly as an operator starts it.
 */

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const SESSION_POLICY = { idleMinutes: 30, absoluteHours: 12 };

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}


export function tempDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `sotas-faults-${label}-`));
}

/** initdb refuses to run as root; the cluster then belongs to the `postgres` system user. */
function asPostgres(args: string[]): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
}

function run(args: string[]): void {
  const [cmd, ...rest] = args;
  const result = spawnSync(cmd!, rest, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
}

export class PgCluster {
  private constructor(readonly dir: string, readonly port: number) {}

  static async create(): Promise<PgCluster> {
    const dir = tempDir('pg');
    if (process.getuid?.() === 0) chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), 0);
    run(asPostgres([`${PG_BIN}/initdb`, '-D', path.join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync']));
    const cluster = new PgCluster(dir, await freePort());
    cluster.start();
    return cluster;
  }

  get ownerUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  get appUrl(): string {
    return `postgres://${APP_DB_ROLE}@127.0.0.1:${this.port}/postgres`;
  }

  start(): void {
    run(asPostgres([`${PG_BIN}/pg_ctl`, '-D', path.join(this.dir, 'data'), '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, '-l', path.join(this.dir, 'log'), '-w', 'start']));
  }

  /** `immediate` is a crash of the database server: no checkpoint, recovery from WAL on start. */
  stop(mode: 'fast' | 'immediate'): void {
    run(asPostgres([`${PG_BIN}/pg_ctl`, '-D', path.join(this.dir, 'data'), '-m', mode, '-w', 'stop']));
  }

  /** Owner and app-role pools on the cluster, for seeding and checking rows. */
  open(): Database {
    return new PostgresDatabase({ ownerUrl: this.ownerUrl, appUrl: this.appUrl, poolSize: 2 });
  }

  destroy(): void {
    spawnSync(asPostgres([`${PG_BIN}/pg_ctl`, '-D', path.join(this.dir, 'data'), '-m', 'immediate', 'stop'])[0]!, asPostgres([`${PG_BIN}/pg_ctl`, '-D', path.join(this.dir, 'data'), '-m', 'immediate', 'stop']).slice(1));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface ServerOptions {
  databaseUrl: string;
  dataDir: string;
  env?: Record<string, string>;
  /** Wraps the command, e.g. to start it in a private mount namespace. */
  wrap?: (command: string[]) => string[];
}

/** `sotas serve` as a child process on free ports; resolves once it answers HTTP. */
export class ServerProcess {
  private output = '';
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess, readonly port: number) {
    child.stdout?.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** What the process printed (for failure messages), one-time setup links blanked out. */
  log(): string {
    return this.output.replace(/\/setup\/staff\/[A-Za-z0-9_-]+/g, '/setup/staff/[redacted]').slice(-4000);
  }

  static async start(options: ServerOptions): Promise<ServerProcess> {
    const port = await freePort();
    const metricsPort = await freePort();
    const command = options.wrap ? options.wrap([process.execPath, '--import', 'tsx', 'src/cli.ts', 'serve']) : [process.execPath, '--import', 'tsx', 'src/cli.ts', 'serve'];
    const child = spawn(command[0]!, command.slice(1), {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        NODE_ENV: 'production',
        DATABASE_URL: options.databaseUrl,
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        DATA_DIR: options.dataDir,
        BACKUP_ENABLED: 'false',
        JOBS_ENABLED: 'false',
        LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, port);
    const deadline = Date.now() + 90_000;
    let exitCode: number | null | undefined;
    void server.exited.then((code) => {
      exitCode = code;
    });
    for (;;) {
      if (exitCode !== undefined) throw new Error(`the server exited (${exitCode}) before answering:\n${server.log()}`);
      if (Date.now() > deadline) {
        server.kill('SIGKILL');
        throw new Error(`the server did not answer within 90 s:\n${server.log()}`);
      }
      try {
        const res = await fetch(`${server.baseUrl}/api/csrf`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return server;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  async stop(): Promise<void> {
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export interface Answer {
  status: number;
  /** -1 when no answer came (connection refused or reset, or the client gave up). */
  body: unknown;
  ms: number;
  error?: string;
}

/** A signed-in browser over real HTTP: session cookie, CSRF double-submit, a language. */
export class HttpUser {
  private readonly csrf = 'faults' + 'x'.repeat(30);
  constructor(public baseUrl: string, public session: string, readonly lang: 'ja' | 'en' = 'ja') {}

  async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, options: { timeoutMs?: number; headers?: Record<string, string>; raw?: Buffer } = {}): Promise<Answer> {
    const started = performance.now();
    try {
      const res = await fetch(`${this.baseUrl}${url}`, {
        method,
        headers: {
          'accept-language': this.lang,
          cookie: `sotas_session=${this.session}; sotas_csrf=${this.csrf}`,
          ...(method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        ...(options.raw ? { body: new Uint8Array(options.raw) } : body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON (a download)
      }
      return { status: res.status, body: parsed, ms: performance.now() - started };
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      return { status: -1, body: undefined, ms: performance.now() - started, error: e.cause?.code ?? e.name };
    }
  }
}

/** A fresh session for a user, made on the database as sign-in would (no password round trip). */
export async function sessionFor(db: Database, user: { id: string; tenantId: string }): Promise<string> {
  const session = await withTenant(db, user.tenantId, (tx) => createSession(tx, systemClock, SESSION_POLICY, { tenantId: user.tenantId, userId: user.id }));
  return session.cookieValue;
}

/** Runs a CLI command of the app (e.g. verify-audit) against the cluster; resolves with code and output. */
export async function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', BACKUP_ENABLED: 'false', JOBS_ENABLED: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** Figures for the log, one line each, so a run can be quoted. */
export function report(title: string, figures: Record<string, string | number>): void {
  console.log(`\n[faults] ${title}\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
}
