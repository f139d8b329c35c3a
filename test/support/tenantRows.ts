/// <reference types="vite/client" />
import type { Tx } from '../../src/core/db/index.js';

/** Inserts at least one row of one table for a tenant, as the owner. */
export type Seeder = (tx: Tx, tenantId: string) => Promise<void>;

/**
 * One seeder per tenant table, gathered from `test/support/seeders/*.ts` (each exports
 * `seeders`). The RLS tests run every table through the cross-tenant matrix; a tenant table
 * without a seeder fails them, so every new table gets its proof. Add a file per module.
 */
export const TENANT_TABLE_SEEDERS: Record<string, Seeder> = Object.assign(
  {},
  ...Object.values(import.meta.glob<{ seeders: Record<string, Seeder> }>('./seeders/*.ts', { eager: true })).map((m) => m.seeders),
);

/** Every table (schema.table) that has a `tenant_id` column, from the catalog. */
export async function tenantTables(tx: Tx): Promise<string[]> {
  const { rows } = await tx.query<{ t: string }>(
    `SELECT c.table_schema || '.' || c.table_name AS t
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
        AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1`,
  );
  return rows.map((r) => r.t);
}
