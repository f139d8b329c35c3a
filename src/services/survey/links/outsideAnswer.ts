import { z } from 'zod';
import type { Clock } from '../../../core/clock.js';
import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { recordTenantEvent, type AuditActor, type AuditOrigin } from '../../../platform/audit/index.js';
import type { TenantFile } from '../../../platform/files/index.js';
import { parseSurveyFile, type SurveyDocument } from '../files/surveyDocument.js';
import { casNumberSchema, compositionSchema, type Composition } from '../shared/composition.js';
import { queueOutsideAnswerMail } from './linkMail.js';
import { LINK_TOTAL_MAX_BYTES, type LiveLink } from './uploadLinks.js';

export const RESPONSE_FILE_KINDS = ['sds', 'chemsherpa', 'ipc1752a', 'spreadsheet', 'other'] as const;
export type ResponseFileKind = (typeof RESPONSE_FILE_KINDS)[number];

/** Who acts through a link in the event log: nobody signed in; the link names the request. */
export function linkActor(name = ''): AuditActor {
  return { type: 'anonymous', name: name ? `${name.slice(0, 150)} (回答用リンク)` : '回答用リンク' };
}

const text = (max: number) => z.string().trim().max(max);

export const answerProductSchema = z.strictObject({
  key: text(100).min(1),
  productNumber: text(100).optional(),
  name: text(200).optional(),
  massG: z.number().min(0).nullable(),
  composition: compositionSchema,
});

export const declarationSchema = z.strictObject({
  name: text(300).min(1),
  cas: casNumberSchema.nullable(),
  aboveThreshold: z.boolean(),
  massPercent: z.number().min(0).max(100).nullable(),
  exemption: text(200).nullable(),
});

export const complianceSchema = z.strictObject({
  listCode: text(40),
  listName: text(200),
  versionLabel: text(100),
  declarations: z.array(declarationSchema).max(2000),
});

/** What an outside company submits through its link. */
export const submitAnswerSchema = z.strictObject({
  responderCompany: text(200).min(1),
  contact: z.strictObject({ name: text(100).min(1), email: z.email().max(254), phone: text(40).optional() }),
  products: z.array(answerProductSchema).max(200),
  compliance: z.array(complianceSchema).max(20),
  comment: text(4000).optional(),
  fileIds: z.array(z.uuid()).max(20),
  /** The kind of each uploaded file (as the upload answered it); guessed from the name when left out. */
  fileKinds: z.record(z.uuid(), z.enum(RESPONSE_FILE_KINDS)).optional(),
});

export const fileQuerySchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  kind: z.enum(RESPONSE_FILE_KINDS).optional(),
});

/** A product as a response holds it. */
export interface AnswerProduct {
  key: string;
  productNumber: string;
  name: string;
  massG: number | null;
  composition: Composition;
}

/** The request as the outside company sees it through the link: what it needs to answer, nothing else. */
export function publicRequestView(link: LiveLink) {
  const r = link.request;
  return {
    request: {
      title: r.title,
      requesterName: r.requesterName,
      message: r.message,
      items: r.items,
      formatWanted: r.formatWanted,
      respondBy: r.respondBy,
      requesterRef: r.requesterRef,
      listSnapshot: r.listSnapshot,
    },
    expiresAt: link.expiresAt.toISOString(),
    submittedAt: null,
  };
}

/** Marks the link opened (the requester sees when the outside company first looked). */
export async function markOpened(tx: Tx, link: LiveLink, now: Date): Promise<void> {
  await tx.query('UPDATE survey.upload_links SET last_opened_at = $3 WHERE tenant_id = $1 AND id = $2', [link.tenantId, link.id, now]);
}

const EXTENSION_KIND: Readonly<Record<string, ResponseFileKind>> = {
  zip: 'chemsherpa',
  shai: 'chemsherpa',
  shci: 'chemsherpa',
  xml: 'chemsherpa',
  csv: 'spreadsheet',
  xlsx: 'spreadsheet',
};

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Whether a file may be a survey file worth reading (its extension says so). */
export function mayBeSurveyFile(name: string): boolean {
  return extensionOf(name) in EXTENSION_KIND;
}

/** The kind of an uploaded file when the uploader did not say. */
export function guessKind(name: string): ResponseFileKind {
  return EXTENSION_KIND[extensionOf(name)] ?? 'other';
}

/**
 * Counts an uploaded file against the link's total, in the transaction that records the file:
 * two uploads at once cannot both pass the limit. A link that died meanwhile takes no file.
 */
export async function countLinkUpload(tx: Tx, link: LiveLink, file: TenantFile, now: Date): Promise<void> {
  const { rows } = await tx.query<{ bytes_received: string | number; revoked_at: Date | null; submitted_at: Date | null }>(
    'SELECT bytes_received, revoked_at, submitted_at FROM survey.upload_links WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
    [link.tenantId, link.id],
  );
  const row = rows[0];
  if (!row || row.revoked_at !== null || row.submitted_at !== null) throw new AppError('survey.link_invalid', { internal: 'link closed during the upload' });
  if (Number(row.bytes_received) + file.bytes > LINK_TOTAL_MAX_BYTES) {
    throw new AppError('survey.link_total_too_large', { params: { limit_mb: LINK_TOTAL_MAX_BYTES / 1048576 }, internal: 'concurrent uploads passed the link total' });
  }
  await tx.query('UPDATE survey.upload_links SET bytes_received = bytes_received + $3 WHERE tenant_id = $1 AND id = $2', [link.tenantId, link.id, file.bytes]);
  await tx.query(`UPDATE survey.requests SET status = 'answering', updated_at = $3 WHERE tenant_id = $1 AND id = $2 AND status = 'sent'`, [link.tenantId, link.requestId, now]);
}

