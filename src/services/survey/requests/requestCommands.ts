import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { messageKey } from '../../../core/messages.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { contractInForce, normalizeCompanyCode } from '../../../platform/tenancy/index.js';
import { auditUserChange } from '../../../platform/services/index.js';
import { queueUploadLinkMail } from '../links/linkMail.js';
import { issueUploadLink } from '../links/uploadLinks.js';
import { dateLabel, queueSurveyNotices, requestLink, surveyUsersOf } from './requestMail.js';
import type { ListSnapshot, RequestDetail, RequestInput, RequestUpdate } from './requestSchemas.js';
import { ensureResponseChecks } from './responseChecks.js';
import { boxOf, findRequest, itemsOf, presentDetail, type RequestRow } from './requestViews.js';
import { recordRequestEvent, todayOf, type SurveyWrite } from './requestWrite.js';

/** The roles of a supplier company that answer surveys and are told of requests. */
export const ANSWERER_ROLES = ['org_admin', 'org_member'] as const;
/** The roles of a requesting company that review incoming answers. */
export const REVIEWER_ROLES = ['org_admin', 'org_reviewer'] as const;

export interface SupplierTenant {
  tenantId: string;
  name: string;
  code: string;
}

/**
 * The company with this company code that has a running survey contract today (JST), as the
 * supplier of a request. Tenants are provider records (ops), readable without RLS; only their
 * code, name and contract are used.
 */
export async function findSupplierTenant(tx: Tx, actor: UserActor, code: string, today: string): Promise<SupplierTenant> {
  const { rows } = await tx.query<{ id: string; code: string; name: string }>(
    `SELECT t.id, t.code, t.name FROM ops.tenants t
      WHERE t.code = $1 AND t.status = 'active'
        AND EXISTS (SELECT 1 FROM ops.contracts c
                     WHERE c.customer_id = t.id AND c.service = 'survey' AND ${contractInForce('c', '$2')})`,
    [normalizeCompanyCode(code), today],
  );
  const found = rows[0];
  if (!found) throw new AppError('survey.supplier_not_found', { internal: `no survey tenant with code ${normalizeCompanyCode(code)}` });
  if (found.id === actor.tenantId) throw new AppError('survey.supplier_is_self');
  return { tenantId: found.id, name: found.name, code: found.code };
}

function assertRespondBy(respondBy: string, today: string): void {
  if (respondBy < today) throw new AppError('survey.respond_by_past', { fields: { respondBy: messageKey('survey.requests.respond_by_past') }, internal: `${respondBy} < ${today}` });
}

/** The list version must be one of the requester's own (RLS decides). */
async function assertListVersion(tx: Tx, listVersionId: string | null): Promise<void> {
  if (listVersionId === null) return;
  const { rows } = await tx.query('SELECT 1 FROM survey.list_versions WHERE id = $1', [listVersionId]);
  if (rows.length === 0) throw new AppError('survey.request_list_version_not_found', { fields: { listVersionId: messageKey('survey.requests.list_version_unknown') } });
}

/** The requester's name as its own files and mails show it: its survey settings, else the tenant's name. */
async function requesterNameOf(tx: Tx, actor: UserActor): Promise<string> {
  const { rows } = await tx.query<{ company_name: string }>('SELECT company_name FROM survey.settings WHERE tenant_id = $1', [actor.tenantId]);
  const name = rows[0]?.company_name.trim();
  return (name || actor.tenantName).slice(0, 200);
}

interface ResolvedInput {
  supplierTenantId: string | null;
  supplierName: string;
  supplierEmail: string;
  items: ReturnType<typeof itemsOf>;
}

async function resolveInput(w: SurveyWrite, input: RequestInput): Promise<ResolvedInput> {
  const today = todayOf(w.clock);
  assertRespondBy(input.respondBy, today);
  await assertListVersion(w.tx, input.listVersionId);
  const items = input.items.map((item, i) => ({ key: String(i + 1), productNumber: item.productNumber, name: item.name, supplierProductNumber: item.supplierProductNumber ?? '' }));
  if (input.supplier.kind === 'tenant') {
    const supplier = await findSupplierTenant(w.tx, w.actor, input.supplier.code, today);
    return { supplierTenantId: supplier.tenantId, supplierName: supplier.name, supplierEmail: '', items };
  }
  return { supplierTenantId: null, supplierName: input.supplier.name, supplierEmail: input.supplier.email, items };
}

