import type { FastifyInstance } from 'fastify';
import { withoutTenant } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { createRegistrar, originOf, requireStaff } from '../http/index.js';
import { isStaffPermission } from '../staff/index.js';
import { cancelMaintenance } from './commands/cancelMaintenance.js';
import { changeMaintenance } from './commands/changeMaintenance.js';
import { scheduleMaintenance } from './commands/scheduleMaintenance.js';
import type { MaintenanceDeps } from './maintenanceDeps.js';
import { findAffectedTenants, findNotice, listNoticeTenants, listNotices, listNotifications } from './noticeRepository.js';
import { orderedServices } from './notifyTenant.js';
import { affectedQuerySchema, cancelInputSchema, listQuerySchema, noticeChangeSchema, noticeInputSchema, noticeParams } from './schemas.js';
import { DAY_MS } from './startRules.js';
import { noticeListItemView, noticeTenantView, noticeView, notificationView } from './views.js';

/**
 * The operator console's maintenance screens: the list, the tenants a window would concern,
 * a notice with whom it told and how the mails went, and scheduling, changing, cancelling.
 */
export function registerMaintenanceOpsRoutes(app: FastifyInstance, deps: MaintenanceDeps): void {
  const { db, clock, leadDays } = deps;
  const r = createRegistrar(app, { permissionExists: isStaffPermission });

  r.route({
    method: 'GET',
    url: '/api/ops/maintenance',
    summary: 'Maintenance notices by status (upcoming, in progress, past, cancelled), a page at a time',
    tags: ['ops'],
    access: { staff: 'ops:tenants:read' },
    audit: { readOnly: true },
    schema: { querystring: listQuerySchema },
    async handler(request) {
      const now = clock.now();
      const page = await withoutTenant(db, (tx) => listNotices(tx, request.query, now));
      return {
        notices: page.rows.map((n) => noticeListItemView(n, now)),
        total: page.total,
        page: request.query.page,
        pageSize: request.query.pageSize,
        leadDays,
      };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/maintenance/affected',
    summary: 'The tenants a maintenance window would concern, and whether its start keeps the lead time',
    tags: ['ops'],
    access: { staff: 'ops:tenants:read' },
    audit: { readOnly: true },
    schema: { querystring: affectedQuerySchema },
    async handler(request) {
      const startsAt = new Date(request.query.startsAt);
      const window = { startsAt, endsAt: new Date(request.query.endsAt), services: orderedServices(request.query.services) };
      const tenants = await withoutTenant(db, (tx) => findAffectedTenants(tx, window));
      return {
        tenants: tenants.map((t) => ({ id: t.id, code: t.code, name: t.name })),
        leadDays,
        leadTimeKept: startsAt.getTime() - clock.now().getTime() >= leadDays * DAY_MS,
      };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/maintenance/:noticeId',
    summary: 'A maintenance notice, the tenants it concerns and every mail sent about it with its delivery state',
    tags: ['ops'],
    access: { staff: 'ops:tenants:read' },
    audit: { readOnly: true },
    schema: { params: noticeParams },
    async handler(request) {
      const now = clock.now();
      return withoutTenant(db, async (tx) => {
        const notice = await findNotice(tx, request.params.noticeId);
        if (!notice) throw new AppError('not_found');
        return {
          notice: noticeView(notice, now),
          tenants: (await listNoticeTenants(tx, notice.id)).map(noticeTenantView),
          notifications: (await listNotifications(tx, notice.id)).map(notificationView),
          leadDays,
        };
      });
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/maintenance',
    summary: 'Schedule a maintenance and mail every affected tenant’s contact address',
    tags: ['ops'],
    access: { staff: 'ops:tenants:write' },
    audit: { action: 'ops.maintenance.scheduled' },
    schema: { body: noticeInputSchema },
    async handler(request, reply) {
      const result = await scheduleMaintenance(deps, requireStaff(request), request.body, originOf(request));
      return reply.status(201).send({ notice: result });
    },
  });

  r.route({
    method: 'PUT',
    url: '/api/ops/maintenance/:noticeId',
    summary: 'Change a maintenance (window, services, description) and mail the tenants concerned before and after',
    tags: ['ops'],
    access: { staff: 'ops:tenants:write' },
    audit: { action: 'ops.maintenance.changed' },
    schema: { params: noticeParams, body: noticeChangeSchema },
    async handler(request) {
      return { notice: await changeMaintenance(deps, requireStaff(request), request.params.noticeId, request.body, originOf(request)) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/maintenance/:noticeId/cancel',
    summary: 'Cancel a maintenance and tell every affected tenant',
    tags: ['ops'],
    access: { staff: 'ops:tenants:write' },
    audit: { action: 'ops.maintenance.cancelled' },
    schema: { params: noticeParams, body: cancelInputSchema },
    async handler(request) {
      return { notice: await cancelMaintenance(deps, requireStaff(request), request.params.noticeId, request.body.reason, originOf(request)) };
    },
  });
}
