import { withTenant } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import type { AuditOrigin } from '../../audit/index.js';
import { queueMail } from '../../mail/index.js';
import type { StaffActor } from '../../staff/index.js';
import { lockTenant, recordContractEvent, type ContractDeps } from '../contractContext.js';
import { setTenantSuspension } from '../contractRepository.js';
import type { ResumeTenantInput, SuspendTenantInput } from '../schemas.js';

/**
 * Staff suspend a tenant: nobody of it can sign in any more (sign-in, reset and first-login
 * links check the tenant's status), every open session is ended and half-done sign-ins
 * expire at once. Data stays as it is; the contact address is told.
 */
export async function suspendTenant(
  deps: ContractDeps,
  staff: Pick<StaffActor, 'staffId' | 'displayName'>,
  tenantId: string,
  input: SuspendTenantInput,
  origin: AuditOrigin,
): Promise<{ status: 'suspended'; suspendedAt: Date; sessionsEnded: number }> {
  return withTenant(deps.db, tenantId, async (tx) => {
    const now = deps.clock.now();
    const tenant = await lockTenant(tx, tenantId);
    if (tenant.status === 'suspended') throw new AppError('contracts.already_suspended');
    if (tenant.status !== 'active') throw new AppError('contracts.tenant_not_active');
    await setTenantSuspension(tx, tenantId, { at: now, reason: input.reason }, now);
    const sessions = await tx.query('UPDATE platform.sessions SET revoked_at = $1 WHERE revoked_at IS NULL AND expires_at > $1', [now]);
    await tx.query('UPDATE platform.mfa_challenges SET expires_at = $1 WHERE used_at IS NULL AND expires_at > $1', [now]);
    await queueMail(tx, deps.clock, {
      to: tenant.contactEmail,
      template: 'tenant.suspended',
      lang: 'ja',
      params: { tenantName: tenant.name, companyCode: tenant.code, suspendedAt: now },
      customerId: tenantId,
    });
    await recordContractEvent(tx, deps.clock, origin, staff, {
      tenantId,
      tenantAction: 'tenant.suspended',
      operatorAction: 'ops.tenant.suspended',
      target: { type: 'tenant', id: tenantId },
      requestRef: input.requestRef,
      details: { reason: input.reason, sessionsEnded: sessions.rowCount },
    });
    return { status: 'suspended', suspendedAt: now, sessionsEnded: sessions.rowCount };
  });
}

/** Staff resume a suspended tenant: its users can sign in again (with a new session). */
export async function resumeTenant(
  deps: ContractDeps,
  staff: Pick<StaffActor, 'staffId' | 'displayName'>,
  tenantId: string,
  input: ResumeTenantInput,
  origin: AuditOrigin,
): Promise<{ status: 'active' }> {
  return withTenant(deps.db, tenantId, async (tx) => {
    const now = deps.clock.now();
    const tenant = await lockTenant(tx, tenantId);
    if (tenant.status !== 'suspended') throw new AppError('contracts.not_suspended');
    await setTenantSuspension(tx, tenantId, null, now);
    await queueMail(tx, deps.clock, {
      to: tenant.contactEmail,
      template: 'tenant.resumed',
      lang: 'ja',
      params: { tenantName: tenant.name, companyCode: tenant.code, resumedAt: now, loginUrl: `${deps.publicUrl}/login?company=${encodeURIComponent(tenant.code)}` },
      customerId: tenantId,
    });
    await recordContractEvent(tx, deps.clock, origin, staff, {
      tenantId,
      tenantAction: 'tenant.resumed',
      operatorAction: 'ops.tenant.resumed',
      target: { type: 'tenant', id: tenantId },
      requestRef: input.requestRef,
      details: { suspendedAt: tenant.suspendedAt ? new Date(tenant.suspendedAt).toISOString() : null, reason: tenant.suspensionReason },
    });
    return { status: 'active' };
  });
}