/**
 * The values of a request's content columns, in the order both the INSERT and the UPDATE list
 * them: supplier_tenant_id, supplier_name, supplier_email, title, message, items, format_wanted,
 * list_version_id, respond_by, requester_ref.
 */
function contentValues(input: RequestInput, resolved: ResolvedInput): unknown[] {
  return [
    resolved.supplierTenantId,
    resolved.supplierName,
    resolved.supplierEmail,
    input.title,
    input.message ?? '',
    JSON.stringify(resolved.items),
    input.formatWanted,
    input.listVersionId,
    input.respondBy,
    input.requesterRef ?? '',
  ];
}

/** Creates a request as a draft of the requesting company; nothing is sent yet. */
export async function createRequest(w: SurveyWrite, input: RequestInput): Promise<RequestDetail> {
  const { tx, clock, actor } = w;
  const resolved = await resolveInput(w, input);
  const now = clock.now();
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO survey.requests (tenant_id, requester_name, supplier_tenant_id, supplier_name, supplier_email, title, message, items, format_wanted,
                                  list_version_id, respond_by, requester_ref, created_by, created_by_name, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
    [
      actor.tenantId,
      await requesterNameOf(tx, actor),
      ...contentValues(input, resolved),
      actor.userId,
      actor.displayName.slice(0, 200),
      now,
    ],
  );
  const id = rows[0]!.id;
  await recordRequestEvent(w, id, 'created');
  await auditUserChange(w, 'survey.request.created', { type: 'survey_request', id }, { supplierKind: input.supplier.kind, supplierTenantId: resolved.supplierTenantId, itemCount: resolved.items.length });
  return presentDetail(await findRequest(tx, id), actor.tenantId, todayOf(clock));
}

/** The request, when the reader's company sent it; the supplier may read it but not do this. */
export async function findOutgoing(tx: Tx, actor: UserActor, id: string, options: { forUpdate?: boolean } = {}): Promise<RequestRow> {
  const request = await findRequest(tx, id, options);
  if (boxOf(request, actor.tenantId) !== 'outgoing') throw new AppError('survey.requester_side_only');
  return request;
}

/** Replaces a draft's content (optimistic: `version` must be the one read). */
export async function updateRequest(w: SurveyWrite, id: string, input: RequestUpdate): Promise<RequestDetail> {
  const { tx, clock, actor } = w;
  const request = await findOutgoing(tx, actor, id, { forUpdate: true });
  if (request.status !== 'draft') throw new AppError('survey.request_not_draft');
  if (request.version !== input.version) throw new AppError('conflict', { internal: `request ${id} is at version ${request.version}, not ${input.version}` });
  const resolved = await resolveInput(w, input);
  await tx.query(
    `UPDATE survey.requests SET supplier_tenant_id = $2, supplier_name = $3, supplier_email = $4, title = $5, message = $6, items = $7, format_wanted = $8,
            list_version_id = $9, respond_by = $10, requester_ref = $11, updated_at = $12, version = version + 1
      WHERE id = $1`,
    [
      id,
      ...contentValues(input, resolved),
      clock.now(),
    ],
  );
  await auditUserChange(w, 'survey.request.updated', { type: 'survey_request', id }, { version: input.version + 1, itemCount: resolved.items.length });
  return presentDetail(await findRequest(tx, id), actor.tenantId, todayOf(clock));
}

