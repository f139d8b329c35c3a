import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';
import { getTenantSettings } from '../tenancy/index.js';
import { openChallenge, type SecondFactorMethod } from './mfa/challenges.js';
import { factorSummary } from './mfa/factorRepository.js';
import { hasFactor } from './mfa/factors.js';

/** What a user must still do after a correct password before a session is created. */
export interface SecondFactorChallenge {
  /** Opaque, single-use token the client sends back with the second factor. */
  token: string;
  /** Factors the user can answer with, e.g. `totp`, `recovery_code`, `passkey`. */
  methods: string[];
  /** True when the tenant requires MFA and the user has no factor yet: enrol first. */
  enrolmentRequired: boolean;
  expiresAt: Date;
}

/**
 * Decides, after the password was verified, whether a second factor is needed, and if so
 * opens a challenge. Undefined means the password alone completes sign-in: the user has no
 * factor enrolled and the tenant does not require one.
 */
export async function secondFactorFor(
  tx: Tx,
  clock: Clock,
  user: { tenantId: string; userId: string },
): Promise<SecondFactorChallenge | undefined> {
  const factors = await factorSummary(tx, user.userId);
  const enrolled = hasFactor(factors);
  if (!enrolled && !(await getTenantSettings(tx)).mfaRequired) return undefined;
  const methods: SecondFactorMethod[] = [];
  if (factors.totp) methods.push('totp');
  if (factors.passkeys > 0) methods.push('passkey');
  if (enrolled && factors.recoveryCodesLeft > 0) methods.push('recovery_code');
  const { token, expiresAt } = await openChallenge(tx, clock, user, !enrolled);
  return { token, methods, enrolmentRequired: !enrolled, expiresAt };
}

// The MFA policy command is part of the identity module's public face (staff call it too).
export { setTenantMfaRequired, type MfaPolicyActor } from './mfa/mfaPolicy.js';
