import { z } from 'zod';
import type { Clock } from '../../../core/clock.js';
import type { Tx } from '../../../core/db/index.js';
import { jstDate } from '../../../platform/tenancy/index.js';
import { requestSummaryView, type RequestSummary } from '../requests/requestSchemas.js';
import { presentSummary, REQUEST_COLUMNS, type RequestRow } from '../requests/requestViews.js';
import { CURRENT_VERSIONS } from './productQueries.js';
import { OUTCOMES } from './productSchemas.js';

/*
 * The survey home: what the company is waiting for, what it must answer, what is late, which
 * products a list change has hit, and how many answers wait for review. It reads the request
 * and response tables directly (their shapes are fixed by the migration). Under the tenant's
 * RLS context a supplier also sees the requests addressed to it and a requester the responses
 * sent to it; each query says which side it wants.
 */

export const dashboardView = z.object({
  outgoingOpen: z.array(requestSummaryView),
  incomingOpen: z.array(requestSummaryView),
  overdue: z.array(requestSummaryView),
  affected: z.array(
    z.object({
      productId: z.string(),
      productNumber: z.string(),
      name: z.string(),
      listCode: z.string(),
      listName: z.string(),
      versionLabel: z.string(),
      outcome: z.enum(OUTCOMES),
      changed: z.boolean(),
    }),
  ),
  counts: z.object({ outgoingOpen: z.number(), incomingOpen: z.number(), overdue: z.number(), affected: z.number(), awaitingReview: z.number() }),
});
export type Dashboard = z.infer<typeof dashboardView>;

/** How many rows each list of the dashboard shows; the counts are of all rows. */
const SHOWN = 20;

/** Sent and being answered, or returned to the supplier: the requester waits. */
const OUTGOING_OPEN = `r.tenant_id = $1 AND r.status IN ('sent', 'answering', 'submitted', 'returned')`;
/** Addressed to the tenant and still to be answered (submitted ones wait on the requester). */
const INCOMING_OPEN = `r.supplier_tenant_id = $1 AND r.status IN ('sent', 'answering', 'returned')`;
/** Either side, respond-by date before today (JST, $2) and not finished. */
const OVERDUE = `(r.tenant_id = $1 OR r.supplier_tenant_id = $1) AND r.respond_by < $2::date AND r.status NOT IN ('submitted', 'accepted', 'cancelled')`;

/** Requests matching `condition` ($1 the tenant, $2 today where the condition uses it): the first rows and the count of all. */
async function requests(tx: Tx, condition: string, params: readonly unknown[], tenantId: string, today: string): Promise<{ items: RequestSummary[]; total: number }> {
  const total = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM survey.requests r WHERE ${condition}`, params)).rows[0]?.n ?? 0;
  const { rows } = await tx.query<RequestRow>(
    `SELECT ${REQUEST_COLUMNS} FROM survey.requests r WHERE ${condition}
      ORDER BY r.respond_by, r.updated_at DESC, r.id LIMIT ${SHOWN}`,
    params,
  );
  return { items: rows.map((r) => presentSummary(r, tenantId, today)), total };
}

/** Product check results on current list versions that are above threshold or changed, not yet acknowledged. */
const AFFECTED = `
  FROM survey.check_results c
  JOIN survey.products p ON p.tenant_id = c.tenant_id AND p.id = c.subject_id
  JOIN survey.list_versions v ON v.tenant_id = c.tenant_id AND v.id = c.list_version_id
  JOIN survey.substance_lists l ON l.tenant_id = v.tenant_id AND l.id = v.list_id
 WHERE c.tenant_id = $1 AND c.subject_kind = 'product' AND c.acknowledged_at IS NULL
   AND (c.outcome = 'above_threshold' OR c.changed)
   AND c.list_version_id IN (${CURRENT_VERSIONS})`;

/** Answers waiting for someone of the tenant: its own drafts in review, and sent answers to its submitted requests. */
const AWAITING_REVIEW = `
  SELECT (SELECT count(*) FROM survey.responses s WHERE s.tenant_id = $1 AND s.status = 'in_review')
       + (SELECT count(*) FROM survey.responses s JOIN survey.requests r ON r.id = s.request_id
           WHERE r.tenant_id = $1 AND s.request_tenant_id = $1 AND r.status = 'submitted' AND s.status = 'sent') AS n`;

/** The tenant's dashboard on the clock's day in Japan. */
export async function surveyDashboard(tx: Tx, tenantId: string, clock: Clock): Promise<Dashboard> {
  const today = jstDate(clock.now());
  const outgoing = await requests(tx, OUTGOING_OPEN, [tenantId], tenantId, today);
  const incoming = await requests(tx, INCOMING_OPEN, [tenantId], tenantId, today);
  const overdue = await requests(tx, OVERDUE, [tenantId, today], tenantId, today);
  const affectedTotal = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n ${AFFECTED}`, [tenantId])).rows[0]?.n ?? 0;
  const { rows: affected } = await tx.query<{
    product_id: string;
    product_number: string;
    name: string;
    list_code: string;
    list_name: string;
    version_label: string;
    outcome: (typeof OUTCOMES)[number];
    changed: boolean;
  }>(
    `SELECT p.id AS product_id, p.product_number, p.name, l.code AS list_code, l.name AS list_name, v.label AS version_label, c.outcome, c.changed
       ${AFFECTED}
      ORDER BY c.changed DESC, c.outcome = 'above_threshold' DESC, p.product_number, l.code LIMIT ${SHOWN}`,
    [tenantId],
  );
  const awaitingReview = Number((await tx.query<{ n: number | string }>(AWAITING_REVIEW, [tenantId])).rows[0]?.n ?? 0);
  return {
    outgoingOpen: outgoing.items,
    incomingOpen: incoming.items,
    overdue: overdue.items,
    affected: affected.map((r) => ({
      productId: r.product_id,
      productNumber: r.product_number,
      name: r.name,
      listCode: r.list_code,
      listName: r.list_name,
      versionLabel: r.version_label,
      outcome: r.outcome,
      changed: r.changed,
    })),
    counts: { outgoingOpen: outgoing.total, incomingOpen: incoming.total, overdue: overdue.total, affected: affectedTotal, awaitingReview },
  };
}
