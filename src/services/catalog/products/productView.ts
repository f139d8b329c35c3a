import { z } from 'zod';
import { withTenant, type Database, type Tx } from '../../../core/db/index.js';
import type { CatalogPlan } from '../shared/plan.js';
import { iso, isoOrNull, notFound, numOrNull } from './catalogWrite.js';
import { DOCUMENT_KINDS, PRODUCT_FORMS, PRODUCT_STATUSES, REGULATORY_FLAGS } from './productSchemas.js';

/*
 * How a product is shown to a reader. Which rows a reader gets is decided by row-level
 * security; this presenter decides which fields: a reader without the paid plan gets the
 * basic view, in which the keys of paid-only fields are absent (and their tables unread).
 */

/** A publisher as shown beside its products: the profile's display name, else the company name. */
export const publisherRef = z.object({ tenantId: z.string(), displayName: z.string() });

export const componentView = z.object({ casNumber: z.string().nullable(), name: z.string(), minPct: z.number().nullable(), maxPct: z.number().nullable() });
export const propertyView = z.object({
  key: z.string(),
  name: z.string(),
  valueMin: z.number().nullable(),
  valueMax: z.number().nullable(),
  valueText: z.string(),
  unit: z.string(),
  testMethod: z.string(),
  conditions: z.string(),
});
export type PropertyView = z.infer<typeof propertyView>;
export const documentView = z.object({
  id: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  language: z.string(),
  docVersion: z.string(),
  issuedOn: z.string(),
  fileName: z.string(),
  bytes: z.number(),
  isCurrent: z.boolean(),
  createdAt: z.string(),
});
export type DocumentView = z.infer<typeof documentView>;

