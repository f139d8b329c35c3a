import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_VALUES_READ } from '../../../src/services/catalog/search/searchProducts.js';
import { searchColumns } from '../../../src/services/catalog/search/searchText.js';
import { testDatabaseKind } from '../../support/db.js';
import { buildTenant } from '../../support/factories.js';
import { openCatalogWorld, setCatalogPlan, type CatalogWorld } from './catalogWorld.js';

interface Facet {
  value: string;
  count: number;
  atLeast?: true;
}
type FacetName = 'category' | 'publisher' | 'application' | 'flag' | 'docKind';
interface Result {
  items: { id: string }[];
  total: number;
  facets: Record<FacetName, Facet[]>;
}

/** A seeded product as the counts see it. */
interface Row {
  id: string;
  tenantId: string;
  status: 'published' | 'draft' | 'archived';
  category: string;
  applications: string[];
  flags: string[];
  docKinds: string[];
}

/**
 * Facet counts of a broad search against counts worked out here from the seeded rows: more
 * products than the search reads for a chosen facet's other values, two publishers, drafts and
 * archived products that match the term but must count nowhere.
 */
describe(`catalog search counts over many products (${testDatabaseKind()})`, { timeout: 180_000 }, () => {
  let world: CatalogWorld;
  let rival: { id: string };
  const rows: Row[] = [];
  const PRODUCTS = OTHER_VALUES_READ + 500;

  beforeAll(async () => {
    world = await openCatalogWorld();
    const { db } = world.tdb;
    rival = await buildTenant(db, { name: '西日本化成株式会社' });
    await setCatalogPlan(db, rival.id, { publisher: true, subscription: 'free' });
    let s = 17;
    const r = () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const records: Record<string, unknown>[] = [];
    for (let i = 0; i < PRODUCTS + 60; i += 1) {
      const row: Row = {
        id: randomUUID(),
        tenantId: i % 2 === 0 ? world.publisher.tenant.id : rival.id,
        status: i >= PRODUCTS ? (i % 2 === 0 ? 'draft' : 'archived') : 'published',
        category: i % 25 === 0 ? 'PP' : i % 3 === 0 ? 'PA6' : 'PE',
        applications: ['自動車', '家電', '医療'].filter((a) => r() < (a === '自動車' ? 0.9 : 0.3)),
        flags: ['rohs', 'food_contact'].filter(() => r() < 0.5),
        docKinds: ['sds', 'tds'].filter(() => r() < 0.5),
      };
      rows.push(row);
      const name = `ポリマー試料 ${i}`;
      const { searchText, searchTokens } = searchColumns([name, '', '', '', row.category, ...row.applications, '', '']);
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      records.push({
        tenant_id: row.tenantId,
        id: row.id,
        name,
        name_en: '',
        grade: '',
        brand: '',
        category: row.category,
        form: 'pellet',
        description: '',
        description_en: '',
        applications: row.applications,
        processing_methods: [],
        regulatory_flags: row.flags,
        status: row.status,
        published_at: row.status === 'draft' ? null : at,
        remarks: '',
        labels: [],
        cas_numbers: [],
        document_kinds: row.docKinds,
        search_text: searchText,
        search_tokens: searchTokens,
        version: 1,
        created_at: at,
        updated_at: at,
      });
    }
    // The columns named: search_head is generated from search_text.
    const columns = Object.keys(records[0]!).join(', ');
    await db.ownerTransaction((tx) =>
      tx.query(`INSERT INTO catalog.products (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::catalog.products, $1::json)`, [JSON.stringify(records)]),
    );
  }, 180_000);
  afterAll(async () => {
    await world?.close();
  });

  const search = async (query: string): Promise<Result> => {
    const res = await world.paid.viewerClient.get(`/api/catalog/search?q=${encodeURIComponent('ポリマー')}&pageSize=100&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Result;
  };

  /** Expected counts: each facet over the published rows every other chosen facet admits. */
  const expected = (chosen: Partial<Record<FacetName, string[]>>) => {
    const admits: Record<FacetName, (row: Row) => boolean> = {
      category: (row) => !chosen.category || chosen.category.includes(row.category),
      publisher: (row) => !chosen.publisher || chosen.publisher.includes(row.tenantId),
      application: (row) => !chosen.application || row.applications.some((a) => chosen.application!.includes(a)),
      flag: (row) => !chosen.flag || chosen.flag.every((f) => row.flags.includes(f)),
      docKind: (row) => !chosen.docKind || chosen.docKind.every((d) => row.docKinds.includes(d)),
    };
    const published = rows.filter((row) => row.status === 'published');
    const allBut = (skip: FacetName | null) => published.filter((row) => (Object.keys(admits) as FacetName[]).every((f) => f === skip || admits[f](row)));
    const tally = (list: Row[], values: (row: Row) => string[]) => {
      const counts = new Map<string, number>();
      for (const row of list) for (const v of values(row)) counts.set(v, (counts.get(v) ?? 0) + 1);
      return counts;
    };
    const results = allBut(null);
    return {
      total: results.length,
      ids: results.map((row) => row.id),
      facets: {
        category: tally(allBut('category'), (row) => [row.category]),
        publisher: tally(allBut('publisher'), (row) => [row.tenantId]),
        application: tally(allBut('application'), (row) => row.applications),
        flag: tally(results, (row) => row.flags),
        docKind: tally(results, (row) => row.docKinds),
      } satisfies Record<FacetName, Map<string, number>>,
    };
  };

  /** Exact counts equal the expected ones; lower bounds are at most them. Returns the facets marked as lower bounds. */
  const compare = (result: Result, want: ReturnType<typeof expected>): FacetName[] => {
    expect(result.total).toBe(want.total);
    const bounded: FacetName[] = [];
    for (const facet of Object.keys(want.facets) as FacetName[]) {
      for (const f of result.facets[facet]) {
        const count = want.facets[facet].get(f.value) ?? 0;
        if (f.atLeast) expect(f.count, `${facet} ${f.value}`).toBeLessThanOrEqual(count);
        else expect(f.count, `${facet} ${f.value}`).toBe(count);
      }
      if (result.facets[facet].some((f) => f.atLeast)) bounded.push(facet);
      else expect(result.facets[facet].length, facet).toBe(want.facets[facet].size);
    }
    return bounded;
  };

  it('counts exactly without chosen facets, and never a draft or archived product', async () => {
    const want = expected({});
    const result = await search('');
    expect(compare(result, want)).toEqual([]);
    expect(result.total).toBe(PRODUCTS);
  });

  it('counts a requirement and one alternative exactly while few products are read', async () => {
    const chosen = { publisher: [rival.id], flag: ['rohs'] };
    const want = expected(chosen);
    const result = await search(`publisher=${rival.id}&flag=rohs`);
    expect(compare(result, want)).toEqual([]);
    expect(result.items).toHaveLength(Math.min(100, want.total));
    const ids = new Set(want.ids);
    expect(result.items.every((h) => ids.has(h.id))).toBe(true);
  });

  it('marks the other values of a chosen facet as lower bounds beyond the products it reads, and keeps the results exact', async () => {
    const chosen = { category: ['PP'], application: ['自動車'] };
    const want = expected(chosen);
    // More products than the search reads fail only the category: its other values are bounds.
    expect(want.facets.category.get('PE')! + want.facets.category.get('PA6')!).toBeGreaterThan(OTHER_VALUES_READ);
    const result = await search('category=PP&application=自動車');
    expect(compare(result, want)).toEqual(['category']);
    expect(result.facets.category.find((f) => f.value === 'PP')).toEqual({ value: 'PP', count: want.facets.category.get('PP') });
    expect(result.items.map((h) => h.id).sort()).toEqual([...want.ids].sort());
  });
});
