import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { PGlite } from '@electric-sql/pglite';
import type { BackupStore } from './chunkStore.js';
import type { FileEntry, Manifest } from './manifest.js';

/** `relative` under `dir`, refusing any path that would leave it (paths come from an authenticated manifest; still). */
function inside(dir: string, relative: string, backupId: string): string {
  const root = path.resolve(dir);
  const target = path.resolve(root, relative);
  if (!target.startsWith(`${root}${path.sep}`)) throw new Error(`backup ${backupId}: the path ${relative} leaves the folder it is restored into`);
  return target;
}

/** Writes files of a backup under `dir` (new or empty), streaming chunk by chunk, every chunk checked. */
async function writeEntries(store: BackupStore, entries: readonly FileEntry[], dir: string, backupId: string): Promise<{ count: number; bytes: number }> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let bytes = 0;
  for (const entry of entries) {
    const target = inside(dir, entry.path, backupId);
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    const out = createWriteStream(target, { flags: 'wx', mode: 0o600 });
    let written = 0;
    try {
      for (const ref of entry.chunks) {
        const chunk = await store.readChunk(ref);
        written += chunk.length;
        if (!out.write(chunk)) await once(out, 'drain');
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
    if (written !== entry.bytes) throw new Error(`backup ${backupId}: ${entry.path} restored as ${written} bytes, the manifest says ${entry.bytes}`);
    bytes += written;
  }
  return { count: entries.length, bytes };
}

/** Writes the backup's stored files under `dir` (new or empty). */
export function writeFiles(store: BackupStore, manifest: Manifest, dir: string): Promise<{ count: number; bytes: number }> {
  return writeEntries(store, manifest.body.files, dir, manifest.header.id);
}

/**
 * Writes the backup's database data directory into `dataDir` (new or empty) and opens it once,
 * so PostgreSQL replays its log and shuts down cleanly: the folder is then an ordinary PGlite
 * database, and one that does not open is found here, not later.
 */
export async function writeDatabase(store: BackupStore, manifest: Manifest, dataDir: string): Promise<{ files: number; bytes: number }> {
  const image = manifest.body.database;
  if (!image) throw new Error(`backup ${manifest.header.id} holds no database (it was taken on PostgreSQL, whose WAL archive covers the database)`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (const dir of image.dirs) mkdirSync(inside(dataDir, dir, manifest.header.id), { recursive: true, mode: 0o700 });
  const written = await writeEntries(store, image.files, dataDir, manifest.header.id);
  const pg = await PGlite.create({ dataDir });
  await pg.close();
  return { files: written.count, bytes: written.bytes };
}
