import { AppError } from '../../../core/errors.js';
import type { Tx } from '../../../core/db/index.js';
import { normalizeCasNumber } from '../shared/cas.js';
import { currentPlan } from '../shared/plan.js';
import { containsPattern, normalizeSearchText } from '../search/searchText.js';
import { auditCatalog, notFound, type CatalogWrite } from './catalogWrite.js';
import type { ProductInput, ProductListQuery, ProductStatus } from './productSchemas.js';
import { PRODUCT_COLUMNS, PRODUCT_FROM, presentProduct, presentSummary, type PendingProduct, type ProductRow, type ProductSummary } from './productView.js';
import { productSearchFields } from './searchFields.js';
import { canonicalValue } from './units.js';

/** The own tenant's products, filtered, sorted and paged on the server. */
export async function listOwnProducts(tx: Tx, tenantId: string, query: ProductListQuery): Promise<{ items: ProductSummary[]; total: number }> {
  // Other tenants' published products are visible too (RLS); the list is of the tenant's own.
  const params: unknown[] = [tenantId];
  const where = ['p.tenant_id = $1'];
  if (query.status) {
    params.push(query.status);
    where.push(`p.status = $${params.length}`);
  }
  for (const term of normalizeSearchText(query.q ?? '').split(' ').filter((t) => t !== '')) {
    params.push(containsPattern(term));
    where.push(`p.search_text LIKE $${params.length}`);
  }
  const condition = where.join(' AND ');
  const total = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog.products p WHERE ${condition}`, params)).rows[0]?.n ?? 0;
  const order = query.sort === 'name' ? 'p.name, p.id' : 'p.updated_at DESC, p.id';
  const { rows } = await tx.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM ${PRODUCT_FROM} WHERE ${condition} ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
    params,
  );
  return { items: rows.map(presentSummary), total };
}

interface OwnRow {
  id: string;
  name: string;
  status: ProductStatus;
  version: number;
}

/** The actor's own product, locked for the write; anything else (other tenants', unknown) is 404. */
async function lockOwn(w: CatalogWrite, id: string): Promise<OwnRow> {
  const { rows } = await w.tx.query<OwnRow & { tenant_id: string }>('SELECT tenant_id, id, name, status, version FROM catalog.products WHERE id = $1 FOR UPDATE', [id]);
  const row = rows[0];
  if (!row || row.tenant_id !== w.actor.tenantId) throw notFound();
  return row;
}

function target(id: string) {
  return { type: 'catalog.product', id };
}

/** Replaces the composition and property rows and stores the search columns of the product. */
async function writeDetails(w: CatalogWrite, id: string, input: ProductInput): Promise<void> {
  const components = (input.components ?? []).map((c) => ({ ...c, casNumber: c.casNumber ? normalizeCasNumber(c.casNumber) : null }));
  const search = productSearchFields({
    name: input.name,
    nameEn: input.nameEn ?? '',
    grade: input.grade ?? '',
    brand: input.brand ?? '',
    category: input.category,
    applications: input.applications ?? [],
    processingMethods: input.processingMethods ?? [],
    components,
    description: input.description ?? '',
    descriptionEn: input.descriptionEn ?? '',
  });
  const key = [w.actor.tenantId, id];
  await w.tx.query('DELETE FROM catalog.product_components WHERE tenant_id = $1 AND product_id = $2', key);
  await w.tx.query('DELETE FROM catalog.product_properties WHERE tenant_id = $1 AND product_id = $2', key);
  for (const [i, c] of components.entries()) {
    await w.tx.query(
      'INSERT INTO catalog.product_components (tenant_id, product_id, line_no, cas_number, name, min_pct, max_pct) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [...key, i + 1, c.casNumber, c.name, c.minPct ?? null, c.maxPct ?? null],
    );
  }
  for (const [i, p] of (input.properties ?? []).entries()) {
    const canonical = canonicalValue(p);
    // The schema has refused rows that do not convert; this keeps the types honest.
    if (!canonical.ok) throw new AppError('validation.failed', { internal: `property row ${i + 1}: ${canonical.problem}` });
    await w.tx.query(
      `INSERT INTO catalog.product_properties (tenant_id, product_id, line_no, property_key, name, value_min, value_max, value_text, unit,
         canonical_unit, canonical_min, canonical_max, test_method, conditions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [...key, i + 1, p.key, p.name, p.valueMin ?? null, p.valueMax ?? null, p.valueText ?? '', canonical.unit, canonical.canonicalUnit, canonical.canonicalMin, canonical.canonicalMax, p.testMethod ?? '', p.conditions ?? ''],
    );
  }
  await w.tx.query('UPDATE catalog.products SET search_text = $3, search_tokens = $4::text[], cas_numbers = $5::text[] WHERE tenant_id = $1 AND id = $2', [
    ...key,
    search.searchText,
    search.searchTokens,
    search.casNumbers,
  ]);
}

