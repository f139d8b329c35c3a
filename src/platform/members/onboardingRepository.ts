import type { Tx } from '../../core/db/index.js';
import type { ServiceId } from '../services/index.js';

/** A provider record of a new customer (ops.tenants). */
export interface NewTenant {
  id: string;
  code: string;
  name: string;
  representativeEmail: string;
  contactEmail: string;
  at: Date;
}

/** Inserts the tenant; a taken company code raises the unique violation (23505). */
export async function insertTenant(tx: Tx, tenant: NewTenant): Promise<void> {
  await tx.query(
    `INSERT INTO ops.tenants (id, code, name, representative_email, contact_email, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'active', $6, $6)`,
    [tenant.id, tenant.code, tenant.name, tenant.representativeEmail, tenant.contactEmail, tenant.at],
  );
}

/** Records one contracted service of the tenant with its JST start and optional end date. */
export async function insertContract(tx: Tx, customerId: string, contract: { service: ServiceId; startsOn: string; endsOn?: string | undefined }, at: Date): Promise<void> {
  await tx.query('INSERT INTO ops.contracts (customer_id, service, starts_on, ends_on, created_at) VALUES ($1, $2, $3::date, $4::date, $5)', [
    customerId,
    contract.service,
    contract.startsOn,
    contract.endsOn ?? null,
    at,
  ]);
}

/** Stores a first sign-in link by the hash of its secret; returns its id. */
export async function insertFirstLoginLink(tx: Tx, link: { tenantId: string; userId: string; tokenHash: string; expiresAt: Date; at: Date }): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    'INSERT INTO platform.first_login_links (tenant_id, user_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [link.tenantId, link.userId, link.tokenHash, link.expiresAt, link.at],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('insertFirstLoginLink: insert returned no row');
  return id;
}

/** A first sign-in link that can still be used, with the user it opens. */
export interface OpenFirstLoginLink {
  id: string;
  userId: string;
  email: string;
  displayName: string;
  expiresAt: Date;
}

/** The unused, unexpired link with this hash and its (active) user; locked when `lock` is set. */
export async function findOpenFirstLoginLink(tx: Tx, tokenHash: string, now: Date, lock = false): Promise<OpenFirstLoginLink | undefined> {
  const { rows } = await tx.query<OpenFirstLoginLink>(
    `SELECT l.id, l.user_id AS "userId", u.email, u.display_name AS "displayName", l.expires_at AS "expiresAt"
       FROM platform.first_login_links l
       JOIN platform.users u ON u.tenant_id = l.tenant_id AND u.id = l.user_id
      WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND u.status = 'active'${lock ? ' FOR UPDATE OF l' : ''}`,
    [tokenHash, now],
  );
  return rows[0];
}

/** Marks the link used: it works once. */
export async function markFirstLoginLinkUsed(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.query('UPDATE platform.first_login_links SET used_at = $2 WHERE id = $1', [id, at]);
}

/** Sets the user's own first password; nothing is left to change at sign-in. */
export async function setFirstPassword(tx: Tx, userId: string, passwordHash: string, at: Date): Promise<void> {
  await tx.query('UPDATE platform.users SET password_hash = $2, must_change_password = false, updated_at = $3 WHERE id = $1', [userId, passwordHash, at]);
}
