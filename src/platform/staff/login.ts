import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { randomToken, sha256Hex } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import { withoutTenant, type Database } from '../../core/db/index.js';
import { recordOperatorEvent, type AuditOrigin } from '../audit/index.js';
import { hashPassword, matchTotp, newTotpSecret, totpKeyUri, totpSecretText, verifyPassword } from '../identity/index.js';
import { messages } from '../../core/messages.js';
import type { KeyProvider } from '../keys/index.js';
import { normalizeEmail } from '../tenancy/index.js';
import { countStaffFailure, forgiveStaffAttempt, isLocked, recordStaffLockIfInForce, recordStaffSignIn, type StaffFailure } from './lockout.js';
import { createStaffSession } from './sessions.js';

/** Staff TOTP secrets are sealed under the deployment's master key (staff are no tenant). */
export type SecretBox = Pick<KeyProvider, 'wrap' | 'unwrap'>;

messages.add({
  'staff.code_format': { ja: '認証アプリに表示される6桁の数字を入力してください。', en: 'Enter the 6-digit code shown in your authenticator app.' },
});

const CHALLENGE_TTL_MS = 10 * 60_000;
const CHALLENGE_MAX_ATTEMPTS = 5;
const ISSUER = 'Sotas operator console';

export const staffLoginSchema = z.strictObject({
  email: z.string().min(1).max(254),
  // Checked exactly as typed.
  password: z.string().min(1).max(1024),
});

export const staffSecondFactorSchema = z.strictObject({
  token: z.string().min(20).max(100),
  code: z.string().regex(/^\d{6}$/, { message: 'i18n:staff.code_format' }),
});

export type StaffLoginStep =
  | { enrolmentRequired: false; token: string; expiresAt: Date }
  | { enrolmentRequired: true; token: string; expiresAt: Date; otpauthUri: string; secret: string };

let dummy: Promise<string> | undefined;

/** Why a password step failed, for the operator log only: the answer is always the same. */
function failureReason(staff: { status: string } | undefined, failure: StaffFailure | undefined): string {
  if (!staff) return 'unknown_email';
  if (staff.status !== 'active') return staff.status === 'invited' ? 'setup_not_completed' : 'disabled';
  if (failure?.kind === 'locked') return 'locked';
  return 'wrong_password';
}

/**
 * First step of staff sign-in: e-mail and password. Staff always need a second factor, so
 * success opens a challenge (and, for a staff member without TOTP yet, an enrolment with a
 * fresh secret). Before the real hash is checked, the attempt is counted under the staff
 * row's lock (see `countStaffFailure`) and forgiven when the password is right; a locked
 * account is checked against a dummy hash only. Unknown, disabled, locked and wrong all
 * answer one way and are written to the operator log.
 */
export async function staffPasswordStep(
  deps: { db: Database; clock: Clock; box: SecretBox },
  input: z.infer<typeof staffLoginSchema>,
  origin: AuditOrigin,
): Promise<StaffLoginStep> {
  const { db, clock, box } = deps;
  const { staff, failure } = await withoutTenant(db, async (tx) => {
    const { rows } = await tx.query<{ id: string; email: string; password_hash: string | null; status: string; has_totp: boolean }>(
      `SELECT s.id, s.email, s.password_hash, s.status, EXISTS (SELECT 1 FROM ops.staff_totp t WHERE t.staff_id = s.id) AS has_totp
         FROM ops.staff s WHERE s.email_normalized = $1`,
      [normalizeEmail(input.email)],
    );
    const found = rows[0];
    if (!found || found.status !== 'active' || !found.password_hash) return { staff: found, failure: undefined };
    return { staff: found, failure: await countStaffFailure(tx, clock, found.id) };
  });
  dummy ??= hashPassword('staff-dummy-password-for-timing');
  let ok = false;
  if (staff?.password_hash && failure?.kind === 'counted') ok = await verifyPassword(staff.password_hash, input.password);
  else await verifyPassword(await dummy, input.password);
  if (!ok || !staff || !failure) {
    await withoutTenant(db, async (tx) => {
      if (staff && failure) await recordStaffLockIfInForce(tx, clock, staff.id, failure, 'password', origin);
      await recordOperatorEvent(tx, clock, origin, {
        actor: staff ? { type: 'staff', id: staff.id } : { type: 'anonymous' },
        action: 'ops.staff.login.failed',
        result: 'failure',
        reason: failureReason(staff, failure),
      });
    });
    throw new AppError('auth.staff_invalid_credentials');
  }
  const now = clock.now();
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
  const secret = staff.has_totp ? undefined : newTotpSecret();
  await withoutTenant(db, async (tx) => {
    await forgiveStaffAttempt(tx, staff.id, failure);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO ops.staff_login_challenges (staff_id, token_hash, enrolment, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [staff.id, sha256Hex(token), !staff.has_totp, expiresAt, now],
    );
    const challengeId = rows[0]?.id ?? '';
    if (secret) {
      await tx.query('UPDATE ops.staff_login_challenges SET pending_secret = $2 WHERE id = $1', [challengeId, await box.wrap(secret, `staff-totp-pending:${challengeId}`)]);
    }
    await recordOperatorEvent(tx, clock, origin, {
      actor: { type: 'staff', id: staff.id },
      action: 'ops.staff.login.password_verified',
      result: 'success',
      details: { next: secret ? 'mfa_enrolment' : 'mfa_challenge' },
    });
  });
  if (!secret) return { enrolmentRequired: false, token, expiresAt };
  return {
    enrolmentRequired: true,
    token,
    expiresAt,
    otpauthUri: totpKeyUri(ISSUER, staff.email, secret),
    secret: totpSecretText(secret),
  };
}

