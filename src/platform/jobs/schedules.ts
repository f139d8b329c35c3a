import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';
import { enqueueJob } from './enqueueJob.js';

/** The first period boundary strictly after `now`, periods aligned to the Unix epoch. */
export function nextPeriodBoundary(now: Date, everyMs: number): Date {
  return new Date((Math.floor(now.getTime() / everyMs) + 1) * everyMs);
}

/** The key that makes a recurring job's period run once, whichever node enqueues it. */
function periodSingletonKey(name: string, periodStart: Date): string {
  return `${name}@${periodStart.toISOString()}`;
}

/**
 * Declares a recurring job. Declaring it again with the same period changes nothing, so
 * every node can declare its schedules at boot; a new period realigns the next run.
 */
export async function upsertSchedule(tx: Tx, clock: Clock, name: string, everyMs: number): Promise<void> {
  const now = clock.now();
  await tx.query(
    `INSERT INTO ops.job_schedules (name, every_ms, next_run_at, updated_at)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO UPDATE
       SET every_ms = EXCLUDED.every_ms, next_run_at = EXCLUDED.next_run_at, updated_at = EXCLUDED.updated_at
       WHERE ops.job_schedules.every_ms <> EXCLUDED.every_ms`,
    [name, everyMs, nextPeriodBoundary(now, everyMs), now],
  );
}

/**
 * Enqueues the job of every due schedule among `names`. The UPDATE both finds the due
 * schedules and moves them on, so of two nodes racing only the first sees the row due;
 * the period's singleton key covers what a race could still slip through. A node that
 * was down for several periods enqueues only the latest one: recurring work catches up
 * once instead of once per missed period.
 */
export async function enqueueDueSchedules(
  tx: Tx,
  clock: Clock,
  names: readonly string[],
  maxAttemptsOf: (name: string) => number,
): Promise<number> {
  if (names.length === 0) return 0;
  const now = clock.now();
  const { rows } = await tx.query<{ name: string; everyMs: number; nextRunAt: Date }>(
    `UPDATE ops.job_schedules
        SET next_run_at = to_timestamp((floor(extract(epoch FROM $1::timestamptz) * 1000 / every_ms) + 1) * every_ms / 1000.0),
            last_enqueued_at = $1
      WHERE next_run_at <= $1 AND name = ANY($2::text[])
      RETURNING name, every_ms::float8 AS "everyMs", next_run_at AS "nextRunAt"`,
    [now, names],
  );
  let enqueued = 0;
  for (const row of rows) {
    const periodStart = new Date(row.nextRunAt.getTime() - row.everyMs);
    const id = await enqueueJob(
      tx,
      clock,
      row.name,
      { scheduledFor: periodStart.toISOString() },
      { runAt: periodStart, singletonKey: periodSingletonKey(row.name, periodStart), maxAttempts: maxAttemptsOf(row.name) },
    );
    if (id) enqueued++;
  }
  return enqueued;
}
