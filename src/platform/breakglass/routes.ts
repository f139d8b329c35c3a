import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withoutTenant } from '../../core/db/index.js';
import { deploymentSigner, eventFilterSchema, eventPageView, listTenantEvents, presentEventPage, type AuditOrigin } from '../audit/index.js';
import { createRegistrar, originOf, requireStaff, type ServerDeps } from '../http/index.js';
import { isStaffPermission, type StaffActor } from '../staff/index.js';
import { listMembers } from '../tenancy/index.js';
import { downloadEvidence, evidenceExportSchema, exportEvidence } from './evidenceCommands.js';
import { closeGrant, openGrant, openGrantSchema, readThroughGrant } from './grants.js';
import { listGrants, type Grant } from './grantRepository.js';

const grantView = z.object({
  id: z.uuid(),
  staffId: z.uuid(),
  staffName: z.string(),
  tenant: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  reason: z.string(),
  openedAt: z.string(),
  expiresAt: z.string(),
  closedAt: z.string().nullable(),
  active: z.boolean(),
});

function presentGrant(g: Grant, now: Date): z.infer<typeof grantView> {
  return {
    id: g.id,
    staffId: g.staffId,
    staffName: g.staffName,
    tenant: { id: g.customerId, code: g.customerCode, name: g.customerName },
    reason: g.reason,
    openedAt: g.openedAt.toISOString(),
    expiresAt: g.expiresAt.toISOString(),
    closedAt: g.closedAt ? g.closedAt.toISOString() : null,
    active: !g.closedAt && g.expiresAt > now,
  };
}

const tenantParams = z.object({ tenantId: z.uuid() });

/** The audit origin of a staff request, with the staff session (stored hashed). */
function staffOrigin(request: Parameters<typeof originOf>[0], staff: StaffActor): AuditOrigin {
  return { ...originOf(request), sessionId: staff.sessionId };
}

/**
 * Break-glass access (13.1.3): staff open a time-limited grant naming a tenant and a reason,
 * and read that tenant's registered data only through it. Every read is logged in the
 * operator log and in the tenant's own event log.
 */
export function registerBreakGlassRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db, clock, config } = deps;
  const grants = { db, clock, publicUrl: config.http.publicUrl };
  const evidence = { ...grants, signer: deploymentSigner(config) };
  const r = createRegistrar(app, { permissionExists: (p) => isStaffPermission(p) });

  r.route({
    method: 'POST',
    url: '/api/ops/breakglass/grants',
    summary: 'Open a break-glass grant: tenant, reason and duration (at most 4 hours)',
    tags: ['ops'],
    access: { staff: 'ops:breakglass:use' },
    audit: { action: 'ops.breakglass.opened' },
    schema: { body: openGrantSchema, response: { 201: z.object({ grant: grantView }) } },
    async handler(request, reply) {
      const staff = requireStaff(request);
      const grant = await openGrant(grants, staff, request.body, staffOrigin(request, staff));
      return reply.status(201).send({ grant: presentGrant(grant, clock.now()) });
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/breakglass/grants',
    summary: 'Break-glass grants, newest first (only open ones with ?active=true)',
    tags: ['ops'],
    access: { staff: 'ops:breakglass:use' },
    audit: { readOnly: true },
    schema: { querystring: z.object({ active: z.enum(['true', 'false']).optional() }), response: { 200: z.object({ grants: z.array(grantView) }) } },
    async handler(request) {
      const now = clock.now();
      const rows = await withoutTenant(db, (tx) => listGrants(tx, request.query.active === 'true' ? now : undefined));
      return { grants: rows.map((g) => presentGrant(g, now)) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/breakglass/grants/:grantId/close',
    summary: 'End a break-glass grant before it expires',
    tags: ['ops'],
    access: { staff: 'ops:breakglass:use' },
    audit: { action: 'ops.breakglass.closed' },
    schema: { params: z.object({ grantId: z.uuid() }), body: z.strictObject({}) },
    async handler(request, reply) {
      const staff = requireStaff(request);
      await closeGrant(grants, staff, request.params.grantId, staffOrigin(request, staff));
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/tenants/:tenantId/members',
    summary: 'A tenant’s members, through the staff member’s break-glass grant only (logged for the tenant)',
    tags: ['ops'],
    access: { staff: 'ops:breakglass:use' },
    audit: { action: 'ops.breakglass.read' },
    schema: { params: tenantParams },
    async handler(request) {
      const staff = requireStaff(request);
      const members = await readThroughGrant(grants, staff, request.params.tenantId, 'members', staffOrigin(request, staff), (tx) => listMembers(tx));
      return { members };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/tenants/:tenantId/events',
    summary: 'A tenant’s event log, through the staff member’s break-glass grant only (logged for the tenant)',
    tags: ['ops'],
    access: { staff: 'ops:breakglass:use' },
    audit: { action: 'ops.breakglass.read' },
    schema: { params: tenantParams, querystring: eventFilterSchema, response: { 200: eventPageView } },
    async handler(request) {
      const staff = requireStaff(request);
      const page = await readThroughGrant(grants, staff, request.params.tenantId, 'events', staffOrigin(request, staff), (tx) => listTenantEvents(tx, request.query));
      return presentEventPage(page);
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/tenants/:tenantId/evidence-exports',
    summary: 'Export a tenant’s events of a period as a signed evidence package, at the tenant’s request (needs a break-glass grant)',
    tags: ['ops'],
    access: { staff: 'ops:evidence:export' },
    audit: { action: 'ops.evidence.exported' },
    schema: { params: tenantParams, body: evidenceExportSchema },
    async handler(request, reply) {
      const staff = requireStaff(request);
      const result = await exportEvidence(evidence, staff, request.params.tenantId, request.body, staffOrigin(request, staff));
      return reply.status(201).send({ export: { id: result.id, manifest: result.manifest } });
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/evidence-exports/:exportId/package',
    summary: 'Download an evidence package (manifest line + JSON Lines events; verify with `sotas verify-evidence`)',
    tags: ['ops'],
    access: { staff: 'ops:evidence:export' },
    audit: { action: 'ops.evidence.downloaded' },
    schema: { params: z.object({ exportId: z.uuid() }) },
    async handler(request, reply) {
      const staff = requireStaff(request);
      const file = await downloadEvidence(evidence, staff, request.params.exportId, staffOrigin(request, staff));
      return reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(file.bytes);
    },
  });
}
