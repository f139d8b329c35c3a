/**
 * Sustained mixed load on the app as it runs in production: the app started from its command
 * line as a separate process on a PostgreSQL database of its own, and an open-loop client
 * (requests sent at a fixed arrival rate, each latency measured from the moment the request was
 * due, so a slow server cannot slow the client down and hide its own queueing).
 *
 * Run: `node --import tsx bench/load/run.ts` (10 minutes at the default rate).
 *
 * The mix: steady requests at LOAD_RATE per second (reads of lists and details in process,
 * catalog and survey, creates and updates in each with the CSRF token, the session, the export
 * list and a few requests with bad input that must be answered 400), password sign-in cycles at
 * LOAD_LOGIN_RATE per second (csrf, login, session, logout, each from its own address behind the
 * simulated proxy), and a tenant export every LOAD_EXPORT_SECONDS, followed until ready and
 * downloaded. The server's resident memory (VmRSS) is sampled every LOAD_SAMPLE_SECONDS.
 *
 * Passes (exit 0) when no request failed (a status other than the one expected, a network error
 * or time-out, a request not sent because too many were in flight, an export that failed or was
 * not ready in time), the server logged no error, and the trend of the RSS floor (the lowest
 * sample of the trailing LOAD_RSS_FLOOR_SECONDS) over the second half of the measured run is
 * below LOAD_RSS_SLOPE_MAX MB/min (judged only when the second half is at least twice that
 * window: 8 minutes or more with the defaults). Writes its section (one per duration) of
 * bench/load/results.md.
 *
 * LOAD_RAMP=10,20,40 instead runs short steps at those rates (LOAD_STEP_SECONDS each) and stops
 * at the first step with an error or a p99 above LOAD_RAMP_P99_MS: how the default rate is found.
 *
 * Environment (defaults): LOAD_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres, the
 * server where sotas_load_<random> is created and dropped; LOAD_KEEP_DATABASE=1 keeps it),
 * LOAD_MINUTES (10), LOAD_RATE (40), LOAD_LOGIN_RATE (1), LOAD_EXPORT_SECONDS (60),
 * LOAD_WARMUP_SECONDS (60), LOAD_TENANTS (4), LOAD_USERS (6 per tenant), LOAD_TIMEOUT_MS (30000),
 * LOAD_MAX_INFLIGHT (500), LOAD_SAMPLE_SECONDS (5), LOAD_RSS_SLOPE_MAX (1),
 * LOAD_RSS_FLOOR_SECONDS (120), LOAD_TRACE_GC (1), LOAD_SERVER
 * (dist when dist/cli.js is newer than src/, else tsx), LOAD_LOG_LEVEL (warn), LOAD_BACKUP (0),
 * LOAD_RESULTS (bench/load/results.md; "-" prints only).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, rng } from '../support.js';
import { UserClient } from './client.js';
import { createLoadDatabase, seedUsers, serverCommand, startServer, type RunningServer, type SeededUser } from './server.js';
import { kindTable, ms, percentileOf, Recorder, slope, statusList } from './stats.js';
import { create, MIX, signIn, signInCycle, TenantRows, VirtualUser, type Outcome } from './workload.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = process.env;
const num = (name: string, fallback: number) => {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number (got ${v})`);
  return n;
};

const DEFAULT_RATE = 40;
const settings = {
  serverUrl: env.LOAD_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  minutes: num('LOAD_MINUTES', 10),
  rate: num('LOAD_RATE', DEFAULT_RATE),
  loginRate: num('LOAD_LOGIN_RATE', 1),
  exportSeconds: num('LOAD_EXPORT_SECONDS', 60),
  warmupSeconds: num('LOAD_WARMUP_SECONDS', 60),
  tenants: Math.max(1, Math.round(num('LOAD_TENANTS', 4))),
  usersPerTenant: Math.max(1, Math.round(num('LOAD_USERS', 6))),
  timeoutMs: num('LOAD_TIMEOUT_MS', 30_000),
  maxInflight: num('LOAD_MAX_INFLIGHT', 500),
  sampleSeconds: num('LOAD_SAMPLE_SECONDS', 5),
  slopeMax: num('LOAD_RSS_SLOPE_MAX', 1),
  floorSeconds: Math.max(1, num('LOAD_RSS_FLOOR_SECONDS', 120)),
  traceGc: env.LOAD_TRACE_GC !== '0',
  keep: env.LOAD_KEEP_DATABASE === '1',
  server: env.LOAD_SERVER,
  logLevel: env.LOAD_LOG_LEVEL ?? 'warn',
  backup: env.LOAD_BACKUP === '1',
  results: env.LOAD_RESULTS ?? path.join(ROOT, 'bench', 'load', 'results.md'),
  ramp: (env.LOAD_RAMP ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number),
  stepSeconds: num('LOAD_STEP_SECONDS', 30),
  rampP99: num('LOAD_RAMP_P99_MS', 1000),
};

const MB = 1024 * 1024;
const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));
const log = (line: string) => process.stderr.write(`[load ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// Server CPU time from /proc/<pid>/stat (user + system, all threads), in seconds.
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds of the PostgreSQL backends serving the run's database (their process title names
 * it). Each backend's last reading is kept, so one that ends (the pool closes idle connections)
 * still counts up to its last sample; call `sample()` often (the RSS sampler does).
 */
