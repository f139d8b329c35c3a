import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync, chmodSync } from 'node:fs';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../../core/config.js';

/** The deployment's Ed25519 key that signs checkpoints and evidence manifests. */
export interface AuditSigner {
  readonly keyId: string;
  readonly publicKeyPem: string;
  /** Base64 Ed25519 signature of the UTF-8 text. */
  sign(text: string): string;
}

/** A public key a verifier trusts, by id. */
export interface TrustedKey {
  keyId: string;
  publicKeyPem: string;
}

export const AUDIT_KEY_FILE = 'audit-signing.key';

/** The key id: the first 16 hex digits of SHA-256 over the public key (SPKI DER). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Whether `signature` (base64) is a valid Ed25519 signature of `text` by the PEM public key. */
export function verifySignature(publicKeyPem: string, text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** A trusted key from its PEM text, with its id computed (never taken on trust). */
export function trustedKeyFromPem(publicKeyPem: string): TrustedKey {
  return { keyId: keyIdOf(createPublicKey(publicKeyPem)), publicKeyPem };
}

function signerFrom(privateKey: KeyObject): AuditSigner {
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64'),
  };
}

/**
 * Reads the signing key `keysDir/audit-signing.key` (PKCS#8 PEM), creating it (0600, in a
 * 0700 directory) on first use. Every node of a deployment must see the same file.
 */
export function loadOrCreateSigner(keysDir: string): AuditSigner {
  const file = path.join(keysDir, AUDIT_KEY_FILE);
  if (!existsSync(keysDir)) mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      // 'wx' fails if another process created the file meanwhile; its key is used then.
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`The audit signing key ${file} is readable by other users (mode ${mode.toString(8)}): run chmod 600 on it and start again.`);
  }
  chmodSync(keysDir, 0o700);
  return signerFrom(createPrivateKey(readFileSync(file, 'utf8')));
}

/**
 * The public key of the deployment's signing key, for verification; none when the key was
 * never created (then no checkpoint can verify, which the verifier reports).
 */
export function readTrustedKeys(keysDir: string): TrustedKey[] {
  const file = path.join(keysDir, AUDIT_KEY_FILE);
  if (!existsSync(file)) return [];
  const publicKey = createPublicKey(createPrivateKey(readFileSync(file, 'utf8')));
  return [{ keyId: keyIdOf(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }];
}

/** A lazily created signer: the key file is only touched when something is signed. */
export function lazySigner(keysDir: string): () => AuditSigner {
  let signer: AuditSigner | undefined;
  return () => (signer ??= loadOrCreateSigner(keysDir));
}

/** Where the deployment's signing key lives: `DATA_DIR/keys`, beside the master key. */
export function auditKeysDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'keys');
}

/** The deployment's checkpoint and manifest signer (key created on first use). */
export function deploymentSigner(config: Pick<Config, 'dataDir'>): () => AuditSigner {
  return lazySigner(auditKeysDir(config));
}
