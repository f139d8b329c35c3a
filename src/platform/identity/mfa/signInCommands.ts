import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import { setChallengeWebauthn } from './challengeRepository.js';
import { answerChallenge, parseChallengeToken, requireOpenChallenge } from './challenges.js';
import { auditActorOf, TOTP_ISSUER, type MfaDeps } from './deps.js';
import { consumeRecoveryCode, factorSummary, findMfaUser, findPasskeyByCredential, listPasskeys, touchPasskey } from './factorRepository.js';
import { beginTotp, checkTotpCode, recoveryCodesForFirstFactor, type TotpSetup } from './factors.js';
import { storeVerifiedPasskey } from './passkeyCommands.js';
import { hashRecoveryCode } from './recoveryCodes.js';
import { normalizeOtpInput } from './totp.js';
import { authenticationOptions, registrationOptions, verifyAuthentication } from './webauthn.js';

/** A completed sign-in: the session cookie to set. */
export interface SignedInResult {
  cookieValue: string;
  expiresAt: Date;
}

/** One answer to a sign-in challenge. */
export type SecondFactorAnswer =
  | { method: 'totp'; code: string }
  | { method: 'recovery_code'; code: string }
  | { method: 'passkey'; response: AuthenticationResponseJSON };

/**
 * Completes a sign-in with the second factor: a TOTP code (never the same one twice), an
 * unused recovery code (then used up), or a passkey assertion for the challenge's WebAuthn
 * challenge. Wrong answers count against the challenge's attempts.
 */
export async function verifySecondFactor(deps: MfaDeps, token: string, answer: SecondFactorAnswer, origin: AuditOrigin): Promise<SignedInResult> {
  return answerChallenge(deps, token, 'answer', answer.method, origin, async (tx, subject, challenge) => {
    const now = deps.clock.now();
    if (answer.method === 'totp') {
      const result = await checkTotpCode(tx, deps.keys, subject, normalizeOtpInput(answer.code), false);
      if (result === 'ok') return { ok: true, value: undefined };
      return { ok: false, code: result === 'none' ? 'mfa.method_unavailable' : 'mfa.code_invalid' };
    }
    if (answer.method === 'recovery_code') {
      if (!(await consumeRecoveryCode(tx, subject.userId, hashRecoveryCode(answer.code), now))) return { ok: false, code: 'mfa.recovery_code_invalid' };
      const { recoveryCodesLeft } = await factorSummary(tx, subject.userId);
      await recordTenantEvent(tx, deps.clock, subject.tenantId, origin, {
        actor: auditActorOf(subject),
        action: 'auth.mfa.recovery_code_used',
        target: { type: 'user', id: subject.userId },
        result: 'success',
        details: { remaining: recoveryCodesLeft },
      });
      return { ok: true, value: undefined };
    }
    const passkey = challenge.webauthnChallenge ? await findPasskeyByCredential(tx, subject.userId, answer.response.id) : undefined;
    const counter = passkey && challenge.webauthnChallenge ? await verifyAuthentication(deps.rp, answer.response, challenge.webauthnChallenge, passkey) : undefined;
    if (!passkey || counter === undefined) return { ok: false, code: 'mfa.passkey_failed' };
    await touchPasskey(tx, passkey.id, counter, now);
    return { ok: true, value: undefined };
  });
}

/** WebAuthn options to sign in with one of the challenge user's passkeys. */
export async function passkeyOptionsForChallenge(deps: MfaDeps, token: string, origin: AuditOrigin): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { tenantId, tokenHash } = parseChallengeToken(token);
  return withTenant(deps.db, tenantId, async (tx) => {
    const challenge = await requireOpenChallenge(tx, deps.clock, tokenHash, 'answer');
    const passkeys = await listPasskeys(tx, challenge.userId);
    if (passkeys.length === 0) throw new AppError('mfa.method_unavailable');
    const options = await authenticationOptions(deps.rp, passkeys);
    await setChallengeWebauthn(tx, challenge.id, options.challenge);
    await recordTenantEvent(tx, deps.clock, tenantId, origin, {
      actor: auditActorOf({ tenantId, userId: challenge.userId }),
      action: 'auth.mfa.passkey_requested',
      target: { type: 'user', id: challenge.userId },
      result: 'success',
    });
    return options;
  });
}

