import type { Tx } from '../../core/db/index.js';

/** Records when the user's temporary password stops working (replacing an earlier one). */
export async function saveTemporaryPasswordExpiry(tx: Tx, tenantId: string, userId: string, issuedAt: Date, expiresAt: Date): Promise<void> {
  await tx.query(
    `INSERT INTO platform.temporary_passwords (tenant_id, user_id, issued_at, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, user_id) DO UPDATE SET issued_at = EXCLUDED.issued_at, expires_at = EXCLUDED.expires_at`,
    [tenantId, userId, issuedAt, expiresAt],
  );
}

/**
 * Whether the user is still on a temporary password issued by staff and it has expired.
 * For the sign-in to call in the user's tenant transaction: an expired temporary password
 * must not open a session. False once the user has chosen their own password
 * (`must_change_password` is cleared), whatever the stored expiry says.
 */
export async function temporaryPasswordExpired(tx: Tx, userId: string, now: Date): Promise<boolean> {
  const { rows } = await tx.query<{ expired: boolean }>(
    `SELECT t.expires_at <= $2 AS expired
       FROM platform.temporary_passwords t
       JOIN platform.users u ON u.tenant_id = t.tenant_id AND u.id = t.user_id
      WHERE t.user_id = $1 AND u.must_change_password`,
    [userId, now],
  );
  return rows[0]?.expired === true;
}
