import type { Tx } from '../../core/db/index.js';
import { isLocked } from './lockout.js';
import { SECURITY_OFFICER_ROLE } from './staffPolicy.js';

export type StaffStatus = 'invited' | 'active' | 'disabled';

/** A staff account as the console lists it; never the password hash or TOTP secret. */
export interface StaffAccount {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  status: StaffStatus;
  mfaEnrolled: boolean;
  locked: boolean;
  lockedUntil: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
  /** The newest unused setup link's expiry, for invited staff. */
  setupExpiresAt: Date | null;
  /** Training records whose next due date has passed and that no later record of the course replaced. */
  overdueTraining: number;
}

interface AccountRow {
  id: string;
  email: string;
  display_name: string;
  roles: string[];
  status: StaffStatus;
  mfa_enrolled: boolean;
  locked_until: Date | null;
  last_sign_in_at: Date | null;
  created_at: Date;
  setup_expires_at: Date | null;
  overdue_training: number;
}

/** Records of the same staff member and course taken later supersede a record. */
export const NOT_SUPERSEDED = `NOT EXISTS (
  SELECT 1 FROM ops.staff_training later
   WHERE later.staff_id = t.staff_id AND later.course_key = t.course_key AND later.id <> t.id
     AND (later.taken_on > t.taken_on OR (later.taken_on = t.taken_on AND later.created_at > t.created_at)))`;

const ACCOUNT_SELECT = `
  SELECT s.id, s.email, s.display_name, s.roles, s.status, s.locked_until, s.last_sign_in_at, s.created_at,
         EXISTS (SELECT 1 FROM ops.staff_totp x WHERE x.staff_id = s.id) AS mfa_enrolled,
         (SELECT max(k.expires_at) FROM ops.staff_setup_tokens k WHERE k.staff_id = s.id AND k.used_at IS NULL AND k.expires_at > $1) AS setup_expires_at,
         (SELECT count(*)::int FROM ops.staff_training t
           WHERE t.staff_id = s.id AND t.next_due_on IS NOT NULL AND t.next_due_on < $2::date AND ${NOT_SUPERSEDED}) AS overdue_training
    FROM ops.staff s`;

function present(row: AccountRow, now: Date): StaffAccount {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    roles: row.roles,
    status: row.status,
    mfaEnrolled: row.mfa_enrolled,
    locked: isLocked(row.locked_until, now),
    lockedUntil: isLocked(row.locked_until, now) ? row.locked_until : null,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
    setupExpiresAt: row.setup_expires_at ? new Date(row.setup_expires_at) : null,
    overdueTraining: row.overdue_training,
  };
}

/** Every staff account: active and invited first, then disabled; by name within each. */
export async function listStaffAccounts(tx: Tx, now: Date, today: string): Promise<StaffAccount[]> {
  const { rows } = await tx.query<AccountRow>(`${ACCOUNT_SELECT} ORDER BY (s.status = 'disabled'), s.display_name, s.email`, [now, today]);
  return rows.map((r) => present(r, now));
}

export async function findStaffAccount(tx: Tx, staffId: string, now: Date, today: string): Promise<StaffAccount | undefined> {
  const { rows } = await tx.query<AccountRow>(`${ACCOUNT_SELECT} WHERE s.id = $3`, [now, today, staffId]);
  const row = rows[0];
  return row ? present(row, now) : undefined;
}

/** Active security officers; `lock` takes their rows so that two demotions cannot race past the last one. */
export async function activeSecurityOfficerIds(tx: Tx, options: { lock?: boolean } = {}): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM ops.staff WHERE status = 'active' AND $1 = ANY (roles) ORDER BY id${options.lock ? ' FOR UPDATE' : ''}`,
    [SECURITY_OFFICER_ROLE],
  );
  return rows.map((r) => r.id);
}

/** Active staff members by name, e.g. to pick an assignee. */
export async function listActiveStaffNames(tx: Tx): Promise<{ id: string; displayName: string }[]> {
  const { rows } = await tx.query<{ id: string; display_name: string }>(`SELECT id, display_name FROM ops.staff WHERE status = 'active' ORDER BY display_name, id`);
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}

/** Counts for the console overview: staff needing attention. */
export async function staffAttentionCounts(tx: Tx, now: Date, today: string): Promise<{ locked: number; invited: number; overdueTraining: number }> {
  const { rows } = await tx.query<{ locked: number; invited: number; overdue: number }>(
    `SELECT (SELECT count(*)::int FROM ops.staff WHERE status = 'active' AND locked_until > $1) AS locked,
            (SELECT count(*)::int FROM ops.staff WHERE status = 'invited') AS invited,
            (SELECT count(*)::int FROM ops.staff_training t JOIN ops.staff s ON s.id = t.staff_id
              WHERE s.status = 'active' AND t.next_due_on IS NOT NULL AND t.next_due_on < $2::date AND ${NOT_SUPERSEDED}) AS overdue`,
    [now, today],
  );
  const row = rows[0];
  return { locked: row?.locked ?? 0, invited: row?.invited ?? 0, overdueTraining: row?.overdue ?? 0 };
}