class DatabaseCpu {
  private last = new Map<number, number>();
  constructor(private readonly database: string) {}

  sample(): void {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (!title.startsWith('postgres: ') || !title.includes(` ${this.database} `)) continue;
        const cpu = cpuSeconds(Number(entry));
        if (Number.isFinite(cpu)) this.last.set(Number(entry), cpu);
      } catch {
        // The process ended meanwhile.
      }
    }
  }

  /** Seconds so far (sampled now). */
  total(): number {
    this.sample();
    let sum = 0;
    for (const v of this.last.values()) sum += v;
    return sum;
  }
}

interface RssSample {
  /** Seconds from the start of the measured run (negative during warm-up). */
  t: number;
  mb: number;
}

/** The exports being followed, by tenant, across phases (one queued or running per tenant). */
class ExportTurns {
  readonly pending = new Map<number, Promise<void>>();
  private turn = 0;
  next(tenants: number): number {
    return this.turn++ % tenants;
  }
}

/** Runs the workload for one phase at `rate` steady requests per second. */
class Phase {
  readonly recorder = new Recorder();
  private inflight = 0;
  private ownExports = 0;
  /** Dispatch delay of the client (due → sent), a check that the client kept up. */
  readonly lag: number[] = [];
  private random = rng(20261128);

  constructor(
    private readonly base: string,
    private readonly vus: VirtualUser[],
    private readonly users: SeededUser[],
    private readonly tenants: TenantRows[],
    private readonly exports: ExportTurns,
  ) {}

  private record = (kind: string, started: number, outcome: Outcome) => {
    this.recorder.record(kind, performance.now() - started, {
      ok: outcome.ok,
      status: outcome.reply.status,
      route: outcome.route,
      code: outcome.reply.code,
      message: outcome.reply.message,
      ...(outcome.expected4xx ? { expected4xx: true } : {}),
    });
  };

  private dispatch(kind: string, due: number, run: () => Promise<Outcome | void>): void {
    this.lag.push(performance.now() - due);
    if (this.inflight >= settings.maxInflight) {
      this.recorder.record(kind, 0, { ok: false, status: -1, route: kind, code: 'too_many_in_flight', message: `more than ${settings.maxInflight} requests in flight` });
      return;
    }
    this.inflight++;
    void run()
      .then((outcome) => {
        if (outcome) this.record(kind, due, outcome);
      })
      .catch((error: unknown) => this.recorder.record(kind, performance.now() - due, { ok: false, status: 0, route: kind, code: 'client', message: String(error) }))
      .finally(() => this.inflight--);
  }

  /** Calls `fire(due)` at `rate` per second for `seconds` (open loop: on schedule whatever the answers). */
  private async openLoop(rate: number, seconds: number, fire: (due: number, i: number) => void): Promise<void> {
    if (rate <= 0 || seconds <= 0) return;
    const start = performance.now();
    const total = Math.ceil(rate * seconds - 1e-9);
    const interval = 1000 / rate;
    for (let i = 0; i < total; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      fire(due, i);
    }
  }

