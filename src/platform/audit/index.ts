import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';

/** Who did it. `anonymous` is a request without a session (e.g. a failed login). */
export interface AuditActor {
  type: 'user' | 'staff' | 'system' | 'anonymous';
  id?: string;
  name?: string;
}

/** Where the request came from; filled by the HTTP layer. */
export interface AuditOrigin {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

export interface AuditEvent {
  actor: AuditActor;
  /** Stable dotted name, e.g. `auth.login.succeeded`, `process.order.created`. */
  action: string;
  target?: { type: string; id: string };
  result: 'success' | 'failure' | 'denied';
  reason?: string;
  details?: Record<string, unknown>;
}

const SECRET_KEY = /pass(word)?|token|secret|otp|recovery|cookie|authorization|credential|private/i;

/**
 * Removes anything secret-looking from event details, at any depth: keys named like
 * passwords, tokens or secrets are replaced. Applied to every event centrally.
 */
export function redactDetails(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[truncated]';
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redactDetails(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) ? '[redacted]' : redactDetails(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'string' && value.length > 1000) return `${value.slice(0, 1000)}…`;
  return value;
}

/** Writes a tenant event in the caller's transaction, so the change and its log commit together. */
export async function recordTenantEvent(
  tx: Tx,
  clock: Clock,
  tenantId: string,
  origin: AuditOrigin,
  event: AuditEvent,
): Promise<void> {
  await tx.query(
    `INSERT INTO audit.tenant_events
       (tenant_id, occurred_at, actor_type, actor_id, actor_name, action, target_type, target_id,
        result, reason, ip, user_agent, request_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      tenantId,
      clock.now(),
      event.actor.type,
      event.actor.id ?? null,
      event.actor.name ?? null,
      event.action,
      event.target?.type ?? null,
      event.target?.id ?? null,
      event.result,
      event.reason ?? null,
      origin.ip ?? null,
      origin.userAgent?.slice(0, 500) ?? null,
      origin.requestId ?? null,
      JSON.stringify(redactDetails(event.details ?? {})),
    ],
  );
}

/** Writes an operator work-log event (staff and system actions), apart from tenant logs. */
export async function recordOperatorEvent(
  tx: Tx,
  clock: Clock,
  origin: AuditOrigin,
  event: AuditEvent & { customerId?: string },
): Promise<void> {
  if (event.actor.type === 'user') throw new Error('recordOperatorEvent: tenant users act in tenant logs; use recordTenantEvent');
  await tx.query(
    `INSERT INTO audit.operator_events
       (occurred_at, actor_type, actor_id, actor_name, action, customer_id, target_type, target_id,
        result, reason, ip, user_agent, request_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      clock.now(),
      event.actor.type,
      event.actor.id ?? null,
      event.actor.name ?? null,
      event.action,
      event.customerId ?? null,
      event.target?.type ?? null,
      event.target?.id ?? null,
      event.result,
      event.reason ?? null,
      origin.ip ?? null,
      origin.userAgent?.slice(0, 500) ?? null,
      origin.requestId ?? null,
      JSON.stringify(redactDetails(event.details ?? {})),
    ],
  );
}
