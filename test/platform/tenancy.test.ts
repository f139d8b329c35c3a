import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DB_ROLE } from '../../src/core/config.js';
import { appRolePrivileges, withTenant, withoutTenant, type Database } from '../../src/core/db/index.js';
import { buildTenant, type BuiltTenant } from '../support/factories.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { TENANT_TABLE_SEEDERS, tenantTables } from '../support/tenantRows.js';

describe(`tenant separation by row-level security (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let db: Database;
  let a: BuiltTenant;
  let b: BuiltTenant;
  let tables: string[];

  beforeAll(async () => {
    tdb = await openTestDatabase();
    db = tdb.db;
    a = await buildTenant(db);
    b = await buildTenant(db);
    tables = await db.ownerTransaction(tenantTables);
    await db.ownerTransaction(async (tx) => {
      for (const table of tables) {
        const seed = TENANT_TABLE_SEEDERS[table];
        if (!seed) continue;
        await seed(tx, a.id);
        await seed(tx, b.id);
      }
    });
  });
  afterAll(async () => tdb.close());

  it('finds the tenant tables in the catalog', () => {
    expect(tables).toEqual(expect.arrayContaining(['platform.users', 'platform.memberships', 'platform.sessions', 'audit.tenant_events']));
  });

  it('has a seeder for every tenant table, so each one goes through the matrix below', () => {
    expect(tables.filter((t) => !TENANT_TABLE_SEEDERS[t])).toEqual([]);
  });

  it('enables and forces RLS with a tenant policy on every table that has tenant_id', async () => {
    const rows = await db.ownerTransaction(async (tx) =>
      (
        await tx.query<{ t: string; enabled: boolean; forced: boolean; policies: number; tenant_policies: number; leading: boolean }>(
          `SELECT n.nspname || '.' || c.relname AS t, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
                  (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies,
                  (SELECT count(*)::int FROM pg_policy p
                    WHERE p.polrelid = c.oid
                      AND pg_get_expr(p.polqual, p.polrelid) ~ $2
                      AND pg_get_expr(p.polwithcheck, p.polrelid) ~ $2) AS tenant_policies,
                  EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
                           WHERE i.indrelid = c.oid AND a.attname = 'tenant_id') AS leading
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname || '.' || c.relname = ANY($1)`,
          // The tenant read inline or once per statement (a scalar subquery, as catalog.products has it).
          [tables, String.raw`tenant_id = (\( SELECT )?platform\.current_tenant\(\)`],
        )
      ).rows,
    );
    expect(rows).toHaveLength(tables.length);
    const problems = rows.filter((r) => !r.enabled || !r.forced || r.policies === 0 || r.tenant_policies === 0 || !r.leading);
    expect(problems, `tables missing ENABLE/FORCE RLS, a tenant policy, or a tenant_id-first index: ${problems.map((p) => p.t).join(', ')}`).toEqual([]);
  });

  it('serves requests as a role that is not owner, superuser or BYPASSRLS', async () => {
    const p = await appRolePrivileges(db);
    expect(p).toEqual({ role: APP_DB_ROLE, superuser: false, bypassRls: false, ownsTables: 0 });
  });

  it('shows no tenant rows at all when no tenant is set', async () => {
    for (const table of tables) {
      const { rows } = await withoutTenant(db, (tx) => tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`));
      expect(rows[0]!.n, table).toBe(0);
    }
  });

  describe('tenant A cannot touch tenant B’s rows in any tenant table', () => {
    const ownerCount = (table: string, tenantId: string) =>
      db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenantId])).rows[0]!.n);

    /** Runs SQL as tenant A; a refusal by RLS or by grants (42501) counts as "nothing happened". */
    const asA = async (sql: string, params: unknown[] = []) => {
      try {
        const r = await withTenant(db, a.id, (tx) => tx.query(sql, params));
        return { rowCount: r.rowCount, rows: r.rows, refused: false };
      } catch (error) {
        expect((error as { code?: string }).code, String(error)).toBe('42501');
        return { rowCount: 0, rows: [], refused: true };
      }
    };

    it('select: sees only its own rows', async () => {
      for (const table of tables) {
        const own = await ownerCount(table, a.id);
        expect(own, table).toBeGreaterThan(0);
        const { rows } = await withTenant(db, a.id, (tx) => tx.query<{ tenant_id: string }>(`SELECT tenant_id FROM ${table}`));
        expect(rows.length, table).toBe(own);
        expect(new Set(rows.map((r) => r.tenant_id)), table).toEqual(new Set([a.id]));
        const other = await withTenant(db, a.id, (tx) => tx.query(`SELECT * FROM ${table} WHERE tenant_id = $1`, [b.id]));
        expect(other.rows, table).toEqual([]);
      }
    });

    it('update and delete: affect none of B’s rows', async () => {
      for (const table of tables) {
        const before = await ownerCount(table, b.id);
        expect((await asA(`UPDATE ${table} SET tenant_id = tenant_id WHERE tenant_id = $1`, [b.id])).rowCount, table).toBe(0);
        expect((await asA(`DELETE FROM ${table} WHERE tenant_id = $1`, [b.id])).rowCount, table).toBe(0);
        expect(await ownerCount(table, b.id), table).toBe(before);
      }
    });

    it('insert: cannot write a row for B, and cannot move its own rows to B', async () => {
      for (const table of tables) {
        const before = await ownerCount(table, b.id);
        const sample = await db.ownerTransaction(async (tx) => (await tx.query<{ j: unknown }>(`SELECT to_json(t) AS j FROM ${table} t WHERE tenant_id = $1 LIMIT 1`, [b.id])).rows[0]!.j);
        // Every column but generated ones (catalog.products.search_head), which take no value.
        const columns = await db.ownerTransaction(async (tx) =>
          (
            await tx.query<{ c: string }>(
              `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS c FROM information_schema.columns
                WHERE table_schema || '.' || table_name = $1 AND is_generated = 'NEVER'`,
              [table],
            )
          ).rows[0]!.c,
        );
        const insert = await asA(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_record(NULL::${table}, $1::json)`, [JSON.stringify(sample)]);
        expect(insert.refused, `${table}: insert of B's row must be refused`).toBe(true);
        const move = await asA(`UPDATE ${table} SET tenant_id = $1 WHERE tenant_id = $2`, [b.id, a.id]);
        expect(move.refused, `${table}: moving A's rows to B must be refused`).toBe(true);
        expect(await ownerCount(table, b.id), table).toBe(before);
      }
    });
  });

  it('ends the tenant setting with the transaction (set_config is local)', async () => {
    await withTenant(db, a.id, (tx) => tx.query('SELECT 1'));
    const { rows } = await withoutTenant(db, (tx) => tx.query<{ t: string | null }>(`SELECT platform.current_tenant()::text AS t`));
    expect(rows[0]!.t).toBeNull();
  });

  it('refuses a tenant id that is not a uuid before touching the database', async () => {
    await expect(withTenant(db, "x' OR '1'='1", async () => 1)).rejects.toThrow(/not a tenant id/);
  });
});
