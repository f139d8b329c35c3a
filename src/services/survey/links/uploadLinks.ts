import { z } from 'zod';
import { randomToken, sha256Hex } from '../../../core/crypto.js';
import { isUuid, type Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';

/** An upload link as the requester sees it (never its token). */
export const uploadLinkView = z.object({
  id: z.string(),
  email: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastOpenedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UploadLinkView = z.infer<typeof uploadLinkView>;

/*
 * Upload-link tokens are `<tenant id>_<random>`, as the platform's single-use links
 * (platform/members/linkToken.ts): the tenant id is not secret and lets the lookup run under RLS
 * for that tenant; only the SHA-256 of the random part is stored. The whole token is one
 * base64url-like path segment, so the request log redacts it (`redactUrl`).
 */
const UUID_LENGTH = 36;
const SEPARATOR = '_';
/** Route parameters: shape only; validity is decided by the lookup. */
export const UPLOAD_TOKEN_MAX_LENGTH = 120;

function newUploadToken(tenantId: string): { token: string; hash: string } {
  const secret = randomToken();
  return { token: `${tenantId}${SEPARATOR}${secret}`, hash: sha256Hex(secret) };
}

function parseUploadToken(token: string): { tenantId: string; hash: string } | undefined {
  const tenantId = token.slice(0, UUID_LENGTH);
  const secret = token.slice(UUID_LENGTH + SEPARATOR.length);
  if (token.slice(UUID_LENGTH, UUID_LENGTH + SEPARATOR.length) !== SEPARATOR) return undefined;
  if (!isUuid(tenantId) || !/^[A-Za-z0-9_-]{32,64}$/.test(secret)) return undefined;
  return { tenantId: tenantId.toLowerCase(), hash: sha256Hex(secret) };
}

/** How long a link stays usable unless the requester says otherwise. */
export const UPLOAD_LINK_DEFAULT_DAYS = 14;
/** The longest a requester may make a link live. */
export const UPLOAD_LINK_MAX_DAYS = 90;
/** Largest single file an outside company may upload through a link. */
export const LINK_FILE_MAX_BYTES = 20 * 1024 * 1024;
/** Largest total an outside company may upload through one link. */
export const LINK_TOTAL_MAX_BYTES = 100 * 1024 * 1024;

/** The request statuses in which an outside company may answer (and a link may be issued). */
export const ANSWERABLE_STATUSES = ['sent', 'answering', 'returned'] as const;

interface LinkRow {
  tenant_id: string;
  id: string;
  request_id: string;
  email: string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  last_opened_at: Date | string | null;
  submitted_at: Date | string | null;
  bytes_received: string | number;
  created_at: Date | string;
}

const LINK_COLUMNS = 'l.tenant_id, l.id, l.request_id, l.email, l.expires_at, l.revoked_at, l.last_opened_at, l.submitted_at, l.bytes_received, l.created_at';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function presentLink(row: LinkRow): UploadLinkView {
  return {
    id: row.id,
    email: row.email,
    expiresAt: new Date(row.expires_at).toISOString(),
    revokedAt: iso(row.revoked_at),
    lastOpenedAt: iso(row.last_opened_at),
    submittedAt: iso(row.submitted_at),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Issues a single-purpose upload link for an outside company's answer to one request, revoking
 * the request's earlier live links. Returns the token for the link (once: only its SHA-256 is
 * stored) and the stored link. Runs in the requesting tenant's transaction; the caller checks
 * that the request is addressed to an outside company and can be answered, and mails the link
 * (`queueUploadLinkMail`).
 */
export async function issueUploadLink(
  tx: Tx,
  input: { tenantId: string; requestId: string; email: string; now: Date; days?: number },
): Promise<{ token: string; link: UploadLinkView }> {
  const days = input.days ?? UPLOAD_LINK_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > UPLOAD_LINK_MAX_DAYS) throw new Error(`issueUploadLink: ${days} is not a number of days from 1 to ${UPLOAD_LINK_MAX_DAYS}`);
  await tx.query(
    `UPDATE survey.upload_links SET revoked_at = $3
      WHERE tenant_id = $1 AND request_id = $2 AND revoked_at IS NULL AND submitted_at IS NULL AND expires_at > $3`,
    [input.tenantId, input.requestId, input.now],
  );
  const { token, hash } = newUploadToken(input.tenantId);
  const expiresAt = new Date(input.now.getTime() + days * 86_400_000);
  const { rows } = await tx.query<LinkRow>(
    `INSERT INTO survey.upload_links AS l (tenant_id, request_id, token_hash, email, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${LINK_COLUMNS}`,
    [input.tenantId, input.requestId, hash, input.email.trim(), expiresAt, input.now],
  );
  return { token, link: presentLink(rows[0]!) };
}

/** The address of the outside company's answer page for a token. */
export function uploadLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/survey/answer/${token}`;
}

/** All links of a request, newest first (requester side). */
export async function linksOfRequest(tx: Tx, requestId: string): Promise<UploadLinkView[]> {
  const { rows } = await tx.query<LinkRow>(
    `SELECT ${LINK_COLUMNS} FROM survey.upload_links l
      WHERE l.tenant_id = platform.current_tenant() AND l.request_id = $1
      ORDER BY l.created_at DESC, l.id`,
    [requestId],
  );
  return rows.map(presentLink);
}

/** One link of a request (requester side), or `survey.link_not_found`. */
export async function findLinkOfRequest(tx: Tx, requestId: string, linkId: string, options: { forUpdate?: boolean } = {}): Promise<UploadLinkView> {
  const { rows } = await tx.query<LinkRow>(
    `SELECT ${LINK_COLUMNS} FROM survey.upload_links l
      WHERE l.tenant_id = platform.current_tenant() AND l.request_id = $1 AND l.id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [requestId, linkId],
  );
  if (!rows[0]) throw new AppError('survey.link_not_found');
  return presentLink(rows[0]);
}

/** A live link as the public routes use it, with the request it opens. */
export interface LiveLink {
  tenantId: string;
  id: string;
  requestId: string;
  email: string;
  expiresAt: Date;
  createdAt: Date;
  bytesReceived: number;
  request: {
    id: string;
    title: string;
    requesterName: string;
    message: string;
    items: { key: string; productNumber: string; name: string; supplierProductNumber: string }[];
    formatWanted: string;
    respondBy: string;
    requesterRef: string;
    listSnapshot: unknown;
    status: string;
  };
}

interface LiveRow extends LinkRow {
  title: string;
  requester_name: string;
  message: string;
  items: unknown;
  format_wanted: string;
  respond_by: string | Date;
  requester_ref: string;
  list_snapshot: unknown;
  status: string;
}

function dateOnly(value: string | Date): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

function itemsOf(value: unknown): LiveLink['request']['items'] {
  if (!Array.isArray(value)) return [];
  return value.map((raw) => {
    const item = (raw ?? {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    return { key: text(item.key), productNumber: text(item.productNumber), name: text(item.name), supplierProductNumber: text(item.supplierProductNumber) };
  });
}

/** The tenant a token names (not secret: it only says where to look), or link_invalid. */
export function tenantOfToken(token: string): { tenantId: string; hash: string } {
  const parsed = parseUploadToken(token);
  if (!parsed) throw new AppError('survey.link_invalid', { internal: 'not an upload link token' });
  return parsed;
}

/**
 * The live link a token opens, in a transaction of the tenant the token names: unknown,
 * expired, revoked and used links, and links whose request can no longer be answered, are all
 * the same `survey.link_invalid`.
 */
export async function findLiveLink(tx: Tx, hash: string, now: Date, options: { forUpdate?: boolean } = {}): Promise<LiveLink> {
  const { rows } = await tx.query<LiveRow>(
    `SELECT ${LINK_COLUMNS}, r.title, r.requester_name, r.message, r.items, r.format_wanted, r.respond_by::text AS respond_by,
            r.requester_ref, r.list_snapshot, r.status
       FROM survey.upload_links l
       JOIN survey.requests r ON r.tenant_id = l.tenant_id AND r.id = l.request_id
      WHERE l.tenant_id = platform.current_tenant() AND l.token_hash = $1
        AND l.revoked_at IS NULL AND l.submitted_at IS NULL AND l.expires_at > $2
        AND r.supplier_tenant_id IS NULL AND r.status = ANY($3::text[])${options.forUpdate ? ' FOR UPDATE OF l, r' : ''}`,
    [hash, now, ANSWERABLE_STATUSES],
  );
  const row = rows[0];
  if (!row) throw new AppError('survey.link_invalid', { internal: 'no live upload link for this token' });
  return {
    tenantId: row.tenant_id,
    id: row.id,
    requestId: row.request_id,
    email: row.email,
    expiresAt: new Date(row.expires_at),
    createdAt: new Date(row.created_at),
    bytesReceived: Number(row.bytes_received),
    request: {
      id: row.request_id,
      title: row.title,
      requesterName: row.requester_name,
      message: row.message,
      items: itemsOf(row.items),
      formatWanted: row.format_wanted,
      respondBy: dateOnly(row.respond_by),
      requesterRef: row.requester_ref,
      listSnapshot: row.list_snapshot ?? null,
      status: row.status,
    },
  };
}
