import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import { storeTenantFile, type StoreTenantFileInput, type TenantFile, type TenantFileDeps } from './tenantFiles.js';

/** The header carrying the original file name, percent-encoded UTF-8 (`encodeURIComponent`). */
export const FILE_NAME_HEADER = 'x-file-name';
/** The content type upload routes accept: the file's bytes as the whole body. */
export const UPLOAD_CONTENT_TYPE = 'application/octet-stream';

function headerValue(request: Pick<FastifyRequest, 'headers'>, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Accepts a file upload on a service's route and stores it as a tenant file. The body is the
 * file itself (`Content-Type: application/octet-stream`, streamed, never held in memory),
 * its name in the `X-File-Name` header (percent-encoded UTF-8). The route must be declared
 * without a body schema; the size limit is UPLOAD_MAX_MB. Browsers send it with
 * `fetch(url, { method: 'POST', body: file, headers: { 'x-file-name': encodeURIComponent(file.name), … } })`.
 */
export async function receiveTenantFileUpload(
  request: Pick<FastifyRequest, 'headers' | 'body'>,
  deps: TenantFileDeps,
  options: Omit<StoreTenantFileInput, 'name' | 'body'>,
): Promise<TenantFile> {
  const contentType = headerValue(request, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== UPLOAD_CONTENT_TYPE || !(request.body instanceof Readable)) throw new AppError('request.unsupported_media_type');
  const declared = Number(headerValue(request, 'content-length'));
  if (Number.isFinite(declared) && declared > deps.maxBytes) {
    throw new AppError('files.too_large', { params: { limit_mb: Math.floor(deps.maxBytes / 1048576) }, internal: `content-length ${declared}` });
  }
  const encoded = headerValue(request, FILE_NAME_HEADER);
  let name: string;
  try {
    name = encoded ? decodeURIComponent(encoded).trim() : '';
  } catch {
    name = '';
  }
  if (!name || name.length > 1000) throw new AppError('files.name_missing', { internal: 'X-File-Name missing or not percent-encoded UTF-8' });
  return storeTenantFile(deps, { ...options, name, body: request.body });
}
