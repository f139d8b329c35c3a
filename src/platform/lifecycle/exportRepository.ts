import type { Tx } from '../../core/db/index.js';
import type { Lang } from '../../core/i18n.js';

/** The SQL of `platform.data_exports`; every function runs in the tenant's transaction (RLS). */

export type ExportStatus = 'queued' | 'running' | 'ready' | 'failed' | 'expired';

export interface ExportRecord {
  id: string;
  tenant_id: string;
  requested_by: string;
  requested_by_name: string;
  lang: Lang;
  status: ExportStatus;
  rows_done: number;
  rows_total: number;
  files_done: number;
  storage_key: string | null;
  key_version: number | null;
  bytes: number | null;
  sha256: string | null;
  error_code: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: Date | null;
  download_count: number;
  last_downloaded_at: Date | null;
}

// Counters as float8 so both drivers give numbers (int8 comes back as a string from pg).
const COLUMNS = `id, tenant_id, requested_by, requested_by_name, lang, status, rows_done::float8 AS rows_done, rows_total::float8 AS rows_total,
  files_done, storage_key, key_version, bytes::float8 AS bytes, sha256, error_code, created_at, started_at, finished_at, expires_at,
  download_count, last_downloaded_at`;

export async function insertExport(
  tx: Tx,
  row: { id: string; tenantId: string; requestedBy: string; requestedByName: string; lang: Lang; createdAt: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO platform.data_exports (tenant_id, id, requested_by, requested_by_name, lang, status, created_at)
     VALUES ($1, $2, $3, $4, $5, 'queued', $6)`,
    [row.tenantId, row.id, row.requestedBy, row.requestedByName, row.lang, row.createdAt],
  );
}

export async function findExport(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<ExportRecord | undefined> {
  const { rows } = await tx.query<ExportRecord>(`SELECT ${COLUMNS} FROM platform.data_exports WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

export async function listExports(tx: Tx, limit: number): Promise<ExportRecord[]> {
  const { rows } = await tx.query<ExportRecord>(`SELECT ${COLUMNS} FROM platform.data_exports ORDER BY created_at DESC, id LIMIT $1`, [limit]);
  return rows;
}

export async function markRunning(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.query(
    `UPDATE platform.data_exports SET status = 'running', started_at = coalesce(started_at, $2), rows_done = 0, files_done = 0 WHERE id = $1`,
    [id, at],
  );
}

export async function saveProgress(tx: Tx, id: string, progress: { rowsDone: number; rowsTotal: number; filesDone: number }): Promise<void> {
  await tx.query(
    `UPDATE platform.data_exports SET rows_done = $2, rows_total = $3, files_done = $4 WHERE id = $1 AND status = 'running'`,
    [id, progress.rowsDone, progress.rowsTotal, progress.filesDone],
  );
}

export async function markReady(
  tx: Tx,
  id: string,
  done: {
    storageKey: string;
    keyVersion: number;
    bytes: number;
    sha256: string;
    manifest: unknown;
    rows: number;
    files: number;
    finishedAt: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await tx.query(
    `UPDATE platform.data_exports
        SET status = 'ready', storage_key = $2, key_version = $3, bytes = $4, sha256 = $5, manifest = $6::jsonb,
            rows_done = $7, rows_total = $7, files_done = $8, finished_at = $9, expires_at = $10, error_code = NULL
      WHERE id = $1`,
    [id, done.storageKey, done.keyVersion, done.bytes, done.sha256, JSON.stringify(done.manifest), done.rows, done.files, done.finishedAt, done.expiresAt],
  );
}

export async function markFailed(tx: Tx, id: string, code: string, at: Date): Promise<void> {
  await tx.query(`UPDATE platform.data_exports SET status = 'failed', error_code = $2, finished_at = $3 WHERE id = $1`, [id, code, at]);
}

export async function countDownload(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.query('UPDATE platform.data_exports SET download_count = download_count + 1, last_downloaded_at = $2 WHERE id = $1', [id, at]);
}

/** Ready exports past their download period: marked expired; their stored files are for the caller to delete. */
export async function expireExports(tx: Tx, now: Date): Promise<{ id: string; storage_key: string }[]> {
  const { rows } = await tx.query<{ id: string; storage_key: string }>(
    `UPDATE platform.data_exports SET status = 'expired'
      WHERE status = 'ready' AND expires_at <= $1
      RETURNING id, storage_key`,
    [now],
  );
  return rows;
}
