import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import { verifyPassword } from '../passwordHashing.js';
import { auditActorOf, TOTP_ISSUER, type MfaDeps, type MfaSubject } from './deps.js';
import { deleteTotp, findMfaUser, findTotp } from './factorRepository.js';
import { beginTotp, checkFactorRemoval, checkTotpCode, dropRecoveryCodes, recoveryCodesForFirstFactor, type TotpSetup } from './factors.js';
import { normalizeOtpInput } from './totp.js';

type SignedIn = MfaSubject & { email: string; displayName: string };

/**
 * Starts setting up an authenticator app for a signed-in user: a new secret, stored encrypted
 * and inactive until confirmed with a code. Refused while a confirmed one exists.
 */
export async function startTotpEnrolment(deps: MfaDeps, user: SignedIn, origin: AuditOrigin): Promise<TotpSetup> {
  return withTenant(deps.db, user.tenantId, async (tx) => {
    const setup = await beginTotp(tx, deps.keys, user, user.email, TOTP_ISSUER);
    if (!setup) throw new AppError('mfa.totp_already_enrolled');
    await recordTenantEvent(tx, deps.clock, user.tenantId, origin, {
      actor: auditActorOf(user),
      action: 'auth.mfa.enrolment_started',
      target: { type: 'user', id: user.userId },
      result: 'success',
      details: { method: 'totp' },
    });
    return setup;
  });
}

/**
 * Activates the pending authenticator once the user proves it works with a current code.
 * Returns the recovery codes when this is the user's first factor (shown once), else null.
 */
export async function confirmTotpEnrolment(deps: MfaDeps, user: SignedIn, code: string, origin: AuditOrigin): Promise<{ recoveryCodes: string[] | null }> {
  return withTenant(deps.db, user.tenantId, async (tx) => {
    const result = await checkTotpCode(tx, deps.keys, user, normalizeOtpInput(code), true);
    if (result === 'none') throw new AppError('mfa.enrolment_not_started');
    if (result === 'wrong') throw new AppError('mfa.code_invalid');
    const recoveryCodes = await recoveryCodesForFirstFactor(tx, user, deps.clock.now());
    await recordTenantEvent(tx, deps.clock, user.tenantId, origin, {
      actor: auditActorOf(user),
      action: 'auth.mfa.enrolled',
      target: { type: 'user', id: user.userId },
      result: 'success',
      details: { method: 'totp', codesIssued: recoveryCodes !== null },
    });
    return { recoveryCodes };
  });
}

/** Proof that the person at the keyboard is the user: a current code, or the password. */
export type Reauthentication = { code: string } | { password: string };

/**
 * Removes the user's authenticator app after re-authentication. Refused when it is the last
 * factor and the tenant requires MFA; with the last factor the recovery codes go too.
 */
export async function removeTotp(deps: MfaDeps, user: SignedIn, proof: Reauthentication, origin: AuditOrigin): Promise<void> {
  if ('password' in proof) {
    // Argon2 runs outside any transaction so a slow hash never holds a connection.
    const hash = await withTenant(deps.db, user.tenantId, async (tx) => (await findMfaUser(tx, user.userId))?.passwordHash ?? null);
    if (!hash || !(await verifyPassword(hash, proof.password))) throw new AppError('mfa.reauth_failed');
  }
  await withTenant(deps.db, user.tenantId, async (tx) => {
    const row = await findTotp(tx, user.userId);
    if (!row?.confirmedAt) throw new AppError('mfa.totp_not_enrolled');
    if ('code' in proof && (await checkTotpCode(tx, deps.keys, user, normalizeOtpInput(proof.code), false)) !== 'ok') {
      throw new AppError('mfa.reauth_failed');
    }
    const removal = await checkFactorRemoval(tx, user.userId, 'totp');
    if (!removal.allowed) throw new AppError('mfa.last_factor_required');
    await deleteTotp(tx, user.userId);
    if (removal.last) await dropRecoveryCodes(tx, user.userId);
    await recordTenantEvent(tx, deps.clock, user.tenantId, origin, {
      actor: auditActorOf(user),
      action: 'auth.mfa.removed',
      target: { type: 'user', id: user.userId },
      result: 'success',
      details: { method: 'totp', reauthenticatedWith: 'password' in proof ? 'password' : 'totp' },
    });
  });
}
