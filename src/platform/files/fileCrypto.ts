import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { openAesGcmBytes, sealAesGcmBytes } from '../keys/index.js';

/*
 * The stored form of a tenant file (AES-256-GCM, streaming, authenticated end to end):
 *
 *   header  = "SOTASF01" (8) ‖ tenant key version (u32 BE) ‖ chunk size (u32 BE)
 *             ‖ file key sealed with the tenant's data key (iv 12 ‖ tag 16 ‖ key 32)
 *   chunk i = AES-256-GCM(file key, iv = i (u64 BE) ‖ 0000, aad = header ‖ i (u64 BE) ‖ final (u8))
 *             as ciphertext ‖ tag (16); every chunk holds `chunk size` bytes but the last.
 *
 * Each file has its own random key, so the counter IVs never repeat under a key. The file
 * key is bound to tenant and file id; every chunk to the header, its position and whether it
 * is the last, so reordered, dropped, truncated or appended chunks fail to decrypt.
 */

const MAGIC = Buffer.from('SOTASF01', 'latin1');
const PREFIX_BYTES = 16;
const SEALED_KEY_BYTES = 12 + 16 + 32;
export const FILE_HEADER_BYTES = PREFIX_BYTES + SEALED_KEY_BYTES;
export const FILE_CHUNK_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

/** Stored size of a plaintext of `bytes` bytes with the default chunk size. */
export function sealedFileSize(bytes: number, chunkBytes = FILE_CHUNK_BYTES): number {
  const chunks = Math.max(1, Math.ceil(bytes / chunkBytes));
  return FILE_HEADER_BYTES + bytes + chunks * TAG_BYTES;
}

function fileKeyAad(prefix: Buffer, tenantId: string, fileId: string): Buffer {
  return Buffer.concat([prefix, Buffer.from(`|file-key|${tenantId}|${fileId}`, 'utf8')]);
}

function chunkIv(index: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(BigInt(index), 0);
  return iv;
}

function chunkAad(header: Buffer, index: number, final: boolean): Buffer {
  const tail = Buffer.alloc(9);
  tail.writeBigUInt64BE(BigInt(index), 0);
  tail[8] = final ? 1 : 0;
  return Buffer.concat([header, tail]);
}

export interface FileSealing {
  tenantId: string;
  fileId: string;
  /** The tenant's data key and its version (named in the header). */
  tenantKey: Buffer;
  tenantKeyVersion: number;
}

/** A Transform from plaintext to the stored form. */
export function encryptFileStream(sealing: FileSealing, chunkBytes = FILE_CHUNK_BYTES): Transform {
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32BE(sealing.tenantKeyVersion, 8);
  prefix.writeUInt32BE(chunkBytes, 12);
  const fileKey = randomBytes(32);
  const header = Buffer.concat([prefix, sealAesGcmBytes(sealing.tenantKey, fileKey, fileKeyAad(prefix, sealing.tenantId, sealing.fileId))]);
  let index = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  const seal = (plain: Buffer, final: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', fileKey, chunkIv(index));
    cipher.setAAD(chunkAad(header, index, final));
    index++;
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };

  return new Transform({
    construct(callback) {
      this.push(header);
      callback();
    },
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      // A chunk is sealed as "not last" only once a byte after it exists.
      if (pendingBytes > chunkBytes) {
        let all = Buffer.concat(pending);
        while (all.length > chunkBytes) {
          this.push(seal(all.subarray(0, chunkBytes), false));
          all = all.subarray(chunkBytes);
        }
        pending = [all];
        pendingBytes = all.length;
      }
      callback();
    },
    flush(callback: TransformCallback) {
      this.push(seal(Buffer.concat(pending), true));
      pending = [];
      callback();
    },
  });
}

/** The tenant key version a stored file names, from its first bytes. */
export function fileKeyVersion(header: Buffer): number {
  if (header.length < PREFIX_BYTES || !header.subarray(0, 8).equals(MAGIC)) throw new Error('Stored file: not a sealed tenant file');
  return header.readUInt32BE(8);
}

/**
 * A Transform from the stored form back to plaintext. Each chunk is authenticated before any
 * of its bytes are passed on; a damaged, reordered or cut file ends the stream with an error.
 */
export function decryptFileStream(opening: FileSealing): Transform {
  let header: Buffer | undefined;
  let fileKey: Buffer | undefined;
  let chunkBytes = FILE_CHUNK_BYTES;
  let index = 0;
  let buffered: Buffer = Buffer.alloc(0);

  const open = (sealed: Buffer, final: boolean): Buffer => {
    if (!header || !fileKey) throw new Error('Stored file: the header is missing');
    const decipher = createDecipheriv('aes-256-gcm', fileKey, chunkIv(index));
    decipher.setAAD(chunkAad(header, index, final));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    index++;
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  };

  const readHeader = (): void => {
    const bytes = buffered.subarray(0, FILE_HEADER_BYTES);
    const prefix = bytes.subarray(0, PREFIX_BYTES);
    if (fileKeyVersion(prefix) !== opening.tenantKeyVersion) throw new Error('Stored file: sealed under another tenant key version than recorded');
    chunkBytes = prefix.readUInt32BE(12);
    if (chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) throw new Error('Stored file: bad chunk size');
    fileKey = openAesGcmBytes(opening.tenantKey, bytes.subarray(PREFIX_BYTES), fileKeyAad(prefix, opening.tenantId, opening.fileId));
    header = Buffer.from(bytes);
    buffered = buffered.subarray(FILE_HEADER_BYTES);
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
        if (!header) {
          if (buffered.length < FILE_HEADER_BYTES) return callback();
          readHeader();
        }
        const sealedChunk = chunkBytes + TAG_BYTES;
        // Only a chunk followed by more bytes is a "not last" chunk.
        while (buffered.length > sealedChunk) {
          this.push(open(buffered.subarray(0, sealedChunk), false));
          buffered = buffered.subarray(sealedChunk);
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (!header) {
          if (buffered.length < FILE_HEADER_BYTES) throw new Error('Stored file: truncated header');
          readHeader();
        }
        if (buffered.length < TAG_BYTES) throw new Error('Stored file: truncated');
        this.push(open(buffered, true));
        buffered = Buffer.alloc(0);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
