import { existsSync } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Clock } from '../../core/clock.js';

/** One file of the data directory, read into memory. */
export interface ImageFile {
  path: string;
  data: Buffer;
}

/** A consistent copy of the embedded database's data directory. */
export interface DatabaseSnapshot {
  /** Every transaction committed before this moment is in the copy, none after. */
  takenAt: Date;
  dirs: string[];
  files: ImageFile[];
}

const WAL_SEGMENT = /(^|\/)pg_wal\/([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})$/;
const WAL_PAGE_HEADER = 24;
/** The running server's lock file: not part of the database, and a restored copy must not look in use. */
const LOCK_FILE = 'postmaster.pid';

/**
 * Whether a WAL segment holds no WAL of its own yet: PostgreSQL recycles old segments by
 * renaming them to future names (and preallocates zeroed ones), and a segment's first page
 * header names the WAL position it was written for. A segment whose first page does not name
 * its own position has not been written since; recovery never reads it and PostgreSQL makes it
 * anew. After the checkpoint such segments are most of pg_wal: old log nobody replays.
 */
export function unwrittenWalSegment(name: string, firstPage: Buffer, segmentBytes: number): boolean {
  const match = WAL_SEGMENT.exec(name);
  if (!match || firstPage.length < WAL_PAGE_HEADER) return false;
  const expected = BigInt(`0x${match[3]}`) * 0x1_0000_0000n + BigInt(`0x${match[4]}`) * BigInt(segmentBytes);
  return firstPage.readBigUInt64LE(8) !== expected;
}

function sortByName<T extends { name: string }>(entries: T[]): T[] {
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Reads a data directory on disk: every folder, and every file but the lock file and unwritten WAL. */
async function readDataDir(root: string): Promise<{ dirs: string[]; files: ImageFile[] }> {
  const dirs: string[] = [];
  const files: ImageFile[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const entry of sortByName(await readdir(path.join(root, relative), { withFileTypes: true }))) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      const full = path.join(root, child);
      if (entry.isDirectory()) {
        dirs.push(child);
        await walk(child);
      } else if (entry.isFile() && child !== LOCK_FILE) {
        if (WAL_SEGMENT.test(child)) {
          const handle = await open(full, 'r');
          try {
            const head = Buffer.alloc(WAL_PAGE_HEADER);
            await handle.read(head, 0, WAL_PAGE_HEADER, 0);
            if (unwrittenWalSegment(child, head, (await handle.stat()).size)) continue;
          } finally {
            await handle.close();
          }
        }
        files.push({ path: child, data: await readFile(full) });
      }
    }
  };
  await walk('');
  return { dirs, files };
}

const BLOCK = 512;

/** The folders and files of a tar archive (PGlite's `dumpDataDir`), as views of its bytes. */
export function parseTar(tar: Uint8Array): { dirs: string[]; files: ImageFile[] } {
  const view = Buffer.from(tar.buffer, tar.byteOffset, tar.length);
  const dirs: string[] = [];
  const files: ImageFile[] = [];
  let offset = 0;
  while (offset + BLOCK <= view.length) {
    const header = view.subarray(offset, offset + BLOCK);
    if (header[0] === 0) break;
    const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '').replace(/^\/+/, '').replace(/\/+$/, '');
    const size = parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const data = view.subarray(offset + BLOCK, offset + BLOCK + size);
    if (type === '5' && name) dirs.push(name);
    else if ((type === '0' || type === '\0') && name && name !== LOCK_FILE && !unwrittenWalSegment(name, data, size)) files.push({ path: name, data });
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return { dirs, files };
}

/**
 * A consistent copy of the embedded database: a `CHECKPOINT`, then, holding PGlite's
 * transaction lock (so no transaction is half done and none starts), the data directory is
 * read: straight from disk when the database lives in a folder, through PGlite's
 * `dumpDataDir()` when it lives in memory. The lock is held only while reading.
 */
export async function snapshotDatabase(pg: PGlite, clock: Clock): Promise<DatabaseSnapshot> {
  await pg.exec('CHECKPOINT');
  const onDisk = pg.dataDir && !pg.dataDir.includes('://') && existsSync(path.join(pg.dataDir, 'PG_VERSION')) ? pg.dataDir : undefined;
  if (onDisk) {
    return pg._runExclusiveTransaction(async () => {
      const takenAt = clock.now();
      return { takenAt, ...(await readDataDir(onDisk)) };
    });
  }
  const { takenAt, tar } = await pg._runExclusiveTransaction(async () => ({ takenAt: clock.now(), tar: await pg.dumpDataDir('none') }));
  return { takenAt, ...parseTar(new Uint8Array(await tar.arrayBuffer())) };
}
