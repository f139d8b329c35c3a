import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { openAesGcm, sealAesGcm, type RotatableKeyProvider } from './keyProvider.js';
import { assertPrivate, ensurePrivateDirectory, syncDirectory, writeNewFile } from './privateFiles.js';
import { localTenantKeyStore, type TenantKeyStore } from './tenantKeyStore.js';

const KEY_BYTES = 32;
const WRAP_FORMAT = 'mk1';
const TEXT_KEY = /^sotas-master-key v([1-9]\d{0,8})\n([A-Za-z0-9_-]{43})\n?$/;

interface LoadedKey {
  version: number;
  key: Buffer;
}

/**
 * A master key file is either the original format (exactly 32 random bytes: version 1) or
 * the versioned text form written by rotation: `sotas-master-key v<N>` and the key in base64url.
 */
function parseKeyFile(bytes: Buffer, file: string): LoadedKey {
  if (bytes.length === KEY_BYTES) return { version: 1, key: bytes };
  const match = TEXT_KEY.exec(bytes.toString('latin1'));
  const key = match ? Buffer.from(match[2]!, 'base64url') : undefined;
  if (!match || !key || key.length !== KEY_BYTES) {
    throw new Error(`The master key ${file} is damaged (neither 32 bytes nor a versioned key): restore it from backup; without it encrypted data cannot be read.`);
  }
  return { version: Number(match[1]), key };
}

