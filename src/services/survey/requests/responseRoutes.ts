import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { FILE_NAME_HEADER, openTenantFile, receiveTenantFileUpload, sendAttachment, tenantFileDeps } from '../../../platform/files/index.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import type { SurveyDeps } from '../shared/deps.js';
import { approveSchema, fileUploadQuery, requestSummaryView, responseDetailView, responseFileView, responseUpdateSchema, reviewReturnSchema } from './requestSchemas.js';
import {
  approveResponse,
  assertTakesFiles,
  createResponse,
  recordResponseFile,
  responseFileOwner,
  returnResponse,
  sendResponse,
  submitForReview,
  updateResponse,
} from './responseCommands.js';
import { findRequest, findResponse, presentResponse, presentSummary } from './requestViews.js';
import { todayOf } from './requestWrite.js';
import { APPROVE, DRAFT, idParams, READ, surveyTransactions, TAGS } from './routeContext.js';

const responseOut = z.object({ response: responseDetailView });

/** The supplier's answers: draft, review, approval and sending; their files for both sides. */
export function registerResponseRoutes(r: RouteRegistrar, deps: SurveyDeps): void {
  const { read, write } = surveyTransactions(deps);
  const files = tenantFileDeps(deps);

  r.route({
    method: 'POST',
    url: '/requests/:id/responses',
    summary: 'Start a draft answer to an incoming request (its products prefilled from the requested items)',
    tags: TAGS,
    access: DRAFT,
    audit: { action: 'survey.response.drafted' },
    schema: { params: idParams, response: { 201: responseOut } },
    async handler(request, reply) {
      const response = await write(request, (w) => createResponse(w, request.params.id));
      return reply.status(201).send({ response });
    },
  });

  r.route({
    method: 'GET',
    url: '/responses/:id',
    summary: 'One answer with its request: the supplier’s own, or one sent to the requester',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { params: idParams, response: { 200: z.object({ response: responseDetailView, request: requestSummaryView }) } },
    handler: (request) =>
      read(request, async (tx, actor) => {
        const response = await findResponse(tx, request.params.id);
        return { response: await presentResponse(tx, response), request: presentSummary(await findRequest(tx, response.request_id), actor.tenantId, todayOf(deps.clock)) };
      }),
  });

  r.route({
    method: 'PUT',
    url: '/responses/:id',
    summary: 'Save a draft or returned answer (optimistic: the version read)',
    tags: TAGS,
    access: DRAFT,
    audit: { action: 'survey.response.updated' },
    schema: { params: idParams, body: responseUpdateSchema, response: { 200: responseOut } },
    handler: async (request) => ({ response: await write(request, (w) => updateResponse(w, request.params.id, request.body)) }),
  });

  r.route({
    method: 'POST',
    url: '/responses/:id/submit-for-review',
    summary: 'Hand a draft answer to the company’s reviewers',
    tags: TAGS,
    access: DRAFT,
    audit: { action: 'survey.response.submitted_for_review' },
    schema: { params: idParams, response: { 200: responseOut } },
    handler: async (request) => ({ response: await write(request, (w) => submitForReview(w, request.params.id)) }),
  });

  r.route({
    method: 'POST',
    url: '/responses/:id/approve',
    summary: 'Approve an answer in review as its authorizer (never the one who drafted it)',
    tags: TAGS,
    access: APPROVE,
    audit: { action: 'survey.response.approved' },
    schema: { params: idParams, body: approveSchema, response: { 200: responseOut } },
    handler: async (request) => ({ response: await write(request, (w) => approveResponse(w, request.params.id, request.body?.comment)) }),
  });

  r.route({
    method: 'POST',
    url: '/responses/:id/return',
    summary: 'Return an answer in review to its drafters with a comment',
    tags: TAGS,
    access: APPROVE,
    audit: { action: 'survey.response.returned' },
    schema: { params: idParams, body: reviewReturnSchema, response: { 200: responseOut } },
    handler: async (request) => ({ response: await write(request, (w) => returnResponse(w, request.params.id, request.body.comment)) }),
  });

  r.route({
    method: 'POST',
    url: '/responses/:id/send',
    summary: 'Send an approved answer to the requester (drafters and reviewers may send)',
    tags: TAGS,
    // Drafters and reviewers both send; the route admits every reader and the handler asks for either permission.
    access: READ,
    audit: { action: 'survey.response.sent' },
    schema: { params: idParams, response: { 200: responseOut } },
    handler: async (request) => {
      const granted = deps.registry.permissionsOf(requireActor(request).memberships);
      if (!granted.has(DRAFT.user) && !granted.has(APPROVE.user)) throw new AppError('auth.forbidden', { internal: 'sending a response needs the draft or approve permission' });
      return { response: await write(request, (w) => sendResponse(w, request.params.id)) };
    },
  });

  r.route({
    method: 'POST',
    url: '/responses/:id/files',
    summary: 'Attach a file (SDS, the original chemSHERPA file…) to an answer being written; the body is the file',
    tags: TAGS,
    access: DRAFT,
    audit: { action: 'survey.response.file_uploaded' },
    schema: { params: idParams, querystring: fileUploadQuery, response: { 201: z.object({ file: responseFileView }) } },
    async handler(request, reply) {
      const actor = requireActor(request);
      const { kind, name } = request.query;
      // Refuse before the body is stored: an unknown or finished answer takes no file.
      await read(request, (tx) => assertTakesFiles(tx, actor, request.params.id));
      // The name comes in the query (as the web app sends it) or in the platform's file-name header.
      const headers = name && !request.headers[FILE_NAME_HEADER] ? { ...request.headers, [FILE_NAME_HEADER]: encodeURIComponent(name) } : request.headers;
      const file = await receiveTenantFileUpload({ headers, body: request.body }, files, {
        tenantId: actor.tenantId,
        service: 'survey',
        actor: { type: 'user', id: actor.userId, name: actor.displayName },
        origin: originOf(request),
        action: 'survey.response.file_uploaded',
        inTransaction: (tx, stored) => recordResponseFile(tx, actor, request.params.id, stored, kind),
      });
      return reply.status(201).send({ file: { fileId: file.id, name: file.name.slice(0, 200), bytes: file.bytes, kind } });
    },
  });

  r.route({
    method: 'GET',
    url: '/responses/:id/files/:fileId',
    summary: 'Download a file of an answer (the supplier’s own, or the requester once the answer is sent)',
    tags: TAGS,
    access: READ,
    audit: { action: 'survey.response.file_downloaded' },
    schema: { params: z.object({ id: z.uuid(), fileId: z.uuid() }) },
    async handler(request, reply) {
      const owner = await write(request, (w) => responseFileOwner(w, request.params.id, request.params.fileId));
      const { file, stream } = await openTenantFile(files, { tenantId: owner.tenantId, fileId: request.params.fileId });
      return sendAttachment(reply, file, stream);
    },
  });
}
