import { z } from 'zod';
import { messages } from '../../../core/messages.js';
import { casNumberSchema, compositionSchema } from '../shared/composition.js';

/*
 * Request and response bodies of the requests area, and the views it answers with. Views
 * describe what the API sends; stored compositions are passed through as they are (their
 * shape is the composition schema's).
 */

messages.add({
  'survey.requests.respond_by_past': { ja: '今日以降の日付を指定してください。', en: 'Choose today or a later date.' },
  'survey.requests.list_version_unknown': { ja: 'この規制物質リストの版は見つかりません。', en: 'This substance list version does not exist.' },
  'survey.requests.product_key_unknown': { ja: '調査依頼にない品目です。', en: 'This item is not part of the request.' },
});

export const REQUEST_STATUSES = ['draft', 'sent', 'answering', 'submitted', 'accepted', 'returned', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const RESPONSE_STATUSES = ['draft', 'in_review', 'returned', 'approved', 'sent'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];
export const FORMATS_WANTED = ['chemsherpa_ai', 'chemsherpa_ci', 'ipc1752a_c', 'ipc1752a_d', 'spreadsheet', 'any'] as const;
export const RESPONSE_FILE_KINDS = ['sds', 'chemsherpa', 'ipc1752a', 'spreadsheet', 'other'] as const;

const text = (max: number) => z.string().trim().max(max);

/** A product the requester asks about. */
const requestItemInput = z.strictObject({
  productNumber: text(100).min(1),
  name: text(200).min(1),
  /** The supplier's own number for it, when the requester knows it. */
  supplierProductNumber: text(100).optional(),
});

/** Who is asked: another company using the service (by company code) or an outside company by e-mail. */
const supplierInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tenant'), code: text(32).min(1) }),
  z.strictObject({ kind: z.literal('outside'), name: text(200).min(1), email: z.email().max(254) }),
]);

/** A new survey request (a draft until it is sent). */
export const requestInputSchema = z.strictObject({
  title: text(200).min(1),
  message: text(4000).optional(),
  supplier: supplierInput,
  items: z.array(requestItemInput).min(1).max(200),
  formatWanted: z.enum(FORMATS_WANTED),
  /** The version of one of the requester's substance lists the answer is checked against. */
  listVersionId: z.uuid().nullable(),
  /** The respond-by date (JST), today or later. */
  respondBy: z.iso.date(),
  /** The requester's own reference (order or project number). */
  requesterRef: text(100).optional(),
});
export type RequestInput = z.infer<typeof requestInputSchema>;

export const requestUpdateSchema = requestInputSchema.extend({ version: z.number().int().min(1) });
export type RequestUpdate = z.infer<typeof requestUpdateSchema>;

export const cancelSchema = z.strictObject({ reason: text(4000).optional() }).optional();
export const acceptSchema = z.strictObject({ responseId: z.uuid(), comment: text(4000).optional() });
export const returnRequestSchema = z.strictObject({ responseId: z.uuid(), reason: text(4000).min(1) });
export const responderRefSchema = z.strictObject({ responderRef: text(100) });

