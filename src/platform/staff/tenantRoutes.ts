import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createRegistrar, originOf, requireStaff, type ServerDeps } from '../http/index.js';
import {
  addSurveyMember,
  addSurveyMemberSchema,
  changeSurveyRole,
  changeSurveyRoleSchema,
  deleteSurveyMember,
  deleteSurveyMemberSchema,
  openTenant,
  openTenantSchema,
} from '../members/index.js';
import { isStaffPermission } from './roles.js';
import type { StaffActor } from './sessions.js';

const tenantParams = z.object({ tenantId: z.uuid() });
const memberParams = z.object({ tenantId: z.uuid(), userId: z.uuid() });

function actorOf(staff: StaffActor) {
  return { type: 'staff' as const, id: staff.staffId, name: staff.displayName };
}

/**
 * Staff actions on tenants at the tenant's request: opening a tenant (which sends the
 * representative the first-login mail, 9.2.4) and managing `survey` members, which only staff
 * may do (9.2.1, 9.4.1). Each writes the operator log and the tenant's log.
 */
export function registerStaffTenantRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { db, clock, registry, config } = deps;
  const env = { registry, publicUrl: config.http.publicUrl };
  const r = createRegistrar(app, { permissionExists: isStaffPermission });

  r.route({
    method: 'POST',
    url: '/api/ops/tenants',
    summary: 'Open a tenant: contracts, the representative as admin, and the first-login mail',
    tags: ['ops'],
    access: { staff: 'ops:tenants:write' },
    audit: { action: 'ops.tenant.opened' },
    schema: { body: openTenantSchema },
    async handler(request, reply) {
      const opened = await openTenant(db, clock, request.body, actorOf(requireStaff(request)), originOf(request), env);
      return reply.status(201).send({ tenant: { id: opened.tenantId, code: opened.code, firstLoginExpiresAt: opened.firstLoginExpiresAt.toISOString() } });
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/tenants/:tenantId/survey/members',
    summary: 'Add a member to a tenant’s chemical survey; a temporary password is e-mailed',
    tags: ['ops'],
    access: { staff: 'ops:survey_members:manage' },
    audit: { action: 'ops.tenant_member.added' },
    schema: { params: tenantParams, body: addSurveyMemberSchema.omit({ tenantId: true }) },
    async handler(request, reply) {
      const result = await addSurveyMember(db, clock, { ...request.body, tenantId: request.params.tenantId }, actorOf(requireStaff(request)), originOf(request), env);
      return reply.status(201).send({
        member: { userId: result.userId, newUser: result.newUser, temporaryPasswordExpiresAt: result.temporaryPasswordExpiresAt?.toISOString() ?? null },
      });
    },
  });

  r.route({
    method: 'PUT',
    url: '/api/ops/tenants/:tenantId/survey/members/:userId',
    summary: 'Change a member’s chemical-survey role (the last org admin stays)',
    tags: ['ops'],
    access: { staff: 'ops:survey_members:manage' },
    audit: { action: 'ops.tenant_member.role_changed' },
    schema: { params: memberParams, body: changeSurveyRoleSchema.omit({ tenantId: true, userId: true }) },
    async handler(request, reply) {
      await changeSurveyRole(db, clock, { ...request.body, ...request.params }, actorOf(requireStaff(request)), originOf(request), env);
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'DELETE',
    url: '/api/ops/tenants/:tenantId/survey/members/:userId',
    summary: 'Remove a member from a tenant’s chemical survey (the last org admin stays)',
    tags: ['ops'],
    access: { staff: 'ops:survey_members:manage' },
    audit: { action: 'ops.tenant_member.removed' },
    schema: { params: memberParams, body: deleteSurveyMemberSchema.omit({ tenantId: true, userId: true }) },
    async handler(request, reply) {
      await deleteSurveyMember(db, clock, { ...request.body, ...request.params }, actorOf(requireStaff(request)), originOf(request), env);
      return reply.status(204).send();
    },
  });
}
