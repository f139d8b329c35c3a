import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Clock } from '../../core/clock.js';
import { withTenant, type Database, type Tx } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import type { Lang } from '../../core/i18n.js';
import { recordTenantEvent, type AuditOrigin } from '../audit/index.js';
import type { UserActor } from '../identity/index.js';
import { decryptFileStream, FileNotFoundError, type FileStore } from '../files/index.js';
import type { JobRunner } from '../jobs/index.js';
import { tenantDataKeyVersion, type KeyProvider } from '../keys/index.js';
import type { ServiceId, ServiceRegistry } from '../services/index.js';
import { EXPORT_JOB } from './exportJob.js';
import { countDownload, findExport, insertExport, listExports, type ExportRecord } from './exportRepository.js';

/** How many of its exports a tenant sees in the list. */
const LIST_LIMIT = 20;

/** An export as the tenant's admins see it. */
export interface ExportView {
  id: string;
  status: ExportRecord['status'];
  rowsDone: number;
  rowsTotal: number;
  filesDone: number;
  bytes: number | null;
  sha256: string | null;
  requestedByName: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string | null;
  downloadCount: number;
  /** Ready and inside its download period. */
  downloadable: boolean;
}

export function exportView(record: ExportRecord, now: Date): ExportView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const live = record.status === 'ready' && record.expires_at !== null && record.expires_at > now;
  return {
    id: record.id,
    // A ready export past its period reads as expired even before the hourly sweep marks it.
    status: record.status === 'ready' && !live ? 'expired' : record.status,
    rowsDone: Number(record.rows_done),
    rowsTotal: Number(record.rows_total),
    filesDone: record.files_done,
    bytes: record.bytes === null ? null : Number(record.bytes),
    sha256: record.sha256,
    requestedByName: record.requested_by_name,
    createdAt: record.created_at.toISOString(),
    startedAt: iso(record.started_at),
    finishedAt: iso(record.finished_at),
    expiresAt: iso(record.expires_at),
    downloadCount: record.download_count,
    downloadable: live,
  };
}

/**
 * Only an admin of a service may export the company's data. Permissions normally come from
 * memberships in running contracts; here every membership the user holds counts, so admins can
 * still take their data out in the two months between the contract's end and the purge.
 */
async function assertExportAdmin(tx: Tx, actor: UserActor, registry: ServiceRegistry): Promise<void> {
  if (actor.mustChangePassword) throw new AppError('auth.password_change_required');
  const { rows } = await tx.query<{ service: ServiceId; role: string }>('SELECT service, role FROM platform.memberships WHERE user_id = $1', [actor.userId]);
  if (!rows.some((m) => registry.role(m.service, m.role)?.admin === true)) {
    throw new AppError('lifecycle.export_forbidden', { internal: `user ${actor.userId} holds no admin role` });
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export interface ExportCommandDeps {
  db: Database;
  clock: Clock;
  registry: ServiceRegistry;
  jobs: JobRunner;
  files: FileStore;
  keys: KeyProvider;
}

/** Starts an export of all the company's data: a row to follow its progress and its job. */
export async function startExport(deps: ExportCommandDeps, actor: UserActor, lang: Lang, origin: AuditOrigin): Promise<ExportView> {
  const { db, clock, registry, jobs } = deps;
  const id = randomUUID();
  try {
    return await withTenant(db, actor.tenantId, async (tx) => {
      await assertExportAdmin(tx, actor, registry);
      const now = clock.now();
      await insertExport(tx, { id, tenantId: actor.tenantId, requestedBy: actor.userId, requestedByName: actor.displayName, lang, createdAt: now });
      await jobs.enqueue(tx, EXPORT_JOB, { tenantId: actor.tenantId, exportId: id }, { customerId: actor.tenantId });
      await recordTenantEvent(tx, clock, actor.tenantId, origin, {
        actor: { type: 'user', id: actor.userId, name: actor.displayName },
        action: 'tenant.export.requested',
        target: { type: 'data_export', id },
        result: 'success',
      });
      const record = await findExport(tx, id);
      if (!record) throw new Error('startExport: the new export is not readable');
      return exportView(record, now);
    });
  } catch (error) {
    // The partial unique index allows one queued or running export per tenant.
    if (isUniqueViolation(error)) throw new AppError('lifecycle.export_in_progress', { cause: error });
    throw error;
  }
}

export async function listTenantExports(deps: ExportCommandDeps, actor: UserActor): Promise<ExportView[]> {
  return withTenant(deps.db, actor.tenantId, async (tx) => {
    await assertExportAdmin(tx, actor, deps.registry);
    const now = deps.clock.now();
    return (await listExports(tx, LIST_LIMIT)).map((r) => exportView(r, now));
  });
}

export async function getTenantExport(deps: ExportCommandDeps, actor: UserActor, exportId: string): Promise<ExportView> {
  return withTenant(deps.db, actor.tenantId, async (tx) => {
    await assertExportAdmin(tx, actor, deps.registry);
    const record = await findExport(tx, exportId);
    if (!record) throw new AppError('not_found');
    return exportView(record, deps.clock.now());
  });
}

export interface ExportDownload {
  fileName: string;
  bytes: number | null;
  sha256: string | null;
  body: Readable;
}

/**
 * Opens a finished export for download: checks the period, unseals the export's key with the
 * tenant's data key, records the download in the company's event log, and returns the
 * decrypting stream. Another tenant's export is "not found"; an expired one is gone (410).
 */
export async function downloadExport(deps: ExportCommandDeps, actor: UserActor, exportId: string, origin: AuditOrigin): Promise<ExportDownload> {
  const { db, clock, registry, files, keys } = deps;
  const opened = await withTenant(db, actor.tenantId, async (tx) => {
    await assertExportAdmin(tx, actor, registry);
    const record = await findExport(tx, exportId);
    if (!record) throw new AppError('not_found');
    const now = clock.now();
    if (record.status === 'expired' || (record.status === 'ready' && record.expires_at !== null && record.expires_at <= now)) {
      throw new AppError('lifecycle.export_expired');
    }
    if (record.status !== 'ready' || !record.storage_key || record.key_version === null) throw new AppError('lifecycle.export_not_ready');
    const key = await tenantDataKeyVersion(tx, { provider: keys, clock }, actor.tenantId, record.key_version);
    // Opened before the download is recorded: an archive that is gone records nothing.
    let stored: Readable;
    try {
      stored = await files.get(record.storage_key);
    } catch (error) {
      if (error instanceof FileNotFoundError) throw new AppError('lifecycle.export_expired', { internal: `export ${exportId} has no stored archive`, cause: error });
      throw error;
    }
    try {
      await countDownload(tx, exportId, now);
      await recordTenantEvent(tx, clock, actor.tenantId, origin, {
        actor: { type: 'user', id: actor.userId, name: actor.displayName },
        action: 'tenant.export.downloaded',
        target: { type: 'data_export', id: exportId },
        result: 'success',
        details: { bytes: record.bytes === null ? null : Number(record.bytes) },
      });
    } catch (error) {
      stored.destroy();
      throw error;
    }
    return { record, stored, body: stored.pipe(decryptFileStream({ tenantId: actor.tenantId, fileId: exportId, tenantKey: key, tenantKeyVersion: record.key_version })), created: record.created_at };
  });
  opened.stored.once('error', (error) => opened.body.destroy(error));
  const day = new Date(opened.created.getTime() + 9 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return {
    fileName: `export-${actor.tenantCode}-${day}.zip`,
    bytes: opened.record.bytes === null ? null : Number(opened.record.bytes),
    sha256: opened.record.sha256,
    body: opened.body,
  };
}
