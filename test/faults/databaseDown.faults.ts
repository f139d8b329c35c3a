import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/db/index.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { HttpUser, PgCluster, report, ServerProcess, sessionFor, sleep, tempDir, type Answer } from './support/harness.js';

/** A request that gets no answer in this long counts as hanging. */
const HANG_MS = 15_000;

interface Sample extends Answer {
  startedAt: number;
  endedAt: number;
  lang: 'ja' | 'en';
}

/**
 * PostgreSQL crashes (pg_ctl stop -m immediate) while users work: requests fail fast with a
 * 503 and a message in the user's language, the same app process recovers by itself when
 * the database is back, and nothing acknowledged before the crash is lost.
 */
describe('PostgreSQL stopped under load', () => {
  let cluster: PgCluster;
  let db: Database | undefined;
  let server: ServerProcess | undefined;
  const dataDir = tempDir('pgdown');

  beforeAll(async () => {
    cluster = await PgCluster.create();
  });

  afterAll(async () => {
    await server?.stop();
    await db?.close();
    cluster?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 fast in ja/en while the database is down and recovers without a restart', async () => {
    server = await ServerProcess.start({ databaseUrl: cluster.ownerUrl, dataDir });
    db = cluster.open();
    const tenant = await buildTenant(db);
    const users: HttpUser[] = [];
    for (let i = 0; i < 6; i++) {
      const user = await buildUser(db, tenant, { memberships: [{ service: 'process', role: 'admin' }] });
      users.push(new HttpUser(server.baseUrl, await sessionFor(db, user), i % 2 === 0 ? 'ja' : 'en'));
    }
    // The test's own pools would only see errors while the cluster is down.
    await db.close();
    db = undefined;

    let running = true;
    let counter = 0;
    const samples: Sample[] = [];
    const acknowledged = new Set<string>();
    const worker = async (user: HttpUser, index: number): Promise<void> => {
      while (running) {
        const n = counter++;
        const code = `DOWN-${String(n).padStart(5, '0')}`;
        const startedAt = performance.now();
        // Writes and reads alternate: both need the database.
        const answer =
          n % 3 === 2
            ? await user.request('GET', '/api/process/items?pageSize=5', undefined, { timeoutMs: HANG_MS })
            : await user.request('POST', '/api/process/items', { code, name: `停止試験 ${n}`, kind: 'raw', unit: 'kg' }, { timeoutMs: HANG_MS });
        samples.push({ ...answer, startedAt, endedAt: performance.now(), lang: user.lang });
        if (answer.status === 201) acknowledged.add(code);
        // A failed request is retried after a short pause, as a browser user would.
        if (answer.status >= 500 || answer.status === -1) await sleep(100 + index * 10);
      }
    };
    const workers = Promise.all(users.map((u, i) => worker(u, i)));

    while (acknowledged.size < 50) await sleep(20);
    const pidBefore = server.pid;
    const acknowledgedBeforeStop = new Set(acknowledged);
    cluster.stop('immediate');
    const stoppedAt = performance.now();
    await sleep(8_000);
    const restartAt = performance.now();
    cluster.start();
    const postgresReadyMs = Math.round(performance.now() - restartAt);
    // The same process recovers: the first 2xx after the database is back.
    let recoveredMs = -1;
    const recoveryDeadline = Date.now() + 60_000;
    while (recoveredMs < 0 && Date.now() < recoveryDeadline && server.child.exitCode === null) {
      const probe = await users[0]!.request('GET', '/api/process/items?pageSize=1', undefined, { timeoutMs: HANG_MS });
      if (probe.status === 200) recoveredMs = Math.round(performance.now() - restartAt);
      else await sleep(100);
    }
    const beforeRecovery = samples.length;
    while (samples.slice(beforeRecovery).filter((s) => s.status === 201).length < 20 && Date.now() < recoveryDeadline && server.child.exitCode === null) await sleep(50);
    running = false;
    await workers;

    expect(server.pid).toBe(pidBefore);
    expect(server.child.exitCode, `the server exited:\n${server.log()}`).toBeNull();
    expect(recoveredMs).toBeGreaterThan(0);

    // Requests wholly inside the outage, and those that straddle its start or end.
    const downSamples = samples.filter((s) => s.startedAt >= stoppedAt && s.endedAt <= restartAt);
    const edgeSamples = samples.filter((s) => !downSamples.includes(s) && s.endedAt > stoppedAt && s.startedAt < restartAt);
    expect(edgeSamples.filter((s) => s.status === -1 || (s.status >= 300 && s.status !== 503)).map((s) => `${s.status} ${JSON.stringify(s.body)}`)).toEqual([]);
    // While down: answers, not hangs; 503 with the code and a message in the user's language.
    expect(downSamples.length).toBeGreaterThan(10);
    const hung = downSamples.filter((s) => s.status === -1);
    expect(hung.map((s) => s.error)).toEqual([]);
    const not503 = downSamples.filter((s) => s.status !== 503);
    expect(not503.map((s) => `${s.status} ${JSON.stringify(s.body)}`)).toEqual([]);
    for (const s of downSamples) {
      const error = (s.body as { error: { code: string; message: string; requestId: string } }).error;
      expect(error.code).toBe('service.unavailable');
      expect(error.message).toBe(s.lang === 'ja' ? '一時的にサービスを利用できません。しばらくしてからもう一度お試しください。' : 'The service is temporarily unavailable. Try again shortly.');
      expect(error.requestId).toMatch(/\S/);
    }
    // Nothing but 2xx once recovered.
    const afterRecovery = samples.slice(beforeRecovery);
    expect(afterRecovery.filter((s) => s.status >= 300 || s.status === -1).map((s) => s.status)).toEqual([]);

    // Nothing acknowledged is lost: neither before the crash nor since.
    const reader = new HttpUser(server.baseUrl, users[1]!.session);
    const codes = new Set<string>();
    for (let page = 1; ; page++) {
      const res = await reader.request('GET', `/api/process/items?pageSize=500&page=${page}`);
      expect(res.status).toBe(200);
      const items = (res.body as { items: { code: string }[] }).items;
      for (const item of items) codes.add(item.code);
      if (items.length < 500) break;
    }
    const lostBefore = [...acknowledgedBeforeStop].filter((c) => !codes.has(c));
    const lostAny = [...acknowledged].filter((c) => !codes.has(c));
    expect(lostBefore).toEqual([]);
    expect(lostAny).toEqual([]);

    const maxDownMs = Math.round(Math.max(...downSamples.map((s) => s.ms)));
    report('PostgreSQL stopped (-m immediate) under load', {
      'requests while down': downSamples.length,
      'requests straddling stop or start (2xx or 503)': edgeSamples.length,
      'answered 503 service.unavailable (ja/en)': downSamples.filter((s) => s.status === 503).length,
      'hanging (no answer in 15 s)': hung.length,
      'max latency while down (ms)': maxDownMs,
      'median latency while down (ms)': Math.round(downSamples.map((s) => s.ms).sort((a, b) => a - b)[Math.floor(downSamples.length / 2)] ?? 0),
      'PostgreSQL start incl. crash recovery (ms)': postgresReadyMs,
      'first 2xx after PostgreSQL start began, same process (ms)': recoveredMs,
      'acknowledged before the stop / found': `${acknowledgedBeforeStop.size} / ${acknowledgedBeforeStop.size - lostBefore.length}`,
      'acknowledged in total / found': `${acknowledged.size} / ${acknowledged.size - lostAny.length}`,
    });
  });
});
