import { z } from 'zod';
import { sendAttachment, tenantFileDeps } from '../../../platform/files/index.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import type { CatalogDeps } from '../shared/deps.js';
import { addDocument, downloadDocument, listDocuments } from './documents.js';
import { documentQuery } from './productSchemas.js';
import { documentView } from './productView.js';

/** Product documents (SDS, TDS, CoA, chemSHERPA…): upload, versions, download. */
export function registerDocumentRoutes(r: RouteRegistrar, deps: CatalogDeps): void {
  const files = tenantFileDeps(deps);

  r.route({
    method: 'POST',
    url: '/products/:id/documents',
    summary: 'Upload a document of an own product (octet-stream body, X-File-Name header); it supersedes the current one of its kind and language',
    tags: ['catalog'],
    access: { user: 'catalog:products:write' },
    audit: { action: 'catalog.document.added' },
    schema: { params: z.object({ id: z.uuid() }), querystring: documentQuery, response: { 201: z.object({ document: documentView }) } },
    async handler(request, reply) {
      const actor = requireActor(request);
      const document = await addDocument(files, request, actor, originOf(request), request.params.id, request.query);
      return reply.status(201).send({ document });
    },
  });
  r.route({
    method: 'GET',
    url: '/products/:id/documents',
    summary: 'The documents of a product, current ones or all versions (?all=true); own products and paid readers',
    tags: ['catalog'],
    access: { user: 'catalog:products:read' },
    audit: { readOnly: true },
    schema: {
      params: z.object({ id: z.uuid() }),
      querystring: z.object({ all: z.enum(['true', 'false']).optional().transform((v) => v === 'true') }),
      response: { 200: z.object({ documents: z.array(documentView) }) },
    },
    handler: async (request) => ({ documents: await listDocuments(files, requireActor(request), request.params.id, request.query.all) }),
  });
  r.route({
    method: 'GET',
    url: '/documents/:documentId/download',
    summary: 'Download a product document (attachment): own documents, or a paid reader’s of a visible product; recorded in the reader’s log',
    tags: ['catalog'],
    access: { user: 'catalog:products:read' },
    audit: { action: 'catalog.document.downloaded' },
    schema: { params: z.object({ documentId: z.uuid() }) },
    async handler(request, reply) {
      const { file, stream } = await downloadDocument(files, requireActor(request), originOf(request), request.params.documentId);
      return sendAttachment(reply, file, stream);
    },
  });
}
