import { withoutTenant } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { recordOperatorEvent, staffAuditActor, type AuditOrigin, type StaffRef } from '../../audit/index.js';
import type { MaintenanceDeps } from '../maintenanceDeps.js';
import { findAffectedTenants, findNotice, listNoticeTenants, markAffected, markTold, statusOf, updateNotice, type Notice } from '../noticeRepository.js';
import { notifyTenant, type NoticeContent } from '../notifyTenant.js';
import type { NoticeChange } from '../schemas.js';
import { checkEnd, checkStart } from '../startRules.js';
import { contentOf } from './scheduleMaintenance.js';

function sameContent(notice: Notice, next: NoticeContent): boolean {
  return (
    notice.startsAt.getTime() === next.startsAt.getTime() &&
    notice.endsAt.getTime() === next.endsAt.getTime() &&
    notice.services.join(',') === next.services.join(',') &&
    notice.descriptionJa === next.descriptionJa &&
    notice.descriptionEn === next.descriptionEn
  );
}

function summary(c: NoticeContent) {
  return { startsAt: c.startsAt.toISOString(), endsAt: c.endsAt.toISOString(), services: [...c.services], descriptionJa: c.descriptionJa, descriptionEn: c.descriptionEn };
}

/**
 * Staff change a maintenance that has not ended: the window, the services or the description.
 * A moved start follows the lead-time rule again unless urgent. Tenants affected before and
 * still affected, or no longer affected, get the change; tenants newly affected get the
 * notice as if it were new. A change made from an older version is refused (409), so two
 * staff members never overwrite each other's notice unawares. One transaction with the logs.
 */
export async function changeMaintenance(deps: MaintenanceDeps, staff: StaffRef, noticeId: string, input: NoticeChange, origin: AuditOrigin): Promise<{ revision: number; notified: number }> {
  const now = deps.clock.now();
  const next = contentOf(input);
  const actor = staffAuditActor(staff);
  return withoutTenant(deps.db, async (tx) => {
    const notice = await findNotice(tx, noticeId, { forUpdate: true });
    if (!notice) throw new AppError('not_found');
    const status = statusOf(notice, now);
    if (status === 'cancelled' || status === 'past') throw new AppError('maintenance.closed');
    // Made from an older version: tenants were told something this change has not seen.
    if (input.revision !== undefined && input.revision !== notice.revision) throw new AppError('conflict');
    const moved = next.startsAt.getTime() !== notice.startsAt.getTime();
    if (moved) checkStart(next.startsAt, input.urgent, now, deps.leadDays);
    checkEnd(next.endsAt, now);
    if (sameContent(notice, next)) throw new AppError('maintenance.unchanged');
    // An urgent reason given for an earlier move stays unless this change says otherwise.
    const urgent = input.urgent || (!moved && notice.urgent);
    const urgentReason = input.urgent ? (input.urgentReason ?? null) : urgent ? notice.urgentReason : null;
    const revision = await updateNotice(tx, noticeId, { ...next, urgent, urgentReason, at: now });

    const before = await listNoticeTenants(tx, noticeId);
    const wasAffected = new Set(before.filter((t) => t.affected).map((t) => t.id));
    const after = await findAffectedTenants(tx, next);
    const isAffected = new Set(after.map((t) => t.id));
    const ctx = { clock: deps.clock, registry: deps.registry, actor, origin };
    const previous = { startsAt: notice.startsAt, endsAt: notice.endsAt };
    for (const tenant of after) {
      if (wasAffected.has(tenant.id)) {
        await markTold(tx, noticeId, tenant.id, true, now);
        await notifyTenant(tx, ctx, { noticeId, revision, tenant, kind: 'changed', content: next, change: { previous, stillAffected: true } });
      } else {
        await markAffected(tx, noticeId, tenant.id, now);
        await notifyTenant(tx, ctx, { noticeId, revision, tenant, kind: 'scheduled', content: next });
      }
    }
    const leaving = before.filter((t) => t.affected && !isAffected.has(t.id));
    for (const tenant of leaving) {
      await markTold(tx, noticeId, tenant.id, false, now);
      await notifyTenant(tx, ctx, { noticeId, revision, tenant, kind: 'changed', content: next, change: { previous, stillAffected: false } });
    }
    await recordOperatorEvent(tx, deps.clock, origin, {
      actor,
      action: 'ops.maintenance.changed',
      target: { type: 'maintenance_notice', id: noticeId },
      result: 'success',
      ...(moved && urgent && urgentReason ? { reason: urgentReason } : {}),
      changes: { before: summary(notice), after: summary(next) },
      details: {
        revision,
        urgent,
        stillAffected: after.filter((t) => wasAffected.has(t.id)).map((t) => t.id),
        newlyAffected: after.filter((t) => !wasAffected.has(t.id)).map((t) => t.id),
        noLongerAffected: leaving.map((t) => t.id),
      },
    });
    return { revision, notified: after.length + leaving.length };
  });
}
