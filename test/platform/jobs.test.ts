import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { PostgresDatabase, type Database } from '../../src/core/db/index.js';
import { createLogger } from '../../src/core/logger.js';
import {
  enqueueJob,
  jobQueueStats,
  JobRunner,
  nextPeriodBoundary,
  PermanentJobError,
  type JobRunnerOptions,
} from '../../src/platform/jobs/index.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger('silent');
const FIVE_MINUTES = 5 * 60_000;

interface JobRow {
  id: string;
  name: string;
  payload: unknown;
  status: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  run_at: Date;
  locked_by: string | null;
  finished_at: Date | null;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('JobRunner', () => {
  let test: TestDatabase;
  /** The second app node: its own pools on PostgreSQL, the same (single-connection) PGlite otherwise. */
  let other: Database;
  let clock: ManualClock;

  beforeEach(async () => {
    test = await openTestDatabase();
    other = test.urls ? new PostgresDatabase({ ownerUrl: test.urls.owner, appUrl: test.urls.app, poolSize: 4 }) : test.db;
    clock = new ManualClock('2026-04-01T09:02:30.000Z');
  });

  afterEach(async () => {
    if (other !== test.db) await other.close();
    await test.close();
  });

  function runner(nodeId: string, db: Database, options: Partial<JobRunnerOptions> = {}): JobRunner {
    return new JobRunner({ db, clock, logger, nodeId, leaseMs: 60_000, ...options });
  }

  async function jobs(name: string): Promise<JobRow[]> {
    return test.db.ownerTransaction(async (tx) => {
      const { rows } = await tx.query<JobRow>('SELECT * FROM ops.jobs WHERE name = $1 ORDER BY created_at, id', [name]);
      return rows;
    });
  }

  it('runs a recurring job exactly once per period on two nodes ticking at once', async () => {
    const ran: { node: string; scheduledFor: string }[] = [];
    const nodes = [runner('node-a', test.db), runner('node-b', other)];
    for (const [i, node] of nodes.entries()) {
      node.register('maintenance.sweep', async ({ job }) => {
        ran.push({ node: `node-${i}`, scheduledFor: (job.payload as { scheduledFor: string }).scheduledFor });
      });
    }
    // Both nodes declare the schedule at boot, at the same moment.
    await Promise.all(nodes.map((n) => n.schedule('maintenance.sweep', FIVE_MINUTES)));

    // Before the first boundary (09:05) nothing is due.
    await Promise.all(nodes.map((n) => n.tick()));
    expect(ran).toEqual([]);

    const expected: string[] = [];
    const first = nextPeriodBoundary(clock.now(), FIVE_MINUTES).getTime();
    expect(new Date(first).toISOString()).toBe('2026-04-01T09:05:00.000Z');
    for (let period = 0; period < 12; period++) {
      const start = first + period * FIVE_MINUTES;
      expected.push(new Date(start).toISOString());
      // Tick on the boundary, a few seconds after it, and twice more inside the period.
      for (const offset of [0, 7_000, 90_000, FIVE_MINUTES - 1]) {
        clock.set(new Date(start + offset));
        await Promise.all(nodes.map((n) => n.tick()));
      }
    }

    expect(ran.map((r) => r.scheduledFor)).toEqual(expected);
    const rows = await jobs('maintenance.sweep');
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
  });

  it('enqueues once a recurring period a stopped cluster missed, not once per missed period', async () => {
    const node = runner('node-a', test.db);
    const ran: string[] = [];
    node.register('maintenance.sweep', async ({ job }) => {
      ran.push((job.payload as { scheduledFor: string }).scheduledFor);
    });
    await node.schedule('maintenance.sweep', FIVE_MINUTES);
    clock.set('2026-04-01T10:31:00.000Z');
    await node.tick();
    await node.tick();
    expect(ran).toEqual(['2026-04-01T10:30:00.000Z']);
    clock.set('2026-04-01T10:35:00.000Z');
    await node.tick();
    expect(ran).toEqual(['2026-04-01T10:30:00.000Z', '2026-04-01T10:35:00.000Z']);
  });

  it('keeps the schedule when declared again and realigns it when the period changes', async () => {
    const node = runner('node-a', test.db);
    node.register('maintenance.sweep', async () => undefined);
    await node.schedule('maintenance.sweep', FIVE_MINUTES);
    clock.advance(FIVE_MINUTES);
    await node.schedule('maintenance.sweep', FIVE_MINUTES);
    const read = () =>
      test.db.ownerTransaction(async (tx) => (await tx.query<{ next_run_at: Date }>('SELECT next_run_at FROM ops.job_schedules')).rows);
    expect((await read())[0]?.next_run_at.toISOString()).toBe('2026-04-01T09:05:00.000Z');
    await node.schedule('maintenance.sweep', 3_600_000);
    expect((await read())[0]?.next_run_at.toISOString()).toBe('2026-04-01T10:00:00.000Z');
  });

  it('inserts one job for two enqueues with the same singleton key', async () => {
    const first = await test.db.transaction((tx) => enqueueJob(tx, clock, 'tenant.reminder', { n: 1 }, { singletonKey: 'T1:2026-06' }));
    const second = await other.transaction((tx) => enqueueJob(tx, clock, 'tenant.reminder', { n: 2 }, { singletonKey: 'T1:2026-06' }));
    const unkeyed = await test.db.transaction((tx) => enqueueJob(tx, clock, 'tenant.reminder', { n: 3 }));
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toBeNull();
    expect(unkeyed).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await test.db.ownerTransaction(async (tx) =>
      (await tx.query<{ payload: { n: number } }>("SELECT payload FROM ops.jobs WHERE name = 'tenant.reminder' ORDER BY payload->>'n'")).rows,
    );
    expect(rows.map((r) => r.payload.n)).toEqual([1, 3]);
  });

  it('does not enqueue when the enqueuing transaction rolls back', async () => {
    await expect(
      test.db.transaction(async (tx) => {
        await enqueueJob(tx, clock, 'tenant.reminder', {});
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    expect(await jobs('tenant.reminder')).toEqual([]);
  });

  it('retries a failing handler with back-off and fails it after the last attempt', async () => {
    const node = runner('node-a', test.db);
    let calls = 0;
    node.register(
      'export.build',
      async () => {
        calls++;
        throw new Error(`storage unavailable (call ${calls})`);
      },
      { maxAttempts: 3, backoffMs: 10_000 },
    );
    await test.db.transaction((tx) => node.enqueue(tx, 'export.build', { exportId: 'e1' }));

    expect(await node.tick()).toBe(1);
    let [row] = await jobs('export.build');
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'Error: storage unavailable (call 1)', locked_by: null });
    expect(row?.run_at.getTime()).toBe(clock.now().getTime() + 10_000);

    clock.advance(9_999);
    expect(await node.tick()).toBe(0);
    clock.advance(1);
    expect(await node.tick()).toBe(1);
    [row] = await jobs('export.build');
    expect(row).toMatchObject({ status: 'queued', attempts: 2 });
    // The delay doubles.
    expect(row?.run_at.getTime()).toBe(clock.now().getTime() + 20_000);

    clock.advance(20_000);
    expect(await node.tick()).toBe(1);
    [row] = await jobs('export.build');
    expect(row).toMatchObject({ status: 'failed', attempts: 3, max_attempts: 3, last_error: 'Error: storage unavailable (call 3)' });
    expect(row?.finished_at?.getTime()).toBe(clock.now().getTime());

    clock.advance(3_600_000);
    expect(await node.tick()).toBe(0);
    expect(calls).toBe(3);
    expect(await jobQueueStats(test.db)).toEqual({ queued: 0, running: 0, failed: 1 });
  });

  it('fails at once on a permanent error or a payload its parser refuses', async () => {
    const node = runner('node-a', test.db);
    node.register('mail.bounce', async () => {
      throw new PermanentJobError('recipient refused');
    });
    node.register(
      'typed.job',
      async ({ job }) => {
        expect(job.payload.count).toBeGreaterThan(0);
      },
      {
        parse: (raw: unknown) => {
          const count = (raw as { count?: unknown } | null)?.count;
          if (typeof count !== 'number') throw new Error('count must be a number');
          return { count };
        },
      },
    );
    await test.db.transaction(async (tx) => {
      await node.enqueue(tx, 'mail.bounce');
      await node.enqueue(tx, 'typed.job', { count: 'three' });
      await node.enqueue(tx, 'typed.job', { count: 3 });
    });
    expect(await node.tick()).toBe(3);
    expect((await jobs('mail.bounce')).map((r) => [r.status, r.attempts, r.last_error])).toEqual([
      ['failed', 1, 'PermanentJobError: recipient refused'],
    ]);
    const typed = (await jobs('typed.job')).map((r) => [(r.payload as { count: unknown }).count, r.status, r.attempts]);
    expect(typed.sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([
      [3, 'done', 1],
      ['three', 'failed', 1],
    ]);
  });

  it('lets another node take over a job whose node stopped, and ignores the stale outcome', async () => {
    const crashed = runner('node-a', test.db);
    const survivor = runner('node-b', other);
    const stuck = deferred();
    const started = deferred();
    const ranOn: string[] = [];
    crashed.register('backup.run', async () => {
      ranOn.push('node-a');
      started.resolve();
      await stuck.promise;
    });
    survivor.register('backup.run', async () => {
      ranOn.push('node-b');
    });
    await test.db.transaction((tx) => enqueueJob(tx, clock, 'backup.run', {}));

    const crashedTick = crashed.tick();
    await started.promise;
    let [row] = await jobs('backup.run');
    expect(row).toMatchObject({ status: 'running', locked_by: 'node-a', attempts: 1 });

    // Inside the lease the job stays with node-a.
    clock.advance(59_999);
    expect(await survivor.tick()).toBe(0);
    // After it, node-b takes it over.
    clock.advance(1);
    expect(await survivor.tick()).toBe(1);
    [row] = await jobs('backup.run');
    expect(row).toMatchObject({ status: 'done', attempts: 2, locked_by: null });

    // The stalled node wakes up and finishes: its outcome no longer counts.
    stuck.resolve();
    await crashedTick;
    [row] = await jobs('backup.run');
    expect(row).toMatchObject({ status: 'done', attempts: 2 });
    expect(ranOn).toEqual(['node-a', 'node-b']);
  });

  it('fails a job whose node stopped during its last attempt', async () => {
    const crashed = runner('node-a', test.db);
    const survivor = runner('node-b', other);
    const stuck = deferred();
    const started = deferred();
    crashed.register(
      'backup.run',
      async () => {
        started.resolve();
        await stuck.promise;
      },
      { maxAttempts: 1 },
    );
    let survivorRan = false;
    survivor.register('backup.run', async () => {
      survivorRan = true;
    });
    await test.db.transaction((tx) => crashed.enqueue(tx, 'backup.run'));
    const crashedTick = crashed.tick();
    await started.promise;
    clock.advance(60_000);
    expect(await survivor.tick()).toBe(0);
    expect(survivorRan).toBe(false);
    const [row] = await jobs('backup.run');
    expect(row).toMatchObject({ status: 'failed', attempts: 1, max_attempts: 1 });
    expect(row?.last_error).toMatch(/stopped/);
    stuck.resolve();
    await crashedTick;
    expect((await jobs('backup.run'))[0]?.status).toBe('failed');
  });

  it('does not run a job twice while its handler is still running on the other node', async () => {
    const a = runner('node-a', test.db);
    const b = runner('node-b', other);
    const release = deferred();
    const started = deferred();
    let runs = 0;
    const handler = async () => {
      runs++;
      started.resolve();
      await release.promise;
    };
    a.register('purge.tenant', handler);
    b.register('purge.tenant', handler);
    await test.db.transaction((tx) => enqueueJob(tx, clock, 'purge.tenant', { tenant: 't1' }));

    const aTick = a.tick();
    await started.promise;
    for (let i = 0; i < 5; i++) {
      clock.advance(10_000);
      expect(await Promise.all([b.tick(), a.tick()])).toEqual([0, 0]);
    }
    expect(runs).toBe(1);
    expect(await jobQueueStats(test.db)).toEqual({ queued: 0, running: 1, failed: 0 });
    release.resolve();
    await aTick;
    expect(runs).toBe(1);
    expect((await jobs('purge.tenant'))[0]).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('renews the lease while a long handler runs', async () => {
    const a = runner('node-a', test.db, { leaseMs: 1_000 });
    const b = runner('node-b', other, { leaseMs: 1_000 });
    const release = deferred();
    const started = deferred();
    let runs = 0;
    const handler = async () => {
      runs++;
      started.resolve();
      await release.promise;
    };
    a.register('backup.run', handler);
    b.register('backup.run', handler);
    await test.db.transaction((tx) => enqueueJob(tx, clock, 'backup.run', {}));
    const aTick = a.tick();
    await started.promise;
    for (let i = 0; i < 3; i++) {
      clock.advance(900);
      // Long enough for a renewal (every third of the lease) to land.
      await new Promise((r) => setTimeout(r, 700));
      expect(await b.tick()).toBe(0);
    }
    release.resolve();
    await aTick;
    expect(runs).toBe(1);
    expect((await jobs('backup.run'))[0]).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('claims only the job names this node has registered', async () => {
    const node = runner('node-a', test.db);
    node.register('known.job', async () => undefined);
    await test.db.transaction(async (tx) => {
      await enqueueJob(tx, clock, 'known.job', {});
      await enqueueJob(tx, clock, 'unknown.job', {});
    });
    expect(await node.tick()).toBe(1);
    expect((await jobs('unknown.job'))[0]?.status).toBe('queued');
  });

  it('polls once started, and stop() waits for the handler that is running', async () => {
    const node = runner('node-a', test.db, { pollMs: 10, concurrency: 2 });
    const release = deferred();
    const slowStarted = deferred();
    const done: number[] = [];
    node.register('report.build', async ({ job }) => {
      const n = (job.payload as { n: number }).n;
      if (n === 2) {
        slowStarted.resolve();
        await release.promise;
      }
      done.push(n);
    });
    await test.db.transaction(async (tx) => {
      for (const n of [1, 2, 3]) await enqueueJob(tx, clock, 'report.build', { n });
    });
    node.start();
    await slowStarted.promise;
    await until(() => done.length === 2);
    expect(done.sort()).toEqual([1, 3]);

    let stopped = false;
    const stopping = node.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect(done.sort()).toEqual([1, 2, 3]);
    expect(await node.stats()).toEqual({ queued: 0, running: 0, failed: 0 });
  });
});
