import type { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError, errorMessage } from '../../../core/errors.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import type { CatalogDeps } from '../shared/deps.js';
import { IMPORT_COLUMNS, importProducts, ImportRejected } from './importProducts.js';
import { readTableFile, writeTableFile, XLSX_TYPE } from '../../../platform/tables/index.js';

/** Largest import file accepted. */
const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

async function readBody(body: unknown): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (!body || typeof (body as Readable)[Symbol.asyncIterator] !== 'function') throw new AppError('catalog.import_unreadable');
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

/** CSV / Excel import of products (as drafts) and its template. */
export function registerImportRoutes(r: RouteRegistrar, deps: CatalogDeps): void {
  r.route({
    method: 'POST',
    url: '/products/import',
    summary: 'Import products as drafts from CSV (UTF-8) or Excel: every row or none; 422 lists row, column and reason',
    tags: ['catalog'],
    access: { user: 'catalog:products:write' },
    audit: { action: 'catalog.products.imported' },
    schema: { querystring: z.object({ format: z.enum(['csv', 'xlsx']).optional() }) },
    async handler(request, reply) {
      const actor = requireActor(request);
      const bytes = await readBody(request.body);
      const contentType = request.query.format === 'xlsx' ? XLSX_TYPE : request.headers['content-type'];
      const table = await readTableFile(bytes, contentType, 'catalog.import_unreadable');
      try {
        return reply.status(201).send(await importProducts(deps, actor, originOf(request), table, request.lang));
      } catch (error) {
        if (!(error instanceof ImportRejected)) throw error;
        const code = 'catalog.import_invalid';
        return reply.status(422).send({ error: { code, message: errorMessage(code, request.lang), rows: error.rows, requestId: request.id } });
      }
    },
  });

  r.route({
    method: 'GET',
    url: '/products/import/template',
    summary: 'The product import template: Japanese column headers; the Excel one documents each column on a second sheet',
    tags: ['catalog'],
    access: { user: 'catalog:products:read' },
    audit: { readOnly: true },
    schema: { querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }) },
    async handler(request, reply) {
      const { format } = request.query;
      const lang = request.lang;
      const notes = {
        name: lang === 'ja' ? '説明' : 'Notes',
        rows: [
          lang === 'ja' ? ['列名', '英語の列名', '必須', '説明'] : ['Column', 'English name', 'Required', 'Notes'],
          ...IMPORT_COLUMNS.map((c) => [c.ja, c.en, c.required ? (lang === 'ja' ? '必須' : 'required') : '', c.note[lang]]),
        ],
      };
      const bytes = await writeTableFile(format, { name: '製品', rows: [IMPORT_COLUMNS.map((c) => c.ja)] }, notes);
      return reply
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
        .header('content-disposition', `attachment; filename="catalog-products-template.${format}"`)
        .send(bytes);
    },
  });
}
