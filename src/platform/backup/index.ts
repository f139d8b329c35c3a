import type { FastifyInstance } from 'fastify';
import { withoutTenant } from '../../core/db/index.js';
import type { ModuleDeps } from '../http/index.js';
import { shortError } from '../jobs/index.js';
import { checkWalArchive, runBackup, type BackupDeps } from './backupService.js';
import { BACKUP_JOB, registerBackupRoutes } from './routes.js';

export { backupStatus, type BackupStatus } from './backupStatus.js';
export { checkWalArchive, runBackup, restoreDrill, resyncCatalogue, verifyAndRecord, type BackupDeps, type DrillReport } from './backupService.js';
export { restoreSystem, pitrInstructions, recoveryTargetTime, RestoreRefused, type RestoreResult } from './restore.js';
export { BACKUP_USAGE, runBackupCommand, runRestoreCommand } from './commandLine.js';
export { backupKeyHolder } from './backupKey.js';
export { BACKUP_JOB } from './routes.js';

/**
 * Backups every five minutes kept thirty days (12.3.1): the recurring backup job (with
 * pruning, clean-up and the staff alert on failure), the WAL archiver check on PostgreSQL,
 * the console's routes and a metric of the last backup's age.
 */
export async function registerBackups(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const backupDeps: ModuleDeps & BackupDeps = deps;
  registerBackupRoutes(app, backupDeps);
  deps.jobs.register<{ trigger?: unknown }>(
    BACKUP_JOB,
    async ({ job, logger }) => {
      const trigger = job.payload.trigger === 'console' ? 'console' : 'schedule';
      if (trigger === 'schedule' && !deps.config.backup.enabled) return;
      try {
        await checkWalArchive(backupDeps);
      } catch (error) {
        logger.error({ err: shortError(error) }, 'could not read the WAL archiver status');
      }
      const outcome = await runBackup(backupDeps, trigger);
      if (outcome.skipped) logger.info({ reason: outcome.skipped }, 'backup skipped: the store is busy');
      else if (outcome.header) logger.info({ backupId: outcome.header.id, bytesAdded: outcome.header.bytesAdded, ms: outcome.header.durationMs }, 'backup taken');
    },
    { maxAttempts: 1, parse: (raw) => (typeof raw === 'object' && raw !== null ? (raw as { trigger?: unknown }) : {}) },
  );
  if (deps.config.backup.enabled) await deps.jobs.schedule(BACKUP_JOB, deps.config.backup.intervalMinutes * 60_000);
  deps.metrics.gauge('backup_last_success_age_seconds', 'Seconds since the last successful application backup (embedded database and local files)', [], async (set) => {
    const { rows } = await withoutTenant(deps.db, (tx) =>
      tx.query<{ taken_at: Date | null }>(`SELECT max(taken_at) AS taken_at FROM ops.backup_runs WHERE status = 'succeeded' AND pruned_at IS NULL`),
    );
    const takenAt = rows[0]?.taken_at;
    if (takenAt) set({}, Math.max(0, (deps.clock.now().getTime() - new Date(takenAt).getTime()) / 1000));
  });
}
