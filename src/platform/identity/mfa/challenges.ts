import type { Clock } from '../../../core/clock.js';
import { randomToken, sha256Hex } from '../../../core/crypto.js';
import { AppError, type ErrorCode } from '../../../core/errors.js';
import { withTenant, type Tx } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import { clearLoginFailures, DEFAULT_LOCKOUT_POLICY, recordLockoutIfInForce, reserveLoginAttempt } from '../lockout.js';
import { createSession, parseSessionCookie } from '../sessions.js';
import { consumeChallenge, deleteStaleChallenges, findOpenChallenge, insertChallenge, reserveChallengeAttempt, type ChallengeRow } from './challengeRepository.js';
import { auditActorOf, type MfaDeps, type MfaSubject } from './deps.js';

/** A challenge lives ten minutes and dies after five answers, right or wrong. */
export const CHALLENGE_TTL_MS = 10 * 60_000;
export const CHALLENGE_MAX_ATTEMPTS = 5;

/** Second-factor methods, as the login answer lists them and the audit log names them. */
export const SECOND_FACTOR_METHODS = ['totp', 'recovery_code', 'passkey'] as const;
export type SecondFactorMethod = (typeof SECOND_FACTOR_METHODS)[number];

/**
 * Opens a sign-in challenge for a user whose password was just verified. The token is
 * `<tenant id>.<random>` (the tenant lets the lookup run under RLS, like the session cookie);
 * only its SHA-256 is stored.
 */
export async function openChallenge(
  tx: Tx,
  clock: Clock,
  subject: MfaSubject,
  enrolmentRequired: boolean,
): Promise<{ token: string; expiresAt: Date }> {
  const secret = randomToken();
  const at = clock.now();
  const expiresAt = new Date(at.getTime() + CHALLENGE_TTL_MS);
  await deleteStaleChallenges(tx, subject.userId, at);
  await insertChallenge(tx, { tenantId: subject.tenantId, userId: subject.userId, tokenHash: sha256Hex(secret), enrolmentRequired, at, expiresAt });
  return { token: `${subject.tenantId}.${secret}`, expiresAt };
}

/** The tenant and hashed secret of a challenge token, or a `mfa.challenge_invalid` error. */
export function parseChallengeToken(token: string): { tenantId: string; tokenHash: string } {
  const parsed = parseSessionCookie(token);
  if (!parsed) throw new AppError('mfa.challenge_invalid', { internal: 'malformed challenge token' });
  return { tenantId: parsed.tenantId, tokenHash: sha256Hex(parsed.token) };
}

/** An open challenge without spending an attempt (to hand out setup data or passkey options). */
export async function requireOpenChallenge(tx: Tx, clock: Clock, tokenHash: string, purpose: 'answer' | 'enrol'): Promise<ChallengeRow> {
  const challenge = await findOpenChallenge(tx, tokenHash, clock.now(), CHALLENGE_MAX_ATTEMPTS);
  if (!challenge || challenge.enrolmentRequired !== (purpose === 'enrol')) throw new AppError('mfa.challenge_invalid');
  return challenge;
}

/** The outcome of one answer to a challenge, decided inside its transaction. */
export type AnswerOutcome<T> =
  | { kind: 'signed_in'; cookieValue: string; expiresAt: Date; value: T }
  | { kind: 'rejected'; code: ErrorCode };

/**
 * Runs one answer to a challenge: spends an attempt first (so parallel guesses never exceed
 * the limit), lets `check` verify the answer, and on success uses the challenge up, creates the
 * session, clears the account's failed attempts and records `auth.login.succeeded`. A wrong
 * answer records `auth.mfa.challenge_failed`; at sign-in (not while enrolling a first factor) it
 * also counts towards the account lockout, and while the account is locked an answer is refused
 * without being checked, whichever challenge it belongs to. The attempt and the events commit
 * even though the caller then answers with an error. Throws the error code after the transaction.
 */
export async function answerChallenge<T>(
  deps: MfaDeps,
  token: string,
  purpose: 'answer' | 'enrol',
  method: SecondFactorMethod,
  origin: AuditOrigin,
  check: (tx: Tx, subject: MfaSubject, challenge: ChallengeRow) => Promise<{ ok: true; value: T } | { ok: false; code: ErrorCode }>,
): Promise<{ cookieValue: string; expiresAt: Date; value: T }> {
  const { tenantId, tokenHash } = parseChallengeToken(token);
  const outcome = await withTenant(deps.db, tenantId, async (tx): Promise<AnswerOutcome<T>> => {
    const now = deps.clock.now();
    const challenge = await reserveChallengeAttempt(tx, tokenHash, now, CHALLENGE_MAX_ATTEMPTS, purpose === 'enrol');
    if (!challenge) return { kind: 'rejected', code: 'mfa.challenge_invalid' };
    const subject = { tenantId, userId: challenge.userId };
    // At sign-in the answer is an attempt on the account, reserved under the user's row lock
    // before it is checked, like a password (ADR 0030): however many challenges are answered at
    // once, at most the lockout's limit are checked before the account locks.
    const reservation = purpose === 'answer' ? await reserveLoginAttempt(tx, deps.clock, deps.lockout ?? DEFAULT_LOCKOUT_POLICY, subject, origin) : undefined;
    const locked = reservation?.granted === false;
    const result = locked ? ({ ok: false, code: 'mfa.challenge_invalid' } as const) : await check(tx, subject, challenge);
    if (!result.ok) {
      await recordTenantEvent(tx, deps.clock, tenantId, origin, {
        actor: auditActorOf(subject),
        action: 'auth.mfa.challenge_failed',
        target: { type: 'user', id: subject.userId },
        result: 'failure',
        reason: locked ? 'account_locked' : result.code,
        details: { method, attemptsLeft: CHALLENGE_MAX_ATTEMPTS - challenge.attempts },
      });
      if (reservation?.granted) await recordLockoutIfInForce(tx, deps.clock, subject, reservation.lock, origin, 'too_many_failed_second_factors');
      return { kind: 'rejected', code: result.code };
    }
    if (!(await consumeChallenge(tx, challenge.id, now))) return { kind: 'rejected', code: 'mfa.challenge_invalid' };
    await clearLoginFailures(tx, subject.userId);
    const session = await createSession(tx, deps.clock, deps.session, { tenantId, userId: subject.userId, ip: origin.ip, userAgent: origin.userAgent });
    await recordTenantEvent(tx, deps.clock, tenantId, origin, {
      actor: auditActorOf(subject),
      action: 'auth.login.succeeded',
      target: { type: 'session', id: session.sessionId },
      result: 'success',
      details: { method },
    });
    return { kind: 'signed_in', cookieValue: session.cookieValue, expiresAt: session.expiresAt, value: result.value };
  });
  if (outcome.kind === 'rejected') throw new AppError(outcome.code);
  return outcome;
}
