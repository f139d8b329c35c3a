import type { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError, errorMessage } from '../../../core/errors.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import type { ProcessDeps } from '../shared/deps.js';
import { IMPORT_COLUMNS, IMPORT_KINDS, IMPORT_TITLES } from './importColumns.js';
import { importMaster, ImportRejected } from './importMaster.js';
import { readTableFile, writeTableFile, XLSX_TYPE } from '../../../platform/tables/index.js';

/** Largest import file accepted. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

async function readBody(body: unknown): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (!body || typeof (body as Readable)[Symbol.asyncIterator] !== 'function') throw new AppError('process.import_unreadable');
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

const kindParams = z.object({ kind: z.enum(IMPORT_KINDS) });

/** CSV / Excel import of master data, and the templates. */
export function registerImportRoutes(r: RouteRegistrar, deps: ProcessDeps): void {
  r.route({
    method: 'POST',
    url: '/import/:kind',
    summary: 'Import items, formulas, workstations or routings from CSV (UTF-8) or Excel: all rows or none, upsert by code; ?dryRun=true only checks',
    tags: ['process'],
    access: { user: 'process:master:manage' },
    audit: { action: 'process.import.completed' },
    schema: {
      params: kindParams,
      querystring: z.object({ dryRun: z.enum(['true', 'false']).optional().transform((v) => v === 'true') }),
    },
    async handler(request, reply) {
      const actor = requireActor(request);
      const bytes = await readBody(request.body);
      const file = await readTableFile(bytes, request.headers['content-type'], 'process.import_unreadable');
      try {
        return await importMaster(deps, actor, originOf(request), { kind: request.params.kind, file, dryRun: request.query.dryRun, lang: request.lang });
      } catch (error) {
        if (!(error instanceof ImportRejected)) throw error;
        const code = 'process.import_invalid';
        const message = errorMessage(code, request.lang);
        return reply.status(422).send({ code, message, errors: error.errors, error: { code, message, requestId: request.id } });
      }
    },
  });

  r.route({
    method: 'GET',
    url: '/import/:kind/template',
    summary: 'The import template of a kind: Japanese column headers; the Excel one documents each column on a second sheet',
    tags: ['process'],
    access: { user: 'process:master:read' },
    audit: { readOnly: true },
    schema: { params: kindParams, querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }) },
    async handler(request, reply) {
      const { kind } = request.params;
      const { format } = request.query;
      const columns = IMPORT_COLUMNS[kind];
      const lang = request.lang;
      const notes = {
        name: lang === 'ja' ? '説明' : 'Notes',
        rows: [
          lang === 'ja' ? ['列名', '英語の列名', '必須', '説明'] : ['Column', 'English name', 'Required', 'Notes'],
          ...columns.map((c) => [c.ja, c.en, c.required ? (lang === 'ja' ? '必須' : 'required') : '', c.note[lang]]),
        ],
      };
      const bytes = await writeTableFile(format, { name: IMPORT_TITLES[kind].ja, rows: [columns.map((c) => c.ja)] }, notes);
      const filename = `process-${kind}-template.${format}`;
      return reply
        .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(bytes);
    },
  });
}