  private exportJob(tenantIndex: number, due: number): void {
    const tenant = this.tenants[tenantIndex]!;
    if (this.exports.pending.has(tenantIndex)) {
      this.recorder.fail('export.job', 'POST /api/exports', 'export.overdue', `the previous export of ${tenant.code} was not ready when its next turn came`);
      return;
    }
    const vu = this.vus.find((v) => v.tenant === tenant)!;
    const job = (async () => {
      await vu.client.ensureCsrf();
      const start = await vu.client.request('POST', '/api/exports', {});
      const startOutcome: Outcome = { reply: start, route: 'POST /api/exports', ok: start.status === 202 };
      this.record('export.start', due, startOutcome);
      const id = (start.body as { export?: { id?: string } } | undefined)?.export?.id;
      if (!startOutcome.ok || !id) return;
      const begun = performance.now();
      const deadline = begun + Math.max(settings.exportSeconds * settings.tenants, 120) * 1000;
      for (;;) {
        const pollDue = performance.now() + 2000;
        await sleep(2000);
        const poll = await vu.client.request('GET', `/api/exports/${id}`);
        this.record('export.poll', pollDue, { reply: poll, route: 'GET /api/exports/:id', ok: poll.status === 200 });
        const view = (poll.body as { export?: { status?: string; bytes?: number | null } } | undefined)?.export;
        if (view?.status === 'ready') {
          this.recorder.record('export.job', performance.now() - begun, { ok: true, status: 200, route: 'export job' });
          const downloadDue = performance.now();
          const download = await vu.client.request('GET', `/api/exports/${id}/download`);
          const complete = download.status === 200 && (view.bytes == null || download.bytes === view.bytes);
          this.record('export.download', downloadDue, { reply: download, route: 'GET /api/exports/:id/download', ok: complete });
          return;
        }
        if (view?.status === 'failed' || view?.status === 'expired') {
          this.recorder.fail('export.job', 'export job', `export.${view.status}`, `export ${id} of ${tenant.code} ended ${view.status}`);
          return;
        }
        if (performance.now() > deadline) {
          this.recorder.fail('export.job', 'export job', 'export.too_slow', `export ${id} of ${tenant.code} not ready after ${((performance.now() - begun) / 1000).toFixed(0)} s`);
          return;
        }
      }
    })()
      .catch((error: unknown) => this.recorder.fail('export.job', 'export job', 'client', String(error)))
      .finally(() => {
        this.exports.pending.delete(tenantIndex);
        this.ownExports--;
      });
    this.ownExports++;
    this.exports.pending.set(tenantIndex, job);
  }

  async run(rate: number, seconds: number, withExports: boolean): Promise<void> {
    const weights = MIX.reduce((s, m) => s + m.weight, 0);
    const steady = this.openLoop(rate, seconds, (due, i) => {
      let r = this.random() * weights;
      const op = MIX.find((m) => (r -= m.weight) < 0) ?? MIX[0]!;
      const vu = this.vus[i % this.vus.length]!;
      this.dispatch(op.kind, due, () => op.run(vu, this.random));
    });
    const logins = this.openLoop(settings.loginRate, seconds, (due, i) => {
      const user = this.users[i % this.users.length]!;
      // Its own address per sign-in (up to 4096 addresses in turn), as a crowd of users would.
      const address = `10.20.${(i >> 8) & 15}.${i & 255}`;
      this.dispatch('auth.cycle', due, () => signInCycle(this.base, user, address, settings.timeoutMs, this.record, due));
    });
    const exports = withExports && settings.exportSeconds > 0
      ? this.openLoop(1 / settings.exportSeconds, seconds, (due) => this.exportJob(this.exports.next(this.tenants.length), due))
      : Promise.resolve();
    await Promise.all([steady, logins, exports]);
  }

  /** Waits for the requests in flight and the exports being followed (bounded). */
  async drain(limitMs: number): Promise<void> {
    const until = performance.now() + limitMs;
    while ((this.inflight > 0 || this.ownExports > 0) && performance.now() < until) await sleep(100);
    if (this.inflight > 0) this.recorder.fail('drain', 'drain', 'unfinished', `${this.inflight} requests still in flight ${limitMs / 1000} s after the end`);
    if (this.ownExports > 0) this.recorder.fail('export.job', 'export job', 'unfinished', `${this.ownExports} exports still running ${limitMs / 1000} s after the end`);
  }
}

