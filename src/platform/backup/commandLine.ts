import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import { migrate, openDatabase, type Database } from '../../core/db/index.js';
import { masterKeyProvider } from '../keys/index.js';
import { recordDrill, recordVerification, restoreDrill, runBackup, storeExists, openStore, type BackupDeps } from './backupService.js';
import { isBackupId } from './manifest.js';
import { restoreSystem, RestoreRefused } from './restore.js';
import { verifyBackups } from './verifyBackups.js';

export const BACKUP_USAGE = `  backup run       Take a backup now (embedded database and stored files), then prune
                   backups past BACKUP_RETENTION_DAYS. On the embedded database the
                   application must be stopped (it backs itself up every
                   BACKUP_INTERVAL_MINUTES while it runs).
  backup list      List the kept backups: id, time, size, bytes added.
  backup verify [id]
                   Read back every chunk of one backup (or of all) and check it;
                   exit 1 and name the backup if anything is damaged or missing.
  backup drill [id]
                   Restore drill: restore a backup (the newest by default) into a scratch
                   directory, open it and check its audit logs and files.
  restore --to <ISO time> [--force] [--database-recovered]
                   Bring the WHOLE SYSTEM (every tenant) back to the newest backup taken
                   at or before the time, e.g. --to 2026-11-27T10:05:00+09:00. The
                   application must be stopped. The current database and file directories
                   are moved aside, never deleted. Backups are for failure and disaster,
                   not for restoring one customer's records. On PostgreSQL the database is
                   recovered by PostgreSQL itself (point-in-time recovery; the command
                   prints the steps), then --database-recovered restores the files.`;

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Whether the embedded database directory is held by a running app (PGlite keeps postmaster.pid while open). */
function embeddedDatabaseInUse(config: Config): boolean {
  return config.database.kind === 'pglite' && existsSync(path.join(config.database.dataDir, 'postmaster.pid'));
}

/**
 * Opens the database to record a check, when that is safe: always on PostgreSQL; on the
 * embedded database only while no app holds it. Returns false when nothing was recorded.
 */
async function recordIfPossible(config: Config, fn: (db: Database) => Promise<void>): Promise<boolean> {
  if (embeddedDatabaseInUse(config)) return false;
  if (config.database.kind === 'pglite' && !existsSync(path.join(config.database.dataDir, 'PG_VERSION'))) return false;
  const db = await openDatabase(config);
  try {
    await migrate(db);
    await fn(db);
    return true;
  } finally {
    await db.close();
  }
}

