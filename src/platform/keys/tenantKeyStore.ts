import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { openAesGcm, sealAesGcm, type KeyProvider, type RotatableKeyProvider } from './keyProvider.js';
import { assertPrivate, ensurePrivateDirectory, syncDirectory, writeNewFile } from './privateFiles.js';
import type { WrappedKeyHolder } from './rotation.js';
import { TenantKeyUnavailableError } from './keyErrors.js';

/**
 * Per-tenant key-encryption keys (KEKs), kept outside the database and outside its backups,
 * behind a KMS-style interface: the tenant's data keys in `platform.tenant_keys` are wrapped by
 * the tenant's KEK. Destroying the KEK makes every copy of those wrapped data keys — the live
 * rows and every backup that still holds them — useless (crypto-shredding that holds against
 * backups). A KMS implementation maps each tenant to one KMS key, scheduled for deletion on destroy.
 */
export interface TenantKeyStore {
  /** Where the KEKs live, for messages and status (a folder, or a KMS key alias prefix). */
  readonly location: string;
  /** Encrypts a data key under the tenant's KEK, made on first need; `context` is bound to the result. */
  wrap(tenantId: string, dataKey: Buffer, context: string): Promise<string>;
  /** Decrypts a value made by `wrap`; TenantKeyUnavailableError when the tenant's KEK is gone. */
  unwrap(tenantId: string, wrapped: string, context: string): Promise<Buffer>;
  /** Destroys the tenant's KEK for good (a new one is never made for it); true when one existed. */
  destroy(tenantId: string): Promise<boolean>;
  /** Whether the tenant has a KEK now. */
  exists(tenantId: string): Promise<boolean>;
  /** Whether the tenant's KEK was destroyed by `destroy`. */
  destroyed(tenantId: string): Promise<boolean>;
  /** The master-wrapped values the store keeps, for the master key rotation (absent for a KMS). */
  readonly masterWrapped?: WrappedKeyHolder;
}

/** Envelope of a data key wrapped by a tenant KEK: `tk-kek1.<KEK id>.<iv‖tag‖ciphertext>`. */
export const KEK_WRAP_FORMAT = 'tk-kek1';

/** Whether a stored wrapped data key is under a tenant KEK (otherwise it is master-wrapped). */
export function isKekWrapped(wrapped: string): boolean {
  return wrapped.startsWith(`${KEK_WRAP_FORMAT}.`);
}

const KEY_BYTES = 32;
const FILE_HEADER = 'sotas-tenant-kek v1';
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEK_ID = /^[A-Za-z0-9_-]{12}$/;
const KEY_FILE = /^([0-9a-f-]{36})\.key$/;

interface LoadedKek {
  kekId: string;
  kek: Buffer;
}

interface KekFile {
  tenantId: string;
  kekId: string;
  wrapped: string;
}

function normalTenantId(tenantId: string): string {
  const id = tenantId.toLowerCase();
  // The id names a file: only a UUID is accepted, so nothing can point outside the folder.
  if (!TENANT_ID.test(id)) throw new Error(`tenant key store: "${tenantId}" is not a tenant id`);
  return id;
}

/** The context the master key wraps a KEK under: the tenant and the KEK's own id. */
function kekContext(tenantId: string, kekId: string): string {
  return `tenant-kek|${tenantId}|${kekId}`;
}

function formatKekFile(entry: KekFile): Buffer {
  return Buffer.from(`${FILE_HEADER}\n${entry.tenantId}\n${entry.kekId}\n${entry.wrapped}\n`, 'latin1');
}

function parseKekFile(bytes: Buffer, file: string, tenantId: string): KekFile {
  const [header, id, kekId, wrapped, ...rest] = bytes.toString('latin1').split('\n');
  if (header !== FILE_HEADER || id !== tenantId || !kekId || !KEK_ID.test(kekId) || !wrapped || rest.some((line) => line !== '')) {
    throw new Error(`The tenant key file ${file} is damaged: restore it from the key backup; without it the tenant's data cannot be read.`);
  }
  return { tenantId: id, kekId, wrapped };
}

/**
 * The local tenant key store: one file per tenant, `<dir>/<tenant id>.key` (mode 0600 in a
 * 0700 folder, by default `tenants/` beside the master key file), holding a random 32-byte
 * KEK wrapped by the master key provider — the folder alone opens nothing. A file is written
 * to a temporary name, flushed, then linked into place, so two first uses at once end with one
 * KEK (the loser reads the winner's). Destroy leaves a marker `<tenant id>.destroyed` (no key
 * material) so no new KEK is ever made for a purged tenant, unlinks the key and flushes the folder.
 *
 * Every node of a deployment must see the same folder (as with the master key file), and the
 * folder is replicated and backed up apart from the data backups (ADR 0020).
 */
