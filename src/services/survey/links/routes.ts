import { Readable } from 'node:stream';
import { z } from 'zod';
import { withTenant } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { FILE_NAME_HEADER, openTenantFile, storeTenantFile, tenantFileDeps, type TenantFile } from '../../../platform/files/index.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import type { SurveyDeps } from '../shared/deps.js';
import { issueLinkSchema, reissueUploadLink, revokeUploadLink, type LinkWrite } from './linkCommands.js';
import {
  countLinkUpload,
  fileQuerySchema,
  guessKind,
  linkActor,
  markOpened,
  mayBeSurveyFile,
  publicRequestView,
  readSurveyFile,
  submitAnswerSchema,
  submitOutsideAnswer,
  type AnswerProduct,
  type ResponseFileKind,
} from './outsideAnswer.js';
import { TokenRateLimit } from './tokenRateLimit.js';
import { findLiveLink, LINK_FILE_MAX_BYTES, LINK_TOTAL_MAX_BYTES, tenantOfToken, UPLOAD_TOKEN_MAX_LENGTH, uploadLinkView } from './uploadLinks.js';

const WRITE = { user: 'survey:requests:write' };
const TAGS = ['survey'];
const PUBLIC = { public: 'the single-purpose upload link (one request, expiring, revocable) is itself the credential; limited per link and per IP' };

/** Per IP and minute (the route's own limit) and per link and minute (TokenRateLimit). */
export const LINK_RATE_LIMITS = {
  view: { perIp: 60, perToken: 30 },
  files: { perIp: 40, perToken: 20 },
  submit: { perIp: 10, perToken: 5 },
} as const;

const tokenParams = z.object({ token: z.string().min(20).max(UPLOAD_TOKEN_MAX_LENGTH) });
const requestParams = z.object({ id: z.uuid() });
const linkParams = z.object({ id: z.uuid(), linkId: z.uuid() });

