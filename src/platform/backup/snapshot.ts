import { createReadStream, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Clock } from '../../core/clock.js';
import { snapshotDatabase } from './databaseImage.js';
import type { BackupStore } from './chunkStore.js';
import { CHUNKER, chunksOf, chunkStream } from './chunker.js';
import { MANIFEST_FORMAT, newBackupId, type BackupTrigger, type ChunkRef, type DatabaseImage, type FileEntry, type ManifestHeader } from './manifest.js';

/** What a backup copies: the embedded database (when the app runs on PGlite) and the local file store. */
export interface BackupSources {
  engine: 'pglite' | 'postgres';
  /** The embedded database; absent on PostgreSQL, whose WAL archive covers the database. */
  pglite?: PGlite;
  /** The local file store's directory; absent when files live in object storage. */
  filesDir?: string;
}

/** Relative paths of the regular files under `dir`, sorted, with `/` separators. */
export async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) found.push(child);
    }
  };
  await walk('');
  return found;
}

/**
 * Takes one backup into the store: every file of the database's data directory and of the
 * file store, each cut into content-defined chunks, each new chunk encrypted and written
 * once; the manifest last. The caller holds the store's write lock.
 */
export async function takeBackup(store: BackupStore, sources: BackupSources, options: { clock: Clock; trigger: BackupTrigger }): Promise<ManifestHeader> {
  const started = performance.now();
  let chunkCount = 0;
  let newChunkCount = 0;
  let bytesAdded = 0;
  const put = async (refs: ChunkRef[], chunk: Buffer) => {
    const { ref, storedBytes } = await store.putChunk(chunk);
    refs.push(ref);
    chunkCount++;
    if (storedBytes > 0) {
      newChunkCount++;
      bytesAdded += storedBytes;
    }
  };

  let takenAt = options.clock.now();
  let database: DatabaseImage | null = null;
  let databaseBytes = 0;
  if (sources.pglite) {
    const snapshot = await snapshotDatabase(sources.pglite, options.clock);
    takenAt = snapshot.takenAt;
    database = { dirs: snapshot.dirs, files: [] };
    // Each file is let go once it is stored, so memory falls as the backup goes on.
    for (let file = snapshot.files.shift(); file; file = snapshot.files.shift()) {
      const chunks: ChunkRef[] = [];
      for (const chunk of chunksOf(file.data)) await put(chunks, chunk);
      database.files.push({ path: file.path, bytes: file.data.length, chunks });
      databaseBytes += file.data.length;
    }
  }

  // Stored files are immutable and written before the rows that name them commit, so every
  // file the image refers to is there when the directory is read just after it.
  const files: FileEntry[] = [];
  let fileBytes = 0;
  if (sources.filesDir) {
    for (const relative of await listFiles(sources.filesDir)) {
      const chunks: ChunkRef[] = [];
      let bytes = 0;
      try {
        for await (const chunk of chunkStream(createReadStream(path.join(sources.filesDir, relative), { highWaterMark: 1024 * 1024 }))) {
          bytes += chunk.length;
          await put(chunks, chunk);
        }
      } catch (error) {
        // A file deleted between listing and reading (a tenant purge) is simply not in this backup.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      files.push({ path: relative, bytes, chunks });
      fileBytes += bytes;
    }
  }

  const header: ManifestHeader = {
    format: MANIFEST_FORMAT,
    id: newBackupId(takenAt),
    takenAt: takenAt.toISOString(),
    trigger: options.trigger,
    engine: sources.engine,
    database: { included: database !== null, bytes: databaseBytes, chunks: database?.files.reduce((n, f) => n + f.chunks.length, 0) ?? 0, files: database?.files.length ?? 0 },
    files: { included: sources.filesDir !== undefined, count: files.length, bytes: fileBytes },
    totalBytes: databaseBytes + fileBytes,
    bytesAdded,
    chunkCount,
    newChunkCount,
    keyId: store.keys.keyId,
    chunker: CHUNKER.algorithm,
    durationMs: Math.round(performance.now() - started),
  };
  await store.writeManifest({ header, body: { database, files } });
  return header;
}
