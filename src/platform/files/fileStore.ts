import type { Readable } from 'node:stream';

/** One stored object as listed. */
export interface StoredObject {
  key: string;
  bytes: number;
}

/**
 * Where files live: a local directory (default) or an S3-compatible bucket. Keys are
 * `tenant/<tenantId>/...` for tenant files. Bodies given here are already encrypted by
 * the caller's layer (tenant files are sealed with the tenant's data key).
 */
export interface FileStore {
  readonly kind: 'local' | 's3';
  put(key: string, body: Readable | Buffer, options?: { contentType?: string }): Promise<{ bytes: number }>;
  /** The object's bytes as a stream; rejects with FileNotFoundError when absent. */
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Deletes every object under a prefix; returns how many were deleted. */
  deletePrefix(prefix: string): Promise<number>;
  list(prefix: string): AsyncIterable<StoredObject>;
}

export class FileNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No stored file at ${key}`);
    this.name = 'FileNotFoundError';
  }
}

/** One path segment: lower-case letters, digits, `_ . -`, never starting with a dot (no `.`, `..`, hidden names). */
const SEGMENT = /^[a-z0-9_-][a-z0-9_.-]*$/;
const MAX_KEY_LENGTH = 512;

/**
 * Throws unless `key` is a safe object key: `^[a-z0-9/_.-]+$`, segments separated by single
 * slashes, none empty or starting with a dot. On the local backend a key is a path below the
 * root, so this is what makes path traversal impossible; S3 gets the same keys.
 */
export function assertObjectKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH || !key.split('/').every((s) => SEGMENT.test(s))) {
    throw new Error(`File store: "${String(key).slice(0, 80)}" is not a valid object key (lower-case a-z 0-9 / _ . -, no empty or dot segments)`);
  }
}

/**
 * Throws unless `prefix` is a safe listing prefix: a key, a key ending in `/`, or empty for
 * everything. Matching is by string prefix, as in S3.
 */
export function assertPrefix(prefix: string): void {
  if (prefix === '') return;
  assertObjectKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}
