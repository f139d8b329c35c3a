import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { withTenant, type Tx } from '../../../core/db/index.js';
import { AppError, errorMessage } from '../../../core/errors.js';
import type { Lang } from '../../../core/i18n.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { readTableFile, XLSX_TYPE } from '../../../platform/tables/index.js';
import type { SurveyDeps } from '../shared/deps.js';
import { acknowledgeResult, changedProductView, checkProductNow, checkRequestSchema, checkResultView, productCheckResults, versionChanges } from './checkResults.js';
import { createList, listStarters, loadStarter, loadVersion, updateList, type ListWrite } from './listCommands.js';
import { EntriesRejected, parseEntryObjects, parseEntryTable, type EntryInput } from './listEntries.js';
import {
  createListSchema,
  entriesOf,
  entryListQuery,
  findList,
  importVersionQuery,
  listEntryView,
  listLists,
  listVersionView,
  loadVersionSchema,
  recheckSummaryView,
  starterKeySchema,
  starterView,
  substanceListView,
  updateListSchema,
  versionsOf,
} from './listViews.js';

const READ = { user: 'survey:read' };
const MANAGE = { user: 'survey:settings:manage' };
const TAGS = ['survey'];
const idParams = z.object({ id: z.uuid() });
const versionParams = z.object({ id: z.uuid(), versionId: z.uuid() });
const listResponse = z.object({ list: substanceListView });
const loadedResponse = z.object({ version: listVersionView, recheck: recheckSummaryView });

/** Largest list file accepted. */
const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

async function readBody(body: unknown): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (!body || typeof (body as Readable)[Symbol.asyncIterator] !== 'function') throw new AppError('survey.list_import_unreadable');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as Readable) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > IMPORT_MAX_BYTES) throw new AppError('request.too_large');
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** Answers 422 with every bad row when the entries were rejected (nothing was written). */
async function rowsOr422<T>(reply: FastifyReply, lang: Lang, requestId: string, work: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof EntriesRejected)) throw error;
    const code = 'survey.list_entries_invalid';
    return reply.status(422).send({ error: { code, message: errorMessage(code, lang), rows: error.rows, requestId } });
  }
}

