import { createHash, hash } from 'node:crypto';

/**
 * The hash-chain format (docs/audit.md). Every entry of a chain stores
 *
 *   hash = hex(SHA-256(prev_hash ‖ "\n" ‖ seq ‖ "\n" ‖ canonical JSON of the entry's body))
 *
 * where the body is every stored column except `seq`, `prev_hash` and `hash`, the first
 * entry's `prev_hash` is GENESIS_HASH (or, after retention removed a prefix, the hash of
 * the last removed entry, sealed in a signed retention checkpoint), and canonical JSON
 * is JSON with object keys sorted (UTF-16 code unit order), no insignificant white space,
 * and timestamps as UTC ISO 8601 strings with milliseconds.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with sorted keys and nothing optional: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return 'null';
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  // Plain loops rather than map/filter/join: verification runs this for every entry.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** The hash of an entry from its predecessor's hash, its sequence number and its canonical body. */
export function chainHash(prevHash: string, seq: number, body: string): string {
  // The one-shot hash: several times faster than a Hash object per entry.
  return hash('sha256', `${prevHash}\n${seq}\n${body}`, 'hex');
}

/** Hex SHA-256 of bytes or text (package digests). */
export function sha256Of(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
