import { z } from 'zod';
import { withTenant, type Tx } from '../../../core/db/index.js';
import { deleteTenantFile, tenantFileDeps } from '../../../platform/files/index.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import type { CatalogDeps } from '../shared/deps.js';
import { currentPlan } from '../shared/plan.js';
import { CATEGORIES } from './categories.js';
import type { CatalogWrite } from './catalogWrite.js';
import { registerDocumentRoutes } from './documentRoutes.js';
import { registerImportRoutes } from './importRoutes.js';
import { productCreateSchema, productListQuery, productUpdateSchema, profileSchema, versionBody } from './productSchemas.js';
import { createProduct, deleteProduct, listOwnProducts, transitionProduct, TRANSITIONS, updateProduct, type Transition } from './products.js';
import { presentProduct, productSummaryView, productView, withFileFacts, type PendingProduct } from './productView.js';
import { getOwnProfile, getPublisher, profileView, saveProfile } from './profile.js';

const READ = { user: 'catalog:products:read' };
const WRITE = { user: 'catalog:products:write' };
const idParams = z.object({ id: z.uuid() });
const planView = z.object({ publisher: z.boolean(), subscription: z.enum(['paid', 'free']).nullable() });
const productResponse = z.object({ product: productView });

/** Publisher profile, products, documents and import routes, under /api/catalog. */
export function registerProductRoutes(r: RouteRegistrar, deps: CatalogDeps): void {
  const read = <T>(request: { actor: UserActor | null }, fn: (tx: Tx, actor: UserActor) => Promise<T>) => {
    const actor = requireActor(request);
    return withTenant(deps.db, actor.tenantId, (tx) => fn(tx, actor));
  };
  const write = <T>(request: Parameters<typeof originOf>[0] & { actor: UserActor | null }, fn: (w: CatalogWrite) => Promise<T>) => {
    const actor = requireActor(request);
    const origin = originOf(request);
    return withTenant(deps.db, actor.tenantId, (tx) => fn({ tx, clock: deps.clock, actor, origin }));
  };
  const finish = async (pending: Promise<PendingProduct>) => ({ product: await withFileFacts(deps.db, await pending) });

  r.route({
    method: 'GET',
    url: '/plan',
    summary: 'How the caller’s company takes part in the catalog: publisher or not, paid, free or no subscription',
    tags: ['catalog'],
    access: READ,
    audit: { readOnly: true },
    schema: { response: { 200: z.object({ plan: planView }) } },
    handler: async (request) => ({ plan: await read(request, (tx) => currentPlan(tx)) }),
  });
  r.route({
    method: 'GET',
    url: '/categories',
    summary: 'The fixed product categories: ISO 1043-1 polymer codes and chemical classes, with Japanese and English names',
    tags: ['catalog'],
    access: READ,
    audit: { readOnly: true },
    schema: {
      response: { 200: z.object({ categories: z.array(z.object({ code: z.string(), group: z.enum(['polymer', 'chemical']), name: z.object({ ja: z.string(), en: z.string() }) })) }) },
    },
    handler: async () => ({ categories: CATEGORIES.map((c) => ({ code: c.code, group: c.group, name: { ja: c.name.ja, en: c.name.en } })) }),
  });
  // 掲載企業プロフィール
  r.route({
    method: 'GET',
    url: '/profile',
    summary: 'The own company’s publisher profile with its contacts (null before the first save)',
    tags: ['catalog'],
    access: READ,
    audit: { readOnly: true },
    schema: { response: { 200: z.object({ profile: profileView.nullable() }) } },
    handler: async (request) => ({ profile: await read(request, (tx, actor) => getOwnProfile(tx, actor.tenantId)) }),
  });
  r.route({
    method: 'PUT',
    url: '/profile',
    summary: 'Create or replace the own publisher profile at the version read; contacts are replaced as a set',
    tags: ['catalog'],
    access: { user: 'catalog:profile:manage' },
    audit: { action: 'catalog.profile.updated' },
    schema: { body: profileSchema, response: { 200: z.object({ profile: profileView }) } },
    handler: async (request) => ({ profile: await write(request, (w) => saveProfile(w, request.body)) }),
  });
  r.route({
    method: 'GET',
    url: '/publishers/:tenantId',
    summary: 'A publisher’s public profile and number of published products (404 unless it has one the caller can see); contacts for paid readers',
    tags: ['catalog'],
    access: READ,
    audit: { readOnly: true },
    schema: { params: z.object({ tenantId: z.uuid() }), response: { 200: z.object({ profile: profileView, productCount: z.number() }) } },
    handler: (request) => read(request, async (tx, actor) => getPublisher(tx, actor.tenantId, await currentPlan(tx), request.params.tenantId)),
  });

  // 製品
  r.route({
    method: 'GET',
    url: '/products',
    summary: 'The own company’s products (any state), filtered by state and text, sorted and paged',
    tags: ['catalog'],
    access: READ,
    audit: { readOnly: true },
    schema: { querystring: productListQuery, response: { 200: z.object({ items: z.array(productSummaryView), total: z.number() }) } },
    handler: (request) => read(request, (tx, actor) => listOwnProducts(tx, actor.tenantId, request.query)),
  });
  r.route({
    method: 'POST',
    url: '/products',
    summary: 'Create a draft product with its composition and properties',
    tags: ['catalog'],
    access: WRITE,
    audit: { action: 'catalog.product.created' },
    schema: { body: productCreateSchema, response: { 201: productResponse } },
    async handler(request, reply) {
      return reply.status(201).send(await finish(write(request, (w) => createProduct(w, request.body))));
    },
  });
  r.route({
    method: 'GET',
    url: '/products/:id',
    summary: 'One product: an own one in any state or another company’s published one; paid-only fields for the own company and paid readers',
    tags: ['catalog'],
    access: READ,
    audit: { readOnly: true },
    schema: { params: idParams, response: { 200: productResponse } },
    handler: (request) => finish(read(request, async (tx, actor) => presentProduct(tx, actor.tenantId, await currentPlan(tx), request.params.id))),
  });
  r.route({
    method: 'PUT',
    url: '/products/:id',
    summary: 'Replace an own draft or published product at the version read (409 when archived or changed meanwhile)',
    tags: ['catalog'],
    access: WRITE,
    audit: { action: 'catalog.product.updated' },
    schema: { params: idParams, body: productUpdateSchema, response: { 200: productResponse } },
    handler: (request) => finish(write(request, (w) => updateProduct(w, request.params.id, request.body))),
  });
  r.route({
    method: 'DELETE',
    url: '/products/:id',
    summary: 'Delete an own draft product with its documents (published and archived ones cannot be deleted)',
    tags: ['catalog'],
    access: WRITE,
    audit: { action: 'catalog.product.deleted' },
    schema: { params: idParams },
    async handler(request, reply) {
      const actor = requireActor(request);
      const origin = originOf(request);
      const fileIds = await write(request, (w) => deleteProduct(w, request.params.id));
      const files = tenantFileDeps(deps);
      for (const fileId of fileIds) {
        await deleteTenantFile(files, { tenantId: actor.tenantId, fileId, actor: { type: 'user', id: actor.userId, name: actor.displayName }, origin });
      }
      return reply.status(204).send();
    },
  });
  for (const transition of Object.keys(TRANSITIONS) as Transition[]) {
    const step = TRANSITIONS[transition];
    r.route({
      method: 'POST',
      url: `/products/:id/${transition}`,
      summary: `Move an own product from ${step.from} to ${step.to} at the version read${transition === 'publish' ? ' (publisher contract required)' : ''}`,
      tags: ['catalog'],
      access: WRITE,
      audit: { action: step.action },
      schema: { params: idParams, body: versionBody, response: { 200: productResponse } },
      handler: (request) => finish(write(request, (w) => transitionProduct(w, request.params.id, transition, request.body.version))),
    });
  }

  registerDocumentRoutes(r, deps);
  registerImportRoutes(r, deps);
}