const UPLOAD_TYPES = new Set(['application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The name of an uploaded file: `?name=`, else the X-File-Name header (percent-encoded UTF-8). */
function uploadName(query: { name?: string | undefined }, headers: Record<string, string | string[] | undefined>): string {
  if (query.name) return query.name;
  const encoded = header(headers, FILE_NAME_HEADER);
  let name: string;
  try {
    name = encoded ? decodeURIComponent(encoded).trim() : '';
  } catch {
    name = '';
  }
  if (!name || name.length > 200) throw new AppError('files.name_missing', { internal: 'no ?name= and no usable X-File-Name' });
  return name;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const parsedProduct = z.object({ key: z.string(), productNumber: z.string(), name: z.string(), massG: z.number().nullable(), composition: z.unknown() });

/** Outside companies' upload links (public routes) and their management, under /api/survey. */
export function registerLinkRoutes(r: RouteRegistrar, deps: SurveyDeps): void {
  const files = tenantFileDeps(deps);
  const limiter = new TokenRateLimit(deps.clock);
  const publicUrl = deps.config.http.publicUrl;
  const write = <T>(request: Parameters<typeof originOf>[0] & { actor: UserActor | null }, fn: (w: LinkWrite) => Promise<T>) => {
    const actor = requireActor(request);
    const origin = originOf(request);
    return withTenant(deps.db, actor.tenantId, (tx) => fn({ tx, clock: deps.clock, actor, origin, publicUrl }));
  };

  r.route({
    method: 'POST',
    url: '/requests/:id/links',
    summary: 'Issue a new upload link for a request to an outside company and mail it (earlier live links stop working)',
    tags: TAGS,
    access: WRITE,
    audit: { action: 'survey.link.issued' },
    schema: { params: requestParams, body: issueLinkSchema, response: { 201: z.object({ link: uploadLinkView }) } },
    async handler(request, reply) {
      const link = await write(request, (w) => reissueUploadLink(w, request.params.id, request.body));
      return reply.status(201).send({ link });
    },
  });

  r.route({
    method: 'DELETE',
    url: '/requests/:id/links/:linkId',
    summary: 'Revoke an upload link of a request to an outside company',
    tags: TAGS,
    access: WRITE,
    audit: { action: 'survey.link.revoked' },
    schema: { params: linkParams },
    async handler(request, reply) {
      await write(request, (w) => revokeUploadLink(w, request.params.id, request.params.linkId));
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'GET',
    url: '/upload/:token',
    summary: 'What an upload link asks the outside company to answer (invalid, expired, revoked and used links are one 404)',
    tags: TAGS,
    access: PUBLIC,
    audit: { readOnly: true },
    rateLimitPerMinute: LINK_RATE_LIMITS.view.perIp,
    schema: {
      params: tokenParams,
      response: {
        200: z.object({
          request: z.object({
            title: z.string(),
            requesterName: z.string(),
            message: z.string(),
            items: z.array(z.object({ key: z.string(), productNumber: z.string(), name: z.string(), supplierProductNumber: z.string() })),
            formatWanted: z.string(),
            respondBy: z.string(),
            requesterRef: z.string(),
            listSnapshot: z.unknown(),
          }),
          expiresAt: z.string(),
          submittedAt: z.string().nullable(),
        }),
      },
    },
    async handler(request) {
      limiter.hit('view', request.params.token, LINK_RATE_LIMITS.view.perToken);
      const { tenantId, hash } = tenantOfToken(request.params.token);
      return withTenant(deps.db, tenantId, async (tx) => {
        const now = deps.clock.now();
        const link = await findLiveLink(tx, hash, now);
        await markOpened(tx, link, now);
        return publicRequestView(link);
      });
    },
  });

  r.route({
    method: 'POST',
    url: '/upload/:token/files',
    summary: 'Upload a file through an upload link (raw body; ≤ 20 MB a file, ≤ 100 MB a link); survey files are read back as products',
    tags: TAGS,
    access: PUBLIC,
    audit: { action: 'survey.link.file_uploaded' },
    rateLimitPerMinute: LINK_RATE_LIMITS.files.perIp,
    schema: {
      params: tokenParams,
      querystring: fileQuerySchema,
      response: {
        201: z.object({
          file: z.object({ fileId: z.string(), name: z.string(), bytes: z.number(), kind: z.string() }),
          parsed: z.array(parsedProduct).nullable(),
        }),
      },
    },
    async handler(request, reply) {
      limiter.hit('files', request.params.token, LINK_RATE_LIMITS.files.perToken);
      const { tenantId, hash } = tenantOfToken(request.params.token);
      const link = await withTenant(deps.db, tenantId, (tx) => findLiveLink(tx, hash, deps.clock.now()));
      const contentType = header(request.headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
      if (!contentType || !UPLOAD_TYPES.has(contentType) || !(request.body instanceof Readable)) throw new AppError('request.unsupported_media_type');
      const name = uploadName(request.query, request.headers);
      const perFile = Math.min(LINK_FILE_MAX_BYTES, files.maxBytes);
      const remaining = LINK_TOTAL_MAX_BYTES - link.bytesReceived;
      const totalError = () => new AppError('survey.link_total_too_large', { params: { limit_mb: LINK_TOTAL_MAX_BYTES / 1048576 }, internal: `link has ${remaining} bytes left` });
      const fileError = () => new AppError('files.too_large', { params: { limit_mb: Math.floor(perFile / 1048576) } });
      const declared = Number(header(request.headers, 'content-length'));
      if (Number.isFinite(declared) && declared > perFile) throw fileError();
      if (remaining <= 0 || (Number.isFinite(declared) && declared > remaining)) throw totalError();
      const maxBytes = Math.min(perFile, remaining);
      const origin = originOf(request);
      let stored: TenantFile;
      try {
        stored = await storeTenantFile(
          { ...files, maxBytes },
          {
            tenantId: link.tenantId,
            service: 'survey',
            name,
            body: request.body,
            actor: linkActor(),
            origin,
            action: 'survey.link.file_uploaded',
            inTransaction: (tx, file) => countLinkUpload(tx, link, file, deps.clock.now()),
          },
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'files.too_large') throw maxBytes < perFile ? totalError() : fileError();
        throw error;
      }
      let parsed: { products: AnswerProduct[]; kind: ResponseFileKind } | null = null;
      if (mayBeSurveyFile(stored.name)) {
        const { stream } = await openTenantFile(files, { tenantId: link.tenantId, fileId: stored.id });
        parsed = await readSurveyFile(await readAll(stream), stored.name, link);
      }
      const kind = request.query.kind ?? parsed?.kind ?? guessKind(stored.name);
      return reply.status(201).send({ file: { fileId: stored.id, name: stored.name, bytes: stored.bytes, kind }, parsed: parsed?.products ?? null });
    },
  });

  r.route({
    method: 'POST',
    url: '/upload/:token/submit',
    summary: 'Submit the outside company’s answer through its upload link (once); the requester is notified',
    tags: TAGS,
    access: PUBLIC,
    audit: { action: 'survey.link.submitted' },
    rateLimitPerMinute: LINK_RATE_LIMITS.submit.perIp,
    schema: { params: tokenParams, body: submitAnswerSchema, response: { 201: z.object({ submittedAt: z.string() }) } },
    async handler(request, reply) {
      limiter.hit('submit', request.params.token, LINK_RATE_LIMITS.submit.perToken);
      const { tenantId, hash } = tenantOfToken(request.params.token);
      const origin = originOf(request);
      const result = await withTenant(deps.db, tenantId, async (tx) => {
        const link = await findLiveLink(tx, hash, deps.clock.now(), { forUpdate: true });
        return submitOutsideAnswer(tx, deps.clock, { link, answer: request.body, origin, publicUrl });
      });
      return reply.status(201).send({ submittedAt: result.submittedAt });
    },
  });
}
