import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { withTenant } from '../../core/db/index.js';
import { recordTenantEvent } from '../audit/index.js';
import {
  bootstrapFirstStaff,
  checkStaffSetupLink,
  issueSessionCookie,
  loginSchema,
  loginWithPassword,
  resolveSession,
  revokeSession,
  SESSION_COOKIE,
  staffSetupSchema,
  type UserActor,
} from '../identity/index.js';
import { SERVICE_IDS } from '../services/index.js';
import { findMember, listMembers } from '../tenancy/index.js';
import { originOf, requireActor, type ServerDeps } from './context.js';
import { CSRF_COOKIE, ensureCsrfCookie } from './csrf.js';
import { createRegistrar } from './routes.js';
import { registerSecurityPageRoute } from './securityPagesRoute.js';

const localized = z.object({ ja: z.string(), en: z.string() });

const sessionView = z.object({
  user: z.object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    locale: z.enum(['ja', 'en']),
    mustChangePassword: z.boolean(),
    tenant: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
    memberships: z.array(z.object({ service: z.enum(SERVICE_IDS), role: z.string() })),
  }),
});

function presentSession(actor: UserActor): z.infer<typeof sessionView> {
  return {
    user: {
      id: actor.userId,
      email: actor.email,
      displayName: actor.displayName,
      locale: actor.locale,
      mustChangePassword: actor.mustChangePassword,
      tenant: { id: actor.tenantId, code: actor.tenantCode, name: actor.tenantName },
      memberships: actor.memberships,
    },
  };
}

const memberView = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'disabled']),
  memberships: z.array(z.object({ service: z.enum(SERVICE_IDS), role: z.string() })),
});

