import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';

/** A value that survives the trip through `jsonb` unchanged (so no `Date`, no `undefined`). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A job's payload: a JSON object. Put ids in it, never secrets or message bodies. */
export type JobPayload = { readonly [key: string]: JsonValue };

/** Attempts a job gets when neither its enqueuer nor its registration says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 5;

const JOB_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

export interface EnqueueOptions {
  /** When the job becomes due; now by default. */
  runAt?: Date;
  /**
   * At most one job per name carries this key, for as long as its row exists (done and
   * failed rows included): a second enqueue with the same key inserts nothing.
   */
  singletonKey?: string;
  /** Fixed at enqueue time; the runner fails the job after this many attempts. */
  maxAttempts?: number;
  /** The tenant the job concerns, so a tenant purge can find its jobs. */
  customerId?: string;
}

/**
 * Adds a job to the queue inside the caller's transaction (the outbox pattern): the job
 * exists exactly when the caller's change commits. Returns the new job's id, or `null`
 * when a job with the same name and singleton key already exists.
 */
export async function enqueueJob(
  tx: Tx,
  clock: Clock,
  name: string,
  payload: JobPayload = {},
  options: EnqueueOptions = {},
): Promise<string | null> {
  if (!JOB_NAME.test(name)) {
    throw new Error(`enqueueJob: "${name}" is not a job name; use dotted lower-case words such as "mail.deliver"`);
  }
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
    throw new Error(`enqueueJob: maxAttempts must be a whole number from 1 to 100 (got ${maxAttempts})`);
  }
  const now = clock.now();
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO ops.jobs (name, payload, customer_id, run_at, max_attempts, singleton_key, created_at)
     VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7)
     ON CONFLICT (name, singleton_key) DO NOTHING
     RETURNING id`,
    [name, JSON.stringify(payload), options.customerId ?? null, options.runAt ?? now, maxAttempts, options.singletonKey ?? null, now],
  );
  return rows[0]?.id ?? null;
}
