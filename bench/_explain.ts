import { PostgresDatabase, withTenant } from '../src/core/db/index.js';
import { searchProducts } from '../src/services/catalog/search/searchProducts.js';
import { currentPlan } from '../src/services/catalog/shared/plan.js';
const dbName = process.argv[2]!;
const db = new PostgresDatabase({ ownerUrl: `postgres://postgres@127.0.0.1:5432/${dbName}`, appUrl: `postgres://sotas_app@127.0.0.1:5432/${dbName}`, poolSize: 2 });
const { rows } = await db.ownerTransaction((tx) => tx.query<{ id: string }>(`SELECT id FROM ops.tenants WHERE name = 'ベンチ購読株式会社'`));
const reader = rows[0]!.id;
const q = process.argv[3] ?? 'ポリプロピレン';
const filter = { q, category: process.argv[4] ? [process.argv[4]] : [], publisher: [], application: [], flag: process.argv[5] ? [process.argv[5]] : [], docKind: [], prop: [], sort: 'relevance' as const, page: 1, pageSize: 20 };
for (let i = 0; i < 3; i++) {
  await withTenant(db, reader, async (tx) => {
    const plan = await currentPlan(tx);
    let first = true;
    const wrapped = { ...tx, query: async (sql: string, params?: unknown[]) => {
      if (first && i === 2) { first = false; const r = await tx.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params); console.log(r.rows.map((x: Record<string, unknown>) => String(x["QUERY PLAN"])).join('\n')); }
      return tx.query(sql, params as unknown[]);
    } };
    const t = performance.now();
    const res = await searchProducts(wrapped as never, plan, filter);
    console.log('total', res.total, 'ms', (performance.now() - t).toFixed(1));
  });
}
process.exit(0);
