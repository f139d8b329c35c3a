import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { assertObjectKey, assertPrefix, FileNotFoundError, type FileStore, type StoredObject } from './fileStore.js';

export interface S3StoreConfig {
  /** Any S3-compatible endpoint; AWS itself when absent. */
  endpoint: string | undefined;
  region: string;
  bucket: string;
  /** Static credentials; without them the SDK's default chain (instance role, environment, profile). */
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  forcePathStyle: boolean;
}

/** Streams are uploaded in parts of this size (S3 wants at least 5 MiB for all parts but the last). */
const PART_BYTES = 8 * 1024 * 1024;
/** DeleteObjects takes at most 1000 keys per call. */
const DELETE_BATCH = 1000;

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/** Reads a stream in parts of `size` bytes (the last one shorter). */
async function* parts(body: Readable, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    let rest = chunk;
    while (pendingBytes + rest.length >= size) {
      const take = size - pendingBytes;
      pending.push(rest.subarray(0, take));
      yield Buffer.concat(pending);
      rest = rest.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (rest.length) {
      pending.push(rest);
      pendingBytes += rest.length;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}

/**
 * Objects in an S3-compatible bucket (production): small bodies in one PutObject, streams of
 * unknown length as a multipart upload in 8 MiB parts (aborted on failure, so nothing half
 * written becomes visible). Keys are checked exactly as on the local backend.
 */
export function s3FileStore(config: S3StoreConfig, client?: S3Client): FileStore {
  const s3 =
    client ??
    new S3Client({
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.accessKeyId && config.secretAccessKey ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } } : {}),
    });
  const Bucket = config.bucket;

  const putStream = async (Key: string, body: Readable, ContentType: string): Promise<number> => {
    const source = parts(body, PART_BYTES);
    const first = await source.next();
    const firstPart = first.done ? Buffer.alloc(0) : first.value;
    if (firstPart.length < PART_BYTES) {
      // The whole body fitted in one part: a plain PutObject with its length.
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: firstPart, ContentLength: firstPart.length, ContentType }));
      return firstPart.length;
    }
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType }));
    if (!UploadId) throw new Error('S3 did not start the multipart upload');
    const done: { ETag: string; PartNumber: number }[] = [];
    let bytes = 0;
    try {
      const upload = async (part: Buffer) => {
        const PartNumber = done.length + 1;
        const { ETag } = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: part, ContentLength: part.length }));
        if (!ETag) throw new Error(`S3 returned no ETag for part ${PartNumber}`);
        done.push({ ETag, PartNumber });
        bytes += part.length;
      };
      await upload(firstPart);
      for await (const part of source) await upload(part);
      await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: done } }));
      return bytes;
    } catch (error) {
      await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
      throw error;
    }
  };

  const store: FileStore = {
    kind: 's3',
    async put(key, body, options) {
      assertObjectKey(key);
      const ContentType = options?.contentType ?? 'application/octet-stream';
      if (Buffer.isBuffer(body)) {
        await s3.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentLength: body.length, ContentType }));
        return { bytes: body.length };
      }
      return { bytes: await putStream(key, body, ContentType) };
    },
    async get(key) {
      assertObjectKey(key);
      try {
        const { Body } = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!Body) throw new FileNotFoundError(key);
        // In Node.js the SDK's body is an http.IncomingMessage, a Readable.
        return Body as Readable;
      } catch (error) {
        if (isNotFound(error)) throw new FileNotFoundError(key);
        throw error;
      }
    },
    async exists(key) {
      assertObjectKey(key);
      try {
        await s3.send(new HeadObjectCommand({ Bucket, Key: key }));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
    async delete(key) {
      assertObjectKey(key);
      await s3.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async deletePrefix(prefix) {
      let deleted = 0;
      let batch: string[] = [];
      const flush = async () => {
        if (!batch.length) return;
        const result = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
        if (result.Errors?.length) throw new Error(`S3 could not delete ${result.Errors.length} object(s) under ${prefix}, e.g. ${result.Errors[0]?.Key}: ${result.Errors[0]?.Code}`);
        deleted += batch.length;
        batch = [];
      };
      // Collected first: deleting while listing would move the pagination under our feet.
      const keys: string[] = [];
      for await (const object of store.list(prefix)) keys.push(object.key);
      for (const key of keys) {
        batch.push(key);
        if (batch.length === DELETE_BATCH) await flush();
      }
      await flush();
      return deleted;
    },
    async *list(prefix): AsyncGenerator<StoredObject> {
      assertPrefix(prefix);
      let ContinuationToken: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ...(ContinuationToken ? { ContinuationToken } : {}) }));
        for (const object of page.Contents ?? []) if (object.Key) yield { key: object.Key, bytes: object.Size ?? 0 };
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
  };
  return store;
}