/** Signs every user in and gives each some rows in the three services (what reads will find). */
async function prepare(base: string, users: SeededUser[]): Promise<{ vus: VirtualUser[]; tenants: TenantRows[] }> {
  const tenants = new Map<string, TenantRows>();
  const vus = users.map((user, i) => {
    let tenant = tenants.get(user.tenantCode);
    if (!tenant) tenants.set(user.tenantCode, (tenant = new TenantRows(user.tenantCode)));
    return new VirtualUser(i + 1, user, new UserClient(base, `10.10.${(i >> 8) & 255}.${i & 255}`, settings.timeoutMs), tenant);
  });
  for (const vu of vus) await signIn(vu);
  await Promise.all(
    vus.map(async (vu) => {
      for (const service of ['process', 'process', 'process', 'catalog', 'catalog', 'survey', 'survey'] as const) {
        const outcome = await create(vu, service);
        if (!outcome.ok) throw new Error(`preparing rows failed: ${outcome.route} → ${outcome.reply.status} ${outcome.reply.code ?? ''} ${outcome.reply.message ?? ''}`);
      }
    }),
  );
  return { vus, tenants: [...tenants.values()] };
}

function replaceSection(file: string, marker: string, body: string): void {
  const start = `<!-- ${marker} -->`;
  const end = `<!-- /${marker} -->`;
  const section = `${start}\n${body.trimEnd()}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Sustained load results (bench/load/run.ts)\n';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  text = a >= 0 && b > a ? `${text.slice(0, a)}${section}${text.slice(b + end.length)}` : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}

async function main(): Promise<number> {
  const db = await createLoadDatabase(settings.serverUrl, settings.keep);
  let server: RunningServer | undefined;
  // Interrupted: stop the app and drop the database before leaving.
  const interrupt = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the app and dropping ${db.name}`);
    void (server ? server.stop() : Promise.resolve(null))
      .then(() => db.drop())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    log(`database ${db.name}: seeding ${settings.tenants} tenants × ${settings.usersPerTenant} users`);
    const users = await seedUsers(db.url, settings.tenants, settings.usersPerTenant);
    const command = serverCommand(ROOT, settings.server);
    log(`starting the app: ${command.label}`);
    server = await startServer({ root: ROOT, databaseUrl: db.url, command: command.args, logLevel: settings.logLevel, backup: settings.backup, traceGc: settings.traceGc });
    const srv = server;
    log(`serving at ${srv.base} (pid ${srv.pid}); preparing rows`);
    const { vus, tenants } = await prepare(srv.base, users);
    // The app allows 600 requests a minute per address; each simulated user has one.
    const perUser = (Math.max(settings.rate, ...settings.ramp) / vus.length) * 60;
    if (perUser > 500) log(`warning: ${perUser.toFixed(0)} requests a minute per simulated user is near the per-address limit (600/min); raise LOAD_TENANTS or LOAD_USERS`);

    if (settings.ramp.length) return await ramp(db.name, srv, vus, users, tenants, command.label);

    // RSS every few seconds, from the warm-up on; t is relative to the measured run's start.
    const samples: RssSample[] = [];
    let measuredAt = performance.now() + settings.warmupSeconds * 1000;
    const dbCpu = new DatabaseCpu(db.name);
    const sampler = setInterval(() => {
      dbCpu.sample();
      const rss = srv.rss();
      if (rss !== undefined) samples.push({ t: (performance.now() - measuredAt) / 1000, mb: rss / MB });
    }, settings.sampleSeconds * 1000);

    const seconds = settings.minutes * 60;
    const load = [os.loadavg()[0]!];
    const exports = new ExportTurns();
    const warm = new Phase(srv.base, vus, users, tenants, exports);
    if (settings.warmupSeconds > 0) {
      // With an export, so what is paid once (its code loaded, its worker threads) is paid here.
      log(`warm-up: ${settings.warmupSeconds} s at ${settings.rate}/s`);
      await warm.run(settings.rate, settings.warmupSeconds, true);
    }
    measuredAt = performance.now();
    const rssStart = (srv.rss() ?? Number.NaN) / MB;
    const cpu0 = cpuSeconds(srv.pid);
    const dbCpu0 = dbCpu.total();
    const client0 = process.cpuUsage();
    log(`measured run: ${settings.minutes} min at ${settings.rate}/s steady + ${settings.loginRate} sign-in cycles/s + an export every ${settings.exportSeconds} s`);
    const phase = new Phase(srv.base, vus, users, tenants, exports);
    const progress = setInterval(() => {
      const rss = srv.rss();
      log(`${((performance.now() - measuredAt) / 1000).toFixed(0)} s: ${phase.recorder.totalCount()} requests, ${phase.recorder.totalErrors()} errors, RSS ${rss ? (rss / MB).toFixed(0) : '?'} MB, load ${os.loadavg()[0]!.toFixed(2)}`);
    }, 30_000);
    await phase.run(settings.rate, seconds, true);
    const elapsed = (performance.now() - measuredAt) / 1000;
    const rssEnd = (srv.rss() ?? Number.NaN) / MB;
    const serverCpu = cpuSeconds(srv.pid) - cpu0;
    const dbCpuUsed = dbCpu.total() - dbCpu0;
    const clientCpu = process.cpuUsage(client0);
    load.push(os.loadavg()[0]!);
    clearInterval(progress);
    await phase.drain(Math.max(settings.timeoutMs, 180_000));
    await warm.drain(5_000);
    clearInterval(sampler);
    const serverAlive = !srv.exited();

    // Memory trend over the second half of the measured run: of the RSS floor (the lowest
    // sample of the trailing window, warm-up samples included), which a leak lifts but the
    // collector's sawtooth and an export's passing peak do not; the raw samples' slope beside it.
    const run = samples.filter((s) => s.t >= 0 && s.t <= elapsed);
    const floor = samples.map((s) => ({ t: s.t, mb: Math.min(...samples.filter((o) => o.t <= s.t && o.t > s.t - settings.floorSeconds).map((o) => o.mb)) }));
    const half = run.filter((s) => s.t >= elapsed / 2);
    const floorHalf = floor.filter((s) => s.t >= elapsed / 2 && s.t <= elapsed);
    const rawTrend = slope(half.map((s) => ({ x: s.t / 60, y: s.mb })));
    const trend = slope(floorHalf.map((s) => ({ x: s.t / 60, y: s.mb })));
    const maxRss = Math.max(...run.map((s) => s.mb));
    const firstRunRss = run[0]?.mb ?? rssStart;

    await srv.stop();
    const serverLog = srv.logSummary();
    // The live JS heap after each full collection (from --trace-gc): a JS leak lifts it.
    const gcs = srv.fullGcs().map((g) => ({ t: (g.at - measuredAt) / 1000, mb: g.afterMb }));
    const gcHalf = gcs.filter((g) => g.t >= elapsed / 2 && g.t <= elapsed);
    const gcRun = gcs.filter((g) => g.t >= 0 && g.t <= elapsed);
    const heapTrend = gcHalf.length >= 3 ? slope(gcHalf.map((g) => ({ x: g.t / 60, y: g.mb }))) : Number.NaN;

    const figures = phase.recorder.figures();
    const overall = phase.recorder.overall();
    const errors = phase.recorder.totalErrors() + warm.recorder.totalErrors();
    const lagSorted = [...phase.lag].sort((a, b) => a - b);
    // A floor window as long as half the second half would hide growth (a trailing minimum
    // only rises once its window has passed): such a short run is not judged on memory.
    const judged = elapsed / 2 >= 2 * settings.floorSeconds;
    const memoryOk = !judged || (Number.isFinite(trend) && trend < settings.slopeMax);
    const memoryVerdict = !judged
      ? `not judged: the second half (${(elapsed / 2).toFixed(0)} s) is shorter than twice the floor window; run ≥ ${Math.ceil((4 * settings.floorSeconds) / 60)} minutes`
      : memoryOk
        ? 'PASS'
        : 'FAIL';
    const pass = errors === 0 && memoryOk && serverLog.errors === 0 && serverAlive;
    const steadyCount = figures.filter((f) => !f.kind.startsWith('auth.') && !f.kind.startsWith('export.')).reduce((s, f) => s + f.count, 0);

    const lines: string[] = [
      `## ${settings.minutes}-minute run at ${settings.rate} requests/s (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
      '',
      `- machine: ${machine()}; load average ${load.map((l) => l.toFixed(2)).join(' → ')} (1 min, at start and end of the measured run)`,
      `- app: \`${command.label}\` (NODE_ENV=production, JOBS_ENABLED=true, BACKUP_ENABLED=${settings.backup}, TRUST_PROXY=true, LOG_LEVEL=${settings.logLevel}) on PostgreSQL ${settings.serverUrl.replace(/\/\/[^@]*@/, '//').replace(/\/[^/]*$/, '')}, its own database`,
      `- ${settings.tenants} tenants × ${settings.usersPerTenant} users (admin of the three services), each signed in with its own address behind the proxy`,
      `- offered: ${settings.rate}/s steady requests (${steadyCount} sent in ${elapsed.toFixed(0)} s) + ${settings.loginRate}/s password sign-in cycles (csrf, login, session, logout) + one tenant export every ${settings.exportSeconds} s (started, polled every 2 s, downloaded); ${settings.warmupSeconds} s warm-up before, not counted below (its errors: ${warm.recorder.totalErrors()})`,
      `- open loop: latency from the time each request was due; client dispatch delay p99 ${ms(percentileOf(lagSorted, 99))} ms, max ${ms(lagSorted.at(-1) ?? Number.NaN)} ms`,
      `- CPU: app ${serverCpu.toFixed(1)} s (${((serverCpu / elapsed) * 100).toFixed(0)}% of one core), its PostgreSQL backends ${dbCpuUsed.toFixed(1)} s (${((dbCpuUsed / elapsed) * 100).toFixed(0)}%), load client ${((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)} s; ${capacity(serverCpu + dbCpuUsed, overall.count)}`,
      '',
      ...kindTable(figures, overall, elapsed),
      '',
      `- errors: **${errors}** (measured ${phase.recorder.totalErrors()}, warm-up ${warm.recorder.totalErrors()}); server log: ${serverLog.errors} error lines, ${serverLog.warnings} warnings; server ${serverAlive ? 'alive at the end' : 'EXITED during the run'}`,
      `- RSS of the server (VmRSS every ${settings.sampleSeconds} s, ${run.length} samples): start ${firstRunRss.toFixed(0)} MB, end ${rssEnd.toFixed(0)} MB, max ${maxRss.toFixed(0)} MB`,
      `- memory trend over the second half (least squares, ${floorHalf.length} samples): RSS floor (lowest sample of the trailing ${settings.floorSeconds} s) ${judged ? `**${trend.toFixed(2)} MB/min**` : `${trend.toFixed(2)} MB/min`} (flat means < ${settings.slopeMax} MB/min) ${memoryVerdict}; raw samples ${rawTrend.toFixed(2)} MB/min (for information: the collector's sawtooth dominates it)`,
      `- RSS series (MB, every ${Math.max(1, Math.round(run.length / 24)) * settings.sampleSeconds} s): ${run.filter((_, i) => i % Math.max(1, Math.round(run.length / 24)) === 0).map((s) => s.mb.toFixed(0)).join(' ')}`,
      settings.traceGc
        ? `- live JS heap after each full collection (--trace-gc): ${gcRun.length} in the measured run, ${gcRun.map((g) => g.mb.toFixed(0)).join(' ') || '–'} MB; trend over the second half ${Number.isNaN(heapTrend) ? `not computed (${gcHalf.length} full collections there, 3 needed)` : `${heapTrend.toFixed(2)} MB/min`} (diagnostic: it tells a JS leak from the allocator's own growth)`
        : '- live JS heap after full collections: not traced (LOAD_TRACE_GC=0)',
      `- RSS floor series (MB, same times): ${floor.filter((s) => s.t >= 0 && s.t <= elapsed).filter((_, i) => i % Math.max(1, Math.round(run.length / 24)) === 0).map((s) => s.mb.toFixed(0)).join(' ')}`,
      `- result: **${pass ? 'PASS' : 'FAIL'}**`,
    ];
    const failures = [...phase.recorder.failures.values(), ...warm.recorder.failures.values()];
    if (failures.length) {
      lines.push('', 'Failures (kind, route, status, code, message, count):', '');
      for (const { failure: f, count } of failures.slice(0, 30)) lines.push(`- ${f.kind} · ${f.route} · ${f.status} · ${f.code ?? '–'} · ${f.message ?? '–'} · ×${count}`);
    }
    if (serverLog.firstErrors.length) lines.push('', 'Server error log lines (first ones):', '', ...serverLog.firstErrors.map((e) => `- ${e}`));
    const report = lines.join('\n');
    process.stdout.write(`${report}\n`);
    if (settings.results !== '-') {
      replaceSection(settings.results, `load run ${settings.minutes} min`, report);
      log(`written to ${path.relative(ROOT, settings.results)}`);
    }
    if (!pass) log(`FAIL: ${errors} errors, RSS floor trend ${trend.toFixed(2)} MB/min, ${serverLog.errors} server error lines${serverAlive ? '' : ', the server exited'}`);
    return pass ? 0 : 1;
  } finally {
    if (server) {
      await server.stop();
      if (settings.keep) log(`kept the app's data directory ${server.dataDir} (its log: server.log)`);
      else rmSync(server.dataDir, { recursive: true, force: true });
    }
    await db.drop();
  }
}

