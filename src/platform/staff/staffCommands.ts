import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import { recordOperatorEvent, type AuditOrigin } from '../audit/index.js';
import { normalizeEmail } from '../tenancy/index.js';
import { isLocked } from './lockout.js';
import { STAFF_ROLES } from './roles.js';
import { sendStaffSetupLink } from './staffInvitations.js';
import { isLastSecurityOfficer, rolesCanManageStaff, SECURITY_OFFICER_ROLE } from './staffPolicy.js';
import { activeSecurityOfficerIds } from './staffQueries.js';

/** The staff member giving the command, as the operator log names them. */
export interface StaffCommander {
  staffId: string;
  displayName: string;
}

export interface StaffCommandDeps {
  db: Database;
  clock: Clock;
  publicUrl: string;
}

const roleIds = Object.keys(STAFF_ROLES) as [string, ...string[]];

/** A set of staff roles: at least one, each known, no repeats. */
export const staffRolesSchema = z
  .array(z.enum(roleIds))
  .min(1)
  .max(roleIds.length)
  .refine((roles) => new Set(roles).size === roles.length, { message: 'i18n:validation.invalid' })
  .meta({ description: 'Staff roles: operator, security_officer, auditor (read-only).' });

export const inviteStaffSchema = z.strictObject({
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(100),
  roles: staffRolesSchema,
  /** The language of the setup mail. */
  lang: z.enum(['ja', 'en']).default('ja'),
});

export const changeStaffRolesSchema = z.strictObject({ roles: staffRolesSchema });

function actorOf(staff: StaffCommander) {
  return { type: 'staff' as const, id: staff.staffId, name: staff.displayName };
}

interface TargetRow {
  id: string;
  email: string;
  display_name: string;
  roles: string[];
  status: 'invited' | 'active' | 'disabled';
  locked_until: Date | null;
}

async function lockTarget(tx: Tx, staffId: string): Promise<TargetRow> {
  const { rows } = await tx.query<TargetRow>('SELECT id, email, display_name, roles, status, locked_until FROM ops.staff WHERE id = $1 FOR UPDATE', [staffId]);
  const row = rows[0];
  if (!row) throw new AppError('not_found');
  return row;
}

/** Ends every session and open sign-in of a staff member (disabled, or authenticator reset). */
async function endStaffAccess(tx: Tx, clock: Clock, staffId: string): Promise<number> {
  const now = clock.now();
  const sessions = await tx.query('UPDATE ops.staff_sessions SET revoked_at = $2 WHERE staff_id = $1 AND revoked_at IS NULL AND expires_at > $2', [staffId, now]);
  await tx.query('UPDATE ops.staff_login_challenges SET used_at = $2, pending_secret = NULL WHERE staff_id = $1 AND used_at IS NULL', [staffId, now]);
  return sessions.rowCount;
}

/**
 * Creates a staff account for a new staff member and mails them a one-time link to set
 * their password (TOTP enrolment follows at their first sign-in).
 */