/** Substance lists, their versions and the compliance check, under /api/survey. */
export function registerListRoutes(r: RouteRegistrar, deps: SurveyDeps): void {
  const read = <T>(request: { actor: UserActor | null }, fn: (tx: Tx, actor: UserActor) => Promise<T>) => {
    const actor = requireActor(request);
    return withTenant(deps.db, actor.tenantId, (tx) => fn(tx, actor));
  };
  const write = <T>(request: Parameters<typeof originOf>[0] & { actor: UserActor | null }, fn: (w: ListWrite) => Promise<T>) => {
    const actor = requireActor(request);
    const origin = originOf(request);
    return withTenant(deps.db, actor.tenantId, (tx) => fn({ tx, clock: deps.clock, actor, origin }));
  };

  r.route({
    method: 'GET',
    url: '/lists',
    summary: 'The company’s substance lists with their current version, active lists first',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { response: { 200: z.object({ items: z.array(substanceListView) }) } },
    handler: async (request) => ({ items: await read(request, (tx) => listLists(tx)) }),
  });

  r.route({
    method: 'GET',
    url: '/lists/starters',
    summary: 'The shipped starter lists (EU RoHS Annex II, REACH SVHC excerpt) and the company’s list loaded from each',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { response: { 200: z.object({ items: z.array(starterView) }) } },
    handler: async (request) => ({ items: await read(request, (tx) => listStarters(tx)) }),
  });

  r.route({
    method: 'POST',
    url: '/lists/starters/:key',
    summary: 'Load a starter list: creates the list, or adds a version when the shipped entries differ from its current one (200 and unchanged: true otherwise)',
    tags: TAGS,
    access: MANAGE,
    audit: { action: 'survey.list.version_loaded' },
    schema: {
      params: z.object({ key: starterKeySchema }),
      response: {
        201: z.object({ list: substanceListView, version: listVersionView, recheck: recheckSummaryView, unchanged: z.boolean() }),
        200: z.object({ list: substanceListView, version: listVersionView, recheck: recheckSummaryView, unchanged: z.boolean() }),
      },
    },
    async handler(request, reply) {
      const { created, ...loaded } = await write(request, (w) => loadStarter(w, request.params.key));
      return reply.status(created ? 201 : 200).send({ ...loaded, unchanged: !created });
    },
  });

  r.route({
    method: 'POST',
    url: '/lists',
    summary: 'Create an empty substance list (load its first version afterwards)',
    tags: TAGS,
    access: MANAGE,
    audit: { action: 'survey.list.created' },
    schema: { body: createListSchema, response: { 201: listResponse } },
    async handler(request, reply) {
      const list = await write(request, (w) => createList(w, request.body));
      return reply.status(201).send({ list });
    },
  });

  r.route({
    method: 'GET',
    url: '/lists/:id',
    summary: 'One substance list with all its versions, newest first',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { params: idParams, response: { 200: z.object({ list: substanceListView, versions: z.array(listVersionView) }) } },
    handler: (request) => read(request, async (tx) => ({ list: await findList(tx, request.params.id), versions: await versionsOf(tx, request.params.id) })),
  });

  r.route({
    method: 'PATCH',
    url: '/lists/:id',
    summary: 'Rename, re-source, archive or restore a list (versions never change)',
    tags: TAGS,
    access: MANAGE,
    audit: { action: 'survey.list.updated' },
    schema: { params: idParams, body: updateListSchema, response: { 200: listResponse } },
    handler: async (request) => ({ list: await write(request, (w) => updateList(w, request.params.id, request.body)) }),
  });

  r.route({
    method: 'GET',
    url: '/lists/:id/versions/:versionId/entries',
    summary: 'A version’s entries in load order, searchable by name, CAS number or internal id',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { params: versionParams, querystring: entryListQuery, response: { 200: z.object({ items: z.array(listEntryView), total: z.number() }) } },
    handler: (request) => read(request, (tx) => entriesOf(tx, request.params.id, request.params.versionId, request.query)),
  });

  const load = (request: Parameters<typeof write>[0], listId: string, meta: { label: string; sourceNote: string }, entries: EntryInput[], format: 'json' | 'csv' | 'xlsx') =>
    write(request, (w) => loadVersion(w, listId, { ...meta, entries, format }));

  r.route({
    method: 'POST',
    url: '/lists/:id/versions',
    summary: 'Load a new version from JSON entries and re-check every product; 422 lists every bad row and nothing is saved',
    tags: TAGS,
    access: MANAGE,
    audit: { action: 'survey.list.version_loaded' },
    schema: { params: idParams, body: loadVersionSchema, response: { 201: loadedResponse } },
    async handler(request, reply) {
      return rowsOr422(reply, request.lang, request.id, async () => {
        const entries = parseEntryObjects(request.body.entries, request.lang);
        const loaded = await load(request, request.params.id, request.body, entries, 'json');
        return reply.status(201).send(loaded);
      });
    },
  });

  r.route({
    method: 'POST',
    url: '/lists/:id/versions/import',
    summary: 'Load a new version from CSV (UTF-8) or Excel (columns cas, internal_id, name, threshold_percent, basis, notes or their Japanese names); 422 lists every bad row',
    tags: TAGS,
    access: MANAGE,
    audit: { action: 'survey.list.version_loaded' },
    schema: { params: idParams, querystring: importVersionQuery.extend({ format: z.enum(['csv', 'xlsx']).optional() }), response: { 201: loadedResponse } },
    async handler(request, reply) {
      // Refuse before reading the file: an unknown list takes no upload.
      await read(request, (tx) => findList(tx, request.params.id));
      const bytes = await readBody(request.body);
      const contentType = request.query.format === 'xlsx' ? XLSX_TYPE : request.headers['content-type'];
      const table = await readTableFile(bytes, contentType, 'survey.list_import_unreadable');
      return rowsOr422(reply, request.lang, request.id, async () => {
        const entries = parseEntryTable(table, request.lang);
        const loaded = await load(request, request.params.id, request.query, entries, table.format);
        return reply.status(201).send(loaded);
      });
    },
  });

  r.route({
    method: 'GET',
    url: '/lists/:id/versions/:versionId/changes',
    summary: 'The products whose result this version changed against the previous version of the list',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { params: versionParams, response: { 200: z.object({ items: z.array(changedProductView) }) } },
    handler: async (request) => ({ items: await read(request, (tx) => versionChanges(tx, request.params.id, request.params.versionId)) }),
  });

  r.route({
    method: 'POST',
    url: '/products/:id/check',
    summary: 'Check a product now against the given list versions (default: the current version of every active list) and store the results',
    tags: TAGS,
    access: READ,
    audit: { action: 'survey.product.checked' },
    schema: { params: idParams, body: checkRequestSchema, response: { 200: z.object({ results: z.array(checkResultView) }) } },
    handler: async (request) => ({ results: await write(request, (w) => checkProductNow(w, request.params.id, request.body.listVersionIds)) }),
  });

  r.route({
    method: 'GET',
    url: '/products/:id/check-results',
    summary: 'A product’s results against the current version of every active list',
    tags: TAGS,
    access: READ,
    audit: { readOnly: true },
    schema: { params: idParams, response: { 200: z.object({ items: z.array(checkResultView) }) } },
    handler: async (request) => ({ items: await read(request, (tx) => productCheckResults(tx, request.params.id)) }),
  });

  r.route({
    method: 'POST',
    url: '/check-results/:id/acknowledge',
    summary: 'Mark a check result as looked at (it shows as new again when a later check changes it)',
    tags: TAGS,
    access: READ,
    audit: { action: 'survey.check_result.acknowledged' },
    schema: { params: idParams, response: { 200: z.object({ result: checkResultView }) } },
    handler: async (request) => ({ result: await write(request, (w) => acknowledgeResult(w, request.params.id)) }),
  });
}
