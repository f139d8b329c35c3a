import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { messageKey } from '../../../core/messages.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { auditUserChange } from '../../../platform/services/index.js';
import { REVIEWER_ROLES } from './requestCommands.js';
import { queueSurveyNotices, requestLink, surveyUsersOf } from './requestMail.js';
import type { ResponseDetail, ResponseUpdate } from './requestSchemas.js';
import { boxOf, findRequest, findResponse, itemsOf, presentResponse, snapshotOf, type RequestRow, type ResponseRow } from './requestViews.js';
import { recordRequestEvent, type SurveyWrite } from './requestWrite.js';

/*
 * The supplier's side: a response is drafted, submitted for review, approved by a reviewer who
 * did not draft it (the authorizer) or returned, and only then sent. Sending moves the request
 * to submitted; a sent response never changes (the database refuses it).
 */

/** Request statuses in which the supplier may answer (again). */
const ANSWERABLE = new Set(['sent', 'answering', 'returned']);
const EDITABLE = new Set(['draft', 'returned']);

const target = (id: string) => ({ type: 'survey_response', id });

/** A response of the reader's company; the requester may read a sent one but not change it. */
async function findOwnResponse(tx: Tx, actor: UserActor, id: string): Promise<ResponseRow> {
  const response = await findResponse(tx, id, { forUpdate: true });
  if (response.tenant_id !== actor.tenantId) throw new AppError('survey.supplier_side_only');
  return response;
}

/** The contact printed on the answer: the company's survey settings, else the drafter. */
async function defaultsOf(tx: Tx, actor: UserActor): Promise<{ company: string; contact: { name: string; email: string; phone: string } }> {
  const { rows } = await tx.query<{ company_name: string; contact_name: string; contact_email: string; contact_phone: string }>(
    'SELECT company_name, contact_name, contact_email, contact_phone FROM survey.settings WHERE tenant_id = $1',
    [actor.tenantId],
  );
  const s = rows[0];
  return {
    company: (s?.company_name.trim() || actor.tenantName).slice(0, 200),
    contact: s?.contact_name ? { name: s.contact_name, email: s.contact_email, phone: s.contact_phone } : { name: actor.displayName, email: actor.email, phone: '' },
  };
}

/**
 * Starts a draft answer to an incoming request, its products prefilled from the requested
 * items and its declarations from the list the request was sent with; the request moves to
 * answering. One answer at a time: an unsent one must be finished first.
 */
export async function createResponse(w: SurveyWrite, requestId: string): Promise<ResponseDetail> {
  const { tx, clock, actor } = w;
  const request = await findRequest(tx, requestId, { forUpdate: true });
  if (boxOf(request, actor.tenantId) !== 'incoming') throw new AppError('survey.supplier_side_only');
  if (!ANSWERABLE.has(request.status)) throw new AppError('survey.request_not_open', { internal: `request ${requestId} is ${request.status}` });
  const open = await tx.query<{ id: string }>(`SELECT id FROM survey.responses WHERE request_id = $1 AND tenant_id = $2 AND status <> 'sent'`, [requestId, actor.tenantId]);
  if (open.rows.length > 0) throw new AppError('survey.response_open_exists', { internal: `response ${open.rows[0]!.id} is open` });

  const products = itemsOf(request).map((item) => ({
    key: item.key,
    productNumber: item.supplierProductNumber || item.productNumber,
    name: item.name,
    massG: null,
    composition: { parts: [] },
  }));
  const snapshot = snapshotOf(request);
  const compliance = snapshot ? [{ listCode: snapshot.listCode, listName: snapshot.listName, versionLabel: snapshot.versionLabel, declarations: [] }] : [];
  const defaults = await defaultsOf(tx, actor);
  const now = clock.now();
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO survey.responses (tenant_id, request_id, request_tenant_id, source, status, products, compliance, responder_company, contact,
                                   drafted_by, drafted_by_name, created_at, updated_at)
     VALUES ($1, $2, $3, 'tenant', 'draft', $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
    [actor.tenantId, requestId, request.tenant_id, JSON.stringify(products), JSON.stringify(compliance), defaults.company, JSON.stringify(defaults.contact), actor.userId, actor.displayName.slice(0, 200), now],
  );
  const id = rows[0]!.id;
  if (request.status !== 'answering') {
    await tx.query(`UPDATE survey.requests SET status = 'answering', updated_at = $2, version = version + 1 WHERE id = $1`, [requestId, now]);
  }
  await recordRequestEvent(w, requestId, 'answering', { responseId: id });
  await auditUserChange(w, 'survey.response.drafted', target(id), { requestId, requestTenantId: request.tenant_id });
  return presentResponse(tx, await findResponse(tx, id));
}

