import { AppError } from '../../../core/errors.js';
import { withTenant, type Database, type Tx } from '../../../core/db/index.js';
import { currentPlan, type CatalogPlan } from '../shared/plan.js';
import { publisherNames } from './hits.js';
import { iso, numberOrNull, type DocumentView, type ProductView, type PropertyView } from './searchViews.js';

/** One row of the comparison: a property key and each product's value (null when it has none). */
export interface PropertyRow {
  key: string;
  name: string;
  unit: string;
  values: (PropertyView | null)[];
}

/** GET /compare: the products in the order asked and their property matrix. */
export interface Comparison {
  products: ProductView[];
  properties: PropertyRow[];
}

interface ProductRow {
  id: string;
  tenant_id: string;
  name: string;
  name_en: string;
  grade: string;
  brand: string;
  category: string;
  form: string;
  description: string;
  description_en: string;
  applications: string[];
  processing_methods: string[];
  regulatory_flags: string[];
  status: 'draft' | 'published' | 'archived';
  published_at: unknown;
  document_kinds: string[];
  remarks: string;
  labels: string[];
  version: number;
  created_at: unknown;
  updated_at: unknown;
}

interface DocumentRow {
  id: string;
  tenant_id: string;
  product_id: string;
  kind: DocumentView['kind'];
  language: string;
  doc_version: string;
  issued_on: string;
  file_id: string;
  is_current: boolean;
  created_at: unknown;
}

/** A product of the comparison before its documents' file names are known. */
interface Loaded {
  view: ProductView;
  documents: DocumentRow[];
}

/**
 * Products side by side with their property matrix. Each id must be a product the reader sees
 * (its own, or another tenant's published one: row-level security decides), else 404.
 * Properties and documents belong to full access (own product, or a paid reader); for the rest
 * the keys are absent and their matrix values null.
 */
export async function compareProducts(db: Database, readerTenantId: string, ids: readonly string[]): Promise<Comparison> {
  const { loaded, properties } = await withTenant(db, readerTenantId, async (tx) => {
    const plan = await currentPlan(tx);
    if (plan.subscription === null) throw new AppError('catalog.no_subscription');
    const loaded = await loadProducts(tx, readerTenantId, plan, ids);
    return { loaded, properties: propertyMatrix(loaded.map((l) => l.view)) };
  });
  const names = await documentFileNames(db, loaded.flatMap((l) => l.documents));
  const products = loaded.map(({ view, documents }) =>
    view.access === 'full'
      ? {
          ...view,
          documents: documents.map((d) => ({
            id: d.id,
            kind: d.kind,
            language: d.language,
            docVersion: d.doc_version,
            issuedOn: d.issued_on,
            fileName: names.get(d.file_id)?.name ?? '',
            bytes: names.get(d.file_id)?.bytes ?? 0,
            isCurrent: d.is_current,
            createdAt: iso(d.created_at),
          })),
        }
      : view,
  );
  return { products, properties };
}

