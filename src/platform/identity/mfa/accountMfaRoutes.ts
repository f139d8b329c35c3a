import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withTenant } from '../../../core/db/index.js';
import { messageKey } from '../../../core/messages.js';
import { createRegistrar, originOf, requireActor, type ServerDeps } from '../../http/index.js';
import { getTenantSettings } from '../../tenancy/index.js';
import type { UserActor } from '../sessions.js';
import type { MfaDeps } from './deps.js';
import { setTenantMfaRequired } from './mfaPolicy.js';
import { mfaStatusOf } from './mfaStatus.js';
import { finishPasskeyRegistration, removeOwnPasskey, renameOwnPasskey, startPasskeyRegistration } from './passkeyCommands.js';
import { regenerateRecoveryCodes } from './recoveryCodeCommands.js';
import { codeSchema, mfaStatusView, passkeyNameSchema, recoveryCodesView, registrationResponseSchema, totpSetupView, webauthnOptionsView } from './schemas.js';
import { confirmTotpEnrolment, removeTotp, startTotpEnrolment } from './totpCommands.js';

/** The permission that lets a tenant admin switch the tenant's MFA policy. */
export const SECURITY_PERMISSION = 'tenant:security:manage';

const subjectOf = (actor: UserActor) => ({ tenantId: actor.tenantId, userId: actor.userId, email: actor.email, displayName: actor.displayName });

const disableBody = z
  .strictObject({ code: codeSchema.optional(), password: z.string().min(1).max(1024).optional() })
  .superRefine((body, ctx) => {
    if (!body.code && !body.password) ctx.addIssue({ code: 'custom', path: ['code'], message: messageKey('validation.required') });
  });

const policyView = z.object({ mfaRequired: z.boolean() });

