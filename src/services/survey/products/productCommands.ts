import type { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { messageKey } from '../../../core/messages.js';
import { RequestValidationError } from '../../../platform/http/index.js';
import { auditUserChange } from '../../../platform/services/index.js';
import { casNumbersOf, type Composition } from '../shared/composition.js';
import { compositionCounts, sumIssues } from './compositionRules.js';
import { findProduct, productNotFound } from './productQueries.js';
import type { ProductDetail, ProductInput, productUpdateSchema } from './productSchemas.js';
import { surveySettingsOf } from './settings.js';
import type { SurveyWrite } from './surveyWrite.js';
import { checkProducts } from '../lists/checkRuns.js';

/*
 * Changes to products under survey, each in the acting tenant's transaction with its audit
 * event. The composition is stored as one JSON document with its CAS numbers copied beside it
 * (survey.products.cas_numbers) for search; the sum rule uses the company's tolerance.
 */

const EMPTY: Composition = { parts: [] };

function target(id: string) {
  return { type: 'survey.product', id };
}

function fieldsOf(input: ProductInput) {
  const composition = input.composition ?? EMPTY;
  return {
    productNumber: input.productNumber,
    name: input.name,
    massG: input.massG ?? null,
    unitType: input.unitType ?? 'each',
    supplierName: input.supplierName ?? '',
    remarks: input.remarks ?? '',
    labels: [...new Set(input.labels ?? [])],
    composition,
    casNumbers: casNumbersOf(composition),
  };
}

/** Refuses (400, fields keyed by path) a composition whose materials add up to more than 100 + the tolerance. */
async function assertSums(w: SurveyWrite, input: ProductInput): Promise<void> {
  if (!input.composition) return;
  const { sumTolerancePercent } = await surveySettingsOf(w.tx, w.actor.tenantId);
  const issues = sumIssues(input.composition, sumTolerancePercent);
  if (issues.length === 0) return;
  throw new RequestValidationError(
    issues.map((i) => ({ code: 'custom', path: i.path, message: messageKey(i.key), params: i.params, input: undefined })),
    input,
  );
}

function numberTaken(): AppError {
  return new AppError('survey.product_number_taken', { fields: { productNumber: messageKey('survey.products.number_taken') } });
}

/** Creates a product of the actor's tenant and records `survey.product.created`. */
export async function createProduct(w: SurveyWrite, input: ProductInput): Promise<ProductDetail> {
  await assertSums(w, input);
  const f = fieldsOf(input);
  const now = w.clock.now();
  const { rows } = await w.tx.query<{ id: string }>(
    `INSERT INTO survey.products (tenant_id, product_number, name, mass_g, unit_type, composition, cas_numbers, supplier_name, remarks, labels, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::text[], $8, $9, $10::text[], $11, $12, $12)
     ON CONFLICT (tenant_id, product_number) DO NOTHING RETURNING id`,
    [w.actor.tenantId, f.productNumber, f.name, f.massG, f.unitType, JSON.stringify(f.composition), f.casNumbers, f.supplierName, f.remarks, f.labels, w.actor.userId, now],
  );
  const id = rows[0]?.id;
  if (!id) throw numberTaken();
  // Checked at once against the current version of every list, so its outcome is never stale.
  await checkProducts(w.tx, w.actor.tenantId, [id], w.clock);
  await auditUserChange(w, 'survey.product.created', target(id), { productNumber: f.productNumber, name: f.name, ...compositionCounts(f.composition) });
  return findProduct(w.tx, w.actor.tenantId, id, w.lang);
}

interface OwnRow {
  id: string;
  product_number: string;
  name: string;
  version: number;
}

/** The tenant's product, locked for the write; unknown ids and other tenants' products are 404. */
async function lockOwn(w: SurveyWrite, id: string): Promise<OwnRow> {
  const { rows } = await w.tx.query<OwnRow>('SELECT id, product_number, name, version FROM survey.products WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [w.actor.tenantId, id]);
  const row = rows[0];
  if (!row) throw productNotFound(id);
  return row;
}

const COMPARED = ['productNumber', 'name', 'massG', 'unitType', 'supplierName', 'remarks', 'labels'] as const;

/** Replaces a product at the version read (409 `conflict` when changed meanwhile) and records `survey.product.updated`. */
export async function updateProduct(w: SurveyWrite, id: string, input: z.infer<typeof productUpdateSchema>): Promise<ProductDetail> {
  const before = await lockOwn(w, id);
  if (before.version !== input.version) throw new AppError('conflict');
  await assertSums(w, input);
  const f = fieldsOf(input);
  const taken = await w.tx.query('SELECT 1 FROM survey.products WHERE tenant_id = $1 AND product_number = $2 AND id <> $3', [w.actor.tenantId, f.productNumber, id]);
  if (taken.rows.length > 0) throw numberTaken();
  const old = await findProduct(w.tx, w.actor.tenantId, id, w.lang);
  await w.tx.query(
    `UPDATE survey.products SET product_number = $3, name = $4, mass_g = $5, unit_type = $6, composition = $7::jsonb, cas_numbers = $8::text[],
            supplier_name = $9, remarks = $10, labels = $11::text[], version = version + 1, updated_at = $12
      WHERE tenant_id = $1 AND id = $2`,
    [w.actor.tenantId, id, f.productNumber, f.name, f.massG, f.unitType, JSON.stringify(f.composition), f.casNumbers, f.supplierName, f.remarks, f.labels, w.clock.now()],
  );
  await checkProducts(w.tx, w.actor.tenantId, [id], w.clock);
  const after = await findProduct(w.tx, w.actor.tenantId, id, w.lang);
  const changed = COMPARED.filter((k) => JSON.stringify(old[k]) !== JSON.stringify(after[k]));
  const compositionChanged = JSON.stringify(old.composition) !== JSON.stringify(after.composition);
  await auditUserChange(
    w,
    'survey.product.updated',
    target(id),
    { productNumber: f.productNumber, name: f.name, fields: compositionChanged ? [...changed, 'composition'] : [...changed], ...compositionCounts(f.composition) },
    {
      before: Object.fromEntries(changed.map((k) => [k, old[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    },
  );
  return after;
}

/** Deletes a product with its check results and records `survey.product.deleted`. */
export async function deleteProduct(w: SurveyWrite, id: string): Promise<void> {
  const before = await lockOwn(w, id);
  const results = await w.tx.query(`DELETE FROM survey.check_results WHERE tenant_id = $1 AND subject_kind = 'product' AND subject_id = $2`, [w.actor.tenantId, id]);
  await w.tx.query('DELETE FROM survey.products WHERE tenant_id = $1 AND id = $2', [w.actor.tenantId, id]);
  await auditUserChange(w, 'survey.product.deleted', target(id), { productNumber: before.product_number, name: before.name, checkResults: results.rowCount });
}
