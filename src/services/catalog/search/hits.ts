import type { Tx } from '../../../core/db/index.js';
import { normalizeSearchText, type QueryTerm } from './searchText.js';
import { iso } from '../products/catalogWrite.js';
import type { SearchHit } from './searchViews.js';

/** The columns of a product a search hit is presented from (alias `p`). */
export const HIT_COLUMNS = `p.id, p.tenant_id, p.name, p.name_en, p.grade, p.brand, p.category, p.form, p.status, p.regulatory_flags,
  p.document_kinds, p.applications, p.processing_methods, p.cas_numbers, p.description, p.description_en, p.published_at, p.updated_at`;

/** A product row read with HIT_COLUMNS. */
export interface HitRow {
  id: string;
  tenant_id: string;
  name: string;
  name_en: string;
  grade: string;
  brand: string;
  category: string;
  form: string;
  status: 'draft' | 'published' | 'archived';
  regulatory_flags: string[];
  document_kinds: string[];
  applications: string[];
  processing_methods: string[];
  cas_numbers: string[];
  description: string;
  description_en: string;
  published_at: unknown;
  updated_at: unknown;
}

/** A product's key: products are keyed by (tenant, id), which is also how they are indexed. */
export interface ProductKey {
  tenantId: string;
  productId: string;
}

/** Where a publisher's display name comes from: its profile's name (catalog.publishers) where the reader may see it, else the company name. */
const PUBLISHER_FROM = 'ops.tenants t LEFT JOIN catalog.publishers pub ON pub.tenant_id = t.id';
const PUBLISHER_NAME = 'coalesce(pub.display_name, t.name)';

/** Display names of publishers, by tenant id. */
export async function publisherNames(tx: Tx, tenantIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(tenantIds)];
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; name: string }>(`SELECT t.id, ${PUBLISHER_NAME} AS name FROM ${PUBLISHER_FROM} WHERE t.id = ANY ($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** SQL: the display name of the publisher whose tenant id is `tenantIdSql`, as publisherNames gives it. */
export function publisherNameSql(tenantIdSql: string): string {
  return `(SELECT ${PUBLISHER_NAME} FROM ${PUBLISHER_FROM} WHERE t.id = ${tenantIdSql})`;
}

const EXCERPT = 80;

/** `text` cut to about EXCERPT characters around `at` (an offset into its normalised form). */
function excerpt(text: string, at: number): string {
  const chars = Array.from(text);
  if (chars.length <= EXCERPT) return text;
  const start = Math.max(0, Math.min(at - EXCERPT / 4, chars.length - EXCERPT));
  return `${start > 0 ? '…' : ''}${chars.slice(start, start + EXCERPT).join('')}${start + EXCERPT < chars.length ? '…' : ''}`;
}

/**
 * Where the query matched, when not (only) in the name: the first searchable field, in the order
 * the writer stores them, that holds the first term the name lacks. Field text is shown as the
 * publisher wrote it; long text is cut around the match.
 */
export function matchedField(row: HitRow, componentNames: readonly string[], terms: readonly QueryTerm[]): string | undefined {
  const name = normalizeSearchText(row.name);
  const missing = terms.find((t) => !name.includes(t.term));
  if (!missing) return undefined;
  const fields = [
    row.name_en,
    row.grade,
    row.brand,
    row.category,
    ...row.applications,
    ...row.processing_methods,
    ...row.cas_numbers,
    ...componentNames,
    row.description,
    row.description_en,
  ];
  for (const field of fields) {
    const normalized = normalizeSearchText(field);
    const at = normalized.indexOf(missing.term);
    if (at >= 0) return excerpt(field, Array.from(normalized.slice(0, at)).length);
  }
  return undefined;
}

/** Component names of products (composition is basic: visible with the product). */
export async function componentNames(tx: Tx, keys: readonly ProductKey[]): Promise<Map<string, string[]>> {
  if (keys.length === 0) return new Map();
  const { rows } = await tx.query<{ product_id: string; name: string }>(
    `SELECT c.product_id, c.name FROM catalog.product_components c
      WHERE (c.tenant_id, c.product_id) IN (SELECT k.t, k.i FROM unnest($1::uuid[], $2::uuid[]) AS k(t, i))
      ORDER BY c.product_id, c.line_no`,
    [keys.map((k) => k.tenantId), keys.map((k) => k.productId)],
  );
  const names = new Map<string, string[]>();
  for (const r of rows) names.set(r.product_id, [...(names.get(r.product_id) ?? []), r.name]);
  return names;
}

/**
 * Search hits from product rows: publisher names added (read here unless `names` holds them)
 * and, for a text query, where it matched.
 */
export async function presentHits(tx: Tx, rows: readonly HitRow[], terms: readonly QueryTerm[] = [], names?: ReadonlyMap<string, string>): Promise<SearchHit[]> {
  const known = names ?? (await publisherNames(tx, rows.map((r) => r.tenant_id)));
  const keys = rows.map((r) => ({ tenantId: r.tenant_id, productId: r.id }));
  const components = terms.length > 0 ? await componentNames(tx, keys) : new Map<string, string[]>();
  return rows.map((r) => {
    const matched = terms.length > 0 ? matchedField(r, components.get(r.id) ?? [], terms) : undefined;
    return {
      id: r.id,
      tenantId: r.tenant_id,
      publisher: { tenantId: r.tenant_id, displayName: known.get(r.tenant_id) ?? '' },
      name: r.name,
      nameEn: r.name_en,
      grade: r.grade,
      brand: r.brand,
      category: r.category,
      form: r.form,
      status: r.status,
      regulatoryFlags: r.regulatory_flags,
      documentKinds: r.document_kinds,
      applications: r.applications,
      publishedAt: r.published_at === null ? null : iso(r.published_at),
      updatedAt: iso(r.updated_at),
      ...(matched !== undefined ? { matched } : {}),
    };
  });
}
