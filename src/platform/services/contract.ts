import type { Localized } from '../../core/i18n.js';
import type { Tx } from '../../core/db/index.js';
import type { ModuleDeps, RouteRegistrar } from '../http/index.js';

export const SERVICE_IDS = ['process', 'catalog', 'survey'] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

/** One permission a role may hold, e.g. `process:orders:write`. */
export interface PermissionDefinition {
  id: string;
  name: Localized;
}

export interface RoleDefinition {
  id: string;
  name: Localized;
  /** Admin roles can manage the service; the last admin cannot be removed or demoted. */
  admin: boolean;
  permissions: readonly string[];
}

/**
 * Who adds members and how a new member gets a password (white paper 9.2.1):
 * `process`: admins add members and set an initial password;
 * `catalog`: admins invite by e-mail and the invitee sets a password;
 * `survey`: staff add members and a temporary password is e-mailed.
 */
export type MemberManagement =
  | { by: 'admins'; initialPassword: 'set-by-admin' }
  | { by: 'admins-by-invitation'; initialPassword: 'invitation-link' }
  | { by: 'staff'; initialPassword: 'temporary-by-email' };

/** A value of an exported cell; dates are written as ISO 8601 UTC, objects as JSON. */
export type ExportValue = string | number | boolean | null | Date | readonly unknown[] | { readonly [key: string]: unknown };

/** One exported row, keyed by column key. */
export type ExportRow = Readonly<Record<string, ExportValue>>;

/** One column of an exported table: its stable key and the header people read. */
export interface ExportColumn {
  key: string;
  header: Localized;
}

/**
 * One table of a tenant export. The platform writes it as CSV (UTF-8 with BOM), as XLSX and
 * into the export's one JSON file, reading `rows` once, batch by batch.
 */
export interface ExportTable {
  /** File name stem, `[a-z][a-z0-9_]*`, unique in the export (prefix it with the service id). */
  name: string;
  title: Localized;
  columns: readonly ExportColumn[];
  /** How many rows to expect, for the progress bar; read before the rows. */
  count: () => Promise<number>;
  /** The rows in batches (keyset pagination, one short transaction per batch). */
  rows: () => AsyncIterable<readonly ExportRow[]>;
}

/** One original file of a tenant export (e.g. an uploaded attachment), already decrypted. */
export interface ExportOriginalFile {
  /** Path inside the archive below `files/`, e.g. `process/<id>-drawing.pdf`. */
  path: string;
  contentType: string;
  bytes: number;
  open: () => Promise<AsyncIterable<Uint8Array>>;
}

/** What an exporter yields: tables and original files. */
export type ExportItem = { kind: 'table'; table: ExportTable } | { kind: 'file'; file: ExportOriginalFile };

/**
 * What an exporter may use. `read` runs `fn` in a short transaction of the tenant (RLS set),
 * so that a long export never holds one transaction (or PGlite's only connection) open.
 */
export interface ExportContext {
  tenantId: string;
  read: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
}

/** Tenant data → tables and files; the platform renders and archives them. */
export type Exporter = (ctx: ExportContext) => AsyncIterable<ExportItem>;

/**
 * Rows of a query as the export writes them: the database renders each row as JSON (in one
 * text value per query), so values look the same on both drivers — timestamps as ISO 8601 in
 * UTC with microseconds, 64-bit integers as numbers, jsonb as objects, arrays as arrays — and
 * PGlite parses one field instead of one per column. `orderBy` (output columns of `sql`) keeps
 * the rows in that order. Runs in the caller's transaction.
 */
export async function exportRows(tx: Tx, sql: string, params: readonly unknown[] = [], orderBy?: string): Promise<ExportRow[]> {
  await tx.query("SET LOCAL TIME ZONE 'UTC'");
  const { rows } = await tx.query<{ page: string | null }>(
    `SELECT coalesce(json_agg(q${orderBy ? ` ORDER BY ${orderBy}` : ''}), '[]')::text AS page FROM (${sql}) q`,
    params,
  );
  return JSON.parse(rows[0]?.page ?? '[]') as ExportRow[];
}

