import { z } from 'zod';
import type { RouteRegistrar } from '../../../platform/http/index.js';
import { linksOfRequest, uploadLinkView } from '../links/uploadLinks.js';
import type { SurveyDeps } from '../shared/deps.js';
import { acceptRequest, cancelRequest, createRequest, findSupplierTenant, returnRequest, sendRequest, setResponderRef, updateRequest } from './requestCommands.js';
import {
  acceptSchema,
  cancelSchema,
  requestDetailView,
  requestEventView,
  requestInputSchema,
  requestListQuery,
  requestSummaryView,
  requestUpdateSchema,
  responderRefSchema,
  responseSummaryView,
  returnRequestSchema,
  supplierQuery,
} from './requestSchemas.js';
import { ensureResponseChecks } from './responseChecks.js';
import { registerResponseRoutes } from './responseRoutes.js';
import { boxOf, eventsOfRequest, findRequest, listRequests, presentDetail, presentResponseSummary, responsesOfRequest } from './requestViews.js';
import { todayOf } from './requestWrite.js';
import { APPROVE, DRAFT, idParams, READ, surveyTransactions, TAGS, WRITE } from './routeContext.js';

const requestOut = z.object({ request: requestDetailView });

/** Requests, responses, their review and history, under /api/survey. */
export function registerRequestRoutes(r: RouteRegistrar, deps: SurveyDeps): void {
  const { read, write } = surveyTransactions(deps);

  r.route({
    method: 'GET',
    url: '/suppliers',
    summary: 'The company with this company code, when it uses the survey service (to address a request to it)',
    tags: TAGS,
    access: WRITE,
    audit: { readOnly: true },
    schema: { querystring: supplierQuery, response: { 200: z.object({ supplier: z.object({ tenantId: z.string(), name: z.string(), code: z.string() }) }) } },
    handler: (request) => read(request, async (tx, actor) => ({ supplier: await findSupplierTenant(tx, actor, request.query.code, todayOf(deps.clock)) })),
  });

  r.route({
    method: 'GET',
    url: '/requests',
    summary: 'The company’s survey requests, sent (outgoing) and received (incoming), most recently changed first',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { querystring: requestListQuery, response: { 200: z.object({ items: z.array(requestSummaryView), total: z.number() }) } },
    handler: (request) => read(request, (tx, actor) => listRequests(tx, actor.tenantId, request.query, todayOf(deps.clock))),
  });

  r.route({
    method: 'POST',
    url: '/requests',
    summary: 'Create a survey request as a draft, to another company by company code or to an outside company by e-mail',
    tags: TAGS,
    access: WRITE,
    audit: { action: 'survey.request.created' },
    schema: { body: requestInputSchema, response: { 201: requestOut } },
    async handler(request, reply) {
      const created = await write(request, (w) => createRequest(w, request.body));
      return reply.status(201).send({ request: created });
    },
  });

  r.route({
    method: 'PUT',
    url: '/requests/:id',
    summary: 'Change a draft request (optimistic: the version read)',
    tags: TAGS,
    access: WRITE,
    audit: { action: 'survey.request.updated' },
    schema: { params: idParams, body: requestUpdateSchema, response: { 200: requestOut } },
    handler: async (request) => ({ request: await write(request, (w) => updateRequest(w, request.params.id, request.body)) }),
  });

  r.route({
    method: 'POST',
    url: '/requests/:id/send',
    summary: 'Send a draft request: the list is copied in and the supplier is notified (an outside company gets an upload link)',
    tags: TAGS,
    access: WRITE,
    audit: { action: 'survey.request.sent' },
    schema: { params: idParams, response: { 200: requestOut } },
    handler: async (request) => ({ request: await write(request, (w) => sendRequest(w, request.params.id)) }),
  });

  r.route({
    method: 'POST',
    url: '/requests/:id/cancel',
    summary: 'Cancel a request that is not accepted yet',
    tags: TAGS,
    access: WRITE,
    audit: { action: 'survey.request.cancelled' },
    schema: { params: idParams, body: cancelSchema, response: { 200: requestOut } },
    handler: async (request) => ({ request: await write(request, (w) => cancelRequest(w, request.params.id, request.body?.reason)) }),
  });

  r.route({
    method: 'GET',
    url: '/requests/:id',
    summary: 'One request with its responses, its history and (to an outside company) its upload links; its two companies only',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: {
      params: idParams,
      response: { 200: z.object({ request: requestDetailView, responses: z.array(responseSummaryView), events: z.array(requestEventView), links: z.array(uploadLinkView) }) },
    },
    handler: (request) =>
      read(request, async (tx, actor) => {
        const found = await findRequest(tx, request.params.id);
        const outgoing = boxOf(found, actor.tenantId) === 'outgoing';
        // The requester's check results of the answers it received are kept with its own.
        if (outgoing && found.status !== 'draft') await ensureResponseChecks(tx, deps.clock, found);
        return {
          request: presentDetail(found, actor.tenantId, todayOf(deps.clock)),
          responses: (await responsesOfRequest(tx, found.id)).map(presentResponseSummary),
          events: await eventsOfRequest(tx, found.id),
          links: outgoing && !found.supplier_tenant_id ? await linksOfRequest(tx, found.id) : [],
        };
      }),
  });

  r.route({
    method: 'POST',
    url: '/requests/:id/accept',
    summary: 'Accept a sent answer to the company’s request, closing it',
    tags: TAGS,
    access: APPROVE,
    audit: { action: 'survey.request.accepted' },
    schema: { params: idParams, body: acceptSchema, response: { 200: requestOut } },
    handler: async (request) => ({ request: await write(request, (w) => acceptRequest(w, request.params.id, request.body)) }),
  });

  r.route({
    method: 'POST',
    url: '/requests/:id/return',
    summary: 'Return a sent answer with a reason; the supplier may answer again',
    tags: TAGS,
    access: APPROVE,
    audit: { action: 'survey.request.returned' },
    schema: { params: idParams, body: returnRequestSchema, response: { 200: requestOut } },
    handler: async (request) => ({ request: await write(request, (w) => returnRequest(w, request.params.id, request.body)) }),
  });

  r.route({
    method: 'PATCH',
    url: '/requests/:id/responder-ref',
    summary: 'Set the supplier’s own reference on an incoming request',
    tags: TAGS,
    access: DRAFT,
    audit: { action: 'survey.request.responder_ref_updated' },
    schema: { params: idParams, body: responderRefSchema, response: { 200: requestOut } },
    handler: async (request) => ({ request: await write(request, (w) => setResponderRef(w, request.params.id, request.body.responderRef)) }),
  });

  registerResponseRoutes(r, deps);
}