async function loadProducts(tx: Tx, readerTenantId: string, plan: CatalogPlan, ids: readonly string[]): Promise<Loaded[]> {
  const { rows } = await tx.query<ProductRow>(
    `SELECT p.id, p.tenant_id, p.name, p.name_en, p.grade, p.brand, p.category, p.form, p.description, p.description_en, p.applications,
            p.processing_methods, p.regulatory_flags, p.status, p.published_at, p.document_kinds, p.remarks, p.labels, p.version,
            p.created_at, p.updated_at
       FROM catalog.products p WHERE p.id = ANY ($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const found = ids.map((id) => byId.get(id));
  if (found.some((r) => r === undefined)) throw new AppError('not_found');
  const products = found as ProductRow[];
  const keys = [products.map((p) => p.tenant_id), products.map((p) => p.id)];
  const isFull = (p: ProductRow) => p.tenant_id === readerTenantId || plan.subscription === 'paid';
  const full = products.filter(isFull);
  const fullKeys = [full.map((p) => p.tenant_id), full.map((p) => p.id)];
  const inKeys = (alias: string) => `(${alias}.tenant_id, ${alias}.product_id) IN (SELECT k.t, k.i FROM unnest($1::uuid[], $2::uuid[]) AS k(t, i))`;

  const components = await tx.query<{ product_id: string; cas_number: string | null; name: string; min_pct: unknown; max_pct: unknown }>(
    `SELECT c.product_id, c.cas_number, c.name, c.min_pct, c.max_pct FROM catalog.product_components c WHERE ${inKeys('c')} ORDER BY c.line_no`,
    keys,
  );
  const lists = await tx.query<{ product_id: string; list: 'in_use' | 'watching' }>(
    `SELECT l.product_id, l.list FROM catalog.list_entries l
      WHERE (l.product_tenant_id, l.product_id) IN (SELECT k.t, k.i FROM unnest($1::uuid[], $2::uuid[]) AS k(t, i)) ORDER BY l.list`,
    keys,
  );
  // A basic reader's products are never asked for their paid-only rows (the policies would
  // return none anyway).
  const properties =
    full.length === 0
      ? { rows: [] }
      : await tx.query<{ product_id: string; property_key: string; name: string; value_min: unknown; value_max: unknown; value_text: string; unit: string; test_method: string; conditions: string }>(
          `SELECT pp.product_id, pp.property_key, pp.name, pp.value_min, pp.value_max, pp.value_text, pp.unit, pp.test_method, pp.conditions
             FROM catalog.product_properties pp WHERE ${inKeys('pp')} ORDER BY pp.line_no`,
          fullKeys,
        );
  const documents =
    full.length === 0
      ? { rows: [] }
      : await tx.query<DocumentRow>(
          `SELECT d.id, d.tenant_id, d.product_id, d.kind, d.language, d.doc_version, to_char(d.issued_on, 'YYYY-MM-DD') AS issued_on, d.file_id,
                  d.is_current, d.created_at
             FROM catalog.product_documents d WHERE ${inKeys('d')} AND d.is_current ORDER BY d.kind, d.language`,
          fullKeys,
        );
  const names = await publisherNames(tx, products.map((p) => p.tenant_id));
  const of = <R extends { product_id: string }>(list: readonly R[], id: string) => list.filter((r) => r.product_id === id);

  return products.map((p) => {
    const own = p.tenant_id === readerTenantId;
    const access = isFull(p) ? 'full' : 'basic';
    const view: ProductView = {
      id: p.id,
      tenantId: p.tenant_id,
      publisher: { tenantId: p.tenant_id, displayName: names.get(p.tenant_id) ?? '' },
      own,
      access,
      name: p.name,
      nameEn: p.name_en,
      grade: p.grade,
      brand: p.brand,
      category: p.category,
      form: p.form,
      description: p.description,
      descriptionEn: p.description_en,
      applications: p.applications,
      processingMethods: p.processing_methods,
      regulatoryFlags: p.regulatory_flags,
      status: p.status,
      publishedAt: p.published_at === null ? null : iso(p.published_at),
      components: of(components.rows, p.id).map((c) => ({ casNumber: c.cas_number, name: c.name, minPct: numberOrNull(c.min_pct), maxPct: numberOrNull(c.max_pct) })),
      documentKinds: p.document_kinds,
      ...(access === 'full'
        ? {
            properties: of(properties.rows, p.id).map((r) => ({
              key: r.property_key,
              name: r.name,
              valueMin: numberOrNull(r.value_min),
              valueMax: numberOrNull(r.value_max),
              valueText: r.value_text,
              unit: r.unit,
              testMethod: r.test_method,
              conditions: r.conditions,
            })),
          }
        : {}),
      ...(own ? { remarks: p.remarks, labels: p.labels, version: p.version, createdAt: iso(p.created_at) } : {}),
      updatedAt: iso(p.updated_at),
      lists: of(lists.rows, p.id).map((l) => l.list),
    };
    return { view, documents: access === 'full' ? of(documents.rows, p.id) : [] };
  });
}

/**
 * The comparison matrix: every property key of the products with full access, in the order they
 * first appear; a product's value is its first line with that key.
 */
export function propertyMatrix(products: readonly ProductView[]): PropertyRow[] {
  const rows = new Map<string, PropertyRow>();
  products.forEach((product, index) => {
    for (const property of product.properties ?? []) {
      let row = rows.get(property.key);
      if (!row) {
        row = { key: property.key, name: property.name, unit: property.unit, values: products.map(() => null) };
        rows.set(property.key, row);
      }
      row.values[index] ??= property;
    }
  });
  return [...rows.values()];
}

/**
 * File names and sizes of documents. The file rows belong to each document's publisher, so they
 * are read in that tenant, and only for documents the reader's own transaction already returned.
 */
async function documentFileNames(db: Database, documents: readonly DocumentRow[]): Promise<Map<string, { name: string; bytes: number }>> {
  const byTenant = new Map<string, string[]>();
  for (const d of documents) byTenant.set(d.tenant_id, [...(byTenant.get(d.tenant_id) ?? []), d.file_id]);
  const names = new Map<string, { name: string; bytes: number }>();
  for (const [tenantId, fileIds] of byTenant) {
    const { rows } = await withTenant(db, tenantId, (tx) =>
      tx.query<{ id: string; name: string; bytes: unknown }>('SELECT f.id, f.name, f.bytes FROM platform.files f WHERE f.id = ANY ($1::uuid[])', [fileIds]),
    );
    for (const r of rows) names.set(r.id, { name: r.name, bytes: Number(r.bytes) });
  }
  return names;
}
