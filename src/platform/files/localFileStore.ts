import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertObjectKey, assertPrefix, FileNotFoundError, type FileStore, type StoredObject } from './fileStore.js';

/** Where unfinished writes live; a name no valid key can have (keys never start with a dot). */
const TEMP_DIR = '.tmp';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Files in a local directory (embedded mode): one file per key below `root`, written to a
 * temporary file, flushed and renamed into place, so a reader sees the whole object or none.
 * Folders are 0700 and files 0600. Keys are checked before they become paths.
 */
export function localFileStore(rootDir: string): FileStore {
  const root = path.resolve(rootDir);
  const pathOf = (key: string): string => {
    assertObjectKey(key);
    const full = path.join(root, ...key.split('/'));
    // Unreachable after the key check; kept so no future change can step outside the root.
    if (!full.startsWith(root + path.sep)) throw new Error(`File store: key ${key} leaves the store`);
    return full;
  };

  /** Removes folders left empty by a delete, up to (not including) the root. */
  const pruneEmpty = async (dir: string): Promise<void> => {
    for (let current = dir; current.startsWith(root + path.sep); current = path.dirname(current)) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
    }
  };

  async function* walk(dir: string, keyPrefix: string): AsyncGenerator<StoredObject> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const key = `${keyPrefix}${entry.name}`;
      if (entry.isDirectory()) yield* walk(path.join(dir, entry.name), `${key}/`);
      else if (entry.isFile()) yield { key, bytes: (await stat(path.join(dir, entry.name))).size };
    }
  }

  const store: FileStore = {
    kind: 'local',
    async put(key, body) {
      const target = pathOf(key);
      const tempDir = path.join(root, TEMP_DIR);
      await mkdir(tempDir, { recursive: true, mode: 0o700 });
      const temp = path.join(tempDir, `${randomUUID()}.part`);
      let bytes = 0;
      const out = createWriteStream(temp, { flags: 'wx', mode: 0o600 });
      try {
        await pipeline(
          Buffer.isBuffer(body) ? Readable.from([body]) : body,
          async function* (source: AsyncIterable<Buffer>) {
            for await (const chunk of source) {
              bytes += chunk.length;
              yield chunk;
            }
          },
          out,
        );
        const handle = await open(temp, 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        for (let attempt = 0; ; attempt++) {
          await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
          try {
            await rename(temp, target);
            break;
          } catch (error) {
            // A delete may prune the folder between mkdir and rename; make it again once.
            if (attempt > 0 || !isMissing(error)) throw error;
          }
        }
      } catch (error) {
        // A failed pipeline destroys the file stream, which may still be opening the file: wait
        // until it has closed, or the file would appear after it was removed.
        if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
        await rm(temp, { force: true });
        throw error;
      }
      return { bytes };
    },
    async get(key) {
      const file = pathOf(key);
      try {
        if (!(await stat(file)).isFile()) throw new FileNotFoundError(key);
        const handle = await open(file, 'r');
        return handle.createReadStream();
      } catch (error) {
        if (isMissing(error)) throw new FileNotFoundError(key);
        throw error;
      }
    },
    async exists(key) {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },
    async delete(key) {
      const file = pathOf(key);
      try {
        if (!(await stat(file)).isFile()) return;
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      await rm(file, { force: true });
      await pruneEmpty(path.dirname(file));
    },
    async deletePrefix(prefix) {
      const keys: string[] = [];
      for await (const object of store.list(prefix)) keys.push(object.key);
      for (const key of keys) await store.delete(key);
      return keys.length;
    },
    async *list(prefix) {
      assertPrefix(prefix);
      // Start at the deepest folder the prefix names in full; filter the rest by string prefix.
      const folders = prefix.split('/').slice(0, -1);
      const start = folders.length ? `${folders.join('/')}/` : '';
      for await (const object of walk(path.join(root, ...folders), start)) {
        if (object.key.startsWith(prefix)) yield object;
      }
    },
  };
  return store;
}