function scalarFields(input: ProductInput) {
  return {
    name: input.name,
    nameEn: input.nameEn ?? '',
    grade: input.grade ?? '',
    brand: input.brand ?? '',
    category: input.category,
    form: input.form,
    description: input.description ?? '',
    descriptionEn: input.descriptionEn ?? '',
    applications: input.applications ?? [],
    processingMethods: input.processingMethods ?? [],
    regulatoryFlags: [...new Set(input.regulatoryFlags ?? [])],
    remarks: input.remarks ?? '',
    labels: input.labels ?? [],
  };
}

/** Inserts a draft product with its rows; the caller records the audit event. */
export async function insertProduct(w: CatalogWrite, input: ProductInput): Promise<string> {
  const f = scalarFields(input);
  const now = w.clock.now();
  const { rows } = await w.tx.query<{ id: string }>(
    `INSERT INTO catalog.products (tenant_id, name, name_en, grade, brand, category, form, description, description_en, applications,
       processing_methods, regulatory_flags, remarks, labels, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[], $11::text[], $12::text[], $13, $14::text[], $15, $16, $16) RETURNING id`,
    [w.actor.tenantId, f.name, f.nameEn, f.grade, f.brand, f.category, f.form, f.description, f.descriptionEn, f.applications, f.processingMethods, f.regulatoryFlags, f.remarks, f.labels, w.actor.userId, now],
  );
  const id = rows[0]!.id;
  await writeDetails(w, id, input);
  return id;
}

/** Creates a draft product and records `catalog.product.created`. */
export async function createProduct(w: CatalogWrite, input: ProductInput): Promise<PendingProduct> {
  const id = await insertProduct(w, input);
  await auditCatalog(w, 'catalog.product.created', target(id), { name: input.name, category: input.category, components: input.components?.length ?? 0, properties: input.properties?.length ?? 0 });
  return presentProduct(w.tx, w.actor.tenantId, await currentPlan(w.tx), id);
}

/** Replaces an own draft or published product at the version read (409 `conflict` when stale). */
export async function updateProduct(w: CatalogWrite, id: string, input: ProductInput & { version: number }): Promise<PendingProduct> {
  const before = await lockOwn(w, id);
  if (before.status === 'archived') throw new AppError('catalog.product_not_editable');
  if (before.version !== input.version) throw new AppError('conflict');
  const plan = await currentPlan(w.tx);
  const old = (await presentProduct(w.tx, w.actor.tenantId, plan, id)).view;
  const f = scalarFields(input);
  await w.tx.query(
    `UPDATE catalog.products SET name = $3, name_en = $4, grade = $5, brand = $6, category = $7, form = $8, description = $9, description_en = $10,
       applications = $11::text[], processing_methods = $12::text[], regulatory_flags = $13::text[], remarks = $14, labels = $15::text[],
       version = version + 1, updated_at = $16
     WHERE tenant_id = $1 AND id = $2`,
    [w.actor.tenantId, id, f.name, f.nameEn, f.grade, f.brand, f.category, f.form, f.description, f.descriptionEn, f.applications, f.processingMethods, f.regulatoryFlags, f.remarks, f.labels, w.clock.now()],
  );
  await writeDetails(w, id, input);
  const after = await presentProduct(w.tx, w.actor.tenantId, plan, id);
  const compared = ['name', 'nameEn', 'grade', 'brand', 'category', 'form', 'description', 'descriptionEn', 'applications', 'processingMethods', 'regulatoryFlags', 'remarks', 'labels', 'components', 'properties'] as const;
  const changed = compared.filter((k) => JSON.stringify(old[k]) !== JSON.stringify(after.view[k]));
  await auditCatalog(w, 'catalog.product.updated', target(id), { name: f.name, fields: changed }, {
    before: Object.fromEntries(changed.map((k) => [k, old[k]])),
    after: Object.fromEntries(changed.map((k) => [k, after.view[k]])),
  });
  return after;
}

