import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createRegistrar, originOf, requireActor } from '../http/index.js';
import { downloadExport, getTenantExport, listTenantExports, startExport, type ExportCommandDeps } from './exportCommands.js';

const exportParams = z.object({ exportId: z.uuid() });

/** RFC 5987 `filename*` beside a plain ASCII fallback. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * The company's data export (CLD.8.1.5): an admin of any of its services starts it, follows
 * its progress, and downloads the archive within its period. The routes are declared for any
 * signed-in user and each command checks the admin role itself, because permissions from
 * running contracts alone would lock admins out in the two months after the contract's end,
 * which is when they most need the export.
 */
export function registerExportRoutes(app: FastifyInstance, deps: ExportCommandDeps): void {
  const r = createRegistrar(app, { permissionExists: (p) => deps.registry.allPermissions().has(p) });

  r.route({
    method: 'POST',
    url: '/api/exports',
    summary: 'Start an export of all the company’s data (admins of any service); built in the background',
    tags: ['lifecycle'],
    access: { user: 'self' },
    audit: { action: 'tenant.export.requested' },
    schema: { body: z.strictObject({}) },
    rateLimitPerMinute: 10,
    async handler(request, reply) {
      const view = await startExport(deps, requireActor(request), request.lang, originOf(request));
      return reply.status(202).send({ export: view });
    },
  });

  r.route({
    method: 'GET',
    url: '/api/exports',
    summary: 'The company’s recent exports with their progress (admins of any service)',
    tags: ['lifecycle'],
    access: { user: 'self' },
    audit: { readOnly: true },
    async handler(request) {
      return { exports: await listTenantExports(deps, requireActor(request)) };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/exports/:exportId',
    summary: 'One export and its progress (admins of any service)',
    tags: ['lifecycle'],
    access: { user: 'self' },
    audit: { readOnly: true },
    schema: { params: exportParams },
    async handler(request) {
      return { export: await getTenantExport(deps, requireActor(request), request.params.exportId) };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/exports/:exportId/download',
    summary: 'Download a finished export (zip) within its period; recorded in the event log',
    tags: ['lifecycle'],
    access: { user: 'self' },
    audit: { action: 'tenant.export.downloaded' },
    schema: { params: exportParams },
    rateLimitPerMinute: 30,
    async handler(request, reply) {
      const download = await downloadExport(deps, requireActor(request), request.params.exportId, originOf(request));
      reply
        .header('content-type', 'application/zip')
        .header('content-disposition', attachment(download.fileName))
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff');
      if (download.bytes !== null) reply.header('content-length', String(download.bytes));
      if (download.sha256) reply.header('x-content-sha256', download.sha256);
      return reply.send(download.body);
    },
  });
}
