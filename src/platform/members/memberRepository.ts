import type { Tx } from '../../core/db/index.js';
import type { Membership, ServiceId } from '../services/index.js';
import { normalizeEmail } from '../tenancy/index.js';

/** A member as the member screens show them. */
export interface MemberListRow {
  id: string;
  email: string;
  displayName: string;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  /** Start of the newest session; null when the user never signed in. */
  lastSignInAt: Date | null;
  memberships: Membership[];
}

const LIST_COLUMNS = `u.id, u.email, u.display_name AS "displayName", u.status, u.must_change_password AS "mustChangePassword",
  (SELECT max(s.created_at) FROM platform.sessions s WHERE s.tenant_id = u.tenant_id AND s.user_id = u.id) AS "lastSignInAt",
  COALESCE((SELECT json_agg(json_build_object('service', m.service, 'role', m.role) ORDER BY m.service)
              FROM platform.memberships m WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id), '[]') AS memberships`;

/** Members of the transaction's tenant, optionally only those of one service, by name. */
export async function listMemberRows(tx: Tx, service?: ServiceId): Promise<MemberListRow[]> {
  const { rows } = await tx.query<MemberListRow>(
    `SELECT ${LIST_COLUMNS} FROM platform.users u
      WHERE $1::text IS NULL OR EXISTS (SELECT 1 FROM platform.memberships m WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id AND m.service = $1)
      ORDER BY u.display_name, u.email`,
    [service ?? null],
  );
  return rows;
}

/** One member of the transaction's tenant; another tenant's id finds nothing. */
export async function findMemberRow(tx: Tx, userId: string): Promise<MemberListRow | undefined> {
  const { rows } = await tx.query<MemberListRow>(`SELECT ${LIST_COLUMNS} FROM platform.users u WHERE u.id = $1`, [userId]);
  return rows[0];
}

/** A user's identity fields, locked for the rest of the transaction. */
export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  status: 'active' | 'disabled';
  locale: 'ja' | 'en';
}

/** The user, locked for the rest of the transaction; another tenant's id finds nothing. */
export async function lockUser(tx: Tx, userId: string): Promise<UserRecord | undefined> {
  const { rows } = await tx.query<UserRecord>(
    `SELECT id, email, display_name AS "displayName", status, locale FROM platform.users WHERE id = $1 FOR UPDATE`,
    [userId],
  );
  return rows[0];
}

/** The tenant's user with this address, compared in normalised form. */
export async function findUserByEmail(tx: Tx, email: string): Promise<UserRecord | undefined> {
  const { rows } = await tx.query<UserRecord>(
    `SELECT id, email, display_name AS "displayName", status, locale FROM platform.users WHERE email_normalized = $1`,
    [normalizeEmail(email)],
  );
  return rows[0];
}

/** The user's status as stored now; undefined when there is no such user in the tenant. */
export async function userStatus(tx: Tx, userId: string): Promise<'active' | 'disabled' | undefined> {
  const { rows } = await tx.query<{ status: 'active' | 'disabled' }>('SELECT status FROM platform.users WHERE id = $1', [userId]);
  return rows[0]?.status;
}

/** The user's memberships as stored now (not as the session saw them at the start of the request). */
export async function membershipsOf(tx: Tx, userId: string): Promise<Membership[]> {
  const { rows } = await tx.query<Membership>('SELECT service, role FROM platform.memberships WHERE user_id = $1 ORDER BY service', [userId]);
  return rows;
}

export interface NewUser {
  tenantId: string;
  email: string;
  displayName: string;
  locale: 'ja' | 'en';
  /** Null: the user cannot sign in until a password is set through a link. */
  passwordHash: string | null;
  mustChangePassword: boolean;
  at: Date;
}

/** Inserts a user; a taken e-mail raises the database's unique violation (23505). */
export async function insertUser(tx: Tx, user: NewUser): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO platform.users (tenant_id, email, email_normalized, display_name, locale, password_hash, must_change_password, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
    [user.tenantId, user.email.trim(), normalizeEmail(user.email), user.displayName, user.locale, user.passwordHash, user.mustChangePassword, user.at],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('insertUser: insert returned no row');
  return id;
}

/** Gives the user a role in a service; the key allows one role per service. */
export async function insertMembership(tx: Tx, tenantId: string, userId: string, service: ServiceId, role: string, at: Date): Promise<void> {
  await tx.query('INSERT INTO platform.memberships (tenant_id, user_id, service, role, created_at) VALUES ($1, $2, $3, $4, $5)', [tenantId, userId, service, role, at]);
}

/** The user's role in the service, locked; undefined when they are not a member. */
export async function lockMembership(tx: Tx, userId: string, service: ServiceId): Promise<string | undefined> {
  const { rows } = await tx.query<{ role: string }>('SELECT role FROM platform.memberships WHERE user_id = $1 AND service = $2 FOR UPDATE', [userId, service]);
  return rows[0]?.role;
}

/** Replaces the user's role in the service. */
export async function updateMembershipRole(tx: Tx, userId: string, service: ServiceId, role: string): Promise<void> {
  await tx.query('UPDATE platform.memberships SET role = $3 WHERE user_id = $1 AND service = $2', [userId, service, role]);
}

/** Deletes one membership; returns how many memberships the user still has. */
export async function deleteMembership(tx: Tx, userId: string, service: ServiceId): Promise<number> {
  await tx.query('DELETE FROM platform.memberships WHERE user_id = $1 AND service = $2', [userId, service]);
  const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM platform.memberships WHERE user_id = $1', [userId]);
  return rows[0]?.n ?? 0;
}

/** Deletes a user; sessions, memberships and links go with them (ON DELETE CASCADE). */
export async function deleteUser(tx: Tx, userId: string): Promise<void> {
  await tx.query('DELETE FROM platform.users WHERE id = $1', [userId]);
}

/** Sets the user active or disabled; sessions of a disabled user stop resolving at once. */
export async function setUserStatus(tx: Tx, userId: string, status: 'active' | 'disabled', at: Date): Promise<void> {
  await tx.query('UPDATE platform.users SET status = $2, updated_at = $3 WHERE id = $1', [userId, status, at]);
}

/**
 * Locks every admin membership of the service (ordered by user, so two commands take the
 * rows in the same order and never wait on each other crosswise), then counts the active
 * admins that remain when `leaving` lose admin rights. The count runs as a new statement
 * after the locks are held, so under READ COMMITTED it sees every change committed by a
 * command that held them before.
 */
export async function lockAdminsAndCountRemaining(
  tx: Tx,
  service: ServiceId,
  adminRoles: readonly string[],
  leaving: readonly string[],
): Promise<number> {
  await tx.query('SELECT user_id FROM platform.memberships WHERE service = $1 AND role = ANY($2::text[]) ORDER BY user_id FOR UPDATE', [service, adminRoles]);
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM platform.memberships m
       JOIN platform.users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
      WHERE m.service = $1 AND m.role = ANY($2::text[]) AND u.status = 'active' AND m.user_id <> ALL($3::uuid[])`,
    [service, adminRoles, leaving],
  );
  return rows[0]?.n ?? 0;
}
