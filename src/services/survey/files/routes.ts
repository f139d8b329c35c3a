import { Readable } from 'node:stream';
import { z } from 'zod';
import { withTenant, type Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { sendAttachment } from '../../../platform/files/index.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import { XLSX_TYPE } from '../../../platform/tables/index.js';
import type { SurveyDeps } from '../shared/deps.js';
import { EXPORT_FORMATS, productDocument, productFileBase, renderDocument, responseDocument, type ExportedFile } from './exportDocuments.js';
import { importIntoResponse, importProducts, type FileWrite } from './fileCommands.js';
import { parseSurveyFile, SURVEY_FILE_MAX_BYTES } from './parseSurveyFile.js';
import type { SurveyDocument } from './surveyDocument.js';

const TAGS = ['survey'];
const idParams = z.object({ id: z.uuid() });
const importQuery = z.object({ name: z.string().max(255).optional() });
const exportQuery = z.object({ format: z.enum(EXPORT_FORMATS).default('chemsherpa') });

/** The raw upload body, refused with 413 as soon as it passes the limit (never read further). */
async function readBody(body: unknown): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  if (!(body instanceof Readable)) throw new AppError('request.unsupported_media_type');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > SURVEY_FILE_MAX_BYTES) {
      body.destroy();
      throw new AppError('request.too_large', { internal: `survey file over ${SURVEY_FILE_MAX_BYTES} bytes` });
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** The file name to read the body by: `?name=`, else what the content type says. */
function nameOf(query: { name?: string | undefined }, contentType: string | undefined): string {
  if (query.name) return query.name;
  if (contentType?.startsWith('text/csv')) return 'upload.csv';
  if (contentType?.startsWith(XLSX_TYPE)) return 'upload.xlsx';
  return 'upload';
}

function send(reply: Parameters<typeof sendAttachment>[0], file: ExportedFile) {
  return sendAttachment(reply, { name: file.name, contentType: file.contentType, bytes: file.bytes.length }, Readable.from([file.bytes]));
}

/** File import and export (chemSHERPA / IEC 62474, IPC-1752A, CSV/Excel), under /api/survey. */
export function registerFileRoutes(r: RouteRegistrar, deps: SurveyDeps): void {
  const write = <T>(request: Parameters<typeof originOf>[0] & { actor: FileWrite['actor'] | null }, fn: (w: FileWrite) => Promise<T>) => {
    const actor = requireActor(request);
    const origin = originOf(request);
    return withTenant(deps.db, actor.tenantId, (tx) => fn({ tx, clock: deps.clock, actor, origin }));
  };
  /** A read-only download of one document (`load` reads it in the reader's tenant transaction) in the format `?format=` names. */
  const download = (url: string, summary: string, load: (tx: Tx, actor: FileWrite['actor'], id: string) => Promise<{ doc: SurveyDocument; base: string }>) =>
    r.route({
      method: 'GET',
      url,
      summary,
      tags: TAGS,
      access: { user: 'survey:read' },
      audit: { readOnly: true },
      schema: { params: idParams, querystring: exportQuery },
      async handler(request, reply) {
        const actor = requireActor(request);
        const { doc, base } = await withTenant(deps.db, actor.tenantId, (tx) => load(tx, actor, request.params.id));
        return send(reply, await renderDocument(doc, request.query.format, base));
      },
    });

  r.route({
    method: 'POST',
    url: '/products/import',
    summary: 'Create or update products from a chemSHERPA / IEC 62474, IPC-1752A, CSV or Excel file (matched by product number; all or nothing)',
    tags: TAGS,
    access: { user: 'survey:requests:write' },
    audit: { action: 'survey.product.imported' },
    schema: { querystring: importQuery },
    async handler(request) {
      const bytes = await readBody(request.body);
      const name = nameOf(request.query, request.headers['content-type']);
      const doc = await parseSurveyFile(bytes, name);
      return write(request, (w) => importProducts(w, doc, name));
    },
  });

  download('/products/:id/export', 'Download a product as a chemSHERPA, IEC 62474, IPC-1752A (class C or D), CSV or Excel file', async (tx, actor, id) => {
    const doc = await productDocument(tx, actor.tenantId, actor.tenantName, id, deps.clock.now());
    return { doc, base: productFileBase(doc) };
  });

  r.route({
    method: 'POST',
    url: '/responses/:id/import',
    summary: 'Fill a draft (or returned) response’s products and declarations from a chemSHERPA / IEC 62474, IPC-1752A, CSV or Excel file',
    tags: TAGS,
    access: { user: 'survey:responses:draft' },
    audit: { action: 'survey.response.imported' },
    schema: { params: idParams, querystring: importQuery },
    async handler(request) {
      const actor = requireActor(request);
      // An unknown or closed response takes no file: refused before the body is read.
      await withTenant(deps.db, actor.tenantId, async (tx) => {
        const { rows } = await tx.query<{ status: string }>(`SELECT status FROM survey.responses WHERE id = $1 AND tenant_id = $2`, [request.params.id, actor.tenantId]);
        if (!rows[0]) throw new AppError('survey.file_response_not_found');
        if (rows[0].status !== 'draft' && rows[0].status !== 'returned') throw new AppError('survey.file_response_not_editable');
      });
      const bytes = await readBody(request.body);
      const name = nameOf(request.query, request.headers['content-type']);
      const doc = await parseSurveyFile(bytes, name);
      return { response: await write(request, (w) => importIntoResponse(w, request.params.id, doc, name)) };
    },
  });

  download('/responses/:id/export', 'Download a response (own, or sent to the company) as a chemSHERPA, IEC 62474, IPC-1752A, CSV or Excel file', (tx, _actor, id) =>
    responseDocument(tx, id),
  );
}
