import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { createRegistrar, CSRF_COOKIE, originOf, requireActor, type ServerDeps } from '../http/index.js';
import { SERVICE_IDS } from '../services/index.js';
import { changePassword, changePasswordSchema, passwordChangedAt } from './passwordChange.js';
import {
  checkResetLink,
  completePasswordReset,
  passwordResetCompleteSchema,
  passwordResetRequestSchema,
  requestPasswordReset,
  resetTokenSchema,
} from './passwordReset.js';
import {
  getSessionSettings,
  listMemberSessions,
  listOwnSessions,
  revokeMemberSessions,
  revokeOtherOwnSessions,
  revokeOwnSession,
  SESSION_COOKIE,
  sessionSettingsSchema,
  updateSessionSettings,
  type SessionSettingsView,
  type SessionSummary,
} from './sessions.js';

const sessionView = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean().meta({ description: 'True for the session making this request.' }),
});
const sessionList = z.object({ sessions: z.array(sessionView) });

function presentSessions(sessions: SessionSummary[], currentSessionId: string): z.infer<typeof sessionList> {
  return {
    sessions: sessions.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      current: s.id === currentSessionId,
    })),
  };
}

const policyView = z.object({ idleMinutes: z.number(), absoluteHours: z.number() });
const settingsView = z.object({
  idleMinutes: z.number().nullable(),
  absoluteHours: z.number().nullable(),
  defaults: policyView,
  effective: policyView,
});
const presentSettings = (s: SessionSettingsView): z.infer<typeof settingsView> => s;

const noBody = z.strictObject({});
const MANAGE_SESSIONS = 'tenant:sessions:manage';
const sessionParams = z.object({ sessionId: z.uuid() });
const memberParams = z.object({ userId: z.uuid() });

