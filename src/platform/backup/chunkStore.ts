import { constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { KeyProvider } from '../keys/index.js';
import { loadBackupKeys, type BackupKeys } from './backupKey.js';
import { decodeHeader, decodeManifest, encodeManifest, headerSpan, isBackupId, type ChunkRef, type Manifest, type ManifestHeader } from './manifest.js';

const CHUNKS = 'chunks';
const MANIFESTS = 'manifests';
const MANIFEST_SUFFIX = '.manifest';
const LOCK_FILE = 'lock';
const RAW = 0;
const DEFLATED = 1;

/** A chunk that is missing or does not decrypt to the content its name promises. */
export class ChunkError extends Error {
  constructor(readonly chunk: string, message: string) {
    super(`chunk ${chunk.slice(0, 16)}…: ${message}`);
    this.name = 'ChunkError';
  }
}

/** Another process (or job) is writing to the store; backups and clean-ups take turns. */
export class StoreBusyError extends Error {
  constructor(readonly holder: string) {
    super(`The backup store is in use by ${holder}; try again when it has finished.`);
    this.name = 'StoreBusyError';
  }
}

async function writeDurably(file: string, content: Uint8Array): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The encrypted, content-addressed backup store in BACKUP_DIR:
 * - `key.json`: the backup data key, wrapped by the master key;
 * - `chunks/ab/<name>`: each distinct chunk once, `iv ‖ tag ‖ AES-256-GCM(flag ‖ data)`, the
 *   data compressed when that helps, the name bound to it as additional data;
 * - `manifests/<id>.manifest`: one per backup, encrypted, written last and atomically.
 * The manifests are the catalogue: everything about a backup can be read from here alone.
 */
/** Chunk writes in flight at once: each ends with an fsync, so they overlap with the hashing and sealing of the next chunks. */
const WRITES_IN_FLIGHT = 16;

export class BackupStore {
  private readonly touchedDirs = new Set<string>();
  private readonly writing = new Map<string, Promise<void>>();
  private writeFailure: unknown;

  private constructor(
    readonly dir: string,
    readonly keys: BackupKeys,
  ) {}

  /** Opens the store (creating it and its key when `create`); needs the master key. */
  static async open(dir: string, keyProvider: KeyProvider, options: { create: boolean; now: Date }): Promise<BackupStore> {
    if (options.create) {
      mkdirSync(path.join(dir, CHUNKS), { recursive: true, mode: 0o700 });
      mkdirSync(path.join(dir, MANIFESTS), { recursive: true, mode: 0o700 });
    } else if (!existsSync(path.join(dir, MANIFESTS))) {
      throw new Error(`No backups in ${dir}: check BACKUP_DIR (and DATA_DIR).`);
    }
    return new BackupStore(dir, await loadBackupKeys(dir, keyProvider, options));
  }

  private chunkPath(name: string): string {
    return path.join(this.dir, CHUNKS, name.slice(0, 2), name);
  }

  manifestPath(id: string): string {
    return path.join(this.dir, MANIFESTS, `${id}${MANIFEST_SUFFIX}`);
  }

  /**
   * Stores a chunk unless a chunk of that name is there already; returns its reference and
   * the bytes written (0 when it was there).
   */
  async putChunk(plain: Buffer): Promise<{ ref: ChunkRef; storedBytes: number }> {
    if (this.writeFailure) throw this.writeFailure;
    const name = this.keys.nameOf(plain);
    const ref: ChunkRef = [name, plain.length];
    const file = this.chunkPath(name);
    if (this.writing.has(name) || existsSync(file)) return { ref, storedBytes: 0 };
    const dir = path.dirname(file);
    if (!this.touchedDirs.has(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      this.touchedDirs.add(dir);
    }
    const deflated = deflateRawSync(plain, { level: 1 });
    const payload = deflated.length < plain.length ? Buffer.concat([Buffer.of(DEFLATED), deflated]) : Buffer.concat([Buffer.of(RAW), plain]);
    const sealed = this.keys.seal(payload, `sotas-backup-chunk|${name}`);
    const write = writeDurably(file, sealed).then(
      () => {
        this.writing.delete(name);
      },
      (error: unknown) => {
        this.writing.delete(name);
        this.writeFailure ??= error;
      },
    );
    this.writing.set(name, write);
    if (this.writing.size >= WRITES_IN_FLIGHT) await Promise.race(this.writing.values());
    return { ref, storedBytes: sealed.length };
  }

  /** Waits for the chunk writes in flight; throws the first that failed. */
  async flush(): Promise<void> {
    while (this.writing.size > 0) await Promise.all([...this.writing.values()]);
    if (this.writeFailure) {
      const failure = this.writeFailure;
      this.writeFailure = undefined;
      throw failure;
    }
  }

  /** A chunk's plaintext, checked: it decrypts, and its size and keyed checksum match the reference. */
  async readChunk(ref: ChunkRef): Promise<Buffer> {
    const [name, bytes] = ref;
    let sealed: Buffer;
    try {
      sealed = await readFile(this.chunkPath(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ChunkError(name, 'missing from the store');
      throw error;
    }
    let payload: Buffer;
    try {
      payload = this.keys.open(sealed, `sotas-backup-chunk|${name}`);
    } catch {
      throw new ChunkError(name, 'does not decrypt (altered or damaged)');
    }
    let plain: Buffer;
    if (payload[0] === DEFLATED) {
      try {
        plain = inflateRawSync(payload.subarray(1));
      } catch {
        throw new ChunkError(name, 'does not decompress');
      }
    } else if (payload[0] === RAW) {
      plain = payload.subarray(1);
    } else {
      throw new ChunkError(name, 'has an unknown encoding');
    }
    if (plain.length !== bytes) throw new ChunkError(name, `is ${plain.length} bytes, the manifest says ${bytes}`);
    if (this.keys.nameOf(plain) !== name) throw new ChunkError(name, 'checksum does not match its content');
    return plain;
  }

  /** Waits for every chunk, flushes their directories, then writes the manifest atomically: the backup exists from here on. */
  async writeManifest(manifest: Manifest): Promise<void> {
    await this.flush();
    for (const dir of this.touchedDirs) await syncDirectory(dir);
    this.touchedDirs.clear();
    await writeDurably(this.manifestPath(manifest.header.id), encodeManifest(this.keys, manifest));
    await syncDirectory(path.join(this.dir, MANIFESTS));
  }

  /** Every backup's header, oldest first; a manifest that cannot be read is reported, not skipped silently. */
  async listHeaders(): Promise<{ headers: ManifestHeader[]; unreadable: { id: string; error: string }[] }> {
    const names = (await readdir(path.join(this.dir, MANIFESTS))).filter((n) => n.endsWith(MANIFEST_SUFFIX)).sort();
    const headers: ManifestHeader[] = [];
    const unreadable: { id: string; error: string }[] = [];
    for (const name of names) {
      const id = name.slice(0, -MANIFEST_SUFFIX.length);
      try {
        headers.push(await this.readHeader(id));
      } catch (error) {
        unreadable.push({ id, error: error instanceof Error ? error.message : String(error) });
      }
    }
    headers.sort((a, b) => a.takenAt.localeCompare(b.takenAt) || a.id.localeCompare(b.id));
    return { headers, unreadable };
  }

  private async readHeader(id: string): Promise<ManifestHeader> {
    if (!isBackupId(id)) throw new Error(`${id} is not a backup id`);
    const file = this.manifestPath(id);
    const handle = await open(file, 'r');
    try {
      const prefix = Buffer.alloc(12);
      await handle.read(prefix, 0, 12, 0);
      const span = headerSpan(prefix, file);
      const sealed = Buffer.alloc(span.end - span.start);
      const { bytesRead } = await handle.read(sealed, 0, sealed.length, span.start);
      if (bytesRead !== sealed.length) throw new Error(`${file} is truncated`);
      return decodeHeader(this.keys, id, sealed);
    } finally {
      await handle.close();
    }
  }

  /** A whole manifest; undefined when there is no backup with this id. */
  async readManifest(id: string): Promise<Manifest | undefined> {
    if (!isBackupId(id)) return undefined;
    const file = this.manifestPath(id);
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return decodeManifest(this.keys, id, content, file);
  }

  async deleteManifest(id: string): Promise<void> {
    await rm(this.manifestPath(id), { force: true });
  }

  /** Every stored chunk file (and leftovers of interrupted writes) with its size and age. */
  async *chunkFiles(): AsyncGenerator<{ name: string; file: string; bytes: number; modifiedAt: Date }> {
    const root = path.join(this.dir, CHUNKS);
    for (const prefix of (await readdir(root)).sort()) {
      const dir = path.join(root, prefix);
      for (const name of await readdir(dir)) {
        const file = path.join(dir, name);
        const info = await stat(file);
        if (info.isFile()) yield { name, file, bytes: info.size, modifiedAt: info.mtime };
      }
    }
  }

  /**
   * Runs `fn` holding the store's write lock (a file with this process's id), so that a
   * backup and a clean-up never run at once, in this process or another. A lock left by a
   * process that no longer runs on this host is taken over.
   */
  async exclusive<T>(holder: string, fn: () => Promise<T>): Promise<T> {
    const file = path.join(this.dir, LOCK_FILE);
    const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), holder, at: new Date().toISOString() });
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(file, 'wx', 0o600);
        try {
          await handle.writeFile(mine);
        } finally {
          await handle.close();
        }
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new StoreBusyError(lockHolder(file));
          throw error;
        }
        if (!lockIsStale(file)) throw new StoreBusyError(lockHolder(file));
        await rm(file, { force: true });
      }
    }
    try {
      return await fn();
    } finally {
      // Writes left in flight by a failed backup end before the next holder may collect chunks.
      await Promise.allSettled([...this.writing.values()]);
      this.writeFailure = undefined;
      await rm(file, { force: true });
    }
  }
}

function readLock(file: string): { pid?: number; host?: string; holder?: string } {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { pid?: number; host?: string; holder?: string };
  } catch {
    return {};
  }
}

function lockHolder(file: string): string {
  const lock = readLock(file);
  return `${lock.holder ?? 'another task'} (process ${lock.pid ?? '?'} on ${lock.host ?? '?'})`;
}

/** A lock is stale when its process is gone from this host, or it is unreadable and older than a day. */
function lockIsStale(file: string): boolean {
  const lock = readLock(file);
  if (typeof lock.pid === 'number' && lock.host === os.hostname()) return !processAlive(lock.pid);
  if (lock.pid === undefined) {
    try {
      return Date.now() - statSync(file).mtimeMs > 24 * 3_600_000;
    } catch {
      return true;
    }
  }
  return false;
}
