import { z } from 'zod';
import { withTenant } from '../../../core/db/index.js';
import { openTenantFile, receiveTenantFileUpload, sendAttachment, tenantFileDeps } from '../../../platform/files/index.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import type { CatalogDeps } from '../shared/deps.js';
import { assertOpenForAttachments, attachmentOwner, closeInquiry, recordAttachment, replyToInquiry, sendInquiry, type InquiryWrite } from './inquiryCommands.js';
import {
  attachmentView,
  findInquiry,
  inquiryListQuery,
  inquirySummaryView,
  listInquiries,
  messageView,
  presentInquiry,
  replySchema,
  sendInquirySchema,
  threadOf,
} from './inquiryViews.js';

const READ = { user: 'catalog:products:read' };
const WRITE = { user: 'catalog:inquiries:write' };
const TAGS = ['catalog'];
const idParams = z.object({ id: z.uuid() });

/** Inquiries between a subscriber and a publisher, under /api/catalog. */
export function registerInquiryRoutes(r: RouteRegistrar, deps: CatalogDeps): void {
  const files = tenantFileDeps(deps);
  const read = <T>(request: { actor: UserActor | null }, fn: (tx: InquiryWrite['tx'], actor: UserActor) => Promise<T>) => {
    const actor = requireActor(request);
    return withTenant(deps.db, actor.tenantId, (tx) => fn(tx, actor));
  };
  const write = <T>(request: Parameters<typeof originOf>[0] & { actor: UserActor | null }, fn: (w: InquiryWrite) => Promise<T>) => {
    const actor = requireActor(request);
    const origin = originOf(request);
    return withTenant(deps.db, actor.tenantId, (tx) => fn({ tx, clock: deps.clock, actor, origin, publicUrl: deps.config.http.publicUrl }));
  };

  r.route({
    method: 'GET',
    url: '/inquiries',
    summary: 'The company’s inquiries, sent or received, newest message first',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { querystring: inquiryListQuery, response: { 200: z.object({ items: z.array(inquirySummaryView), total: z.number() }) } },
    handler: (request) => read(request, (tx, actor) => listInquiries(tx, actor.tenantId, request.query)),
  });

  r.route({
    method: 'POST',
    url: '/inquiries',
    summary: 'Send an inquiry about another company’s published product (the publisher’s admins and editors are notified)',
    tags: TAGS,
    access: WRITE,
    audit: { action: 'catalog.inquiry.sent' },
    schema: { body: sendInquirySchema, response: { 201: z.object({ inquiry: inquirySummaryView }) } },
    async handler(request, reply) {
      const inquiry = await write(request, (w) => sendInquiry(w, request.body));
      return reply.status(201).send({ inquiry });
    },
  });

  r.route({
    method: 'GET',
    url: '/inquiries/:id',
    summary: 'One inquiry with its whole thread (its two companies only)',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { params: idParams, response: { 200: z.object({ inquiry: inquirySummaryView, messages: z.array(messageView) }) } },
    handler: (request) =>
      read(request, async (tx, actor) => {
        const inquiry = await findInquiry(tx, request.params.id);
        return { inquiry: presentInquiry(inquiry, actor.tenantId), messages: await threadOf(tx, inquiry, actor.tenantId) };
      }),
  });

  r.route({
    method: 'POST',
    url: '/inquiries/:id/messages',
    summary: 'Write a message into an open inquiry from either side, with attachments uploaded for it (the other side is notified)',
    tags: TAGS,
    access: WRITE,
    audit: { action: 'catalog.inquiry.replied' },
    schema: { params: idParams, body: replySchema, response: { 201: z.object({ message: messageView }) } },
    async handler(request, reply) {
      const message = await write(request, (w) => replyToInquiry(w, request.params.id, request.body));
      return reply.status(201).send({ message });
    },
  });

  r.route({
    method: 'POST',
    url: '/inquiries/:id/close',
    summary: 'Close an inquiry from either side',
    tags: TAGS,
    access: WRITE,
    audit: { action: 'catalog.inquiry.closed' },
    schema: { params: idParams, response: { 200: z.object({ inquiry: inquirySummaryView }) } },
    handler: async (request) => ({ inquiry: await write(request, (w) => closeInquiry(w, request.params.id)) }),
  });

  r.route({
    method: 'POST',
    url: '/inquiries/:id/attachments',
    summary: 'Upload a file to attach to the next message (stored as the writer company’s file)',
    tags: TAGS,
    access: WRITE,
    audit: { action: 'catalog.inquiry.attachment_uploaded' },
    schema: { params: idParams, response: { 201: z.object({ attachment: attachmentView }) } },
    async handler(request, reply) {
      const actor = requireActor(request);
      // Refuse before the body is stored: an unknown or closed inquiry takes no file.
      await read(request, (tx) => assertOpenForAttachments(tx, request.params.id));
      const file = await receiveTenantFileUpload(request, files, {
        tenantId: actor.tenantId,
        service: 'catalog',
        actor: { type: 'user', id: actor.userId, name: actor.displayName },
        origin: originOf(request),
        action: 'catalog.inquiry.attachment_uploaded',
        inTransaction: (tx, stored) => recordAttachment(tx, actor, request.params.id, stored),
      });
      return reply.status(201).send({ attachment: { fileId: file.id, name: file.name, bytes: file.bytes } });
    },
  });

  r.route({
    method: 'GET',
    url: '/inquiries/:id/attachments/:fileId',
    summary: 'Download an attachment of an inquiry (its two companies only; the file stays the writer’s)',
    tags: TAGS,
    access: READ,
    audit: { action: 'catalog.inquiry.attachment_downloaded' },
    schema: { params: z.object({ id: z.uuid(), fileId: z.uuid() }) },
    async handler(request, reply) {
      const owner = await write(request, (w) => attachmentOwner(w, request.params.id, request.params.fileId));
      const { file, stream } = await openTenantFile(files, { tenantId: owner.tenantId, fileId: request.params.fileId });
      return sendAttachment(reply, file, stream);
    },
  });
}
