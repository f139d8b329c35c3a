import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Database } from './types.js';

/** `db/` at the project root; the same depth from `src/core/db` and `dist/core/db`. */
const DB_DIR = fileURLToPath(new URL('../../../db/', import.meta.url));

/** Arbitrary constant: one advisory lock so two nodes never migrate at once. */
const MIGRATION_LOCK = 7_270_317;

export interface MigrationResult {
  applied: string[];
}

function migrationFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
}

/**
 * Applies pending forward-only migrations from `db/migrations`, then `db/grants.sql`
 * (repeatable), all in one transaction as the owner. Safe to run from several nodes at once.
 */
export async function migrate(db: Database, dir: string = DB_DIR): Promise<MigrationResult> {
  const migrationsDir = path.join(dir, 'migrations');
  const files = migrationFiles(migrationsDir);
  const grants = readFileSync(path.join(dir, 'grants.sql'), 'utf8');
  return db.ownerTransaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS public.schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set(
      (await tx.query<{ name: string }>('SELECT name FROM public.schema_migrations')).rows.map((r) => r.name),
    );
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = readFileSync(path.join(migrationsDir, file), 'utf8');
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO public.schema_migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
    for (const statement of splitStatements(grants)) await tx.query(statement);
    return { applied };
  });
}

/**
 * Splits a SQL script into statements on `;` at line ends, keeping `$$ … $$` bodies whole.
 * Migrations are written one statement per `;`-terminated line group for this reason.
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of script.split('\n')) {
    const trimmed = line.trim();
    if (!inDollar && (trimmed.startsWith('--') || trimmed === '')) continue;
    current += `${line}\n`;
    const dollars = line.match(/\$\$/g)?.length ?? 0;
    if (dollars % 2 === 1) inDollar = !inDollar;
    if (!inDollar && trimmed.endsWith(';')) {
      statements.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