/** The list version as the supplier will answer against it (the supplier cannot read the requester's lists). */
async function snapshotOfVersion(tx: Tx, versionId: string): Promise<ListSnapshot> {
  const { rows } = await tx.query<{ code: string; name: string; label: string }>(
    `SELECT l.code, l.name, v.label FROM survey.list_versions v JOIN survey.substance_lists l ON l.tenant_id = v.tenant_id AND l.id = v.list_id WHERE v.id = $1`,
    [versionId],
  );
  const version = rows[0];
  if (!version) throw new AppError('survey.request_list_version_not_found', { internal: `list version ${versionId} is gone` });
  const { rows: entries } = await tx.query<{ name: string; cas: string | null; internal_id: string | null; threshold_percent: number | string; basis: 'material' | 'article' }>(
    `SELECT name, cas, internal_id, threshold_percent, basis FROM survey.list_entries WHERE version_id = $1 ORDER BY sort_order, id`,
    [versionId],
  );
  return {
    listCode: version.code,
    listName: version.name,
    versionLabel: version.label,
    entries: entries.map((e) => ({ name: e.name, cas: e.cas, internalId: e.internal_id, thresholdPercent: Number(e.threshold_percent), basis: e.basis })),
  };
}

/**
 * Sends a draft: the list version is copied in, the request becomes readable by the supplier
 * company and its answerers are mailed; an outside company gets an upload link by mail.
 */
export async function sendRequest(w: SurveyWrite, id: string): Promise<RequestDetail> {
  const { tx, clock, actor } = w;
  const request = await findOutgoing(tx, actor, id, { forUpdate: true });
  if (request.status !== 'draft') throw new AppError('survey.request_not_draft');
  const today = todayOf(clock);
  assertRespondBy(request.respond_by, today);
  const snapshot = request.list_version_id ? await snapshotOfVersion(tx, request.list_version_id) : null;
  const now = clock.now();
  await tx.query(`UPDATE survey.requests SET status = 'sent', sent_at = $2, list_snapshot = $3, updated_at = $2, version = version + 1 WHERE id = $1`, [
    id,
    now,
    snapshot === null ? null : JSON.stringify(snapshot),
  ]);
  await recordRequestEvent(w, id, 'sent');

  let notified: number;
  let linkId: string | undefined;
  if (request.supplier_tenant_id) {
    const to = await surveyUsersOf(tx, request.supplier_tenant_id, actor.tenantId, ANSWERER_ROLES);
    notified = await queueSurveyNotices(tx, clock, {
      to,
      customerId: request.supplier_tenant_id,
      notice: { template: 'survey.request_received', params: {
          fromCompany: request.requester_name,
          title: request.title,
          respondBy: dateLabel(request.respond_by),
          itemCount: String(itemsOf(request).length),
          link: requestLink(w.publicUrl, id),
        },
      },
    });
  } else {
    const issued = await issueUploadLink(tx, { tenantId: actor.tenantId, requestId: id, email: request.supplier_email, now });
    linkId = issued.link.id;
    await queueUploadLinkMail(tx, clock, {
      tenantId: actor.tenantId,
      email: request.supplier_email,
      token: issued.token,
      expiresAt: new Date(issued.link.expiresAt),
      publicUrl: w.publicUrl,
      request: { title: request.title, requesterName: request.requester_name, respondBy: request.respond_by },
    });
    notified = 1;
  }
  await auditUserChange(w, 'survey.request.sent', { type: 'survey_request', id }, {
    supplierTenantId: request.supplier_tenant_id,
    listVersionId: request.list_version_id,
    notified,
    ...(linkId ? { uploadLinkId: linkId } : {}),
  });
  return presentDetail(await findRequest(tx, id), actor.tenantId, today);
}

function assertNotClosed(request: RequestRow): void {
  if (request.status === 'accepted' || request.status === 'cancelled') throw new AppError('survey.request_closed');
}

/** Cancels a request that is not closed yet; the supplier still sees it, as cancelled. */
export async function cancelRequest(w: SurveyWrite, id: string, reason: string | undefined): Promise<RequestDetail> {
  const { tx, clock, actor } = w;
  const request = await findOutgoing(tx, actor, id, { forUpdate: true });
  assertNotClosed(request);
  const now = clock.now();
  await tx.query(`UPDATE survey.requests SET status = 'cancelled', closed_at = $2, updated_at = $2, version = version + 1 WHERE id = $1`, [id, now]);
  await recordRequestEvent(w, id, 'cancelled', { comment: reason ?? '' });
  await auditUserChange(w, 'survey.request.cancelled', { type: 'survey_request', id }, { previousStatus: request.status });
  return presentDetail(await findRequest(tx, id), actor.tenantId, todayOf(clock));
}

