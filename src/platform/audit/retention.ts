import type { Clock } from '../../core/clock.js';
import { withTenant, withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import type { ChainRef } from './chainFormat.js';
import { entryHashAt, listTenantIds } from './chainStore.js';
import { sealCheckpoint, sealHead } from './checkpoints.js';
import { recordOperatorEvent } from './events.js';
import type { AuditSigner } from './signingKey.js';

/** Record types with a retention period (18.1.3). */
export const RECORD_TYPES = ['tenant_events', 'operator_events', 'incident_records', 'evidence_exports', 'disclosure_records'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export interface RetentionPolicy {
  recordType: RecordType;
  retainDays: number;
  reason: string;
  changedAt: Date;
  changedByName: string;
}

/** The period in force per record type (the newest change of each). */
export async function currentPolicies(tx: Tx): Promise<RetentionPolicy[]> {
  const { rows } = await tx.query<RetentionPolicy>(
    `SELECT DISTINCT ON (record_type) record_type AS "recordType", retain_days AS "retainDays", reason, changed_at AS "changedAt", changed_by_name AS "changedByName"
       FROM audit.retention_policy_changes ORDER BY record_type, id DESC`,
  );
  return RECORD_TYPES.flatMap((t) => rows.filter((r) => r.recordType === t));
}

/** Appends a policy change; the newest one is in force. */
export async function insertPolicyChange(
  tx: Tx,
  change: { recordType: RecordType; retainDays: number; reason: string; at: Date; by: { id: string; name: string } },
): Promise<void> {
  await tx.query(
    `INSERT INTO audit.retention_policy_changes (record_type, retain_days, reason, changed_at, changed_by, changed_by_name) VALUES ($1, $2, $3, $4, $5, $6)`,
    [change.recordType, change.retainDays, change.reason, change.at, change.by.id, change.by.name],
  );
}

export interface LegalHold {
  id: string;
  recordType: RecordType;
  customerId: string | null;
  fromAt: Date | null;
  untilAt: Date | null;
  reason: string;
  placedAt: Date;
  placedByName: string;
  releasedAt: Date | null;
  releasedByName: string | null;
  releaseReason: string | null;
}

/** Legal holds, active ones first, newest first. */
export async function listHolds(tx: Tx): Promise<LegalHold[]> {
  const { rows } = await tx.query<LegalHold>(
    `SELECT h.id, h.record_type AS "recordType", h.customer_id AS "customerId", h.from_at AS "fromAt", h.until_at AS "untilAt", h.reason,
            h.placed_at AS "placedAt", h.placed_by_name AS "placedByName", r.released_at AS "releasedAt", r.released_by_name AS "releasedByName", r.reason AS "releaseReason"
       FROM audit.legal_holds h LEFT JOIN audit.legal_hold_releases r ON r.hold_id = h.id
      ORDER BY (r.hold_id IS NULL) DESC, h.placed_at DESC LIMIT 500`,
  );
  return rows;
}

export async function insertHold(
  tx: Tx,
  hold: { id: string; recordType: RecordType; customerId: string | null; fromAt: Date | null; untilAt: Date | null; reason: string; at: Date; by: { id: string; name: string } },
): Promise<void> {
  await tx.query(
    `INSERT INTO audit.legal_holds (id, record_type, customer_id, from_at, until_at, reason, placed_at, placed_by, placed_by_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [hold.id, hold.recordType, hold.customerId, hold.fromAt, hold.untilAt, hold.reason, hold.at, hold.by.id, hold.by.name],
  );
}

/** Releases a hold; false when it is unknown or already released. */
export async function insertHoldRelease(tx: Tx, release: { holdId: string; reason: string; at: Date; by: { id: string; name: string } }): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO audit.legal_hold_releases (hold_id, reason, released_at, released_by, released_by_name)
     SELECT h.id, $2, $3, $4, $5 FROM audit.legal_holds h WHERE h.id = $1
     ON CONFLICT (hold_id) DO NOTHING`,
    [release.holdId, release.reason, release.at, release.by.id, release.by.name],
  );
  return rowCount === 1;
}

/** SQL: an active hold of `type` covers the row with customer `customerExpr` at time `timeExpr`. */
function heldSql(type: RecordType, customerExpr: string, timeExpr: string): string {
  return `EXISTS (SELECT 1 FROM audit.legal_holds h
     WHERE h.record_type = '${type}' AND (h.customer_id IS NULL OR h.customer_id = ${customerExpr})
       AND (h.from_at IS NULL OR ${timeExpr} >= h.from_at) AND (h.until_at IS NULL OR ${timeExpr} < h.until_at)
       AND NOT EXISTS (SELECT 1 FROM audit.legal_hold_releases r WHERE r.hold_id = h.id))`;
}

/** Purges one more record type (incident records, when that module exists) under the same policy and holds. */
export interface RetentionPurger {
  recordType: RecordType;
  /** Deletes records created before `cutoff` that no active hold covers; returns how many. */
  purge(ctx: { db: Database; clock: Clock; cutoff: Date; heldSql: (customerExpr: string, timeExpr: string) => string }): Promise<number>;
}

/**
 * Removes the expired prefix of one chain: the entries up to the last one such that it and
 * every entry before it are older than the cutoff and under no hold. Seals a signed
 * retention checkpoint over that entry (the anchor the rest verifies from), has the owner's
 * function delete the segment, then seals a checkpoint over what remains.
 */
async function purgeChain(tx: Tx, clock: Clock, signer: AuditSigner, ref: ChainRef, cutoff: Date): Promise<number> {
  const tenant = ref.kind === 'tenant';
  const table = tenant ? 'audit.tenant_events' : 'audit.operator_events';
  const where = tenant ? 'tenant_id = $2 AND ' : '';
  const customer = tenant ? '$2::uuid' : 'e.customer_id';
  const { rows } = await tx.query<{ first: number | null; keep: number | null; last: number | null }>(
    `SELECT (SELECT min(seq)::float8 FROM ${table} WHERE ${where}seq IS NOT NULL) AS first,
            (SELECT min(seq)::float8 FROM ${table} e WHERE ${where}seq IS NOT NULL
               AND (occurred_at >= $1 OR ${heldSql(tenant ? 'tenant_events' : 'operator_events', customer, 'e.occurred_at')})) AS keep,
            (SELECT max(seq)::float8 FROM ${table} WHERE ${where}seq IS NOT NULL) AS last`,
    [cutoff, ...(tenant ? [ref.tenantId] : [])],
  );
  const { first, keep, last } = rows[0]!;
  if (first === null || last === null) return 0;
  const upTo = keep === null ? last : keep - 1;
  if (upTo < first) return 0;
  const hash = await entryHashAt(tx, ref, upTo);
  if (!hash) return 0;
  await sealCheckpoint(tx, clock, signer, ref, { seq: upTo, hash, kind: 'retention' });
  const now = clock.now();
  const deleted = tenant
    ? (await tx.query<{ n: number }>('SELECT audit.purge_tenant_segment($1, $2, $3) AS n', [ref.tenantId, upTo, now])).rows[0]!.n
    : (await tx.query<{ n: number }>('SELECT audit.purge_operator_segment($1, $2) AS n', [upTo, now])).rows[0]!.n;
  await sealHead(tx, clock, signer, ref);
  return deleted;
}

export interface RetentionResult {
  tenantEvents: number;
  operatorEvents: number;
  evidenceExports: number;
  disclosureRecords: number;
  /** Other record types by purger. */
  other: Partial<Record<RecordType, number>>;
}

function cutoffOf(policies: RetentionPolicy[], type: RecordType, now: Date): Date {
  const policy = policies.find((p) => p.recordType === type);
  if (!policy) throw new Error(`retention: no policy for ${type}; migration 0009 sets one for every type`);
  return new Date(now.getTime() - policy.retainDays * 86_400_000);
}

/**
 * The scheduled retention run: for each record type, deletes what is older than its period
 * and under no legal hold. Each chain in its own transaction; the counts go to the operator log.
 */
export async function runRetention(db: Database, clock: Clock, signer: AuditSigner, purgers: readonly RetentionPurger[] = []): Promise<RetentionResult> {
  const now = clock.now();
  const policies = await withoutTenant(db, currentPolicies);
  const result: RetentionResult = { tenantEvents: 0, operatorEvents: 0, evidenceExports: 0, disclosureRecords: 0, other: {} };
  const tenantCutoff = cutoffOf(policies, 'tenant_events', now);
  for (const tenantId of await withoutTenant(db, listTenantIds)) {
    result.tenantEvents += await withTenant(db, tenantId, (tx) => purgeChain(tx, clock, signer, { kind: 'tenant', tenantId }, tenantCutoff));
  }
  result.operatorEvents = await withoutTenant(db, (tx) => purgeChain(tx, clock, signer, { kind: 'operator' }, cutoffOf(policies, 'operator_events', now)));
  await withoutTenant(db, async (tx) => {
    result.evidenceExports = (
      await tx.query(
        `DELETE FROM ops.evidence_exports e WHERE e.created_at < $1 AND NOT ${heldSql('evidence_exports', 'e.customer_id', 'e.created_at')}`,
        [cutoffOf(policies, 'evidence_exports', now)],
      )
    ).rowCount;
    result.disclosureRecords = (
      await tx.query(
        `DELETE FROM ops.disclosure_requests e WHERE e.received_at < $1 AND NOT ${heldSql('disclosure_records', 'e.customer_id', 'e.received_at')}`,
        [cutoffOf(policies, 'disclosure_records', now)],
      )
    ).rowCount;
  });
  for (const purger of purgers) {
    const cutoff = cutoffOf(policies, purger.recordType, now);
    result.other[purger.recordType] = await purger.purge({ db, clock, cutoff, heldSql: (c, t) => heldSql(purger.recordType, c, t) });
  }
  await withoutTenant(db, (tx) =>
    recordOperatorEvent(tx, clock, {}, {
      actor: { type: 'system', name: 'retention' },
      action: 'ops.retention.applied',
      result: 'success',
      details: { ...result, policies: Object.fromEntries(policies.map((p) => [p.recordType, p.retainDays])) },
    }),
  );
  return result;
}

/** A hold by id, with whether it has been released. */
export async function findHold(tx: Tx, id: string): Promise<{ customerId: string | null; released: boolean } | undefined> {
  const { rows } = await tx.query<{ customerId: string | null; released: boolean }>(
    `SELECT h.customer_id AS "customerId", EXISTS (SELECT 1 FROM audit.legal_hold_releases r WHERE r.hold_id = h.id) AS released
       FROM audit.legal_holds h WHERE h.id = $1`,
    [id],
  );
  return rows[0];
}