/** Required enrolment at sign-in: a pending authenticator for the challenge's user. */
export async function startEnrolmentTotp(deps: MfaDeps, token: string, origin: AuditOrigin): Promise<TotpSetup> {
  const { tenantId, tokenHash } = parseChallengeToken(token);
  return withTenant(deps.db, tenantId, async (tx) => {
    const challenge = await requireOpenChallenge(tx, deps.clock, tokenHash, 'enrol');
    const subject = { tenantId, userId: challenge.userId };
    const user = await findMfaUser(tx, challenge.userId);
    const setup = user ? await beginTotp(tx, deps.keys, subject, user.email, TOTP_ISSUER) : undefined;
    if (!setup) throw new AppError('mfa.challenge_invalid', { internal: 'user vanished or enrolled meanwhile' });
    await recordTenantEvent(tx, deps.clock, tenantId, origin, {
      actor: auditActorOf(subject),
      action: 'auth.mfa.enrolment_started',
      target: { type: 'user', id: subject.userId },
      result: 'success',
      details: { method: 'totp', atSignIn: true },
    });
    return setup;
  });
}

/** Required enrolment at sign-in: confirms the authenticator, issues recovery codes, signs in. */
export async function confirmEnrolmentTotp(deps: MfaDeps, token: string, code: string, origin: AuditOrigin): Promise<SignedInResult & { recoveryCodes: string[] | null }> {
  const result = await answerChallenge(deps, token, 'enrol', 'totp', origin, async (tx, subject) => {
    const check = await checkTotpCode(tx, deps.keys, subject, normalizeOtpInput(code), true);
    if (check !== 'ok') return { ok: false, code: check === 'none' ? 'mfa.enrolment_not_started' : 'mfa.code_invalid' };
    const recoveryCodes = await recoveryCodesForFirstFactor(tx, subject, deps.clock.now());
    await recordTenantEvent(tx, deps.clock, subject.tenantId, origin, {
      actor: auditActorOf(subject),
      action: 'auth.mfa.enrolled',
      target: { type: 'user', id: subject.userId },
      result: 'success',
      details: { method: 'totp', atSignIn: true, codesIssued: recoveryCodes !== null },
    });
    return { ok: true, value: recoveryCodes };
  });
  return { cookieValue: result.cookieValue, expiresAt: result.expiresAt, recoveryCodes: result.value };
}

/** Required enrolment at sign-in: WebAuthn options to register a first passkey. */
export async function enrolmentPasskeyOptions(deps: MfaDeps, token: string, origin: AuditOrigin): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { tenantId, tokenHash } = parseChallengeToken(token);
  return withTenant(deps.db, tenantId, async (tx) => {
    const challenge = await requireOpenChallenge(tx, deps.clock, tokenHash, 'enrol');
    const user = await findMfaUser(tx, challenge.userId);
    if (!user) throw new AppError('mfa.challenge_invalid', { internal: 'challenge user vanished' });
    const options = await registrationOptions(deps.rp, { id: user.id, email: user.email, displayName: user.displayName }, await listPasskeys(tx, user.id));
    await setChallengeWebauthn(tx, challenge.id, options.challenge);
    await recordTenantEvent(tx, deps.clock, tenantId, origin, {
      actor: auditActorOf({ tenantId, userId: user.id }),
      action: 'auth.passkey.registration_started',
      target: { type: 'user', id: user.id },
      result: 'success',
      details: { atSignIn: true },
    });
    return options;
  });
}

/** Required enrolment at sign-in: stores the first passkey, issues recovery codes, signs in. */
export async function finishEnrolmentPasskey(
  deps: MfaDeps,
  token: string,
  input: { name: string; response: RegistrationResponseJSON },
  origin: AuditOrigin,
): Promise<SignedInResult & { recoveryCodes: string[] | null }> {
  const result = await answerChallenge(deps, token, 'enrol', 'passkey', origin, async (tx, subject, challenge) => {
    if (!challenge.webauthnChallenge) return { ok: false, code: 'mfa.passkey_failed' };
    const stored = await storeVerifiedPasskey(tx, deps, subject, { ...input, expectedChallenge: challenge.webauthnChallenge }, origin);
    return stored ? { ok: true, value: stored.recoveryCodes } : { ok: false, code: 'mfa.passkey_failed' };
  });
  return { cookieValue: result.cookieValue, expiresAt: result.expiresAt, recoveryCodes: result.value };
}
