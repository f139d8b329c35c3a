/**
 * Survey file import cost. Run: `npx tsx bench/surveyImport.bench.ts` (PGlite in memory) or with
 * BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (PostgreSQL: a database is
 * created for the run from that server URL, migrated and dropped at the end).
 *
 * Generates an IEC 62474 (chemSHERPA article) file of about BENCH_FILE_MB megabytes (default 10):
 * products with nested parts, materials and substances, every value made up. Then imports it
 * BENCH_RUNS times (default 3; the first creates the products, the next update them) through
 * POST /api/survey/products/import (app.inject: session, access, body read, parse, checks, one
 * tenant transaction writing every product and its audit event). Baseline in the same run:
 * saxes reading the same bytes with no handler (the floor of any XML reading). Reports the
 * median time, the ratio against the baseline and the RSS growth over the run's start (sampled
 * every 10 ms). Goals: < 3 s and < 200 MB. Prints its figures (it does not write bench/results.md).
 */
import os from 'node:os';
import { SaxesParser } from 'saxes';
import { withTenant, type Database } from '../src/core/db/index.js';
import { createSession } from '../src/platform/identity/index.js';
import { writeIec62474, type SurveyDocument, type SurveyFileProduct } from '../src/services/survey/files/index.js';
import type { PartNode } from '../src/services/survey/shared/composition.js';
import { createTestApp, TestClient } from '../test/support/app.js';
import { buildTenant, buildUser } from '../test/support/factories.js';
import { percentile, runBench } from './support.js';

const FILE_MB = Number(process.env.BENCH_FILE_MB ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const SUBSTANCES: readonly { name: string; cas: string }[] = [
  { name: 'アクリロニトリル・ブタジエン・スチレン共重合体', cas: '9003-56-9' },
  { name: '三酸化二アンチモン', cas: '1309-64-4' },
  { name: '銅', cas: '7440-50-8' },
  { name: '亜鉛', cas: '7440-66-6' },
  { name: '鉛', cas: '7439-92-1' },
  { name: 'ポリカーボネート', cas: '25037-45-0' },
  { name: 'カーボンブラック', cas: '1333-86-4' },
  { name: 'ガラス繊維', cas: '65997-17-3' },
];

function part(name: string, depth: number, seed: number): PartNode {
  return {
    name,
    numberOfUnits: 1 + (seed % 4),
    isArticle: true,
    comment: `@P${seed}`,
    parts: depth > 0 ? [part(`${name}-子${seed % 7}`, depth - 1, seed + 1)] : [],
    materials: Array.from({ length: 3 }, (_, m) => ({
      name: `材質${m}`,
      materialClass: `M-${200 + m}`,
      materialId: `MAT-${seed}-${m}`,
      massG: 1 + m + (seed % 10) / 10,
      substances: Array.from({ length: 5 }, (_, s) => {
        const sub = SUBSTANCES[(seed + m + s) % SUBSTANCES.length]!;
        return { name: sub.name, cas: sub.cas, massPercent: 20, comment: `@S${s}` };
      }),
    })),
  };
}

/** A document of about `mb` megabytes of IEC 62474 XML. */
function generate(mb: number): Buffer {
  const product = (i: number): SurveyFileProduct => ({
    productNumber: `BENCH-${String(i).padStart(6, '0')}`,
    name: `ベンチ製品${i}`,
    massG: 100 + i,
    composition: { parts: [part('筐体', 2, i), part('基板', 1, i + 3)] },
  });
  const one = writeIec62474({ format: 'iec62474', products: [product(0)] }).length;
  const count = Math.max(1, Math.round((mb * 1024 * 1024) / one));
  const doc: SurveyDocument = {
    format: 'iec62474',
    businessInfo: { mode: 'Distribution', kind: 'Response', date: '2026-11-28', docId: 'BENCH', supplyCompany: { name: 'ベンチ樹脂株式会社' } },
    products: Array.from({ length: count }, (_, i) => product(i)),
  };
  return writeIec62474(doc);
}

/** Peak RSS growth over `fn`, sampled every 10 ms. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; rssGrowthMb: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const t = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - t, rssGrowthMb: (Math.max(peak, process.memoryUsage().rss) - start) / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

async function run(db: Database): Promise<string[]> {
  const lines: string[] = [];
  const bytes = generate(FILE_MB);
  const tenant = await buildTenant(db, { name: 'ベンチ電機株式会社', services: ['survey'] });
  const user = await buildUser(db, tenant, { memberships: [{ service: 'survey', role: 'org_member' }] });
  const app = await createTestApp(db);
  try {
    const session = await withTenant(db, tenant.id, (tx) => createSession(tx, app.clock, app.config.session, { tenantId: tenant.id, userId: user.id }));
    const client = new TestClient(app);
    client.setCookie('sotas_session', session.cookieValue);

    const baseline: number[] = [];
    const times: number[] = [];
    const growth: number[] = [];
    let products = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const b = performance.now();
      const parser = new SaxesParser({ xmlns: true, position: false });
      parser.write(bytes.toString('utf8')).close();
      baseline.push(performance.now() - b);

      const { value: res, ms, rssGrowthMb } = await measured(() =>
        client.request('POST', '/api/survey/products/import?name=bench.xml', bytes, { 'content-type': 'application/octet-stream' }),
      );
      if (res.statusCode !== 200) throw new Error(`import failed: ${res.statusCode} ${res.body.slice(0, 500)}`);
      const body = res.json() as { created: number; updated: number };
      products = body.created + body.updated;
      times.push(ms);
      growth.push(rssGrowthMb);
    }
    const median = percentile(times, 50);
    const base = percentile(baseline, 50);
    const rss = Math.max(...growth);
    lines.push(`file: ${(bytes.length / 1048576).toFixed(1)} MB IEC 62474 XML, ${products.toLocaleString('en')} products (5 parts, 15 materials, 75 substances each)`);
    lines.push(
      `POST /products/import, ${RUNS} runs (first creates, then updates): median ${(median / 1000).toFixed(2)} s (goal < 3 s) ${median < 3000 ? 'PASS' : 'FAIL'}, ` +
        `runs ${times.map((t) => (t / 1000).toFixed(2)).join(' / ')} s; peak RSS growth ${rss.toFixed(0)} MB (goal < 200 MB) ${rss < 200 ? 'PASS' : 'FAIL'}`,
    );
    lines.push(`baseline: saxes reading the same bytes with no handler, median ${(base / 1000).toFixed(2)} s (import / baseline ${(median / base).toFixed(1)}×)`);
    lines.push(`1-minute load average at the end: ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores`);
  } finally {
    await app.close();
  }
  return lines;
}

await runBench({ title: 'Survey file import', file: 'bench/surveyImport.bench.ts', databasePrefix: 'sotas_bench_survey' }, run);