export function localTenantKeyStore(options: { dir: string; master: KeyProvider }): TenantKeyStore {
  const { dir, master } = options;
  const fileOf = (tenantId: string) => path.join(dir, `${tenantId}.key`);
  const markerOf = (tenantId: string) => path.join(dir, `${tenantId}.destroyed`);

  const readEntry = (tenantId: string): KekFile | undefined => {
    const file = fileOf(tenantId);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    assertPrivate(file, 'The tenant key file');
    return parseKekFile(bytes, file, tenantId);
  };

  const load = async (tenantId: string): Promise<LoadedKek | undefined> => {
    const entry = readEntry(tenantId);
    if (!entry) return undefined;
    const kek = await master.unwrap(entry.wrapped, kekContext(tenantId, entry.kekId));
    if (kek.length !== KEY_BYTES) throw new Error(`The tenant key file ${fileOf(tenantId)} holds no 32-byte key.`);
    return { kekId: entry.kekId, kek };
  };

  const create = async (tenantId: string): Promise<LoadedKek> => {
    ensurePrivateDirectory(dir, 'The tenant key folder');
    if (existsSync(markerOf(tenantId))) throw new TenantKeyUnavailableError(tenantId, null, 'its key-encryption key was destroyed (the tenant was purged)');
    const kekId = randomBytes(9).toString('base64url');
    const wrapped = await master.wrap(randomBytes(KEY_BYTES), kekContext(tenantId, kekId));
    const temp = path.join(dir, `.${tenantId}.${randomBytes(6).toString('hex')}.tmp`);
    writeNewFile(temp, formatKekFile({ tenantId, kekId, wrapped }));
    try {
      // link fails when the name exists: the first writer wins and everyone uses its KEK.
      linkSync(temp, fileOf(tenantId));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temp);
    }
    syncDirectory(dir);
    const loaded = await load(tenantId);
    if (!loaded) throw new TenantKeyUnavailableError(tenantId, null, 'its key-encryption key was destroyed while it was being made');
    return loaded;
  };

  const keyFiles = (): string[] => {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .map((name) => KEY_FILE.exec(name)?.[1])
      .filter((id): id is string => id !== undefined && TENANT_ID.test(id))
      .sort();
  };

  const masterWrapped: WrappedKeyHolder = {
    name: 'tenant_key_encryption_keys',
    async census(provider: RotatableKeyProvider) {
      const versions = new Map<number, number>();
      for (const tenantId of keyFiles()) {
        const entry = readEntry(tenantId);
        if (!entry) continue;
        const version = provider.versionOf(entry.wrapped);
        versions.set(version, (versions.get(version) ?? 0) + 1);
      }
      return versions;
    },
    async rewrap(provider: RotatableKeyProvider) {
      let done = 0;
      for (const tenantId of keyFiles()) {
        const entry = readEntry(tenantId);
        if (!entry || provider.versionOf(entry.wrapped) === provider.currentVersion()) continue;
        const context = kekContext(tenantId, entry.kekId);
        const wrapped = await provider.wrap(await provider.unwrap(entry.wrapped, context), context);
        const temp = path.join(dir, `.${tenantId}.${randomBytes(6).toString('hex')}.tmp`);
        writeNewFile(temp, formatKekFile({ ...entry, wrapped }));
        // A purge that destroyed the KEK meanwhile wins: the rename would bring it back.
        if (existsSync(markerOf(tenantId)) || !existsSync(fileOf(tenantId))) {
          unlinkSync(temp);
          continue;
        }
        renameSync(temp, fileOf(tenantId));
        done++;
      }
      syncDirectory(dir);
      return done;
    },
  };

  return {
    location: dir,
    async wrap(tenantId, dataKey, context) {
      const id = normalTenantId(tenantId);
      const { kekId, kek } = (await load(id)) ?? (await create(id));
      return `${KEK_WRAP_FORMAT}.${kekId}.${sealAesGcm(kek, dataKey, `${id}|${context}`)}`;
    },
    async unwrap(tenantId, wrapped, context) {
      const id = normalTenantId(tenantId);
      const [format, kekId, sealed, ...rest] = wrapped.split('.');
      if (format !== KEK_WRAP_FORMAT || !kekId || !sealed || rest.length > 0) throw new Error('tenant key store: not a value wrapped by a tenant key-encryption key');
      const loaded = await load(id);
      if (!loaded) {
        const why = existsSync(markerOf(id)) ? 'was destroyed (the tenant was purged)' : 'does not exist in ' + dir;
        throw new TenantKeyUnavailableError(id, null, `its key-encryption key ${why}`);
      }
      if (loaded.kekId !== kekId) throw new TenantKeyUnavailableError(id, null, `the key-encryption key ${kekId} it was wrapped with no longer exists`);
      return openAesGcm(loaded.kek, sealed, `${id}|${context}`);
    },
    async destroy(tenantId) {
      const id = normalTenantId(tenantId);
      ensurePrivateDirectory(dir, 'The tenant key folder');
      try {
        writeNewFile(markerOf(id), Buffer.from(`${FILE_HEADER} destroyed\n${id}\n`, 'latin1'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      let existed = true;
      try {
        unlinkSync(fileOf(id));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        existed = false;
      }
      syncDirectory(dir);
      return existed;
    },
    async exists(tenantId) {
      return existsSync(fileOf(normalTenantId(tenantId)));
    },
    async destroyed(tenantId) {
      return existsSync(markerOf(normalTenantId(tenantId)));
    },
    masterWrapped,
  };
}
