import type { Clock } from '../../core/clock.js';
import { withoutTenant, type Database } from '../../core/db/index.js';
import { recordOperatorEvent } from '../audit/index.js';
import { queueMail } from '../mail/index.js';
import { jstDate } from '../tenancy/index.js';
import { calendarDateText } from './dateText.js';

/** Reminders go out this many days before the purge date: the earlier one, then the last call. */
export const REMINDER_DAYS = [30, 7] as const;

export interface ReminderDeps {
  db: Database;
  clock: Clock;
  publicUrl: string;
}

interface Candidate {
  id: string;
  code: string;
  name: string;
  contact_email: string;
  purge_on: string;
  ended_on: string | null;
  days_left: number;
}

/**
 * Mails the contact address of every tenant whose purge date is 30 or fewer days away (and not
 * renewed): once at 30 days, once more at 7. Inside the last 7 days only the last call goes out.
 * Each reminder is a row keyed by tenant, purge date and kind, so a run repeated, or two nodes
 * at once, send it once; a tenant renewed and ended again gets reminders for its new date.
 */
export async function sendPurgeReminders(deps: ReminderDeps): Promise<number> {
  const { db, clock, publicUrl } = deps;
  const today = jstDate(clock.now());
  const candidates = await withoutTenant(db, async (tx) =>
    (
      await tx.query<Candidate>(
        `SELECT t.id, t.code, t.name, t.contact_email, t.purge_on::text AS purge_on,
                (SELECT max(c.ends_on)::text FROM ops.contracts c WHERE c.customer_id = t.id) AS ended_on,
                (t.purge_on - $1::date)::int AS days_left
           FROM ops.tenants t
          WHERE t.status <> 'purged' AND t.purge_on IS NOT NULL AND t.purge_on > $1::date AND t.purge_on <= $1::date + $2::int
            AND t.contact_email <> ''
            AND NOT EXISTS (SELECT 1 FROM ops.contracts c WHERE c.customer_id = t.id AND (c.ends_on IS NULL OR c.ends_on >= $1::date))
          ORDER BY t.purge_on, t.id`,
        [today, REMINDER_DAYS[0]],
      )
    ).rows,
  );
  let sent = 0;
  for (const tenant of candidates) {
    const daysBefore = tenant.days_left <= REMINDER_DAYS[1] ? REMINDER_DAYS[1] : REMINDER_DAYS[0];
    const mailed = await withoutTenant(db, async (tx) => {
      const now = clock.now();
      const { rowCount } = await tx.query(
        `INSERT INTO ops.purge_reminders (customer_id, purge_on, days_before, sent_at) VALUES ($1, $2::date, $3, $4)
         ON CONFLICT (customer_id, purge_on, days_before) DO NOTHING`,
        [tenant.id, tenant.purge_on, daysBefore, now],
      );
      if (rowCount === 0) return false;
      // Tenants carry no language of their own; the contact reads Japanese first.
      const mailId = await queueMail(tx, clock, {
        to: tenant.contact_email,
        template: 'lifecycle.purge_reminder',
        lang: 'ja',
        params: {
          tenantName: tenant.name,
          companyCode: tenant.code,
          contractEndDate: tenant.ended_on ? calendarDateText(tenant.ended_on, 'ja') : '—',
          purgeDate: calendarDateText(tenant.purge_on, 'ja'),
          daysLeft: String(tenant.days_left),
          exportUrl: `${publicUrl}/settings/export`,
        },
        customerId: tenant.id,
      });
      await tx.query('UPDATE ops.purge_reminders SET mail_id = $4 WHERE customer_id = $1 AND purge_on = $2::date AND days_before = $3', [
        tenant.id,
        tenant.purge_on,
        daysBefore,
        mailId,
      ]);
      await recordOperatorEvent(tx, clock, {}, {
        actor: { type: 'system' },
        action: 'lifecycle.purge_reminder.sent',
        target: { type: 'tenant', id: tenant.id },
        result: 'success',
        customerId: tenant.id,
        details: { purgeOn: tenant.purge_on, daysBefore, daysLeft: tenant.days_left },
      });
      return true;
    });
    if (mailed) sent++;
  }
  return sent;
}
