import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import type { Composition } from '../shared/composition.js';
import type {
  ListSnapshot,
  RequestDetail,
  RequestEventView,
  RequestItem,
  RequestListQuery,
  RequestStatus,
  RequestSummary,
  ResponseDetail,
  ResponseStatus,
  ResponseSummary,
} from './requestSchemas.js';

/*
 * Reading requests and responses. Which rows a company sees is decided by row-level security
 * (its own; a request addressed to it once sent; a response to its request once sent): an id
 * the reader may not see answers exactly like an unknown one.
 */

type Instant = Date | string;
const iso = (v: Instant) => new Date(v).toISOString();
const isoOrNull = (v: Instant | null) => (v === null ? null : iso(v));
/** jsonb arrives parsed from both drivers; json built in a query may arrive as text. */
function parsed<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A request row as both sides read it. */
export interface RequestRow {
  tenant_id: string;
  id: string;
  requester_name: string;
  supplier_tenant_id: string | null;
  supplier_name: string;
  supplier_email: string;
  supplier_code: string | null;
  title: string;
  message: string;
  items: unknown;
  format_wanted: RequestDetail['formatWanted'];
  list_version_id: string | null;
  list_snapshot: unknown;
  respond_by: string;
  requester_ref: string;
  responder_ref: string;
  status: RequestStatus;
  return_reason: string;
  accepted_response_id: string | null;
  created_by: string | null;
  sent_at: Instant | null;
  submitted_at: Instant | null;
  updated_at: Instant;
  version: number;
}

export const REQUEST_COLUMNS = `r.tenant_id, r.id, r.requester_name, r.supplier_tenant_id, r.supplier_name, r.supplier_email,
  (SELECT t.code FROM ops.tenants t WHERE t.id = r.supplier_tenant_id) AS supplier_code, r.title, r.message,
  r.items, r.format_wanted, r.list_version_id, r.list_snapshot, r.respond_by::text AS respond_by, r.requester_ref, r.responder_ref,
  r.status, r.return_reason, r.accepted_response_id, r.created_by, r.sent_at, r.submitted_at, r.updated_at, r.version`;

/** Statuses in which the supplier still owes an answer. */
const AWAITING: readonly RequestStatus[] = ['draft', 'sent', 'answering', 'returned'];

/** Whether the reader's company sent the request (outgoing) or was asked (incoming). */
export function boxOf(row: Pick<RequestRow, 'tenant_id'>, tenantId: string): 'outgoing' | 'incoming' {
  return row.tenant_id === tenantId ? 'outgoing' : 'incoming';
}

export function itemsOf(row: Pick<RequestRow, 'items'>): RequestItem[] {
  return parsed<RequestItem[]>(row.items, []);
}

export function snapshotOf(row: Pick<RequestRow, 'list_snapshot'>): ListSnapshot | null {
  return parsed<ListSnapshot | null>(row.list_snapshot, null);
}

