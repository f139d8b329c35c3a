import type { Tx } from '../../../core/db/index.js';

/** SQL of the second factors: TOTP authenticators, recovery codes and passkeys. */

export interface TotpRow {
  secretEncrypted: string;
  confirmedAt: Date | null;
  lastUsedStep: number | null;
  createdAt: Date;
}

/** The user's authenticator (confirmed or being enrolled), if any. */
export async function findTotp(tx: Tx, userId: string): Promise<TotpRow | undefined> {
  const { rows } = await tx.query<TotpRow>(
    `SELECT secret_encrypted AS "secretEncrypted", confirmed_at AS "confirmedAt",
            last_used_step::float8 AS "lastUsedStep", created_at AS "createdAt"
       FROM platform.mfa_totp WHERE user_id = $1`,
    [userId],
  );
  return rows[0];
}

/** Starts (or restarts) an enrolment; a confirmed authenticator is never overwritten. */
export async function savePendingTotp(tx: Tx, tenantId: string, userId: string, secretEncrypted: string, at: Date): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO platform.mfa_totp (tenant_id, user_id, secret_encrypted, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, user_id) DO UPDATE
       SET secret_encrypted = EXCLUDED.secret_encrypted, created_at = EXCLUDED.created_at, last_used_step = NULL
       WHERE platform.mfa_totp.confirmed_at IS NULL`,
    [tenantId, userId, secretEncrypted, at],
  );
  return rowCount === 1;
}

/**
 * Records that the code of `step` was accepted, only if no code of this or a later step was
 * accepted before: concurrent uses of one code cannot both succeed. Confirms a pending
 * enrolment when `confirmAt` is given.
 */
export async function claimTotpStep(tx: Tx, userId: string, step: number, confirmAt?: Date): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE platform.mfa_totp SET last_used_step = $2, confirmed_at = COALESCE(confirmed_at, $3)
      WHERE user_id = $1 AND (last_used_step IS NULL OR last_used_step < $2)
        AND (confirmed_at IS NOT NULL OR $3::timestamptz IS NOT NULL)`,
    [userId, step, confirmAt ?? null],
  );
  return rowCount === 1;
}

/** Removes the user's authenticator (confirmed or pending). */
export async function deleteTotp(tx: Tx, userId: string): Promise<boolean> {
  const { rowCount } = await tx.query('DELETE FROM platform.mfa_totp WHERE user_id = $1', [userId]);
  return rowCount > 0;
}

/** Replaces all of the user's recovery codes with these hashes. */
export async function replaceRecoveryCodes(tx: Tx, tenantId: string, userId: string, hashes: string[], at: Date): Promise<void> {
  await tx.query('DELETE FROM platform.mfa_recovery_codes WHERE user_id = $1', [userId]);
  for (const hash of hashes) {
    await tx.query(
      'INSERT INTO platform.mfa_recovery_codes (tenant_id, user_id, code_hash, created_at) VALUES ($1, $2, $3, $4)',
      [tenantId, userId, hash, at],
    );
  }
}

/** Removes all of the user's recovery codes, used or not. */
export async function deleteRecoveryCodes(tx: Tx, userId: string): Promise<void> {
  await tx.query('DELETE FROM platform.mfa_recovery_codes WHERE user_id = $1', [userId]);
}

/** Marks an unused code used; false when there is no such unused code (wrong, or used already). */
export async function consumeRecoveryCode(tx: Tx, userId: string, hash: string, at: Date): Promise<boolean> {
  const { rowCount } = await tx.query(
    'UPDATE platform.mfa_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL',
    [userId, hash, at],
  );
  return rowCount === 1;
}

export interface PasskeyRow {
  id: string;
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const PASSKEY_COLUMNS = `id, credential_id AS "credentialId", public_key AS "publicKey", counter::float8 AS counter,
  transports, name, created_at AS "createdAt", last_used_at AS "lastUsedAt"`;

/** The user's passkeys, oldest first. */
export async function listPasskeys(tx: Tx, userId: string): Promise<PasskeyRow[]> {
  const { rows } = await tx.query<PasskeyRow>(
    `SELECT ${PASSKEY_COLUMNS} FROM platform.passkeys WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
  return rows;
}

/** The user's passkey with this WebAuthn credential id (base64url), if it is theirs. */
export async function findPasskeyByCredential(tx: Tx, userId: string, credentialId: string): Promise<PasskeyRow | undefined> {
  const { rows } = await tx.query<PasskeyRow>(
    `SELECT ${PASSKEY_COLUMNS} FROM platform.passkeys WHERE user_id = $1 AND credential_id = $2`,
    [userId, credentialId],
  );
  return rows[0];
}

/** Stores a verified passkey; returns its id. */
export async function insertPasskey(
  tx: Tx,
  row: { tenantId: string; userId: string; credentialId: string; publicKey: string; counter: number; transports: string[]; name: string; at: Date },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO platform.passkeys (tenant_id, user_id, credential_id, public_key, counter, transports, name, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [row.tenantId, row.userId, row.credentialId, row.publicKey, row.counter, row.transports, row.name, row.at],
  );
  const inserted = rows[0];
  if (!inserted) throw new Error('insertPasskey: insert returned no row');
  return inserted.id;
}

/** Stores the authenticator's new signature counter after a successful assertion. */
export async function touchPasskey(tx: Tx, id: string, counter: number, at: Date): Promise<void> {
  await tx.query('UPDATE platform.passkeys SET counter = $2, last_used_at = $3 WHERE id = $1', [id, counter, at]);
}

/** Renames one of the user's passkeys; false when the user has no passkey with that id. */
export async function renamePasskey(tx: Tx, userId: string, id: string, name: string): Promise<boolean> {
  const { rowCount } = await tx.query('UPDATE platform.passkeys SET name = $3 WHERE user_id = $1 AND id = $2', [userId, id, name]);
  return rowCount === 1;
}

/** Deletes one of the user's passkeys, returning its name; undefined when there is none. */
export async function deletePasskey(tx: Tx, userId: string, id: string): Promise<{ name: string } | undefined> {
  const { rows } = await tx.query<{ name: string }>('DELETE FROM platform.passkeys WHERE user_id = $1 AND id = $2 RETURNING name', [userId, id]);
  return rows[0];
}

/** Which factors the user has; a pending (unconfirmed) authenticator does not count. */
export interface FactorSummary {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

/** Counts the user's factors in one query. */
export async function factorSummary(tx: Tx, userId: string): Promise<FactorSummary> {
  const { rows } = await tx.query<FactorSummary>(
    `SELECT EXISTS (SELECT 1 FROM platform.mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS totp,
            (SELECT count(*)::int FROM platform.passkeys WHERE user_id = $1) AS passkeys,
            (SELECT count(*)::int FROM platform.mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL) AS "recoveryCodesLeft"`,
    [userId],
  );
  return rows[0] ?? { totp: false, passkeys: 0, recoveryCodesLeft: 0 };
}

/** The user's sign-in facts needed by MFA commands: e-mail, name, password hash, status. */
export interface MfaUser {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  status: string;
}

/** The user of the transaction's tenant with this id. */
export async function findMfaUser(tx: Tx, userId: string): Promise<MfaUser | undefined> {
  const { rows } = await tx.query<MfaUser>(
    `SELECT id, email, display_name AS "displayName", password_hash AS "passwordHash", status FROM platform.users WHERE id = $1`,
    [userId],
  );
  return rows[0];
}
