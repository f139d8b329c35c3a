import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { listMailbox } from '../mail/index.js';
import type { ServerDeps } from './context.js';
import { createRegistrar } from './routes.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The local mailbox (embedded mode only): mails kept in the outbox because no SMTP server
 * is configured. They carry sign-in links, so the page answers only requests made on this
 * machine, not relayed by a proxy; anywhere else it does not exist (404).
 */
export function registerMailboxRoute(app: FastifyInstance, deps: ServerDeps, enabled: boolean): void {
  createRegistrar(app).route({
    method: 'GET',
    url: '/api/dev/mailbox',
    summary: 'Local outbox of an embedded deployment without SMTP (loopback only)',
    tags: ['dev'],
    access: { public: 'local development mailbox: only when no SMTP server is configured, and only from this machine' },
    audit: { readOnly: true },
    schema: {
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).optional() }),
      response: {
        200: z.object({
          messages: z.array(z.object({ id: z.string(), to: z.string(), subject: z.string(), createdAt: z.string(), text: z.string(), html: z.string() })),
        }),
      },
    },
    async handler(request) {
      const local = LOOPBACK.has(request.ip) && LOOPBACK.has(request.socket.remoteAddress ?? '') && request.headers['x-forwarded-for'] === undefined;
      if (!enabled || !local) throw new AppError('route.not_found');
      const mails = await listMailbox(deps.db, { limit: request.query.limit ?? 100 });
      return {
        messages: mails
          .filter((m) => m.status === 'captured')
          .map((m) => ({ id: m.id, to: m.to, subject: m.subject, createdAt: m.createdAt.toISOString(), text: m.textBody ?? '', html: m.htmlBody ?? '' })),
      };
    },
  });
}
