import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import type { Clock } from '../../core/clock.js';
import { withTenant, withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import type { Logger } from '../../core/logger.js';
import { recordTenantEvent } from '../audit/index.js';
import { encryptFileStream, listTenantFiles, openTenantFile, type FileStore } from '../files/index.js';
import { tenantDataKey, type KeyProvider } from '../keys/index.js';
import { shortError } from '../jobs/index.js';
import { queueMail } from '../mail/index.js';
import type { ExportContext, ExportItem, ServiceRegistry } from '../services/index.js';
import { writeExportArchive, type ExportProgress } from './exportArchive.js';
import { EXPORT_ZLIB_LEVEL } from './exportFormats.js';
import { expireExports, findExport, markFailed, markReady, markRunning, saveProgress } from './exportRepository.js';
import { platformExportTables } from './platformTables.js';

/** The background job that builds one export. */
export const EXPORT_JOB = 'lifecycle.export';
export const EXPORT_MAX_ATTEMPTS = 3;
/** How long a finished export can be downloaded. */
export const EXPORT_DOWNLOAD_DAYS = 7;
/** Progress is written at most this often (the UI polls it). */
const PROGRESS_EVERY_MS = 500;

export interface ExportJobDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  registry: ServiceRegistry;
  files: FileStore;
  keys: KeyProvider;
  /** Where the table files wait until they are in the archive (inside the data directory). */
  workRoot: string;
  publicUrl: string;
}

/** Where an export's encrypted archive is stored. */
export function exportStorageKey(tenantId: string, exportId: string): string {
  return `tenant/${tenantId.toLowerCase()}/exports/${exportId.toLowerCase()}.zip.sxe`;
}

/** The platform's tables and stored files, then each service's tables and files. */
async function* exportItems(deps: ExportJobDeps, ctx: ExportContext): AsyncIterable<ExportItem> {
  for (const table of platformExportTables(ctx.read)) yield { kind: 'table', table };
  for (const file of await listTenantFiles(deps, ctx.tenantId)) {
    yield {
      kind: 'file',
      file: {
        path: `${file.service}/${file.id}-${file.name}`,
        contentType: file.contentType,
        bytes: file.bytes,
        open: async () => (await openTenantFile(deps, { tenantId: ctx.tenantId, fileId: file.id })).stream,
      },
    };
  }
  for (const service of deps.registry.services) yield* service.exporter(ctx);
}

/** Rejects with the signal's reason once it is aborted. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    const fail = () => reject(signal.reason instanceof Error ? signal.reason : new Error('export aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/** Counts bytes and hashes what passes through. */
function measuring(): { stream: Transform; bytes: () => number; sha256: () => string } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  let digest: string | undefined;
  return { stream, bytes: () => bytes, sha256: () => (digest ??= hash.digest('hex')) };
}

/**
 * Builds the tenant's export: every table as CSV, XLSX and JSON plus the original files in one
 * zip, streamed through AES-256-GCM (a fresh key sealed with the tenant's data key) straight
 * into the file store. Idempotent: a finished or failed export is left alone; a retry starts
 * the archive again from the beginning.
 */
