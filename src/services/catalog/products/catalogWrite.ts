import type { Clock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import type { Tx } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditChange, type AuditOrigin, type AuditTarget } from '../../../platform/audit/index.js';
import type { UserActor } from '../../../platform/identity/index.js';

/** What a catalog write runs in: the acting tenant's transaction, who acts, and from where. */
export interface CatalogWrite {
  tx: Tx;
  clock: Clock;
  actor: UserActor;
  origin: AuditOrigin;
}

/** Records the change's audit event in the acting tenant's log, in the write's transaction. */
export async function auditCatalog(w: CatalogWrite, action: string, target: AuditTarget, details: Record<string, unknown>, changes?: AuditChange): Promise<void> {
  await recordTenantEvent(w.tx, w.clock, w.actor.tenantId, w.origin, {
    actor: { type: 'user', id: w.actor.userId, name: w.actor.displayName },
    action,
    target,
    result: 'success',
    details,
    ...(changes ? { changes } : {}),
  });
}

/** Unknown ids, other tenants' rows and rows the reader may not see all answer the same 404. */
export function notFound(): AppError {
  return new AppError('not_found');
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
