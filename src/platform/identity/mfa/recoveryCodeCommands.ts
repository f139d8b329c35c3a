import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import { auditActorOf, type MfaDeps, type MfaSubject } from './deps.js';
import { factorSummary } from './factorRepository.js';
import { hasFactor, issueRecoveryCodes } from './factors.js';

/**
 * Replaces the user's recovery codes with ten new ones (the old ones stop working) and
 * returns them, to be shown once. Only for a user with a factor to recover.
 */
export async function regenerateRecoveryCodes(deps: MfaDeps, user: MfaSubject & { displayName: string }, origin: AuditOrigin): Promise<string[]> {
  return withTenant(deps.db, user.tenantId, async (tx) => {
    if (!hasFactor(await factorSummary(tx, user.userId))) throw new AppError('mfa.no_factor');
    const codes = await issueRecoveryCodes(tx, user, deps.clock.now());
    await recordTenantEvent(tx, deps.clock, user.tenantId, origin, {
      actor: auditActorOf(user),
      action: 'auth.mfa.recovery_codes_regenerated',
      target: { type: 'user', id: user.userId },
      result: 'success',
      details: { count: codes.length },
    });
    return codes;
  });
}
