import { createHmac } from 'node:crypto';

/** Decodes RFC 4648 base32 (no padding needed). */
export function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of input.replace(/=+$/, '').toUpperCase()) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/**
 * TOTP computed independently of the product (RFC 4226 HOTP over RFC 6238 time steps),
 * so tests check the product against the standard rather than against itself.
 */
export function totpAt(secret: Buffer, at: Date, digits = 6, periodSeconds = 30, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  const counter = Math.floor(at.getTime() / 1000 / periodSeconds);
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(buf).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return code.toString().padStart(digits, '0');
}
