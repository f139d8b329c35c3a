import { withoutTenant } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { recordOperatorEvent, staffAuditActor, type AuditOrigin, type StaffRef } from '../../audit/index.js';
import type { MaintenanceDeps } from '../maintenanceDeps.js';
import { findNotice, listNoticeTenants, markCancelled, statusOf } from '../noticeRepository.js';
import { notifyTenant } from '../notifyTenant.js';

/**
 * Staff cancel a maintenance that has not ended: every tenant it affects is told, the banner
 * goes away, and the reason is kept in the operator log.
 */
export async function cancelMaintenance(deps: MaintenanceDeps, staff: StaffRef, noticeId: string, reason: string, origin: AuditOrigin): Promise<{ notified: number }> {
  const now = deps.clock.now();
  const actor = staffAuditActor(staff);
  return withoutTenant(deps.db, async (tx) => {
    const notice = await findNotice(tx, noticeId, { forUpdate: true });
    if (!notice) throw new AppError('not_found');
    const status = statusOf(notice, now);
    if (status === 'cancelled' || status === 'past') throw new AppError('maintenance.closed');
    await markCancelled(tx, noticeId, { at: now, byName: staff.displayName, reason });
    const affected = (await listNoticeTenants(tx, noticeId)).filter((t) => t.affected);
    const ctx = { clock: deps.clock, registry: deps.registry, actor, origin };
    for (const tenant of affected) {
      await notifyTenant(tx, ctx, { noticeId, revision: notice.revision, tenant, kind: 'cancelled', content: notice });
    }
    await recordOperatorEvent(tx, deps.clock, origin, {
      actor,
      action: 'ops.maintenance.cancelled',
      target: { type: 'maintenance_notice', id: noticeId },
      result: 'success',
      reason,
      details: { startsAt: notice.startsAt.toISOString(), endsAt: notice.endsAt.toISOString(), notifiedCustomers: affected.map((t) => t.id) },
    });
    return { notified: affected.length };
  });
}
