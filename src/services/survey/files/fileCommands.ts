import { AppError } from '../../../core/errors.js';
import { auditUserChange, type ServiceWrite } from '../../../platform/services/index.js';
import { casNumbersOf, type Composition } from '../shared/composition.js';
import type { ResponseDetail } from '../requests/requestSchemas.js';
import { findResponse, presentResponse } from '../requests/requestViews.js';
import type { ComplianceList, SurveyDocument, SurveyFileProduct } from './surveyDocument.js';

/** What a file command works with: the tenant's transaction, the clock, who and from where. */
export type FileWrite = ServiceWrite;

export interface ImportedProducts {
  created: number;
  updated: number;
  products: { id: string; productNumber: string; name: string }[];
}

/** Products written per statement. */
const IMPORT_BATCH = 100;


/**
 * Creates or updates the tenant's products under survey from a file, matched by product
 * number: name, mass, unit type and the composition tree (and its CAS numbers) come from the
 * file; labels, remarks and the supplier name already set stay (the supplier name is filled
 * from the file when still empty). One transaction; one audit event for the whole file.
 */
export async function importProducts(w: FileWrite, doc: SurveyDocument, fileName: string): Promise<ImportedProducts> {
  const { tx, clock, actor } = w;
  const now = clock.now();
  const supplierName = doc.businessInfo?.kind === 'Response' ? (doc.businessInfo.supplyCompany?.name ?? '').slice(0, 200) : '';
  const seen = new Set<string>();
  for (const p of doc.products) {
    if (seen.has(p.productNumber)) throw new AppError('survey.file_content_invalid', { params: { where: p.productNumber }, internal: 'product number twice in one file' });
    seen.add(p.productNumber);
  }
  const result: ImportedProducts = { created: 0, updated: 0, products: [] };
  // Rows go in batches as one JSON parameter each: a large file is a few statements, not one per product.
  for (let i = 0; i < doc.products.length; i += IMPORT_BATCH) {
    const batch = doc.products.slice(i, i + IMPORT_BATCH);
    const records = batch.map((p) => ({
      product_number: p.productNumber,
      name: p.name.slice(0, 200),
      mass_g: p.massG,
      unit_type: (p.unitType ?? 'each').slice(0, 20) || 'each',
      composition: p.composition,
      cas_numbers: casNumbersOf(p.composition),
    }));
    const { rows } = await tx.query<{ id: string; product_number: string; inserted: boolean }>(
      `INSERT INTO survey.products (tenant_id, product_number, name, mass_g, unit_type, composition, cas_numbers, supplier_name, created_by, created_at, updated_at)
       SELECT $1, r.product_number, r.name, r.mass_g, r.unit_type, r.composition, r.cas_numbers, $3, $4, $5, $5
         FROM jsonb_to_recordset($2::jsonb) AS r(product_number text, name text, mass_g numeric, unit_type text, composition jsonb, cas_numbers text[])
       ON CONFLICT (tenant_id, product_number) DO UPDATE
          SET name = EXCLUDED.name, mass_g = EXCLUDED.mass_g, unit_type = EXCLUDED.unit_type, composition = EXCLUDED.composition,
              cas_numbers = EXCLUDED.cas_numbers,
              supplier_name = CASE WHEN survey.products.supplier_name = '' THEN EXCLUDED.supplier_name ELSE survey.products.supplier_name END,
              version = survey.products.version + 1, updated_at = EXCLUDED.updated_at
       RETURNING id, product_number, (xmax = 0) AS inserted`,
      [actor.tenantId, JSON.stringify(records), supplierName, actor.userId, now],
    );
    const byNumber = new Map(rows.map((r) => [r.product_number, r]));
    for (const p of batch) {
      const row = byNumber.get(p.productNumber)!;
      if (row.inserted) result.created += 1;
      else result.updated += 1;
      result.products.push({ id: row.id, productNumber: p.productNumber, name: p.name });
    }
  }
  await auditUserChange(w, 'survey.product.imported', { type: 'survey_file', id: fileName.slice(0, 200) || doc.format }, { format: doc.format, created: result.created, updated: result.updated, productIds: result.products.map((p) => p.id) });
  return result;
}

interface ResponseRow {
  id: string;
  tenant_id: string;
  request_id: string;
  status: string;
  products: { key: string; productNumber: string; name: string; massG: number | null; composition: Composition }[];
}

