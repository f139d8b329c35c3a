import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { withTenant, withoutTenant, type Database } from '../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../audit/index.js';
import { findTenantByCode, normalizeEmail } from '../tenancy/index.js';
import { verifyAgainstDummy, verifyPassword } from './passwordHashing.js';
import { secondFactorFor, type SecondFactorChallenge } from './mfaGate.js';
import { temporaryPasswordExpired } from './temporaryPasswords.js';
import { clearLoginFailures, DEFAULT_LOCKOUT_POLICY, recordLockoutIfInForce, releaseLoginAttempt, reserveLoginAttempt, type AttemptReservation, type LockoutPolicy } from './lockout.js';
import { createSession, type SessionPolicy } from './sessions.js';

export const loginSchema = z.strictObject({
  companyCode: z.string().min(1).max(40).meta({ description: 'Company code (企業コード); full-width and lower case are folded.' }),
  email: z.string().min(1).max(254),
  // Checked exactly as typed: never trimmed or normalised.
  password: z.string().min(1).max(1024),
});
export type LoginInput = z.infer<typeof loginSchema>;

export interface LoginResult {
  tenantId: string;
  userId: string;
  sessionId: string;
  cookieValue: string;
  expiresAt: Date;
}

/** A sign-in either completes with a session or continues with a second factor. */
export type LoginOutcome = ({ kind: 'session' } & LoginResult) | { kind: 'second_factor'; challenge: SecondFactorChallenge };

interface Candidate {
  id: string;
  password_hash: string | null;
  status: string;
}

/** Why a sign-in failed, for the tenant's event log only: the answer is always the same. */
function failureReason(candidate: Candidate | undefined, reservation: AttemptReservation | undefined): string {
  if (!candidate) return 'unknown_email';
  if (candidate.status !== 'active' || !candidate.password_hash) return 'inactive_or_no_password';
  if (reservation && !reservation.granted) return 'locked';
  return 'wrong_password';
}

/**
 * Password sign-in: company code + e-mail + password. Every failure answers the same
 * `auth.invalid_credentials` after the same hashing work; failures for a known tenant
 * are recorded in that tenant's event log. Before the hash of a known account is checked,
 * an attempt is reserved under the account's row lock (see `reserveLoginAttempt`), so a
 * locked account, or parallel guesses beyond the limit, never reach the real hash: they
 * are checked against a dummy hash and answered as a wrong password. A correct password
 * clears the failures when it completes the sign-in; when a second factor is still to come it
 * only gives back its own attempt, and the second factor's wrong answers count on (see
 * `releaseLoginAttempt`). The hash is verified outside any transaction so a slow hash never
 * holds a database connection.
 */
export async function loginWithPassword(
  deps: { db: Database; clock: Clock; session: SessionPolicy; lockout?: LockoutPolicy },
  input: LoginInput,
  origin: AuditOrigin,
): Promise<LoginOutcome> {
  const { db, clock } = deps;
  const policy = deps.lockout ?? DEFAULT_LOCKOUT_POLICY;
  const tenant = await withoutTenant(db, (tx) => findTenantByCode(tx, input.companyCode));
  if (!tenant || tenant.status !== 'active') {
    await verifyAgainstDummy(input.password);
    throw new AppError('auth.invalid_credentials', { internal: 'unknown or inactive company code' });
  }
  const email = normalizeEmail(input.email);
  const { candidate, reservation } = await withTenant(db, tenant.id, async (tx) => {
    const { rows } = await tx.query<Candidate>(
      'SELECT id, password_hash, status FROM platform.users WHERE email_normalized = $1',
      [email],
    );
    const found = rows[0];
    if (!found || found.status !== 'active' || !found.password_hash) return { candidate: found, reservation: undefined };
    const reserved = await reserveLoginAttempt(tx, clock, policy, { tenantId: tenant.id, userId: found.id }, origin);
    return { candidate: found, reservation: reserved };
  });
  const ok =
    candidate?.password_hash && reservation?.granted
      ? await verifyPassword(candidate.password_hash, input.password)
      : await verifyAgainstDummy(input.password);

  if (!ok || !candidate) {
    await withTenant(db, tenant.id, async (tx) => {
      await recordTenantEvent(tx, clock, tenant.id, origin, {
        actor: candidate ? { type: 'user', id: candidate.id } : { type: 'anonymous' },
        action: 'auth.login.failed',
        target: candidate ? { type: 'user', id: candidate.id } : undefined,
        result: 'failure',
        reason: failureReason(candidate, reservation),
      });
      if (candidate && reservation?.granted) {
        await recordLockoutIfInForce(tx, clock, { tenantId: tenant.id, userId: candidate.id }, reservation.lock, origin);
      }
    });
    throw new AppError('auth.invalid_credentials', { internal: 'wrong credentials' });
  }

  const outcome = await withTenant(db, tenant.id, async (tx): Promise<LoginOutcome | { kind: 'temporary_password_expired' }> => {
    if (await temporaryPasswordExpired(tx, candidate.id, clock.now())) {
      await releaseLoginAttempt(tx, policy, candidate.id, reservation);
      await recordTenantEvent(tx, clock, tenant.id, origin, {
        actor: { type: 'user', id: candidate.id },
        action: 'auth.login.failed',
        target: { type: 'user', id: candidate.id },
        result: 'failure',
        reason: 'temporary_password_expired',
      });
      return { kind: 'temporary_password_expired' };
    }
    const challenge = await secondFactorFor(tx, clock, { tenantId: tenant.id, userId: candidate.id });
    if (challenge) {
      await releaseLoginAttempt(tx, policy, candidate.id, reservation);
      await recordTenantEvent(tx, clock, tenant.id, origin, {
        actor: { type: 'user', id: candidate.id },
        action: 'auth.login.password_verified',
        target: { type: 'user', id: candidate.id },
        result: 'success',
        details: { next: challenge.enrolmentRequired ? 'mfa_enrolment' : 'mfa_challenge' },
      });
      return { kind: 'second_factor', challenge };
    }
    await clearLoginFailures(tx, candidate.id);
    const session = await createSession(tx, clock, deps.session, {
      tenantId: tenant.id,
      userId: candidate.id,
      ip: origin.ip,
      userAgent: origin.userAgent,
    });
    await recordTenantEvent(tx, clock, tenant.id, origin, {
      actor: { type: 'user', id: candidate.id },
      action: 'auth.login.succeeded',
      target: { type: 'session', id: session.sessionId },
      result: 'success',
      details: { method: 'password' },
    });
    return { kind: 'session', tenantId: tenant.id, userId: candidate.id, ...session };
  });
  // Only someone who knows the temporary password learns it has expired; they ask for a new one.
  if (outcome.kind === 'temporary_password_expired') throw new AppError('auth.temporary_password_expired');
  return outcome;
}
