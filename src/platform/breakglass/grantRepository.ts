import type { Tx } from '../../core/db/index.js';

/** A staff member's time-limited access to one tenant's registered data. */
export interface Grant {
  id: string;
  staffId: string;
  staffName: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  reason: string;
  openedAt: Date;
  expiresAt: Date;
  closedAt: Date | null;
  notifiedAt: Date | null;
}

const GRANT_COLUMNS = `g.id, g.staff_id AS "staffId", g.staff_name AS "staffName", g.customer_id AS "customerId", t.code AS "customerCode",
  t.name AS "customerName", g.reason, g.opened_at AS "openedAt", g.expires_at AS "expiresAt", g.closed_at AS "closedAt", g.notified_at AS "notifiedAt"`;

export async function insertGrant(
  tx: Tx,
  grant: { id: string; staffId: string; staffName: string; customerId: string; reason: string; openedAt: Date; expiresAt: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO ops.breakglass_grants (id, staff_id, staff_name, customer_id, reason, opened_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [grant.id, grant.staffId, grant.staffName, grant.customerId, grant.reason, grant.openedAt, grant.expiresAt],
  );
}

/**
 * The staff member's grant for the tenant that is open at `now`, locked for the rest of the
 * transaction (so the first access mails the tenant exactly once).
 */
export async function findActiveGrant(tx: Tx, staffId: string, customerId: string, now: Date): Promise<Grant | undefined> {
  const { rows } = await tx.query<Grant>(
    `SELECT ${GRANT_COLUMNS} FROM ops.breakglass_grants g JOIN ops.tenants t ON t.id = g.customer_id
      WHERE g.staff_id = $1 AND g.customer_id = $2 AND g.closed_at IS NULL AND g.opened_at <= $3 AND g.expires_at > $3
      ORDER BY g.expires_at DESC LIMIT 1 FOR UPDATE OF g`,
    [staffId, customerId, now],
  );
  return rows[0];
}

export async function findGrant(tx: Tx, id: string): Promise<Grant | undefined> {
  const { rows } = await tx.query<Grant>(`SELECT ${GRANT_COLUMNS} FROM ops.breakglass_grants g JOIN ops.tenants t ON t.id = g.customer_id WHERE g.id = $1 FOR UPDATE OF g`, [id]);
  return rows[0];
}

/** Grants newest first; `activeAt` keeps only those open at that instant. */
export async function listGrants(tx: Tx, activeAt?: Date): Promise<Grant[]> {
  const { rows } = await tx.query<Grant>(
    `SELECT ${GRANT_COLUMNS} FROM ops.breakglass_grants g JOIN ops.tenants t ON t.id = g.customer_id
      ${activeAt ? 'WHERE g.closed_at IS NULL AND g.expires_at > $1' : ''} ORDER BY g.opened_at DESC LIMIT 200`,
    activeAt ? [activeAt] : [],
  );
  return rows;
}

export async function markGrantClosed(tx: Tx, id: string, by: string, at: Date): Promise<void> {
  await tx.query('UPDATE ops.breakglass_grants SET closed_at = $3, closed_by = $2 WHERE id = $1 AND closed_at IS NULL', [id, by, at]);
}

export async function markGrantNotified(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.query('UPDATE ops.breakglass_grants SET notified_at = $2 WHERE id = $1', [id, at]);
}

/** The tenant a grant may name: its name, code and the contact address for notices. */
export async function findCustomer(tx: Tx, id: string): Promise<{ id: string; code: string; name: string; contactEmail: string } | undefined> {
  const { rows } = await tx.query<{ id: string; code: string; name: string; contactEmail: string }>(
    'SELECT id, code, name, contact_email AS "contactEmail" FROM ops.tenants WHERE id = $1',
    [id],
  );
  return rows[0];
}
