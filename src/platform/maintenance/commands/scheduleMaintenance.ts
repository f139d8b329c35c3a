import { randomUUID } from 'node:crypto';
import { withoutTenant } from '../../../core/db/index.js';
import { recordOperatorEvent, staffAuditActor, type AuditOrigin, type StaffRef } from '../../audit/index.js';
import type { MaintenanceDeps } from '../maintenanceDeps.js';
import { findAffectedTenants, insertNotice, markAffected } from '../noticeRepository.js';
import { notifyTenant, orderedServices, type NoticeContent } from '../notifyTenant.js';
import type { NoticeInput } from '../schemas.js';
import { checkStart } from '../startRules.js';

/** The content tenants are told, from what staff entered. */
export function contentOf(input: NoticeInput): NoticeContent {
  return {
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    services: orderedServices(input.services),
    descriptionJa: input.descriptionJa,
    descriptionEn: input.descriptionEn,
  };
}

/**
 * Staff schedule a maintenance (12.1.2): refused inside the lead time unless urgent; every
 * tenant with a contract for an affected service running during the window is mailed at its
 * contact address, all in one transaction with the notice and the logs.
 */
export async function scheduleMaintenance(deps: MaintenanceDeps, staff: StaffRef, input: NoticeInput, origin: AuditOrigin): Promise<{ id: string; notified: number }> {
  const now = deps.clock.now();
  const content = contentOf(input);
  checkStart(content.startsAt, input.urgent, now, deps.leadDays);
  const urgentReason = input.urgent ? (input.urgentReason ?? null) : null;
  const id = randomUUID();
  const actor = staffAuditActor(staff);
  return withoutTenant(deps.db, async (tx) => {
    await insertNotice(tx, { id, ...content, urgent: input.urgent, urgentReason, by: { id: staff.staffId, name: staff.displayName }, at: now });
    const tenants = await findAffectedTenants(tx, content);
    const ctx = { clock: deps.clock, registry: deps.registry, actor, origin };
    for (const tenant of tenants) {
      await markAffected(tx, id, tenant.id, now);
      await notifyTenant(tx, ctx, { noticeId: id, revision: 1, tenant, kind: 'scheduled', content });
    }
    await recordOperatorEvent(tx, deps.clock, origin, {
      actor,
      action: 'ops.maintenance.scheduled',
      target: { type: 'maintenance_notice', id },
      result: 'success',
      ...(urgentReason ? { reason: urgentReason } : {}),
      details: {
        startsAt: content.startsAt.toISOString(),
        endsAt: content.endsAt.toISOString(),
        services: content.services,
        urgent: input.urgent,
        notifiedCustomers: tenants.map((t) => t.id),
      },
    });
    return { id, notified: tenants.length };
  });
}
