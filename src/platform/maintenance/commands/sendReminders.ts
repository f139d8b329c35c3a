import type { Clock } from '../../../core/clock.js';
import { withoutTenant, type Database } from '../../../core/db/index.js';
import { recordOperatorEvent } from '../../audit/index.js';
import type { ServiceRegistry } from '../../services/index.js';
import { claimReminder, findDueReminders, findNotice, findTenantContact, statusOf } from '../noticeRepository.js';
import { notifyTenant } from '../notifyTenant.js';
import { DAY_MS } from '../startRules.js';

/**
 * The reminder the day before (12.1.2): each tenant affected by a maintenance starting within
 * 24 hours, and last told before those 24 hours began, gets one reminder. Idempotent: a
 * tenant's reminder is claimed on its row, so runs that overlap or repeat send it once.
 * One transaction per notice; returns the number of reminders sent.
 */
export async function sendDueReminders(deps: { db: Database; clock: Clock; registry: ServiceRegistry }): Promise<number> {
  const now = deps.clock.now();
  const due = await withoutTenant(deps.db, (tx) => findDueReminders(tx, now, DAY_MS));
  const byNotice = new Map<string, string[]>();
  for (const d of due) byNotice.set(d.noticeId, [...(byNotice.get(d.noticeId) ?? []), d.customerId]);
  let sent = 0;
  for (const [noticeId, customerIds] of byNotice) {
    sent += await withoutTenant(deps.db, async (tx) => {
      // Locked like a change, so a change or cancellation in between is seen here.
      const notice = await findNotice(tx, noticeId, { forUpdate: true });
      if (!notice || statusOf(notice, now) !== 'upcoming' || notice.startsAt.getTime() > now.getTime() + DAY_MS) return 0;
      const ctx = { clock: deps.clock, registry: deps.registry, actor: { type: 'system' as const }, origin: {} };
      const reminded: string[] = [];
      for (const customerId of customerIds) {
        if (!(await claimReminder(tx, noticeId, customerId, now))) continue;
        const tenant = await findTenantContact(tx, customerId);
        if (!tenant) continue;
        await notifyTenant(tx, ctx, { noticeId, revision: notice.revision, tenant, kind: 'reminder', content: notice });
        reminded.push(customerId);
      }
      if (reminded.length > 0) {
        await recordOperatorEvent(tx, deps.clock, {}, {
          actor: { type: 'system' },
          action: 'ops.maintenance.reminded',
          target: { type: 'maintenance_notice', id: noticeId },
          result: 'success',
          details: { startsAt: notice.startsAt.toISOString(), notifiedCustomers: reminded },
        });
      }
      return reminded.length;
    });
  }
  return sent;
}
