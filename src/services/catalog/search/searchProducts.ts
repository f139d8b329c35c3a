import { AppError } from '../../../core/errors.js';
import type { Tx } from '../../../core/db/index.js';
import type { CatalogPlan } from '../shared/plan.js';
import { HIT_COLUMNS, presentHits, publisherNames, publisherNameSql, type HitRow } from './hits.js';
import { containsPattern, queryTerms, SEARCH_LINES } from './searchText.js';
import type { Facet, SearchHit } from './searchViews.js';

/** A property range filter: the product's stated value or range must overlap [min, max]. */
export interface PropertyFilter {
  key: string;
  min: number | null;
  max: number | null;
}

/** A search as GET /search takes it (query string parsed by the route's schema). */
export interface SearchFilter {
  q?: string | undefined;
  category: string[];
  publisher: string[];
  application: string[];
  flag: string[];
  docKind: string[];
  prop: PropertyFilter[];
  sort: 'relevance' | 'newest' | 'name';
  page: number;
  pageSize: number;
}

/** The facets of a search, in the order the response lists them. */
export type FacetName = 'category' | 'publisher' | 'application' | 'flag' | 'docKind';
export const FACETS: readonly FacetName[] = ['category', 'publisher', 'application', 'flag', 'docKind'];

/** One page of results with every facet's counts and the reader's plan. */
export interface SearchResult {
  items: SearchHit[];
  total: number;
  facets: Record<FacetName, Facet[]>;
  plan: CatalogPlan;
}

/**
 * How a chosen facet filters (values bound as one array parameter): any of the categories,
 * publishers or applications; all of the flags and document kinds. Each condition is written
 * as the search index (0026, products_published_search_idx) holds its column, with a leakproof
 * array operator, so that PostgreSQL evaluates it in the index together with the terms and
 * reads from the table only products that pass.
 */
const FACET_SQL: Record<FacetName, { cast: string; condition: (alias: string, values: string) => string }> = {
  category: { cast: '::text[]', condition: (a, v) => `ARRAY[${a}.category] && ${v}` },
  publisher: { cast: '::uuid[]', condition: (a, v) => `ARRAY[${a}.tenant_id] && ${v}` },
  application: { cast: '::text[]', condition: (a, v) => `${a}.applications && ${v}` },
  flag: { cast: '::text[]', condition: (a, v) => `${a}.regulatory_flags @> ${v}` },
  docKind: { cast: '::text[]', condition: (a, v) => `${a}.document_kinds @> ${v}` },
};

/** How many values of one facet are listed (the most frequent; chosen values always). */
const FACET_VALUES = 50;

/**
 * How many products a search reads at most to count a chosen category's, publisher's or
 * application's other values (how many results choosing another one would give). Beyond it
 * those counts are lower bounds, marked `atLeast`; the results, their total and every other
 * count stay exact.
 */
export const OTHER_VALUES_READ = 1_000;

/** Collects SQL parameters and hands out their placeholders. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/** Line n of the ranked head (SEARCH_LINES; migration 0028). */
const line = (n: number) => `split_part(p.search_head, E'\\n', ${n})`;

/**
 * Rank of one term (`term` the normalised term, `pattern` its LIKE pattern): 6 when it is the
 * whole name or the category code (ＰＰ means category PP, not a PPS grade), 5 in the name, 4 the
 * whole English name, grade or brand, 3 in one of them, 2 a whole other field (an application,
 * a CAS number, a component), 1 elsewhere. A product's rank is the sum over the terms.
 * Ranks 3 to 6 need the term in the head (a term holds no line break), so a product whose head
 * lacks it, as most results of a broad search do, is ranked with one search of its head.
 */
function termRank(term: string, pattern: string): string {
  const L = SEARCH_LINES;
  const second = [L.nameEn, L.grade, L.brand];
  const whole = `strpos(E'\\n' || p.search_text || E'\\n', E'\\n' || ${term} || E'\\n') > 0`;
  return `CASE WHEN strpos(p.search_head, ${term}) = 0 THEN CASE WHEN ${whole} THEN 2 ELSE 1 END
    WHEN ${line(L.name)} = ${term} OR ${line(L.category)} = ${term} THEN 6
    WHEN ${line(L.name)} LIKE ${pattern} ESCAPE '\\' THEN 5
    WHEN ${second.map((n) => `${line(n)} = ${term}`).join(' OR ')} THEN 4
    WHEN ${second.map((n) => `${line(n)} LIKE ${pattern} ESCAPE '\\'`).join(' OR ')} THEN 3
    WHEN ${whole} THEN 2
    ELSE 1 END`;
}

/**
 * Searches published products of every publisher (the reader's own included) in the reader's
 * tenant transaction: row-level security decides what exists for the reader, this query adds no
 * tenant condition. Terms are AND-ed: the token index finds candidates, the normalised text
 * confirms each term as a substring.
 *
 * Facets drill down: values within one facet are alternatives for category, publisher and
 * application (any of them), and requirements for flag and docKind (all of them). Each facet's
 * counts are taken over the results filtered by every other facet, so choosing a category still
 * shows the other categories' counts; flag and docKind counts, being requirements, are taken
 * over the fully filtered results (how many remain when that value is added). When more than
 * OTHER_VALUES_READ products fail only a chosen category, publisher or application, that facet's
 * other values are counted from the first of them read and marked as lower bounds.
 */