/** The request as a list shows it; `today` is the JST date that decides `overdue`. */
export function presentSummary(row: RequestRow, tenantId: string, today: string): RequestSummary {
  return {
    id: row.id,
    box: boxOf(row, tenantId),
    title: row.title,
    requesterName: row.requester_name,
    supplierName: row.supplier_name,
    supplierKind: row.supplier_tenant_id ? 'tenant' : 'outside',
    status: row.status,
    respondBy: row.respond_by,
    overdue: AWAITING.includes(row.status) && row.respond_by < today,
    formatWanted: row.format_wanted,
    requesterRef: row.requester_ref,
    responderRef: row.responder_ref,
    itemCount: itemsOf(row).length,
    sentAt: isoOrNull(row.sent_at),
    submittedAt: isoOrNull(row.submitted_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentDetail(row: RequestRow, tenantId: string, today: string): RequestDetail {
  const summary = presentSummary(row, tenantId, today);
  return {
    ...summary,
    message: row.message,
    supplierEmail: summary.box === 'outgoing' ? row.supplier_email : '',
    supplierCode: summary.box === 'outgoing' ? (row.supplier_code ?? '') : '',
    items: itemsOf(row),
    listVersionId: row.list_version_id,
    listSnapshot: snapshotOf(row),
    returnReason: row.return_reason,
    acceptedResponseId: row.accepted_response_id,
    version: row.version,
  };
}

/** The request if the reader's company may see it, else the same 404 as an unknown id. */
export async function findRequest(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<RequestRow> {
  const { rows } = await tx.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM survey.requests r WHERE r.id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  const row = rows[0];
  if (!row) throw new AppError('survey.request_not_found', { internal: `request ${id} is not visible` });
  return row;
}

/** Full-width/half-width folding for search, as the other lists do. */
function searchText(q: string): string {
  return q.normalize('NFKC').trim().toLowerCase();
}

/** The reader's outgoing and incoming requests, most recently changed first. */
export async function listRequests(tx: Tx, tenantId: string, query: RequestListQuery, today: string): Promise<{ items: RequestSummary[]; total: number }> {
  // RLS limits the rows to the reader's two boxes; `box` only chooses between them.
  const where = [
    "($1::text IS NULL OR ($1 = 'outgoing' AND r.tenant_id = $2) OR ($1 = 'incoming' AND r.supplier_tenant_id = $2))",
    '($3::text IS NULL OR r.status = $3)',
    `($4::text IS NULL OR strpos(lower(normalize(r.title || ' ' || r.requester_name || ' ' || r.supplier_name || ' ' || r.requester_ref || ' ' || r.responder_ref, NFKC)), $4) > 0)`,
  ];
  const params = [query.box ?? null, tenantId, query.status ?? null, query.q ? searchText(query.q) : null];
  const { rows } = await tx.query<RequestRow & { total: number }>(
    `SELECT ${REQUEST_COLUMNS}, count(*) OVER ()::int AS total FROM survey.requests r
      WHERE ${where.join(' AND ')}
      ORDER BY r.updated_at DESC, r.id
      LIMIT $5 OFFSET $6`,
    [...params, query.pageSize, (query.page - 1) * query.pageSize],
  );
  let total = rows[0]?.total;
  if (total === undefined) {
    const counted = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM survey.requests r WHERE ${where.join(' AND ')}`, params);
    total = counted.rows[0]?.n ?? 0;
  }
  return { items: rows.map((r) => presentSummary(r, tenantId, today)), total };
}

/** A response row as both sides read it. */
export interface ResponseRow {
  tenant_id: string;
  id: string;
  request_id: string;
  request_tenant_id: string;
  source: 'tenant' | 'outside';
  status: ResponseStatus;
  products: unknown;
  compliance: unknown;
  responder_company: string;
  contact: unknown;
  comment: string;
  review_comment: string;
  drafted_by: string | null;
  drafted_by_name: string;
  authorizer_name: string;
  approved_at: Instant | null;
  sent_at: Instant | null;
  updated_at: Instant;
  version: number;
}

const RESPONSE_COLUMNS = `s.tenant_id, s.id, s.request_id, s.request_tenant_id, s.source, s.status, s.products, s.compliance, s.responder_company,
  s.contact, s.comment, s.review_comment, s.drafted_by, s.drafted_by_name, s.authorizer_name, s.approved_at, s.sent_at, s.updated_at, s.version`;

export type ResponseProduct = ResponseDetail['products'][number] & { composition: Composition };

export function productsOf(row: Pick<ResponseRow, 'products'>): ResponseProduct[] {
  return parsed<ResponseProduct[]>(row.products, []).map((p) => ({ ...p, massG: p.massG === null || p.massG === undefined ? null : Number(p.massG) }));
}

export function presentResponseSummary(row: ResponseRow): ResponseSummary {
  return {
    id: row.id,
    requestId: row.request_id,
    source: row.source,
    status: row.status,
    responderCompany: row.responder_company,
    draftedByName: row.drafted_by_name,
    // Unsent responses are read by their own company only (RLS); the id never leaves it.
    draftedByUserId: row.status === 'sent' ? null : row.drafted_by,
    authorizerName: row.authorizer_name,
    approvedAt: isoOrNull(row.approved_at),
    sentAt: isoOrNull(row.sent_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Stored declarations may come from an imported file that names fields a little differently. */
interface StoredCompliance {
  listCode?: string;
  listName?: string;
  versionLabel?: string;
  listVersion?: string;
  declarations?: { name?: string; substance?: string; cas?: string | null; aboveThreshold?: boolean; massPercent?: number | null; exemption?: string | null }[];
}

function presentCompliance(value: unknown): ResponseDetail['compliance'] {
  return parsed<StoredCompliance[]>(value, []).map((c) => ({
    listCode: c.listCode ?? '',
    listName: c.listName ?? '',
    versionLabel: c.versionLabel ?? c.listVersion ?? '',
    declarations: (c.declarations ?? []).map((d) => ({
      name: d.name ?? d.substance ?? '',
      cas: d.cas ?? null,
      aboveThreshold: d.aboveThreshold === true,
      massPercent: d.massPercent === null || d.massPercent === undefined ? null : Number(d.massPercent),
      exemption: d.exemption ?? null,
    })),
  }));
}

export async function presentResponse(tx: Tx, row: ResponseRow): Promise<ResponseDetail> {
  const contact = parsed<Partial<ResponseDetail['contact']>>(row.contact, {});
  const { rows: files } = await tx.query<{ file_id: string; name: string; bytes: number | string; kind: ResponseDetail['files'][number]['kind'] }>(
    `SELECT file_id, name, bytes, kind FROM survey.response_files WHERE response_id = $1 ORDER BY created_at, file_id`,
    [row.id],
  );
  return {
    ...presentResponseSummary(row),
    products: productsOf(row),
    compliance: presentCompliance(row.compliance),
    contact: { name: contact.name ?? '', email: contact.email ?? '', phone: contact.phone ?? '' },
    comment: row.comment,
    reviewComment: row.review_comment,
    files: files.map((f) => ({ fileId: f.file_id, name: f.name, bytes: Number(f.bytes), kind: f.kind })),
    version: row.version,
  };
}

/** The response if the reader's company may see it, else the same 404 as an unknown id. */
export async function findResponse(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<ResponseRow> {
  const { rows } = await tx.query<ResponseRow>(`SELECT ${RESPONSE_COLUMNS} FROM survey.responses s WHERE s.id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  const row = rows[0];
  if (!row) throw new AppError('survey.response_not_found', { internal: `response ${id} is not visible` });
  return row;
}

/** The responses of a request the reader sees: its own drafts and sent ones, or those sent to it. */
export async function responsesOfRequest(tx: Tx, requestId: string): Promise<ResponseRow[]> {
  const { rows } = await tx.query<ResponseRow>(`SELECT ${RESPONSE_COLUMNS} FROM survey.responses s WHERE s.request_id = $1 ORDER BY s.created_at, s.id`, [requestId]);
  return rows;
}

/** A request's history, oldest first, written by either side. */
export async function eventsOfRequest(tx: Tx, requestId: string): Promise<RequestEventView[]> {
  const { rows } = await tx.query<{ id: string; event: string; comment: string; actor_name: string; actor_company: string; at: Instant }>(
    `SELECT id, event, comment, actor_name, actor_company, at FROM survey.request_events WHERE request_id = $1 ORDER BY at, id`,
    [requestId],
  );
  return rows.map((e) => ({ id: e.id, event: e.event, comment: e.comment, actorName: e.actor_name, actorCompany: e.actor_company, at: iso(e.at) }));
}
