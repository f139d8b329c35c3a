import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { withTenant, withoutTenant } from '../../core/db/index.js';
import { recordOperatorEvent } from '../audit/index.js';
import { createRegistrar, originOf, requireStaff, type ServerDeps } from '../http/index.js';
import { setTenantMfaRequired } from '../identity/index.js';
import { findTenantById } from '../tenancy/index.js';
import { isStaffPermission } from './roles.js';

/** The reference of the tenant's request (ticket number, e-mail subject…) recorded with staff changes. */
export const requestReferenceSchema = z.string().trim().min(1).max(200).meta({ description: 'Reference of the tenant’s request (ticket, mail) this change answers.' });

/** Staff switch a tenant's "MFA required" policy at the tenant's request (9.2.3, "on request"). */
export function registerTenantSecurityRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db, clock } = deps;
  const r = createRegistrar(app, { permissionExists: isStaffPermission });
  r.route({
    method: 'PUT',
    url: '/api/ops/tenants/:tenantId/mfa-required',
    summary: 'Switch whether a tenant requires MFA of all its users (at the tenant’s request)',
    tags: ['ops'],
    access: { staff: 'ops:tenant_security:manage' },
    audit: { action: 'ops.tenant.mfa_policy_changed' },
    schema: {
      params: z.object({ tenantId: z.uuid() }),
      body: z.strictObject({ required: z.boolean(), requestReference: requestReferenceSchema }),
      response: { 200: z.object({ mfaRequired: z.boolean(), changed: z.boolean() }) },
    },
    async handler(request) {
      const staff = requireStaff(request);
      const { tenantId } = request.params;
      const tenant = await withoutTenant(db, (tx) => findTenantById(tx, tenantId));
      if (!tenant) throw new AppError('not_found');
      const actor = { type: 'staff' as const, id: staff.staffId, name: staff.displayName };
      return withTenant(db, tenantId, async (tx) => {
        const result = await setTenantMfaRequired(tx, clock, tenantId, request.body.required, actor, originOf(request));
        await recordOperatorEvent(tx, clock, originOf(request), {
          actor,
          action: 'ops.tenant.mfa_policy_changed',
          customerId: tenantId,
          target: { type: 'tenant', id: tenantId },
          result: 'success',
          details: { mfaRequired: request.body.required, changed: result.changed, requestReference: request.body.requestReference },
        });
        return result;
      });
    },
  });
}
