import type { z } from 'zod';
import type { Clock } from '../../../core/clock.js';
import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { recordTenantEvent, type AuditOrigin } from '../../../platform/audit/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { mailExcerpt, queueInquiryNotices } from './inquiryMail.js';
import { findInquiry, presentInquiry, sideOf, type InquiryRow, type InquirySummary, type MessageView, type replySchema, type sendInquirySchema } from './inquiryViews.js';

/** What an inquiry command works with: the tenant's transaction, the clock, who and from where. */
export interface InquiryWrite {
  tx: Tx;
  clock: Clock;
  actor: UserActor;
  origin: AuditOrigin;
  /** The web app's address, for the link in the notice. */
  publicUrl: string;
}

const KIND_NAMES = {
  sample: { ja: 'サンプル依頼', en: 'Sample request' },
  quote: { ja: '見積依頼', en: 'Quotation request' },
  question: { ja: '技術的な質問', en: 'Technical question' },
} as const;

/** The screen of an inquiry in the web app. */
export function inquiryLink(publicUrl: string, inquiryId: string): string {
  return `${publicUrl}/s/catalog/inquiries/${inquiryId}`;
}

/**
 * Addresses of the other company's active catalog admins and editors, who answer inquiries.
 * They are the other tenant's users, so they are read with that tenant set on this transaction
 * for the one query (RLS still applies) and the reader's tenant set back straight after: the
 * notice must be queued in the same transaction as the change it tells of.
 */
async function answerersOf(tx: Tx, otherTenantId: string, ownTenantId: string): Promise<string[]> {
  await tx.query("SELECT set_config('app.tenant_id', $1, true)", [otherTenantId]);
  const { rows } = await tx.query<{ email: string }>(
    `SELECT u.email FROM platform.users u
       JOIN platform.memberships m ON m.tenant_id = u.tenant_id AND m.user_id = u.id
      WHERE m.service = 'catalog' AND m.role IN ('admin', 'editor') AND u.status = 'active'
      ORDER BY u.email`,
  );
  await tx.query("SELECT set_config('app.tenant_id', $1, true)", [ownTenantId]);
  return rows.map((r) => r.email);
}

interface ProductTarget {
  tenant_id: string;
  id: string;
  name: string;
  status: string;
  publisher_name: string;
}

/**
 * Sends an inquiry about another company's published product: the inquiry is the asking
 * company's row (with the publisher's and the product's names as they are now), its first
 * message goes in with it, the publisher's admins and editors get a notice.
 */
