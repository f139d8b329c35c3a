import type { FastifyInstance } from 'fastify';
import { withTenant } from '../../core/db/index.js';
import { createRegistrar, requireActor, type ServerDeps } from '../http/index.js';
import { eventsCsv } from './csv.js';
import { eventFilterSchema, listTenantEvents, tenantEventsForExport } from './eventQueries.js';
import { eventPageView, presentEventPage } from './views.js';

/** The tenant admins' event log: filtered, paged, and exported as CSV. */
export function registerTenantAuditRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db, clock, registry } = deps;
  const r = createRegistrar(app, { permissionExists: (p) => registry.allPermissions().has(p) });

  r.route({
    method: 'GET',
    url: '/api/audit/events',
    summary: 'The tenant’s event log, newest first, filtered by who, what, when and result (admins)',
    tags: ['audit'],
    access: { user: 'tenant:audit:read' },
    audit: { readOnly: true },
    schema: { querystring: eventFilterSchema, response: { 200: eventPageView } },
    async handler(request) {
      const actor = requireActor(request);
      return presentEventPage(await withTenant(db, actor.tenantId, (tx) => listTenantEvents(tx, request.query)));
    },
  });

  r.route({
    method: 'GET',
    url: '/api/audit/events/csv',
    summary: 'The filtered event log as CSV (UTF-8 with BOM, at most 50,000 rows)',
    tags: ['audit'],
    access: { user: 'tenant:audit:read' },
    audit: { readOnly: true },
    schema: { querystring: eventFilterSchema },
    async handler(request, reply) {
      const actor = requireActor(request);
      const csv = await withTenant(db, actor.tenantId, (tx) => eventsCsv(tenantEventsForExport(tx, request.query), request.lang));
      const day = clock.now().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="event-log-${actor.tenantCode}-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  });
}
