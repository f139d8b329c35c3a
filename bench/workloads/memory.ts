/**
 * Workload 5, memory of one app node: `node dist/cli.js serve` (or `node --import tsx
 * src/cli.ts serve` when there is no build) as a child process on the run's database; its
 * resident memory (VmRSS of the child, not of this process) idle after start-up, then its peak
 * under the read workload (closed loop, sampled every 100 ms). Goals: < 200 MB idle, < 400 MB
 * under load.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { httpLoad, signIn, verdict, type BenchContext, type HttpRequestSpec, type Row } from './common.js';
import { READ_PATH } from './read.js';
import { freePort } from '../../test/support/net.js';

const MB = 1024 * 1024;


/** Resident memory of a process in bytes (Linux /proc). */
function rss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : Number.NaN;
}

async function waitReady(base: string, child: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}): ${output().slice(-2000)}`);
    try {
      const res = await fetch(`${base}/api/csrf`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app did not answer within 120 s: ${output().slice(-2000)}`);
}

/**
 * The server as it runs in production, plain JavaScript: dist/cli.js when built, else src/
 * transpiled with esbuild (a few seconds, no type check) into a scratch copy of the layout
 * (dist/, db/ and node_modules/ linked, package.json), so no loader sits in the measured process.
 */
async function serverEntry(): Promise<{ args: string[]; cwd: string; how: string; cleanup: () => void }> {
  if (existsSync(path.resolve('dist/cli.js'))) return { args: ['dist/cli.js', 'serve'], cwd: process.cwd(), how: 'node dist/cli.js serve', cleanup: () => undefined };
  const root = mkdtempSync(path.join(os.tmpdir(), 'sotas-bench-build-'));
  try {
    const src = path.resolve('src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => path.join(src, f));
    await build({ entryPoints: files, outdir: path.join(root, 'dist'), outbase: src, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
    copyFileSync(path.resolve('package.json'), path.join(root, 'package.json'));
    symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'));
    symlinkSync(path.resolve('db'), path.join(root, 'db'));
    return { args: ['dist/cli.js', 'serve'], cwd: root, how: 'node dist/cli.js serve, src transpiled by esbuild', cleanup: () => rmSync(root, { recursive: true, force: true }) };
  } catch {
    rmSync(root, { recursive: true, force: true });
    return { args: ['--import', 'tsx', 'src/cli.ts', 'serve'], cwd: process.cwd(), how: 'node --import tsx src/cli.ts serve', cleanup: () => undefined };
  }
}

export async function memoryWorkload(ctx: BenchContext): Promise<Row[]> {
  const entry = await serverEntry();
  const { args } = entry;
  const [port, metricsPort] = [await freePort(), await freePort()];
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    DATABASE_URL: ctx.urls.owner,
    DATABASE_APP_URL: ctx.urls.app,
    DATABASE_POOL_SIZE: String(ctx.poolSize),
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'sotas-bench-node-')),
    TRUST_PROXY: 'true',
    LOG_LEVEL: 'warn',
    // Background jobs and backups off: the figure is the serving node's own.
    JOBS_ENABLED: 'false',
    BACKUP_ENABLED: 'false',
  };
  let output = '';
  const child = spawn(process.execPath, args, { env, cwd: entry.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(base, child, () => output);
    await new Promise((r) => setTimeout(r, 3000));
    const idle = rss(child.pid!);
    const clients = await signIn(base, ctx.tenants, ctx.concurrency, ctx.password);
    const specs: HttpRequestSpec[] = clients.map((c) => ({ method: 'GET', path: READ_PATH, headers: { cookie: c.cookieHeader() } }));
    let peak = rss(child.pid!);
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rss(child.pid!));
      } catch {
        // the child is gone; the load below reports the errors
      }
    }, 100);
    const load = await httpLoad({ base, specs, seconds: Math.max(ctx.seconds, 5), concurrency: ctx.concurrency, expect: 200 });
    clearInterval(sampler);
    const after = rss(child.pid!);
    if (load.errors) ctx.log(`  memory: ${load.errors} failed requests, first: ${load.firstError}`);
    const how = entry.how;
    return [
      {
        workload: `5. memory: RSS of one idle app node (${how})`,
        throughput: '',
        latency: '',
        baseline: '',
        ratio: `${(idle / MB).toFixed(0)} MB`,
        goal: '< 200 MB',
        result: verdict(idle < 200 * MB),
      },
      {
        workload: `5b. memory: peak RSS of that node under the read workload (${ctx.concurrency} clients)`,
        throughput: `${(load.count / load.seconds).toFixed(0)} req/s${load.errors ? ` (${load.errors} errors)` : ''}`,
        latency: '',
        baseline: '',
        ratio: `${(peak / MB).toFixed(0)} MB (after: ${(after / MB).toFixed(0)} MB)`,
        goal: '< 400 MB',
        result: load.errors ? 'error' : verdict(peak < 400 * MB),
      },
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => {
      if (child.exitCode !== null) r(undefined);
      else {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          r(undefined);
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(t);
          r(undefined);
        });
      }
    });
    entry.cleanup();
    rmSync(env.DATA_DIR, { recursive: true, force: true });
  }
}