/**
 * Second step: a TOTP code for the challenge (enrolling the secret on first use). A code is
 * accepted once (its step must be newer than the last used one); five wrong codes end the
 * challenge. Success creates the staff session.
 */
export async function staffSecondFactorStep(
  deps: { db: Database; clock: Clock; box: SecretBox },
  input: z.infer<typeof staffSecondFactorSchema>,
  origin: AuditOrigin,
): Promise<{ token: string; expiresAt: Date; staffId: string }> {
  const { db, clock, box } = deps;
  const now = clock.now();
  const outcome = await withoutTenant(db, async (tx) => {
    const { rows } = await tx.query<{ id: string; staff_id: string; enrolment: boolean; pending_secret: string | null; attempts: number; secret_ciphertext: string | null; last_used_step: string | number | null }>(
      `SELECT c.id, c.staff_id, c.enrolment, c.pending_secret, c.attempts, t.secret_ciphertext, t.last_used_step::text AS last_used_step
         FROM ops.staff_login_challenges c LEFT JOIN ops.staff_totp t ON t.staff_id = c.staff_id
        WHERE c.token_hash = $1 AND c.used_at IS NULL AND c.expires_at > $2 AND c.attempts < $3
        FOR UPDATE OF c`,
      [sha256Hex(input.token), now, CHALLENGE_MAX_ATTEMPTS],
    );
    const c = rows[0];
    if (!c) return { ok: false as const, reason: 'challenge_invalid' };
    const guard = await tx.query<{ status: string; locked_until: Date | null }>('SELECT status, locked_until FROM ops.staff WHERE id = $1 FOR UPDATE', [c.staff_id]);
    const state = guard.rows[0];
    if (!state || state.status !== 'active' || isLocked(state.locked_until, now)) {
      // A locked or disabled account ends its open challenges; the code is not even checked.
      await tx.query('UPDATE ops.staff_login_challenges SET attempts = $2 WHERE id = $1', [c.id, CHALLENGE_MAX_ATTEMPTS]);
      return { ok: false as const, reason: state?.status === 'active' ? 'locked' : 'account_inactive', staffId: c.staff_id };
    }
    const sealed = c.enrolment ? c.pending_secret : c.secret_ciphertext;
    const key = sealed ? await box.unwrap(sealed, c.enrolment ? `staff-totp-pending:${c.id}` : `staff-totp:${c.staff_id}`) : undefined;
    const usedStep = c.last_used_step === null ? null : Number(c.last_used_step);
    const step = key ? matchTotp(key, input.code, now, { usedStep }) : undefined;
    if (step === undefined) {
      const failure = await countStaffFailure(tx, clock, c.staff_id);
      const locked = failure.kind === 'counted' && failure.lockedUntil !== undefined;
      await tx.query('UPDATE ops.staff_login_challenges SET attempts = $2 WHERE id = $1', [c.id, locked ? CHALLENGE_MAX_ATTEMPTS : c.attempts + 1]);
      await recordStaffLockIfInForce(tx, clock, c.staff_id, failure, 'totp', origin);
      return { ok: false as const, reason: 'wrong_or_used_code', staffId: c.staff_id };
    }
    if (c.enrolment && key) {
      await tx.query(
        `INSERT INTO ops.staff_totp (staff_id, secret_ciphertext, last_used_step, confirmed_at) VALUES ($1, $2, $3, $4)`,
        [c.staff_id, await box.wrap(key, `staff-totp:${c.staff_id}`), step, now],
      );
      await recordOperatorEvent(tx, clock, origin, { actor: { type: 'staff', id: c.staff_id }, action: 'ops.staff.mfa.enrolled', result: 'success', details: { method: 'totp' } });
    } else {
      await tx.query('UPDATE ops.staff_totp SET last_used_step = $2 WHERE staff_id = $1', [c.staff_id, step]);
    }
    await tx.query('UPDATE ops.staff_login_challenges SET used_at = $2, pending_secret = NULL WHERE id = $1', [c.id, now]);
    await recordStaffSignIn(tx, clock, c.staff_id);
    const session = await createStaffSession(tx, clock, { staffId: c.staff_id, ip: origin.ip, userAgent: origin.userAgent });
    await recordOperatorEvent(tx, clock, origin, {
      actor: { type: 'staff', id: c.staff_id },
      action: 'ops.staff.login.succeeded',
      target: { type: 'staff_session', id: session.sessionId },
      result: 'success',
      details: { method: 'totp' },
    });
    return { ok: true as const, staffId: c.staff_id, ...session };
  });
  if (!outcome.ok) {
    await withoutTenant(db, (tx) =>
      recordOperatorEvent(tx, clock, origin, {
        actor: outcome.staffId ? { type: 'staff', id: outcome.staffId } : { type: 'anonymous' },
        action: 'ops.staff.login.mfa_failed',
        result: 'failure',
        reason: outcome.reason,
      }),
    );
    throw new AppError('auth.staff_mfa_invalid');
  }
  return { token: outcome.token, expiresAt: outcome.expiresAt, staffId: outcome.staffId };
}
