/**
 * Shared pieces of the `npm run bench` workloads: the report row, the run's context, latency
 * summaries, a pg pool on a URL, and an HTTP load generator that runs in a worker thread (its
 * own event loop, so the app being measured does not also carry the client's work).
 */
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { Database } from '../../src/core/db/index.js';
import { BenchClient, percentile } from '../support.js';
import type { SeededTenant } from '../seed.js';

/** One line of the results table. */
export interface Row {
  workload: string;
  throughput: string;
  latency: string;
  baseline: string;
  ratio: string;
  goal: string;
  result: 'PASS' | 'MISS' | 'info' | 'error';
}

/** What every workload gets. */
export interface BenchContext {
  db: Database;
  urls: { owner: string; app: string };
  tenants: SeededTenant[];
  password: string;
  /** Seconds per measured phase. */
  seconds: number;
  /** Concurrent clients of the read and write workloads. */
  concurrency: number;
  /** Connections of the app's pool (and of each baseline pool). */
  poolSize: number;
  quick: boolean;
  log: (line: string) => void;
}

export const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : '—');

export function latencySummary(latencies: ArrayLike<number>): { p50: number; p95: number; p99: number; text: string } {
  const list = Array.from(latencies);
  const p50 = percentile(list, 50);
  const p95 = percentile(list, 95);
  const p99 = percentile(list, 99);
  return { p50, p95, p99, text: `${ms(p50)} / ${ms(p95)} / ${ms(p99)}` };
}

export function pool(url: string, max: number): pg.Pool {
  const p = new pg.Pool({ connectionString: url, max });
  p.on('error', () => undefined);
  return p;
}

/** Runs `statements` in one transaction on a pooled connection, as the app's driver does. */
export async function inTransaction(p: pg.Pool, fn: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await p.connect();
  try {
    await client.query('BEGIN');
    await fn(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** One request a load client sends; `{n}` in path or body is replaced by a number unique in the run. */
export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpLoadOptions {
  base: string;
  /** One request spec per client (client i uses specs[i % specs.length]). */
  specs: HttpRequestSpec[];
  seconds: number;
  /** Closed loop: `concurrency` clients, each sends its next request when the last answered. */
  concurrency: number;
  /** Open loop instead: requests started at this fixed rate (per second), latency from the scheduled instant. */
  rate?: number;
  /** Expected status (others are counted as errors). */
  expect: number;
}

export interface HttpLoadResult {
  count: number;
  errors: number;
  firstError: string;
  seconds: number;
  latencies: Float64Array;
}

// Plain JavaScript: it runs with `eval` in a worker thread, which needs no loader for TypeScript.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { base, specs, seconds, concurrency, rate, expect } = workerData;
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(concurrency, 1) * 4 });
let serial = 0;
let address = 0;
// Requests come from 8,192 addresses in turn, as from a crowd of users each well under the
// per-address limit (600/min): the shared rate-limit counters are updated, not only inserted.
function nextAddress() {
  address = (address + 1) % 8192;
  return '10.' + ((address >> 16) & 255) + '.' + ((address >> 8) & 255) + '.' + (address & 255);
}
function send(spec) {
  const n = String(++serial) + '-' + Math.floor(Math.random() * 1e9).toString(36);
  const body = spec.body === undefined ? undefined : Buffer.from(spec.body.split('{n}').join(n));
  const headers = Object.assign({}, spec.headers, { 'x-forwarded-for': nextAddress() });
  if (body) { headers['content-type'] = 'application/json'; headers['content-length'] = String(body.length); }
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, method: spec.method, path: spec.path.split('{n}').join(n), headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { if (text.length < 300) text += c; });
      res.on('end', () => resolve(res.statusCode === expect ? '' : res.statusCode + ' ' + text.slice(0, 200)));
    });
    req.on('error', (e) => resolve('error ' + e.message));
    if (body) req.write(body);
    req.end();
  });
}
async function main() {
  const latencies = [];
  let errors = 0;
  let firstError = '';
  const note = (error) => { if (error) { errors++; if (!firstError) firstError = error; } };
  const start = performance.now();
  const end = start + seconds * 1000;
  if (!rate) {
    await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
      while (performance.now() < end) {
        const t = performance.now();
        note(await send(specs[w % specs.length]));
        latencies.push(performance.now() - t);
      }
    }));
  } else {
    const total = Math.floor(seconds * rate);
    const pending = [];
    for (let i = 0; i < total; i++) {
      const at = start + (i * 1000) / rate;
      const wait = at - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(send(specs[i % specs.length]).then((error) => { note(error); latencies.push(performance.now() - at); }));
    }
    await Promise.all(pending);
  }
  agent.destroy();
  const lat = Float64Array.from(latencies);
  parentPort.postMessage({ count: lat.length, errors, firstError, seconds: (performance.now() - start) / 1000, latencies: lat }, [lat.buffer]);
}
main().catch((e) => parentPort.postMessage({ count: 0, errors: 1, firstError: String(e), seconds: 0, latencies: new Float64Array(0) }));
`;

/** Runs an HTTP load in a worker thread and returns its counts and latencies (ms). */
export function httpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { ...options, rate: options.rate ?? 0 } });
    worker.once('message', (m: HttpLoadResult) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** Alternates `a` and `b` in slices of `sliceMs` for `seconds` in all, so both see the same machine load. */
export async function alternate<R extends { count: number; seconds: number; latencies: number[] }>(
  seconds: number,
  sliceMs: number,
  a: (ms: number) => Promise<R>,
  b: (ms: number) => Promise<R>,
): Promise<[{ count: number; seconds: number; latencies: number[] }, { count: number; seconds: number; latencies: number[] }]> {
  const ra = { count: 0, seconds: 0, latencies: [] as number[] };
  const rb = { count: 0, seconds: 0, latencies: [] as number[] };
  const add = (to: typeof ra, r: R) => {
    to.count += r.count;
    to.seconds += r.seconds;
    for (const l of r.latencies) to.latencies.push(l);
  };
  for (let spent = 0; spent < seconds * 1000; spent += sliceMs * 2) {
    add(ra, await a(sliceMs));
    add(rb, await b(sliceMs));
  }
  return [ra, rb];
}

export const verdict = (ok: boolean): Row['result'] => (ok ? 'PASS' : 'MISS');

/** Signs in one user (the first) of each of `count` tenants and returns their clients. */
export async function signIn(base: string, tenants: readonly SeededTenant[], count: number, password: string): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  for (let i = 0; i < count; i++) {
    const tenant = tenants[i % tenants.length]!;
    const client = new BenchClient(base, `192.0.2.${1 + (i % 250)}`);
    const res = await client.request('POST', '/api/auth/login', { companyCode: tenant.code, email: tenant.email, password });
    if (res.status !== 200) throw new Error(`sign-in of ${tenant.email} failed: ${res.status}`);
    clients.push(client);
  }
  return clients;
}
