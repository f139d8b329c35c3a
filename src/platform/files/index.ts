import type { Readable } from 'node:stream';
import type { Config } from '../../core/config.js';

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

/** The configured file store. */
export function createFileStore(config: Config['files']): FileStore {
  void config;
  const missing = (): never => {
    throw new Error('createFileStore: not built yet');
  };
  return {
    kind: 'local',
    put: async () => missing(),
    get: async () => missing(),
    exists: async () => missing(),
    delete: async () => missing(),
    deletePrefix: async () => missing(),
    list: () => missing(),
  };
}