/** The answer's products must be the requested items, each once. */
function assertProductsMatch(request: RequestRow, input: ResponseUpdate): void {
  const keys = new Set(itemsOf(request).map((i) => i.key));
  const seen = new Set<string>();
  const fields: Record<string, string> = {};
  input.products.forEach((p, i) => {
    if (!keys.has(p.key) || seen.has(p.key)) fields[`products.${i}.key`] = messageKey('survey.requests.product_key_unknown');
    seen.add(p.key);
  });
  if (Object.keys(fields).length > 0) throw new AppError('survey.response_product_unknown', { fields });
}

/**
 * Saves a draft (or a returned answer being reworked). The writer becomes its drafter, so the
 * person who last wrote it can never be the one who approves it.
 */
export async function updateResponse(w: SurveyWrite, id: string, input: ResponseUpdate): Promise<ResponseDetail> {
  const { tx, clock, actor } = w;
  const response = await findOwnResponse(tx, actor, id);
  if (!EDITABLE.has(response.status)) throw new AppError('survey.response_not_editable');
  if (response.version !== input.version) throw new AppError('conflict', { internal: `response ${id} is at version ${response.version}, not ${input.version}` });
  assertProductsMatch(await findRequest(tx, response.request_id), input);
  await tx.query(
    `UPDATE survey.responses SET products = $2, compliance = $3, contact = $4, comment = $5, drafted_by = $6, drafted_by_name = $7, updated_at = $8, version = version + 1
      WHERE id = $1`,
    [id, JSON.stringify(input.products), JSON.stringify(input.compliance), JSON.stringify(input.contact), input.comment, actor.userId, actor.displayName.slice(0, 200), clock.now()],
  );
  await auditUserChange(w, 'survey.response.updated', target(id), { requestId: response.request_id, version: input.version + 1, productCount: input.products.length });
  return presentResponse(tx, await findResponse(tx, id));
}

async function moveResponse(w: SurveyWrite, response: ResponseRow, set: string, params: unknown[]): Promise<void> {
  await w.tx.query(`UPDATE survey.responses SET ${set}, updated_at = $2, version = version + 1 WHERE id = $1`, [response.id, w.clock.now(), ...params]);
}

/** Hands a draft to the company's reviewers. */
export async function submitForReview(w: SurveyWrite, id: string): Promise<ResponseDetail> {
  const response = await findOwnResponse(w.tx, w.actor, id);
  if (!EDITABLE.has(response.status)) throw new AppError('survey.response_not_editable');
  await moveResponse(w, response, `status = 'in_review'`, []);
  await recordRequestEvent(w, response.request_id, 'submitted_for_review', { responseId: id });
  await auditUserChange(w, 'survey.response.submitted_for_review', target(id), { requestId: response.request_id });
  return presentResponse(w.tx, await findResponse(w.tx, id));
}

/** Approves an answer in review; the approver is its authorizer and may not be its drafter. */
export async function approveResponse(w: SurveyWrite, id: string, comment: string | undefined): Promise<ResponseDetail> {
  const { actor } = w;
  const response = await findOwnResponse(w.tx, actor, id);
  if (response.status !== 'in_review') throw new AppError('survey.response_not_in_review');
  if (response.drafted_by === actor.userId) throw new AppError('survey.cannot_approve_own');
  await moveResponse(w, response, `status = 'approved', authorizer_user_id = $3, authorizer_name = $4, approved_at = $2, review_comment = $5`, [
    actor.userId,
    actor.displayName.slice(0, 200),
    comment ?? '',
  ]);
  await recordRequestEvent(w, response.request_id, 'approved', { responseId: id, comment: comment ?? '' });
  await auditUserChange(w, 'survey.response.approved', target(id), { requestId: response.request_id });
  return presentResponse(w.tx, await findResponse(w.tx, id));
}

