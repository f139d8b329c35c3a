import { createHash, randomUUID } from 'node:crypto';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import type { Clock } from '../../core/clock.js';
import { isUuid, withTenant, type Database, type Tx } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { recordTenantEvent, type AuditActor, type AuditOrigin } from '../audit/index.js';
import { tenantDataKey, tenantDataKeyVersion, type KeyProvider } from '../keys/index.js';
import { detectContentType, sanitizeFileName, SNIFF_BYTES } from './contentType.js';
import { decryptFileStream, encryptFileStream } from './fileCrypto.js';
import { FileNotFoundError, type FileStore } from './fileStore.js';

/** What the tenant-file layer works with; `tenantFileDeps(moduleDeps)` builds it. */
export interface TenantFileDeps {
  db: Database;
  clock: Clock;
  files: FileStore;
  keys: KeyProvider;
  /** Largest accepted file in bytes (UPLOAD_MAX_MB). */
  maxBytes: number;
}

/** The tenant-file layer's dependencies from a module's deps (`ModuleDeps`). */
export function tenantFileDeps(deps: Pick<TenantFileDeps, 'db' | 'clock' | 'files' | 'keys'> & { config: { files: { maxBytes: number } } }): TenantFileDeps {
  return { db: deps.db, clock: deps.clock, files: deps.files, keys: deps.keys, maxBytes: deps.config.files.maxBytes };
}

/** A stored file of a tenant as the services see it. */
export interface TenantFile {
  id: string;
  tenantId: string;
  service: string;
  /** The sanitised original name. */
  name: string;
  contentType: string;
  /** Plaintext size. */
  bytes: number;
  /** Hex SHA-256 of the plaintext. */
  sha256: string;
  createdBy: string | null;
  createdAt: Date;
}

interface FileRow {
  id: string;
  tenant_id: string;
  service: string;
  name: string;
  content_type: string;
  bytes: string | number;
  sha256: string;
  storage_key: string;
  key_version: number;
  created_by: string | null;
  created_at: Date | string;
}

const SERVICE = /^[a-z][a-z0-9_]{0,39}$/;
const COLUMNS = 'id, tenant_id, service, name, content_type, bytes, sha256, storage_key, key_version, created_by, created_at';

function present(row: FileRow): TenantFile {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    service: row.service,
    name: row.name,
    contentType: row.content_type,
    bytes: Number(row.bytes),
    sha256: row.sha256,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}

/** The store key of a tenant file: `tenant/<tenantId>/<service>/<fileId>`. */
export function tenantFileKey(tenantId: string, service: string, fileId: string): string {
  return `tenant/${tenantId.toLowerCase()}/${service}/${fileId.toLowerCase()}`;
}

/** The prefix under which every stored object of a tenant lives. */
export function tenantPrefix(tenantId: string): string {
  if (!isUuid(tenantId)) throw new Error(`tenantPrefix: "${tenantId}" is not a tenant id`);
  return `tenant/${tenantId.toLowerCase()}/`;
}

/** Counts, hashes and keeps the first bytes of what passes; fails past `maxBytes`. */
function meter(maxBytes: number) {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  const state = { bytes: 0, sha256: '', head: Buffer.alloc(0) };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      state.bytes += chunk.length;
      if (state.bytes > maxBytes) {
        callback(new AppError('files.too_large', { params: { limit_mb: Math.floor(maxBytes / 1048576) }, internal: `upload passed ${maxBytes} bytes` }));
        return;
      }
      hash.update(chunk);
      if (headBytes < SNIFF_BYTES) {
        head.push(chunk.subarray(0, SNIFF_BYTES - headBytes));
        headBytes += Math.min(chunk.length, SNIFF_BYTES - headBytes);
      }
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      state.sha256 = hash.digest('hex');
      state.head = Buffer.concat(head);
      callback();
    },
  });
  return { stream, state };
}

export interface StoreTenantFileInput {
  tenantId: string;
  /** The service the file belongs to; only its members may download it. */
  service: string;
  /** The name as given by the user; stored sanitised. */
  name: string;
  body: Readable | Buffer;
  /** Who stores it: recorded on the row (user id) and in the tenant's event log. */
  actor: AuditActor;
  origin: AuditOrigin;
  /** The event's action; `files.file.stored` unless the service names its own. */
  action?: string;
  /** Runs in the transaction that records the file, e.g. to link it to the service's row. */
  inTransaction?: (tx: Tx, file: TenantFile) => Promise<void>;
}

/**
 * Stores a file of a tenant: streams it through the size limit, SHA-256 and encryption with a
 * per-file key wrapped by the tenant's data key into the file store, then records its row and
 * event in one transaction. Nothing is left behind on failure (too large, aborted upload,
 * store or database error). The content type comes from the first bytes, not the client.
 */
