import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { messageKey } from '../../../core/messages.js';
import { createRegistrar, originOf, type ServerDeps } from '../../http/index.js';
import { issueSessionCookie, SESSION_COOKIE } from '../sessions.js';
import type { MfaDeps } from './deps.js';
import { authenticationResponseSchema, challengeTokenSchema, codeSchema, passkeyNameSchema, registrationResponseSchema, signedInView, totpSetupView, webauthnOptionsView } from './schemas.js';
import {
  confirmEnrolmentTotp,
  enrolmentPasskeyOptions,
  finishEnrolmentPasskey,
  passkeyOptionsForChallenge,
  startEnrolmentTotp,
  verifySecondFactor,
  type SecondFactorAnswer,
  type SignedInResult,
} from './signInCommands.js';

const WHY = 'second step of sign-in: the single-use challenge token from the password step is the credential';

const verifyBody = z
  .strictObject({
    token: challengeTokenSchema,
    method: z.enum(['totp', 'recovery_code', 'passkey']),
    code: codeSchema.optional(),
    response: authenticationResponseSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.method === 'passkey' && !body.response) ctx.addIssue({ code: 'custom', path: ['response'], message: messageKey('validation.required') });
    if (body.method !== 'passkey' && !body.code) ctx.addIssue({ code: 'custom', path: ['code'], message: messageKey('validation.required') });
  });

/** The routes that finish a sign-in: answering the challenge, or enrolling when the tenant requires it. */
export function registerSignInMfaRoutes(app: FastifyInstance, deps: ServerDeps, mfa: MfaDeps): void {
  const { config, registry } = deps;
  const secure = config.http.publicUrl.startsWith('https://');
  const r = createRegistrar(app, { permissionExists: (p) => registry.allPermissions().has(p) });

  // As the password sign-in issues it, ending the session the browser held before.
  const setSessionCookie = (request: FastifyRequest, reply: FastifyReply, result: SignedInResult) =>
    issueSessionCookie(reply, { db: mfa.db, clock: mfa.clock, session: mfa.session, secure }, request.cookies[SESSION_COOKIE], result, originOf(request));

  r.route({
    method: 'POST',
    url: '/api/auth/mfa/verify',
    summary: 'Finish sign-in with a TOTP code, a recovery code or a passkey',
    tags: ['auth'],
    access: { public: WHY },
    audit: { action: 'auth.login.succeeded' },
    rateLimitPerMinute: 30,
    schema: { body: verifyBody, response: { 200: signedInView } },
    async handler(request, reply) {
      const { token, method, code, response } = request.body;
      // The schema's refinement guarantees the part each method needs.
      const answer: SecondFactorAnswer = method === 'passkey' ? { method, response: response! } : { method, code: code! };
      await setSessionCookie(request, reply, await verifySecondFactor(mfa, token, answer, originOf(request)));
      return { signedIn: true as const };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/auth/mfa/passkey-options',
    summary: 'WebAuthn options to answer the sign-in challenge with a passkey',
    tags: ['auth'],
    access: { public: WHY },
    audit: { action: 'auth.mfa.passkey_requested' },
    rateLimitPerMinute: 30,
    schema: { body: z.strictObject({ token: challengeTokenSchema }), response: { 200: z.object({ options: webauthnOptionsView }) } },
    async handler(request) {
      return { options: await passkeyOptionsForChallenge(mfa, request.body.token, originOf(request)) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/auth/mfa/enrol/totp',
    summary: 'Required enrolment at sign-in: a new authenticator secret and its QR code',
    tags: ['auth'],
    access: { public: WHY },
    audit: { action: 'auth.mfa.enrolment_started' },
    rateLimitPerMinute: 20,
    schema: { body: z.strictObject({ token: challengeTokenSchema }), response: { 200: totpSetupView } },
    async handler(request) {
      return startEnrolmentTotp(mfa, request.body.token, originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/api/auth/mfa/enrol/totp/confirm',
    summary: 'Required enrolment at sign-in: confirm the authenticator with a code and sign in',
    tags: ['auth'],
    access: { public: WHY },
    audit: { action: 'auth.login.succeeded' },
    rateLimitPerMinute: 30,
    schema: { body: z.strictObject({ token: challengeTokenSchema, code: codeSchema }), response: { 200: signedInView } },
    async handler(request, reply) {
      const result = await confirmEnrolmentTotp(mfa, request.body.token, request.body.code, originOf(request));
      await setSessionCookie(request, reply, result);
      return { signedIn: true as const, recoveryCodes: result.recoveryCodes };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/auth/mfa/enrol/passkey-options',
    summary: 'Required enrolment at sign-in: WebAuthn options to register a passkey',
    tags: ['auth'],
    access: { public: WHY },
    audit: { action: 'auth.passkey.registration_started' },
    rateLimitPerMinute: 20,
    schema: { body: z.strictObject({ token: challengeTokenSchema }), response: { 200: z.object({ options: webauthnOptionsView }) } },
    async handler(request) {
      return { options: await enrolmentPasskeyOptions(mfa, request.body.token, originOf(request)) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/auth/mfa/enrol/passkey',
    summary: 'Required enrolment at sign-in: register the passkey and sign in',
    tags: ['auth'],
    access: { public: WHY },
    audit: { action: 'auth.login.succeeded' },
    rateLimitPerMinute: 30,
    schema: {
      body: z.strictObject({ token: challengeTokenSchema, name: passkeyNameSchema, response: registrationResponseSchema }),
      response: { 200: signedInView },
    },
    async handler(request, reply) {
      const { token, name, response } = request.body;
      const result = await finishEnrolmentPasskey(mfa, token, { name, response }, originOf(request));
      await setSessionCookie(request, reply, result);
      return { signedIn: true as const, recoveryCodes: result.recoveryCodes };
    },
  });
}