/** Returns an answer in review to its drafters with the reviewer's comment. */
export async function returnResponse(w: SurveyWrite, id: string, comment: string): Promise<ResponseDetail> {
  const response = await findOwnResponse(w.tx, w.actor, id);
  if (response.status !== 'in_review') throw new AppError('survey.response_not_in_review');
  await moveResponse(w, response, `status = 'returned', review_comment = $3`, [comment]);
  await recordRequestEvent(w, response.request_id, 'returned_by_reviewer', { responseId: id, comment });
  await auditUserChange(w, 'survey.response.returned', target(id), { requestId: response.request_id });
  return presentResponse(w.tx, await findResponse(w.tx, id));
}

/**
 * Sends an approved answer to the requester: the response is then fixed, the request moves to
 * submitted and the requester's admins and reviewers are mailed.
 */
export async function sendResponse(w: SurveyWrite, id: string): Promise<ResponseDetail> {
  const { tx, clock, actor } = w;
  const response = await findOwnResponse(tx, actor, id);
  if (response.status !== 'approved') throw new AppError('survey.response_not_approved');
  const request = await findRequest(tx, response.request_id, { forUpdate: true });
  if (!ANSWERABLE.has(request.status)) throw new AppError('survey.request_not_open', { internal: `request ${request.id} is ${request.status}` });
  const now = clock.now();
  await moveResponse(w, response, `status = 'sent', sent_at = $2`, []);
  await tx.query(`UPDATE survey.requests SET status = 'submitted', submitted_at = $2, updated_at = $2, version = version + 1 WHERE id = $1`, [request.id, now]);
  await recordRequestEvent(w, request.id, 'response_sent', { responseId: id });
  const to = await surveyUsersOf(tx, request.tenant_id, actor.tenantId, REVIEWER_ROLES);
  const notified = await queueSurveyNotices(tx, clock, {
    to,
    customerId: request.tenant_id,
    notice: { template: 'survey.response_received', params: { fromCompany: response.responder_company, title: request.title, authorizerName: response.authorizer_name, link: requestLink(w.publicUrl, request.id) } },
  });
  await auditUserChange(w, 'survey.response.sent', target(id), { requestId: request.id, requestTenantId: request.tenant_id, notified });
  return presentResponse(tx, await findResponse(tx, id));
}

/** Checks a file may be attached to the response now: the company's own, still being written. */
export async function assertTakesFiles(tx: Tx, actor: UserActor, id: string): Promise<ResponseRow> {
  const response = await findResponse(tx, id);
  if (response.tenant_id !== actor.tenantId) throw new AppError('survey.supplier_side_only');
  if (!EDITABLE.has(response.status)) throw new AppError('survey.response_not_editable');
  return response;
}

/** Records an uploaded file as one of the response's, in the transaction that stores it. */
export async function recordResponseFile(
  tx: Tx,
  actor: UserActor,
  id: string,
  file: { id: string; name: string; bytes: number; createdAt: Date },
  kind: ResponseDetail['files'][number]['kind'],
): Promise<void> {
  const response = await assertTakesFiles(tx, actor, id);
  await tx.query(
    `INSERT INTO survey.response_files (tenant_id, file_id, response_id, request_id, name, bytes, kind, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [actor.tenantId, file.id, id, response.request_id, file.name.slice(0, 200), file.bytes, kind, file.createdAt],
  );
}

/**
 * The company that owns a file of the response, when the reader may read it: its own response's
 * files, or the files of a response sent to it (RLS decides both). Records the download.
 */
export async function responseFileOwner(w: SurveyWrite, id: string, fileId: string): Promise<{ tenantId: string }> {
  const response = await findResponse(w.tx, id);
  const { rows } = await w.tx.query<{ tenant_id: string; name: string }>(`SELECT tenant_id, name FROM survey.response_files WHERE response_id = $1 AND file_id = $2`, [response.id, fileId]);
  const found = rows[0];
  if (!found) throw new AppError('files.not_found', { internal: `file ${fileId} is not a file of response ${id}` });
  await auditUserChange(w, 'survey.response.file_downloaded', { type: 'file', id: fileId }, { responseId: id, ownerTenantId: found.tenant_id, name: found.name });
  return { tenantId: found.tenant_id };
}
