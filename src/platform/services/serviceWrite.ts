import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';
import { recordTenantEvent, type AuditChange, type AuditOrigin, type AuditTarget } from '../audit/index.js';
import type { UserActor } from '../identity/index.js';

/** What a service's command writes with: the acting tenant's transaction, the clock, who acts and from where. */
export interface ServiceWrite {
  tx: Tx;
  clock: Clock;
  actor: UserActor;
  origin: AuditOrigin;
}

/**
 * Records a signed-in user's change as a successful event in the acting tenant's audit log, in
 * the command's transaction (so the event and the change commit or roll back together).
 */
export async function auditUserChange(
  w: ServiceWrite,
  action: string,
  target: AuditTarget,
  details?: Record<string, unknown>,
  changes?: AuditChange,
): Promise<void> {
  await recordTenantEvent(w.tx, w.clock, w.actor.tenantId, w.origin, {
    actor: { type: 'user', id: w.actor.userId, name: w.actor.displayName },
    action,
    target,
    result: 'success',
    ...(details ? { details } : {}),
    ...(changes ? { changes } : {}),
  });
}
