/**
 * Workload 4, password sign-in: logins per second through the app (8 × cores clients, each
 * login from its own address, users of different tenants) against raw Argon2id hashes per
 * second with the product's parameters, one in flight per core (as bench/login.bench.ts).
 * Goal: ≥ 0.8 × raw.
 */
import os from 'node:os';
import { hash } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '../../src/platform/identity/index.js';
import { addressSequence, benchApp, BenchClient, cpuPer, cpuSnapshot, loadFor } from '../support.js';
import { latencySummary, verdict, type BenchContext, type Row } from './common.js';

export async function loginWorkload(ctx: BenchContext): Promise<Row[]> {
  const cores = os.availableParallelism();
  const { app, base } = await benchApp(ctx.db);
  try {
    await loadFor(500, cores, () => hash(ctx.password, ARGON2_OPTIONS).then(() => undefined));
    const r0 = cpuSnapshot();
    const raw = await loadFor(ctx.seconds * 1000, cores, async () => {
      await hash(ctx.password, ARGON2_OPTIONS);
    });
    const rawCpu = cpuPer(r0, cpuSnapshot(), raw.count);
    const rawRate = raw.count / raw.seconds;
    const nextAddress = addressSequence();
    // Enough clients to keep every core busy: a sign-in waits on the database between its
    // statements (with 2 × cores clients the hashing stood idle part of the time: 52 logins/s
    // against 64–65 with 8 or 16 clients on 2 cores). BENCH_LOGIN_CLIENTS sets another number.
    const clients = Array.from({ length: Number(process.env.BENCH_LOGIN_CLIENTS ?? cores * 8) }, () => new BenchClient(base, nextAddress));
    let errors = 0;
    let firstError = '';
    let k = 0;
    const login = async (w: number) => {
      const tenant = ctx.tenants[k++ % ctx.tenants.length]!;
      const res = await clients[w]!.request('POST', '/api/auth/login', { companyCode: tenant.code, email: tenant.email, password: ctx.password });
      if (res.status !== 200) {
        errors++;
        firstError ||= String(res.status);
      }
    };
    await loadFor(500, clients.length, login);
    const l0 = cpuSnapshot();
    const logins = await loadFor(ctx.seconds * 1000, clients.length, login);
    const loginCpu = cpuPer(l0, cpuSnapshot(), logins.count);
    ctx.log(`  login CPU: per sign-in ${loginCpu.text} (Node: app, hash threads and client); per raw hash ${rawCpu.text}`);
    const rate = logins.count / logins.seconds;
    const ratio = rate / rawRate;
    if (errors) ctx.log(`  login: ${errors} failed, first status ${firstError}`);
    return [
      {
        workload: `4. password login, ${clients.length} clients (Argon2id m=19 MiB, t=2, p=1)`,
        throughput: `${rate.toFixed(1)} logins/s (${(rate / cores).toFixed(1)} per core)`,
        latency: latencySummary(logins.latencies).text,
        baseline: `raw hashes: ${rawRate.toFixed(1)}/s (${(rawRate / cores).toFixed(1)} per core); CPU per sign-in ${loginCpu.text}, per raw hash ${rawCpu.text}`,
        ratio: ratio.toFixed(2),
        goal: '≥ 0.80',
        result: errors ? 'error' : verdict(ratio >= 0.8),
      },
    ];
  } finally {
    await app.close();
  }
}
