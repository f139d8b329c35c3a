import { z } from 'zod';
import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';

export const INQUIRY_KINDS = ['sample', 'quote', 'question'] as const;
export const INQUIRY_STATUSES = ['open', 'answered', 'closed'] as const;

/** A new inquiry about another company's published product. */
export const sendInquirySchema = z.strictObject({
  productId: z.uuid(),
  kind: z.enum(INQUIRY_KINDS),
  /** One line shown in lists and in the notice's subject. */
  subject: z.string().trim().min(1).max(200),
  /** The first message. */
  body: z.string().trim().min(1).max(10000),
});

/** A message in the thread, with files uploaded beforehand for this inquiry. */
export const replySchema = z.strictObject({
  body: z.string().trim().min(1).max(10000),
  attachmentFileIds: z.array(z.uuid()).max(10).optional(),
});

export const inquiryListQuery = z.object({
  box: z.enum(['sent', 'received']).optional(),
  status: z.enum(INQUIRY_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

export const attachmentView = z.object({ fileId: z.string(), name: z.string(), bytes: z.number() });

export const inquirySummaryView = z.object({
  id: z.string(),
  /** Sent by the reader's company, or received by it as the publisher. */
  box: z.enum(['sent', 'received']),
  kind: z.enum(INQUIRY_KINDS),
  subject: z.string(),
  status: z.enum(INQUIRY_STATUSES),
  product: z.object({ id: z.string(), name: z.string() }).nullable(),
  counterpart: z.object({ tenantId: z.string(), name: z.string() }),
  lastMessageAt: z.string(),
  createdAt: z.string(),
});
export type InquirySummary = z.infer<typeof inquirySummaryView>;

export const messageView = z.object({
  id: z.string(),
  own: z.boolean(),
  authorName: z.string(),
  companyName: z.string(),
  body: z.string(),
  attachments: z.array(attachmentView),
  createdAt: z.string(),
});
export type MessageView = z.infer<typeof messageView>;

/** An inquiry row as both sides read it, with the asking company's name. */
export interface InquiryRow {
  tenant_id: string;
  id: string;
  publisher_tenant_id: string;
  publisher_name: string;
  asker_name: string;
  product_id: string | null;
  product_name: string;
  kind: (typeof INQUIRY_KINDS)[number];
  subject: string;
  status: (typeof INQUIRY_STATUSES)[number];
  last_message_at: Date | string;
  created_at: Date | string;
}

const iso = (v: Date | string) => new Date(v).toISOString();

/** The columns of InquiryRow, from `catalog.inquiries i`. */
export const INQUIRY_COLUMNS = `i.tenant_id, i.id, i.publisher_tenant_id, i.publisher_name, t.name AS asker_name, i.product_id, i.product_name,
  i.kind, i.subject, i.status, i.last_message_at, i.created_at`;
const INQUIRY_FROM = 'catalog.inquiries i JOIN ops.tenants t ON t.id = i.tenant_id';

/** Which side of the inquiry the reader's company is. */
export function sideOf(row: Pick<InquiryRow, 'tenant_id'>, tenantId: string): 'sent' | 'received' {
  return row.tenant_id === tenantId ? 'sent' : 'received';
}

/** The inquiry as the reader's company sees it: the counterpart is the other company. */
export function presentInquiry(row: InquiryRow, tenantId: string): InquirySummary {
  const box = sideOf(row, tenantId);
  return {
    id: row.id,
    box,
    kind: row.kind,
    subject: row.subject,
    status: row.status,
    product: row.product_id ? { id: row.product_id, name: row.product_name } : null,
    counterpart: box === 'sent' ? { tenantId: row.publisher_tenant_id, name: row.publisher_name } : { tenantId: row.tenant_id, name: row.asker_name },
    lastMessageAt: iso(row.last_message_at),
    createdAt: iso(row.created_at),
  };
}

/**
 * The inquiry if the reader's company is one of its two (RLS decides), else the same 404 as an
 * unknown id. `forUpdate` locks it for a change of state.
 */
export async function findInquiry(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<InquiryRow> {
  const { rows } = await tx.query<InquiryRow>(
    `SELECT ${INQUIRY_COLUMNS} FROM ${INQUIRY_FROM} WHERE i.id = $1${options.forUpdate ? ' FOR UPDATE OF i' : ''}`,
    [id],
  );
  const row = rows[0];
  if (!row) throw new AppError('catalog.inquiry_not_found', { internal: `inquiry ${id} is not visible` });
  return row;
}

/** The reader's company's inquiries, newest message first; `box` picks sent or received. */
export async function listInquiries(tx: Tx, tenantId: string, query: z.infer<typeof inquiryListQuery>): Promise<{ items: InquirySummary[]; total: number }> {
  // RLS already limits the rows to the reader's two boxes; `box` only chooses between them.
  const where = [
    "($1::text IS NULL OR ($1 = 'sent' AND i.tenant_id = $2) OR ($1 = 'received' AND i.publisher_tenant_id = $2))",
    '($3::text IS NULL OR i.status = $3)',
  ];
  const params = [query.box ?? null, tenantId, query.status ?? null];
  const { rows } = await tx.query<InquiryRow & { total: number }>(
    `SELECT ${INQUIRY_COLUMNS}, count(*) OVER ()::int AS total FROM ${INQUIRY_FROM}
      WHERE ${where.join(' AND ')}
      ORDER BY i.last_message_at DESC, i.id
      LIMIT $4 OFFSET $5`,
    [...params, query.pageSize, (query.page - 1) * query.pageSize],
  );
  let total = rows[0]?.total;
  if (total === undefined) {
    const counted = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${INQUIRY_FROM} WHERE ${where.join(' AND ')}`, params);
    total = counted.rows[0]?.n ?? 0;
  }
  return { items: rows.map((r) => presentInquiry(r, tenantId)), total };
}

interface MessageRow {
  id: string;
  tenant_id: string;
  body: string;
  author_name: string;
  created_at: Date | string;
  attachments: { fileId: string; name: string; bytes: number | string }[] | string | null;
}

/** The thread of an inquiry, oldest first, each message with its company and attachments. */
export async function threadOf(tx: Tx, inquiry: InquiryRow, tenantId: string): Promise<MessageView[]> {
  const { rows } = await tx.query<MessageRow>(
    `SELECT m.id, m.tenant_id, m.body, m.author_name, m.created_at,
            (SELECT json_agg(json_build_object('fileId', f.file_id, 'name', f.name, 'bytes', f.bytes) ORDER BY f.created_at, f.file_id)
               FROM catalog.inquiry_files f WHERE f.inquiry_id = m.inquiry_id AND f.message_id = m.id AND f.tenant_id = m.tenant_id) AS attachments
       FROM catalog.inquiry_messages m
      WHERE m.inquiry_id = $1
      ORDER BY m.created_at, m.id`,
    [inquiry.id],
  );
  return rows.map((m) => {
    const attachments = (typeof m.attachments === 'string' ? JSON.parse(m.attachments) : m.attachments) as MessageRow['attachments'];
    return {
      id: m.id,
      own: m.tenant_id === tenantId,
      authorName: m.author_name,
      companyName: m.tenant_id === inquiry.tenant_id ? inquiry.asker_name : inquiry.publisher_name,
      body: m.body,
      attachments: (Array.isArray(attachments) ? attachments : []).map((a) => ({ fileId: a.fileId, name: a.name, bytes: Number(a.bytes) })),
      createdAt: iso(m.created_at),
    };
  });
}
