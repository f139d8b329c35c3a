import { z } from 'zod';
import { withTenant } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { messageKey, messages } from '../../../core/messages.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import { PROPERTY_KEYS } from '../products/units.js';
import { isValidCasNumber, normalizeCasNumber } from '../shared/cas.js';
import type { CatalogDeps } from '../shared/deps.js';
import { currentPlan } from '../shared/plan.js';
import { compareProducts } from './compareProducts.js';
import { casLookup } from './casLookup.js';
import { LIST_NAMES, listItems, putListEntry, removeListEntry } from './lists.js';
import { searchProducts, type PropertyFilter } from './searchProducts.js';
import { productView, propertyView } from '../products/productView.js';
import { facetView, planView, searchHitView } from './searchViews.js';

messages.add({
  'catalog.search.prop_invalid': {
    ja: '物性の条件は「キー:下限:上限」の形で指定してください（例: density:0.9:1.2、下限・上限は省略可）。',
    en: 'Give a property condition as key:min:max (e.g. density:0.9:1.2; either bound may be left out).',
  },
  'catalog.search.range_inverted': { ja: '物性の条件の下限が上限より大きくなっています。', en: 'The lower bound of a property condition is above its upper bound.' },
  'catalog.search.compare_ids': { ja: '比較する製品のIDが正しくありません。製品を選び直してください。', en: 'The product ids to compare are not valid. Choose the products again.' },
});

const READ = { user: 'catalog:products:read' };
const LIMIT = 20;

/** A query parameter given once or repeated (`category=PP&category=PA6`), as a list. */
const repeated = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string()).max(LIMIT)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(item));

const NUMBER = '-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?';
const PROP = new RegExp(`^([a-z][a-z0-9_]{0,60}):(${NUMBER})?:(${NUMBER})?$`);

/** `key:min:max` with either bound optional. */
const propFilter = z
  .string()
  .max(200)
  .transform((value, ctx): PropertyFilter => {
    const match = PROP.exec(value.trim());
    if (!match) {
      ctx.addIssue({ code: 'custom', message: messageKey('catalog.search.prop_invalid') });
      return z.NEVER;
    }
    const min = match[2] === undefined ? null : Number(match[2]);
    const max = match[3] === undefined ? null : Number(match[3]);
    if (min !== null && max !== null && min > max) {
      ctx.addIssue({ code: 'custom', message: messageKey('catalog.search.range_inverted') });
      return z.NEVER;
    }
    return { key: match[1]!, min, max };
  });