const STATUS_NAMES: Record<ProductStatus, { ja: string; en: string }> = {
  draft: { ja: '下書き', en: 'a draft' },
  published: { ja: '公開中', en: 'published' },
  archived: { ja: 'アーカイブ済み', en: 'archived' },
};

/** A change of state: where it may start, where it ends, and what it is called in the log. */
export const TRANSITIONS = {
  publish: { from: 'draft', to: 'published', action: 'catalog.product.published' },
  unpublish: { from: 'published', to: 'draft', action: 'catalog.product.unpublished' },
  archive: { from: 'published', to: 'archived', action: 'catalog.product.archived' },
  restore: { from: 'archived', to: 'draft', action: 'catalog.product.restored' },
} as const satisfies Record<string, { from: ProductStatus; to: ProductStatus; action: string }>;
export type Transition = keyof typeof TRANSITIONS;

/**
 * Moves an own product along its life cycle at the version read. Publishing needs the
 * publisher contract (403 `catalog.not_publisher`); any other start state is a 409.
 */
export async function transitionProduct(w: CatalogWrite, id: string, transition: Transition, version: number): Promise<PendingProduct> {
  const step = TRANSITIONS[transition];
  const before = await lockOwn(w, id);
  const plan = await currentPlan(w.tx);
  if (transition === 'publish' && !plan.publisher) throw new AppError('catalog.not_publisher');
  if (before.status !== step.from) {
    throw new AppError('catalog.transition_invalid', {
      params: { from_ja: STATUS_NAMES[before.status].ja, from_en: STATUS_NAMES[before.status].en, to_ja: STATUS_NAMES[step.to].ja, to_en: STATUS_NAMES[step.to].en },
    });
  }
  if (before.version !== version) throw new AppError('conflict');
  const now = w.clock.now();
  await w.tx.query(
    `UPDATE catalog.products SET status = $3, published_at = CASE WHEN $3 = 'published' THEN $4::timestamptz ELSE published_at END,
       version = version + 1, updated_at = $4 WHERE tenant_id = $1 AND id = $2`,
    [w.actor.tenantId, id, step.to, now],
  );
  await auditCatalog(w, step.action, target(id), { name: before.name, from: before.status, to: step.to });
  return presentProduct(w.tx, w.actor.tenantId, plan, id);
}

/**
 * Deletes an own draft (its rows and document rows go with it); others are a 409. Returns the
 * ids of the document files, which the caller deletes once the transaction has committed.
 */
export async function deleteProduct(w: CatalogWrite, id: string): Promise<string[]> {
  const before = await lockOwn(w, id);
  if (before.status !== 'draft') throw new AppError('catalog.product_not_deletable');
  const { rows } = await w.tx.query<{ file_id: string }>('SELECT file_id FROM catalog.product_documents WHERE tenant_id = $1 AND product_id = $2', [w.actor.tenantId, id]);
  await w.tx.query('DELETE FROM catalog.products WHERE tenant_id = $1 AND id = $2', [w.actor.tenantId, id]);
  await auditCatalog(w, 'catalog.product.deleted', target(id), { name: before.name, documents: rows.length });
  return rows.map((r) => r.file_id);
}