/** CPU per request of app and database, and the request rate all cores could serve at that cost. */
function capacity(cpuSecondsUsed: number, requests: number): string {
  if (!(requests > 0) || !(cpuSecondsUsed > 0)) return 'no CPU figure';
  const perRequest = (cpuSecondsUsed / requests) * 1000;
  return `${perRequest.toFixed(1)} ms CPU per request (app + database), so ${os.availableParallelism()} idle cores would be saturated near ${((os.availableParallelism() * 1000) / perRequest).toFixed(0)} requests/s of this mix`;
}

/** Steps of increasing rate; stops at the first with an error or a p99 over the bound. */
async function ramp(dbName: string, srv: RunningServer, vus: VirtualUser[], users: SeededUser[], tenants: TenantRows[], label: string): Promise<number> {
  const rows = ['| steady rate /s | sent | errors | p50 ms | p95 ms | p99 ms | app CPU % of a core | database CPU % | CPU ms per request | RSS MB |', '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  let best = 0;
  const exports = new ExportTurns();
  const dbCpu = new DatabaseCpu(dbName);
  for (const rate of settings.ramp) {
    const phase = new Phase(srv.base, vus, users, tenants, exports);
    const cpu0 = cpuSeconds(srv.pid);
    const dbCpu0 = dbCpu.total();
    const t0 = performance.now();
    const sampler = setInterval(() => dbCpu.sample(), 2000);
    await phase.run(rate, settings.stepSeconds, true).finally(() => clearInterval(sampler));
    await phase.drain(settings.timeoutMs);
    const seconds = (performance.now() - t0) / 1000;
    const o = phase.recorder.overall();
    const appCpu = cpuSeconds(srv.pid) - cpu0;
    const dbCpuUsed = dbCpu.total() - dbCpu0;
    const row = `| ${rate} | ${o.count} | ${o.errors ? statusList(o.errorsByStatus) : '0'} | ${ms(o.p50)} | ${ms(o.p95)} | ${ms(o.p99)} | ${((appCpu / seconds) * 100).toFixed(0)} | ${((dbCpuUsed / seconds) * 100).toFixed(0)} | ${(((appCpu + dbCpuUsed) / o.count) * 1000).toFixed(1)} | ${((srv.rss() ?? 0) / MB).toFixed(0)} |`;
    rows.push(row);
    log(row);
    if (o.errors > 0 || o.p99 > settings.rampP99) break;
    best = rate;
  }
  const report = [
    `## Ramp (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
    '',
    `- machine: ${machine()}; load average ${os.loadavg()[0]!.toFixed(2)}; app \`${label}\``,
    `- ${settings.stepSeconds} s per step, ${settings.loginRate}/s sign-in cycles and exports every ${settings.exportSeconds} s beside the steady rate; stops at the first error or p99 > ${settings.rampP99} ms`,
    '',
    ...rows,
    '',
    `- highest step without errors and within the p99 bound: ${best || 'none'} /s`,
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (settings.results !== '-') replaceSection(settings.results, 'load ramp', report);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
