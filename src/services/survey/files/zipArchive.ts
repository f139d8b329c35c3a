import { deflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { AppError } from '../../../core/errors.js';

/** Limits a survey ZIP (chemSHERPA file or Excel workbook) is read within. */
export interface ZipLimits {
  /** Total uncompressed bytes of all entries read. */
  maxTotalBytes: number;
  /** Most entries in the archive. */
  maxEntries: number;
  /** Largest uncompressed/compressed ratio of an entry bigger than 1 MB. */
  maxRatio: number;
}

export const ZIP_LIMITS: ZipLimits = { maxTotalBytes: 50 * 1024 * 1024, maxEntries: 200, maxRatio: 1000 };

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Whether the bytes start like a ZIP archive. */
export function isZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.subarray(0, 4).equals(ZIP_MAGIC);
}

export interface ZipEntryText {
  name: string;
  bytes: Buffer;
}

/** The entry's name: UTF-8 when flagged or valid, else Shift_JIS (Japanese Windows tools). */
function entryName(raw: Buffer, flags: number): string {
  if (flags & 0x800) return raw.toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return new TextDecoder('shift_jis').decode(raw);
  }
}

/** A name that could write outside a folder when unpacked: absolute, a drive, `..` or a backslash. */
export function isUnsafeEntryName(name: string): boolean {
  if (name.length === 0 || name.includes('\\') || name.includes('\0')) return true;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return true;
  return name.split('/').some((segment) => segment === '..');
}

function tooLarge(limits: ZipLimits, internal: string): AppError {
  return new AppError('survey.file_too_large', { params: { limit_mb: Math.floor(limits.maxTotalBytes / 1048576) }, internal });
}

/**
 * Reads a ZIP held in memory within limits, streaming each entry's inflation and stopping as
 * soon as a limit is passed (a zip bomb is never inflated further than the limit). Every entry
 * name is checked first; `wanted` picks the entries whose contents are kept (the others are
 * still inflated and counted, so a bomb hidden in an unwanted entry is refused too).
 */
export async function readZip(bytes: Buffer, wanted: (name: string) => boolean, limits: ZipLimits = ZIP_LIMITS): Promise<ZipEntryText[]> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (cause) {
    throw new AppError('survey.file_unreadable', { cause, internal: 'zip directory unreadable' });
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw new AppError('survey.file_too_many_entries', { params: { limit: limits.maxEntries }, internal: `${zip.entryCount} entries` });
    const entries: yauzl.Entry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.push(entry);
        if (entries.length > limits.maxEntries) reject(new AppError('survey.file_too_many_entries', { params: { limit: limits.maxEntries } }));
        else zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (cause: unknown) => reject(new AppError('survey.file_unreadable', { cause, internal: 'zip entry unreadable' })));
      zip.readEntry();
    });
    let declared = 0;
    const named = entries.map((entry) => {
      const name = entryName(entry.fileName as unknown as Buffer, entry.generalPurposeBitFlag);
      if (isUnsafeEntryName(name)) throw new AppError('survey.file_unsafe_path', { internal: `unsafe entry name ${JSON.stringify(name)}` });
      declared += entry.uncompressedSize;
      if (entry.uncompressedSize > 1048576 && entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio) throw tooLarge(limits, `ratio of ${name}`);
      if (entry.isEncrypted()) throw new AppError('survey.file_unreadable', { internal: `encrypted entry ${name}` });
      return { entry, name };
    });
    if (declared > limits.maxTotalBytes) throw tooLarge(limits, `declared ${declared} bytes`);

    const out: ZipEntryText[] = [];
    let total = 0;
    for (const { entry, name } of named) {
      if (name.endsWith('/')) continue;
      const keep = wanted(name);
      const chunks: Buffer[] = [];
      let stream;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch (cause) {
        throw new AppError('survey.file_unreadable', { cause, internal: `cannot open ${name}` });
      }
      try {
        for await (const chunk of stream) {
          const b = chunk as Buffer;
          total += b.length;
          if (total > limits.maxTotalBytes) throw tooLarge(limits, `inflated past ${limits.maxTotalBytes} bytes`);
          if (keep) chunks.push(b);
        }
      } catch (cause) {
        stream.destroy();
        if (cause instanceof AppError) throw cause;
        throw new AppError('survey.file_unreadable', { cause, internal: `entry ${name} does not inflate to its declared size` });
      }
      if (keep) out.push({ name, bytes: Buffer.concat(chunks) });
    }
    return out;
  } finally {
    zip.close();
  }
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 of the bytes (ZIP's checksum); pass the previous value to continue over chunks. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = ~previous;
  for (let i = 0; i < bytes.length; i += 1) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** One entry of a ZIP being written. */
export interface ZipInput {
  name: string;
  bytes: Buffer;
}

/**
 * The run of fields a local file header and its central directory header share, from "version
 * needed" to "extra field length" (no extra field), written into `header` from byte `at`.
 */
function writeEntryFields(header: Buffer, at: number, entry: { time: number; date: number; crc: number; compressed: number; size: number; nameLength: number }): void {
  header.writeUInt16LE(20, at);
  header.writeUInt16LE(0x800, at + 2);
  header.writeUInt16LE(8, at + 4);
  header.writeUInt16LE(entry.time, at + 6);
  header.writeUInt16LE(entry.date, at + 8);
  header.writeUInt32LE(entry.crc, at + 10);
  header.writeUInt32LE(entry.compressed, at + 14);
  header.writeUInt32LE(entry.size, at + 18);
  header.writeUInt16LE(entry.nameLength, at + 22);
  header.writeUInt16LE(0, at + 24);
}

/**
 * Writes a small ZIP (deflated entries, UTF-8 names flagged) in memory: enough for a
 * chemSHERPA file, which holds one XML document.
 */
export function writeZip(files: ZipInput[], at: Date = new Date(0)): Buffer {
  const time = ((at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2)) & 0xffff;
  const date = (((Math.max(1980, at.getUTCFullYear()) - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate()) & 0xffff;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const data = deflateRawSync(file.bytes);
    const crc = crc32(file.bytes);
    const entry = { time, date, crc, compressed: data.length, size: file.bytes.length, nameLength: name.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(local, 4, entry);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    writeEntryFields(central, 6, entry);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