/** The platform's own routes: public configuration, sign-in, session, first staff setup, members. */
export function registerPlatformRoutes(app: FastifyInstance, deps: ServerDeps, options: { mailboxEnabled: boolean }): void {
  const { config, db, clock, registry } = deps;
  const secure = config.http.publicUrl.startsWith('https://');
  const r = createRegistrar(app, { permissionExists: (p) => registry.allPermissions().has(p) });

  r.route({
    method: 'GET',
    url: '/api/public/config',
    summary: 'Product name, security contact and local features, for every page',
    tags: ['public'],
    access: { public: 'configuration shown on the sign-in page; contains no tenant data' },
    audit: { readOnly: true },
    schema: {
      response: {
        200: z.object({ productName: localized, securityContact: z.string(), mailboxEnabled: z.boolean() }),
      },
    },
    async handler() {
      return {
        productName: { ja: 'Sotas 化学・樹脂業界向けクラウド', en: 'Sotas cloud for chemicals and plastics' },
        securityContact: config.securityContact,
        mailboxEnabled: options.mailboxEnabled,
      };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/services',
    summary: 'The services, their roles and each role’s permissions (in-app help)',
    tags: ['public'],
    access: { public: 'product documentation: the role and permission table of each service' },
    audit: { readOnly: true },
    async handler() {
      return {
        services: registry.services.map((s) => ({
          id: s.id,
          name: s.name,
          description: s.description,
          memberManagement: s.memberManagement.by,
          roles: s.roles.map((role) => ({
            id: role.id,
            name: role.name,
            admin: role.admin,
            permissions: role.permissions.map((pid) => ({ id: pid, name: s.permissions.find((p) => p.id === pid)?.name ?? { ja: pid, en: pid } })),
          })),
          help: s.help,
        })),
      };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/csrf',
    summary: 'Sets the CSRF cookie and returns its token for the x-csrf-token header',
    tags: ['auth'],
    access: { public: 'issues the anti-CSRF token every page needs before its first change' },
    audit: { readOnly: true },
    schema: { response: { 200: z.object({ token: z.string() }) } },
    async handler(request, reply) {
      return { token: ensureCsrfCookie(request.cookies, reply, secure) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Sign in with company code, e-mail and password',
    tags: ['auth'],
    access: { public: 'sign-in itself; brute force is limited per IP' },
    audit: { action: 'auth.login.succeeded' },
    rateLimitPerMinute: 30,
    schema: {
      body: loginSchema,
      response: {
        200: z.union([
          sessionView,
          z.object({
            secondFactor: z.object({ token: z.string(), methods: z.array(z.string()), enrolmentRequired: z.boolean(), expiresAt: z.string() }),
          }),
        ]),
      },
    },
    async handler(request, reply) {
      const result = await loginWithPassword({ db, clock, session: config.session }, request.body, originOf(request));
      if (result.kind === 'second_factor') {
        const { token, methods, enrolmentRequired, expiresAt } = result.challenge;
        return { secondFactor: { token, methods, enrolmentRequired, expiresAt: expiresAt.toISOString() } };
      }
      await issueSessionCookie(reply, { db, clock, session: config.session, secure }, request.cookies[SESSION_COOKIE], result, originOf(request));
      const actor = await resolveSession(db, clock, config.session, result.cookieValue);
      if (!actor) throw new AppError('auth.invalid_credentials', { internal: 'session vanished right after login' });
      return presentSession(actor);
    },
  });

  r.route({
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'Sign out: ends this session',
    tags: ['auth'],
    access: { user: 'self' },
    audit: { action: 'auth.logout' },
    async handler(request, reply) {
      const actor = requireActor(request);
      await withTenant(db, actor.tenantId, async (tx) => {
        await revokeSession(tx, clock, actor.sessionId);
        await recordTenantEvent(tx, clock, actor.tenantId, originOf(request), {
          actor: { type: 'user', id: actor.userId, name: actor.displayName },
          action: 'auth.logout',
          target: { type: 'session', id: actor.sessionId },
          result: 'success',
        });
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'GET',
    url: '/api/session',
    summary: 'The signed-in user, tenant and memberships',
    tags: ['auth'],
    access: { user: 'self' },
    audit: { readOnly: true },
    schema: { response: { 200: sessionView } },
    async handler(request) {
      return presentSession(requireActor(request));
    },
  });

  r.route({
    method: 'GET',
    url: '/api/setup/staff/:token',
    summary: 'Whether a staff setup link (first staff account or an invited staff member) is still valid',
    tags: ['setup'],
    access: { public: 'the one-time setup link is itself the credential' },
    audit: { readOnly: true },
    rateLimitPerMinute: 20,
    schema: {
      params: z.object({ token: z.string().min(20).max(100) }),
      response: { 200: z.object({ valid: z.literal(true), expiresAt: z.string(), invited: z.object({ email: z.string(), displayName: z.string() }).optional() }) },
    },
    async handler(request) {
      const { expiresAt, invited } = await checkStaffSetupLink(db, clock, request.params.token);
      return { valid: true as const, expiresAt: expiresAt.toISOString(), ...(invited ? { invited } : {}) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/setup/staff',
    summary: 'Create the very first staff account through the one-time setup link',
    tags: ['setup'],
    access: { public: 'the one-time setup link is itself the credential; impossible once a staff account exists' },
    audit: { action: 'ops.staff.bootstrapped' },
    rateLimitPerMinute: 10,
    schema: {
      body: staffSetupSchema,
      response: { 201: z.object({ staff: z.object({ id: z.uuid(), email: z.string(), displayName: z.string() }) }) },
    },
    async handler(request, reply) {
      const staff = await bootstrapFirstStaff(db, clock, request.body, originOf(request));
      return reply.status(201).send({ staff });
    },
  });

  r.route({
    method: 'GET',
    url: '/api/members',
    summary: 'Members of the signed-in user’s tenant with their service roles',
    tags: ['members'],
    access: { user: 'tenant:members:read' },
    audit: { readOnly: true },
    schema: { response: { 200: z.object({ members: z.array(memberView) }) } },
    async handler(request) {
      const actor = requireActor(request);
      const members = await withTenant(db, actor.tenantId, (tx) => listMembers(tx));
      return { members };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/members/:userId',
    summary: 'One member of the signed-in user’s tenant (another tenant’s id answers 404)',
    tags: ['members'],
    access: { user: 'tenant:members:read' },
    audit: { readOnly: true },
    schema: { params: z.object({ userId: z.uuid() }), response: { 200: z.object({ member: memberView }) } },
    async handler(request) {
      const actor = requireActor(request);
      const member = await withTenant(db, actor.tenantId, (tx) => findMember(tx, request.params.userId));
      if (!member) throw new AppError('not_found');
      return { member };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/openapi.json',
    summary: 'This OpenAPI description',
    tags: ['public'],
    access: { public: 'API documentation' },
    audit: { readOnly: true },
    async handler() {
      return app.swagger();
    },
  });

  registerSecurityPageRoute(app, deps);
}
