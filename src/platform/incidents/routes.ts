import type { FastifyInstance } from 'fastify';
import { withoutTenant } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { createRegistrar, originOf, requireStaff, type ModuleDeps } from '../http/index.js';
import { isStaffPermission } from '../staff/index.js';
import { isBusinessTime, jstDay, notificationDeadline } from './deadline.js';
import { affectedTenants, findIncident, incidentMessages, listIncidents, tenantChoices, tenantCounts } from './incidentRepository.js';
import { previewIncidentMail } from './incidentMail.js';
import { incidentDetailView, incidentListView, summarize } from './incidentViews.js';
import { draftMessage } from './labels.js';
import { recordIncident } from './recordIncident.js';
import { deadlineQuery, incidentListQuery, incidentMessageSchema, incidentParams, notifyTenantsSchema, previewQuery, recordIncidentSchema } from './schemas.js';
import { closeIncident, notifyTenants, sendIncidentUpdate } from './sendIncidentMessages.js';

const PAGE_SIZE = 50;
const READ = 'ops:tenants:read';
const WRITE = 'ops:incidents:manage';

/**
 * The operator console's incident API (16.1.1): record an incident, follow each affected
 * tenant's notification against its deadline, send the first notice, updates and the
 * closure. Staff only; anyone else gets 404. Every change is in the operator log, and each
 * mail also in the receiving tenant's event log.
 */
export function registerIncidentRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const { db, clock } = deps;
  const commands = { db, clock, config: deps.config, registry: deps.registry };
  const r = createRegistrar(app, { permissionExists: isStaffPermission });

  const detail = async (incidentId: string) => {
    const now = clock.now();
    return withoutTenant(db, async (tx) => {
      const incident = await findIncident(tx, incidentId);
      if (!incident) throw new AppError('not_found');
      return { incident: incidentDetailView(incident, await affectedTenants(tx, incidentId), await incidentMessages(tx, incidentId), now), now: now.toISOString() };
    });
  };

  r.route({
    method: 'GET',
    url: '/api/ops/incidents',
    summary: 'Incidents, newest first, with each one’s notification status against its deadline',
    tags: ['ops'],
    access: { staff: READ },
    audit: { readOnly: true },
    schema: { querystring: incidentListQuery },
    async handler(request) {
      const now = clock.now();
      const { status, page } = request.query;
      return withoutTenant(db, async (tx) => {
        const { rows, total } = await listIncidents(tx, { status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
        const counts = await tenantCounts(tx, rows.map((i) => i.id));
        const incidents = rows.map((i) => incidentListView(i, summarize(i, counts.get(i.id) ?? { total: 0, notified: 0, inTime: 0 }, now)));
        return { incidents, total, page, pageSize: PAGE_SIZE, now: now.toISOString() };
      });
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/incidents/tenant-choices',
    summary: 'Tenants that can be chosen as affected, with the services they have today',
    tags: ['ops'],
    access: { staff: READ },
    audit: { readOnly: true },
    async handler() {
      const tenants = await withoutTenant(db, (tx) => tenantChoices(tx, jstDay(clock.now())));
      return { tenants };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/incidents/deadline',
    summary: 'The notification deadline for an occurrence time (business hours and holidays in JST)',
    tags: ['ops'],
    access: { staff: READ },
    audit: { readOnly: true },
    schema: { querystring: deadlineQuery },
    async handler(request) {
      const occurredAt = new Date(request.query.occurredAt);
      return { occurredAt: occurredAt.toISOString(), deadline: notificationDeadline(occurredAt).toISOString(), occurredInBusinessHours: isBusinessTime(occurredAt) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/incidents',
    summary: 'Record an incident: what, when it occurred and was confirmed, severity, services and affected tenants',
    tags: ['ops'],
    access: { staff: WRITE },
    audit: { action: 'ops.incident.recorded' },
    schema: { body: recordIncidentSchema },
    async handler(request, reply) {
      const id = await recordIncident(db, clock, requireStaff(request), request.body, originOf(request));
      return reply.status(201).send(await detail(id));
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/incidents/:incidentId',
    summary: 'An incident with every affected tenant’s deadline, countdown and notification status',
    tags: ['ops'],
    access: { staff: READ },
    audit: { readOnly: true },
    schema: { params: incidentParams },
    async handler(request) {
      return detail(request.params.incidentId);
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/incidents/:incidentId/mail-preview',
    summary: 'The mail of a notice, update or closure as a tenant will read it, around the editable text',
    tags: ['ops'],
    access: { staff: READ },
    audit: { readOnly: true },
    schema: { params: incidentParams, querystring: previewQuery },
    async handler(request) {
      const { kind, lang } = request.query;
      const now = clock.now();
      return withoutTenant(db, async (tx) => {
        const incident = await findIncident(tx, request.params.incidentId);
        if (!incident) throw new AppError('not_found');
        const tenants = await affectedTenants(tx, incident.id);
        const sample = (kind === 'update' ? tenants.find((t) => t.notifiedAt) : undefined) ?? tenants[0];
        const tenantName = sample?.name ?? '';
        const preview = previewIncidentMail(kind, lang, incident, tenantName || '—', { registry: deps.registry, now });
        return { preview: { ...preview, tenantName, defaultMessage: draftMessage(kind, lang, incident.description) } };
      });
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/incidents/:incidentId/notifications',
    summary: 'Send the first notice to chosen affected tenants; records whether each met the deadline',
    tags: ['ops'],
    access: { staff: WRITE },
    audit: { action: 'ops.incident.notified' },
    schema: { params: incidentParams, body: notifyTenantsSchema },
    async handler(request) {
      const sent = await notifyTenants(commands, requireStaff(request), request.params.incidentId, request.body, originOf(request));
      return { sent, ...(await detail(request.params.incidentId)) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/incidents/:incidentId/updates',
    summary: 'Send an update to every tenant notified so far',
    tags: ['ops'],
    access: { staff: WRITE },
    audit: { action: 'ops.incident.update_sent' },
    schema: { params: incidentParams, body: incidentMessageSchema },
    async handler(request) {
      const sent = await sendIncidentUpdate(commands, requireStaff(request), request.params.incidentId, request.body, originOf(request));
      return { sent, ...(await detail(request.params.incidentId)) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/incidents/:incidentId/close',
    summary: 'Close the incident and send the closure to every affected tenant (all must have been notified)',
    tags: ['ops'],
    access: { staff: WRITE },
    audit: { action: 'ops.incident.closed' },
    schema: { params: incidentParams, body: incidentMessageSchema },
    async handler(request) {
      const sent = await closeIncident(commands, requireStaff(request), request.params.incidentId, request.body, originOf(request));
      return { sent, ...(await detail(request.params.incidentId)) };
    },
  });
}
