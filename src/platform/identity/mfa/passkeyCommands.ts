import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { AppError } from '../../../core/errors.js';
import { withTenant, type Tx } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import { deleteExpiredCeremonies, insertCeremony, takeCeremony } from './challengeRepository.js';
import { auditActorOf, type MfaDeps, type MfaSubject } from './deps.js';
import { deletePasskey, findPasskeyByCredential, insertPasskey, listPasskeys, renamePasskey } from './factorRepository.js';
import { checkFactorRemoval, dropRecoveryCodes, recoveryCodesForFirstFactor } from './factors.js';
import { registrationOptions, verifyRegistration, WEBAUTHN_TIMEOUT_MS } from './webauthn.js';

type SignedIn = MfaSubject & { email: string; displayName: string };

/** Passkey names are shown in lists; control characters and surrounding spaces go. */
export function cleanPasskeyName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.normalize('NFKC').replace(/[\u0000-\u001f\u007f]/g, '').trim();
}

/**
 * Opens a passkey registration for a signed-in user: WebAuthn options with a random challenge,
 * remembered server-side for a few minutes under the returned ceremony id.
 */
export async function startPasskeyRegistration(
  deps: MfaDeps,
  user: SignedIn,
  origin: AuditOrigin,
): Promise<{ ceremonyId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  return withTenant(deps.db, user.tenantId, async (tx) => {
    const now = deps.clock.now();
    await deleteExpiredCeremonies(tx, user.userId, now);
    const options = await registrationOptions(deps.rp, { id: user.userId, email: user.email, displayName: user.displayName }, await listPasskeys(tx, user.userId));
    const ceremonyId = await insertCeremony(tx, {
      tenantId: user.tenantId,
      userId: user.userId,
      challenge: options.challenge,
      at: now,
      expiresAt: new Date(now.getTime() + WEBAUTHN_TIMEOUT_MS),
    });
    await recordTenantEvent(tx, deps.clock, user.tenantId, origin, {
      actor: auditActorOf(user),
      action: 'auth.passkey.registration_started',
      target: { type: 'user', id: user.userId },
      result: 'success',
    });
    return { ceremonyId, options };
  });
}

/**
 * Verifies the browser's answer and stores the passkey; the shared core of registration while
 * signed in and during a required enrolment at sign-in. Undefined when verification fails.
 */
export async function storeVerifiedPasskey(
  tx: Tx,
  deps: MfaDeps,
  subject: MfaSubject,
  input: { name: string; response: RegistrationResponseJSON; expectedChallenge: string },
  origin: AuditOrigin,
): Promise<{ passkeyId: string; recoveryCodes: string[] | null } | undefined> {
  const verified = await verifyRegistration(deps.rp, input.response, input.expectedChallenge);
  if (!verified) return undefined;
  if (await findPasskeyByCredential(tx, subject.userId, verified.credentialId)) throw new AppError('mfa.passkey_duplicate');
  const now = deps.clock.now();
  const name = cleanPasskeyName(input.name);
  const passkeyId = await insertPasskey(tx, { tenantId: subject.tenantId, userId: subject.userId, ...verified, name, at: now });
  const recoveryCodes = await recoveryCodesForFirstFactor(tx, subject, now);
  await recordTenantEvent(tx, deps.clock, subject.tenantId, origin, {
    actor: auditActorOf(subject),
    action: 'auth.passkey.registered',
    target: { type: 'passkey', id: passkeyId },
    result: 'success',
    details: { name, codesIssued: recoveryCodes !== null },
  });
  return { passkeyId, recoveryCodes };
}

/** Completes a signed-in user's passkey registration started by `startPasskeyRegistration`. */
export async function finishPasskeyRegistration(
  deps: MfaDeps,
  user: SignedIn,
  input: { ceremonyId: string; name: string; response: RegistrationResponseJSON },
  origin: AuditOrigin,
): Promise<{ passkeyId: string; recoveryCodes: string[] | null }> {
  const result = await withTenant(deps.db, user.tenantId, async (tx) => {
    const expectedChallenge = await takeCeremony(tx, user.userId, input.ceremonyId, deps.clock.now());
    if (!expectedChallenge) return undefined;
    return storeVerifiedPasskey(tx, deps, user, { ...input, expectedChallenge }, origin);
  });
  if (!result) throw new AppError('mfa.passkey_failed');
  return result;
}

/** Renames one of the user's own passkeys; another user's or tenant's id answers 404. */
export async function renameOwnPasskey(deps: MfaDeps, user: SignedIn, passkeyId: string, name: string, origin: AuditOrigin): Promise<void> {
  await withTenant(deps.db, user.tenantId, async (tx) => {
    const clean = cleanPasskeyName(name);
    if (!(await renamePasskey(tx, user.userId, passkeyId, clean))) throw new AppError('not_found');
    await recordTenantEvent(tx, deps.clock, user.tenantId, origin, {
      actor: auditActorOf(user),
      action: 'auth.passkey.renamed',
      target: { type: 'passkey', id: passkeyId },
      result: 'success',
      details: { name: clean },
    });
  });
}

/**
 * Deletes one of the user's own passkeys. Refused when it is the last factor and the tenant
 * requires MFA; with the last factor the recovery codes go too.
 */
export async function removeOwnPasskey(deps: MfaDeps, user: SignedIn, passkeyId: string, origin: AuditOrigin): Promise<void> {
  await withTenant(deps.db, user.tenantId, async (tx) => {
    const owned = (await listPasskeys(tx, user.userId)).some((p) => p.id === passkeyId);
    if (!owned) throw new AppError('not_found');
    const removal = await checkFactorRemoval(tx, user.userId, 'passkey');
    if (!removal.allowed) throw new AppError('mfa.last_factor_required');
    const deleted = await deletePasskey(tx, user.userId, passkeyId);
    if (!deleted) throw new AppError('not_found');
    if (removal.last) await dropRecoveryCodes(tx, user.userId);
    await recordTenantEvent(tx, deps.clock, user.tenantId, origin, {
      actor: auditActorOf(user),
      action: 'auth.passkey.removed',
      target: { type: 'passkey', id: passkeyId },
      result: 'success',
      details: { name: deleted.name },
    });
  });
}
