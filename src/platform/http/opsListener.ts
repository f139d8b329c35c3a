import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '../../core/db/index.js';
import type { Metrics } from '../metrics/index.js';
import { createRegistrar, enforceDeclaredRoutes, type RouteRecord } from './routes.js';

/**
 * The second listener: health, readiness and Prometheus metrics, bound to loopback by
 * default (CLD.9.5.2) so the public port shows none of it.
 */
export function buildOpsListener(deps: { db: Database; metrics: Metrics; isShuttingDown: () => boolean }): {
  app: FastifyInstance;
  routes: RouteRecord[];
} {
  const app = Fastify({ logger: false });
  const routes = enforceDeclaredRoutes(app);
  const r = createRegistrar(app);
  r.route({
    method: 'GET',
    url: '/health',
    summary: 'Liveness: the process answers',
    access: { public: 'loopback operations listener; reveals nothing but liveness' },
    audit: { readOnly: true },
    async handler() {
      return { status: 'ok' };
    },
  });
  r.route({
    method: 'GET',
    url: '/ready',
    summary: 'Readiness: the database answers and the node is not shutting down',
    access: { public: 'loopback operations listener; reveals nothing but readiness' },
    audit: { readOnly: true },
    async handler(_request, reply) {
      if (deps.isShuttingDown()) return reply.status(503).send({ status: 'shutting_down' });
      try {
        await deps.db.transaction((tx) => tx.query('SELECT 1'));
        return { status: 'ready' };
      } catch {
        return reply.status(503).send({ status: 'database_unavailable' });
      }
    },
  });
  r.route({
    method: 'GET',
    url: '/metrics',
    summary: 'Prometheus metrics',
    access: { public: 'loopback operations listener for the metrics scraper' },
    audit: { readOnly: true },
    async handler(_request, reply) {
      reply.type(deps.metrics.registry.contentType);
      return deps.metrics.registry.metrics();
    },
  });
  return { app, routes };
}
