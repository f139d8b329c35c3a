import type { Clock } from '../../../core/clock.js';
import { withTenant, withoutTenant, type Database, type Tx } from '../../../core/db/index.js';
import { recordTenantEvent } from '../../../platform/audit/index.js';
import type { JobRunner } from '../../../platform/jobs/index.js';
import { contractInForce, jstDate } from '../../../platform/tenancy/index.js';
import { ANSWERER_ROLES } from './requestCommands.js';
import { dateLabel, queueSurveyNotices, requestLink, surveyUsersOf } from './requestMail.js';
import { recordRequestEvent } from './requestWrite.js';

/** The daily job that reminds suppliers of respond-by dates. */
export const SURVEY_REMINDER_JOB = 'survey.request_reminders';
/** Once a day, on epoch-aligned periods: at 09:00 JST. */
export const SURVEY_REMINDER_EVERY_MS = 24 * 60 * 60_000;

const WHEN = {
  before: { ja: 'が近づいています', en: 'due soon' },
  after: { ja: 'を過ぎています', en: 'overdue' },
} as const;

interface DueRequest {
  id: string;
  supplier_tenant_id: string | null;
  supplier_email: string;
  requester_name: string;
  title: string;
  respond_by: string;
  kind: 'before' | 'after';
}

/**
 * The tenant's requests due a reminder today (JST): `remind_days_before` days before the
 * respond-by date (not on the day it was sent) and `remind_days_after` days after it, each once,
 * while the supplier still owes the answer.
 */
async function dueRequests(tx: Tx, tenantId: string, today: string): Promise<DueRequest[]> {
  const { rows } = await tx.query<DueRequest>(
    `WITH s AS (SELECT coalesce((SELECT remind_days_before FROM survey.settings WHERE tenant_id = $1), 3) AS before_days,
                       coalesce((SELECT remind_days_after FROM survey.settings WHERE tenant_id = $1), 1) AS after_days)
     SELECT r.id, r.supplier_tenant_id, r.supplier_email, r.requester_name, r.title, r.respond_by::text AS respond_by,
            CASE WHEN $2::date >= r.respond_by + s.after_days THEN 'after' ELSE 'before' END AS kind
       FROM survey.requests r, s
      WHERE r.tenant_id = $1 AND r.status IN ('sent', 'answering', 'returned')
        AND ((r.reminded_after_at IS NULL AND $2::date >= r.respond_by + s.after_days AND $2::date > r.respond_by)
          OR (r.reminded_before_at IS NULL AND $2::date >= r.respond_by - s.before_days AND $2::date <= r.respond_by
              AND ((r.sent_at AT TIME ZONE 'UTC') + interval '9 hours')::date < $2::date))
      ORDER BY r.respond_by, r.id
      FOR UPDATE OF r`,
    [tenantId, today],
  );
  return rows;
}

async function remindOne(tx: Tx, clock: Clock, publicUrl: string, tenantId: string, request: DueRequest): Promise<void> {
  const when = WHEN[request.kind];
  const common = { fromCompany: request.requester_name, title: request.title, respondBy: dateLabel(request.respond_by), whenJa: when.ja, whenEn: when.en };
  let notified: number;
  if (request.supplier_tenant_id) {
    const to = await surveyUsersOf(tx, request.supplier_tenant_id, tenantId, ANSWERER_ROLES);
    notified = await queueSurveyNotices(tx, clock, {
      to,
      customerId: request.supplier_tenant_id,
      notice: { template: 'survey.request_reminder', params: { ...common, link: requestLink(publicUrl, request.id) } },
    });
  } else {
    notified = await queueSurveyNotices(tx, clock, { to: [request.supplier_email], customerId: tenantId, notice: { template: 'survey.request_reminder_outside', params: common } });
  }
  const now = clock.now();
  await tx.query(`UPDATE survey.requests SET ${request.kind === 'before' ? 'reminded_before_at' : 'reminded_after_at'} = $2 WHERE id = $1`, [request.id, now]);
  await recordRequestEvent({ tx, clock, actor: { tenantId, displayName: '', tenantName: request.requester_name } }, request.id, 'reminded', { comment: request.kind });
  await recordTenantEvent(tx, clock, tenantId, {}, {
    actor: { type: 'system' },
    action: 'survey.request.reminded',
    target: { type: 'survey_request', id: request.id },
    result: 'success',
    details: { kind: request.kind, respondBy: request.respond_by, notified },
  });
}

/**
 * Sends the reminders due today across every tenant with a running survey contract, one
 * transaction per tenant (its requests locked while they are reminded, so overlapping runs
 * remind once). Returns the number of requests reminded.
 */
export async function sendSurveyReminders(deps: { db: Database; clock: Clock; publicUrl: string }): Promise<number> {
  const today = jstDate(deps.clock.now());
  const tenants = await withoutTenant(deps.db, async (tx) =>
    (
      await tx.query<{ id: string }>(
        `SELECT t.id FROM ops.tenants t
          WHERE t.status = 'active'
            AND EXISTS (SELECT 1 FROM ops.contracts c WHERE c.customer_id = t.id AND c.service = 'survey' AND ${contractInForce('c', '$1')})
          ORDER BY t.id`,
        [today],
      )
    ).rows.map((r) => r.id),
  );
  let reminded = 0;
  for (const tenantId of tenants) {
    reminded += await withTenant(deps.db, tenantId, async (tx) => {
      let n = 0;
      for (const request of await dueRequests(tx, tenantId, today)) {
        await remindOne(tx, deps.clock, deps.publicUrl, tenantId, request);
        n++;
      }
      return n;
    });
  }
  return reminded;
}

/** Registers the reminder job and its schedule. */
export async function registerSurveyReminders(deps: { db: Database; clock: Clock; jobs: JobRunner; config: { http: { publicUrl: string } } }): Promise<void> {
  deps.jobs.register(SURVEY_REMINDER_JOB, async () => {
    await sendSurveyReminders({ db: deps.db, clock: deps.clock, publicUrl: deps.config.http.publicUrl });
  });
  await deps.jobs.schedule(SURVEY_REMINDER_JOB, SURVEY_REMINDER_EVERY_MS);
}
