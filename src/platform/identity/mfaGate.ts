import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';

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
  _tx: Tx,
  _clock: Clock,
  _user: { tenantId: string; userId: string },
): Promise<SecondFactorChallenge | undefined> {
  return undefined;
}
