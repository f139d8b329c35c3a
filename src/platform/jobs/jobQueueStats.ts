import { withoutTenant, type Database } from '../../core/db/index.js';

/** Queue figures for the metrics endpoint and the operator console. */
export interface JobQueueStats {
  queued: number;
  running: number;
  failed: number;
}

/** Counts jobs by state across every node. */
export async function jobQueueStats(db: Database): Promise<JobQueueStats> {
  return withoutTenant(db, async (tx) => {
    const { rows } = await tx.query<JobQueueStats>(
      `SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued,
              count(*) FILTER (WHERE status = 'running')::int AS running,
              count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM ops.jobs
        WHERE status IN ('queued', 'running', 'failed')`,
    );
    return rows[0] ?? { queued: 0, running: 0, failed: 0 };
  });
}
