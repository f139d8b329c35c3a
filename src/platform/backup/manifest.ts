import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { BackupKeys } from './backupKey.js';
import { CHUNKER } from './chunker.js';

export const MANIFEST_FORMAT = 'sotas-backup/1';
const MAGIC = Buffer.from('SOTASBK1', 'ascii');

/** One chunk of a stream: its name (keyed checksum of the plaintext) and plaintext size. */
export type ChunkRef = readonly [name: string, bytes: number];

/** Who asked for a backup. */
export type BackupTrigger = 'schedule' | 'console' | 'cli';

/** What a listing needs; the small first part of a manifest, readable without the chunk lists. */
export interface ManifestHeader {
  format: typeof MANIFEST_FORMAT;
  id: string;
  /** The moment of the snapshot: everything committed before it is in the backup. */
  takenAt: string;
  trigger: BackupTrigger;
  /** The database the application ran on; only an embedded (PGlite) database is in the image. */
  engine: 'pglite' | 'postgres';
  database: { included: boolean; bytes: number; chunks: number; files: number };
  files: { included: boolean; count: number; bytes: number };
  /** Logical size of everything the backup restores. */
  totalBytes: number;
  /** Bytes this backup added to the store (new chunks, compressed and encrypted). */
  bytesAdded: number;
  chunkCount: number;
  newChunkCount: number;
  keyId: string;
  chunker: typeof CHUNKER.algorithm;
  durationMs: number;
}

/** One stored file of the file store, by its path under the store's directory. */
export interface FileEntry {
  path: string;
  bytes: number;
  chunks: ChunkRef[];
}

/** The embedded database's data directory: its folders and its files, paths relative to it. */
export interface DatabaseImage {
  dirs: string[];
  files: FileEntry[];
}

export interface ManifestBody {
  database: DatabaseImage | null;
  /** The local file store, paths relative to its folder. */
  files: FileEntry[];
}

export interface Manifest {
  header: ManifestHeader;
  body: ManifestBody;
}

const ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

/** Whether `value` has the shape of a backup id (e.g. `20261127T100500Z-3fa9c2`). */
export function isBackupId(value: string): boolean {
  return ID.test(value);
}

/** A new id that sorts by time: the UTC time of the snapshot and a random suffix. */
export function newBackupId(takenAt: Date): string {
  const stamp = takenAt.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

const aad = (part: 'header' | 'body', id: string) => `sotas-backup-manifest|${part}|${id}`;

/**
 * `MAGIC ‖ u32 header length ‖ sealed header ‖ sealed body`. Both parts are encrypted and
 * bound to the backup id (a manifest renamed to another id does not open); the body is
 * compressed first. A listing reads only the header.
 */
export function encodeManifest(keys: BackupKeys, manifest: Manifest): Buffer {
  const header = keys.seal(Buffer.from(JSON.stringify(manifest.header), 'utf8'), aad('header', manifest.header.id));
  const body = keys.seal(deflateRawSync(Buffer.from(JSON.stringify(manifest.body), 'utf8'), { level: 6 }), aad('body', manifest.header.id));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([MAGIC, length, header, body]);
}

/** Where the sealed header ends, from the first bytes of a manifest file. */
export function headerSpan(prefix: Buffer, file: string): { start: number; end: number } {
  if (prefix.length < MAGIC.length + 4 || !prefix.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error(`${file} is not a backup manifest`);
  const start = MAGIC.length + 4;
  return { start, end: start + prefix.readUInt32BE(MAGIC.length) };
}

export function decodeHeader(keys: BackupKeys, id: string, sealedHeader: Buffer): ManifestHeader {
  const header = JSON.parse(keys.open(sealedHeader, aad('header', id)).toString('utf8')) as ManifestHeader;
  if (header.format !== MANIFEST_FORMAT || header.id !== id) throw new Error(`manifest ${id}: unknown format or id`);
  return header;
}

export function decodeManifest(keys: BackupKeys, id: string, file: Buffer, name: string): Manifest {
  const span = headerSpan(file, name);
  const header = decodeHeader(keys, id, file.subarray(span.start, span.end));
  const body = JSON.parse(inflateRawSync(keys.open(file.subarray(span.end), aad('body', id))).toString('utf8')) as ManifestBody;
  return { header, body };
}
