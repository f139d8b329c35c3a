import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { KeyProvider, RotatableKeyProvider, WrappedKeyHolder } from '../keys/index.js';

/** The context the master key binds to the wrapped backup key. */
export const BACKUP_KEY_CONTEXT = 'backup-key|v1';
const KEY_FILE = 'key.json';
const KEY_FORMAT = 'sotas-backup-key/1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The wrapped backup data key as stored beside the backups (never the key itself). */
interface KeyFile {
  format: typeof KEY_FORMAT;
  keyId: string;
  context: string;
  wrapped: string;
  createdAt: string;
}

/**
 * The keys of one backup store, derived from its data key: one encrypts chunks and
 * manifests (AES-256-GCM), the other names chunks (HMAC-SHA256 of the plaintext, so equal
 * content gets one name and the name says nothing about the content without the key).
 */
export class BackupKeys {
  private constructor(
    readonly keyId: string,
    private readonly encKey: Buffer,
    private readonly macKey: Buffer,
  ) {}

  static fromDataKey(keyId: string, dataKey: Buffer): BackupKeys {
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 32));
    return new BackupKeys(keyId, derive('sotas-backup|encrypt|v1'), derive('sotas-backup|chunk-name|v1'));
  }

  /** The chunk's name: hex HMAC-SHA256 of its plaintext. */
  nameOf(plain: Uint8Array): string {
    return createHmac('sha256', this.macKey).update(plain).digest('hex');
  }

  /** `iv ‖ tag ‖ ciphertext` of `plain`, with `aad` authenticated alongside. */
  seal(plain: Uint8Array, aad: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Opens what `seal` made; throws when the key, the AAD or any byte differs. */
  open(sealed: Uint8Array, aad: string): Buffer {
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('the encrypted data is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }
}

/** Writes the key file's content beside it under a temporary name, flushed; returns that name. */
function writeTemp(dir: string, content: KeyFile): string {
  const temp = path.join(dir, `${KEY_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(content, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

function parseKeyFile(file: string): KeyFile {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<KeyFile>;
  if (parsed.format !== KEY_FORMAT || typeof parsed.wrapped !== 'string' || typeof parsed.keyId !== 'string') {
    throw new Error(`${file} is not a backup key file (format ${String(parsed.format)})`);
  }
  return parsed as KeyFile;
}

/**
 * The store's keys: the data key is created on first use, wrapped by the master key and
 * kept in `key.json` beside the backups (the database may be what was lost), and unwrapped
 * with the master key on every use. Without the master key no backup can be read.
 */
export async function loadBackupKeys(dir: string, keys: KeyProvider, options: { create: boolean; now: Date }): Promise<BackupKeys> {
  const file = path.join(dir, KEY_FILE);
  if (!existsSync(file)) {
    if (!options.create) throw new Error(`No backup key in ${dir}: this directory holds no backups (BACKUP_DIR).`);
    const dataKey = randomBytes(32);
    const content: KeyFile = {
      format: KEY_FORMAT,
      keyId: randomBytes(6).toString('hex'),
      context: BACKUP_KEY_CONTEXT,
      wrapped: await keys.wrap(dataKey, BACKUP_KEY_CONTEXT),
      createdAt: options.now.toISOString(),
    };
    // Written aside, then linked into place: `link` fails if another process won the race,
    // and the file is never seen half-written.
    const temp = writeTemp(dir, content);
    try {
      linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(temp, { force: true });
    }
  }
  const stored = parseKeyFile(file);
  let dataKey: Buffer;
  try {
    dataKey = await keys.unwrap(stored.wrapped, stored.context);
  } catch (error) {
    throw new Error(`The backup key in ${file} cannot be unwrapped: the master key is not the one the backups were made with. Restore the master key file that belongs to these backups.`, { cause: error });
  }
  return BackupKeys.fromDataKey(stored.keyId, dataKey);
}

/**
 * The backup key as a holder of a master-wrapped value, so a master key rotation re-wraps it
 * (pass it to `rotateMasterKey`); were it left under a retired master key, no backup could be
 * read any more.
 */
export function backupKeyHolder(backupDir: string): WrappedKeyHolder {
  const file = path.join(backupDir, KEY_FILE);
  return {
    name: 'backup_key',
    async census(provider: RotatableKeyProvider) {
      if (!existsSync(file)) return new Map();
      return new Map([[provider.versionOf(parseKeyFile(file).wrapped), 1]]);
    },
    async rewrap(provider: RotatableKeyProvider) {
      if (!existsSync(file)) return 0;
      const stored = parseKeyFile(file);
      if (provider.versionOf(stored.wrapped) === provider.currentVersion()) return 0;
      const wrapped = await provider.wrap(await provider.unwrap(stored.wrapped, stored.context), stored.context);
      renameSync(writeTemp(backupDir, { ...stored, wrapped }), file);
      return 1;
    },
  };
}
