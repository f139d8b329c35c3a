import { appRolePrivileges, withoutTenant, type RolePrivileges } from '../../core/db/index.js';
import { verifyAllChains, type VerificationSummary } from '../audit/index.js';
import { backupStatus, type BackupStatus } from '../backup/index.js';
import { once, type ComplianceContext } from './context.js';

/** Row-level security of one table that carries `tenant_id`, read from the catalog. */
export interface TableRls {
  table: string;
  enabled: boolean;
  forced: boolean;
  policies: number;
}

/** Every table with a `tenant_id` column and its RLS flags, as the application role sees the catalog. */
export async function tenantTableRls(ctx: Pick<ComplianceContext, 'db'>): Promise<TableRls[]> {
  return withoutTenant(ctx.db, async (tx) =>
    (
      await tx.query<TableRls>(
        `SELECT n.nspname || '.' || c.relname AS "table", c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
                (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnum > 0 AND NOT a.attisdropped)
          ORDER BY 1`,
      )
    ).rows,
  );
}

/** The reads several controls share, each made once per report. */
export interface SharedReads {
  rls: () => Promise<TableRls[]>;
  role: () => Promise<RolePrivileges>;
  audit: () => Promise<VerificationSummary>;
  backup: () => Promise<BackupStatus>;
  tenants: () => Promise<{ id: string; code: string; status: string }[]>;
}

export function sharedReads(ctx: ComplianceContext): SharedReads {
  return {
    rls: once(() => tenantTableRls(ctx)),
    role: once(() => appRolePrivileges(ctx.db)),
    audit: once(() => verifyAllChains(ctx.db, ctx.auditKeys())),
    backup: once(() => backupStatus(ctx)),
    tenants: once(() =>
      withoutTenant(ctx.db, async (tx) => (await tx.query<{ id: string; code: string; status: string }>('SELECT id, code, status FROM ops.tenants ORDER BY code')).rows),
    ),
  };
}
