import { z } from 'zod';
import { withTenant, type Tx } from '../../../core/db/index.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import type { SurveyDeps } from '../shared/deps.js';
import { dashboardView, surveyDashboard } from './dashboard.js';
import { createProduct, deleteProduct, updateProduct } from './productCommands.js';
import { findProduct, listProducts } from './productQueries.js';
import { productCreateSchema, productDetailView, productListQuery, productSummaryView, productUpdateSchema } from './productSchemas.js';
import { saveSurveySettings, settingsSchema, settingsView, surveySettingsOf } from './settings.js';
import type { SurveyWrite } from './surveyWrite.js';

const READ = { user: 'survey:read' };
const WRITE = { user: 'survey:requests:write' };
const SETTINGS = { user: 'survey:settings:manage' };
const TAGS = ['survey'];
const idParams = z.object({ id: z.uuid() });
const productResponse = z.object({ product: productDetailView });

/** Products under survey, their composition, the company's settings and the dashboard, under /api/survey. */
export function registerProductRoutes(r: RouteRegistrar, deps: SurveyDeps): void {
  const read = <T>(request: { actor: UserActor | null }, fn: (tx: Tx, actor: UserActor) => Promise<T>) => {
    const actor = requireActor(request);
    return withTenant(deps.db, actor.tenantId, (tx) => fn(tx, actor));
  };
  const write = <T>(request: Parameters<typeof originOf>[0] & { actor: UserActor | null; lang: SurveyWrite['lang'] }, fn: (w: SurveyWrite) => Promise<T>) => {
    const actor = requireActor(request);
    const origin = originOf(request);
    return withTenant(deps.db, actor.tenantId, (tx) => fn({ tx, clock: deps.clock, actor, origin, lang: request.lang }));
  };

  r.route({
    method: 'GET',
    url: '/products',
    summary: 'The company’s products under survey, searched by number, name or CAS number, filtered by label and worst outcome, sorted and paged',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { querystring: productListQuery, response: { 200: z.object({ items: z.array(productSummaryView), total: z.number() }) } },
    handler: (request) => read(request, (tx, actor) => listProducts(tx, actor.tenantId, request.query)),
  });
  r.route({
    method: 'POST',
    url: '/products',
    summary: 'Register a product with its composition tree (each material’s substances add up to at most 100% plus the tolerance)',
    tags: TAGS,
    access: WRITE,
    audit: { action: 'survey.product.created' },
    schema: { body: productCreateSchema, response: { 201: productResponse } },
    async handler(request, reply) {
      const product = await write(request, (w) => createProduct(w, request.body));
      return reply.status(201).send({ product });
    },
  });
  r.route({
    method: 'GET',
    url: '/products/:id',
    summary: 'One product with its composition, its standing on the current lists and the gaps that weaken its check',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { params: idParams, response: { 200: productResponse } },
    handler: async (request) => ({ product: await read(request, (tx, actor) => findProduct(tx, actor.tenantId, request.params.id, request.lang)) }),
  });
  r.route({
    method: 'PUT',
    url: '/products/:id',
    summary: 'Replace a product at the version read (409 when changed meanwhile)',
    tags: TAGS,
    access: WRITE,
    audit: { action: 'survey.product.updated' },
    schema: { params: idParams, body: productUpdateSchema, response: { 200: productResponse } },
    handler: async (request) => ({ product: await write(request, (w) => updateProduct(w, request.params.id, request.body)) }),
  });
  r.route({
    method: 'DELETE',
    url: '/products/:id',
    summary: 'Delete a product with its check results',
    tags: TAGS,
    access: WRITE,
    audit: { action: 'survey.product.deleted' },
    schema: { params: idParams },
    async handler(request, reply) {
      await write(request, (w) => deleteProduct(w, request.params.id));
      return reply.status(204).send();
    },
  });

  // 組織設定
  r.route({
    method: 'GET',
    url: '/settings',
    summary: 'The company’s survey settings (defaults, with the company’s name, before the first save)',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { response: { 200: z.object({ settings: settingsView }) } },
    handler: async (request) => ({ settings: await read(request, (tx, actor) => surveySettingsOf(tx, actor.tenantId)) }),
  });
  r.route({
    method: 'PUT',
    url: '/settings',
    summary: 'Save the company’s survey settings at the version read (0 before the first save)',
    tags: TAGS,
    access: SETTINGS,
    audit: { action: 'survey.settings.updated' },
    schema: { body: settingsSchema, response: { 200: z.object({ settings: settingsView }) } },
    handler: async (request) => ({ settings: await write(request, (w) => saveSurveySettings(w, request.body)) }),
  });

  r.route({
    method: 'GET',
    url: '/dashboard',
    summary: 'Open requests both ways, overdue ones (JST dates), products a list change has hit, and answers waiting for review',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { response: { 200: dashboardView } },
    handler: (request) => read(request, (tx, actor) => surveyDashboard(tx, actor.tenantId, deps.clock)),
  });
}