/** The request is waiting for the requester's review, and the response is one sent to it. */
async function submittedWithResponse(w: SurveyWrite, id: string, responseId: string): Promise<RequestRow> {
  const request = await findOutgoing(w.tx, w.actor, id, { forUpdate: true });
  assertNotClosed(request);
  if (request.status !== 'submitted') throw new AppError('survey.request_not_submitted');
  const { rows } = await w.tx.query(`SELECT 1 FROM survey.responses WHERE id = $1 AND request_id = $2 AND status = 'sent'`, [responseId, id]);
  if (rows.length === 0) throw new AppError('survey.response_not_found', { internal: `response ${responseId} is not a sent response of request ${id}` });
  return request;
}

/** Accepts a sent answer: the request is closed with it, its products checked against the list. */
export async function acceptRequest(w: SurveyWrite, id: string, input: { responseId: string; comment?: string | undefined }): Promise<RequestDetail> {
  const { tx, clock, actor } = w;
  const request = await submittedWithResponse(w, id, input.responseId);
  const now = clock.now();
  await tx.query(`UPDATE survey.requests SET status = 'accepted', accepted_response_id = $2, closed_at = $3, updated_at = $3, version = version + 1 WHERE id = $1`, [id, input.responseId, now]);
  await recordRequestEvent(w, id, 'accepted', { comment: input.comment ?? '', responseId: input.responseId });
  const checked = await ensureResponseChecks(tx, clock, request);
  await auditUserChange(w, 'survey.request.accepted', { type: 'survey_request', id }, { responseId: input.responseId, checked });
  return presentDetail(await findRequest(tx, id), actor.tenantId, todayOf(clock));
}

/** Returns a sent answer with a reason: the supplier may draft and send a new one (the old one stays). */
export async function returnRequest(w: SurveyWrite, id: string, input: { responseId: string; reason: string }): Promise<RequestDetail> {
  const { tx, clock, actor } = w;
  const request = await submittedWithResponse(w, id, input.responseId);
  const now = clock.now();
  await tx.query(`UPDATE survey.requests SET status = 'returned', return_reason = $2, updated_at = $3, version = version + 1 WHERE id = $1`, [id, input.reason, now]);
  await recordRequestEvent(w, id, 'returned', { comment: input.reason, responseId: input.responseId });
  let notified = 0;
  if (request.supplier_tenant_id) {
    const to = await surveyUsersOf(tx, request.supplier_tenant_id, actor.tenantId, ANSWERER_ROLES);
    notified = await queueSurveyNotices(tx, clock, {
      to,
      customerId: request.supplier_tenant_id,
      notice: { template: 'survey.request_returned', params: { fromCompany: request.requester_name, title: request.title, reason: input.reason, link: requestLink(w.publicUrl, id) } },
    });
  }
  await auditUserChange(w, 'survey.request.returned', { type: 'survey_request', id }, { responseId: input.responseId, notified });
  return presentDetail(await findRequest(tx, id), actor.tenantId, todayOf(clock));
}

/**
 * The supplier's own reference on an incoming request. The database lets the supplier change
 * only the answering state of a request, so a request not yet being answered moves to
 * answering with it.
 */
export async function setResponderRef(w: SurveyWrite, id: string, responderRef: string): Promise<RequestDetail> {
  const { tx, clock, actor } = w;
  const request = await findRequest(tx, id, { forUpdate: true });
  if (boxOf(request, actor.tenantId) !== 'incoming') throw new AppError('survey.supplier_side_only');
  assertNotClosed(request);
  const status = request.status === 'sent' || request.status === 'returned' ? 'answering' : request.status;
  await tx.query(`UPDATE survey.requests SET responder_ref = $2, status = $3, updated_at = $4, version = version + 1 WHERE id = $1`, [id, responderRef, status, clock.now()]);
  if (status !== request.status) await recordRequestEvent(w, id, 'answering');
  await auditUserChange(w, 'survey.request.responder_ref_updated', { type: 'survey_request', id }, { responderRef });
  return presentDetail(await findRequest(tx, id), actor.tenantId, todayOf(clock));
}
