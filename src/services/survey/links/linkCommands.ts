import { z } from 'zod';
import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { auditUserChange, type ServiceWrite } from '../../../platform/services/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { queueUploadLinkMail } from './linkMail.js';
import { ANSWERABLE_STATUSES, findLinkOfRequest, issueUploadLink, UPLOAD_LINK_MAX_DAYS, type UploadLinkView } from './uploadLinks.js';

/** What a requester-side link command works with. */
export interface LinkWrite extends ServiceWrite {
  /** The web app's address, for the link in the mail. */
  publicUrl: string;
}

/** A new link for a request: to the request's address unless another is given. */
export const issueLinkSchema = z.strictObject({
  email: z.email().max(254).optional(),
  days: z.number().int().min(1).max(UPLOAD_LINK_MAX_DAYS).optional(),
});

interface RequestRow {
  id: string;
  title: string;
  requester_name: string;
  supplier_tenant_id: string | null;
  supplier_email: string;
  status: string;
  respond_by: string;
}

/** The tenant's own request (never one addressed to it), or `survey.link_request_not_found`. */
async function ownRequest(tx: Tx, tenantId: string, requestId: string): Promise<RequestRow> {
  const { rows } = await tx.query<RequestRow>(
    `SELECT id, title, requester_name, supplier_tenant_id, supplier_email, status, respond_by::text AS respond_by
       FROM survey.requests WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
    [requestId, tenantId],
  );
  if (!rows[0]) throw new AppError('survey.link_request_not_found', { internal: `request ${requestId} is not the tenant's own` });
  return rows[0];
}

async function requestEvent(tx: Tx, actor: UserActor, requestId: string, event: string, comment: string, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO survey.request_events (tenant_id, request_id, event, comment, actor_name, actor_company, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [actor.tenantId, requestId, event, comment, actor.displayName.slice(0, 200), actor.tenantName.slice(0, 200), at],
  );
}

/**
 * Issues a new upload link for an outside company's request (the earlier live ones stop
 * working) and mails it. Only while the request can be answered: after an answer came in, the
 * requester returns it first.
 */
export async function reissueUploadLink(w: LinkWrite, requestId: string, input: z.infer<typeof issueLinkSchema>): Promise<UploadLinkView> {
  const { tx, clock, actor } = w;
  const request = await ownRequest(tx, actor.tenantId, requestId);
  if (request.supplier_tenant_id !== null) throw new AppError('survey.link_not_outside');
  if (!(ANSWERABLE_STATUSES as readonly string[]).includes(request.status)) throw new AppError('survey.link_request_closed', { internal: `request is ${request.status}` });
  const email = input.email ?? request.supplier_email;
  const now = clock.now();
  const { token, link } = await issueUploadLink(tx, { tenantId: actor.tenantId, requestId, email, now, ...(input.days ? { days: input.days } : {}) });
  await queueUploadLinkMail(tx, clock, {
    tenantId: actor.tenantId,
    email,
    token,
    expiresAt: new Date(link.expiresAt),
    publicUrl: w.publicUrl,
    request: { title: request.title, requesterName: request.requester_name, respondBy: request.respond_by.slice(0, 10) },
  });
  await requestEvent(tx, actor, requestId, 'link_issued', email, now);
  await auditUserChange(w, 'survey.link.issued', { type: 'survey_upload_link', id: link.id }, { requestId, email, expiresAt: link.expiresAt });
  return link;
}

/** Revokes a link of the tenant's request; revoking a revoked, used or expired link changes nothing. */
export async function revokeUploadLink(w: LinkWrite, requestId: string, linkId: string): Promise<void> {
  const { tx, clock, actor } = w;
  await ownRequest(tx, actor.tenantId, requestId);
  const link = await findLinkOfRequest(tx, requestId, linkId, { forUpdate: true });
  const now = clock.now();
  if (link.revokedAt !== null || link.submittedAt !== null || new Date(link.expiresAt) <= now) return;
  await tx.query('UPDATE survey.upload_links SET revoked_at = $3 WHERE tenant_id = $1 AND id = $2', [actor.tenantId, linkId, now]);
  await requestEvent(tx, actor, requestId, 'link_revoked', link.email, now);
  await auditUserChange(w, 'survey.link.revoked', { type: 'survey_upload_link', id: linkId }, { requestId, email: link.email });
}
