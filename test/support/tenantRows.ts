import { randomUUID } from 'node:crypto';
import type { Tx } from '../../src/core/db/index.js';

/**
 * One seeder per tenant table: inserts at least one row of that table for a tenant (as
 * the owner). The RLS tests run every table through the cross-tenant matrix; a tenant
 * table without a seeder here fails them, so every new table gets its proof.
 */
export const TENANT_TABLE_SEEDERS: Record<string, (tx: Tx, tenantId: string) => Promise<void>> = {
  'platform.users': async (tx, tenantId) => {
    await tx.query(
      `INSERT INTO platform.users (tenant_id, email, email_normalized, display_name) VALUES ($1, $2, $2, 'Seed')`,
      [tenantId, `seed-${randomUUID().slice(0, 8)}@example.com`],
    );
  },
  'platform.memberships': async (tx, tenantId) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO platform.users (tenant_id, email, email_normalized, display_name) VALUES ($1, $2, $2, 'Seed') RETURNING id`,
      [tenantId, `seed-${randomUUID().slice(0, 8)}@example.com`],
    );
    await tx.query(`INSERT INTO platform.memberships (tenant_id, user_id, service, role) VALUES ($1, $2, 'process', 'member')`, [tenantId, rows[0]!.id]);
  },
  'platform.sessions': async (tx, tenantId) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO platform.users (tenant_id, email, email_normalized, display_name) VALUES ($1, $2, $2, 'Seed') RETURNING id`,
      [tenantId, `seed-${randomUUID().slice(0, 8)}@example.com`],
    );
    await tx.query(
      `INSERT INTO platform.sessions (tenant_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 hour')`,
      [tenantId, rows[0]!.id, randomUUID()],
    );
  },
  'audit.tenant_events': async (tx, tenantId) => {
    await tx.query(
      `INSERT INTO audit.tenant_events (tenant_id, occurred_at, actor_type, action, result) VALUES ($1, now(), 'system', 'test.seeded', 'success')`,
      [tenantId],
    );
  },
};

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