/** The signed-in user's own factors, and the tenant policy for its admins. */
export function registerAccountMfaRoutes(app: FastifyInstance, deps: ServerDeps, mfa: MfaDeps): void {
  const { db, clock, registry } = deps;
  const r = createRegistrar(app, { permissionExists: (p) => registry.allPermissions().has(p) });

  r.route({
    method: 'GET',
    url: '/api/mfa',
    summary: 'The signed-in user’s authenticator app, passkeys, recovery codes left, and the tenant policy',
    tags: ['mfa'],
    access: { user: 'self' },
    audit: { readOnly: true },
    schema: { response: { 200: mfaStatusView } },
    async handler(request) {
      const actor = requireActor(request);
      const status = await withTenant(db, actor.tenantId, (tx) => mfaStatusOf(tx, actor.userId));
      return {
        totp: { enrolled: status.totp.enrolled, confirmedAt: status.totp.confirmedAt?.toISOString() ?? null },
        passkeys: status.passkeys.map((p) => ({ id: p.id, name: p.name, createdAt: p.createdAt.toISOString(), lastUsedAt: p.lastUsedAt?.toISOString() ?? null })),
        recoveryCodesLeft: status.recoveryCodesLeft,
        tenantRequiresMfa: status.tenantRequiresMfa,
        canManagePolicy: registry.permissionsOf(actor.memberships).has(SECURITY_PERMISSION),
      };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/mfa/totp',
    summary: 'Start setting up an authenticator app: a new secret and its QR code',
    tags: ['mfa'],
    access: { user: 'self' },
    audit: { action: 'auth.mfa.enrolment_started' },
    rateLimitPerMinute: 20,
    schema: { body: z.strictObject({}), response: { 200: totpSetupView } },
    async handler(request) {
      return startTotpEnrolment(mfa, subjectOf(requireActor(request)), originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/api/mfa/totp/confirm',
    summary: 'Activate the authenticator app with a current code',
    tags: ['mfa'],
    access: { user: 'self' },
    audit: { action: 'auth.mfa.enrolled' },
    rateLimitPerMinute: 20,
    schema: { body: z.strictObject({ code: codeSchema }), response: { 200: z.object({ recoveryCodes: recoveryCodesView }) } },
    async handler(request) {
      return confirmTotpEnrolment(mfa, subjectOf(requireActor(request)), request.body.code, originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/api/mfa/totp/disable',
    summary: 'Remove the authenticator app (needs a current code or the password)',
    tags: ['mfa'],
    access: { user: 'self' },
    audit: { action: 'auth.mfa.removed' },
    rateLimitPerMinute: 10,
    schema: { body: disableBody },
    async handler(request, reply) {
      const { code, password } = request.body;
      const proof = code ? { code } : { password: password! };
      await removeTotp(mfa, subjectOf(requireActor(request)), proof, originOf(request));
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'POST',
    url: '/api/mfa/recovery-codes',
    summary: 'Replace the recovery codes with ten new ones (shown once)',
    tags: ['mfa'],
    access: { user: 'self' },
    audit: { action: 'auth.mfa.recovery_codes_regenerated' },
    rateLimitPerMinute: 10,
    schema: { body: z.strictObject({}), response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) } },
    async handler(request) {
      return { recoveryCodes: await regenerateRecoveryCodes(mfa, subjectOf(requireActor(request)), originOf(request)) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/mfa/passkeys/options',
    summary: 'Start registering a passkey: WebAuthn options and the ceremony id',
    tags: ['mfa'],
    access: { user: 'self' },
    audit: { action: 'auth.passkey.registration_started' },
    rateLimitPerMinute: 20,
    schema: { body: z.strictObject({}), response: { 200: z.object({ ceremonyId: z.uuid(), options: webauthnOptionsView }) } },
    async handler(request) {
      return startPasskeyRegistration(mfa, subjectOf(requireActor(request)), originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/api/mfa/passkeys',
    summary: 'Finish registering a passkey with the browser’s answer',
    tags: ['mfa'],
    access: { user: 'self' },
    audit: { action: 'auth.passkey.registered' },
    rateLimitPerMinute: 20,
    schema: {
      body: z.strictObject({ ceremonyId: z.uuid(), name: passkeyNameSchema, response: registrationResponseSchema }),
      response: { 201: z.object({ passkeyId: z.uuid(), recoveryCodes: recoveryCodesView }) },
    },
    async handler(request, reply) {
      const result = await finishPasskeyRegistration(mfa, subjectOf(requireActor(request)), request.body, originOf(request));
      return reply.status(201).send(result);
    },
  });

  r.route({
    method: 'PATCH',
    url: '/api/mfa/passkeys/:passkeyId',
    summary: 'Rename one of the user’s own passkeys',
    tags: ['mfa'],
    access: { user: 'self' },
    audit: { action: 'auth.passkey.renamed' },
    schema: { params: z.object({ passkeyId: z.uuid() }), body: z.strictObject({ name: passkeyNameSchema }) },
    async handler(request, reply) {
      await renameOwnPasskey(mfa, subjectOf(requireActor(request)), request.params.passkeyId, request.body.name, originOf(request));
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'DELETE',
    url: '/api/mfa/passkeys/:passkeyId',
    summary: 'Delete one of the user’s own passkeys',
    tags: ['mfa'],
    access: { user: 'self' },
    audit: { action: 'auth.passkey.removed' },
    schema: { params: z.object({ passkeyId: z.uuid() }) },
    async handler(request, reply) {
      await removeOwnPasskey(mfa, subjectOf(requireActor(request)), request.params.passkeyId, originOf(request));
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'GET',
    url: '/api/mfa/policy',
    summary: 'Whether the tenant requires MFA of all its users',
    tags: ['mfa'],
    access: { user: SECURITY_PERMISSION },
    audit: { readOnly: true },
    schema: { response: { 200: policyView } },
    async handler(request) {
      const actor = requireActor(request);
      const { mfaRequired } = await withTenant(db, actor.tenantId, (tx) => getTenantSettings(tx));
      return { mfaRequired };
    },
  });

  r.route({
    method: 'PUT',
    url: '/api/mfa/policy',
    summary: 'Require MFA of all the tenant’s users, or stop requiring it',
    tags: ['mfa'],
    access: { user: SECURITY_PERMISSION },
    audit: { action: 'tenant.mfa_policy.changed' },
    schema: { body: z.strictObject({ mfaRequired: z.boolean() }), response: { 200: policyView } },
    async handler(request) {
      const actor = requireActor(request);
      const actorRef = { type: 'user' as const, id: actor.userId, name: actor.displayName };
      const { mfaRequired } = await withTenant(db, actor.tenantId, (tx) =>
        setTenantMfaRequired(tx, clock, actor.tenantId, request.body.mfaRequired, actorRef, originOf(request)),
      );
      return { mfaRequired };
    },
  });
}
