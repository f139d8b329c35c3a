/**
 * The dataset of `npm run bench`, written in bulk as the owner (INSERT … SELECT over
 * generate_series, no per-row round trips). At BENCH_SCALE 1: 1,000 tenants with 20 users each
 * and, per tenant, 500 orders of 4 operations (2,000 operations), 5 items, 5 workstations,
 * 100 published catalog products (100,000 in all) and 50 survey products.
 * Ids of referenced rows are derived from md5 of the tenant id and a number, so each table can
 * be filled by one statement without reading back the rows it refers to.
 */
import pg from 'pg';
import { hashPassword } from '../src/platform/identity/index.js';
import { searchColumns } from '../src/services/catalog/search/searchText.js';

export const BENCH_PASSWORD = 'Bench#Password1';

export interface SeedSize {
  tenants: number;
  usersPerTenant: number;
  ordersPerTenant: number;
  stepsPerOrder: number;
  productsPerTenant: number;
  surveyProductsPerTenant: number;
}

export function seedSize(scale: number): SeedSize {
  return {
    tenants: Math.max(4, Math.round(1_000 * scale)),
    usersPerTenant: 20,
    ordersPerTenant: 500,
    stepsPerOrder: 4,
    productsPerTenant: 100,
    surveyProductsPerTenant: 50,
  };
}

export interface SeededTenant {
  id: string;
  code: string;
  /** The first user of the tenant (process admin), e-mail for sign-in. */
  email: string;
}

export interface Seeded {
  tenants: SeededTenant[];
  counts: Record<string, number>;
  ms: number;
}

const ITEMS = 5;

/** SQL: a version-4 shaped uuid derived from the text `expr` (the API checks uuid versions). */
const uid = (expr: string) => `overlay(overlay(md5(${expr}) placing '4' from 13) placing '8' from 17)::uuid`;
const WORKSTATIONS = 5;

/** A few product templates with their search columns computed as the product writer does. */
function productTemplates(): Record<string, unknown>[] {
  const bases = [
    ['ポリプロピレン', 'Polypropylene', 'PP', '9003-07-0'],
    ['ポリエチレン', 'Polyethylene', 'PE', '9002-88-4'],
    ['ナイロン6', 'Polyamide 6', 'PA6', '25038-54-4'],
    ['ポリカーボネート', 'Polycarbonate', 'PC', '25037-45-0'],
    ['ABS樹脂', 'ABS resin', 'ABS', '9003-56-9'],
    ['ポリアセタール', 'Polyacetal', 'POM', '9002-81-7'],
  ] as const;
  const modifiers = ['ガラス繊維30%強化', '難燃', '耐候', '高流動', '耐熱', '透明', '導電', '耐衝撃'];
  const applications = ['自動車', '家電', '電子部品', '包装', '医療', '建材'];
  const out: Record<string, unknown>[] = [];
  let n = 0;
  for (const [name, en, category, cas] of bases) {
    for (const modifier of modifiers) {
      const apps = [applications[n % applications.length]!, applications[(n + 2) % applications.length]!];
      const full = `${name} ${modifier}`;
      const grade = `${String.fromCharCode(65 + (n % 26))}-${100 + n}`;
      const description = `${modifier}タイプの${name}です。${apps.join('・')}向けに成形性と外観を両立しました。`;
      const { searchText, searchTokens } = searchColumns([full, en, grade, `ブランド${n % 7}`, category, ...apps, 'injection_molding', cas, name, description, '']);
      out.push({ name: full, name_en: en, grade, brand: `ブランド${n % 7}`, category, description, applications: apps, cas_numbers: [cas], search_text: searchText, search_tokens: searchTokens });
      n++;
    }
  }
  return out;
}

