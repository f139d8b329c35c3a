/**
 * Survey compliance re-check cost. Run: `npx tsx bench/surveyCheck.bench.ts` (PGlite in memory) or
 * with BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (PostgreSQL: a database is
 * created for the run from that server URL, migrated, seeded and dropped at the end).
 *
 * Seeds BENCH_PRODUCTS products (default 10,000) in one tenant, each of two parts with five
 * materials of ten substances (50 substances, drawn from 1,000 CAS numbers; BENCH_LISTED_SHARE of
 * them, default 0.04, from the 250 on the list), and a substance list of 250 entries (one in five on
 * article basis) in two versions that differ in 10 entries.
 * Then measures `recheckVersion` in a tenant transaction — read every composition, check it
 * against the version and the previous one, upsert every result — for version 1 (first results),
 * version 2 (compared with version 1) and version 2 again (updates of existing rows).
 * Baseline in the same run: the bare SELECT of every product's composition in a tenant
 * transaction. Goal: a re-check under 5 s. Prints its figures (it does not write bench/results.md).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { casCheckDigit } from '../src/core/cas.js';
import { ManualClock } from '../src/core/clock.js';
import { withTenant, type Database } from '../src/core/db/index.js';
import { checkComposition, EntryIndex, recheckVersion, type EngineEntry } from '../src/services/survey/lists/checkEngine.js';
import type { Composition, PartNode } from '../src/services/survey/shared/composition.js';
import { buildTenant } from '../test/support/factories.js';
import { rng, runBench, timed } from './support.js';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000);
const ENTRIES = 250;
const POOL = 1_000;
/** Share of a product's substances that are on the list (default 4 %: two of fifty). */
const LISTED_SHARE = Number(process.env.BENCH_LISTED_SHARE ?? 0.04);
const BATCH = 1_000;
const GOAL_MS = 5_000;

/** CAS-shaped numbers with their right check digit: 1000-00-?, 1001-01-?, … */
const CAS_POOL: string[] = Array.from({ length: POOL }, (_, i) => {
  const body = `${1000 + i}-${String(i % 100).padStart(2, '0')}`;
  return `${body}-${casCheckDigit(`${body}-0`)}`;
});

function composition(r: () => number, i: number): Composition {
  const material = (m: number) => {
    const substances = Array.from({ length: 10 }, (_, k) => {
      const listed = r() < LISTED_SHARE;
      const cas = CAS_POOL[listed ? Math.floor(r() * ENTRIES) : ENTRIES + Math.floor(r() * (POOL - ENTRIES))]!;
      return { name: `物質${k}`, cas, massPercent: k === 0 ? 90 : Math.round(r() * 300) / 1000 };
    });
    return { name: `材料${m}`, massG: Math.round(r() * 5000) / 100, substances };
  };
  const part = (name: string, units: number, materials: number[]): PartNode => ({ name, numberOfUnits: units, isArticle: true, parts: [], materials: materials.map(material) });
  return { parts: [part(`筐体${i}`, 1, [0, 1, 2]), part('ケーブル', 1 + (i % 3), [3, 4])] };
}

function entries(version: 1 | 2): EngineEntry[] {
  return CAS_POOL.slice(0, ENTRIES).map((cas, i) => ({
    name: `規制物質${i}`,
    cas,
    internalId: null,
    // Version 2 tightens ten thresholds; the rest stay the same.
    thresholdPercent: version === 2 && i < 10 ? 0.01 : 0.1,
    basis: i % 5 === 0 ? 'article' : 'material',
  }));
}

