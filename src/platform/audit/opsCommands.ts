import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { withoutTenant, type Database } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { messageKey, messages } from '../../core/messages.js';
import { customerExists } from './chainStore.js';
import { disclosureReferencesExist, insertDisclosure, type DisclosureInput } from './disclosures.js';
import { recordOperatorEvent, type AuditActor, type AuditOrigin } from './events.js';
import { currentPolicies, findHold, insertHold, insertHoldRelease, insertPolicyChange, RECORD_TYPES, type RecordType } from './retention.js';
import type { TrustedKey } from './signingKey.js';
import { verifyAllChains, type VerificationSummary } from './verifyDatabase.js';

messages.add({
  'retention.hold_period_order': { ja: '終了日時は開始日時より後にしてください。', en: 'The end must be after the start.' },
});

/** The staff member behind a command, as the operator log names them. */
export interface StaffRef {
  staffId: string;
  displayName: string;
}

/** What the audit commands need. */
export interface AuditOpsDeps {
  db: Database;
  clock: Clock;
}

export function staffAuditActor(staff: StaffRef): AuditActor {
  return { type: 'staff', id: staff.staffId, name: staff.displayName };
}

/**
 * Verifies every chain on a staff member's request and records the outcome (and the first
 * break of each broken chain) in the operator log.
 */
export async function verifyAuditAsStaff(deps: AuditOpsDeps & { keys: () => TrustedKey[] }, staff: StaffRef, origin: AuditOrigin): Promise<VerificationSummary> {
  const summary = await verifyAllChains(deps.db, deps.keys());
  await withoutTenant(deps.db, (tx) =>
    recordOperatorEvent(tx, deps.clock, origin, {
      actor: staffAuditActor(staff),
      action: 'ops.audit.verified',
      result: summary.ok ? 'success' : 'failure',
      details: { chains: summary.chains, entries: summary.entries, broken: summary.broken.map((b) => ({ chain: b.chain, ...b.break })) },
    }),
  );
  return summary;
}

export const retentionPolicySchema = z.strictObject({
  retainDays: z.number().int().min(1).max(36_500),
  reason: z.string().trim().min(1).max(500),
});

/** Sets the retention period of a record type; the change is appended and logged with its reason. */
export async function changeRetentionPolicy(
  deps: AuditOpsDeps,
  staff: StaffRef,
  recordType: RecordType,
  input: z.infer<typeof retentionPolicySchema>,
  origin: AuditOrigin,
): Promise<void> {
  await withoutTenant(deps.db, async (tx) => {
    const before = (await currentPolicies(tx)).find((p) => p.recordType === recordType);
    await insertPolicyChange(tx, { recordType, ...input, at: deps.clock.now(), by: { id: staff.staffId, name: staff.displayName } });
    await recordOperatorEvent(tx, deps.clock, origin, {
      actor: staffAuditActor(staff),
      action: 'ops.retention.policy_changed',
      target: { type: 'retention_policy', id: recordType },
      result: 'success',
      reason: input.reason,
      changes: { before: { retainDays: before?.retainDays ?? null }, after: { retainDays: input.retainDays } },
    });
  });
}

export const legalHoldSchema = z
  .strictObject({
    recordType: z.enum(RECORD_TYPES),
    /** The tenant concerned; absent = every tenant (or the whole operator log). */
    customerId: z.uuid().optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    reason: z.string().trim().min(1).max(1000),
  })
  .refine((h) => !h.from || !h.until || new Date(h.from) < new Date(h.until), { message: messageKey('retention.hold_period_order'), path: ['until'] });

/** Places a legal hold: the records it covers are kept whatever their retention period. */
export async function placeLegalHold(deps: AuditOpsDeps, staff: StaffRef, input: z.infer<typeof legalHoldSchema>, origin: AuditOrigin): Promise<string> {
  const id = randomUUID();
  await withoutTenant(deps.db, async (tx) => {
    if (input.customerId && !(await customerExists(tx, input.customerId))) throw new AppError('not_found');
    await insertHold(tx, {
      id,
      recordType: input.recordType,
      customerId: input.customerId ?? null,
      fromAt: input.from ? new Date(input.from) : null,
      untilAt: input.until ? new Date(input.until) : null,
      reason: input.reason,
      at: deps.clock.now(),
      by: { id: staff.staffId, name: staff.displayName },
    });
    await recordOperatorEvent(tx, deps.clock, origin, {
      actor: staffAuditActor(staff),
      action: 'ops.legal_hold.placed',
      ...(input.customerId ? { customerId: input.customerId } : {}),
      target: { type: 'legal_hold', id },
      result: 'success',
      reason: input.reason,
      details: { recordType: input.recordType, from: input.from ?? null, until: input.until ?? null },
    });
  });
  return id;
}

export const holdReleaseSchema = z.strictObject({ reason: z.string().trim().min(1).max(1000) });

/** Releases a legal hold; its records then follow their retention period again. */
export async function releaseLegalHold(deps: AuditOpsDeps, staff: StaffRef, holdId: string, reason: string, origin: AuditOrigin): Promise<void> {
  await withoutTenant(deps.db, async (tx) => {
    const hold = await findHold(tx, holdId);
    if (!hold) throw new AppError('not_found');
    if (hold.released || !(await insertHoldRelease(tx, { holdId, reason, at: deps.clock.now(), by: { id: staff.staffId, name: staff.displayName } }))) {
      throw new AppError('retention.hold_released');
    }
    await recordOperatorEvent(tx, deps.clock, origin, {
      actor: staffAuditActor(staff),
      action: 'ops.legal_hold.released',
      ...(hold.customerId ? { customerId: hold.customerId } : {}),
      target: { type: 'legal_hold', id: holdId },
      result: 'success',
      reason,
    });
  });
}

/** Records a legal disclosure request (16.1.7) and logs it. */
export async function recordDisclosure(deps: AuditOpsDeps, staff: StaffRef, input: DisclosureInput, origin: AuditOrigin): Promise<string> {
  const id = randomUUID();
  await withoutTenant(deps.db, async (tx) => {
    if (!(await disclosureReferencesExist(tx, input))) throw new AppError('disclosure.reference_invalid');
    await insertDisclosure(tx, { ...input, id, recordedBy: staff.staffId, recordedByName: staff.displayName, at: deps.clock.now() });
    await recordOperatorEvent(tx, deps.clock, origin, {
      actor: staffAuditActor(staff),
      action: 'ops.disclosure.recorded',
      ...(input.customerId ? { customerId: input.customerId } : {}),
      target: { type: 'disclosure_request', id },
      result: 'success',
      details: { requestedBy: input.requestedBy, legalBasis: input.legalBasis, disclosedAt: input.disclosedAt ?? null, evidenceExportId: input.evidenceExportId ?? null },
    });
  });
  return id;
}