const searchQuery = z.object({
  q: z.string().max(200).optional(),
  category: repeated(z.string().regex(/^[A-Za-z0-9+/()-]{1,20}$/)),
  publisher: repeated(z.uuid()),
  application: repeated(z.string().min(1).max(60)),
  flag: repeated(z.enum(['rohs', 'reach_svhc_free', 'kashinho', 'food_contact'])),
  docKind: repeated(z.enum(['sds', 'tds', 'coa', 'chemsherpa', 'other'])),
  prop: repeated(propFilter),
  sort: z.enum(['relevance', 'newest', 'name']).default('relevance'),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const facets = z.object({
  category: z.array(facetView),
  publisher: z.array(facetView),
  application: z.array(facetView),
  flag: z.array(facetView),
  docKind: z.array(facetView),
});

/** `ids=<uuid>,<uuid>,…`: two to five distinct products. */
const compareIds = z
  .string()
  .max(2000)
  .transform((value, ctx) => {
    const ids = [...new Set(value.split(',').map((id) => id.trim().toLowerCase()).filter((id) => id !== ''))];
    if (ids.some((id) => !z.uuid().safeParse(id).success)) {
      ctx.addIssue({ code: 'custom', message: messageKey('catalog.search.compare_ids') });
      return z.NEVER;
    }
    return ids;
  });

const listParams = z.object({ list: z.enum(LIST_NAMES as ['in_use', 'watching']) });
const entryParams = listParams.extend({ productId: z.uuid() });
const listItemView = searchHitView.extend({ note: z.string(), addedAt: z.string() });

/** Search, CAS lookup, comparison and saved lists, under /api/catalog. */
export function registerSearchRoutes(r: RouteRegistrar, deps: CatalogDeps): void {
  r.route({
    method: 'GET',
    url: '/search',
    summary: 'Published products of every publisher matching the terms and filters, with facet counts',
    tags: ['catalog'],
    access: READ,
    audit: { readOnly: true },
    schema: {
      querystring: searchQuery,
      response: { 200: z.object({ items: z.array(searchHitView), total: z.number(), facets, plan: planView }) },
    },
    handler: (request) => {
      const actor = requireActor(request);
      return withTenant(deps.db, actor.tenantId, async (tx) => searchProducts(tx, await currentPlan(tx), request.query));
    },
  });

  r.route({
    method: 'GET',
    url: '/properties/keys',
    summary: 'Property keys that products state and paid readers filter by, with their canonical unit',
    tags: ['catalog'],
    access: READ,
    audit: { readOnly: true },
    schema: { response: { 200: z.object({ keys: z.array(z.object({ key: z.string(), name: z.object({ ja: z.string(), en: z.string() }), unit: z.string() })) }) } },
    handler: async () => ({ keys: PROPERTY_KEYS.map((k) => ({ key: k.key, name: { ja: k.name.ja, en: k.name.en }, unit: k.unit })) }),
  });

  r.route({
    method: 'GET',
    url: '/cas/:casNumber',
    summary: 'Published products with a component of this CAS number (full-width digits and odd dashes accepted)',
    tags: ['catalog'],
    access: READ,
    audit: { readOnly: true },
    schema: {
      params: z.object({ casNumber: z.string().min(1).max(40) }),
      response: { 200: z.object({ casNumber: z.string(), valid: z.boolean(), products: z.array(searchHitView) }) },
    },
    handler: (request) => {
      const actor = requireActor(request);
      const casNumber = normalizeCasNumber(request.params.casNumber);
      if (!/^\d{2,7}-\d{2}-\d$/.test(casNumber)) throw new AppError('catalog.cas_invalid', { params: { input: request.params.casNumber } });
      return withTenant(deps.db, actor.tenantId, async (tx) => ({ casNumber, valid: isValidCasNumber(casNumber), products: await casLookup(tx, casNumber) }));
    },
  });

  r.route({
    method: 'GET',
    url: '/compare',
    summary: 'Two to five products side by side with their property matrix (properties for full access only)',
    tags: ['catalog'],
    access: READ,
    audit: { readOnly: true },
    schema: {
      querystring: z.object({ ids: compareIds }),
      response: {
        200: z.object({
          products: z.array(productView),
          properties: z.array(z.object({ key: z.string(), name: z.string(), unit: z.string(), values: z.array(propertyView.nullable()) })),
        }),
      },
    },
    handler: (request) => {
      const actor = requireActor(request);
      const ids = request.query.ids;
      if (ids.length < 2 || ids.length > 5) throw new AppError('catalog.compare_limit');
      return compareProducts(deps.db, actor.tenantId, ids);
    },
  });

  r.route({
    method: 'GET',
    url: '/lists/:list',
    summary: 'The company’s list (in use / watching) of published products, newest entry first',
    tags: ['catalog'],
    access: READ,
    audit: { readOnly: true },
    schema: { params: listParams, response: { 200: z.object({ items: z.array(listItemView) }) } },
    handler: (request) => {
      const actor = requireActor(request);
      return withTenant(deps.db, actor.tenantId, async (tx) => ({ items: await listItems(tx, request.params.list) }));
    },
  });

  r.route({
    method: 'PUT',
    url: '/lists/:list/:productId',
    summary: 'Put a published product on the company’s list, or change its note there',
    tags: ['catalog'],
    access: READ,
    audit: { action: 'catalog.list.added' },
    schema: {
      params: entryParams,
      body: z.object({ note: z.string().max(500).optional() }),
      response: { 200: z.object({ entry: z.object({ list: z.enum(['in_use', 'watching']), productId: z.string(), note: z.string(), addedAt: z.string() }) }) },
    },
    handler: (request) => {
      const actor = requireActor(request);
      const origin = originOf(request);
      return withTenant(deps.db, actor.tenantId, async (tx) => ({
        entry: await putListEntry({ tx, clock: deps.clock, actor, origin }, request.params.list, request.params.productId, request.body.note),
      }));
    },
  });

  r.route({
    method: 'DELETE',
    url: '/lists/:list/:productId',
    summary: 'Take a product off the company’s list',
    tags: ['catalog'],
    access: READ,
    audit: { action: 'catalog.list.removed' },
    schema: { params: entryParams },
    async handler(request, reply) {
      const actor = requireActor(request);
      const origin = originOf(request);
      await withTenant(deps.db, actor.tenantId, (tx) => removeListEntry({ tx, clock: deps.clock, actor, origin }, request.params.list, request.params.productId));
      return reply.status(204).send();
    },
  });
}
