import type { Clock } from '../../../core/clock.js';
import type { UserActor } from '../../../platform/identity/index.js';
import type { ServiceWrite } from '../../../platform/services/index.js';
import { jstDate } from '../../../platform/tenancy/index.js';

/** What a request or response command works with: the tenant's transaction, the clock, who and from where. */
export interface SurveyWrite extends ServiceWrite {
  /** The web app's address, for links in notices. */
  publicUrl: string;
}

/** Today's date in Japan, which decides respond-by dates, overdue flags and reminders. */
export function todayOf(clock: Clock): string {
  return jstDate(clock.now());
}

/**
 * Adds a step to the request's history, as a row of the acting company (both sides read the
 * history; each writes its own steps). A step is never dated before the one it follows, so the
 * history reads in order even when two steps share a clock reading.
 */
export async function recordRequestEvent(
  w: Pick<SurveyWrite, 'tx' | 'clock'> & { actor: Pick<UserActor, 'tenantId' | 'displayName' | 'tenantName'> },
  requestId: string,
  event: string,
  options: { comment?: string; responseId?: string } = {},
): Promise<void> {
  await w.tx.query(
    `INSERT INTO survey.request_events (tenant_id, request_id, response_id, event, comment, actor_name, actor_company, at)
     SELECT $1, $2, $3, $4, $5, $6, $7,
            greatest($8::timestamptz, (SELECT max(e.at) + interval '1 millisecond' FROM survey.request_events e WHERE e.request_id = $2))`,
    [w.actor.tenantId, requestId, options.responseId ?? null, event, options.comment ?? '', w.actor.displayName.slice(0, 200), w.actor.tenantName.slice(0, 200), w.clock.now()],
  );
}

