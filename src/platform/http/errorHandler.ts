import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, errorMessage, errorStatus, type ErrorCode } from '../../core/errors.js';
import type { Lang } from '../../core/i18n.js';
import { MESSAGE_KEY_PREFIX, messages } from '../../core/messages.js';
import { fieldMessages } from '../../core/validation.js';

/** A request part failed its zod schema; carries the issues and the data to word them. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(readonly issues: readonly z.core.$ZodIssue[], readonly data: unknown) {
    super('request validation failed');
    this.name = 'RequestValidationError';
  }
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string>; requestId: string };
}

/** Connection-level database failures: the database is down or restarting. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(e.message ?? '')
  );
}

/** The disk (or quota) under the file store is full: the write was refused and nothing kept. */
const STORAGE_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

function isStorageFull(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && STORAGE_FULL_CODES.has(code);
}

function fastifyCode(error: FastifyError): ErrorCode | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request.too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'request.unsupported_media_type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'request.malformed';
    default:
      break;
  }
  if (error.statusCode === 429) return 'rate_limited';
  if (error instanceof SyntaxError || error.statusCode === 400) return 'request.malformed';
  if (error.statusCode === 413) return 'request.too_large';
  if (error.statusCode === 415) return 'request.unsupported_media_type';
  return undefined;
}

function translateField(value: string, lang: Lang): string {
  return value.startsWith(MESSAGE_KEY_PREFIX) ? messages.format(value.slice(MESSAGE_KEY_PREFIX.length), lang) : value;
}

/**
 * One error shape for every failure: `{ error: { code, message, fields?, requestId } }`,
 * the message in the user's language; a 500 says nothing internal and is logged.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const lang = request.lang;
    const send = (status: number, code: string, message: string, fields?: Record<string, string>) => {
      const body: ErrorBody = { error: { code, message, ...(fields ? { fields } : {}), requestId: request.id } };
      return reply.status(status).type('application/json; charset=utf-8').send(body);
    };

    if (error instanceof RequestValidationError) {
      return send(400, 'validation.failed', errorMessage('validation.failed', lang), fieldMessages(error.issues, error.data, lang));
    }
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      const fields = error.options.fields
        ? Object.fromEntries(Object.entries(error.options.fields).map(([k, v]) => [k, translateField(v, lang)]))
        : undefined;
      return send(error.status, error.code, error.messageIn(lang), fields);
    }
    if (isUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', '5');
      return send(503, 'service.unavailable', errorMessage('service.unavailable', lang));
    }
    if (isStorageFull(error)) {
      // Operators are alerted by the capacity checks; the log says which write failed.
      request.log.error({ err: error }, 'file storage full');
      return send(errorStatus('files.storage_full'), 'files.storage_full', errorMessage('files.storage_full', lang));
    }
    const fe = error as FastifyError & { headers?: Record<string, string> };
    const code = fastifyCode(fe);
    if (code) {
      if (code === 'rate_limited' && fe.headers) reply.headers(fe.headers);
      return send(errorStatus(code), code, errorMessage(code, lang));
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(500, 'internal', errorMessage('internal', lang));
  });
}
