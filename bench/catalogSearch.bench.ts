/**
 * Catalog search cost. Run: `npx tsx bench/catalogSearch.bench.ts` (PGlite in memory) or with
 * BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (PostgreSQL: a database is
 * created for the run from that server URL, migrated, seeded and dropped at the end).
 *
 * Seeds BENCH_PRODUCTS published products (default 100,000 on PostgreSQL, 20,000 on PGlite)
 * over 100 publisher tenants, with their search columns computed as the product writer does,
 * then runs BENCH_QUERIES mixed searches (default 200: one text term and two facet filters each)
 * through GET /api/catalog/search as a paid reader (app.inject: session, access, one tenant
 * transaction, facets, page, presenter). Baseline in the same run: the plain SELECT of the
 * same page rows by key in a tenant transaction. Goal: p95 < 50 ms on PostgreSQL.
 * Prints its figures (it does not write bench/results.md); BENCH_SLOWEST=n lists the n slowest searches. BENCH_KEEP_DATABASE=1 keeps the
 * PostgreSQL database for EXPLAIN ANALYZE.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { withTenant, type Database } from '../src/core/db/index.js';
import { OTHER_VALUES_READ } from '../src/services/catalog/search/searchProducts.js';
import { searchColumns } from '../src/services/catalog/search/searchText.js';
import { createTestApp, TestClient } from '../test/support/app.js';
import { buildTenant, buildUser } from '../test/support/factories.js';
import { percentile, rng, runBench } from './support.js';

const SERVER = process.env.BENCH_DATABASE_URL;
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? (SERVER ? 100_000 : 20_000));
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const PUBLISHERS = 100;
const BATCH = 2_000;
const WARM_UP = 20;

const BASES: readonly { name: string; en: string; category: string; cas: string }[] = [
  { name: 'ポリプロピレン', en: 'Polypropylene', category: 'PP', cas: '9003-07-0' },
  { name: 'ポリエチレン', en: 'Polyethylene', category: 'PE', cas: '9002-88-4' },
  { name: 'ナイロン6', en: 'Polyamide 6', category: 'PA6', cas: '25038-54-4' },
  { name: 'ナイロン66', en: 'Polyamide 66', category: 'PA66', cas: '32131-17-2' },
  { name: 'ポリカーボネート', en: 'Polycarbonate', category: 'PC', cas: '25037-45-0' },
  { name: 'ABS樹脂', en: 'ABS resin', category: 'ABS', cas: '9003-56-9' },
  { name: 'ポリアセタール', en: 'Polyacetal', category: 'POM', cas: '9002-81-7' },
  { name: 'ポリブチレンテレフタレート', en: 'Polybutylene terephthalate', category: 'PBT', cas: '26062-94-2' },
  { name: 'ポリスチレン', en: 'Polystyrene', category: 'PS', cas: '9003-53-6' },
  { name: 'アクリル樹脂', en: 'Acrylic resin', category: 'PMMA', cas: '9011-14-7' },
];
const MODIFIERS = ['ガラス繊維30%強化', '難燃', '耐候', '高流動', '耐熱', '高剛性', '透明', '導電', '耐衝撃', '低そり', '食品用', '帯電防止'];
const APPLICATIONS = ['自動車', '家電', '電機', '医療', '包装', '建材', '日用品', '電子部品', '食品容器', '繊維', '玩具', '光学部品'];
const ADDITIVES: readonly { name: string; cas: string }[] = [
  { name: '酸化防止剤', cas: '6683-19-8' },
  { name: '酸化チタン', cas: '13463-67-7' },
  { name: 'ガラス繊維', cas: '65997-17-3' },
  { name: 'カーボンブラック', cas: '1333-86-4' },
  { name: 'タルク', cas: '14807-96-6' },
  { name: '三酸化アンチモン', cas: '1309-64-4' },
];
const FLAGS = ['rohs', 'reach_svhc_free', 'kashinho', 'food_contact'];
const DOC_KINDS = ['sds', 'tds', 'coa', 'chemsherpa'];

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const subset = <T>(r: () => number, list: readonly T[], p: number): T[] => list.filter(() => r() < p);

/** One product row as catalog.products holds it, search columns included. */
function product(r: () => number, i: number, tenantId: string): Record<string, unknown> {
  const base = pick(r, BASES);
  const modifier = pick(r, MODIFIERS);
  const grade = `${String.fromCharCode(65 + Math.floor(r() * 26))}-${100 + Math.floor(r() * 900)}${pick(r, ['', 'GP', 'HF', 'N', 'GF'])}`;
  const brand = `ブランド${Math.floor(i / 50) % 400}`;
  const applications = subset(r, APPLICATIONS, 0.2);
  const additives = subset(r, ADDITIVES, 0.25);
  const casNumbers = [base.cas, ...additives.map((a) => a.cas)];
  const name = `${base.name} ${modifier}`;
  const description = `${modifier}タイプの${base.name}です。${applications.join('・')}向けに成形性と外観を両立しました。`;
  const { searchText, searchTokens } = searchColumns([name, base.en, grade, brand, base.category, ...applications, 'injection_molding', ...casNumbers, base.name, ...additives.map((a) => a.name), description, '']);
  const at = new Date(Date.UTC(2024, 0, 1) + i * 600_000).toISOString();
  return {
    tenant_id: tenantId,
    id: randomUUID(),
    name,
    name_en: base.en,
    grade,
    brand,
    category: base.category,
    form: 'pellet',
    description,
    description_en: '',
    applications,
    processing_methods: ['injection_molding'],
    regulatory_flags: subset(r, FLAGS, 0.4),
    status: 'published',
    published_at: at,
    remarks: '',
    labels: [],
    cas_numbers: casNumbers,
    document_kinds: subset(r, DOC_KINDS, 0.5),
    search_text: searchText,
    search_tokens: searchTokens,
    version: 1,
    created_at: at,
    updated_at: at,
  };
}

