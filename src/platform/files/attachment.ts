import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { attachmentDisposition } from './contentType.js';
import type { TenantFile } from './tenantFiles.js';

/**
 * Sends a stored file the one way files leave the system: always an attachment, never rendered
 * or framed by the browser (a sandboxing CSP of its own), its type not guessed, never cached.
 */
export function sendAttachment(reply: FastifyReply, file: Pick<TenantFile, 'contentType' | 'bytes' | 'name'>, stream: Readable): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-length', String(file.bytes))
    .header('content-disposition', attachmentDisposition(file.name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', "default-src 'none'; sandbox; frame-ancestors 'none'")
    .send(stream);
}
