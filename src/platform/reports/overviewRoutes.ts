import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withoutTenant, type Tx } from '../../core/db/index.js';
import { listAlerts } from '../alerts/index.js';
import { createRegistrar, requireStaff, type ModuleDeps } from '../http/index.js';
import { isStaffPermission, staffAttentionCounts, staffPermissionsOf } from '../staff/index.js';
import { jstDate } from '../tenancy/index.js';
import { openReportCounts } from './securityReports.js';

const alertQuerySchema = z.object({
  open: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Tenants by status: a count only, no tenant data. */
async function tenantCounts(tx: Tx): Promise<{ active: number; total: number }> {
  const { rows } = await tx.query<{ active: number; total: number }>(
    `SELECT count(*) FILTER (WHERE status = 'active')::int AS active, count(*)::int AS total FROM ops.tenants`,
  );
  return { active: rows[0]?.active ?? 0, total: rows[0]?.total ?? 0 };
}

/** The console's overview counts and the staff alert list. */
export function registerOverviewRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const { db, clock } = deps;
  const r = createRegistrar(app, { permissionExists: (p) => p === 'ops:self' || isStaffPermission(p) });

  r.route({
    method: 'GET',
    url: '/api/ops/alerts',
    summary: 'Staff alerts (deadlines, capacity, backups, security reports), open ones first',
    tags: ['ops'],
    access: { staff: 'ops:alerts:read' },
    audit: { readOnly: true },
    schema: { querystring: alertQuerySchema },
    async handler(request) {
      const alerts = await withoutTenant(db, (tx) => listAlerts(tx, { open: request.query.open, limit: request.query.limit }));
      return {
        alerts: alerts.map((a) => ({ ...a, openedAt: a.openedAt.toISOString(), resolvedAt: a.resolvedAt?.toISOString() ?? null })),
      };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/overview',
    summary: 'Counts for the console home: tenants, open security reports, open alerts, staff needing attention (each as far as the caller may see)',
    tags: ['ops'],
    access: { staff: 'ops:self' },
    audit: { readOnly: true },
    async handler(request) {
      const staff = requireStaff(request);
      const can = staffPermissionsOf(staff.roles);
      const now = clock.now();
      const today = jstDate(now);
      return withoutTenant(db, async (tx) => ({
        tenants: can.has('ops:tenants:read') ? await tenantCounts(tx) : null,
        securityReports: can.has('ops:security_reports:read') ? await openReportCounts(tx) : null,
        alerts: can.has('ops:alerts:read') ? { open: (await listAlerts(tx, { open: true, limit: 200 })).length } : null,
        staff: can.has('ops:staff:read') ? await staffAttentionCounts(tx, now, today) : null,
      }));
    },
  });
}
