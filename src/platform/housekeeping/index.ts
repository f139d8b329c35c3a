import type { Clock } from '../../core/clock.js';
import { withTenant, withoutTenant, type Database } from '../../core/db/index.js';
import { recordOperatorEvent } from '../audit/index.js';
import type { JobRunner } from '../jobs/index.js';

export const HOUSEKEEPING_JOB = 'platform.housekeeping';
export const HOUSEKEEPING_EVERY_MS = 60 * 60_000;

/** How long finished rows are kept before housekeeping removes them. */
export const KEEP = {
  /** Ended sessions (expired or revoked), kept a while for the user's session history. */
  endedSessionsMs: 30 * 24 * 3_600_000,
  /** Finished jobs; their effects are in the logs. */
  finishedJobsMs: 7 * 24 * 3_600_000,
  /** Used or expired first-staff setup links, and staff sign-in challenges. */
  setupTokensMs: 7 * 24 * 3_600_000,
  /** Expired sign-in challenges, passkey ceremonies and password-reset links of tenant users. */
  challengesMs: 24 * 3_600_000,
} as const;

export interface HousekeepingResult {
  sessions: number;
  challenges: number;
  jobs: number;
  setupTokens: number;
}

/**
 * Removes rows that have served their purpose: ended sessions (per tenant, under RLS),
 * finished jobs and old setup links. Idempotent; the counts go to the operator log.
 */
export async function runHousekeeping(db: Database, clock: Clock): Promise<HousekeepingResult> {
  const now = clock.now().getTime();
  const tenantIds = await withoutTenant(db, async (tx) => (await tx.query<{ id: string }>('SELECT id FROM ops.tenants ORDER BY id')).rows.map((r) => r.id));
  let sessions = 0;
  let challenges = 0;
  for (const tenantId of tenantIds) {
    await withTenant(db, tenantId, async (tx) => {
      const cutoff = new Date(now - KEEP.endedSessionsMs);
      sessions += (await tx.query('DELETE FROM platform.sessions WHERE expires_at < $1 OR revoked_at < $1', [cutoff])).rowCount;
      const stale = new Date(now - KEEP.challengesMs);
      challenges += (await tx.query('DELETE FROM platform.mfa_challenges WHERE expires_at < $1', [stale])).rowCount;
      challenges += (await tx.query('DELETE FROM platform.webauthn_ceremonies WHERE expires_at < $1', [stale])).rowCount;
      challenges += (await tx.query('DELETE FROM platform.password_reset_tokens WHERE expires_at < $1', [stale])).rowCount;
    });
  }
  return withoutTenant(db, async (tx) => {
    const jobs = await tx.query(`DELETE FROM ops.jobs WHERE status IN ('done', 'failed') AND finished_at < $1`, [new Date(now - KEEP.finishedJobsMs)]);
    const tokens = await tx.query('DELETE FROM ops.staff_setup_tokens WHERE (used_at IS NOT NULL OR expires_at < $1) AND created_at < $2', [
      new Date(now),
      new Date(now - KEEP.setupTokensMs),
    ]);
    await tx.query('DELETE FROM ops.staff_login_challenges WHERE expires_at < $1', [new Date(now - KEEP.challengesMs)]);
    const result = { sessions, challenges, jobs: jobs.rowCount, setupTokens: tokens.rowCount };
    await recordOperatorEvent(tx, clock, {}, {
      actor: { type: 'system' },
      action: 'ops.housekeeping.completed',
      result: 'success',
      details: { ...result },
    });
    return result;
  });
}

/** Registers housekeeping as an hourly recurring job. */
export async function registerHousekeeping(runner: JobRunner, db: Database, clock: Clock): Promise<void> {
  runner.register(HOUSEKEEPING_JOB, async () => {
    await runHousekeeping(db, clock);
  });
  await runner.schedule(HOUSEKEEPING_JOB, HOUSEKEEPING_EVERY_MS);
}
