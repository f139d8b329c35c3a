import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * Wraps and unwraps data keys with a key the application never stores in the database.
 * The file-based provider below keeps a master key on disk; a KMS-backed provider can
 * replace it without touching the data, since only wrapped keys are stored.
 */
export interface KeyProvider {
  /** Encrypts a data key; `context` is bound to the result (the same context unwraps it). */
  wrap(dataKey: Buffer, context: string): Promise<string>;
  /** Decrypts a wrapped data key; fails if the wrapped value or its context was altered. */
  unwrap(wrapped: string, context: string): Promise<Buffer>;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const WRAP_FORMAT = 'mk1';

/**
 * AES-256-GCM seal of `plaintext` under `key` with `aad` authenticated alongside:
 * `iv (12) ‖ tag (16) ‖ ciphertext`, base64url. A fresh random IV every time.
 */
export function sealAesGcm(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

/** Opens a value sealed by `sealAesGcm`; throws when the key, the AAD or any byte is wrong. */
export function openAesGcm(key: Buffer, sealed: string, aad: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('openAesGcm: the sealed value is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** Reads the master key, creating it (0600, in a 0700 directory) on first use. */
function loadOrCreateMasterKey(file: string): Buffer {
  const dir = path.dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  if (!existsSync(file)) {
    try {
      // 'wx' fails if another process created the file in the meantime; then that key is used.
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, randomBytes(KEY_BYTES));
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`The master key ${file} is readable by other users (mode ${mode.toString(8)}): run chmod 600 on it and start again.`);
  }
  const key = readFileSync(file);
  if (key.length !== KEY_BYTES) {
    throw new Error(`The master key ${file} is not ${KEY_BYTES} bytes long: restore it from backup; without it encrypted secrets cannot be read.`);
  }
  return key;
}

/**
 * The master key as a file under `keysDir` (`master.key`), created on first use. Every node
 * of a deployment must see the same file (shared data directory), or use a KMS provider.
 */
export function fileKeyProvider(keysDir: string): KeyProvider & { readonly file: string } {
  const file = path.join(keysDir, 'master.key');
  let master: Buffer | undefined;
  const key = () => (master ??= loadOrCreateMasterKey(file));
  return {
    file,
    async wrap(dataKey, context) {
      return `${WRAP_FORMAT}.${sealAesGcm(key(), dataKey, context)}`;
    },
    async unwrap(wrapped, context) {
      const [format, sealed] = wrapped.split('.', 2);
      if (format !== WRAP_FORMAT || !sealed) throw new Error('unwrap: unknown wrapped-key format');
      return openAesGcm(key(), sealed, context);
    },
  };
}
