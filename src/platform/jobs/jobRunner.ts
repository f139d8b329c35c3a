import type { Clock } from '../../core/clock.js';
import { withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import type { Logger } from '../../core/logger.js';
import { DEFAULT_MAX_ATTEMPTS, enqueueJob, type EnqueueOptions, type JobPayload } from './enqueueJob.js';
import { PermanentJobError, shortError } from './jobErrors.js';
import { jobQueueStats, type JobQueueStats } from './jobQueueStats.js';
import { enqueueDueSchedules, upsertSchedule } from './schedules.js';

/** What a handler is told about the job it runs. */
export interface JobInfo<P> {
  id: string;
  name: string;
  payload: P;
  /** This attempt's number, from 1. */
  attempts: number;
  maxAttempts: number;
  customerId: string | null;
}

export interface JobContext<P> {
  job: JobInfo<P>;
  db: Database;
  clock: Clock;
  logger: Logger;
}

/**
 * Does one job's work. It runs outside any transaction and opens its own short ones
 * through `ctx.db`. It may run more than once for one job (a node can die after the work
 * and before recording it), so it must be idempotent.
 */
export type JobHandler<P = unknown> = (ctx: JobContext<P>) => Promise<void>;

/** Back-off before the next attempt: a base for doubling delays, or a function of the failed attempt's number. */
export type Backoff = number | ((attempt: number) => number);

export interface JobOptions<P> {
  /** Attempts for jobs this runner enqueues and for scheduled runs; default 5. */
  maxAttempts?: number;
  backoffMs?: Backoff;
  /** Checks the stored payload (e.g. a zod schema's `parse`); a throw fails the job for good. */
  parse?: (raw: unknown) => P;
}

export interface JobRunnerOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Names this process in `locked_by`; unique per node (host name and process id do). */
  nodeId: string;
  /** How long a claim holds without renewal; a dead node's jobs return after this. */
  leaseMs?: number;
  /** Interval between polls once `start()`ed. */
  pollMs?: number;
  /** Handlers this node runs at once. */
  concurrency?: number;
}

interface Registration {
  run: JobHandler<unknown>;
  maxAttempts: number;
  backoff: (attempt: number) => number;
}

interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  customerId: string | null;
}

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_POLL_MS = 2_000;
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_BACKOFF_BASE_MS = 5_000;
const MAX_BACKOFF_MS = 3_600_000;

function backoffFunction(backoff: Backoff | undefined): (attempt: number) => number {
  if (typeof backoff === 'function') return backoff;
  const base = backoff ?? DEFAULT_BACKOFF_BASE_MS;
  return (attempt) => Math.min(base * 2 ** (attempt - 1), MAX_BACKOFF_MS);
}

/**
 * Runs queued jobs on this node. Any number of nodes may run one against the same
 * database: a job is claimed with `FOR UPDATE SKIP LOCKED` under a lease that the runner
 * renews while the handler works, so no two nodes run a job at once, and a job whose
 * node died is taken over once its lease runs out. Claiming, running and recording are
 * separate steps and no transaction stays open while a handler runs, which also keeps
 * PGlite's single connection free.
 */
