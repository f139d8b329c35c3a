import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken, safeEqual } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';

export const CSRF_COOKIE = 'sotas_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Double-submit CSRF defence: a random, non-HttpOnly, SameSite=Strict cookie whose value
 * the page echoes in a header on every state-changing request. Another site can neither
 * read the cookie nor set the header.
 */
export function ensureCsrfCookie(cookies: Record<string, string | undefined>, reply: FastifyReply, secure: boolean): string {
  const existing = cookies[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return existing;
  const token = randomToken();
  reply.setCookie(CSRF_COOKIE, token, { path: '/', sameSite: 'strict', secure, httpOnly: false });
  return token;
}

export function checkCsrf(request: FastifyRequest): void {
  if (!UNSAFE.has(request.method)) return;
  if (request.routeOptions.config.declaration?.csrf) return;
  const cookie = request.cookies[CSRF_COOKIE];
  const header = request.headers[CSRF_HEADER];
  if (!cookie || typeof header !== 'string' || !safeEqual(cookie, header)) {
    throw new AppError('csrf.invalid', { internal: 'missing or mismatched CSRF token' });
  }
}
