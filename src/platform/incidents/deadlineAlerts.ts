import type { Clock } from '../../core/clock.js';
import { withoutTenant, type Database } from '../../core/db/index.js';
import { raiseAlert } from '../alerts/index.js';
import { formatMailDate } from '../mail/index.js';
import { DEADLINE_ALERT_LEAD_MS } from './deadline.js';
import { unsentNearDeadline } from './incidentRepository.js';

export const DEADLINE_CHECK_JOB = 'incidents.deadline_check';
export const DEADLINE_CHECK_EVERY_MS = 5 * 60_000;

/** The staff alert of one tenant's notification: one open alert (and one mail) per breach. */
export function deadlineAlertKey(incidentId: string, customerId: string): string {
  return `incident:${incidentId}:${customerId}`;
}

export interface DeadlineAlertDeps {
  db: Database;
  clock: Clock;
  staffAlertEmail: string;
  publicUrl: string;
}

/**
 * Raises a staff alert for every unsent first notice of an open incident that is due within
 * the hour or overdue. raiseAlert mails once per open alert, so running this every five
 * minutes mails each notification once; sending the notice resolves its alert. Returns how
 * many alerts were newly opened.
 */
export async function checkNotificationDeadlines(deps: DeadlineAlertDeps): Promise<number> {
  const now = deps.clock.now();
  return withoutTenant(deps.db, async (tx) => {
    const due = await unsentNearDeadline(tx, new Date(now.getTime() + DEADLINE_ALERT_LEAD_MS));
    let opened = 0;
    for (const n of due) {
      const overdue = now.getTime() > n.deadline.getTime();
      const deadline = { ja: formatMailDate(n.deadline, 'ja'), en: formatMailDate(n.deadline, 'en') };
      const raised = await raiseAlert(
        tx,
        { clock: deps.clock, staffAlertEmail: deps.staffAlertEmail, publicUrl: deps.publicUrl },
        {
          key: deadlineAlertKey(n.incidentId, n.customerId),
          kind: 'incident_deadline',
          customerId: n.customerId,
          summary: overdue
            ? { ja: `インシデント通知の期限を過ぎています：${n.tenantName}`, en: `Incident notification overdue: ${n.tenantName}` }
            : { ja: `インシデント通知の期限が近づいています：${n.tenantName}`, en: `Incident notification due soon: ${n.tenantName}` },
          detail: {
            ja: `インシデント「${n.title}」の${n.tenantName}への第一報がまだ送信されていません。通知期限は ${deadline.ja} です。運用コンソールのインシデント画面から通知を送信してください。`,
            en: `The first notice of the incident "${n.title}" to ${n.tenantName} has not been sent. The deadline is ${deadline.en}. Send it from the incidents page of the operator console.`,
          },
        },
      );
      if (raised) opened++;
    }
    return opened;
  });
}
