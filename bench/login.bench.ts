/**
 * Password sign-in throughput against the raw Argon2id limit, and API latency during a login
 * flood. Run: `npx tsx bench/login.bench.ts` (PGlite) or with BENCH_DATABASE_URL=postgres://…
 * Goals: logins/s ≥ 0.8 × raw hashes/s (same parameters, same cores); p99 of an authenticated
 * read during the flood ≤ 2 × its unloaded p99.
 */
import os from 'node:os';
import { hash } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '../src/platform/identity/index.js';
import { buildTenant, buildUser } from '../test/support/factories.js';
import { addressSequence, benchApp, benchDatabase, BenchClient, loadFor, machine, percentile } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const cores = os.availableParallelism();

async function main(): Promise<void> {
  const { db, kind } = await benchDatabase();
  const { app, base } = await benchApp(db);
  const tenant = await buildTenant(db);
  const users = await Promise.all(Array.from({ length: 16 }, (_, i) => buildUser(db, tenant, { email: `bench${i}@example.com` })));

  // Raw limit: Argon2id hashes with the product's parameters, one in flight per core.
  const raw = await loadFor(SECONDS * 1000, cores, async () => {
    await hash('Bench#Password1', ARGON2_OPTIONS);
  });
  const rawPerSecond = raw.count / raw.seconds;

  // Unloaded latency of an authenticated read.
  const probe = new BenchClient(base, '198.51.100.200');
  await probe.request('POST', '/api/auth/login', { companyCode: tenant.code, email: users[0]!.email, password: users[0]!.password });
  const unloaded = await loadFor(3000, 1, async () => {
    await probe.request('GET', '/api/session');
  });

  // Login flood (2 × cores clients) with the probe running beside it.
  // Each login comes from its own address, as a crowd of users would: the per-IP limit of the
  // login route (30/min) is a defence against one source, not a cap on the service.
  const nextAddress = addressSequence();
  const clients = Array.from({ length: cores * 2 }, () => new BenchClient(base, nextAddress));
  let errors = 0;
  let probeDuring: { latencies: number[] } = { latencies: [] };
  const flood = loadFor(SECONDS * 1000, clients.length, async (w) => {
    const u = users[w % users.length]!;
    const res = await clients[w]!.request('POST', '/api/auth/login', { companyCode: tenant.code, email: u.email, password: u.password });
    if (res.status !== 200) {
      errors++;
      if (errors === 1) process.stderr.write(`first failed login: ${res.status}\n`);
    }
  });
  const probing = loadFor(SECONDS * 1000, 1, async () => {
    await probe.request('GET', '/api/session');
  }).then((r) => (probeDuring = r));
  const logins = await flood;
  await probing;
  const loginsPerSecond = logins.count / logins.seconds;

  const p99Unloaded = percentile(unloaded.latencies, 99);
  const p99Loaded = percentile(probeDuring.latencies, 99);
  const rows = [
    ['raw Argon2id hashes/s (all cores)', rawPerSecond.toFixed(1), '', ''],
    ['password logins/s (all cores)', loginsPerSecond.toFixed(1), `${(loginsPerSecond / rawPerSecond).toFixed(2)} × raw`, 'goal ≥ 0.80'],
    ['logins/s per core', (loginsPerSecond / cores).toFixed(1), '', ''],
    ['login p50 / p99 ms', `${percentile(logins.latencies, 50).toFixed(1)} / ${percentile(logins.latencies, 99).toFixed(1)}`, '', ''],
    ['GET /api/session p99 ms, unloaded', p99Unloaded.toFixed(2), '', ''],
    ['GET /api/session p99 ms, during flood', p99Loaded.toFixed(2), `${(p99Loaded / p99Unloaded).toFixed(2)} × unloaded`, 'goal ≤ 2.00'],
    ['failed logins during flood', String(errors), '', 'goal 0'],
  ];
  process.stdout.write(`\nPassword login benchmark — ${machine()}, database ${kind}, ${SECONDS} s per phase\n\n`);
  process.stdout.write('| measure | value | ratio | goal |\n| --- | --- | --- | --- |\n');
  for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`);
  await app.close();
  await db.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