export async function searchProducts(tx: Tx, plan: CatalogPlan, filter: SearchFilter): Promise<SearchResult> {
  if (plan.subscription === null) throw new AppError('catalog.no_subscription');
  if (filter.prop.length > 0 && plan.subscription !== 'paid') throw new AppError('catalog.paid_only');

  const params = new Params();
  const terms = queryTerms(filter.q ?? '');
  const where = [`p.status = 'published'`];
  const ranks: string[] = [];
  if (terms.length > 0) {
    where.push(`p.search_tokens @> ${params.add([...new Set(terms.flatMap((t) => t.tokens))], '::text[]')}`);
    for (const term of terms) {
      const pattern = params.add(containsPattern(term.term));
      where.push(`p.search_text LIKE ${pattern} ESCAPE '\\'`);
      ranks.push(termRank(params.add(term.term, '::text'), pattern));
    }
  }
  for (const prop of filter.prop) {
    const bounds = [`pp.property_key = ${params.add(prop.key)}`];
    if (prop.min !== null) bounds.push(`coalesce(pp.canonical_max, pp.canonical_min) >= ${params.add(prop.min, '::float8')}`);
    if (prop.max !== null) bounds.push(`coalesce(pp.canonical_min, pp.canonical_max) <= ${params.add(prop.max, '::float8')}`);
    where.push(`EXISTS (SELECT 1 FROM catalog.product_properties pp WHERE pp.tenant_id = p.tenant_id AND pp.product_id = p.id AND ${bounds.join(' AND ')})`);
  }

  const chosen: Record<FacetName, string[]> = { category: filter.category, publisher: filter.publisher, application: filter.application, flag: filter.flag, docKind: filter.docKind };
  // Chosen facets: flags and document kinds are requirements of every count; categories,
  // publishers and applications are alternatives, each left out of its own facet's counts.
  const required: string[] = [];
  const alternatives: { facet: FacetName; miss: number; condition: string }[] = [];
  for (const facet of FACETS) {
    if (chosen[facet].length === 0) continue;
    const condition = FACET_SQL[facet].condition('p', params.add(chosen[facet], FACET_SQL[facet].cast));
    if (facet === 'flag' || facet === 'docKind') required.push(condition);
    else alternatives.push({ facet, miss: alternatives.length + 1, condition });
  }
  const rank = ranks.length > 0 ? ranks.join(' + ') : '0';
  // The products any count needs, each with `miss`: 0 when every chosen facet admits it (the
  // results), n when only the n-th alternative does not (counted only in that facet, for its
  // other values; a product failing two chosen facets counts nowhere). They are read in disjoint
  // parts whose facet conditions are AND-ed, so the search index applies them and the table is
  // read only for products counted. A part for other values stops at OTHER_VALUES_READ products:
  // beyond that its counts are lower bounds (`atLeast`).
  const parts: { where: string[]; miss: number; rank: string; limit?: number }[] = [
    { where: alternatives.map((a) => a.condition), miss: 0, rank },
    ...alternatives.map((skip) => ({
      where: [...alternatives.filter((a) => a !== skip).map((a) => a.condition), `NOT (${skip.condition})`],
      miss: skip.miss,
      rank: '0',
      limit: OTHER_VALUES_READ + 1,
    })),
  ];
  const counted = (facet: FacetName, alias = 'm') => {
    const alternative = alternatives.find((a) => a.facet === facet);
    return alternative ? `${alias}.miss IN (0, ${alternative.miss})` : `${alias}.miss = 0`;
  };
  const order = (a: string) =>
    filter.sort === 'name'
      ? `${a}.sort_name COLLATE "C", ${a}.name COLLATE "C", ${a}.id`
      : filter.sort === 'relevance' && ranks.length > 0
        ? `${a}.rank DESC, ${a}.published_at DESC, ${a}.id`
        : `${a}.published_at DESC, ${a}.id`;
  const matches = parts.map((part) => {
    const select = `SELECT p.id, p.tenant_id, p.category, p.applications, p.regulatory_flags, p.document_kinds, p.published_at, p.name,
             ${filter.sort === 'name' && part.miss === 0 ? line(SEARCH_LINES.name) : "''"} AS sort_name,
             ${filter.sort === 'relevance' && ranks.length > 0 ? part.rank : '0'} AS rank, ${part.miss} AS miss
        FROM catalog.products p
       WHERE ${[...where, ...required, ...part.where].join(' AND ')}`;
    return part.limit === undefined ? select : `(${select} LIMIT ${part.limit})`;
  });

  // One statement: the products counted once (materialised), then every facet's counts, the
  // total and the page from them. Each pass over the results costs about 0.3 µs a product, so
  // the passes are few (ADR 0029): categories with the total and the products read for other
  // values, publishers, applications (unnested in the select list, no set-returning scan per
  // product), flags and document kinds as their combinations (a few dozen) unnested after
  // counting, and the page (its top rows kept while sorting, not every result sorted). The
  // page's rows and the publishers' names come with it: every result's publisher is among the
  // publisher counts, so the names there serve the page too.
  const sql = `
    WITH m AS MATERIALIZED (${matches.join('\n      UNION ALL')}
    ),
    c AS (SELECT m.miss, m.category, count(*)::int AS n FROM m GROUP BY m.miss, m.category),
    fd AS (SELECT m.regulatory_flags, m.document_kinds, count(*)::int AS n FROM m WHERE m.miss = 0 GROUP BY m.regulatory_flags, m.document_kinds)
    SELECT 'category' AS facet, c.category AS value, sum(c.n)::int AS n, NULL::text AS label, NULL::json AS row FROM c WHERE ${counted('category', 'c')} GROUP BY c.category
    UNION ALL
    SELECT 'total', '', coalesce(sum(c.n), 0)::int, NULL, NULL FROM c WHERE c.miss = 0
    UNION ALL
    SELECT 'read', c.miss::text, sum(c.n)::int, NULL, NULL FROM c WHERE c.miss > 0 GROUP BY c.miss
    UNION ALL
    SELECT 'publisher', g.tenant_id::text, g.n, ${publisherNameSql('g.tenant_id')}, NULL FROM (
      SELECT m.tenant_id, count(*)::int AS n FROM m WHERE ${counted('publisher')} GROUP BY m.tenant_id
    ) g
    UNION ALL
    SELECT 'application', u.value, count(*)::int, NULL, NULL FROM (SELECT unnest(m.applications) AS value FROM m WHERE ${counted('application')}) u GROUP BY u.value
    UNION ALL
    SELECT 'flag', f.value, sum(fd.n)::int, NULL, NULL FROM fd CROSS JOIN LATERAL unnest(fd.regulatory_flags) AS f(value) GROUP BY f.value
    UNION ALL
    SELECT 'docKind', d.value, sum(fd.n)::int, NULL, NULL FROM fd CROSS JOIN LATERAL unnest(fd.document_kinds) AS d(value) GROUP BY d.value
    UNION ALL
    SELECT 'hit', h.tenant_id::text, (row_number() OVER (ORDER BY ${order('h')}))::int, NULL,
           (SELECT to_json(x) FROM (SELECT ${HIT_COLUMNS} FROM catalog.products p WHERE p.tenant_id = h.tenant_id AND p.id = h.id) x)
      FROM (
      SELECT m.tenant_id, m.id, m.rank, m.published_at, m.sort_name, m.name
        FROM m WHERE m.miss = 0 ORDER BY ${order('m')} LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize}
    ) h`;
  const { rows } = await tx.query<{ facet: FacetName | 'total' | 'read' | 'hit'; value: string; n: number; label: string | null; row: HitRow | null }>(sql, params.values);

  const counts: Record<FacetName, Facet[]> = { category: [], publisher: [], application: [], flag: [], docKind: [] };
  let total = 0;
  const hits: { n: number; row: HitRow }[] = [];
  const names = new Map<string, string>();
  const stopped = new Set<FacetName>();
  for (const r of rows) {
    if (r.label !== null) names.set(r.value, r.label);
    if (r.facet === 'total') total = r.n;
    else if (r.facet === 'hit') {
      if (r.row) hits.push({ n: r.n, row: r.row });
    } else if (r.facet === 'read') {
      const alternative = alternatives.find((a) => String(a.miss) === r.value);
      if (alternative && r.n > OTHER_VALUES_READ) stopped.add(alternative.facet);
    } else counts[r.facet].push({ value: r.value, count: r.n });
  }
  // Counts of values not chosen in a facet whose reading stopped are lower bounds.
  for (const facet of stopped) counts[facet] = counts[facet].map((f) => (chosen[facet].includes(f.value) ? f : { ...f, atLeast: true }));
  const facets = Object.fromEntries(FACETS.map((f) => [f, topValues(counts[f], chosen[f])])) as Record<FacetName, Facet[]>;

  hits.sort((a, b) => a.n - b.n);
  const items = await presentHits(tx, hits.map((h) => h.row), terms, names);
  // A chosen publisher with no result has no row above: its name is read apart.
  const unnamed = facets.publisher.filter((f) => !names.has(f.value)).map((f) => f.value);
  if (unnamed.length > 0) for (const [id, name] of await publisherNames(tx, unnamed)) names.set(id, name);
  facets.publisher = facets.publisher.map((f) => ({ ...f, label: names.get(f.value) ?? '' }));
  return { items, total, facets, plan };
}

/** The most frequent values (ties by value), with the chosen ones always listed. */
function topValues(values: Facet[], chosen: readonly string[]): Facet[] {
  const sorted = [...values].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const top = sorted.slice(0, FACET_VALUES);
  for (const value of chosen) {
    if (!top.some((f) => f.value === value)) top.push(sorted.find((f) => f.value === value) ?? { value, count: 0 });
  }
  return top;
}