/** `sotas backup …`; returns the exit code. */
export async function runBackupCommand(args: readonly string[], config: Config, clock: Clock, tell: (text: string) => void): Promise<number> {
  const keys = masterKeyProvider(config.masterKeyFile);
  const deps = { config, keys, clock };
  const [sub, id] = args;
  if ((sub === 'verify' || sub === 'drill') && id !== undefined && !isBackupId(id)) {
    tell(`"${id}" is not a backup id (they look like 20261127T010500Z-3fa9c2; see \`backup list\`).`);
    return 1;
  }
  if (sub !== 'run' && sub !== 'list' && sub !== 'verify' && sub !== 'drill') {
    tell(`Unknown backup command "${sub ?? ''}".\n\n${BACKUP_USAGE}`);
    return 1;
  }
  if (sub !== 'run' && !storeExists(config)) {
    tell(`No backups in ${config.backup.dir} yet (BACKUP_DIR).`);
    return sub === 'list' ? 0 : 1;
  }
  switch (sub) {
    case 'run': {
      if (embeddedDatabaseInUse(config)) {
        tell('The application is running on this embedded database: it backs itself up every ' +
          `${config.backup.intervalMinutes} minutes; use “Back up now” in the operator console, or stop it first.`);
        return 1;
      }
      const db = await openDatabase(config);
      try {
        await migrate(db);
        const backupDeps: BackupDeps = { ...deps, db };
        const outcome = await runBackup(backupDeps, 'cli', { collect: 'always' });
        if (outcome.skipped) {
          tell(outcome.skipped);
          return 1;
        }
        if (!outcome.header) {
          tell('Nothing to back up here: the database is PostgreSQL (its WAL archive is the backup, see docs/backup.md) and files are in object storage.');
          return 0;
        }
        const h = outcome.header;
        tell(`Backup ${h.id} taken at ${h.takenAt}: ${formatBytes(h.totalBytes)} (${h.database.included ? 'database image and ' : ''}${h.files.count} stored files), ${formatBytes(h.bytesAdded)} added in ${(h.durationMs / 1000).toFixed(1)} s.`);
        if (outcome.prune?.pruned.length) tell(`Pruned ${outcome.prune.pruned.length} backups older than ${config.backup.retentionDays} days; freed ${formatBytes(outcome.prune.bytesFreed)}.`);
        return 0;
      } finally {
        await db.close();
      }
    }
    case 'list': {
      const store = await openStore(deps, false);
      const { headers, unreadable } = await store.listHeaders();
      tell(`${'id'.padEnd(24)} ${'taken at (UTC)'.padEnd(24)} ${'size'.padStart(10)} ${'added'.padStart(10)}  contents`);
      for (const h of headers) {
        tell(`${h.id.padEnd(24)} ${h.takenAt.padEnd(24)} ${formatBytes(h.totalBytes).padStart(10)} ${formatBytes(h.bytesAdded).padStart(10)}  ${h.database.included ? 'database + ' : ''}${h.files.count} files`);
      }
      for (const bad of unreadable) tell(`UNREADABLE ${bad.id}: ${bad.error}`);
      tell(`${headers.length} backups kept (${config.backup.retentionDays} days).`);
      return unreadable.length ? 1 : 0;
    }
    case 'verify': {
      const startedAt = clock.now();
      const store = await openStore(deps, false);
      if (id && !(await store.readManifest(id))) {
        tell(`There is no backup ${id} (see \`backup list\`).`);
        return 1;
      }
      const report = await verifyBackups(store, id ? { backupId: id } : {});
      for (const p of report.problems) tell(`FAILED ${p.backupId}: ${p.message}`);
      tell(`${report.ok ? 'OK' : 'FAILED'}: ${report.backups} backups, ${report.chunks} chunks (${formatBytes(report.bytes)}) read back and checked${report.problems.length ? `; ${report.problems.length} problems` : ''}.`);
      const recorded = await recordIfPossible(config, (db) =>
        recordVerification(db, clock, { report, backupId: id ?? null, startedAt, actor: { type: 'system', name: 'sotas backup verify (CLI)' }, origin: {} }),
      );
      if (!recorded) tell('(Not recorded in the console: the database is in use or absent.)');
      return report.ok ? 0 : 1;
    }
    case 'drill': {
      const startedAt = clock.now();
      const report = await restoreDrill(deps, id ? { backupId: id } : {});
      if (report.database) {
        tell(`Database restored from ${report.backupId} (taken ${report.takenAt}): ${report.database.tenants} tenants, ${report.database.users} users; audit logs ${report.database.auditOk ? 'intact' : 'BROKEN'} (${report.database.auditChains} chains, ${report.database.auditEntries} entries).`);
      }
      tell(`Stored files restored: ${report.files.count} (${formatBytes(report.files.bytes)}).`);
      for (const p of report.problems) tell(`PROBLEM: ${p}`);
      tell(`${report.ok ? 'OK' : 'FAILED'}: restore drill of ${report.backupId} in ${(report.durationMs / 1000).toFixed(1)} s.`);
      await recordIfPossible(config, (db) => recordDrill(db, clock, { report, startedAt, actor: { type: 'system', name: 'sotas backup drill (CLI)' }, origin: {} }));
      return report.ok ? 0 : 1;
    }
  }
}

/** Parses `--to <time>` and the flags of `sotas restore`. */
export function parseRestoreArgs(args: readonly string[]): { to: Date; force: boolean; databaseRecovered: boolean } | string {
  let to: Date | undefined;
  let force = false;
  let databaseRecovered = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--force') force = true;
    else if (arg === '--database-recovered') databaseRecovered = true;
    else if (arg === '--to' || arg.startsWith('--to=')) {
      const value = arg === '--to' ? args[++i] : arg.slice('--to='.length);
      // Only ISO 8601 with a date and a time; a zone is required so the point is unambiguous.
      if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(new Date(value).getTime())) {
        return `--to needs a time in ISO 8601 with its zone, e.g. 2026-11-27T10:05:00+09:00 or 2026-11-27T01:05:00Z (got "${value ?? ''}").`;
      }
      to = new Date(value);
    } else {
      return `Unknown option "${arg}".`;
    }
  }
  if (!to) return 'Say which point in time to restore: --to <ISO time>, e.g. --to 2026-11-27T10:05:00+09:00.';
  return { to, force, databaseRecovered };
}

/** `sotas restore --to <time>`; returns the exit code. */
export async function runRestoreCommand(args: readonly string[], config: Config, clock: Clock, tell: (text: string) => void): Promise<number> {
  const parsed = parseRestoreArgs(args);
  if (typeof parsed === 'string') {
    tell(`${parsed}\n\n${BACKUP_USAGE}`);
    return 1;
  }
  try {
    await restoreSystem({ config, keys: masterKeyProvider(config.masterKeyFile), clock, ...parsed, tell });
    return 0;
  } catch (error) {
    if (error instanceof RestoreRefused) {
      tell(error.message);
      return 1;
    }
    throw error;
  }
}
