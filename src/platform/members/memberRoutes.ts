import { z } from 'zod';
import { originOf, requireActor, type RouteRegistrar } from '../http/index.js';
import { SERVICE_IDS } from '../services/index.js';
import { addExistingMember, addExistingMemberSchema } from './commands/addExistingMember.js';
import { addMember, addMemberSchema } from './commands/addMember.js';
import { changeMemberRole, changeMemberRoleSchema } from './commands/changeMemberRole.js';
import { disableMember } from './commands/disableMember.js';
import { enableMember } from './commands/enableMember.js';
import { removeMember } from './commands/removeMember.js';
import type { MemberDeps } from './memberContext.js';
import { MEMBER_ROUTE_GATE, memberPolicy } from './memberPolicy.js';
import { listServiceMembers } from './memberQueries.js';
import { memberView, policyView, presentMember, presentPolicy } from './memberViews.js';

const serviceParams = z.object({ service: z.enum(SERVICE_IDS) });
const memberParams = z.object({ service: z.enum(SERVICE_IDS), userId: z.uuid() });
const userParams = z.object({ userId: z.uuid() });
const memberResponse = { 200: z.object({ member: memberView }) };

/** Member list, adding, role changes, removal, disabling (white paper 9.2.1, 9.4.1). */
export function registerMemberManagementRoutes(r: RouteRegistrar, deps: MemberDeps): void {
  r.route({
    method: 'GET',
    url: '/api/services/:service/members',
    summary: 'Members of one service with role, status and last sign-in, and what the caller may do there',
    tags: ['members'],
    access: MEMBER_ROUTE_GATE,
    audit: { readOnly: true },
    schema: { params: serviceParams, response: { 200: z.object({ members: z.array(memberView), policy: policyView }) } },
    async handler(request) {
      const actor = requireActor(request);
      const members = await listServiceMembers(deps, actor, request.params.service);
      return { members: members.map(presentMember), policy: presentPolicy(memberPolicy(deps.registry, actor.memberships, request.params.service)) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/services/:service/members',
    summary: 'Add a new person with an initial password they must change at first sign-in (services whose admins add members)',
    tags: ['members'],
    access: MEMBER_ROUTE_GATE,
    audit: { action: 'tenant.member.created' },
    schema: { params: serviceParams, body: addMemberSchema, response: { 201: z.object({ member: memberView }) } },
    async handler(request, reply) {
      const member = await addMember(deps, requireActor(request), request.params.service, request.body, originOf(request));
      return reply.status(201).send({ member: presentMember(member) });
    },
  });

  r.route({
    method: 'POST',
    url: '/api/services/:service/memberships',
    summary: 'Give a user of the tenant a role in this service (services whose admins add members)',
    tags: ['members'],
    access: MEMBER_ROUTE_GATE,
    audit: { action: 'tenant.member.created' },
    schema: { params: serviceParams, body: addExistingMemberSchema, response: { 201: z.object({ member: memberView }) } },
    async handler(request, reply) {
      const member = await addExistingMember(deps, requireActor(request), request.params.service, request.body, originOf(request));
      return reply.status(201).send({ member: presentMember(member) });
    },
  });

  r.route({
    method: 'PUT',
    url: '/api/services/:service/members/:userId',
    summary: 'Change a member’s role in the service; the last admin cannot be demoted',
    tags: ['members'],
    access: MEMBER_ROUTE_GATE,
    audit: { action: 'tenant.member.role_changed' },
    schema: { params: memberParams, body: changeMemberRoleSchema, response: memberResponse },
    async handler(request) {
      const { service, userId } = request.params;
      const member = await changeMemberRole(deps, requireActor(request), userId, service, request.body, originOf(request));
      return { member: presentMember(member) };
    },
  });

  r.route({
    method: 'DELETE',
    url: '/api/services/:service/members/:userId',
    summary: 'Remove a member from the service; a user left with no service is deleted',
    tags: ['members'],
    access: MEMBER_ROUTE_GATE,
    audit: { action: 'tenant.member.removed' },
    schema: { params: memberParams, response: { 200: z.object({ userDeleted: z.boolean() }) } },
    async handler(request) {
      const { service, userId } = request.params;
      return removeMember(deps, requireActor(request), userId, service, originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/api/members/:userId/disable',
    summary: 'Disable a user: every session ends at once and sign-in is refused',
    tags: ['members'],
    access: MEMBER_ROUTE_GATE,
    audit: { action: 'tenant.member.disabled' },
    schema: { params: userParams, response: memberResponse },
    async handler(request) {
      return { member: presentMember(await disableMember(deps, requireActor(request), request.params.userId, originOf(request))) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/members/:userId/enable',
    summary: 'Enable a disabled user again',
    tags: ['members'],
    access: MEMBER_ROUTE_GATE,
    audit: { action: 'tenant.member.enabled' },
    schema: { params: userParams, response: memberResponse },
    async handler(request) {
      return { member: presentMember(await enableMember(deps, requireActor(request), request.params.userId, originOf(request))) };
    },
  });
}