export async function runExport(deps: ExportJobDeps, job: { tenantId: string; exportId: string; finalAttempt: boolean }): Promise<void> {
  const { db, clock, logger, files } = deps;
  const tenantId = job.tenantId.toLowerCase();
  const exportId = job.exportId.toLowerCase();
  const started = await withTenant(db, tenantId, async (tx) => {
    const record = await findExport(tx, exportId, { forUpdate: true });
    if (!record || record.status !== 'queued' && record.status !== 'running') return undefined;
    await markRunning(tx, exportId, clock.now());
    const tenant = (await tx.query<{ id: string; code: string; name: string }>('SELECT id, code, name FROM ops.tenants WHERE id = $1', [tenantId])).rows[0];
    if (!tenant) throw new Error(`runExport: tenant ${tenantId} does not exist`);
    return { record, tenant };
  });
  if (!started) return;
  const { record, tenant } = started;

  await mkdir(deps.workRoot, { recursive: true, mode: 0o700 });
  const workDir = await mkdtemp(path.join(deps.workRoot, 'export-'));
  const storageKey = exportStorageKey(tenantId, exportId);
  try {
    // Sealed like every stored tenant file: a fresh file key under the tenant's data key, which
    // the purge destroys last.
    const tenantKey = await withTenant(db, tenantId, (tx) => tenantDataKey(tx, { provider: deps.keys, clock }, tenantId));
    const archive = new ZipArchive({ zlib: { level: EXPORT_ZLIB_LEVEL } });
    const measure = measuring();
    const sealed = new PassThrough();
    // A failure anywhere stops the rest: the store or the pipeline failing aborts the writing
    // of tables, and the writing failing destroys the archive.
    const stop = new AbortController();
    const fail = (error: unknown) => {
      const reason = error instanceof Error ? error : new Error(String(error));
      if (!stop.signal.aborted) stop.abort(reason);
      archive.destroy(reason);
    };
    const uploading = files.put(storageKey, sealed, { contentType: 'application/octet-stream' });
    uploading.catch(fail);
    const piping = pipeline(archive, measure.stream, encryptFileStream({ tenantId, fileId: exportId, tenantKey: tenantKey.key, tenantKeyVersion: tenantKey.version }), sealed);
    piping.catch(fail);

    let lastWrite = 0;
    const onProgress = async (progress: ExportProgress) => {
      // Elapsed real time, not the (injectable) clock: this only spaces out the writes.
      const now = performance.now();
      if (now - lastWrite < PROGRESS_EVERY_MS) return;
      lastWrite = now;
      await withTenant(db, tenantId, (tx) => saveProgress(tx, exportId, progress));
    };
    const ctx: ExportContext = { tenantId, read: <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, tenantId, fn) };
    const building = (async () => {
      const manifest = await writeExportArchive({
        archive,
        workDir,
        lang: record.lang,
        exportId,
        tenant,
        exportedAt: clock.now(),
        items: exportItems(deps, ctx),
        onProgress,
        signal: stop.signal,
      });
      // A destroyed archive never ends its finalize(); the abort settles the wait instead.
      await Promise.race([archive.finalize(), whenAborted(stop.signal)]);
      return manifest;
    })();
    building.catch(fail);
    // Settled all three before going on, so nothing still writes into the work folder when it is removed.
    const [built, piped, uploaded] = await Promise.allSettled([building, piping, uploading]);
    for (const outcome of [built, piped, uploaded]) if (outcome.status === 'rejected') throw outcome.reason;
    if (built.status !== 'fulfilled') throw new Error('runExport: the archive was not built');
    const manifest = built.value;

    const finishedAt = clock.now();
    const expiresAt = new Date(finishedAt.getTime() + EXPORT_DOWNLOAD_DAYS * 86_400_000);
    await withTenant(db, tenantId, async (tx) => {
      await markReady(tx, exportId, {
        storageKey,
        keyVersion: tenantKey.version,
        bytes: measure.bytes(),
        sha256: measure.sha256(),
        manifest,
        rows: manifest.totalRows,
        files: manifest.files.length,
        finishedAt,
        expiresAt,
      });
      await recordTenantEvent(tx, clock, tenantId, {}, {
        actor: { type: 'system' },
        action: 'tenant.export.completed',
        target: { type: 'data_export', id: exportId },
        result: 'success',
        details: { rows: manifest.totalRows, files: manifest.files.length, tables: manifest.tables.length, bytes: measure.bytes() },
      });
      await notifyRequester(tx, deps, record, tenant, expiresAt);
    });
  } catch (error) {
    await files.delete(storageKey).catch(() => undefined);
    if (job.finalAttempt) {
      await withTenant(db, tenantId, async (tx) => {
        await markFailed(tx, exportId, 'export_failed', clock.now());
        await recordTenantEvent(tx, clock, tenantId, {}, {
          actor: { type: 'system' },
          action: 'tenant.export.failed',
          target: { type: 'data_export', id: exportId },
          result: 'failure',
        });
      });
    }
    logger.warn({ exportId, finalAttempt: job.finalAttempt }, 'tenant export failed');
    throw error;
  } finally {
    // The work folder holds table files in clear; a failure to remove it must not hide the outcome.
    await rm(workDir, { recursive: true, force: true, maxRetries: 3 }).catch((error: unknown) => logger.error({ err: shortError(error), workDir }, 'could not remove an export work folder'));
  }
}

/** Tells the person who started the export that it can be downloaded. */
async function notifyRequester(
  tx: Tx,
  deps: ExportJobDeps,
  record: { requested_by: string; lang: 'ja' | 'en' },
  tenant: { id: string; name: string },
  expiresAt: Date,
): Promise<void> {
  const user = (
    await tx.query<{ email: string; display_name: string; status: string }>('SELECT email, display_name, status FROM platform.users WHERE id = $1', [record.requested_by])
  ).rows[0];
  if (!user || user.status !== 'active') return;
  await queueMail(tx, deps.clock, {
    to: user.email,
    template: 'lifecycle.export_ready',
    lang: record.lang,
    params: { displayName: user.display_name, tenantName: tenant.name, link: `${deps.publicUrl}/settings/export`, expiresAt },
    customerId: tenant.id,
  });
}

/** Ready exports past their period: marked expired and their stored archives deleted. */
export async function expireOldExports(deps: { db: Database; clock: Clock; files: FileStore }): Promise<number> {
  const { db, clock, files } = deps;
  const tenantIds = await withoutTenant(db, async (tx) =>
    (await tx.query<{ id: string }>(`SELECT id FROM ops.tenants WHERE status <> 'purged' ORDER BY id`)).rows.map((r) => r.id),
  );
  let expired = 0;
  for (const tenantId of tenantIds) {
    const rows = await withTenant(db, tenantId, async (tx) => {
      const gone = await expireExports(tx, clock.now());
      for (const row of gone) {
        await recordTenantEvent(tx, clock, tenantId, {}, {
          actor: { type: 'system' },
          action: 'tenant.export.expired',
          target: { type: 'data_export', id: row.id },
          result: 'success',
        });
      }
      return gone;
    });
    for (const row of rows) await files.delete(row.storage_key);
    expired += rows.length;
  }
  return expired;
}