export const requestListQuery = z.object({
  box: z.enum(['outgoing', 'incoming']).optional(),
  status: z.enum(REQUEST_STATUSES).optional(),
  q: text(200).optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type RequestListQuery = z.infer<typeof requestListQuery>;

export const supplierQuery = z.object({ code: text(32).min(1) });

/** One answered product: the requested item (by key) with its composition. */
const responseProductInput = z.strictObject({
  key: text(40).min(1),
  productNumber: text(100),
  name: text(200).min(1),
  massG: z.number().min(0).nullable(),
  composition: compositionSchema,
});

const declarationInput = z.strictObject({
  name: text(300).min(1),
  cas: casNumberSchema.nullable(),
  aboveThreshold: z.boolean(),
  massPercent: z.number().min(0).max(100).nullable(),
  exemption: text(200).nullable(),
});

/** A declaration against one list (e.g. RoHS: which listed substances are above the threshold). */
const complianceInput = z.strictObject({
  listCode: text(40).min(1),
  listName: text(200),
  versionLabel: text(100),
  declarations: z.array(declarationInput).max(2000),
});

export const responseUpdateSchema = z.strictObject({
  products: z.array(responseProductInput).max(200),
  compliance: z.array(complianceInput).max(50),
  contact: z.strictObject({ name: text(100), email: z.union([z.email().max(254), z.literal('')]), phone: text(40) }),
  comment: text(4000),
  version: z.number().int().min(1),
});
export type ResponseUpdate = z.infer<typeof responseUpdateSchema>;

export const approveSchema = z.strictObject({ comment: text(4000).optional() }).optional();
export const reviewReturnSchema = z.strictObject({ comment: text(4000).min(1) });
export const fileUploadQuery = z.object({ name: text(200).optional(), kind: z.enum(RESPONSE_FILE_KINDS).default('other') });

export const engineEntryView = z.object({
  name: z.string(),
  cas: z.string().nullable(),
  internalId: z.string().nullable(),
  thresholdPercent: z.number(),
  basis: z.enum(['material', 'article']),
});

export const listSnapshotView = z.object({ listCode: z.string(), listName: z.string(), versionLabel: z.string(), entries: z.array(engineEntryView) });
export type ListSnapshot = z.infer<typeof listSnapshotView>;

export const requestItemView = z.object({ key: z.string(), productNumber: z.string(), name: z.string(), supplierProductNumber: z.string() });
export type RequestItem = z.infer<typeof requestItemView>;

export const requestSummaryView = z.object({
  id: z.string(),
  box: z.enum(['outgoing', 'incoming']),
  title: z.string(),
  requesterName: z.string(),
  supplierName: z.string(),
  supplierKind: z.enum(['tenant', 'outside']),
  status: z.enum(REQUEST_STATUSES),
  respondBy: z.string(),
  overdue: z.boolean(),
  formatWanted: z.enum(FORMATS_WANTED),
  requesterRef: z.string(),
  responderRef: z.string(),
  itemCount: z.number(),
  sentAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type RequestSummary = z.infer<typeof requestSummaryView>;

export const requestDetailView = requestSummaryView.extend({
  message: z.string(),
  supplierEmail: z.string(),
  /** The supplier company's code on the platform (outgoing requests to a platform company only). */
  supplierCode: z.string(),
  items: z.array(requestItemView),
  listVersionId: z.string().nullable(),
  listSnapshot: listSnapshotView.nullable(),
  returnReason: z.string(),
  acceptedResponseId: z.string().nullable(),
  version: z.number(),
});
export type RequestDetail = z.infer<typeof requestDetailView>;

export const responseSummaryView = z.object({
  id: z.string(),
  requestId: z.string(),
  source: z.enum(['tenant', 'outside']),
  status: z.enum(RESPONSE_STATUSES),
  responderCompany: z.string(),
  draftedByName: z.string(),
  /** The drafter's user id while the response is its own company's (before it is sent); null after. */
  draftedByUserId: z.string().nullable(),
  authorizerName: z.string(),
  approvedAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type ResponseSummary = z.infer<typeof responseSummaryView>;

/** A composition as stored: its shape is the composition schema's, passed through unchanged. */
const compositionView = z.looseObject({ parts: z.array(z.unknown()), substances: z.array(z.unknown()).optional() });

export const responseFileView = z.object({ fileId: z.string(), name: z.string(), bytes: z.number(), kind: z.enum(RESPONSE_FILE_KINDS) });

export const responseDetailView = responseSummaryView.extend({
  products: z.array(z.object({ key: z.string(), productNumber: z.string(), name: z.string(), massG: z.number().nullable(), composition: compositionView })),
  compliance: z.array(
    z.object({
      listCode: z.string(),
      listName: z.string(),
      versionLabel: z.string(),
      declarations: z.array(z.object({ name: z.string(), cas: z.string().nullable(), aboveThreshold: z.boolean(), massPercent: z.number().nullable(), exemption: z.string().nullable() })),
    }),
  ),
  contact: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
  comment: z.string(),
  reviewComment: z.string(),
  files: z.array(responseFileView),
  version: z.number(),
});
export type ResponseDetail = z.infer<typeof responseDetailView>;

export const requestEventView = z.object({ id: z.string(), event: z.string(), comment: z.string(), actorName: z.string(), actorCompany: z.string(), at: z.string() });
export type RequestEventView = z.infer<typeof requestEventView>;