export async function inviteStaff(
  deps: StaffCommandDeps,
  by: StaffCommander,
  input: z.infer<typeof inviteStaffSchema>,
  origin: AuditOrigin,
): Promise<{ id: string; setupExpiresAt: Date }> {
  const { db, clock } = deps;
  return withoutTenant(db, async (tx) => {
    const now = clock.now();
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO ops.staff (email, email_normalized, display_name, password_hash, roles, status, created_at, updated_at)
       VALUES ($1, $2, $3, NULL, $4, 'invited', $5, $5)
       ON CONFLICT (email_normalized) DO NOTHING RETURNING id`,
      [input.email, normalizeEmail(input.email), input.displayName, input.roles, now],
    );
    const id = rows[0]?.id;
    if (!id) throw new AppError('staff.email_taken');
    const setupExpiresAt = await sendStaffSetupLink(tx, clock, deps.publicUrl, { id, email: input.email, displayName: input.displayName, roles: input.roles }, by, input.lang);
    await recordOperatorEvent(tx, clock, origin, {
      actor: actorOf(by),
      action: 'ops.staff.invited',
      target: { type: 'staff', id },
      result: 'success',
      details: { email: input.email, displayName: input.displayName, roles: input.roles, setupExpiresAt: setupExpiresAt.toISOString() },
    });
    return { id, setupExpiresAt };
  });
}

/** Sends an invited staff member a new setup link (the earlier one stops working). */
export async function resendStaffSetupLink(
  deps: StaffCommandDeps,
  by: StaffCommander,
  staffId: string,
  lang: 'ja' | 'en',
  origin: AuditOrigin,
): Promise<{ setupExpiresAt: Date }> {
  const { db, clock } = deps;
  return withoutTenant(db, async (tx) => {
    const target = await lockTarget(tx, staffId);
    if (target.status !== 'invited') throw new AppError('staff.not_invited');
    const setupExpiresAt = await sendStaffSetupLink(tx, clock, deps.publicUrl, { id: target.id, email: target.email, displayName: target.display_name, roles: target.roles }, by, lang);
    await recordOperatorEvent(tx, clock, origin, {
      actor: actorOf(by),
      action: 'ops.staff.setup_link_resent',
      target: { type: 'staff', id: target.id },
      result: 'success',
      details: { setupExpiresAt: setupExpiresAt.toISOString() },
    });
    return { setupExpiresAt };
  });
}

/**
 * Changes a staff member's roles. Nobody removes their own right to manage staff, and the
 * last active security officer keeps the role; the officers' rows are locked first so two
 * officers demoting each other at once cannot both succeed.
 */
export async function changeStaffRoles(deps: StaffCommandDeps, by: StaffCommander, staffId: string, roles: string[], origin: AuditOrigin): Promise<{ changed: boolean }> {
  const { db, clock } = deps;
  return withoutTenant(db, async (tx) => {
    const officers = await activeSecurityOfficerIds(tx, { lock: true });
    const target = await lockTarget(tx, staffId);
    const next = [...roles].sort();
    const before = [...target.roles].sort();
    if (next.join(',') === before.join(',')) return { changed: false };
    if (target.id === by.staffId && !rolesCanManageStaff(next)) throw new AppError('staff.cannot_remove_own_manage');
    if (!next.includes(SECURITY_OFFICER_ROLE) && isLastSecurityOfficer(target, officers.length)) throw new AppError('staff.last_security_officer');
    await tx.query('UPDATE ops.staff SET roles = $2, updated_at = $3 WHERE id = $1', [target.id, next, clock.now()]);
    await recordOperatorEvent(tx, clock, origin, {
      actor: actorOf(by),
      action: 'ops.staff.roles_changed',
      target: { type: 'staff', id: target.id },
      result: 'success',
      changes: { before: { roles: before }, after: { roles: next } },
    });
    return { changed: true };
  });
}

/** Disables a staff account: every session ends at once and open setup links stop working. */
export async function disableStaff(deps: StaffCommandDeps, by: StaffCommander, staffId: string, origin: AuditOrigin): Promise<{ sessionsEnded: number }> {
  const { db, clock } = deps;
  return withoutTenant(db, async (tx) => {
    const officers = await activeSecurityOfficerIds(tx, { lock: true });
    const target = await lockTarget(tx, staffId);
    if (target.id === by.staffId) throw new AppError('staff.cannot_disable_self');
    if (target.status === 'disabled') throw new AppError('staff.status_unchanged');
    if (isLastSecurityOfficer(target, officers.length)) throw new AppError('staff.last_security_officer');
    const now = clock.now();
    await tx.query(`UPDATE ops.staff SET status = 'disabled', updated_at = $2 WHERE id = $1`, [target.id, now]);
    await tx.query('UPDATE ops.staff_setup_tokens SET expires_at = $2 WHERE staff_id = $1 AND used_at IS NULL AND expires_at > $2', [target.id, now]);
    const sessionsEnded = await endStaffAccess(tx, clock, target.id);
    await recordOperatorEvent(tx, clock, origin, {
      actor: actorOf(by),
      action: 'ops.staff.disabled',
      target: { type: 'staff', id: target.id },
      result: 'success',
      details: { previousStatus: target.status, sessionsEnded },
    });
    return { sessionsEnded };
  });
}

/** Enables a disabled staff account again; one that never set a password goes back to invited. */
export async function enableStaff(deps: StaffCommandDeps, by: StaffCommander, staffId: string, origin: AuditOrigin): Promise<{ status: 'active' | 'invited' }> {
  const { db, clock } = deps;
  return withoutTenant(db, async (tx) => {
    const target = await lockTarget(tx, staffId);
    if (target.status !== 'disabled') throw new AppError('staff.status_unchanged');
    const { rows } = await tx.query<{ status: 'active' | 'invited' }>(
      `UPDATE ops.staff SET status = CASE WHEN password_hash IS NULL THEN 'invited' ELSE 'active' END, updated_at = $2 WHERE id = $1 RETURNING status`,
      [target.id, clock.now()],
    );
    const status = rows[0]?.status ?? 'active';
    await recordOperatorEvent(tx, clock, origin, {
      actor: actorOf(by),
      action: 'ops.staff.enabled',
      target: { type: 'staff', id: target.id },
      result: 'success',
      details: { status },
    });
    return { status };
  });
}

/**
 * Removes a staff member's authenticator (lost phone): their sessions end and the next
 * sign-in enrols a new one. Nobody resets their own.
 */
export async function resetStaffMfa(deps: StaffCommandDeps, by: StaffCommander, staffId: string, origin: AuditOrigin): Promise<{ sessionsEnded: number }> {
  const { db, clock } = deps;
  return withoutTenant(db, async (tx) => {
    const target = await lockTarget(tx, staffId);
    if (target.id === by.staffId) throw new AppError('staff.cannot_reset_own_mfa');
    const removed = await tx.query('DELETE FROM ops.staff_totp WHERE staff_id = $1', [target.id]);
    if (removed.rowCount === 0) throw new AppError('staff.mfa_not_enrolled');
    const sessionsEnded = await endStaffAccess(tx, clock, target.id);
    await recordOperatorEvent(tx, clock, origin, {
      actor: actorOf(by),
      action: 'ops.staff.mfa_reset',
      target: { type: 'staff', id: target.id },
      result: 'success',
      details: { method: 'totp', sessionsEnded },
    });
    return { sessionsEnded };
  });
}

/** Lifts a lockout before it runs out (the staff member proved who they are another way). */
export async function unlockStaff(deps: StaffCommandDeps, by: StaffCommander, staffId: string, origin: AuditOrigin): Promise<void> {
  const { db, clock } = deps;
  await withoutTenant(db, async (tx) => {
    const target = await lockTarget(tx, staffId);
    if (!isLocked(target.locked_until, clock.now())) throw new AppError('staff.not_locked');
    await tx.query('UPDATE ops.staff SET failed_logins = 0, locked_until = NULL, last_failed_login_at = NULL WHERE id = $1', [target.id]);
    await recordOperatorEvent(tx, clock, origin, {
      actor: actorOf(by),
      action: 'ops.staff.unlocked',
      target: { type: 'staff', id: target.id },
      result: 'success',
      details: { lockedUntil: target.locked_until?.toISOString() ?? null },
    });
  });
}
