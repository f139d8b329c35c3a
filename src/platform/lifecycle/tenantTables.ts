import type { Tx } from '../../core/db/index.js';

/**
 * The schemas that hold registered data (tenant data): the platform's and each service's. The
 * `audit` schema also has tables with tenant_id — the company's event log and its chain — which
 * the purge keeps under the retention policy (white paper CLD.8.1.5 item 2; ADR 0012).
 */
export const REGISTERED_DATA_SCHEMAS = ['platform', 'process', 'catalog', 'survey'] as const;

/** Deleted last, on its own: destroying the data keys makes every backup copy unreadable. */
export const TENANT_KEYS_TABLE = 'platform.tenant_keys';

/**
 * Every table with a `tenant_id` column in the registered-data schemas, found in the catalog
 * (so a table added later is purged without anyone remembering to list it), ordered so that a
 * table comes before every table it references: deleting in this order never trips a foreign
 * key, and each table's count is its own rows, not rows removed by a cascade.
 */
export async function tenantTablesInDeleteOrder(tx: Tx): Promise<string[]> {
  const { rows: tables } = await tx.query<{ t: string }>(
    `SELECT n.nspname || '.' || c.relname AS t
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1::text[])
      ORDER BY 1`,
    [[...REGISTERED_DATA_SCHEMAS]],
  );
  const { rows: references } = await tx.query<{ child: string; parent: string }>(
    `SELECT cn.nspname || '.' || cc.relname AS child, pn.nspname || '.' || pc.relname AS parent
       FROM pg_constraint k
       JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace
       JOIN pg_class pc ON pc.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
      WHERE k.contype = 'f'`,
  );
  return deleteOrder(
    tables.map((r) => r.t),
    references,
  );
}

/** Referencing tables before referenced ones; alphabetical among equals, so the order is stable. */
export function deleteOrder(tables: readonly string[], references: readonly { child: string; parent: string }[]): string[] {
  const remaining = new Set(tables);
  const order: string[] = [];
  while (remaining.size > 0) {
    const free = [...remaining]
      .filter((table) => !references.some((ref) => ref.parent === table && ref.child !== table && remaining.has(ref.child)))
      .sort();
    if (free.length === 0) {
      throw new Error(`purge: the tenant tables ${[...remaining].sort().join(', ')} reference each other in a cycle; give the purge an explicit order for them`);
    }
    for (const table of free) {
      order.push(table);
      remaining.delete(table);
    }
  }
  return order;
}
