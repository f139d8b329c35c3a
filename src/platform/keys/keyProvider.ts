import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { TenantKeyStore } from './tenantKeyStore.js';

/**
 * Wraps and unwraps data keys with a key the application never stores in the database.
 * The file-based key ring (masterKeyFile.ts) keeps master keys on disk; a KMS-backed
 * provider can replace it without touching the data, since only wrapped keys are stored.
 */
export interface KeyProvider {
  /** Encrypts a data key; `context` is bound to the result (the same context unwraps it). */
  wrap(dataKey: Buffer, context: string): Promise<string>;
  /** Decrypts a wrapped data key; fails if the wrapped value or its context was altered. */
  unwrap(wrapped: string, context: string): Promise<Buffer>;
  /**
   * The store of per-tenant key-encryption keys that goes with this provider (kept outside
   * the database and its backups). Tenant data keys are wrapped by it, not by this provider.
   */
  readonly tenantKeys?: TenantKeyStore;
}

/**
 * A provider whose master key can be replaced: new wraps use the newest version, older
 * versions stay readable until they are retired. Rotation (rotation.ts) re-wraps every
 * stored value under the newest version before it retires the older ones.
 */
export interface RotatableKeyProvider extends KeyProvider {
  /** Where the current master key lives, for messages and status (a file path or a KMS key name). */
  readonly location: string;
  /** The version new wraps use. */
  currentVersion(): number;
  /** Every version this provider can still unwrap, oldest first. */
  versions(): number[];
  /** The master key version a wrapped value was made under; throws on an unknown format. */
  versionOf(wrapped: string): number;
  /** Makes a new master key the current one; the previous ones stay until retired. */
  rotate(): { from: number; to: number };
  /** Forgets the given versions for good (never the current one). */
  retire(versions: readonly number[]): void;
  /** Takes the rotation lock (throws when another rotation holds it); returns its release. */
  lockRotation(): () => void;
}

/** The cipher of every data key, secret column and stored file (10.1.1). */
export const DATA_CIPHER = 'aes-256-gcm';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM seal of `plaintext` under `key` with `aad` authenticated alongside:
 * `iv (12) ‖ tag (16) ‖ ciphertext`, base64url. A fresh random IV every time.
 */
export function sealAesGcm(key: Buffer, plaintext: Buffer, aad: string): string {
  return sealAesGcmBytes(key, plaintext, Buffer.from(aad, 'utf8')).toString('base64url');
}

/** Opens a value sealed by `sealAesGcm`; throws when the key, the AAD or any byte is wrong. */
export function openAesGcm(key: Buffer, sealed: string, aad: string): Buffer {
  return openAesGcmBytes(key, Buffer.from(sealed, 'base64url'), Buffer.from(aad, 'utf8'));
}

/** `sealAesGcm` on bytes: `iv (12) ‖ tag (16) ‖ ciphertext`. */
export function sealAesGcmBytes(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(DATA_CIPHER, key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** Opens bytes sealed by `sealAesGcmBytes`. */
export function openAesGcmBytes(key: Buffer, bytes: Buffer, aad: Buffer): Buffer {
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('openAesGcm: the sealed value is truncated');
  const decipher = createDecipheriv(DATA_CIPHER, key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}