function formatKeyFile(version: number, key: Buffer): Buffer {
  return Buffer.from(`sotas-master-key v${version}\n${key.toString('base64url')}\n`, 'latin1');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The master key as a file (default `DATA_DIR/keys/master.key`), created 0600 in a 0700
 * folder on first use, with a key ring for rotation: while a rotation is under way the
 * previous versions sit beside it as `master.key.v<N>` and are deleted once nothing needs
 * them. Wrapped values read `mk1.<version>.<iv‖tag‖ciphertext>`; the first format without a
 * version (`mk1.<sealed>`) is read as version 1. Every node of a deployment must see the same
 * files (shared data directory), or use a KMS provider.
 *
 * Wraps re-read the current key when the file changed, so a running server follows a
 * rotation made by the command line; an unwrap of a version not in memory reloads the ring.
 *
 * `tenantKeys` is the store of the tenants' key-encryption keys that goes with this master
 * key: one file per tenant in `tenants/` beside the key file (tenantKeyStore.ts), each
 * wrapped by this provider. Like the master key, that folder is never part of a data backup.
 */
export function masterKeyProvider(
  file: string,
  options: { tenantKeysDir?: string } = {},
): RotatableKeyProvider & { readonly file: string; readonly tenantKeys: TenantKeyStore } {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const previousFile = (version: number) => path.join(dir, `${base}.v${version}`);
  const previousPattern = new RegExp(`^${escapeRegExp(base)}\\.v([1-9]\\d{0,8})$`);
  let current: (LoadedKey & { stamp: string }) | undefined;
  const ring = new Map<number, Buffer>();

  const loadPrevious = (): number[] => {
    const found: number[] = [];
    for (const name of readdirSync(dir)) {
      const match = previousPattern.exec(name);
      if (!match) continue;
      const full = path.join(dir, name);
      assertPrivate(full);
      const loaded = parseKeyFile(readFileSync(full), full);
      if (loaded.version !== Number(match[1])) throw new Error(`The key file ${full} holds version ${loaded.version}, not the version its name says: restore it from backup.`);
      ring.set(loaded.version, loaded.key);
      found.push(loaded.version);
    }
    return found;
  };

  const loadCurrent = (): LoadedKey => {
    ensurePrivateDirectory(dir);
    if (!existsSync(file)) {
      try {
        // 'wx' fails if another process created the file in the meantime; then that key is used.
        writeNewFile(file, randomBytes(KEY_BYTES));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    assertPrivate(file);
    const stat = statSync(file);
    const stamp = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    if (current?.stamp === stamp) return current;
    const loaded = parseKeyFile(readFileSync(file), file);
    // The file changed (first load or a rotation): rebuild the ring from disk, dropping retired keys.
    ring.clear();
    loadPrevious();
    ring.set(loaded.version, loaded.key);
    current = { ...loaded, stamp };
    return current;
  };

  const versionOf = (wrapped: string): number => {
    const parts = wrapped.split('.');
    if (parts[0] !== WRAP_FORMAT || parts.length < 2 || parts.length > 3 || !parts.at(-1)) throw new Error('unwrap: unknown wrapped-key format');
    if (parts.length === 2) return 1;
    const version = Number(parts[1]);
    if (!Number.isInteger(version) || version < 1) throw new Error('unwrap: unknown wrapped-key format');
    return version;
  };

  const versionsOnDisk = (): number[] => {
    const { version } = loadCurrent();
    return [...new Set([version, ...loadPrevious()])].sort((a, b) => a - b);
  };

  let tenantKeys: TenantKeyStore | undefined;
  const provider = {
    file,
    location: file,
    get tenantKeys(): TenantKeyStore {
      tenantKeys ??= localTenantKeyStore({ dir: options.tenantKeysDir ?? defaultTenantKeysDir(file), master: provider });
      return tenantKeys;
    },
    async wrap(dataKey, context) {
      const { version, key } = loadCurrent();
      return `${WRAP_FORMAT}.${version}.${sealAesGcm(key, dataKey, context)}`;
    },
    async unwrap(wrapped, context) {
      const version = versionOf(wrapped);
      if (!current) loadCurrent();
      let key = ring.get(version);
      if (!key) {
        current = undefined;
        loadCurrent();
        key = ring.get(version);
      }
      if (!key) {
        throw new Error(`Master key version ${version} is not in the key ring at ${file}: put the retired key file back as ${base}.v${version} (from the key backup) to read this value.`);
      }
      return openAesGcm(key, wrapped.slice(wrapped.lastIndexOf('.') + 1), context);
    },
    versionOf,
    currentVersion: () => loadCurrent().version,
    versions: versionsOnDisk,
    rotate() {
      const from = loadCurrent();
      const to = Math.max(...versionsOnDisk()) + 1;
      // Keep the current key readable under its version until the rotation retires it.
      const keep = previousFile(from.version);
      if (existsSync(keep)) {
        if (!parseKeyFile(readFileSync(keep), keep).key.equals(from.key)) {
          throw new Error(`${keep} holds another key than the current version ${from.version}: move it away (keep it safe) before rotating.`);
        }
      } else {
        writeNewFile(keep, formatKeyFile(from.version, from.key));
      }
      const temp = path.join(dir, `.${base}.${randomBytes(6).toString('hex')}.tmp`);
      writeNewFile(temp, formatKeyFile(to, randomBytes(KEY_BYTES)));
      renameSync(temp, file);
      syncDirectory(dir);
      current = undefined;
      loadCurrent();
      return { from: from.version, to };
    },
    retire(versions) {
      const now = loadCurrent().version;
      for (const version of versions) {
        if (version === now) throw new Error(`retire: version ${version} is the current master key`);
        try {
          unlinkSync(previousFile(version));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        ring.delete(version);
      }
      syncDirectory(dir);
    },
    lockRotation() {
      ensurePrivateDirectory(dir);
      const lock = path.join(dir, `${base}.rotating`);
      try {
        writeNewFile(lock, Buffer.from(`${process.pid}\n`));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new Error(`Another master key rotation is running (lock ${lock}). If none is (it was interrupted), delete that file and run the rotation again.`, { cause: error });
        }
        throw error;
      }
      return () => {
        try {
          unlinkSync(lock);
        } catch {
          // Already gone: nothing to release.
        }
      };
    },
  } satisfies RotatableKeyProvider & { readonly file: string; readonly tenantKeys: TenantKeyStore };
  return provider;
}

/** Where the tenant key-encryption keys of a master key file live: `tenants/` beside it. */
export function defaultTenantKeysDir(masterKeyFile: string): string {
  return path.join(path.dirname(masterKeyFile), 'tenants');
}

/**
 * The master key file `master.key` in `keysDir`: the provider the application has used from
 * the start, kept for callers that name the folder rather than the file.
 */
export function fileKeyProvider(keysDir: string): ReturnType<typeof masterKeyProvider> {
  return masterKeyProvider(path.join(keysDir, 'master.key'));
}
