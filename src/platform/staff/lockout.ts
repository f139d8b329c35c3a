import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';
import { recordOperatorEvent, type AuditOrigin } from '../audit/index.js';

/**
 * Staff lockout: five consecutive wrong passwords or TOTP codes lock the staff account for
 * fifteen minutes. Only a completed sign-in (both factors) or a security officer's unlock
 * clears the count, so knowing the password does not buy more code guesses. Failures older
 * than the window are forgotten.
 */
export const STAFF_LOCKOUT = Object.freeze({ maxFailures: 5, lockMinutes: 15, failureWindowHours: 12 });

/** What counting one failed attempt did. */
export type StaffFailure =
  /** The account was locked already: the attempt must not be verified, and nothing was counted. */
  | { kind: 'locked'; lockedUntil: Date }
  /** Counted; `lockedUntil` is set when this attempt reached the limit and locked the account. */
  | { kind: 'counted'; lockedUntil?: Date };

interface GuardRow {
  failed_logins: number;
  locked_until: Date | null;
  last_failed_login_at: Date | null;
}

/**
 * Counts one failed attempt under the staff row's lock (`FOR UPDATE`), so parallel
 * attempts never exceed the limit. The password step counts before it verifies (and
 * forgives the attempt when the password was right); the code step counts wrong codes.
 */
export async function countStaffFailure(tx: Tx, clock: Clock, staffId: string): Promise<StaffFailure> {
  const now = clock.now();
  const { rows } = await tx.query<GuardRow>('SELECT failed_logins, locked_until, last_failed_login_at FROM ops.staff WHERE id = $1 FOR UPDATE', [staffId]);
  const row = rows[0];
  if (!row) throw new Error('countStaffFailure: the staff member vanished; count inside the transaction that found them');
  if (row.locked_until && row.locked_until > now) return { kind: 'locked', lockedUntil: row.locked_until };
  const windowStart = now.getTime() - STAFF_LOCKOUT.failureWindowHours * 3_600_000;
  const fresh = !row.last_failed_login_at || row.last_failed_login_at.getTime() <= windowStart || row.locked_until !== null;
  const attempt = (fresh ? 0 : row.failed_logins) + 1;
  if (attempt >= STAFF_LOCKOUT.maxFailures) {
    const lockedUntil = new Date(now.getTime() + STAFF_LOCKOUT.lockMinutes * 60_000);
    await tx.query('UPDATE ops.staff SET failed_logins = $2, locked_until = $3, last_failed_login_at = $4 WHERE id = $1', [staffId, attempt, lockedUntil, now]);
    return { kind: 'counted', lockedUntil };
  }
  await tx.query('UPDATE ops.staff SET failed_logins = $2, locked_until = NULL, last_failed_login_at = $3 WHERE id = $1', [staffId, attempt, now]);
  return { kind: 'counted' };
}

/**
 * Takes back an attempt counted before verification that turned out to be the right
 * password: one failure fewer, and the lock it applied (if any, and still the same) lifted.
 */
export async function forgiveStaffAttempt(tx: Tx, staffId: string, failure: StaffFailure): Promise<void> {
  if (failure.kind !== 'counted') return;
  if (failure.lockedUntil) {
    await tx.query(
      `UPDATE ops.staff SET failed_logins = GREATEST(failed_logins - 1, 0), locked_until = NULL WHERE id = $1 AND locked_until = $2`,
      [staffId, failure.lockedUntil],
    );
    return;
  }
  await tx.query('UPDATE ops.staff SET failed_logins = GREATEST(failed_logins - 1, 0) WHERE id = $1', [staffId]);
}

/** Records `ops.staff.locked` for a lock this attempt applied, unless it was lifted meanwhile. */
export async function recordStaffLockIfInForce(
  tx: Tx,
  clock: Clock,
  staffId: string,
  failure: StaffFailure,
  trigger: 'password' | 'totp',
  origin: AuditOrigin,
): Promise<void> {
  if (failure.kind !== 'counted' || !failure.lockedUntil) return;
  const { rows } = await tx.query<{ locked_until: Date | null }>('SELECT locked_until FROM ops.staff WHERE id = $1', [staffId]);
  if (rows[0]?.locked_until?.getTime() !== failure.lockedUntil.getTime()) return;
  await recordOperatorEvent(tx, clock, origin, {
    actor: { type: 'system' },
    action: 'ops.staff.locked',
    target: { type: 'staff', id: staffId },
    result: 'denied',
    reason: trigger === 'password' ? 'too_many_wrong_passwords' : 'too_many_wrong_codes',
    details: { lockedUntil: failure.lockedUntil.toISOString(), minutes: STAFF_LOCKOUT.lockMinutes, failures: STAFF_LOCKOUT.maxFailures },
  });
}

/** A completed sign-in: the failure count and any lock are gone; the sign-in time is kept. */
export async function recordStaffSignIn(tx: Tx, clock: Clock, staffId: string): Promise<void> {
  await tx.query('UPDATE ops.staff SET failed_logins = 0, locked_until = NULL, last_failed_login_at = NULL, last_sign_in_at = $2 WHERE id = $1', [staffId, clock.now()]);
}

/** Whether the staff member is locked out at this moment. */
export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil > now;
}
