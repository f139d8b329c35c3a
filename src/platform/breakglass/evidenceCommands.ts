import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { withoutTenant } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { messageKey } from '../../core/messages.js';
import {
  buildEvidenceManifest,
  evidenceBundle,
  findEvidenceManifest,
  insertEvidenceExport,
  recordOperatorEvent,
  staffAuditActor,
  type AuditOrigin,
  type AuditSigner,
  type EvidenceManifest,
  type StaffRef,
} from '../audit/index.js';
import { readThroughGrant, type BreakGlassDeps } from './grants.js';

export const evidenceExportSchema = z
  .strictObject({
    /** Start of the period (inclusive). */
    from: z.iso.datetime({ offset: true }),
    /** End of the period (exclusive). */
    to: z.iso.datetime({ offset: true }),
    /** The tenant's request this answers (ticket number, letter reference). */
    requestRef: z.string().trim().min(1).max(200),
  })
  .refine((e) => new Date(e.from) < new Date(e.to), { message: messageKey('audit.period_order'), path: ['to'] });

export type EvidenceDeps = BreakGlassDeps & { signer: () => AuditSigner };

/**
 * Exports a tenant's events of a period as an evidence package (16.1.7), at the tenant's
 * request and through the staff member's break-glass grant: the signed manifest is stored,
 * the package is rebuilt from the chain on download.
 */
export async function exportEvidence(
  deps: EvidenceDeps,
  staff: StaffRef,
  tenantId: string,
  input: z.infer<typeof evidenceExportSchema>,
  origin: AuditOrigin,
): Promise<{ id: string; manifest: EvidenceManifest }> {
  return readThroughGrant(deps, staff, tenantId, 'evidence_export', origin, async (tx, grant) => {
    const id = randomUUID();
    const at = deps.clock.now();
    const from = new Date(input.from);
    const to = new Date(input.to);
    const manifest = await buildEvidenceManifest(tx, deps.signer(), {
      tenant: { id: grant.customerId, code: grant.customerCode, name: grant.customerName },
      from,
      to,
      exportId: id,
      requestRef: input.requestRef,
      exportedAt: at,
      exportedBy: { id: staff.staffId, name: staff.displayName },
    });
    await insertEvidenceExport(tx, { id, customerId: grant.customerId, grantId: grant.id, staffId: staff.staffId, staffName: staff.displayName, manifest, from, to, at });
    await recordOperatorEvent(tx, deps.clock, origin, {
      actor: staffAuditActor(staff),
      action: 'ops.evidence.exported',
      customerId: grant.customerId,
      target: { type: 'evidence_export', id },
      result: 'success',
      details: { requestRef: input.requestRef, from: input.from, to: input.to, entries: manifest.entries.count },
    });
    return { id, manifest };
  });
}

/** The package of an earlier export as one file, rebuilt from the chain through the staff member's grant. */
export async function downloadEvidence(deps: EvidenceDeps, staff: StaffRef, exportId: string, origin: AuditOrigin): Promise<{ fileName: string; bytes: Buffer }> {
  const found = await withoutTenant(deps.db, (tx) => findEvidenceManifest(tx, exportId));
  if (!found) throw new AppError('not_found');
  return readThroughGrant(deps, staff, found.customerId, 'evidence_download', origin, async (tx) => {
    const bytes = await evidenceBundle(tx, found.manifest);
    if (!bytes) throw new AppError('audit.evidence_gone');
    await recordOperatorEvent(tx, deps.clock, origin, {
      actor: staffAuditActor(staff),
      action: 'ops.evidence.downloaded',
      customerId: found.customerId,
      target: { type: 'evidence_export', id: exportId },
      result: 'success',
    });
    const day = found.manifest.exportedAt.slice(0, 10);
    return { fileName: `evidence-${found.manifest.tenant.code}-${day}-${exportId.slice(0, 8)}.evidence.jsonl`, bytes };
  });
}
