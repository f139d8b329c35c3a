import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { matchTotp, totpKeyUri, totpStep } from '../../src/platform/identity/mfa/totp.js';
import { normalizeRecoveryCode, newRecoveryCodes } from '../../src/platform/identity/mfa/recoveryCodes.js';

/** RFC 4226 HOTP written here with node:crypto alone, independent of the product's library. */
function hotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const hs = createHmac('sha1', key).update(message).digest();
  const offset = hs[hs.length - 1]! & 0x0f;
  const binary = hs.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');

/** RFC 6238 Appendix B, SHA-1 column. */
const VECTORS: [seconds: number, code: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it('the independent HOTP of this test reproduces the RFC vectors', () => {
    for (const [seconds, code] of VECTORS) expect(hotp(RFC_SECRET, Math.floor(seconds / 30), 8)).toBe(code);
  });

  it('accepts every RFC 6238 Appendix B SHA-1 vector (8 digits) at its own time step', () => {
    for (const [seconds, code] of VECTORS) {
      const at = new Date(seconds * 1000);
      expect(matchTotp(RFC_SECRET, code, at, { digits: 8, window: 0 }), `T=${seconds}`).toBe(totpStep(at));
    }
  });

  it('rejects a vector’s code at a time far from it, and a code with one digit changed', () => {
    expect(matchTotp(RFC_SECRET, '94287082', new Date(1111111109 * 1000), { digits: 8 })).toBeUndefined();
    expect(matchTotp(RFC_SECRET, '94287083', new Date(59 * 1000), { digits: 8 })).toBeUndefined();
  });

  it('uses 6 digits in the product and accepts one step of drift either way, not two', () => {
    const at = new Date('2026-11-27T01:00:10Z');
    const step = totpStep(at);
    for (const drift of [-1, 0, 1]) expect(matchTotp(RFC_SECRET, hotp(RFC_SECRET, step + drift, 6), at)).toBe(step + drift);
    for (const drift of [-2, 2]) expect(matchTotp(RFC_SECRET, hotp(RFC_SECRET, step + drift, 6), at)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, hotp(RFC_SECRET, step, 8), at)).toBeUndefined();
  });

  it('never accepts a step at or before the last one used (no replay within the window)', () => {
    const at = new Date('2026-11-27T01:00:10Z');
    const step = totpStep(at);
    const code = hotp(RFC_SECRET, step, 6);
    expect(matchTotp(RFC_SECRET, code, at, { usedStep: step })).toBeUndefined();
    expect(matchTotp(RFC_SECRET, code, at, { usedStep: step - 1 })).toBe(step);
    expect(matchTotp(RFC_SECRET, hotp(RFC_SECRET, step - 1, 6), at, { usedStep: step - 1 })).toBeUndefined();
  });

  it('refuses input that is not exactly the digits', () => {
    const at = new Date('2026-11-27T01:00:10Z');
    const code = hotp(RFC_SECRET, totpStep(at), 6);
    for (const bad of ['', `${code}0`, code.slice(1), `${code.slice(0, 5)}x`, ` ${code}`]) expect(matchTotp(RFC_SECRET, bad, at)).toBeUndefined();
  });

  it('builds the otpauth URI authenticator apps read', () => {
    const text = totpKeyUri('Sotas', 'user@example.com', RFC_SECRET);
    expect(text.startsWith('otpauth://totp/Sotas:user%40example.com?')).toBe(true);
    const uri = new URL(text);
    expect(uri.searchParams.get('secret')).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(uri.searchParams.get('issuer')).toBe('Sotas');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('digits')).toBe('6');
  });
});

describe('recovery codes', () => {
  it('makes ten distinct codes that survive the ways people type them', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const code = codes[0]!;
    const fullWidth = code.toUpperCase().replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(normalizeRecoveryCode(fullWidth)).toBe(normalizeRecoveryCode(code));
    expect(normalizeRecoveryCode(` ${code.replace(/-/g, ' ')} `)).toBe(code.replace(/-/g, ''));
  });
});
