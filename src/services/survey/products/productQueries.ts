import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import type { Lang } from '../../../core/i18n.js';
import type { Composition } from '../shared/composition.js';
import { compositionCounts, compositionWarnings } from './compositionRules.js';
import { OUTCOMES, type Outcome, type ProductDetail, type ProductListQuery, type ProductSummary } from './productSchemas.js';
import { surveySettingsOf } from './settings.js';
import { iso, numOrNull } from './surveyWrite.js';

/*
 * Reads of products under survey. A product's standing is the worst outcome of its check
 * results on the current (newest) version of each list that is not archived; older versions'
 * results stay as history. Products have no cross-tenant policy, but every query still names
 * the tenant, like the rest of the service.
 */

/** The current version of every non-archived list of tenant $1. */
export const CURRENT_VERSIONS = `
  SELECT v.id FROM survey.list_versions v
    JOIN survey.substance_lists l ON l.tenant_id = v.tenant_id AND l.id = v.list_id
   WHERE v.tenant_id = $1 AND NOT l.archived
     AND v.version_no = (SELECT max(v2.version_no) FROM survey.list_versions v2 WHERE v2.tenant_id = v.tenant_id AND v2.list_id = v.list_id)`;

/** Outcome → rank, worst highest (OUTCOMES is worst first). */
const RANK_SQL = `CASE c.outcome ${OUTCOMES.map((o, i) => `WHEN '${o}' THEN ${OUTCOMES.length - i}`).join(' ')} END`;

function outcomeOfRank(rank: number | null): Outcome | null {
  return rank === null ? null : (OUTCOMES[OUTCOMES.length - rank] ?? null);
}

/** Products of tenant $1 with their worst current outcome and unacknowledged changes. */
const PRODUCT_FROM = `
  survey.products p
  LEFT JOIN LATERAL (
    SELECT max(${RANK_SQL}) AS worst_rank,
           (count(*) FILTER (WHERE c.changed AND c.acknowledged_at IS NULL))::int AS changed_count
      FROM survey.check_results c
     WHERE c.tenant_id = p.tenant_id AND c.subject_kind = 'product' AND c.subject_id = p.id
       AND c.list_version_id IN (${CURRENT_VERSIONS})
  ) o ON true`;

const PRODUCT_COLUMNS = `p.id, p.product_number, p.name, p.mass_g, p.unit_type, p.composition, p.supplier_name, p.remarks, p.labels,
  p.version, p.created_at, p.updated_at, o.worst_rank, o.changed_count`;

interface ProductRow {
  id: string;
  product_number: string;
  name: string;
  mass_g: string | number | null;
  unit_type: string;
  composition: Composition;
  supplier_name: string;
  remarks: string;
  labels: string[];
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
  worst_rank: number | null;
  changed_count: number;
}

function presentSummary(row: ProductRow): ProductSummary {
  return {
    id: row.id,
    productNumber: row.product_number,
    name: row.name,
    massG: numOrNull(row.mass_g),
    supplierName: row.supplier_name,
    labels: row.labels,
    ...compositionCounts(row.composition),
    worstOutcome: outcomeOfRank(row.worst_rank === null ? null : Number(row.worst_rank)),
    changedCount: Number(row.changed_count),
    updatedAt: iso(row.updated_at),
  };
}

// Hyphens and dashes are dropped on both sides (7439-92-1 and 7439921 alike); katakana folds to hiragana.
const DASHES = '-‐‑‒–—―−－﹣';
const KATAKANA = Array.from({ length: 0x30f6 - 0x30a1 + 1 }, (_, i) => String.fromCharCode(0x30a1 + i)).join('');
const HIRAGANA = Array.from({ length: 0x30f6 - 0x30a1 + 1 }, (_, i) => String.fromCharCode(0x3041 + i)).join('');

/** The searchable form of text: NFKC, lower case, katakana as hiragana, no dashes, single spaces. */
export function normalizeSearch(input: string): string {
  let out = '';
  for (const ch of input.normalize('NFKC').toLowerCase()) {
    if (DASHES.includes(ch)) continue;
    const k = KATAKANA.indexOf(ch);
    out += k >= 0 ? HIRAGANA[k] : ch;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** The same folding in SQL over product number, name and CAS numbers; `from` and `to` are the parameters carrying the character maps. */
const searchable = (from: string, to: string) => `translate(lower(normalize(p.product_number || ' ' || p.name || ' ' || array_to_string(p.cas_numbers, ' '), NFKC)), ${from}, ${to})`;

/** The tenant's products, filtered by text, label and worst outcome, sorted and paged on the server. */
export async function listProducts(tx: Tx, tenantId: string, query: ProductListQuery): Promise<{ items: ProductSummary[]; total: number }> {
  const params: unknown[] = [tenantId];
  const where = ['p.tenant_id = $1'];
  const terms = normalizeSearch(query.q ?? '').split(' ').filter((t) => t !== '');
  if (terms.length > 0) {
    params.push(KATAKANA + DASHES, HIRAGANA);
    const text = searchable(`$${params.length - 1}::text`, `$${params.length}::text`);
    for (const term of terms) {
      params.push(`%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
      where.push(`${text} LIKE $${params.length}`);
    }
  }
  if (query.label) {
    params.push(query.label);
    where.push(`$${params.length} = ANY(p.labels)`);
  }
  if (query.outcome) {
    params.push(OUTCOMES.length - OUTCOMES.indexOf(query.outcome));
    where.push(`o.worst_rank = $${params.length}`);
  }
  const condition = where.join(' AND ');
  const total = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${PRODUCT_FROM} WHERE ${condition}`, params)).rows[0]?.n ?? 0;
  const order = { updated: 'p.updated_at DESC, p.id', number: 'p.product_number, p.id', name: 'p.name, p.product_number, p.id' }[query.sort];
  const { rows } = await tx.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM ${PRODUCT_FROM} WHERE ${condition} ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
    params,
  );
  return { items: rows.map(presentSummary), total };
}

/** The product not found: unknown ids and other tenants' products alike. */
export function productNotFound(id: string): AppError {
  return new AppError('survey.product_not_found', { internal: `product ${id} is not the tenant's` });
}

/** One product of the tenant with its composition and warnings in `lang`; 404 otherwise. */
export async function findProduct(tx: Tx, tenantId: string, id: string, lang: Lang): Promise<ProductDetail> {
  const { rows } = await tx.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM ${PRODUCT_FROM} WHERE p.tenant_id = $1 AND p.id = $2`, [tenantId, id]);
  const row = rows[0];
  if (!row) throw productNotFound(id);
  const { sumTolerancePercent } = await surveySettingsOf(tx, tenantId);
  const summary = presentSummary(row);
  return {
    ...summary,
    unitType: row.unit_type,
    composition: row.composition,
    remarks: row.remarks,
    version: row.version,
    createdAt: iso(row.created_at),
    warnings: compositionWarnings(row.composition, summary.massG, sumTolerancePercent, lang),
  };
}
