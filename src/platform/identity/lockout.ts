import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../audit/index.js';

/**
 * Per-account brute-force defence. After `maxFailures` wrong passwords or wrong second-factor
 * answers in a row the account locks; each further lockout (before a completed sign-in) waits
 * longer, up to the last step of `backoffMinutes`. Failures older than `failureWindowHours`
 * are forgotten.
 */
export interface LockoutPolicy {
  maxFailures: number;
  backoffMinutes: readonly number[];
  failureWindowHours: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = Object.freeze({
  maxFailures: 5,
  backoffMinutes: Object.freeze([1, 5, 15, 60]),
  failureWindowHours: 12,
});

/** The wait after the `lockouts`-th lockout (0-based), capped at the last step. */
export function lockoutMinutes(policy: LockoutPolicy, lockouts: number): number {
  const steps = policy.backoffMinutes;
  return steps[Math.min(lockouts, steps.length - 1)] ?? 1;
}

/** A lockout applied by the attempt that reached the limit. */
export interface AppliedLock {
  until: Date;
  minutes: number;
  /** Lockouts since the last success, this one included. */
  lockouts: number;
}

/**
 * The outcome of asking to verify a password. `granted: false` means the account is
 * locked: the caller must answer exactly as for a wrong password, after the same hashing
 * work, without verifying the real hash. When `lock` is set, this attempt was the last
 * one allowed and the account is already locked; a success lifts it.
 */
export type AttemptReservation = { granted: true; lock?: AppliedLock } | { granted: false; lockedUntil: Date };

interface GuardRow {
  failed_logins: number;
  lockout_count: number;
  locked_until: Date | null;
  last_failed_login_at: Date | null;
}

/**
 * Reserves one password verification for the user, before the hash is checked. The row
 * lock (`FOR UPDATE`) serialises parallel attempts, so however many guesses arrive at once,
 * at most `maxFailures` are ever verified before the account locks. The attempt that
 * reaches the limit locks the account at once (its own verification still runs); a lock
 * that has run out is lifted here and recorded as `auth.lockout.ended`.
 */
export async function reserveLoginAttempt(
  tx: Tx,
  clock: Clock,
  policy: LockoutPolicy,
  user: { tenantId: string; userId: string },
  origin: AuditOrigin,
): Promise<AttemptReservation> {
  const now = clock.now();
  const { rows } = await tx.query<GuardRow>(
    `SELECT failed_logins, lockout_count, locked_until, last_failed_login_at
       FROM platform.users WHERE id = $1 FOR UPDATE`,
    [user.userId],
  );
  const row = rows[0];
  if (!row) throw new Error('reserveLoginAttempt: the user vanished; reserve inside the transaction that found the user');
  if (row.locked_until && row.locked_until > now) return { granted: false, lockedUntil: row.locked_until };

  const windowStart = now.getTime() - policy.failureWindowHours * 3_600_000;
  const fresh = !row.last_failed_login_at || row.last_failed_login_at.getTime() <= windowStart;
  const failures = fresh ? 0 : row.failed_logins;
  const lockouts = fresh ? 0 : row.lockout_count;
  if (row.locked_until) {
    await recordTenantEvent(tx, clock, user.tenantId, origin, {
      actor: { type: 'system' },
      action: 'auth.lockout.ended',
      target: { type: 'user', id: user.userId },
      result: 'success',
      reason: 'expired',
      details: { lockedUntil: row.locked_until.toISOString() },
    });
  }

  const attempt = failures + 1;
  if (attempt >= policy.maxFailures) {
    const minutes = lockoutMinutes(policy, lockouts);
    const until = new Date(now.getTime() + minutes * 60_000);
    await tx.query(
      `UPDATE platform.users SET failed_logins = 0, lockout_count = $2, locked_until = $3, last_failed_login_at = $4 WHERE id = $1`,
      [user.userId, lockouts + 1, until, now],
    );
    return { granted: true, lock: { until, minutes, lockouts: lockouts + 1 } };
  }
  await tx.query(
    `UPDATE platform.users SET failed_logins = $2, lockout_count = $3, locked_until = NULL, last_failed_login_at = $4 WHERE id = $1`,
    [user.userId, attempt, lockouts, now],
  );
  return { granted: true };
}

/**
 * A correct password while a second factor is still to come: gives back the attempt this
 * sign-in reserved, and keeps earlier failures, which only a completed sign-in clears. Someone
 * who knows the password must not reset the count of their guesses at the second factor by
 * typing it again. When this attempt applied the lock, the lock is lifted (the password was
 * right) and the failures go back to where they were before it.
 */
export async function releaseLoginAttempt(tx: Tx, policy: LockoutPolicy, userId: string, reservation: AttemptReservation | undefined): Promise<void> {
  if (!reservation?.granted) return;
  if (reservation.lock) {
    await tx.query(
      `UPDATE platform.users SET locked_until = NULL, lockout_count = greatest(lockout_count - 1, 0), failed_logins = $2
        WHERE id = $1 AND locked_until = $3`,
      [userId, policy.maxFailures - 1, reservation.lock.until],
    );
    return;
  }
  await tx.query('UPDATE platform.users SET failed_logins = greatest(failed_logins - 1, 0) WHERE id = $1', [userId]);
}

/** A completed sign-in (or a correct password with no second factor): forget every failure and lift any lockout. */
export async function clearLoginFailures(tx: Tx, userId: string): Promise<void> {
  await tx.query(
    `UPDATE platform.users SET failed_logins = 0, lockout_count = 0, locked_until = NULL, last_failed_login_at = NULL
      WHERE id = $1 AND (failed_logins <> 0 OR lockout_count <> 0 OR locked_until IS NOT NULL OR last_failed_login_at IS NOT NULL)`,
    [userId],
  );
}

/**
 * After a wrong password on the attempt that locked the account: records `auth.lockout`,
 * unless a parallel success has lifted the lock in the meantime.
 */
export async function recordLockoutIfInForce(
  tx: Tx,
  clock: Clock,
  user: { tenantId: string; userId: string },
  lock: AppliedLock | undefined,
  origin: AuditOrigin,
  reason: 'too_many_failed_passwords' | 'too_many_failed_second_factors' = 'too_many_failed_passwords',
): Promise<void> {
  if (!lock) return;
  const { rows } = await tx.query<{ locked_until: Date | null }>('SELECT locked_until FROM platform.users WHERE id = $1', [user.userId]);
  const current = rows[0]?.locked_until;
  if (!current || current.getTime() !== lock.until.getTime()) return;
  await recordTenantEvent(tx, clock, user.tenantId, origin, {
    actor: { type: 'system' },
    action: 'auth.lockout',
    target: { type: 'user', id: user.userId },
    result: 'denied',
    reason,
    details: { lockedUntil: lock.until.toISOString(), minutes: lock.minutes, lockouts: lock.lockouts },
  });
}

/**
 * Lifts a lockout because the user proved control of the account another way (a password
 * reset through their mailbox); recorded as `auth.lockout.ended` when a lock was in force.
 */
export async function liftLockout(
  tx: Tx,
  clock: Clock,
  user: { tenantId: string; userId: string },
  reason: string,
  origin: AuditOrigin,
): Promise<void> {
  const { rows } = await tx.query<{ locked_until: Date | null }>('SELECT locked_until FROM platform.users WHERE id = $1', [user.userId]);
  const lockedUntil = rows[0]?.locked_until;
  await clearLoginFailures(tx, user.userId);
  if (lockedUntil && lockedUntil > clock.now()) {
    await recordTenantEvent(tx, clock, user.tenantId, origin, {
      actor: { type: 'system' },
      action: 'auth.lockout.ended',
      target: { type: 'user', id: user.userId },
      result: 'success',
      reason,
      details: { lockedUntil: lockedUntil.toISOString() },
    });
  }
}