/** The products a survey file holds, matched to the request's items by product number; null when it is not one. */
export async function readSurveyFile(bytes: Buffer, name: string, link: LiveLink): Promise<{ products: AnswerProduct[]; kind: ResponseFileKind } | null> {
  let doc: SurveyDocument;
  try {
    doc = await parseSurveyFile(bytes, name);
  } catch {
    // Not a survey file (or one the reader cannot read): it is kept as an attachment all the same.
    return null;
  }
  const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase();
  const products = doc.products.map((p) => {
    const number = fold(p.productNumber);
    const item = link.request.items.find((i) => number !== '' && (fold(i.productNumber) === number || fold(i.supplierProductNumber) === number));
    return { key: item?.key ?? '', productNumber: p.productNumber, name: p.name, massG: p.massG, composition: p.composition };
  });
  const kind: ResponseFileKind = doc.format === 'ipc1752a' ? 'ipc1752a' : doc.format === 'spreadsheet' ? 'spreadsheet' : 'chemsherpa';
  return { products, kind };
}

/**
 * Stores an outside company's answer as a sent response of the requesting tenant (source
 * 'outside'), with the files uploaded through the link; the link is used up, the request is
 * submitted, and the requester's survey admins and reviewers are mailed. One transaction.
 */
export async function submitOutsideAnswer(
  tx: Tx,
  clock: Clock,
  input: { link: LiveLink; answer: z.infer<typeof submitAnswerSchema>; origin: AuditOrigin; publicUrl: string },
): Promise<{ submittedAt: string; responseId: string }> {
  const { link, answer } = input;
  const items = new Map(link.request.items.map((i) => [i.key, i]));
  const keys = new Set<string>();
  const products: AnswerProduct[] = [];
  for (const p of answer.products) {
    const item = items.get(p.key);
    if (!item || keys.has(p.key)) throw new AppError('survey.link_item_unknown', { internal: `product key ${p.key} not in the request or given twice` });
    keys.add(p.key);
    products.push({ key: p.key, productNumber: item.productNumber, name: item.name, massG: p.massG, composition: p.composition });
  }

  const fileIds = [...new Set(answer.fileIds.map((id) => id.toLowerCase()))];
  // Files uploaded without a session (as through a link), since this link was made, into the
  // survey service, and not yet sent with any response. File ids are random and only ever
  // answered to the uploader.
  const { rows: files } = await tx.query<{ id: string; name: string; bytes: string | number }>(
    `SELECT f.id, f.name, f.bytes FROM platform.files f
      WHERE f.tenant_id = $1 AND f.id = ANY($2::uuid[]) AND f.service = 'survey' AND f.created_by IS NULL AND f.deleted_at IS NULL
        AND f.created_at >= $3
        AND NOT EXISTS (SELECT 1 FROM survey.response_files rf WHERE rf.tenant_id = f.tenant_id AND rf.file_id = f.id)
      ORDER BY f.created_at, f.id
      FOR UPDATE OF f`,
    [link.tenantId, fileIds, link.createdAt],
  );
  if (files.length !== fileIds.length) throw new AppError('survey.link_file_unknown', { internal: `${fileIds.length - files.length} file(s) not usable with this link` });
  if (products.length === 0 && files.length === 0) throw new AppError('survey.link_answer_empty');

  const now = clock.now();
  const contact = { name: answer.contact.name, email: answer.contact.email, phone: answer.contact.phone ?? '' };
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO survey.responses (tenant_id, request_id, request_tenant_id, source, status, products, compliance, responder_company, contact, comment,
                                   drafted_by_name, sent_at, created_at, updated_at)
     VALUES ($1, $2, $1, 'outside', 'sent', $3::jsonb, $4::jsonb, $5, $6::jsonb, $7, $8, $9, $9, $9) RETURNING id`,
    [link.tenantId, link.requestId, JSON.stringify(products), JSON.stringify(answer.compliance), answer.responderCompany, JSON.stringify(contact), answer.comment ?? '', contact.name, now],
  );
  const responseId = rows[0]!.id;
  for (const f of files) {
    const kind = answer.fileKinds?.[f.id] ?? guessKind(f.name);
    await tx.query(
      `INSERT INTO survey.response_files (tenant_id, file_id, response_id, request_id, name, bytes, kind, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [link.tenantId, f.id, responseId, link.requestId, f.name.slice(0, 200), Number(f.bytes), kind, now],
    );
  }
  await tx.query('UPDATE survey.upload_links SET submitted_at = $3 WHERE tenant_id = $1 AND id = $2', [link.tenantId, link.id, now]);
  await tx.query(
    `UPDATE survey.requests SET status = 'submitted', submitted_at = $3, updated_at = $3, version = version + 1 WHERE tenant_id = $1 AND id = $2`,
    [link.tenantId, link.requestId, now],
  );
  await tx.query(
    `INSERT INTO survey.request_events (tenant_id, request_id, response_id, event, comment, actor_name, actor_company, at) VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7)`,
    [link.tenantId, link.requestId, responseId, answer.comment ?? '', contact.name, answer.responderCompany, now],
  );
  const notified = await queueOutsideAnswerMail(tx, clock, {
    tenantId: link.tenantId,
    requestId: link.requestId,
    title: link.request.title,
    responderCompany: answer.responderCompany,
    publicUrl: input.publicUrl,
  });
  await recordTenantEvent(tx, clock, link.tenantId, input.origin, {
    actor: linkActor(answer.responderCompany),
    action: 'survey.link.submitted',
    target: { type: 'survey_response', id: responseId },
    result: 'success',
    details: { requestId: link.requestId, linkId: link.id, products: products.length, files: files.map((f) => f.id), notified },
  });
  return { submittedAt: now.toISOString(), responseId };
}