export class JobRunner {
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly nodeId: string;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly registrations = new Map<string, Registration>();
  private readonly active = new Set<Promise<void>>();
  /** Passes run one after another, so a poll and a `tick()` never overbook the slots. */
  private passChain: Promise<unknown> = Promise.resolve();
  private polling = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: JobRunnerOptions) {
    if (!options.nodeId) throw new Error('JobRunner: nodeId must name this node (for example host name and process id)');
    this.db = options.db;
    this.clock = options.clock;
    this.logger = options.logger;
    this.nodeId = options.nodeId;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (this.leaseMs < 1_000) throw new Error('JobRunner: leaseMs must be at least 1000');
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new Error('JobRunner: concurrency must be a whole number of at least 1');
  }

  /** Registers the handler of the jobs named `name`; this node claims only registered names. */
  register<P>(name: string, handler: JobHandler<P>, options: JobOptions<P> & { parse: (raw: unknown) => P }): void;
  register(name: string, handler: JobHandler<unknown>, options?: JobOptions<unknown>): void;
  register<P>(name: string, handler: JobHandler<P>, options: JobOptions<P> = {}): void {
    if (this.registrations.has(name)) throw new Error(`JobRunner: "${name}" is registered twice; register each job name once per runner`);
    const { parse } = options;
    const run: JobHandler<unknown> = async (ctx) => {
      let payload: P;
      if (parse) {
        try {
          payload = parse(ctx.job.payload);
        } catch (error) {
          throw new PermanentJobError(`the payload of "${name}" is not valid`, { cause: error });
        }
      } else {
        // Without `parse` only the overload where P is `unknown` applies.
        payload = ctx.job.payload as P;
      }
      await handler({ ...ctx, job: { ...ctx.job, payload } });
    };
    this.registrations.set(name, {
      run,
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      backoff: backoffFunction(options.backoffMs),
    });
  }

  /** Enqueues in the caller's transaction with this name's registered attempt limit. */
  enqueue(tx: Tx, name: string, payload: JobPayload = {}, options: EnqueueOptions = {}): Promise<string | null> {
    return enqueueJob(tx, this.clock, name, payload, {
      ...options,
      maxAttempts: options.maxAttempts ?? this.registrations.get(name)?.maxAttempts,
    });
  }

  /**
   * Declares that `name` runs every `everyMs`, on period boundaries aligned to the epoch
   * (every 5 minutes runs at :00, :05, …), first at the next boundary. Idempotent, so
   * every node may declare its schedules at boot.
   */
  async schedule(name: string, everyMs: number): Promise<void> {
    if (!this.registrations.has(name)) throw new Error(`JobRunner.schedule: register a handler for "${name}" before scheduling it`);
    if (!Number.isInteger(everyMs) || everyMs < 1_000) throw new Error('JobRunner.schedule: everyMs must be a whole number of at least 1000');
    await withoutTenant(this.db, (tx) => upsertSchedule(tx, this.clock, name, everyMs));
  }

  /**
   * One pass: enqueues due recurring jobs, claims due jobs up to the free slots (and
   * jobs whose lease ran out), runs them and records the outcome. Resolves with the
   * number of jobs run once they have all finished.
   */
  async tick(): Promise<number> {
    const started = await this.exclusive(() => this.claimAndStart());
    await Promise.all(started);
    return started.length;
  }

  /**
   * Passes until a pass runs nothing (or `maxPasses`): everything due now, including what
   * the finished jobs enqueued for now, has run. For commands and tests that need the
   * queue settled; the running service polls instead. Resolves with the number of jobs run.
   */
  async drain(maxPasses = 100): Promise<number> {
    let total = 0;
    for (let pass = 0; pass < maxPasses; pass++) {
      const ran = await this.tick();
      if (ran === 0) break;
      total += ran;
    }
    return total;
  }

  /** Starts polling on a timer that does not keep the process alive. */
  start(): void {
    if (this.polling) return;
    this.polling = true;
    this.pollAfter(0);
  }

  /** Stops polling and resolves once the handlers running on this node have finished. */
  async stop(): Promise<void> {
    this.polling = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.passChain;
    await Promise.all([...this.active]);
  }

  /** Queue figures across all nodes (see `jobQueueStats`). */
  stats(): Promise<JobQueueStats> {
    return jobQueueStats(this.db);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.passChain.then(fn);
    this.passChain = result.catch(() => undefined);
    return result;
  }

  private pollAfter(delayMs: number): void {
    if (!this.polling) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.exclusive(() => this.claimAndStart()).then(
        (started) => this.pollAfter(started.length > 0 && this.active.size < this.concurrency ? 0 : this.pollMs),
        (error: unknown) => {
          this.logger.error({ err: shortError(error) }, 'job poll failed');
          this.pollAfter(this.pollMs);
        },
      );
    }, delayMs);
    this.timer.unref();
  }

  private async claimAndStart(): Promise<Promise<void>[]> {
    const names = [...this.registrations.keys()];
    if (names.length === 0) return [];
    const free = this.concurrency - this.active.size;
    const now = this.clock.now();
    const claimed = await withoutTenant(this.db, async (tx) => {
      await enqueueDueSchedules(tx, this.clock, names, (name) => this.registrations.get(name)?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
      await this.failAbandonedLastAttempts(tx, now);
      if (free <= 0) return [];
      const { rows } = await tx.query<ClaimedJob>(
        `WITH due AS (
           SELECT id FROM ops.jobs
            WHERE name = ANY($2::text[])
              AND ((status = 'queued' AND run_at <= $1) OR (status = 'running' AND locked_until <= $1))
            ORDER BY run_at, id
            LIMIT $3
            FOR UPDATE SKIP LOCKED
         )
         UPDATE ops.jobs j
            SET status = 'running', attempts = j.attempts + 1, locked_by = $4, locked_until = $5
           FROM due
          WHERE j.id = due.id
        RETURNING j.id, j.name, j.payload, j.attempts, j.max_attempts AS "maxAttempts", j.customer_id AS "customerId"`,
        [now, names, free, this.nodeId, new Date(now.getTime() + this.leaseMs)],
      );
      return rows;
    });
    return claimed.map((job) => {
      const running = this.execute(job).finally(() => this.active.delete(running));
      this.active.add(running);
      return running;
    });
  }

  /** A job whose node died on its last attempt has no attempt left to take it over. */
  private async failAbandonedLastAttempts(tx: Tx, now: Date): Promise<void> {
    const { rows } = await tx.query<{ id: string; name: string }>(
      `UPDATE ops.jobs
          SET status = 'failed', finished_at = $1, locked_by = NULL, locked_until = NULL,
              last_error = 'the node running the last attempt stopped before finishing it'
        WHERE status = 'running' AND locked_until <= $1 AND attempts >= max_attempts
        RETURNING id, name`,
      [now],
    );
    for (const row of rows) this.logger.warn({ jobId: row.id, job: row.name }, 'job failed: its last attempt was abandoned');
  }

  /** Runs a claimed job and records the outcome; never rejects. */
  private async execute(job: ClaimedJob): Promise<void> {
    const registration = this.registrations.get(job.name);
    // Claims are limited to registered names; this only narrows the type.
    if (!registration) return;
    const logger = this.logger.child({ jobId: job.id, job: job.name, attempt: job.attempts });
    let renewing: Promise<void> = Promise.resolve();
    const renewal = setInterval(() => {
      renewing = this.renewLease(job, logger);
    }, Math.max(500, Math.floor(this.leaseMs / 3)));
    renewal.unref();
    let failure: unknown;
    let succeeded = false;
    try {
      await registration.run({ job: { ...job }, db: this.db, clock: this.clock, logger });
      succeeded = true;
    } catch (error) {
      failure = error;
    } finally {
      clearInterval(renewal);
    }
    // A renewal still in flight would otherwise land after the outcome and report a lost lease.
    await renewing;
    try {
      if (succeeded) await this.recordDone(job, logger);
      else await this.recordFailure(job, registration, failure, logger);
    } catch (error) {
      // The lease runs out and another attempt follows; nothing is lost but time.
      logger.error({ err: shortError(error) }, 'could not record the outcome of a job');
    }
  }

  private async renewLease(job: ClaimedJob, logger: Logger): Promise<void> {
    try {
      const now = this.clock.now();
      const { rowCount } = await withoutTenant(this.db, (tx) =>
        tx.query(
          `UPDATE ops.jobs SET locked_until = $2
            WHERE id = $1 AND status = 'running' AND locked_by = $3 AND attempts = $4`,
          [job.id, new Date(now.getTime() + this.leaseMs), this.nodeId, job.attempts],
        ),
      );
      if (rowCount === 0) logger.warn('job lease lost: another node has taken this job over');
    } catch (error) {
      logger.warn({ err: shortError(error) }, 'could not renew a job lease');
    }
  }

  /** Updates the job only if this node still holds this attempt's lease. */
  private async updateOwnAttempt(job: ClaimedJob, set: string, values: readonly unknown[]): Promise<boolean> {
    const { rowCount } = await withoutTenant(this.db, (tx) =>
      tx.query(
        `UPDATE ops.jobs SET ${set}, locked_by = NULL, locked_until = NULL
          WHERE id = $1 AND status = 'running' AND locked_by = $2 AND attempts = $3`,
        [job.id, this.nodeId, job.attempts, ...values],
      ),
    );
    return rowCount > 0;
  }

  private async recordDone(job: ClaimedJob, logger: Logger): Promise<void> {
    const recorded = await this.updateOwnAttempt(job, `status = 'done', finished_at = $4`, [this.clock.now()]);
    if (recorded) logger.debug('job done');
    else logger.warn('job finished after its lease was lost; the outcome is left to the node that took it over');
  }

  private async recordFailure(job: ClaimedJob, registration: Registration, failure: unknown, logger: Logger): Promise<void> {
    const error = shortError(failure);
    const now = this.clock.now();
    const final = failure instanceof PermanentJobError || job.attempts >= job.maxAttempts;
    if (final) {
      const recorded = await this.updateOwnAttempt(job, `status = 'failed', finished_at = $4, last_error = $5`, [now, error]);
      if (recorded) logger.error({ err: error }, 'job failed for good');
      return;
    }
    const retryAt = new Date(now.getTime() + Math.max(0, registration.backoff(job.attempts)));
    const recorded = await this.updateOwnAttempt(job, `status = 'queued', run_at = $4, last_error = $5`, [retryAt, error]);
    if (recorded) logger.warn({ err: error, retryAt: retryAt.toISOString() }, 'job attempt failed; will retry');
  }
}