export async function sendInquiry(w: InquiryWrite, input: z.infer<typeof sendInquirySchema>): Promise<InquirySummary> {
  const { tx, clock, actor } = w;
  const { rows } = await tx.query<ProductTarget>(
    `SELECT p.tenant_id, p.id, p.name, p.status, coalesce(pub.display_name, t.name) AS publisher_name
       FROM catalog.products p
       JOIN ops.tenants t ON t.id = p.tenant_id
       LEFT JOIN catalog.publishers pub ON pub.tenant_id = p.tenant_id
      WHERE p.id = $1`,
    [input.productId],
  );
  const product = rows[0];
  if (product && product.tenant_id === actor.tenantId) throw new AppError('catalog.inquiry_own_product');
  if (!product || product.status !== 'published') throw new AppError('catalog.inquiry_product_not_found', { internal: `product ${input.productId} is not visible or not published` });

  const now = clock.now();
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO catalog.inquiries (tenant_id, publisher_tenant_id, publisher_name, product_id, product_name, kind, subject, status, created_by, created_at, updated_at, last_message_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $9, $9) RETURNING id`,
    [actor.tenantId, product.tenant_id, product.publisher_name.slice(0, 200), product.id, product.name, input.kind, input.subject, actor.userId, now],
  );
  const inquiryId = inserted.rows[0]!.id;
  const message = await insertMessage(tx, actor, inquiryId, input.body, now);
  const to = await answerersOf(tx, product.tenant_id, actor.tenantId);
  await queueInquiryNotices(tx, clock, {
    to,
    customerId: product.tenant_id,
    notice: {
      template: 'catalog.inquiry_received',
      params: {
        fromCompany: actor.tenantName,
        productName: product.name,
        kindJa: KIND_NAMES[input.kind].ja,
        kindEn: KIND_NAMES[input.kind].en,
        subject: input.subject,
        excerpt: mailExcerpt(input.body),
        link: inquiryLink(w.publicUrl, inquiryId),
      },
    },
  });
  await recordTenantEvent(tx, clock, actor.tenantId, w.origin, {
    actor: { type: 'user', id: actor.userId, name: actor.displayName },
    action: 'catalog.inquiry.sent',
    target: { type: 'catalog_inquiry', id: inquiryId },
    result: 'success',
    details: { publisherTenantId: product.tenant_id, productId: product.id, kind: input.kind, subject: input.subject, messageId: message.id, notified: to.length },
  });
  return presentInquiry(await findInquiry(tx, inquiryId), actor.tenantId);
}

async function insertMessage(tx: Tx, actor: UserActor, inquiryId: string, body: string, now: Date): Promise<{ id: string }> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO catalog.inquiry_messages (tenant_id, inquiry_id, body, author_user_id, author_name, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [actor.tenantId, inquiryId, body, actor.userId, actor.displayName.slice(0, 200), now],
  );
  return rows[0]!;
}

/** The other company of an inquiry, from the reader's side. */
function otherTenantOf(inquiry: InquiryRow, tenantId: string): string {
  return sideOf(inquiry, tenantId) === 'sent' ? inquiry.publisher_tenant_id : inquiry.tenant_id;
}

/**
 * Writes a message into an open inquiry from either side, with files the writer's company
 * uploaded for it and has not sent yet. The publisher writing marks it answered, the asker
 * writing opens it again; the other side gets a notice.
 */
export async function replyToInquiry(w: InquiryWrite, inquiryId: string, input: z.infer<typeof replySchema>): Promise<MessageView> {
  const { tx, clock, actor } = w;
  const inquiry = await findInquiry(tx, inquiryId, { forUpdate: true });
  if (inquiry.status === 'closed') throw new AppError('catalog.inquiry_closed');
  const fileIds = [...new Set((input.attachmentFileIds ?? []).map((id) => id.toLowerCase()))];
  const { rows: files } = await tx.query<{ file_id: string; name: string; bytes: number | string }>(
    `SELECT file_id, name, bytes FROM catalog.inquiry_files
      WHERE tenant_id = $1 AND inquiry_id = $2 AND message_id IS NULL AND file_id = ANY($3::uuid[])
      ORDER BY created_at, file_id
      FOR UPDATE`,
    [actor.tenantId, inquiry.id, fileIds],
  );
  if (files.length !== fileIds.length) throw new AppError('catalog.inquiry_attachment_invalid', { internal: `${fileIds.length - files.length} attachment(s) not usable` });

  const now = clock.now();
  const message = await insertMessage(tx, actor, inquiry.id, input.body, now);
  if (fileIds.length > 0) {
    await tx.query(`UPDATE catalog.inquiry_messages SET attachment_file_ids = $3::uuid[] WHERE tenant_id = $1 AND id = $2`, [actor.tenantId, message.id, files.map((f) => f.file_id)]);
    await tx.query(`UPDATE catalog.inquiry_files SET message_id = $2 WHERE tenant_id = $1 AND file_id = ANY($3::uuid[])`, [actor.tenantId, message.id, fileIds]);
  }
  const side = sideOf(inquiry, actor.tenantId);
  await tx.query(`UPDATE catalog.inquiries SET status = $2, last_message_at = $3, updated_at = $3 WHERE id = $1`, [inquiry.id, side === 'sent' ? 'open' : 'answered', now]);

  const other = otherTenantOf(inquiry, actor.tenantId);
  const to = await answerersOf(tx, other, actor.tenantId);
  await queueInquiryNotices(tx, clock, {
    to,
    customerId: other,
    notice: {
      template: 'catalog.inquiry_replied',
      params: {
        fromCompany: side === 'sent' ? inquiry.asker_name : inquiry.publisher_name,
        subject: inquiry.subject,
        excerpt: mailExcerpt(input.body),
        link: inquiryLink(w.publicUrl, inquiry.id),
      },
    },
  });
  await recordTenantEvent(tx, clock, actor.tenantId, w.origin, {
    actor: { type: 'user', id: actor.userId, name: actor.displayName },
    action: 'catalog.inquiry.replied',
    target: { type: 'catalog_inquiry', id: inquiry.id },
    result: 'success',
    details: { messageId: message.id, side, attachments: files.map((f) => f.file_id), notified: to.length },
  });
  return {
    id: message.id,
    own: true,
    authorName: actor.displayName,
    companyName: side === 'sent' ? inquiry.asker_name : inquiry.publisher_name,
    body: input.body,
    attachments: files.map((f) => ({ fileId: f.file_id, name: f.name, bytes: Number(f.bytes) })),
    createdAt: now.toISOString(),
  };
}

/** Closes an inquiry from either side; closing a closed one changes nothing. */
export async function closeInquiry(w: InquiryWrite, inquiryId: string): Promise<InquirySummary> {
  const { tx, clock, actor } = w;
  const inquiry = await findInquiry(tx, inquiryId, { forUpdate: true });
  if (inquiry.status === 'closed') return presentInquiry(inquiry, actor.tenantId);
  await tx.query(`UPDATE catalog.inquiries SET status = 'closed', updated_at = $2 WHERE id = $1`, [inquiry.id, clock.now()]);
  await recordTenantEvent(tx, clock, actor.tenantId, w.origin, {
    actor: { type: 'user', id: actor.userId, name: actor.displayName },
    action: 'catalog.inquiry.closed',
    target: { type: 'catalog_inquiry', id: inquiry.id },
    result: 'success',
    details: { side: sideOf(inquiry, actor.tenantId), previousStatus: inquiry.status },
  });
  return presentInquiry(await findInquiry(tx, inquiry.id), actor.tenantId);
}

/** Checks an attachment may be uploaded to the inquiry now (visible and not closed). */
export async function assertOpenForAttachments(tx: Tx, inquiryId: string): Promise<InquiryRow> {
  const inquiry = await findInquiry(tx, inquiryId);
  if (inquiry.status === 'closed') throw new AppError('catalog.inquiry_closed');
  return inquiry;
}

/** Records an uploaded file as the writer's attachment for the inquiry, not yet sent. */
export async function recordAttachment(tx: Tx, actor: UserActor, inquiryId: string, file: { id: string; name: string; bytes: number; createdAt: Date }): Promise<void> {
  await assertOpenForAttachments(tx, inquiryId);
  await tx.query(
    `INSERT INTO catalog.inquiry_files (tenant_id, file_id, inquiry_id, name, bytes, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [actor.tenantId, file.id, inquiryId, file.name, file.bytes, actor.userId, file.createdAt],
  );
}