/** A query read page by page in key order (see `keysetPages`). */
export interface KeysetQuery {
  /** The select list; the key columns must be in it under their own names. */
  columns: string;
  /** The table (RLS limits it to the tenant). */
  from: string;
  /** An extra condition, with `$1`… for `params`. */
  where?: string;
  params?: readonly unknown[];
  /** Columns that order the rows uniquely (an index leading with tenant_id should cover them), with their SQL types. */
  keys: readonly { column: string; type: string }[];
  batchSize?: number;
}

/**
 * Every row of a query by keyset pagination: each batch continues after the last row's key,
 * in its own short transaction through `read`, so memory holds one batch and no transaction or
 * connection stays open however long the table is. Sorting is disabled for the batch query so
 * the planner walks the key's index even when its statistics are stale (PGlite never analyses
 * on its own), instead of sorting the rest of the table for every batch. Batches are small by
 * default: a batch's rows and texts stay alive while the whole batch is formatted, and the more
 * that allocates, the more of the batch outlives two young-generation collections and is moved
 * to the old generation, where it dies but waits for a full collection. On PostgreSQL (where
 * nothing else prompts one) batches of 300 or 1,000 event-log rows grew the JS heap by about
 * 200 MB over a 200,000-row export; batches of 100 by about 35 MB (bench/export.bench.ts).
 */
export async function* keysetPages(read: ExportContext['read'], query: KeysetQuery): AsyncIterable<readonly ExportRow[]> {
  const size = query.batchSize ?? 100;
  const params = query.params ?? [];
  const keyList = query.keys.map((k) => k.column).join(', ');
  const after = `(${keyList}) > (${query.keys.map((k, i) => `$${params.length + i + 1}::${k.type}`).join(', ')})`;
  let cursor: readonly unknown[] | undefined;
  for (;;) {
    const sql = `SELECT ${query.columns} FROM ${query.from}
      WHERE (${query.where ?? 'true'}) AND ${cursor ? after : 'true'}
      ORDER BY ${keyList} LIMIT ${size}`;
    const values = cursor ? [...params, ...cursor] : params;
    const rows = await read(async (tx) => {
      await tx.query('SET LOCAL enable_sort = off');
      return exportRows(tx, sql, values, keyList);
    });
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    const last = rows[rows.length - 1]!;
    cursor = query.keys.map((k) => last[k.column]);
  }
}

/** Deletes every row of the tenant in the service's tables; returns counts per table. */
export type Purger = (ctx: { tx: Tx; tenantId: string }) => Promise<Record<string, number>>;

export interface HelpSection {
  title: Localized;
  body: Localized;
}

/** What a service hands the platform. Adding a service means adding one such definition. */
export interface ServiceDefinition {
  id: ServiceId;
  name: Localized;
  description: Localized;
  permissions: readonly PermissionDefinition[];
  roles: readonly RoleDefinition[];
  memberManagement: MemberManagement;
  /**
   * Registers the service's routes under `/api/<id>/…`; every route is declared (see http/routes).
   * `deps` are the platform's (database, clock, files, keys, jobs…), as platform modules get them.
   */
  routes: (router: RouteRegistrar, deps: ModuleDeps) => void | Promise<void>;
  exporter: Exporter;
  purger: Purger;
  help: readonly HelpSection[];
}

/**
 * Checks a definition's internal consistency at load: unique ids, roles naming only
 * declared permissions, permissions namespaced by the service, at least one admin role.
 */