/** Seeds the dataset through the owner connection `ownerUrl` and returns the tenants. */
export async function seed(ownerUrl: string, size: SeedSize, log: (line: string) => void): Promise<Seeded> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const step = async (label: string, sql: string, params: unknown[] = []): Promise<number> => {
    const t = performance.now();
    const res = await client.query(sql, params);
    log(`  ${label}: ${(res.rowCount ?? 0).toLocaleString('en')} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return res.rowCount ?? 0;
  };
  const counts: Record<string, number> = {};
  try {
    // Bulk load: no synchronous commit wait per statement (the data is thrown away after the run).
    await client.query('SET synchronous_commit = off');
    // Foreign keys hold by construction; replica mode skips their per-row checks (owner is a superuser).
    await client.query("SET session_replication_role = 'replica'");
    counts.tenants = await step(
      'tenants',
      `INSERT INTO ops.tenants (code, name, representative_email, contact_email, status)
       SELECT 'BR' || lpad(g::text, 5, '0'), 'ベンチ化学' || g || '株式会社', 'rep' || g || '@bench.example', 'rep' || g || '@bench.example', 'active'
         FROM generate_series(1, $1::int) g`,
      [size.tenants],
    );
    counts.contracts = await step(
      'contracts',
      `INSERT INTO ops.contracts (customer_id, service, starts_on, catalog_publisher, catalog_subscription)
       SELECT t.id, s, '2020-01-01', s = 'catalog', 'free' FROM ops.tenants t CROSS JOIN unnest(ARRAY['process', 'catalog', 'survey']) s
        WHERE t.code LIKE 'BR%'`,
    );
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    counts.users = await step(
      'users',
      `INSERT INTO platform.users (tenant_id, id, email, email_normalized, display_name, password_hash, status)
       SELECT t.id, ${uid(`t.id::text || 'user' || u`)}, 'user' || u || '@' || lower(t.code) || '.example', 'user' || u || '@' || lower(t.code) || '.example',
              'ベンチ 利用者' || u, $2, 'active'
         FROM ops.tenants t CROSS JOIN generate_series(1, $1::int) u WHERE t.code LIKE 'BR%'`,
      [size.usersPerTenant, passwordHash],
    );
    counts.memberships = await step(
      'memberships',
      `INSERT INTO platform.memberships (tenant_id, user_id, service, role)
       SELECT u.tenant_id, u.id, s.service, s.role FROM platform.users u
         CROSS JOIN (VALUES ('process', 'admin'), ('catalog', 'viewer'), ('survey', 'viewer')) AS s(service, role)`,
    );
    counts.items = await step(
      'process items',
      `INSERT INTO process.items (tenant_id, id, code, name, kind, unit, created_at, updated_at)
       SELECT t.id, ${uid(`t.id::text || 'item' || k`)}, 'ITEM-' || k, 'ベンチ品目' || k, CASE WHEN k = 1 THEN 'raw' ELSE 'product' END, 'kg', now(), now()
         FROM ops.tenants t CROSS JOIN generate_series(1, ${ITEMS}) k WHERE t.code LIKE 'BR%'`,
    );
    counts.workstations = await step(
      'process workstations',
      `INSERT INTO process.workstations (tenant_id, id, code, name, work_hours, created_at, updated_at)
       SELECT t.id, ${uid(`t.id::text || 'ws' || k`)}, 'WS-' || k, 'ベンチ設備' || k,
              '{"mon":[["08:00","17:00"]],"tue":[["08:00","17:00"]],"wed":[["08:00","17:00"]],"thu":[["08:00","17:00"]],"fri":[["08:00","17:00"]]}'::jsonb, now(), now()
         FROM ops.tenants t CROSS JOIN generate_series(1, ${WORKSTATIONS}) k WHERE t.code LIKE 'BR%'`,
    );
    counts.orders = await step(
      'process orders',
      `INSERT INTO process.orders (tenant_id, id, order_no, item_id, quantity, due_at, status, planned_start, planned_end, created_at, updated_at)
       SELECT t.id, ${uid(`t.id::text || 'order' || g`)}, 'PO-' || lpad(g::text, 6, '0'), ${uid(`t.id::text || 'item' || (1 + g % ${ITEMS})`)}, 100 + g % 900,
              timestamptz '2026-01-05 17:00+09' + (g * interval '4 hours'),
              (ARRAY['draft', 'planned', 'released', 'in_progress', 'done'])[1 + g % 5],
              timestamptz '2026-01-05 08:00+09' + (g * interval '4 hours'), timestamptz '2026-01-05 16:00+09' + (g * interval '4 hours'), now(), now()
         FROM ops.tenants t CROSS JOIN generate_series(1, $1::int) g WHERE t.code LIKE 'BR%'`,
      [size.ordersPerTenant],
    );
    counts.operations = await step(
      'process operations',
      `INSERT INTO process.operations (tenant_id, order_id, seq, name, workstation_id, quantity, run_minutes, start_at, end_at, status)
       SELECT t.id, ${uid(`t.id::text || 'order' || g`)}, s, '工程' || s, ${uid(`t.id::text || 'ws' || (1 + (g + s) % ${WORKSTATIONS})`)}, 100, 90,
              timestamptz '2026-01-05 08:00+09' + (g * interval '4 hours') + ((s - 1) * interval '2 hours'),
              timestamptz '2026-01-05 09:30+09' + (g * interval '4 hours') + ((s - 1) * interval '2 hours'),
              CASE WHEN g % 5 = 4 THEN 'done' ELSE 'pending' END
         FROM ops.tenants t CROSS JOIN generate_series(1, $1::int) g CROSS JOIN generate_series(1, $2::int) s WHERE t.code LIKE 'BR%'`,
      [size.ordersPerTenant, size.stepsPerOrder],
    );
    const templates = productTemplates();
    counts.catalogProducts = await step(
      'catalog products (published)',
      `WITH tpl AS (SELECT row_number() OVER () - 1 AS n, x.* FROM json_populate_recordset(NULL::catalog.products, $3::json) x)
       INSERT INTO catalog.products (tenant_id, name, name_en, grade, brand, category, form, description, applications, processing_methods, regulatory_flags,
                                     status, published_at, cas_numbers, document_kinds, search_text, search_tokens, created_at, updated_at)
       SELECT t.id, tpl.name, tpl.name_en, tpl.grade || '-' || g, tpl.brand, tpl.category, 'pellet', tpl.description, tpl.applications, ARRAY['injection_molding'],
              CASE WHEN g % 3 = 0 THEN ARRAY['rohs'] ELSE ARRAY['rohs', 'reach_svhc_free'] END, 'published', now() - g * interval '1 hour',
              tpl.cas_numbers, ARRAY['sds'], tpl.search_text, tpl.search_tokens, now(), now()
         FROM ops.tenants t CROSS JOIN generate_series(1, $1::int) g JOIN tpl ON tpl.n = (g + abs(hashtext(t.id::text))) % $2
        WHERE t.code LIKE 'BR%'`,
      [size.productsPerTenant, templates.length, JSON.stringify(templates)],
    );
    counts.surveyProducts = await step(
      'survey products',
      `INSERT INTO survey.products (tenant_id, product_number, name, mass_g, composition, cas_numbers, supplier_name, created_at, updated_at)
       SELECT t.id, 'SP-' || lpad(g::text, 5, '0'), 'ベンチ部品' || g, 12.5,
              '{"parts":[{"name":"本体","materials":[{"name":"PP","substances":[{"cas":"9003-07-0","name":"ポリプロピレン","percent":98}]}]}]}'::jsonb,
              ARRAY['9003-07-0'], '仕入先' || (g % 10), now(), now()
         FROM ops.tenants t CROSS JOIN generate_series(1, $1::int) g WHERE t.code LIKE 'BR%'`,
      [size.surveyProductsPerTenant],
    );
    await client.query("SET session_replication_role = 'origin'");
    const t = performance.now();
    await client.query('VACUUM ANALYZE');
    log(`  VACUUM ANALYZE: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    // The seed's dirty pages written out now, not by a checkpoint in the middle of a workload
    // (which showed as tail latency in the first measured phases).
    const c = performance.now();
    await client.query('CHECKPOINT');
    log(`  CHECKPOINT: ${((performance.now() - c) / 1000).toFixed(1)} s`);
    const { rows } = await client.query<{ id: string; code: string }>(`SELECT id, code FROM ops.tenants WHERE code LIKE 'BR%' ORDER BY code`);
    return {
      tenants: rows.map((r) => ({ id: r.id, code: r.code, email: `user1@${r.code.toLowerCase()}.example` })),
      counts,
      ms: performance.now() - started,
    };
  } finally {
    await client.end();
  }
}