/** One line of the own product list (and the base of a search hit). */
export const productSummaryView = z.object({
  id: z.string(),
  tenantId: z.string(),
  publisher: publisherRef,
  name: z.string(),
  nameEn: z.string(),
  grade: z.string(),
  brand: z.string(),
  category: z.string(),
  form: z.enum(PRODUCT_FORMS),
  status: z.enum(PRODUCT_STATUSES),
  regulatoryFlags: z.array(z.enum(REGULATORY_FLAGS)),
  documentKinds: z.array(z.string()),
  applications: z.array(z.string()),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type ProductSummary = z.infer<typeof productSummaryView>;

/** A product as a reader sees it; optional keys are absent where the reader may not have them. */
export const productView = z.object({
  id: z.string(),
  tenantId: z.string(),
  publisher: publisherRef,
  own: z.boolean(),
  access: z.enum(['full', 'basic']),
  name: z.string(),
  nameEn: z.string(),
  grade: z.string(),
  brand: z.string(),
  category: z.string(),
  form: z.enum(PRODUCT_FORMS),
  description: z.string(),
  descriptionEn: z.string(),
  applications: z.array(z.string()),
  processingMethods: z.array(z.string()),
  regulatoryFlags: z.array(z.enum(REGULATORY_FLAGS)),
  status: z.enum(PRODUCT_STATUSES),
  publishedAt: z.string().nullable(),
  components: z.array(componentView),
  documentKinds: z.array(z.string()),
  properties: z.array(propertyView).optional().meta({ description: 'Only when access is full.' }),
  documents: z.array(documentView).optional().meta({ description: 'Current versions; only when access is full.' }),
  remarks: z.string().optional().meta({ description: 'Own products only.' }),
  labels: z.array(z.string()).optional().meta({ description: 'Own products only.' }),
  version: z.number().optional().meta({ description: 'Own products only.' }),
  createdAt: z.string().optional().meta({ description: 'Own products only.' }),
  updatedAt: z.string(),
  lists: z.array(z.enum(['in_use', 'watching'])),
});
export type ProductView = z.infer<typeof productView>;

/** A product row as read with its publisher's display name. */
export interface ProductRow {
  tenant_id: string;
  id: string;
  name: string;
  name_en: string;
  grade: string;
  brand: string;
  category: string;
  form: ProductSummary['form'];
  description: string;
  description_en: string;
  applications: string[];
  processing_methods: string[];
  regulatory_flags: ProductSummary['regulatoryFlags'];
  status: ProductSummary['status'];
  published_at: unknown;
  remarks: string;
  labels: string[];
  document_kinds: string[];
  version: number;
  created_at: unknown;
  updated_at: unknown;
  publisher_name: string;
}

/**
 * Columns of `ProductRow` from `catalog.products p` with its publisher's profile name, else its
 * company name (as search results show it).
 */
export const PRODUCT_COLUMNS = `p.tenant_id, p.id, p.name, p.name_en, p.grade, p.brand, p.category, p.form, p.description, p.description_en,
  p.applications, p.processing_methods, p.regulatory_flags, p.status, p.published_at, p.remarks, p.labels, p.document_kinds,
  p.version, p.created_at, p.updated_at, coalesce(pub.display_name, t.name, '') AS publisher_name`;
export const PRODUCT_FROM = 'catalog.products p LEFT JOIN catalog.publishers pub ON pub.tenant_id = p.tenant_id LEFT JOIN ops.tenants t ON t.id = p.tenant_id';

/** The summary of a product row. */
export function presentSummary(row: ProductRow): ProductSummary {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    publisher: { tenantId: row.tenant_id, displayName: row.publisher_name },
    name: row.name,
    nameEn: row.name_en,
    grade: row.grade,
    brand: row.brand,
    category: row.category,
    form: row.form,
    status: row.status,
    regulatoryFlags: row.regulatory_flags,
    documentKinds: row.document_kinds,
    applications: row.applications,
    publishedAt: isoOrNull(row.published_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A document row; its file's name and size live with the publisher's file (see `withFileFacts`). */
export interface DocumentRow {
  tenant_id: string;
  id: string;
  kind: DocumentView['kind'];
  language: string;
  doc_version: string;
  issued_on: string;
  file_id: string;
  is_current: boolean;
  created_at: unknown;
}

export const DOCUMENT_COLUMNS = 'd.tenant_id, d.id, d.kind, d.language, d.doc_version, d.issued_on::text AS issued_on, d.file_id, d.is_current, d.created_at';

/** A product view whose documents still wait for their file names and sizes. */
export interface PendingProduct {
  view: ProductView;
  documents?: DocumentRow[];
}

/** Reads a visible product (404 otherwise) and presents it for the reader's tenant and plan. */
export async function presentProduct(tx: Tx, readerTenantId: string, plan: CatalogPlan, id: string): Promise<PendingProduct> {
  const { rows } = await tx.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM ${PRODUCT_FROM} WHERE p.id = $1`, [id]);
  const row = rows[0];
  if (!row) throw notFound();
  const own = row.tenant_id === readerTenantId;
  const full = own || plan.subscription === 'paid';
  const key = [row.tenant_id, row.id];
  const components = await tx.query<{ cas_number: string | null; name: string; min_pct: unknown; max_pct: unknown }>(
    'SELECT cas_number, name, min_pct, max_pct FROM catalog.product_components WHERE tenant_id = $1 AND product_id = $2 ORDER BY line_no',
    key,
  );
  const lists = await tx.query<{ list: 'in_use' | 'watching' }>(
    'SELECT list FROM catalog.list_entries WHERE product_tenant_id = $1 AND product_id = $2 ORDER BY list',
    key,
  );
  const summary = presentSummary(row);
  const view: ProductView = {
    ...summary,
    own,
    access: full ? 'full' : 'basic',
    description: row.description,
    descriptionEn: row.description_en,
    processingMethods: row.processing_methods,
    components: components.rows.map((c) => ({ casNumber: c.cas_number, name: c.name, minPct: numOrNull(c.min_pct), maxPct: numOrNull(c.max_pct) })),
    lists: lists.rows.map((l) => l.list),
  };
  if (own) Object.assign(view, { remarks: row.remarks, labels: row.labels, version: row.version, createdAt: iso(row.created_at) });
  if (!full) return { view };
  const properties = await tx.query<{
    property_key: string;
    name: string;
    value_min: unknown;
    value_max: unknown;
    value_text: string;
    unit: string;
    test_method: string;
    conditions: string;
  }>('SELECT property_key, name, value_min, value_max, value_text, unit, test_method, conditions FROM catalog.product_properties WHERE tenant_id = $1 AND product_id = $2 ORDER BY line_no', key);
  view.properties = properties.rows.map((p) => ({
    key: p.property_key,
    name: p.name,
    valueMin: numOrNull(p.value_min),
    valueMax: numOrNull(p.value_max),
    valueText: p.value_text,
    unit: p.unit,
    testMethod: p.test_method,
    conditions: p.conditions,
  }));
  const documents = await readDocuments(tx, row.tenant_id, row.id, false);
  return { view, documents };
}

/** The documents of a product the reader may see (RLS), current ones or all versions, newest first. */
export async function readDocuments(tx: Tx, tenantId: string, productId: string, all: boolean): Promise<DocumentRow[]> {
  const { rows } = await tx.query<DocumentRow>(
    `SELECT ${DOCUMENT_COLUMNS} FROM catalog.product_documents d
      WHERE d.tenant_id = $1 AND d.product_id = $2 AND ($3::boolean OR d.is_current)
      ORDER BY d.kind, d.language, d.is_current DESC, d.created_at DESC, d.issued_on DESC, d.id`,
    [tenantId, productId, all],
  );
  return rows;
}

/**
 * Documents with their file's name and size. The file is the publisher's, so its row is read
 * in the publisher's tenant, after the reader's own transaction has shown the documents.
 */
export async function documentsWithFiles(db: Database, tenantId: string, rows: readonly DocumentRow[]): Promise<DocumentView[]> {
  if (rows.length === 0) return [];
  const facts = await withTenant(db, tenantId, async (tx) => {
    const { rows: files } = await tx.query<{ id: string; name: string; bytes: unknown }>(
      'SELECT id, name, bytes FROM platform.files WHERE tenant_id = platform.current_tenant() AND id = ANY ($1::uuid[])',
      [rows.map((r) => r.file_id)],
    );
    return new Map(files.map((f) => [f.id, { name: f.name, bytes: Number(f.bytes) }]));
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    language: r.language,
    docVersion: r.doc_version,
    issuedOn: r.issued_on,
    fileName: facts.get(r.file_id)?.name ?? '',
    bytes: facts.get(r.file_id)?.bytes ?? 0,
    isCurrent: r.is_current,
    createdAt: iso(r.created_at),
  }));
}

/** Completes a presented product with its documents' file names and sizes. */
export async function withFileFacts(db: Database, pending: PendingProduct): Promise<ProductView> {
  if (!pending.documents) return pending.view;
  return { ...pending.view, documents: await documentsWithFiles(db, pending.view.tenantId, pending.documents) };
}