/** Routes of a user's own account (profile, password, sessions), password reset, and admins' session controls. */
export function registerAccountRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { config, db, clock, registry } = deps;
  const r = createRegistrar(app, { permissionExists: (p) => registry.allPermissions().has(p) });
  const endSignedIn = (reply: FastifyReply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
  };

  r.route({
    method: 'GET',
    url: '/api/account',
    summary: 'The signed-in user’s account: profile, company, roles and when the password was last changed',
    tags: ['account'],
    access: { user: 'self' },
    audit: { readOnly: true },
    schema: {
      response: {
        200: z.object({
          account: z.object({
            id: z.uuid(),
            email: z.string(),
            displayName: z.string(),
            tenant: z.object({ code: z.string(), name: z.string() }),
            memberships: z.array(z.object({ service: z.enum(SERVICE_IDS), role: z.string() })),
            mustChangePassword: z.boolean(),
            passwordChangedAt: z.string().nullable(),
          }),
          can: z.object({
            manageSessions: z.boolean().meta({ description: 'May read and set the company’s session settings and end members’ sessions.' }),
          }),
        }),
      },
    },
    async handler(request) {
      const actor = requireActor(request);
      const changedAt = await passwordChangedAt(db, actor);
      return {
        account: {
          id: actor.userId,
          email: actor.email,
          displayName: actor.displayName,
          tenant: { code: actor.tenantCode, name: actor.tenantName },
          memberships: actor.memberships,
          mustChangePassword: actor.mustChangePassword,
          passwordChangedAt: changedAt?.toISOString() ?? null,
        },
        can: { manageSessions: registry.permissionsOf(actor.memberships).has(MANAGE_SESSIONS) },
      };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/account/password',
    summary: 'Change the own password (current password required); ends the user’s other sessions',
    tags: ['account'],
    access: { user: 'self' },
    audit: { action: 'auth.password.changed' },
    rateLimitPerMinute: 10,
    schema: { body: changePasswordSchema, response: { 200: z.object({ otherSessionsEnded: z.number() }) } },
    async handler(request) {
      const { sessionsEnded } = await changePassword({ db, clock }, requireActor(request), request.body, originOf(request));
      return { otherSessionsEnded: sessionsEnded };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/account/sessions',
    summary: 'The signed-in user’s open sessions (device, IP, created, last seen; this one marked)',
    tags: ['account'],
    access: { user: 'self' },
    audit: { readOnly: true },
    schema: { response: { 200: sessionList } },
    async handler(request) {
      const actor = requireActor(request);
      return presentSessions(await listOwnSessions(db, clock, config.session, actor), actor.sessionId);
    },
  });

  r.route({
    method: 'DELETE',
    url: '/api/account/sessions/:sessionId',
    summary: 'End one of the own sessions (ending this one signs out)',
    tags: ['account'],
    access: { user: 'self' },
    audit: { action: 'auth.session.revoked' },
    schema: { params: sessionParams },
    async handler(request, reply) {
      const { current } = await revokeOwnSession(db, clock, requireActor(request), request.params.sessionId, originOf(request));
      if (current) endSignedIn(reply);
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'POST',
    url: '/api/account/sessions/revoke-others',
    summary: 'End every own session except this one',
    tags: ['account'],
    access: { user: 'self' },
    audit: { action: 'auth.session.revoked' },
    schema: { body: noBody, response: { 200: z.object({ revoked: z.number() }) } },
    async handler(request) {
      return { revoked: await revokeOtherOwnSessions(db, clock, requireActor(request), originOf(request)) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/auth/password-reset',
    summary: 'Ask for a password-reset link by e-mail; the answer is the same whether or not the account exists',
    tags: ['auth'],
    access: { public: 'a forgotten password is the reason to call it; the answer reveals nothing and it is limited per IP' },
    audit: { action: 'auth.password.reset_requested' },
    rateLimitPerMinute: 5,
    schema: { body: passwordResetRequestSchema, response: { 202: z.object({ accepted: z.literal(true) }) } },
    async handler(request, reply) {
      await requestPasswordReset({ db, clock, publicUrl: config.http.publicUrl }, request.body, originOf(request));
      return reply.status(202).send({ accepted: true as const });
    },
  });

  r.route({
    method: 'GET',
    url: '/api/auth/password-reset/:token',
    summary: 'Whether a password-reset link can still be used',
    tags: ['auth'],
    access: { public: 'the single-use reset link is itself the credential' },
    audit: { readOnly: true },
    rateLimitPerMinute: 20,
    schema: {
      params: z.object({ token: resetTokenSchema }),
      response: { 200: z.object({ valid: z.literal(true), expiresAt: z.string(), email: z.string() }) },
    },
    async handler(request) {
      const link = await checkResetLink(db, clock, request.params.token);
      return { valid: true as const, expiresAt: link.expiresAt.toISOString(), email: link.email };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/auth/password-reset/complete',
    summary: 'Set a new password through a reset link; ends every session and does not sign in',
    tags: ['auth'],
    access: { public: 'the single-use reset link is itself the credential' },
    audit: { action: 'auth.password.reset' },
    rateLimitPerMinute: 10,
    schema: { body: passwordResetCompleteSchema },
    async handler(request, reply) {
      await completePasswordReset({ db, clock }, request.body, originOf(request));
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'GET',
    url: '/api/members/:userId/sessions',
    summary: 'A member’s open sessions (admins); another tenant’s user answers 404',
    tags: ['members'],
    access: { user: MANAGE_SESSIONS },
    audit: { readOnly: true },
    schema: { params: memberParams, response: { 200: sessionList } },
    async handler(request) {
      const actor = requireActor(request);
      const sessions = await listMemberSessions(db, clock, config.session, actor, request.params.userId);
      return presentSessions(sessions, actor.sessionId);
    },
  });

  r.route({
    method: 'DELETE',
    url: '/api/members/:userId/sessions/:sessionId',
    summary: 'End one session of a member (admins)',
    tags: ['members'],
    access: { user: MANAGE_SESSIONS },
    audit: { action: 'auth.session.revoked' },
    schema: { params: memberParams.extend(sessionParams.shape) },
    async handler(request, reply) {
      const { userId, sessionId } = request.params;
      await revokeMemberSessions(db, clock, requireActor(request), { userId, sessionId }, originOf(request));
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'POST',
    url: '/api/members/:userId/sessions/revoke',
    summary: 'End every session of a member (admins)',
    tags: ['members'],
    access: { user: MANAGE_SESSIONS },
    audit: { action: 'auth.session.revoked' },
    schema: { params: memberParams, body: noBody, response: { 200: z.object({ revoked: z.number() }) } },
    async handler(request) {
      return { revoked: await revokeMemberSessions(db, clock, requireActor(request), { userId: request.params.userId }, originOf(request)) };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/tenant/settings/sessions',
    summary: 'The company’s session idle timeout and absolute lifetime (admins)',
    tags: ['tenant'],
    access: { user: MANAGE_SESSIONS },
    audit: { readOnly: true },
    schema: { response: { 200: settingsView } },
    async handler(request) {
      return presentSettings(await getSessionSettings(db, config.session, requireActor(request)));
    },
  });

  r.route({
    method: 'PUT',
    url: '/api/tenant/settings/sessions',
    summary: 'Set the company’s session idle timeout and absolute lifetime within the platform’s bounds (admins)',
    tags: ['tenant'],
    access: { user: MANAGE_SESSIONS },
    audit: { action: 'tenant.settings.updated' },
    schema: { body: sessionSettingsSchema, response: { 200: settingsView } },
    async handler(request) {
      return presentSettings(await updateSessionSettings(db, clock, config.session, requireActor(request), request.body, originOf(request)));
    },
  });
}
