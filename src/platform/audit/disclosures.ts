import { z } from 'zod';
import type { Tx } from '../../core/db/index.js';

/** A legal disclosure request as staff record it: who asked, on what basis, what was disclosed, when. */
export const disclosureSchema = z.strictObject({
  /** The tenant whose data was asked for; absent for requests about the provider's own records. */
  customerId: z.uuid().optional(),
  /** The authority that asked (court, police, …). */
  requestedBy: z.string().trim().min(1).max(200),
  /** The legal basis stated in the request, e.g. 刑事訴訟法第197条第2項. */
  legalBasis: z.string().trim().min(1).max(500),
  receivedAt: z.iso.datetime({ offset: true }),
  /** When the data was handed over; absent while the request is being handled. */
  disclosedAt: z.iso.datetime({ offset: true }).optional(),
  /** What was disclosed, in words. */
  disclosedItems: z.string().trim().min(1).max(2000),
  /** The evidence export handed over, if one was. */
  evidenceExportId: z.uuid().optional(),
  remarks: z.string().trim().max(2000).default(''),
});

export type DisclosureInput = z.infer<typeof disclosureSchema>;

export interface DisclosureRow {
  id: string;
  customerId: string | null;
  customerName: string | null;
  requestedBy: string;
  legalBasis: string;
  receivedAt: Date;
  disclosedAt: Date | null;
  disclosedItems: string;
  evidenceExportId: string | null;
  remarks: string;
  recordedByName: string;
  createdAt: Date;
}

export async function insertDisclosure(tx: Tx, row: DisclosureInput & { id: string; recordedBy: string; recordedByName: string; at: Date }): Promise<void> {
  await tx.query(
    `INSERT INTO ops.disclosure_requests (id, customer_id, requested_by, legal_basis, received_at, disclosed_at, disclosed_items, evidence_export_id, remarks, recorded_by, recorded_by_name, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [row.id, row.customerId ?? null, row.requestedBy, row.legalBasis, row.receivedAt, row.disclosedAt ?? null, row.disclosedItems, row.evidenceExportId ?? null, row.remarks, row.recordedBy, row.recordedByName, row.at],
  );
}

/** Whether the referenced tenant and evidence export exist (and the export is of that tenant). */
export async function disclosureReferencesExist(tx: Tx, input: Pick<DisclosureInput, 'customerId' | 'evidenceExportId'>): Promise<boolean> {
  const { rows } = await tx.query<{ ok: boolean }>(
    `SELECT ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM ops.tenants WHERE id = $1::uuid))
        AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM ops.evidence_exports WHERE id = $2::uuid AND ($1::uuid IS NULL OR customer_id = $1::uuid))) AS ok`,
    [input.customerId ?? null, input.evidenceExportId ?? null],
  );
  return rows[0]?.ok === true;
}

export async function listDisclosures(tx: Tx): Promise<DisclosureRow[]> {
  const { rows } = await tx.query<DisclosureRow>(
    `SELECT d.id, d.customer_id AS "customerId", t.name AS "customerName", d.requested_by AS "requestedBy", d.legal_basis AS "legalBasis",
            d.received_at AS "receivedAt", d.disclosed_at AS "disclosedAt", d.disclosed_items AS "disclosedItems",
            d.evidence_export_id AS "evidenceExportId", d.remarks, d.recorded_by_name AS "recordedByName", d.created_at AS "createdAt"
       FROM ops.disclosure_requests d LEFT JOIN ops.tenants t ON t.id = d.customer_id ORDER BY d.received_at DESC LIMIT 200`,
  );
  return rows;
}