export function defineService(def: ServiceDefinition): ServiceDefinition {
  const problems: string[] = [];
  const permissionIds = new Set<string>();
  for (const p of def.permissions) {
    if (!p.id.startsWith(`${def.id}:`)) problems.push(`permission "${p.id}" must start with "${def.id}:"`);
    if (permissionIds.has(p.id)) problems.push(`permission "${p.id}" is declared twice`);
    permissionIds.add(p.id);
  }
  const roleIds = new Set<string>();
  for (const role of def.roles) {
    if (roleIds.has(role.id)) problems.push(`role "${role.id}" is declared twice`);
    roleIds.add(role.id);
    for (const p of role.permissions) {
      if (!permissionIds.has(p)) problems.push(`role "${role.id}" names undeclared permission "${p}"`);
    }
  }
  if (!def.roles.some((r) => r.admin)) problems.push('at least one role must be an admin role');
  if (problems.length) throw new Error(`Service "${def.id}" definition is invalid: ${problems.join('; ')}`);
  return Object.freeze(def);
}

/**
 * How many rows of `table` the tenant has (RLS limits it; `filter` narrows it further), read for
 * an export's progress bar.
 */
export function tableRowCount(read: ExportContext['read'], table: string, filter: Pick<KeysetQuery, 'where' | 'params'> = {}): () => Promise<number> {
  return async () =>
    read(async (tx) => (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${filter.where ?? 'true'}`, filter.params ?? [])).rows[0]?.n ?? 0);
}

/**
 * An export table read whole by keyset pagination: its columns are `[column, header]` pairs,
 * selected under their own names; the count is the row count of the same rows. `where` and
 * `params` narrow what RLS shows, e.g. to the tenant's own rows where policies open others'.
 */
export function keysetExportTable(
  read: ExportContext['read'],
  spec: { name: string; title: Localized; from: string; columns: readonly (readonly [string, Localized])[]; keys: KeysetQuery['keys'] } & Pick<KeysetQuery, 'where' | 'params'>,
): ExportTable {
  const filter = { where: spec.where, params: spec.params };
  return {
    name: spec.name,
    title: spec.title,
    columns: spec.columns.map(([key, header]) => ({ key, header })),
    count: tableRowCount(read, spec.from, filter),
    rows: () => keysetPages(read, { columns: spec.columns.map(([key]) => key).join(', '), from: spec.from, keys: spec.keys, ...filter }),
  };
}

/** An export column as `[column, header]`: the column's name and its header in each language. */
export type ExportColumnSpec = readonly [string, Localized];

/** The creation time column most tables have, with its header. */
export const CREATED_COLUMN: ExportColumnSpec = ['created_at', { ja: '登録日時（UTC）', en: 'Created (UTC)' }];
/** The last update time column most tables have, with its header. */
export const UPDATED_COLUMN: ExportColumnSpec = ['updated_at', { ja: '更新日時（UTC）', en: 'Updated (UTC)' }];
/** The optimistic-lock version column, with its header. */
export const VERSION_COLUMN: ExportColumnSpec = ['version', { ja: '版', en: 'Version' }];
/** The keyset of a table whose rows a `uuid` `id` identifies. */
export const ID_KEY: KeysetQuery['keys'] = [{ column: 'id', type: 'uuid' }];

/** A table of the tenant's own rows for `ownExportTable`. */
export interface OwnExportTableSpec {
  name: string;
  title: Localized;
  /** A subquery (aliased `q` here) whose columns include `tenant_id` and the keys. */
  from: string;
  columns: readonly ExportColumnSpec[];
  keys: KeysetQuery['keys'];
}

/**
 * A table of the tenant's own rows, read by keyset pagination and counted with the same filter.
 * For tables whose RLS policies also show the tenant other companies' rows (published products,
 * requests addressed to it): those are not its data, so the query names the tenant.
 */
export function ownExportTable(ctx: ExportContext, spec: OwnExportTableSpec): ExportTable {
  return keysetExportTable(ctx.read, { ...spec, from: `(${spec.from}) q`, where: 'tenant_id = $1', params: [ctx.tenantId] });
}
