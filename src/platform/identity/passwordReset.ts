import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { randomToken, sha256Hex } from '../../core/crypto.js';
import { withTenant, withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { recordTenantEvent, type AuditOrigin } from '../audit/index.js';
import { queueMail } from '../mail/index.js';
import { findTenantByCode, findTenantById, normalizeEmail } from '../tenancy/index.js';
import { liftLockout } from './lockout.js';
import { assertPasswordPolicy, storeNewPassword } from './passwordChange.js';
import { hashPassword } from './passwordHashing.js';

/** A reset link works once, for an hour at most. */
export const RESET_TOKEN_TTL_MS = 60 * 60_000;

/** A second request for the same account within this time sends no second mail. */
export const RESET_RESEND_AFTER_MS = 60_000;

/**
 * Every reset request is answered no sooner than this after it arrived, whether or not
 * the account exists, so the answer time does not tell the two apart.
 */
export const RESET_REQUEST_MIN_MS = 400;

export const passwordResetRequestSchema = z.strictObject({
  companyCode: z.string().min(1).max(40).meta({ description: 'Company code (企業コード); full-width and lower case are folded.' }),
  email: z.email().max(254),
});
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>;

/** A reset token: the tenant id (hex, not secret: it lets the lookup run under RLS) and 256 random bits. */
const TOKEN = /^([0-9a-f]{32})([A-Za-z0-9_-]{43})$/;

export const resetTokenSchema = z.string().regex(TOKEN).meta({ description: 'The token from the reset link.' });

export const passwordResetCompleteSchema = z.strictObject({
  token: resetTokenSchema,
  // Checked exactly as typed; the policy applies with the account's e-mail.
  newPassword: z.string().min(1).max(1024),
});
export type PasswordResetCompletion = z.infer<typeof passwordResetCompleteSchema>;

function newResetToken(tenantId: string): string {
  return `${tenantId.replace(/-/g, '')}${randomToken()}`;
}

function tenantOfToken(token: string): string | undefined {
  const hex = TOKEN.exec(token)?.[1];
  return hex ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` : undefined;
}

interface ResetAccount {
  id: string;
  email: string;
  display_name: string;
  locale: 'ja' | 'en';
}

/** Issues the link and queues the mail, in the tenant's transaction; nothing when the account is unknown. */
async function issueResetLink(tx: Tx, clock: Clock, tenantId: string, email: string, publicUrl: string, origin: AuditOrigin): Promise<void> {
  const { rows } = await tx.query<ResetAccount>(
    `SELECT id, email, display_name, locale FROM platform.users WHERE email_normalized = $1 AND status = 'active'`,
    [email],
  );
  const account = rows[0];
  if (!account) return;
  const now = clock.now();
  const recent = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM platform.password_reset_tokens WHERE user_id = $1 AND used_at IS NULL AND created_at > $2',
    [account.id, new Date(now.getTime() - RESET_RESEND_AFTER_MS)],
  );
  const event = { actor: { type: 'anonymous' as const }, action: 'auth.password.reset_requested', target: { type: 'user', id: account.id } };
  if ((recent.rows[0]?.n ?? 0) > 0) {
    await recordTenantEvent(tx, clock, tenantId, origin, { ...event, result: 'denied', reason: 'a link was sent less than a minute ago' });
    return;
  }
  // Only the newest link works.
  await tx.query('DELETE FROM platform.password_reset_tokens WHERE user_id = $1', [account.id]);
  const token = newResetToken(tenantId);
  const expiresAt = new Date(now.getTime() + RESET_TOKEN_TTL_MS);
  await tx.query(
    'INSERT INTO platform.password_reset_tokens (tenant_id, user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [tenantId, account.id, sha256Hex(token), now, expiresAt],
  );
  await queueMail(tx, clock, {
    to: account.email,
    template: 'password.reset',
    lang: account.locale,
    params: { displayName: account.display_name, link: `${publicUrl}/reset-password/${token}`, expiresAt },
    customerId: tenantId,
  });
  await recordTenantEvent(tx, clock, tenantId, origin, { ...event, result: 'success', details: { expiresAt: expiresAt.toISOString() } });
}

/**
 * "Forgot password": company code + e-mail. When they name an active account, a single-use
 * link valid for an hour goes to that address (`password.reset` mail) and the request is
 * recorded as `auth.password.reset_requested`; otherwise nothing happens. The caller
 * always gives the same answer, and this resolves no sooner than RESET_REQUEST_MIN_MS
 * after the call, so neither the answer nor its timing reveals whether the account exists.
 */
export async function requestPasswordReset(
  deps: { db: Database; clock: Clock; publicUrl: string; minAnswerMs?: number },
  input: PasswordResetRequest,
  origin: AuditOrigin,
): Promise<void> {
  const answerAt = performance.now() + (deps.minAnswerMs ?? RESET_REQUEST_MIN_MS);
  try {
    const tenant = await withoutTenant(deps.db, (tx) => findTenantByCode(tx, input.companyCode));
    if (tenant?.status === 'active') {
      await withTenant(deps.db, tenant.id, (tx) => issueResetLink(tx, deps.clock, tenant.id, normalizeEmail(input.email), deps.publicUrl, origin));
    }
  } finally {
    const wait = answerAt - performance.now();
    if (wait > 0) await sleep(wait);
  }
}

interface LinkRow {
  token_id: string;
  user_id: string;
  email: string;
  password_hash: string | null;
  expires_at: Date;
}

/** The unused, unexpired link and its active account, in the link's tenant transaction. */
async function findUsableLink(tx: Tx, clock: Clock, tenantId: string, token: string, lock: boolean): Promise<LinkRow | undefined> {
  const tenant = await findTenantById(tx, tenantId);
  if (!tenant || tenant.status !== 'active') return undefined;
  const { rows } = await tx.query<LinkRow>(
    `SELECT t.id AS token_id, t.user_id, u.email, u.password_hash, t.expires_at
       FROM platform.password_reset_tokens t
       JOIN platform.users u ON u.tenant_id = t.tenant_id AND u.id = t.user_id
      WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2 AND u.status = 'active'
      ${lock ? 'FOR UPDATE OF t, u' : ''}`,
    [sha256Hex(token), clock.now()],
  );
  return rows[0];
}

/** Whether a reset link can still be used: its expiry and the account's e-mail, or `account.reset_link_invalid`. */
export async function checkResetLink(db: Database, clock: Clock, token: string): Promise<{ expiresAt: Date; email: string }> {
  const tenantId = tenantOfToken(token);
  const link = tenantId ? await withTenant(db, tenantId, (tx) => findUsableLink(tx, clock, tenantId, token, false)) : undefined;
  if (!link) throw new AppError('account.reset_link_invalid');
  return { expiresAt: link.expires_at, email: link.email };
}

/**
 * Completes a reset: the new password goes through the one policy validator (with the
 * account's e-mail) and replaces the old one; the link is used up, any lockout is lifted
 * and every session of the user ends. It does not sign the user in, so a second factor
 * cannot be skipped this way: they sign in normally next. Recorded as `auth.password.reset`.
 */
export async function completePasswordReset(
  deps: { db: Database; clock: Clock },
  input: PasswordResetCompletion,
  origin: AuditOrigin,
): Promise<void> {
  const { db, clock } = deps;
  const tenantId = tenantOfToken(input.token);
  if (!tenantId) throw new AppError('account.reset_link_invalid');
  const link = await withTenant(db, tenantId, (tx) => findUsableLink(tx, clock, tenantId, input.token, false));
  if (!link) throw new AppError('account.reset_link_invalid');
  assertPasswordPolicy(input.newPassword, link.email, 'newPassword');
  const nextHash = await hashPassword(input.newPassword);

  await withTenant(db, tenantId, async (tx) => {
    // Again under lock: two completions racing with one link, only one gets through.
    const locked = await findUsableLink(tx, clock, tenantId, input.token, true);
    if (!locked) throw new AppError('account.reset_link_invalid');
    const now = clock.now();
    await tx.query('UPDATE platform.password_reset_tokens SET used_at = $2 WHERE id = $1', [locked.token_id, now]);
    await tx.query('DELETE FROM platform.password_reset_tokens WHERE user_id = $1 AND id <> $2', [locked.user_id, locked.token_id]);
    const user = { tenantId, userId: locked.user_id };
    await liftLockout(tx, clock, user, 'password_reset', origin);
    const ended = await storeNewPassword(tx, clock, locked.user_id, { expected: locked.password_hash, next: nextHash });
    if (ended === undefined) throw new Error('completePasswordReset: the password changed under the row lock');
    await recordTenantEvent(tx, clock, tenantId, origin, {
      actor: { type: 'user', id: locked.user_id },
      action: 'auth.password.reset',
      target: { type: 'user', id: locked.user_id },
      result: 'success',
      details: { method: 'mail_link', sessionsEnded: ended },
    });
  });
}
