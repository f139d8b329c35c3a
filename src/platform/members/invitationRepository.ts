import type { Tx } from '../../core/db/index.js';
import type { ServiceId } from '../services/index.js';
import { normalizeEmail } from '../tenancy/index.js';

export interface InvitationRow {
  id: string;
  service: ServiceId;
  email: string;
  role: string;
  status: 'pending' | 'accepted' | 'revoked';
  invitedByName: string;
  sendCount: number;
  createdAt: Date;
  lastSentAt: Date;
  expiresAt: Date;
}

const COLUMNS = `id, service, email, role, status, invited_by_name AS "invitedByName", send_count AS "sendCount",
  created_at AS "createdAt", last_sent_at AS "lastSentAt", expires_at AS "expiresAt"`;

/** Pending invitations of a service (expired ones included: they can be resent), newest first. */
export async function listPendingInvitations(tx: Tx, service: ServiceId): Promise<InvitationRow[]> {
  const { rows } = await tx.query<InvitationRow>(
    `SELECT ${COLUMNS} FROM platform.invitations WHERE service = $1 AND status = 'pending' ORDER BY last_sent_at DESC, id`,
    [service],
  );
  return rows;
}

/** One invitation of the transaction's tenant, locked; another tenant's id finds nothing. */
export async function lockInvitation(tx: Tx, id: string): Promise<InvitationRow | undefined> {
  const { rows } = await tx.query<InvitationRow>(`SELECT ${COLUMNS} FROM platform.invitations WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0];
}

/** The pending, unexpired invitation a link's token hash names; locked when `lock` is set. */
export async function findOpenInvitationByHash(tx: Tx, tokenHash: string, now: Date, lock = false): Promise<InvitationRow | undefined> {
  const { rows } = await tx.query<InvitationRow>(
    `SELECT ${COLUMNS} FROM platform.invitations
      WHERE token_hash = $1 AND status = 'pending' AND expires_at > $2${lock ? ' FOR UPDATE' : ''}`,
    [tokenHash, now],
  );
  return rows[0];
}

/** Whether the address already has an open invitation to the service (a second one would be a resend). */
export async function hasPendingInvitation(tx: Tx, service: ServiceId, email: string): Promise<boolean> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM platform.invitations WHERE service = $1 AND email_normalized = $2 AND status = 'pending'`,
    [service, normalizeEmail(email)],
  );
  return (rows[0]?.n ?? 0) > 0;
}

export interface NewInvitation {
  tenantId: string;
  service: ServiceId;
  email: string;
  role: string;
  tokenHash: string;
  expiresAt: Date;
  invitedBy: string;
  invitedByName: string;
  at: Date;
}

/** Inserts an invitation; a second pending one for the same address raises 23505. */
export async function insertInvitation(tx: Tx, inv: NewInvitation): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO platform.invitations
       (tenant_id, service, email, email_normalized, role, token_hash, expires_at, invited_by, invited_by_name, created_at, last_sent_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
    [inv.tenantId, inv.service, inv.email.trim(), normalizeEmail(inv.email), inv.role, inv.tokenHash, inv.expiresAt, inv.invitedBy, inv.invitedByName, inv.at],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('insertInvitation: insert returned no row');
  return id;
}

/** A new token for the same invitation: the previous link stops working. */
export async function replaceInvitationToken(tx: Tx, id: string, tokenHash: string, expiresAt: Date, at: Date): Promise<void> {
  await tx.query(
    `UPDATE platform.invitations SET token_hash = $2, expires_at = $3, last_sent_at = $4, send_count = send_count + 1 WHERE id = $1`,
    [id, tokenHash, expiresAt, at],
  );
}

/** Closes the invitation as revoked; its link stops matching at once (lookups want `pending`). */
export async function markInvitationRevoked(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.query(`UPDATE platform.invitations SET status = 'revoked', revoked_at = $2 WHERE id = $1`, [id, at]);
}

/** Closes the invitation as accepted by `userId`, so its link cannot be used twice. */
export async function markInvitationAccepted(tx: Tx, id: string, userId: string, at: Date): Promise<void> {
  await tx.query(`UPDATE platform.invitations SET status = 'accepted', accepted_at = $2, accepted_user_id = $3 WHERE id = $1`, [id, at, userId]);
}
