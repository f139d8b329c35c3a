import type { Tx } from '../../../core/db/index.js';

/** SQL of sign-in challenges and passkey registration ceremonies. */

export interface ChallengeRow {
  id: string;
  userId: string;
  enrolmentRequired: boolean;
  webauthnChallenge: string | null;
  attempts: number;
}

const CHALLENGE_COLUMNS = `c.id, c.user_id AS "userId", c.enrolment_required AS "enrolmentRequired",
  c.webauthn_challenge AS "webauthnChallenge", c.attempts`;

/** Stores a new sign-in challenge (only the token's hash). */
export async function insertChallenge(
  tx: Tx,
  row: { tenantId: string; userId: string; tokenHash: string; enrolmentRequired: boolean; at: Date; expiresAt: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO platform.mfa_challenges (tenant_id, user_id, token_hash, enrolment_required, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [row.tenantId, row.userId, row.tokenHash, row.enrolmentRequired, row.at, row.expiresAt],
  );
}

/** An open challenge (unused, unexpired, attempts left, its user active), without using an attempt. */
export async function findOpenChallenge(tx: Tx, tokenHash: string, at: Date, maxAttempts: number): Promise<ChallengeRow | undefined> {
  const { rows } = await tx.query<ChallengeRow>(
    `SELECT ${CHALLENGE_COLUMNS} FROM platform.mfa_challenges c
       JOIN platform.users u ON u.tenant_id = c.tenant_id AND u.id = c.user_id AND u.status = 'active'
      WHERE c.token_hash = $1 AND c.used_at IS NULL AND c.expires_at > $2 AND c.attempts < $3`,
    [tokenHash, at, maxAttempts],
  );
  return rows[0];
}

/**
 * Takes one attempt of an open challenge before the answer is checked, in one statement:
 * however many answers arrive at once, no more than `maxAttempts` are ever checked.
 */
export async function reserveChallengeAttempt(
  tx: Tx,
  tokenHash: string,
  at: Date,
  maxAttempts: number,
  enrolmentRequired: boolean,
): Promise<ChallengeRow | undefined> {
  const { rows } = await tx.query<ChallengeRow>(
    `UPDATE platform.mfa_challenges c SET attempts = c.attempts + 1
       FROM platform.users u
      WHERE u.tenant_id = c.tenant_id AND u.id = c.user_id AND u.status = 'active'
        AND c.token_hash = $1 AND c.used_at IS NULL AND c.expires_at > $2 AND c.attempts < $3
        AND c.enrolment_required = $4
      RETURNING ${CHALLENGE_COLUMNS}`,
    [tokenHash, at, maxAttempts, enrolmentRequired],
  );
  return rows[0];
}

/** Removes the user's challenges that can no longer be answered, so they do not pile up. */
export async function deleteStaleChallenges(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx.query('DELETE FROM platform.mfa_challenges WHERE user_id = $1 AND expires_at <= $2', [userId, at]);
}

/** Uses the challenge up; false if it was used meanwhile. */
export async function consumeChallenge(tx: Tx, id: string, at: Date): Promise<boolean> {
  const { rowCount } = await tx.query('UPDATE platform.mfa_challenges SET used_at = $2 WHERE id = $1 AND used_at IS NULL', [id, at]);
  return rowCount === 1;
}

/** Remembers the WebAuthn challenge sent for this sign-in challenge (a new one replaces it). */
export async function setChallengeWebauthn(tx: Tx, id: string, webauthnChallenge: string): Promise<void> {
  await tx.query('UPDATE platform.mfa_challenges SET webauthn_challenge = $2 WHERE id = $1', [id, webauthnChallenge]);
}

/** Remembers a passkey registration's challenge; returns the ceremony id. */
export async function insertCeremony(tx: Tx, row: { tenantId: string; userId: string; challenge: string; at: Date; expiresAt: Date }): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO platform.webauthn_ceremonies (tenant_id, user_id, challenge, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [row.tenantId, row.userId, row.challenge, row.at, row.expiresAt],
  );
  const inserted = rows[0];
  if (!inserted) throw new Error('insertCeremony: insert returned no row');
  return inserted.id;
}

/** Takes the user's ceremony (deleting it: one use) and returns its challenge if unexpired. */
export async function takeCeremony(tx: Tx, userId: string, id: string, at: Date): Promise<string | undefined> {
  const { rows } = await tx.query<{ challenge: string; expires_at: Date }>(
    'DELETE FROM platform.webauthn_ceremonies WHERE user_id = $1 AND id = $2 RETURNING challenge, expires_at',
    [userId, id],
  );
  const row = rows[0];
  return row && row.expires_at > at ? row.challenge : undefined;
}

/** Removes the user's expired ceremonies, so abandoned registrations do not pile up. */
export async function deleteExpiredCeremonies(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx.query('DELETE FROM platform.webauthn_ceremonies WHERE user_id = $1 AND expires_at <= $2', [userId, at]);
}
