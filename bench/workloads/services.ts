/**
 * Workload 6, the service benches: each existing bench file runs as a child process (with
 * small sizes when BENCH_QUICK=1) on a database created for it, and its printed goal lines
 * become rows of the table. In quick mode the children run in a scratch directory with a copy
 * of bench/results.md, so their small-size figures do not replace the full-size sections of
 * the real file; a full run lets the benches that write their own section do so.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type { Row } from './common.js';

interface ServiceBench {
  name: string;
  file: string;
  /** Environment of a quick run (small sizes). */
  quick: Record<string, string>;
  /** Printed lines that carry the figures. */
  keep: RegExp;
  gc?: boolean;
  /** Runs on PGlite whatever the server (no BENCH_DATABASE_URL). */
  pglite?: boolean;
}

export const SERVICE_BENCHES: readonly ServiceBench[] = [
  { name: 'scheduling / Gantt', file: 'bench/scheduling.bench.ts', quick: { BENCH_GANTT_REQUESTS: '30' }, keep: /goal/ },
  { name: 'catalog search', file: 'bench/catalogSearch.bench.ts', quick: { BENCH_PRODUCTS: '3000', BENCH_QUERIES: '30' }, keep: /goal/ },
  { name: 'survey check', file: 'bench/surveyCheck.bench.ts', quick: { BENCH_PRODUCTS: '500' }, keep: /goal/ },
  { name: 'export', file: 'bench/export.bench.ts', quick: { BENCH_EXPORT_ROWS: '10000' }, keep: /goal|rows\/s/, gc: true },
  { name: 'backup (PGlite)', file: 'bench/backup.bench.ts', quick: { BENCH_BACKUP_MB: '16' }, keep: /goal|restore drill/, pglite: true },
  { name: 'audit write + verify', file: 'bench/audit.bench.ts', quick: { BENCH_SECONDS: '0.5', BENCH_VERIFY_EVENTS: '20000' }, keep: /goal/ },
];

/** The `- ` lines of a bench's own section of a results file, when the run wrote one that differs from `before`. */
function sectionLines(file: string, bench: ServiceBench, before: string): string[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const marker = `<!-- ${path.basename(bench.file, '.ts')} `;
  const at = text.indexOf(marker);
  if (at < 0) return [];
  const end = text.indexOf('<!-- /', at);
  const section = text.slice(at, end > at ? end : undefined);
  if (before.includes(section)) return [];
  return section.split('\n').filter((l) => l.startsWith('- ') && bench.keep.test(l));
}

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<{ code: number | null; out: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => {
      out += `\n(stopped after ${timeoutMs / 1000} s)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: performance.now() - started });
    });
  });
}

async function withDatabase<T>(server: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `sotas_bench_child_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    const dropper = new pg.Client({ connectionString: server });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  }
}

const short = (line: string) => {
  const text = line.replace(/^-\s*/, '').replace(/\|/g, '/');
  return text.length > 260 ? `${text.slice(0, 257)}…` : text;
};

export async function serviceBenches(options: { server: string; quick: boolean; parallel: number; only?: string[]; log: (line: string) => void }): Promise<Row[]> {
  const repo = process.cwd();
  const loader = pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href;
  const scratch = options.quick ? mkdtempSync(path.join(os.tmpdir(), 'sotas-bench-services-')) : repo;
  if (options.quick) {
    mkdirSync(path.join(scratch, 'bench'), { recursive: true });
    copyFileSync(path.resolve('bench/results.md'), path.join(scratch, 'bench/results.md'));
  }
  const results = new Map<ServiceBench, Row[]>();
  const benches = SERVICE_BENCHES.filter((bench) => !options.only || options.only.some((o) => bench.file.includes(o)));
  const one = async (bench: ServiceBench): Promise<Row[]> => {
    const args = [...(bench.gc ? ['--expose-gc'] : []), '--import', loader, path.join(repo, bench.file)];
    const go = async (url: string | undefined) => {
      const env: NodeJS.ProcessEnv = { ...process.env, ...(options.quick ? bench.quick : {}) };
      delete env.BENCH_DATABASE_URL;
      delete env.BENCH_KEEP_DATABASE;
      if (url) env.BENCH_DATABASE_URL = url;
      return run(args, env, scratch, options.quick ? 240_000 : 3_600_000);
    };
    const before = readFileSync(path.join(scratch, 'bench/results.md'), 'utf8');
    const result = bench.pglite ? await go(undefined) : await withDatabase(options.server, go);
    options.log(`  ${bench.file}: exit ${result.code} in ${(result.ms / 1000).toFixed(1)} s`);
    const written = sectionLines(path.join(scratch, 'bench/results.md'), bench, before);
    const lines = written.length > 0 ? written : result.out.split('\n').filter((l) => bench.keep.test(l));
    if (result.code !== 0 || lines.length === 0) {
      return [{
        workload: `6. ${bench.name} (${bench.file})`,
        throughput: short(`exit ${result.code}: ${result.out.trim().split('\n').slice(-3).join(' ')}`),
        latency: '', baseline: '', ratio: '', goal: '', result: 'error',
      }];
    }
    return lines.map((line) => ({
      workload: `6. ${bench.name}`,
      throughput: short(line),
      latency: '',
      baseline: '',
      ratio: '',
      goal: /goal[^)]*/.exec(line)?.[0] ?? '',
      result: /\bFAIL\b/.test(line) ? 'MISS' : /\bPASS\b/.test(line) ? 'PASS' : 'info',
    }));
  };
  try {
    const queue = [...benches];
    await Promise.all(
      Array.from({ length: Math.max(1, options.parallel) }, async () => {
        for (let bench = queue.shift(); bench; bench = queue.shift()) results.set(bench, await one(bench));
      }),
    );
  } finally {
    if (options.quick) rmSync(scratch, { recursive: true, force: true });
  }
  return benches.flatMap((bench) => results.get(bench) ?? []);
}
