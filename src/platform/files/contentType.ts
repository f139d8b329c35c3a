import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

/** How many first bytes of an upload are kept for type detection. */
export const SNIFF_BYTES = 64 * 1024;

/** Types a browser could run or render as a page: always stored and served as plain bytes. */
const ACTIVE_TYPE =
  /html|xhtml|svg|javascript|ecmascript|wasm|x-msdownload|portable-executable|x-dosexec|x-executable|x-elf|x-mach-binary|x-sharedlib|x-msi|x-sh$|x-shellscript|java-archive|x-shockwave-flash|x-apple-diskimage/i;

/** Markup a browser would render or run if it ever showed the file. */
const ACTIVE_MARKUP = /<\s*(?:!doctype\s+html|html|svg|script|iframe|object|embed|xsl:stylesheet)\b|xmlns\s*=\s*["']http:\/\/www\.w3\.org\/(?:1999\/xhtml|2000\/svg)/i;

/** Text formats file-type cannot recognise, by extension; anything else unrecognised is bytes. */
const TEXT_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.md': 'text/markdown',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.sdf': 'chemical/x-mdl-sdfile',
  '.mol': 'chemical/x-mdl-molfile',
};

export const BINARY_TYPE = 'application/octet-stream';

/**
 * The type a stored file is recorded and served with: what its first bytes are (file-type),
 * else a known text format by extension, else plain bytes. Types a browser could execute or
 * render (HTML, SVG, scripts, executables) become `application/octet-stream`.
 */
export async function detectContentType(head: Buffer, fileName: string): Promise<string> {
  const sniffed = head.length ? await fileTypeFromBuffer(head) : undefined;
  const type = sniffed?.mime ?? TEXT_TYPES[path.extname(fileName).toLowerCase()] ?? BINARY_TYPE;
  if (ACTIVE_TYPE.test(type)) return BINARY_TYPE;
  // Text that is really a page or an image with scripts (HTML, SVG as XML) is bytes too.
  if ((type.startsWith('text/') || type.endsWith('xml')) && ACTIVE_MARKUP.test(head.toString('latin1'))) return BINARY_TYPE;
  return type;
}

const MAX_NAME = 200;

/**
 * A user-given file name made safe to store and to send back: the last path segment only,
 * NFC, without control or bidirectional-override characters (no "gpj.exe" tricks) or
 * characters Windows refuses, no leading or trailing dots or spaces, at most 200 characters
 * (keeping the extension). Japanese names stay as they are.
 */
export function sanitizeFileName(raw: string): string {
  const last = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
  const cleaned = last.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"*:<>?|]/g, '_').replace(/^[\s.]+|[\s.]+$/g, '');
  const chars = [...cleaned];
  if (chars.length <= MAX_NAME) return cleaned || 'file';
  const ext = path.extname(cleaned);
  const keep = ext.length > 0 && ext.length <= 16 ? ext : '';
  return chars.slice(0, MAX_NAME - [...keep].length).join('') + keep;
}

/** RFC 5987 value: UTF-8, percent-encoded, also the characters RFC 5987 reserves. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment` with an ASCII fallback name and the real one as `filename*` (RFC 6266 / 5987). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(fileName)}`;
}
