import type { Clock } from '../../core/clock.js';
import { randomToken, sha256Hex } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import { withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import type { Lang } from '../../core/i18n.js';
import { messageKey, messages } from '../../core/messages.js';
import { recordOperatorEvent, type AuditOrigin } from '../audit/index.js';
import { hashPassword, type StaffSetupInput } from '../identity/index.js';
import { queueMail } from '../mail/index.js';
import { normalizeEmail } from '../tenancy/index.js';
import { STAFF_ROLES } from './roles.js';

messages.add({
  'staff.setup_email_mismatch_field': { ja: '招待メールを受け取ったメールアドレスを入力してください。', en: 'Enter the address the invitation was sent to.' },
});

/** How long an invited staff member's setup link stays valid. */
export const STAFF_INVITATION_TTL_MS = 72 * 3_600_000;

/** The role names as the invitation mail lists them. */
function roleNames(roles: readonly string[], lang: Lang): string {
  return roles.map((r) => STAFF_ROLES[r]?.name[lang] ?? r).join(lang === 'ja' ? '、' : ', ');
}

/**
 * Issues a fresh setup link for an invited staff member (withdrawing any earlier one) and
 * mails it, in the caller's transaction. The token is stored only as its hash.
 */
export async function sendStaffSetupLink(
  tx: Tx,
  clock: Clock,
  publicUrl: string,
  staff: { id: string; email: string; displayName: string; roles: readonly string[] },
  inviter: { displayName: string },
  lang: Lang,
): Promise<Date> {
  const now = clock.now();
  await tx.query('UPDATE ops.staff_setup_tokens SET expires_at = $2 WHERE staff_id = $1 AND used_at IS NULL AND expires_at > $2', [staff.id, now]);
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + STAFF_INVITATION_TTL_MS);
  await tx.query('INSERT INTO ops.staff_setup_tokens (token_hash, expires_at, created_at, staff_id) VALUES ($1, $2, $3, $4)', [sha256Hex(token), expiresAt, now, staff.id]);
  await queueMail(tx, clock, {
    to: staff.email,
    template: 'staff.invitation',
    lang,
    params: { displayName: staff.displayName, inviterName: inviter.displayName, roles: roleNames(staff.roles, lang), link: `${publicUrl}/setup/staff/${token}`, expiresAt },
  });
  return expiresAt;
}

/**
 * An invited staff member sets their password through their one-time link: the account
 * becomes active (TOTP enrolment follows at the first sign-in). The link must be unused,
 * unexpired and the e-mail typed must be the invited one. Recorded in the operator log.
 */
export async function completeInvitedStaffSetup(
  db: Database,
  clock: Clock,
  input: StaffSetupInput,
  origin: AuditOrigin,
): Promise<{ id: string; email: string; displayName: string }> {
  const passwordHash = await hashPassword(input.password);
  return withoutTenant(db, async (tx) => {
    const now = clock.now();
    const { rows } = await tx.query<{ token_id: string; staff_id: string; email: string; email_normalized: string; status: string }>(
      `SELECT t.id AS token_id, s.id AS staff_id, s.email, s.email_normalized, s.status
         FROM ops.staff_setup_tokens t JOIN ops.staff s ON s.id = t.staff_id
        WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2
        FOR UPDATE OF t, s`,
      [sha256Hex(input.token), now],
    );
    const row = rows[0];
    if (!row || row.status !== 'invited') throw new AppError('setup.link_invalid');
    if (normalizeEmail(input.email) !== row.email_normalized) {
      throw new AppError('staff.setup_email_mismatch', { fields: { email: messageKey('staff.setup_email_mismatch_field') } });
    }
    await tx.query(
      `UPDATE ops.staff SET password_hash = $2, display_name = $3, status = 'active', failed_logins = 0, locked_until = NULL, updated_at = $4 WHERE id = $1`,
      [row.staff_id, passwordHash, input.displayName, now],
    );
    await tx.query('UPDATE ops.staff_setup_tokens SET used_at = $2 WHERE id = $1', [row.token_id, now]);
    await recordOperatorEvent(tx, clock, origin, {
      actor: { type: 'staff', id: row.staff_id, name: input.displayName },
      action: 'ops.staff.setup_completed',
      target: { type: 'staff', id: row.staff_id },
      result: 'success',
    });
    return { id: row.staff_id, email: row.email, displayName: input.displayName };
  });
}
