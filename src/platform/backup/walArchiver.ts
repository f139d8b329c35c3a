import type { Tx } from '../../core/db/index.js';

/** What PostgreSQL's archiver reports (pg_stat_archiver), judged against the settings in force. */
export interface WalArchiverStatus {
  archiveMode: string;
  /** archive_timeout in seconds (0 = off). */
  archiveTimeoutSeconds: number;
  archivedCount: number;
  lastArchivedWal: string | null;
  lastArchivedAt: string | null;
  /** Seconds since the last segment was archived, on the application's clock. */
  ageSeconds: number | null;
  failedCount: number;
  lastFailedWal: string | null;
  lastFailedAt: string | null;
  /** `ok`, or why not: archiving is off, nothing archived yet, the last attempt failed, or the last segment is too old. */
  state: 'ok' | 'off' | 'none_yet' | 'failing' | 'stale';
  /** The age beyond which the archive is stale: twice archive_timeout, at least ten minutes. */
  staleAfterSeconds: number;
}

interface ArchiverRow {
  archive_mode: string;
  archive_timeout: string;
  archived_count: string | number;
  last_archived_wal: string | null;
  last_archived_time: Date | null;
  failed_count: string | number;
  last_failed_wal: string | null;
  last_failed_time: Date | null;
}

/**
 * Reads the archiver's state (any role may read pg_stat_archiver and these settings). The
 * segment that archive_timeout forces out at least every five minutes is what bounds the
 * data a disaster can lose, so its age is the backup age in PostgreSQL mode.
 */
export async function readWalArchiver(tx: Tx, now: Date): Promise<WalArchiverStatus> {
  const { rows } = await tx.query<ArchiverRow>(
    `SELECT current_setting('archive_mode') AS archive_mode,
            (SELECT setting FROM pg_settings WHERE name = 'archive_timeout') AS archive_timeout,
            a.archived_count, a.last_archived_wal, a.last_archived_time, a.failed_count, a.last_failed_wal, a.last_failed_time
       FROM pg_stat_archiver a`,
  );
  const r = rows[0];
  if (!r) throw new Error('pg_stat_archiver returned no row');
  const timeout = Number(r.archive_timeout) || 0;
  const staleAfterSeconds = Math.max(600, 2 * timeout);
  const lastArchived = r.last_archived_time ? new Date(r.last_archived_time) : null;
  const lastFailed = r.last_failed_time ? new Date(r.last_failed_time) : null;
  const ageSeconds = lastArchived ? Math.max(0, Math.round((now.getTime() - lastArchived.getTime()) / 1000)) : null;
  let state: WalArchiverStatus['state'] = 'ok';
  if (r.archive_mode !== 'on' && r.archive_mode !== 'always') state = 'off';
  else if (lastFailed && (!lastArchived || lastFailed > lastArchived)) state = 'failing';
  else if (!lastArchived) state = 'none_yet';
  else if ((ageSeconds ?? 0) > staleAfterSeconds) state = 'stale';
  return {
    archiveMode: r.archive_mode,
    archiveTimeoutSeconds: timeout,
    archivedCount: Number(r.archived_count),
    lastArchivedWal: r.last_archived_wal,
    lastArchivedAt: lastArchived?.toISOString() ?? null,
    ageSeconds,
    failedCount: Number(r.failed_count),
    lastFailedWal: r.last_failed_wal,
    lastFailedAt: lastFailed?.toISOString() ?? null,
    state,
    staleAfterSeconds,
  };
}