async function seed(db: Database, tenantId: string): Promise<{ compositions: { composition: Composition; productMassG: number | null }[]; versions: string[] }> {
  const r = rng(42);
  const compositions: { composition: Composition; productMassG: number | null }[] = [];
  const at = new Date('2026-11-01T00:00:00Z').toISOString();
  for (let start = 0; start < PRODUCTS; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, PRODUCTS - start) }, (_, k) => {
      const i = start + k;
      const c = composition(r, i);
      const massG = i % 10 === 0 ? null : 250;
      compositions.push({ composition: c, productMassG: massG });
      return { tenant_id: tenantId, id: randomUUID(), product_number: `P-${String(i).padStart(6, '0')}`, name: `製品${i}`, mass_g: massG, composition: c, created_at: at, updated_at: at };
    });
    await db.ownerTransaction((tx) =>
      tx.query(
        `INSERT INTO survey.products (tenant_id, id, product_number, name, mass_g, composition, created_at, updated_at)
         SELECT tenant_id, id, product_number, name, mass_g, composition, created_at, updated_at
           FROM json_populate_recordset(NULL::survey.products, $1::json)`,
        [JSON.stringify(rows)],
      ),
    );
  }
  const versions = await db.ownerTransaction(async (tx) => {
    const list = await tx.query<{ id: string }>(`INSERT INTO survey.substance_lists (tenant_id, code, name, created_at, updated_at) VALUES ($1, 'BENCH', 'ベンチ', now(), now()) RETURNING id`, [tenantId]);
    const ids: string[] = [];
    for (const no of [1, 2] as const) {
      const v = await tx.query<{ id: string }>(
        `INSERT INTO survey.list_versions (tenant_id, list_id, version_no, label, entry_count, loaded_at) VALUES ($1, $2, $3, $4, $5, now()) RETURNING id`,
        [tenantId, list.rows[0]!.id, no, `v${no}`, ENTRIES],
      );
      ids.push(v.rows[0]!.id);
      await tx.query(
        `INSERT INTO survey.list_entries (tenant_id, version_id, cas, name, threshold_percent, basis, sort_order)
         SELECT $1, $2, e.cas, e.name, e."thresholdPercent", e.basis, e.ord FROM jsonb_to_recordset($3::jsonb) AS e(cas text, name text, "thresholdPercent" numeric, basis text, ord int)`,
        [tenantId, v.rows[0]!.id, JSON.stringify(entries(no).map((e, ord) => ({ ...e, ord })))],
      );
    }
    return ids;
  });
  await db.ownerExec('VACUUM ANALYZE survey.products');
  await db.ownerExec('ANALYZE survey.list_entries');
  return { compositions, versions };
}

async function run(db: Database, kind: string): Promise<string[]> {
  const lines: string[] = [];
  const tenant = await buildTenant(db, { name: 'ベンチ電機株式会社', services: ['survey'] });
  const seeded = await timed(() => seed(db, tenant.id));
  const { compositions, versions } = seeded.value;
  lines.push(
    `seeded ${PRODUCTS.toLocaleString('en')} products × 5 materials × 10 substances (${(LISTED_SHARE * 100).toFixed(0)} % of them listed) and a ${ENTRIES}-entry list in two versions in ${(seeded.ms / 1000).toFixed(1)} s`,
  );

  const select = () => withTenant(db, tenant.id, (tx) => tx.query(`SELECT id, mass_g, composition FROM survey.products WHERE tenant_id = $1 ORDER BY id`, [tenant.id]));
  await select();
  const baseline = await timed(select);
  lines.push(`baseline: bare SELECT of every composition (${baseline.value.rows.length.toLocaleString('en')} rows) ${baseline.ms.toFixed(0)} ms`);

  const v1 = new EntryIndex(entries(1));
  const engine = await timed(async () => compositions.reduce((n, c) => n + checkComposition(c, v1).findings.length, 0));
  lines.push(`engine alone (in memory, no database): ${engine.ms.toFixed(0)} ms for ${PRODUCTS.toLocaleString('en')} compositions, ${engine.value.toLocaleString('en')} findings`);

  const clock = new ManualClock('2026-11-27T00:00:00Z');
  const runs: [string, string][] = [
    ['version 1 (first results, no previous version)', versions[0]!],
    ['version 2 (compared with version 1)', versions[1]!],
    ['version 2 again (updates existing results)', versions[1]!],
  ];
  for (const [label, versionId] of runs) {
    const recheck = await timed(() => withTenant(db, tenant.id, (tx) => recheckVersion(tx, tenant.id, versionId, clock)));
    const { checked, changed, aboveThreshold } = recheck.value;
    const verdict = recheck.ms < GOAL_MS ? 'PASS' : 'FAIL';
    lines.push(
      `recheckVersion, ${label}: ${recheck.ms.toFixed(0)} ms (goal < ${GOAL_MS / 1000} s) ${verdict}; ${(recheck.ms / baseline.ms).toFixed(1)}× the bare SELECT; ` +
        `checked ${checked.toLocaleString('en')}, changed ${changed.toLocaleString('en')}, above threshold ${aboveThreshold.toLocaleString('en')}`,
    );
  }
  const stored = await db.ownerTransaction((tx) => tx.query<{ n: string }>(`SELECT count(*) AS n FROM survey.check_results WHERE tenant_id = $1`, [tenant.id]));
  lines.push(`check_results rows stored: ${Number(stored.rows[0]!.n).toLocaleString('en')} (${kind})`);
  lines.push(`1-minute load average at the end: ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores`);
  return lines;
}

await runBench({ title: 'Survey re-check', file: 'bench/surveyCheck.bench.ts', databasePrefix: 'sotas_bench_survey' }, run);