/** 100 publisher tenants with a catalog contract as publishers, inserted in one statement. */
async function seedPublishers(db: Database): Promise<string[]> {
  return db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO ops.tenants (code, name, representative_email, contact_email, status)
       SELECT 'BP' || lpad(g::text, 4, '0'), '掲載化学' || g || '株式会社', 'rep' || g || '@bench.example', 'rep' || g || '@bench.example', 'active'
         FROM generate_series(1, ${PUBLISHERS}) g RETURNING id`,
    );
    const ids = rows.map((row) => row.id);
    await tx.query(
      `INSERT INTO ops.contracts (customer_id, service, starts_on, catalog_publisher, catalog_subscription)
       SELECT id, 'catalog', '2020-01-01', true, 'free' FROM unnest($1::uuid[]) AS id`,
      [ids],
    );
    await tx.query(
      `INSERT INTO catalog.publishers (tenant_id, display_name, created_at, updated_at)
       SELECT id, '掲載化学' || n, now(), now() FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n) WHERE n % 2 = 0`,
      [ids],
    );
    return ids;
  });
}

async function seedProducts(db: Database, publishers: readonly string[]): Promise<number> {
  const r = rng(7);
  const t = performance.now();
  for (let start = 0; start < PRODUCTS; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, PRODUCTS - start) }, (_, k) => product(r, start + k, publishers[(start + k) % publishers.length]!));
    // The columns named: search_head is generated from search_text.
    const columns = Object.keys(rows[0]!).join(', ');
    await db.ownerTransaction((tx) =>
      tx.query(`INSERT INTO catalog.products (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::catalog.products, $1::json)`, [JSON.stringify(rows)]),
    );
  }
  // As autovacuum would have by the time anyone searches: statistics, hint bits, visibility map.
  await db.ownerExec('VACUUM ANALYZE catalog.products');
  return performance.now() - t;
}

/** The mixed queries: one text term (name, modifier, application, grade prefix or CAS) and two facet filters. */
function queries(publishers: readonly string[]): string[] {
  const r = rng(11);
  const terms = [
    () => pick(r, BASES).name,
    () => pick(r, MODIFIERS),
    () => pick(r, APPLICATIONS),
    () => pick(r, BASES).en.split(' ')[0]!.toLowerCase(),
    () => pick(r, ADDITIVES).cas,
    () => pick(r, ADDITIVES).name,
    () => `${String.fromCharCode(65 + Math.floor(r() * 26))}-${1 + Math.floor(r() * 9)}`,
  ];
  const facets = [
    () => `category=${pick(r, BASES).category}`,
    () => `application=${encodeURIComponent(pick(r, APPLICATIONS))}`,
    () => `flag=${pick(r, FLAGS)}`,
    () => `docKind=${pick(r, DOC_KINDS)}`,
    () => `publisher=${pick(r, publishers)}`,
  ];
  return Array.from({ length: QUERIES + WARM_UP }, () => {
    const first = Math.floor(r() * facets.length);
    const second = (first + 1 + Math.floor(r() * (facets.length - 1))) % facets.length;
    return `q=${encodeURIComponent(pick(r, terms)())}&${facets[first]!()}&${facets[second]!()}`;
  });
}

async function run(db: Database, kind: string): Promise<string[]> {
  const lines: string[] = [];
  const publishers = await seedPublishers(db);
  const seedMs = await seedProducts(db, publishers);
  lines.push(`seeded ${PRODUCTS.toLocaleString('en')} published products over ${PUBLISHERS} publishers in ${(seedMs / 1000).toFixed(1)} s`);

  const reader = await buildTenant(db, { name: 'ベンチ購読株式会社' });
  await db.ownerTransaction((tx) => tx.query(`UPDATE ops.contracts SET catalog_subscription = 'paid' WHERE customer_id = $1 AND service = 'catalog'`, [reader.id]));
  const user = await buildUser(db, reader, { memberships: [{ service: 'catalog', role: 'viewer' }] });
  const app = await createTestApp(db);
  try {
    const client = new TestClient(app);
    const login = await client.login(reader.code, user.email, user.password);
    if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.statusCode} ${login.body}`);

    const latencies: number[] = [];
    const baseline: number[] = [];
    const totals: number[] = [];
    let lowerBounds = 0;
    const slowest: { query: string; ms: number; total: number }[] = [];
    for (const [i, query] of queries(publishers).entries()) {
      const t = performance.now();
      const res = await client.get(`/api/catalog/search?${query}`);
      const ms = performance.now() - t;
      if (res.statusCode !== 200) throw new Error(`search failed: ${res.statusCode} ${res.body}`);
      const body = res.json() as { items: { id: string; tenantId: string }[]; total: number; facets: Record<string, { atLeast?: boolean }[]> };
      const b = performance.now();
      await withTenant(db, reader.id, (tx) =>
        tx.query(`SELECT p.* FROM catalog.products p WHERE (p.tenant_id, p.id) IN (SELECT k.t, k.i FROM unnest($1::uuid[], $2::uuid[]) AS k(t, i))`, [
          body.items.map((h) => h.tenantId),
          body.items.map((h) => h.id),
        ]),
      );
      const bms = performance.now() - b;
      if (i >= WARM_UP) {
        latencies.push(ms);
        baseline.push(bms);
        totals.push(body.total);
        if (Object.values(body.facets).some((values) => values.some((f) => f.atLeast))) lowerBounds += 1;
        slowest.push({ query, ms, total: body.total });
      }
    }
    // BENCH_SLOWEST=n prints the n slowest searches, to see what the tail is made of.
    const show = Number(process.env.BENCH_SLOWEST ?? 0);
    for (const q of slowest.sort((a, b) => b.ms - a.ms).slice(0, show)) console.log(`${q.ms.toFixed(1)} ms, ${q.total} results: ${decodeURIComponent(q.query)}`);
    const p95 = percentile(latencies, 95);
    const b95 = percentile(baseline, 95);
    const goal = kind === 'postgres' ? ` (goal < 50 ms) ${p95 < 50 ? 'PASS' : 'FAIL'}` : ' (the goal is for PostgreSQL)';
    lines.push(
      `GET /search, ${QUERIES} queries (1 term + 2 facets; results per query median ${percentile(totals, 50)}, max ${Math.max(...totals)}): ` +
        `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms${goal}; ` +
        `plain SELECT of the same page rows by key p95 ${b95.toFixed(1)} ms (ratio ${(p95 / b95).toFixed(1)}×)`,
    );
    lines.push(`responses with a facet's other values counted as lower bounds (「N件以上」, over ${OTHER_VALUES_READ.toLocaleString('en')} products read): ${lowerBounds} of ${latencies.length}`);
    const plan = await withTenant(db, reader.id, (tx) =>
      tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT count(*) FROM catalog.products p WHERE p.status = 'published' AND p.search_tokens @> ARRAY['ぽり', 'りぷ'] AND p.search_text LIKE '%ぽりぷ%'`,
      ),
    );
    const usesGin = plan.rows.some((row) => row['QUERY PLAN'].includes('products_published_search_idx'));
    lines.push(`candidate lookup uses the GIN index products_published_search_idx: ${usesGin ? 'yes' : 'NO'}`);
    const facetPlan = await withTenant(db, reader.id, (tx) =>
      tx.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT count(*) FROM catalog.products p WHERE p.status = 'published' AND p.search_tokens @> ARRAY['ぽり', 'りぷ']
            AND ARRAY[p.category] && ARRAY['PP'] AND p.applications && ARRAY['自動車'] AND p.regulatory_flags @> ARRAY['rohs']`,
      ),
    );
    const facetsInIndex = facetPlan.rows.some((row) => /Index Cond: .*ARRAY\[category\].*applications.*regulatory_flags/.test(row['QUERY PLAN']));
    lines.push(`facet filters applied in that index (needs arrayoverlap LEAKPROOF, migration 0026): ${facetsInIndex ? 'yes' : 'NO'}`);
    lines.push(`1-minute load average at the end: ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores`);
  } finally {
    await app.close();
  }
  return lines;
}

await runBench(
  { title: 'Catalog search', file: 'bench/catalogSearch.bench.ts', databasePrefix: 'sotas_bench_search', keepDatabase: process.env.BENCH_KEEP_DATABASE === '1' },
  run,
);
