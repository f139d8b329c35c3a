import type { Clock } from '../../../core/clock.js';
import type { Tx } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditActor, type AuditOrigin } from '../../audit/index.js';
import { getTenantSettings, updateTenantSettings } from '../../tenancy/index.js';

/** Who may switch a tenant's MFA policy: one of its admins, or staff at the tenant's request. */
export type MfaPolicyActor = AuditActor & { type: 'user' | 'staff'; id: string };

/**
 * Sets whether the tenant requires MFA of all its users, in the caller's tenant transaction
 * (`withTenant`), recording `tenant.mfa_policy.changed` with the actor (a tenant admin or
 * staff). Users without a factor must enrol at their next sign-in; sessions already open stay.
 * The caller has checked the actor may do this (route permission or staff role).
 */
export async function setTenantMfaRequired(
  tx: Tx,
  clock: Clock,
  tenantId: string,
  required: boolean,
  actor: MfaPolicyActor,
  origin: AuditOrigin,
): Promise<{ mfaRequired: boolean; changed: boolean }> {
  const before = await getTenantSettings(tx);
  if (before.mfaRequired === required) return { mfaRequired: required, changed: false };
  await updateTenantSettings(tx, tenantId, clock.now(), { mfaRequired: required });
  await recordTenantEvent(tx, clock, tenantId, origin, {
    actor,
    action: 'tenant.mfa_policy.changed',
    target: { type: 'tenant', id: tenantId },
    result: 'success',
    details: { mfaRequired: required, previous: before.mfaRequired },
  });
  return { mfaRequired: required, changed: true };
}
