import type { Tx } from '../../core/db/index.js';
import type { EvidenceManifest } from './evidence.js';

/** An evidence export as listed to staff (metadata only, never the events). */
export interface EvidenceExportRow {
  id: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  staffName: string;
  requestRef: string;
  periodFrom: Date;
  periodTo: Date;
  eventCount: number;
  createdAt: Date;
}

export async function insertEvidenceExport(
  tx: Tx,
  row: { id: string; customerId: string; grantId: string; staffId: string; staffName: string; manifest: EvidenceManifest; from: Date; to: Date; at: Date },
): Promise<void> {
  const m = row.manifest;
  await tx.query(
    `INSERT INTO ops.evidence_exports (id, customer_id, grant_id, staff_id, staff_name, request_ref, period_from, period_to, first_seq, last_seq, event_count, manifest, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)`,
    [row.id, row.customerId, row.grantId, row.staffId, row.staffName, m.requestRef, row.from, row.to, m.entries.firstSeq, m.entries.lastSeq, m.entries.count, JSON.stringify(m), row.at],
  );
}

/** The stored manifest of an export, or undefined (unknown, or removed by retention). */
export async function findEvidenceManifest(tx: Tx, id: string): Promise<{ customerId: string; manifest: EvidenceManifest } | undefined> {
  const { rows } = await tx.query<{ customerId: string; manifest: EvidenceManifest }>(
    'SELECT customer_id AS "customerId", manifest FROM ops.evidence_exports WHERE id = $1',
    [id],
  );
  return rows[0];
}

/** Exports newest first. */
export async function listEvidenceExports(tx: Tx): Promise<EvidenceExportRow[]> {
  const { rows } = await tx.query<EvidenceExportRow>(
    `SELECT e.id, e.customer_id AS "customerId", t.code AS "customerCode", t.name AS "customerName", e.staff_name AS "staffName", e.request_ref AS "requestRef",
            e.period_from AS "periodFrom", e.period_to AS "periodTo", e.event_count AS "eventCount", e.created_at AS "createdAt"
       FROM ops.evidence_exports e JOIN ops.tenants t ON t.id = e.customer_id ORDER BY e.created_at DESC LIMIT 200`,
  );
  return rows;
}
