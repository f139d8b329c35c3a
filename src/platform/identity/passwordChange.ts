import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { withTenant, type Database, type Tx } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { messageKey, messages } from '../../core/messages.js';
import { recordTenantEvent, type AuditOrigin } from '../audit/index.js';
import { RequestValidationError } from '../http/index.js';
import { clearLoginFailures, DEFAULT_LOCKOUT_POLICY, recordLockoutIfInForce, reserveLoginAttempt, type LockoutPolicy } from './lockout.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwordHashing.js';
import { addPasswordIssues } from './passwordPolicy.js';
import { revokeUserSessions, type UserActor } from './sessions.js';

messages.add({
  'account.current_password_invalid': { ja: '現在のパスワードが正しくありません。', en: 'The current password is incorrect.' },
  'account.password_unchanged': {
    ja: '現在のパスワードと異なるパスワードを指定してください。',
    en: 'Choose a password that differs from the current one.',
  },
});

export const changePasswordSchema = z.strictObject({
  // Both checked exactly as typed: never trimmed or normalised.
  currentPassword: z.string().min(1).max(1024).meta({ description: 'The password in use now.' }),
  newPassword: z.string().min(1).max(1024).meta({ description: 'The new password; the password policy applies, with the user’s e-mail.' }),
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

/**
 * Runs the one password validator on a password being set for the account with `email`
 * (the e-mail is known only once the account is, so this runs in the command, not in the
 * route schema). Throws the same validation error as a route schema would, the broken
 * rules named beside `field` in the user's language.
 */
export function assertPasswordPolicy(password: string, email: string, field: string): void {
  const result = z
    .string()
    .superRefine((value, ctx) => addPasswordIssues(ctx, value, { email, path: [field] }))
    .safeParse(password);
  if (!result.success) throw new RequestValidationError(result.error.issues, { [field]: password });
}

interface PasswordRow {
  password_hash: string | null;
  email: string;
}

/**
 * Sets a new password hash for the user, clears `must_change_password` and any lockout,
 * and ends the user's sessions (all of them, or all but `keepSessionId`). Only when the
 * stored hash is still `expectedHash`, so two changes racing cannot both win; returns
 * how many sessions ended, or undefined when the hash had changed meanwhile.
 */
export async function storeNewPassword(
  tx: Tx,
  clock: Clock,
  userId: string,
  hashes: { expected: string | null; next: string },
  keepSessionId?: string,
): Promise<number | undefined> {
  const { rowCount } = await tx.query(
    `UPDATE platform.users SET password_hash = $2, must_change_password = false, password_changed_at = $3, updated_at = $3
      WHERE id = $1 AND password_hash IS NOT DISTINCT FROM $4`,
    [userId, hashes.next, clock.now(), hashes.expected],
  );
  if (rowCount === 0) return undefined;
  await clearLoginFailures(tx, userId);
  return revokeUserSessions(tx, clock, userId, keepSessionId);
}

/** When the signed-in user last set their password (null: never, e.g. an initial password). */
export async function passwordChangedAt(db: Database, actor: UserActor): Promise<Date | null> {
  return withTenant(db, actor.tenantId, async (tx) => {
    const { rows } = await tx.query<{ password_changed_at: Date | null }>('SELECT password_changed_at FROM platform.users WHERE id = $1', [actor.userId]);
    return rows[0]?.password_changed_at ?? null;
  });
}

/**
 * The signed-in user changes their password. The current password is required; wrong
 * guesses count towards the account's lockout exactly like failed sign-ins, so a stolen
 * session cannot be used to guess it. The new password goes through the one policy
 * validator (with the user's e-mail), must differ from the current one, and replaces it;
 * `must_change_password` is cleared and every other session of the user ends. Recorded
 * as `auth.password.changed`.
 */
export async function changePassword(
  deps: { db: Database; clock: Clock; lockout?: LockoutPolicy },
  actor: UserActor,
  input: ChangePasswordInput,
  origin: AuditOrigin,
): Promise<{ sessionsEnded: number }> {
  const { db, clock } = deps;
  const user = { tenantId: actor.tenantId, userId: actor.userId };
  // Policy first: a refused new password costs no attempt and reveals nothing.
  assertPasswordPolicy(input.newPassword, actor.email, 'newPassword');

  const { row, reservation } = await withTenant(db, actor.tenantId, async (tx) => {
    const found = (await tx.query<PasswordRow>('SELECT password_hash, email FROM platform.users WHERE id = $1', [actor.userId])).rows[0];
    if (!found) throw new AppError('auth.required', { internal: 'user vanished during password change' });
    const reserved = found.password_hash ? await reserveLoginAttempt(tx, clock, deps.lockout ?? DEFAULT_LOCKOUT_POLICY, user, origin) : undefined;
    return { row: found, reservation: reserved };
  });
  const currentOk =
    row.password_hash && reservation?.granted
      ? await verifyPassword(row.password_hash, input.currentPassword)
      : await verifyAgainstDummy(input.currentPassword);

  if (!currentOk) {
    await withTenant(db, actor.tenantId, async (tx) => {
      await recordTenantEvent(tx, clock, actor.tenantId, origin, {
        actor: { type: 'user', id: actor.userId, name: actor.displayName },
        action: 'auth.password.change_failed',
        target: { type: 'user', id: actor.userId },
        result: 'failure',
        reason: reservation && !reservation.granted ? 'locked' : 'wrong_current_password',
      });
      if (reservation?.granted) await recordLockoutIfInForce(tx, clock, user, reservation.lock, origin);
    });
    throw new AppError('account.current_password_invalid', {
      fields: { currentPassword: messageKey('account.current_password_invalid') },
    });
  }
  if (input.newPassword === input.currentPassword) {
    await withTenant(db, actor.tenantId, (tx) => clearLoginFailures(tx, actor.userId));
    throw new AppError('account.password_unchanged', { fields: { newPassword: messageKey('account.password_unchanged') } });
  }

  const nextHash = await hashPassword(input.newPassword);
  return withTenant(db, actor.tenantId, async (tx) => {
    const ended = await storeNewPassword(tx, clock, actor.userId, { expected: row.password_hash, next: nextHash }, actor.sessionId);
    if (ended === undefined) throw new AppError('conflict', { internal: 'the password changed during the request' });
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: { type: 'user', id: actor.userId, name: actor.displayName },
      action: 'auth.password.changed',
      target: { type: 'user', id: actor.userId },
      result: 'success',
      details: { method: 'change', otherSessionsEnded: ended, wasRequired: actor.mustChangePassword },
    });
    return { sessionsEnded: ended };
  });
}
