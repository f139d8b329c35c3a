import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';

/** Throws when a key file can be read by other users than the owner. */
export function assertPrivate(file: string, what = 'The master key'): void {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${what} ${file} is readable by other users (mode ${mode.toString(8)}): run chmod 600 on it and start again.`);
  }
}

/** Creates `file` with `content`, mode 0600, flushed to disk; fails if it exists. */
export function writeNewFile(file: string, content: Buffer): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a directory entry change (rename, link, unlink) where the file system allows it. */
export function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename itself is still atomic.
  }
}

/** Makes `dir` (and its parents) if missing and keeps it mode 0700. */
export function ensurePrivateDirectory(dir: string, what = 'The master key folder'): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(dir, 0o700);
  } catch (error) {
    if ((statSync(dir).mode & 0o077) !== 0) {
      throw new Error(`${what} ${dir} is open to other users and cannot be changed (${(error as Error).message}): make it mode 700.`, { cause: error });
    }
  }
}
