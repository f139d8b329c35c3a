import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { withoutTenant } from '../../core/db/index.js';
import { recordOperatorEvent } from '../audit/index.js';
import { createRegistrar, originOf, requireStaff, type ServerDeps } from '../http/index.js';
import { staffLoginSchema, staffPasswordStep, staffSecondFactorSchema, staffSecondFactorStep, type SecretBox } from './login.js';
import { isStaffPermission, STAFF_ROLES, staffPermissionsOf } from './roles.js';
import { revokeStaffSession, STAFF_SESSION_COOKIE } from './sessions.js';

/** Staff sign-in (password + TOTP, always), the staff session, and sign-out. */
export function registerStaffAuthRoutes(app: FastifyInstance, deps: ServerDeps & { box: SecretBox }): void {
  const { db, clock, config, box } = deps;
  const secure = config.http.publicUrl.startsWith('https://');
  const r = createRegistrar(app, { permissionExists: (p) => p === 'ops:self' || isStaffPermission(p) });
  const setCookie = (reply: FastifyReply, token: string, expiresAt: Date) =>
    reply.setCookie(STAFF_SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires: expiresAt });

  r.route({
    method: 'POST',
    url: '/api/ops/auth/login',
    summary: 'Staff sign-in, first step: e-mail and password (a TOTP step always follows)',
    tags: ['ops'],
    access: { public: 'staff sign-in itself; limited per IP, and a session needs the second factor too' },
    audit: { action: 'ops.staff.login.password_verified' },
    rateLimitPerMinute: 10,
    schema: {
      body: staffLoginSchema,
      response: {
        200: z.object({
          secondFactor: z.object({
            token: z.string(),
            expiresAt: z.string(),
            enrolmentRequired: z.boolean(),
            otpauthUri: z.string().optional(),
            secret: z.string().optional(),
          }),
        }),
      },
    },
    async handler(request) {
      const step = await staffPasswordStep({ db, clock, box }, request.body, originOf(request));
      return { secondFactor: { ...step, expiresAt: step.expiresAt.toISOString() } };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/auth/mfa',
    summary: 'Staff sign-in, second step: TOTP code (enrols the authenticator on first sign-in)',
    tags: ['ops'],
    access: { public: 'the single-use challenge token from the password step is the credential' },
    audit: { action: 'ops.staff.login.succeeded' },
    rateLimitPerMinute: 20,
    schema: { body: staffSecondFactorSchema },
    async handler(request, reply) {
      const session = await staffSecondFactorStep({ db, clock, box }, request.body, originOf(request));
      setCookie(reply, session.token, session.expiresAt);
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/session',
    summary: 'The signed-in staff member, roles and permissions',
    tags: ['ops'],
    access: { staff: 'ops:self' },
    audit: { readOnly: true },
    async handler(request) {
      const staff = requireStaff(request);
      return {
        staff: {
          id: staff.staffId,
          email: staff.email,
          displayName: staff.displayName,
          roles: staff.roles.map((id) => ({ id, name: STAFF_ROLES[id]?.name ?? { ja: id, en: id } })),
          permissions: [...staffPermissionsOf(staff.roles)].sort(),
        },
      };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/auth/logout',
    summary: 'Staff sign-out',
    tags: ['ops'],
    access: { staff: 'ops:self' },
    audit: { action: 'ops.staff.logout' },
    async handler(request, reply) {
      const staff = requireStaff(request);
      await withoutTenant(db, async (tx) => {
        await revokeStaffSession(tx, clock, staff.sessionId);
        await recordOperatorEvent(tx, clock, originOf(request), {
          actor: { type: 'staff', id: staff.staffId, name: staff.displayName },
          action: 'ops.staff.logout',
          target: { type: 'staff_session', id: staff.sessionId },
          result: 'success',
        });
      });
      reply.clearCookie(STAFF_SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  });
}
