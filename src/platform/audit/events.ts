import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { sha256Hex } from '../../core/crypto.js';
import type { Tx } from '../../core/db/index.js';
import { canonicalJson, GENESIS_HASH } from './canonical.js';
import { cleanText, storedJson } from './redaction.js';

/** Who did it. `anonymous` is a request without a session (e.g. a failed login). */
export interface AuditActor {
  type: 'user' | 'staff' | 'system' | 'anonymous';
  id?: string;
  /** Display name at the time, so the log stays readable after the account is gone. */
  name?: string;
}

/** Where the request came from; filled by the HTTP layer. */
export interface AuditOrigin {
  ip?: string;
  userAgent?: string;
  requestId?: string;
  /** The session behind the request; only its SHA-256 is stored. */
  sessionId?: string;
}

/** What an event is about. */
export interface AuditTarget {
  type: string;
  id: string;
  /** Data classification of the target (e.g. 公開, 社外秘, 機密, or tenant-defined labels). */
  labels?: readonly string[];
}

/** A before/after summary of a change; redacted like details. */
export interface AuditChange {
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export interface AuditEvent {
  actor: AuditActor;
  /** Stable dotted name, e.g. `auth.login.succeeded`, `process.order.created`. */
  action: string;
  target?: AuditTarget;
  result: 'success' | 'failure' | 'denied';
  reason?: string;
  details?: Record<string, unknown>;
  changes?: AuditChange;
}

/** The stored columns every entry of either log has, as the hash sees them. */
export interface EntryColumns {
  id: string;
  occurred_at: string;
  actor_type: AuditActor['type'];
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_labels: string[];
  result: AuditEvent['result'];
  reason: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  session_hash: string | null;
  details: unknown;
  changes: unknown;
}

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

function text(value: string | undefined, max: number): string | null {
  if (value === undefined || value === null) return null;
  // Cut first, then clean: a cut can split a surrogate pair.
  return cleanText(String(value).slice(0, max));
}

/** A uuid as PostgreSQL gives it back (lower case), so the hash matches what is read later. */
function uuidText(value: string | undefined): string | null {
  return value === undefined || value === null ? null : String(value).toLowerCase();
}

/**
 * The columns of one event exactly as they will be stored: cut to length, cleaned,
 * redacted, timestamps from the injected clock in UTC with milliseconds.
 */
export function entryColumns(clock: Clock, origin: AuditOrigin, event: AuditEvent): EntryColumns {
  if (!ACTION.test(event.action)) throw new Error(`audit: action "${event.action}" is not a dotted lower-case name such as "process.order.created"`);
  return {
    id: randomUUID(),
    occurred_at: clock.now().toISOString(),
    actor_type: event.actor.type,
    actor_id: uuidText(event.actor.id),
    actor_name: text(event.actor.name, 200),
    action: event.action,
    target_type: text(event.target?.type, 100),
    target_id: text(event.target?.id, 200),
    target_labels: (event.target?.labels ?? []).slice(0, 20).map((l) => cleanText(String(l).slice(0, 100))),
    result: event.result,
    reason: text(event.reason, 1000),
    ip: text(origin.ip, 100),
    user_agent: text(origin.userAgent, 500),
    request_id: text(origin.requestId, 100),
    session_hash: origin.sessionId ? sha256Hex(origin.sessionId) : null,
    details: storedJson(event.details ?? {}) ?? {},
    changes: event.changes ? storedJson(event.changes) : null,
  };
}

const VALUE_LIST = `$4::uuid, $3::timestamptz, $5, $6::uuid, $7, $8, $9, $10, $11::text[], $12, $13, $14, $15, $16, $17, $18::jsonb, $19::jsonb`;
const VALUE_COLUMNS = `id, occurred_at, actor_type, actor_id, actor_name, action, target_type, target_id, target_labels,
   result, reason, ip, user_agent, request_id, session_hash, details, changes`;

function valueParams(c: EntryColumns): unknown[] {
  return [
    c.id, c.actor_type, c.actor_id, c.actor_name, c.action, c.target_type, c.target_id, c.target_labels,
    c.result, c.reason, c.ip, c.user_agent, c.request_id, c.session_hash, JSON.stringify(c.details), c.changes === null ? null : JSON.stringify(c.changes),
  ];
}

/**
 * The next link of a chain, computed by the database under the head row's lock: the
 * upsert locks (or creates) the head, moves it one step and hashes the new entry's body
 * onto the previous hash; the insert stores the entry with the same numbers. One
 * statement, so two writers on two nodes queue on the head row and never fork the chain.
 */
function nextLink(headTable: string, keyColumn: string, keyValue: string): string {
  const hashOf = (prev: string, seq: string) => `encode(sha256(convert_to(${prev} || E'\\n' || ${seq} || E'\\n' || $2::text, 'UTF8')), 'hex')`;
  return `INSERT INTO ${headTable} AS h (${keyColumn}, seq, prev_hash, hash, updated_at)
     VALUES (${keyValue}, 1, '${GENESIS_HASH}', ${hashOf(`'${GENESIS_HASH}'`, `'1'`)}, $3::timestamptz)
     ON CONFLICT (${keyColumn}) DO UPDATE
       SET seq = h.seq + 1, prev_hash = h.hash, hash = ${hashOf('h.hash', '(h.seq + 1)::text')}, updated_at = $3::timestamptz
     RETURNING seq, prev_hash, hash`;
}

const TENANT_APPEND = `WITH head AS (${nextLink('audit.tenant_chain_heads', 'tenant_id', '$1::uuid')})
  INSERT INTO audit.tenant_events (tenant_id, seq, prev_hash, hash, ${VALUE_COLUMNS})
  SELECT $1::uuid, head.seq, head.prev_hash, head.hash, ${VALUE_LIST} FROM head`;

const OPERATOR_APPEND = `WITH head AS (${nextLink('audit.operator_chain_head', 'id', '1')})
  INSERT INTO audit.operator_events (customer_id, seq, prev_hash, hash, ${VALUE_COLUMNS})
  SELECT $1::uuid, head.seq, head.prev_hash, head.hash, ${VALUE_LIST} FROM head`;

/**
 * Appends an entry to the tenant's hash chain in the caller's transaction, so the change
 * and its log entry commit or roll back together. Runs under the tenant's RLS context.
 */
export async function recordTenantEvent(tx: Tx, clock: Clock, tenantId: string, origin: AuditOrigin, event: AuditEvent): Promise<void> {
  const columns = entryColumns(clock, origin, event);
  const tenant = tenantId.toLowerCase();
  const body = canonicalJson({ ...columns, tenant_id: tenant });
  const { rowCount } = await tx.query(TENANT_APPEND, [tenant, body, columns.occurred_at, ...valueParams(columns)]);
  if (rowCount !== 1) throw new Error('recordTenantEvent: the event was not written');
}

/** Appends an entry to the operator work log (staff and system actions), apart from tenant logs. */
export async function recordOperatorEvent(
  tx: Tx,
  clock: Clock,
  origin: AuditOrigin,
  event: AuditEvent & { customerId?: string },
): Promise<void> {
  if (event.actor.type === 'user') throw new Error('recordOperatorEvent: tenant users act in tenant logs; use recordTenantEvent');
  const columns = entryColumns(clock, origin, event);
  const customer = uuidText(event.customerId);
  const body = canonicalJson({ ...columns, customer_id: customer });
  const { rowCount } = await tx.query(OPERATOR_APPEND, [customer, body, columns.occurred_at, ...valueParams(columns)]);
  if (rowCount !== 1) throw new Error('recordOperatorEvent: the event was not written');
}