const fold = (s: string | undefined) => (s ?? '').normalize('NFKC').trim().toUpperCase();

/** The response's compliance answer from a file's declarations (one list per list id; an entry above threshold in any product stays above). */
export function complianceOfDocument(products: SurveyFileProduct[]): ResponseDetail['compliance'] {
  const lists = new Map<string, { list: ComplianceList; declarations: Map<string, ResponseDetail['compliance'][number]['declarations'][number]> }>();
  for (const product of products) {
    for (const list of product.compliance ?? []) {
      const key = list.listId;
      const entry = lists.get(key) ?? { list, declarations: new Map() };
      lists.set(key, entry);
      for (const e of list.entries) {
        const cas = e.id && /^\d{2,7}-\d{2}-\d$/.test(e.id) ? e.id : null;
        const id = `${e.name}\u0000${e.id ?? ''}`;
        const before = entry.declarations.get(id);
        entry.declarations.set(id, {
          name: e.name.slice(0, 300),
          cas,
          aboveThreshold: (before?.aboveThreshold ?? false) || e.aboveThreshold,
          massPercent: e.massPercent ?? before?.massPercent ?? null,
          exemption: e.exemptions.length ? e.exemptions.join('; ') : (before?.exemption ?? null),
        });
      }
    }
  }
  return [...lists.values()].map(({ list, declarations }) => ({
    listCode: list.listId,
    listName: list.authority ? `${list.authority} ${list.listId}` : list.listId,
    versionLabel: list.version ?? '',
    declarations: [...declarations.values()],
  }));
}

/**
 * Fills a draft (or returned) response of the tenant from a file: each of the response's
 * products takes the file's product with its product number (the requester's or the
 * supplier's own), or the only product when both have one; the compliance answer is
 * replaced by the file's declarations when it has any. A file product matching none of the
 * response's products refuses the whole file (nothing changes).
 */
export async function importIntoResponse(w: FileWrite, responseId: string, doc: SurveyDocument, fileName: string): Promise<ResponseDetail> {
  const { tx, clock, actor } = w;
  const { rows } = await tx.query<ResponseRow>(
    `SELECT id, tenant_id, request_id, status, products FROM survey.responses WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
    [responseId, actor.tenantId],
  );
  const response = rows[0];
  if (!response) throw new AppError('survey.file_response_not_found', { internal: `response ${responseId} not visible` });
  if (response.status !== 'draft' && response.status !== 'returned') throw new AppError('survey.file_response_not_editable', { internal: `status ${response.status}` });
  const { rows: requests } = await tx.query<{ items: { key: string; supplierProductNumber?: string }[] }>(`SELECT items FROM survey.requests WHERE id = $1`, [response.request_id]);
  const supplierNumbers = new Map((requests[0]?.items ?? []).map((i) => [i.key, fold(i.supplierProductNumber)]));

  const products = response.products.map((p) => ({ ...p }));
  const used = new Set<SurveyFileProduct>();
  const only = products.length === 1 && doc.products.length === 1;
  for (const target of products) {
    const numbers = [fold(target.productNumber), supplierNumbers.get(target.key) ?? ''].filter(Boolean);
    const source = only ? doc.products[0] : doc.products.find((d) => !used.has(d) && numbers.includes(fold(d.productNumber)));
    if (!source) continue;
    used.add(source);
    target.massG = source.massG;
    target.composition = source.composition;
  }
  const unmatched = doc.products.filter((d) => !used.has(d));
  if (unmatched.length > 0) {
    throw new AppError('survey.file_products_unmatched', { params: { numbers: unmatched.map((d) => d.productNumber).join(', ').slice(0, 300) } });
  }
  const compliance = complianceOfDocument(doc.products);
  const now = clock.now();
  await tx.query(
    `UPDATE survey.responses
        SET products = $3::jsonb, compliance = CASE WHEN $4::int > 0 THEN $5::jsonb ELSE compliance END, version = version + 1, updated_at = $6
      WHERE id = $1 AND tenant_id = $2 AND status IN ('draft', 'returned')`,
    [response.id, actor.tenantId, JSON.stringify(products), compliance.length, JSON.stringify(compliance), now],
  );
  await auditUserChange(w, 'survey.response.imported', { type: 'survey_response', id: response.id }, { fileName: fileName.slice(0, 200), format: doc.format, products: used.size, complianceLists: compliance.length });
  return presentResponse(tx, await findResponse(tx, response.id));
}
