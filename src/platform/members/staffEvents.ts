import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';
import { recordOperatorEvent, recordTenantEvent, type AuditOrigin } from '../audit/index.js';
import { staffAuditActor, type StaffActorRef } from './memberContext.js';

/**
 * A staff action on a tenant's members is written twice in the same transaction: in the
 * tenant's event log (its admins see what the provider did) and in the operator work log
 * (white paper 12.4.3), both naming the tenant's request it answers.
 */
export async function recordStaffMemberEvent(
  tx: Tx,
  clock: Clock,
  origin: AuditOrigin,
  staff: StaffActorRef,
  event: {
    tenantId: string;
    tenantAction: string;
    operatorAction: string;
    target: { type: string; id: string };
    requestRef: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  const details = { ...event.details, requestRef: event.requestRef };
  await recordTenantEvent(tx, clock, event.tenantId, origin, {
    actor: staffAuditActor(staff),
    action: event.tenantAction,
    target: event.target,
    result: 'success',
    details,
  });
  await recordOperatorEvent(tx, clock, origin, {
    actor: staffAuditActor(staff),
    action: event.operatorAction,
    customerId: event.tenantId,
    target: event.target,
    result: 'success',
    details,
  });
}
