import { withoutTenant } from '../../core/db/index.js';
import { lastCheck, runFigures, type BackupRunView, type CheckView } from './backupRecords.js';
import { backupSources, type BackupDeps } from './backupService.js';
import { readWalArchiver, type WalArchiverStatus } from './walArchiver.js';

/** Everything the console's backup screen and the compliance report show. */
export interface BackupStatus {
  /** `snapshot`: the application backs up the embedded database; `wal`: PostgreSQL archives its WAL. */
  mode: 'snapshot' | 'wal';
  database: 'pglite' | 'postgres';
  fileStore: 'local' | 's3';
  /** Whether the application itself takes backups here (embedded database or local files). */
  takesSnapshots: boolean;
  enabled: boolean;
  intervalMinutes: number;
  retentionDays: number;
  lastSuccess: BackupRunView | null;
  /** Seconds since the last successful application backup. */
  lastSuccessAgeSeconds: number | null;
  lastFailure: BackupRunView | null;
  failuresLast24h: number;
  kept: number;
  oldestKeptAt: string | null;
  storeBytes: number | null;
  lastVerify: CheckView | null;
  lastDrill: CheckView | null;
  lastRestore: CheckView | null;
  wal: WalArchiverStatus | null;
  /**
   * The age of the newest copy of the database: the last snapshot in embedded mode, the last
   * archived WAL segment in PostgreSQL mode. What the 12.3.1 evidence reports.
   */
  backupAgeSeconds: number | null;
  /** Whether that age is within the schedule (twice the interval, at least ten minutes). */
  current: boolean;
}

export async function backupStatus(deps: Pick<BackupDeps, 'config' | 'db' | 'clock'>): Promise<BackupStatus> {
  const now = deps.clock.now();
  const sources = backupSources(deps);
  return withoutTenant(deps.db, async (tx) => {
    const figures = await runFigures(tx, now);
    const wal = deps.db.kind === 'postgres' ? await readWalArchiver(tx, now) : null;
    const lastSuccessAgeSeconds = figures.lastSuccess?.takenAt ? Math.max(0, Math.round((now.getTime() - new Date(figures.lastSuccess.takenAt).getTime()) / 1000)) : null;
    const backupAgeSeconds = wal ? (wal.state === 'off' ? null : wal.ageSeconds) : lastSuccessAgeSeconds;
    const limit = Math.max(600, 2 * deps.config.backup.intervalMinutes * 60);
    const current = wal ? wal.state === 'ok' : backupAgeSeconds !== null && backupAgeSeconds <= limit;
    return {
      mode: wal ? 'wal' : 'snapshot',
      database: deps.db.kind,
      fileStore: deps.config.files.kind,
      takesSnapshots: Boolean(sources.pglite || sources.filesDir),
      enabled: deps.config.backup.enabled,
      intervalMinutes: deps.config.backup.intervalMinutes,
      retentionDays: deps.config.backup.retentionDays,
      lastSuccess: figures.lastSuccess,
      lastSuccessAgeSeconds,
      lastFailure: figures.lastFailure,
      failuresLast24h: figures.failuresLast24h,
      kept: figures.kept,
      oldestKeptAt: figures.oldestKeptAt,
      storeBytes: figures.storeBytes,
      lastVerify: await lastCheck(tx, 'verify'),
      lastDrill: await lastCheck(tx, 'drill'),
      lastRestore: await lastCheck(tx, 'restore'),
      wal,
      backupAgeSeconds,
      current,
    };
  });
}