/**
 * The company that owns an attachment of the inquiry, when the reader's company may read it:
 * a file sent with a message of the thread (either side), or one of its own not sent yet.
 * Records the download in the reader's event log.
 */
export async function attachmentOwner(w: InquiryWrite, inquiryId: string, fileId: string): Promise<{ tenantId: string; name: string }> {
  const { tx, clock, actor } = w;
  const inquiry = await findInquiry(tx, inquiryId);
  const { rows } = await tx.query<{ tenant_id: string; name: string }>(
    `SELECT tenant_id, name FROM catalog.inquiry_files WHERE inquiry_id = $1 AND file_id = $2`,
    [inquiry.id, fileId],
  );
  const found = rows[0];
  if (!found) throw new AppError('files.not_found', { internal: `file ${fileId} is not an attachment of inquiry ${inquiry.id}` });
  await recordTenantEvent(tx, clock, actor.tenantId, w.origin, {
    actor: { type: 'user', id: actor.userId, name: actor.displayName },
    action: 'catalog.inquiry.attachment_downloaded',
    target: { type: 'file', id: fileId },
    result: 'success',
    details: { inquiryId: inquiry.id, ownerTenantId: found.tenant_id, name: found.name },
  });
  return { tenantId: found.tenant_id, name: found.name };
}
