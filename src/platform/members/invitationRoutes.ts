import { z } from 'zod';
import { originOf, requireActor, type RouteRegistrar } from '../http/index.js';
import { SERVICE_IDS } from '../services/index.js';
import { inviteMember, inviteMemberSchema } from './commands/inviteMember.js';
import { resendInvitation } from './commands/resendInvitation.js';
import { revokeInvitation } from './commands/revokeInvitation.js';
import type { MemberDeps } from './memberContext.js';
import { MEMBER_ROUTE_GATE } from './memberPolicy.js';
import { listInvitationsFor } from './memberQueries.js';
import { invitationView, presentInvitation } from './memberViews.js';

const serviceParams = z.object({ service: z.enum(SERVICE_IDS) });
const invitationParams = z.object({ invitationId: z.uuid() });

/** Invitations by e-mail for services that take members by invitation (white paper 9.2.1, catalog). */
export function registerInvitationRoutes(r: RouteRegistrar, deps: MemberDeps): void {
  r.route({
    method: 'GET',
    url: '/api/services/:service/invitations',
    summary: 'Pending invitations of the service, expired ones included (they can be resent)',
    tags: ['members'],
    access: MEMBER_ROUTE_GATE,
    audit: { readOnly: true },
    schema: { params: serviceParams, response: { 200: z.object({ invitations: z.array(invitationView) }) } },
    async handler(request) {
      const rows = await listInvitationsFor(deps, requireActor(request), request.params.service);
      const now = deps.clock.now();
      return { invitations: rows.map((row) => presentInvitation(row, now)) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/services/:service/invitations',
    summary: 'Invite someone by e-mail with a role; the single-use link expires after 7 days',
    tags: ['members'],
    access: MEMBER_ROUTE_GATE,
    audit: { action: 'tenant.invitation.sent' },
    schema: { params: serviceParams, body: inviteMemberSchema, response: { 201: z.object({ invitation: invitationView }) } },
    async handler(request, reply) {
      const row = await inviteMember(deps, requireActor(request), request.params.service, request.body, originOf(request));
      return reply.status(201).send({ invitation: presentInvitation(row, deps.clock.now()) });
    },
  });

  r.route({
    method: 'POST',
    url: '/api/invitations/:invitationId/resend',
    summary: 'Send a pending invitation again with a new link; the previous link stops working',
    tags: ['members'],
    access: MEMBER_ROUTE_GATE,
    audit: { action: 'tenant.invitation.resent' },
    schema: { params: invitationParams, response: { 200: z.object({ invitation: invitationView }) } },
    async handler(request) {
      const row = await resendInvitation(deps, requireActor(request), request.params.invitationId, originOf(request));
      return { invitation: presentInvitation(row, deps.clock.now()) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/invitations/:invitationId/revoke',
    summary: 'Withdraw a pending invitation; its link stops working at once',
    tags: ['members'],
    access: MEMBER_ROUTE_GATE,
    audit: { action: 'tenant.invitation.revoked' },
    schema: { params: invitationParams },
    async handler(request, reply) {
      await revokeInvitation(deps, requireActor(request), request.params.invitationId, originOf(request));
      return reply.status(204).send();
    },
  });
}
