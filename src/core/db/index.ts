import { APP_DB_ROLE, type Config } from '../config.js';
import { PgliteDatabase } from './pglite.js';
import { PostgresDatabase } from './postgres.js';
import type { Database } from './types.js';

export type { Database, Queryable, QueryResult, TransactionOptions, Tx } from './types.js';
export { sqlLiteral, withLiterals, type LiteralValue } from './literals.js';
export { migrate, splitStatements } from './migrate.js';
export { withTenant, withoutTenant, isUuid } from './withTenant.js';
export { PgliteDatabase } from './pglite.js';
export { PostgresDatabase, postgresTransport } from './postgres.js';

/** Opens the configured database: PGlite under DATA_DIR, or PostgreSQL via DATABASE_URL. */
export async function openDatabase(config: Config): Promise<Database> {
  if (config.database.kind === 'pglite') return PgliteDatabase.open(config.database.dataDir);
  return new PostgresDatabase({
    ownerUrl: config.database.ownerUrl,
    appUrl: config.database.appUrl,
    poolSize: config.database.poolSize,
  });
}

export interface RolePrivileges {
  role: string;
  superuser: boolean;
  bypassRls: boolean;
  ownsTables: number;
}

/** What the application role may do; the server refuses to start if it could bypass RLS. */
export async function appRolePrivileges(db: Database): Promise<RolePrivileges> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<RolePrivileges>(
      `SELECT current_user AS role, r.rolsuper AS superuser, r.rolbypassrls AS "bypassRls",
              (SELECT count(*)::int FROM pg_tables t WHERE t.tableowner = current_user) AS "ownsTables"
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    const row = rows[0];
    if (!row) throw new Error('appRolePrivileges: the current role is not in pg_roles');
    return row;
  });
}

/** Throws unless the application role is exactly the restricted role it must be. */
export async function assertRestrictedAppRole(db: Database): Promise<void> {
  const p = await appRolePrivileges(db);
  if (p.role !== APP_DB_ROLE || p.superuser || p.bypassRls || p.ownsTables > 0) {
    throw new Error(
      `The application connects as "${p.role}" (superuser=${p.superuser}, bypassrls=${p.bypassRls}, owns ${p.ownsTables} tables). ` +
        `It must connect as ${APP_DB_ROLE}: set DATABASE_APP_URL to a URL for that role.`,
    );
  }
}