export async function storeTenantFile(deps: TenantFileDeps, input: StoreTenantFileInput): Promise<TenantFile> {
  if (!isUuid(input.tenantId)) throw new Error(`storeTenantFile: "${input.tenantId}" is not a tenant id`);
  if (!SERVICE.test(input.service)) throw new Error(`storeTenantFile: "${input.service}" is not a service id`);
  const tenantId = input.tenantId.toLowerCase();
  const id = randomUUID();
  const name = sanitizeFileName(input.name);
  const storageKey = tenantFileKey(tenantId, input.service, id);
  const tenantKeys = { provider: deps.keys, clock: deps.clock };
  const dataKey = await withTenant(deps.db, tenantId, (tx) => tenantDataKey(tx, tenantKeys, tenantId));

  const source = Buffer.isBuffer(input.body) ? Readable.from([input.body]) : input.body;
  const measured = meter(deps.maxBytes);
  let failure: Error | undefined;
  const sealed = pipeline(measured.stream, encryptFileStream({ tenantId, fileId: id, tenantKey: dataKey.key, tenantKeyVersion: dataKey.version }), (error) => {
    if (error) failure ??= error;
  });
  // Piped rather than in the pipeline: a refused upload must not destroy the request (its
  // socket), or the client would see a reset instead of the 413 answer.
  const onSourceError = (error: Error) => measured.stream.destroy(error);
  source.once('error', onSourceError);
  source.pipe(measured.stream);
  const abandon = async () => {
    source.unpipe(measured.stream);
    source.off('error', onSourceError);
    // Let the rest of the body drain so the answer can be sent on the same connection.
    source.resume();
    await deps.files.delete(storageKey).catch(() => undefined);
  };
  let storedBytes: number;
  try {
    storedBytes = (await deps.files.put(storageKey, sealed, { contentType: 'application/octet-stream' })).bytes;
  } catch (error) {
    await abandon();
    // The first error (e.g. too large) says more than the store's "stream destroyed".
    throw failure instanceof AppError ? failure : (failure ?? error);
  }
  source.off('error', onSourceError);
  if (failure) {
    await abandon();
    throw failure;
  }

  try {
    const contentType = await detectContentType(measured.state.head, name);
    const createdBy = input.actor.type === 'user' && input.actor.id && isUuid(input.actor.id) ? input.actor.id : null;
    return await withTenant(deps.db, tenantId, async (tx) => {
      const { rows } = await tx.query<FileRow>(
        `INSERT INTO platform.files (tenant_id, id, service, name, content_type, bytes, sha256, storage_key, stored_bytes, key_version, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
        [tenantId, id, input.service, name, contentType, measured.state.bytes, measured.state.sha256, storageKey, storedBytes, dataKey.version, createdBy, deps.clock.now()],
      );
      const file = present(rows[0]!);
      await recordTenantEvent(tx, deps.clock, tenantId, input.origin, {
        actor: input.actor,
        action: input.action ?? 'files.file.stored',
        target: { type: 'file', id },
        result: 'success',
        details: { service: file.service, name: file.name, contentType: file.contentType, bytes: file.bytes, sha256: file.sha256 },
      });
      if (input.inTransaction) await input.inTransaction(tx, file);
      return file;
    });
  } catch (error) {
    await deps.files.delete(storageKey).catch(() => undefined);
    throw error;
  }
}

async function findRow(tx: Tx, fileId: string): Promise<FileRow | undefined> {
  if (!isUuid(fileId)) return undefined;
  const { rows } = await tx.query<FileRow>(`SELECT ${COLUMNS} FROM platform.files WHERE tenant_id = platform.current_tenant() AND id = $1 AND deleted_at IS NULL`, [fileId]);
  return rows[0];
}

/** A live file's metadata, or undefined (unknown, deleted, or another tenant's). */
export async function findTenantFile(deps: Pick<TenantFileDeps, 'db'>, tenantId: string, fileId: string): Promise<TenantFile | undefined> {
  const row = await withTenant(deps.db, tenantId, (tx) => findRow(tx, fileId));
  return row ? present(row) : undefined;
}

/** The tenant's live files, oldest first (for exports). */
export async function listTenantFiles(deps: Pick<TenantFileDeps, 'db'>, tenantId: string, options: { service?: string } = {}): Promise<TenantFile[]> {
  return withTenant(deps.db, tenantId, async (tx) => {
    const { rows } = await tx.query<FileRow>(
      `SELECT ${COLUMNS} FROM platform.files
        WHERE tenant_id = platform.current_tenant() AND deleted_at IS NULL AND ($1::text IS NULL OR service = $1)
        ORDER BY created_at, id`,
      [options.service ?? null],
    );
    return rows.map(present);
  });
}

/** Bytes a tenant's live files take in the store (encrypted size), for capacity figures. */
export async function tenantFileUsage(deps: Pick<TenantFileDeps, 'db'>, tenantId: string): Promise<{ files: number; storedBytes: number }> {
  return withTenant(deps.db, tenantId, async (tx) => {
    const { rows } = await tx.query<{ files: number; stored: string | number | null }>(
      'SELECT count(*)::int AS files, sum(stored_bytes) AS stored FROM platform.files WHERE tenant_id = platform.current_tenant() AND deleted_at IS NULL',
    );
    return { files: rows[0]?.files ?? 0, storedBytes: Number(rows[0]?.stored ?? 0) };
  });
}

export interface OpenTenantFileOptions {
  tenantId: string;
  fileId: string;
  /** Throws (e.g. AppError) when the caller may not read this file; runs before anything is read. */
  authorize?: (file: TenantFile) => void;
  /** Records the read in the tenant's event log, in the transaction that looks the file up. */
  audit?: { actor: AuditActor; origin: AuditOrigin; action?: string };
}

/**
 * Opens a tenant file for reading: its metadata and a stream of the decrypted contents.
 * Unknown, deleted and other tenants' files are `files.not_found`. The stream fails (rather
 * than ending early) if the stored bytes were altered or cut.
 */
export async function openTenantFile(deps: Omit<TenantFileDeps, 'maxBytes'>, options: OpenTenantFileOptions): Promise<{ file: TenantFile; stream: Readable }> {
  if (!isUuid(options.tenantId)) throw new AppError('files.not_found');
  const tenantId = options.tenantId.toLowerCase();
  const tenantKeys = { provider: deps.keys, clock: deps.clock };
  const { row, key } = await withTenant(deps.db, tenantId, async (tx) => {
    const found = await findRow(tx, options.fileId);
    if (!found) throw new AppError('files.not_found');
    options.authorize?.(present(found));
    if (options.audit) {
      await recordTenantEvent(tx, deps.clock, tenantId, options.audit.origin, {
        actor: options.audit.actor,
        action: options.audit.action ?? 'files.file.downloaded',
        target: { type: 'file', id: found.id },
        result: 'success',
        details: { service: found.service, name: found.name },
      });
    }
    return { row: found, key: await tenantDataKeyVersion(tx, tenantKeys, tenantId, found.key_version) };
  });
  let stored: Readable;
  try {
    stored = await deps.files.get(row.storage_key);
  } catch (error) {
    if (error instanceof FileNotFoundError) throw new AppError('files.not_found', { internal: `row ${row.id} has no stored object`, cause: error });
    throw error;
  }
  const stream = pipeline(stored, decryptFileStream({ tenantId, fileId: row.id, tenantKey: key, tenantKeyVersion: row.key_version }), () => undefined);
  return { file: present(row), stream };
}

/**
 * Deletes a tenant file: the row is marked deleted and the event recorded in one transaction,
 * then the stored object is removed. Unknown or already deleted files are `files.not_found`.
 */
export async function deleteTenantFile(
  deps: Pick<TenantFileDeps, 'db' | 'clock' | 'files'>,
  input: { tenantId: string; fileId: string; actor: AuditActor; origin: AuditOrigin; action?: string; authorize?: (file: TenantFile) => void },
): Promise<TenantFile> {
  if (!isUuid(input.tenantId)) throw new AppError('files.not_found');
  const tenantId = input.tenantId.toLowerCase();
  const row = await withTenant(deps.db, tenantId, async (tx) => {
    const found = await findRow(tx, input.fileId);
    if (!found) throw new AppError('files.not_found');
    input.authorize?.(present(found));
    await tx.query('UPDATE platform.files SET deleted_at = $3 WHERE tenant_id = $1 AND id = $2', [tenantId, found.id, deps.clock.now()]);
    await recordTenantEvent(tx, deps.clock, tenantId, input.origin, {
      actor: input.actor,
      action: input.action ?? 'files.file.deleted',
      target: { type: 'file', id: found.id },
      result: 'success',
      details: { service: found.service, name: found.name },
    });
    return found;
  });
  await deps.files.delete(row.storage_key);
  return present(row);
}

/**
 * Deletes every stored object of a tenant (`tenant/<id>/`, files and anything else kept
 * there, such as exports) and the tenant's file rows; returns how many objects were deleted.
 * Part of the purge after a contract ends.
 */
export async function purgeTenantFiles(deps: Pick<TenantFileDeps, 'db' | 'files'>, tenantId: string): Promise<number> {
  const deleted = await deps.files.deletePrefix(tenantPrefix(tenantId));
  await withTenant(deps.db, tenantId.toLowerCase(), (tx) => tx.query('DELETE FROM platform.files WHERE tenant_id = platform.current_tenant()'));
  return deleted;
}
