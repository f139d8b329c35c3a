import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withoutTenant } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { messageKey } from '../../core/messages.js';
import { recordOperatorEvent } from '../audit/index.js';
import { createRegistrar, originOf, requireStaff, type ModuleDeps } from '../http/index.js';
import { isStaffPermission, type StaffActor } from '../staff/index.js';
import { listRuns } from './backupRecords.js';
import { backupStatus } from './backupStatus.js';
import { backupSources, openStore, recordDrill, restoreDrill, storeExists, verifyAndRecord, type BackupDeps, type CheckActor } from './backupService.js';
import { isBackupId } from './manifest.js';

export const BACKUP_JOB = 'backup.run';

const backupId = z.string().max(64).refine(isBackupId, { message: messageKey('validation.format.other') });
const listQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(['all', 'succeeded', 'failed']).default('all'),
});
const checkBody = z.strictObject({ backupId: backupId.optional() });

function staffActor(staff: StaffActor): CheckActor {
  return { type: 'staff', id: staff.staffId, name: staff.displayName };
}

/** The console's backup screens: status and list for anyone who sees tenants; checks; a backup on request. */
export function registerBackupRoutes(app: FastifyInstance, deps: ModuleDeps & BackupDeps): void {
  const { db, clock } = deps;
  const r = createRegistrar(app, { permissionExists: isStaffPermission });

  /** The store, or the console's message when there is nothing to check yet. */
  const requireBackups = async (id: string | undefined) => {
    if (!backupSources(deps).pglite && !backupSources(deps).filesDir) throw new AppError('backup.unavailable');
    if (!storeExists(deps.config)) throw new AppError('backup.none');
    const store = await openStore(deps, false);
    if (id && !(await store.readManifest(id))) throw new AppError('backup.not_found', { internal: `no manifest ${id}` });
    if (!id && (await store.listHeaders()).headers.length === 0) throw new AppError('backup.none');
  };

  r.route({
    method: 'GET',
    url: '/api/ops/backups/status',
    summary: 'Backup status: last success and its age, failures, what is kept, last verification, drill and restore; the WAL archiver on PostgreSQL',
    tags: ['ops'],
    access: { staff: 'ops:tenants:read' },
    audit: { readOnly: true },
    async handler() {
      return { status: await backupStatus(deps) };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/backups',
    summary: 'Kept backups and failed runs, newest first',
    tags: ['ops'],
    access: { staff: 'ops:tenants:read' },
    audit: { readOnly: true },
    schema: { querystring: listQuery },
    async handler(request) {
      const { page, pageSize, status } = request.query;
      const { runs, total } = await withoutTenant(db, (tx) => listRuns(tx, { page, pageSize, status }));
      return { runs, total, page, pageSize };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/backups/verify',
    summary: 'Read back every chunk of one backup (or of all) and check it decrypts to its checksum',
    tags: ['ops'],
    access: { staff: 'ops:tenants:read' },
    audit: { action: 'ops.backup.verified' },
    rateLimitPerMinute: 20,
    schema: { body: checkBody },
    async handler(request) {
      const staff = requireStaff(request);
      await requireBackups(request.body.backupId);
      const report = await verifyAndRecord(deps, { backupId: request.body.backupId }, staffActor(staff), originOf(request));
      return { verification: report };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/backups/drill',
    summary: 'Restore drill: restore a backup (the newest by default) into a scratch place and check the database and files in it',
    tags: ['ops'],
    access: { staff: 'ops:backups:manage' },
    audit: { action: 'ops.backup.drilled' },
    rateLimitPerMinute: 10,
    schema: { body: checkBody },
    async handler(request) {
      const staff = requireStaff(request);
      await requireBackups(request.body.backupId);
      const startedAt = clock.now();
      const report = await restoreDrill(deps, { backupId: request.body.backupId });
      await recordDrill(db, clock, { report, startedAt, actor: staffActor(staff), origin: originOf(request) });
      return { drill: report };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/backups/run',
    summary: 'Take a backup now (queued; the list shows it when done)',
    tags: ['ops'],
    access: { staff: 'ops:backups:manage' },
    audit: { action: 'ops.backup.requested' },
    rateLimitPerMinute: 10,
    schema: { body: z.strictObject({}) },
    async handler(request, reply) {
      const staff = requireStaff(request);
      const sources = backupSources(deps);
      if (!sources.pglite && !sources.filesDir) throw new AppError('backup.unavailable');
      const jobId = await withoutTenant(db, async (tx) => {
        const id = await deps.jobs.enqueue(tx, BACKUP_JOB, { trigger: 'console', requestedBy: staff.staffId }, { maxAttempts: 1 });
        await recordOperatorEvent(tx, clock, originOf(request), {
          actor: { type: 'staff', id: staff.staffId, name: staff.displayName },
          action: 'ops.backup.requested',
          target: { type: 'job', id: id ?? 'queued' },
          result: 'success',
        });
        return id;
      });
      return reply.status(202).send({ jobId });
    },
  });
}

