import { z } from 'zod';
import { originOf, requireActor, type RouteRegistrar } from '../http/index.js';
import { SERVICE_IDS } from '../services/index.js';
import { acceptInvitation, acceptInvitationSchema } from './commands/acceptInvitation.js';
import { completeFirstLogin, completeFirstLoginSchema } from './commands/completeFirstLogin.js';
import { describeFirstLogin } from './commands/describeFirstLogin.js';
import { describeInvitation } from './commands/describeInvitation.js';
import { joinByInvitation } from './commands/joinByInvitation.js';
import { LINK_TOKEN_MAX_LENGTH } from './linkToken.js';
import type { MemberDeps } from './memberContext.js';

const tokenParams = z.object({ token: z.string().min(20).max(LINK_TOKEN_MAX_LENGTH) });
const signInHint = z.object({ companyCode: z.string(), email: z.string() });

/** The pages reached from mails: accepting an invitation, and a new tenant's first sign-in. */
export function registerLinkRoutes(r: RouteRegistrar, deps: MemberDeps): void {
  r.route({
    method: 'GET',
    url: '/api/invitation-links/:token',
    summary: 'The invitation a link names, while it is pending and unexpired',
    tags: ['onboarding'],
    access: { public: 'the single-use invitation link is itself the credential' },
    audit: { readOnly: true },
    rateLimitPerMinute: 30,
    schema: {
      params: tokenParams,
      response: {
        200: z.object({
          invitation: z.object({
            tenantName: z.string(),
            companyCode: z.string(),
            email: z.string(),
            service: z.enum(SERVICE_IDS),
            role: z.string(),
            expiresAt: z.string(),
            accountExists: z.boolean(),
          }),
        }),
      },
    },
    async handler(request) {
      const view = await describeInvitation(deps, request.params.token);
      return { invitation: { ...view, expiresAt: view.expiresAt.toISOString() } };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/invitation-links/:token/accept',
    summary: 'Accept an invitation as a person new to the tenant: choose a display name and password',
    tags: ['onboarding'],
    access: { public: 'the single-use invitation link is itself the credential' },
    audit: { action: 'tenant.invitation.accepted' },
    rateLimitPerMinute: 10,
    schema: { params: tokenParams, body: acceptInvitationSchema, response: { 201: signInHint } },
    async handler(request, reply) {
      const result = await acceptInvitation(deps, request.params.token, { ...request.body, lang: request.lang }, originOf(request));
      return reply.status(201).send(result);
    },
  });

  r.route({
    method: 'POST',
    url: '/api/invitation-links/:token/join',
    summary: 'Accept an invitation as the signed-in user it was sent to: gain the invited membership',
    tags: ['onboarding'],
    access: { user: 'self' },
    audit: { action: 'tenant.invitation.accepted' },
    rateLimitPerMinute: 10,
    schema: { params: tokenParams, response: { 200: z.object({ service: z.enum(SERVICE_IDS), role: z.string() }) } },
    async handler(request) {
      return joinByInvitation(deps, requireActor(request), request.params.token, originOf(request));
    },
  });

  r.route({
    method: 'GET',
    url: '/api/first-login/:token',
    summary: 'Whose account a first sign-in link opens, while it is unused and unexpired',
    tags: ['onboarding'],
    access: { public: 'the single-use first sign-in link is itself the credential' },
    audit: { readOnly: true },
    rateLimitPerMinute: 30,
    schema: {
      params: tokenParams,
      response: {
        200: z.object({
          firstLogin: z.object({ tenantName: z.string(), companyCode: z.string(), email: z.string(), displayName: z.string(), expiresAt: z.string() }),
        }),
      },
    },
    async handler(request) {
      const view = await describeFirstLogin(deps, request.params.token);
      return { firstLogin: { ...view, expiresAt: view.expiresAt.toISOString() } };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/first-login/:token',
    summary: 'Set the representative’s first password through the single-use link',
    tags: ['onboarding'],
    access: { public: 'the single-use first sign-in link is itself the credential' },
    audit: { action: 'tenant.first_login.completed' },
    rateLimitPerMinute: 10,
    schema: { params: tokenParams, body: completeFirstLoginSchema, response: { 200: signInHint } },
    async handler(request) {
      return completeFirstLogin(deps, request.params.token, request.body, originOf(request));
    },
  });
}
