import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../http/index.js';
import { EXPORT_JOB, EXPORT_MAX_ATTEMPTS, expireOldExports, runExport } from './exportJob.js';
import { registerExportRoutes } from './exportRoutes.js';
import { registerLifecycleOpsRoutes } from './opsRoutes.js';
import { PURGE_EVERY_MS, PURGE_JOB, runPurgeSweep } from './purgeSweep.js';

/** Marks finished exports past their download period as expired and deletes their archives. */
export const EXPIRE_EXPORTS_JOB = 'lifecycle.expire_exports';
const EXPIRE_EVERY_MS = 60 * 60_000;

const exportPayload = z.object({ tenantId: z.uuid(), exportId: z.uuid() });

/**
 * Tenant exports and the purge two months after contract end (CLD.8.1.5): the export routes
 * and job, the console's lifecycle routes, and the hourly purge and export-expiry jobs.
 */
export async function registerLifecycle(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const { config, db, clock, logger, registry, jobs, keys, files } = deps;
  registerExportRoutes(app, { db, clock, registry, jobs, files, keys });
  registerLifecycleOpsRoutes(app, { db, clock });

  const exportDeps = { db, clock, logger, registry, files, keys, workRoot: path.join(config.dataDir, 'tmp', 'exports'), publicUrl: config.http.publicUrl };
  jobs.register<z.infer<typeof exportPayload>>(
    EXPORT_JOB,
    async ({ job }) => {
      await runExport(exportDeps, { ...job.payload, finalAttempt: job.attempts >= job.maxAttempts });
    },
    { parse: (raw) => exportPayload.parse(raw), maxAttempts: EXPORT_MAX_ATTEMPTS, backoffMs: 30_000 },
  );

  const sweepDeps = { db, clock, logger, registry, files, keys, publicUrl: config.http.publicUrl, staffAlertEmail: config.staffAlertEmail };
  jobs.register(PURGE_JOB, async ({ job }) => {
    await runPurgeSweep(sweepDeps, `${PURGE_JOB} ${job.id}`);
  });
  await jobs.schedule(PURGE_JOB, PURGE_EVERY_MS);

  jobs.register(EXPIRE_EXPORTS_JOB, async () => {
    await expireOldExports({ db, clock, files });
  });
  await jobs.schedule(EXPIRE_EXPORTS_JOB, EXPIRE_EVERY_MS);
}

export { purgeDateFor, purgeInstantFor, PURGE_AFTER_MONTHS } from './purgeDate.js';
export { EXPORT_JOB, exportStorageKey } from './exportJob.js';
export { PURGE_JOB, runPurgeSweep, type SweepResult } from './purgeSweep.js';
export { purgeTenant, type PurgeOutcome } from './purgeTenant.js';
export { sendPurgeReminders, REMINDER_DAYS } from './reminders.js';
export { REGISTERED_DATA_SCHEMAS } from './tenantTables.js';
export { EXPORT_FORMAT, writeExportArchive, type ExportManifest } from './exportArchive.js';
