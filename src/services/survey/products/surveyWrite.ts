import type { Clock } from '../../../core/clock.js';
import type { Tx } from '../../../core/db/index.js';
import type { Lang } from '../../../core/i18n.js';
import { recordTenantEvent, type AuditChange, type AuditOrigin, type AuditTarget } from '../../../platform/audit/index.js';
import type { UserActor } from '../../../platform/identity/index.js';

/** What a product or settings change runs in: the acting tenant's transaction, who acts, from where, in which language. */
export interface SurveyWrite {
  tx: Tx;
  clock: Clock;
  actor: UserActor;
  origin: AuditOrigin;
  lang: Lang;
}

/** Records the change's audit event in the acting tenant's log, in the write's transaction. */
export async function auditSurvey(w: SurveyWrite, action: string, target: AuditTarget, details: Record<string, unknown>, changes?: AuditChange): Promise<void> {
  await recordTenantEvent(w.tx, w.clock, w.actor.tenantId, w.origin, {
    actor: { type: 'user', id: w.actor.userId, name: w.actor.displayName },
    action,
    target,
    result: 'success',
    details,
    ...(changes ? { changes } : {}),
  });
}

/** Timestamps read from either driver (Date or text) as ISO 8601 UTC. */
export function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

/** An ISO timestamp, or null. */
export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : iso(value);
}

/** A numeric column (text from the drivers), or null. */
export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
