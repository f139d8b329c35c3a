import { randomInt } from 'node:crypto';
import { checkPassword, passwordLengths, PASSWORD_SYMBOLS } from '../identity/index.js';

/** How long a temporary password e-mailed by staff can be used for the first sign-in. */
export const TEMPORARY_PASSWORD_TTL_MS = 72 * 3_600_000;

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const DIGITS = '23456789';
/** Letters that look alike in mail fonts (I/l/1, O/0) are left out: the password is typed from the mail. */
const ALPHABET = UPPER + LOWER + DIGITS + PASSWORD_SYMBOLS;
/** 16 characters, or the configured minimum when that is longer. */
const LENGTH = 16;

function pick(chars: string): string {
  return chars[randomInt(chars.length)] ?? '';
}

/**
 * A random password that meets the one password policy for this e-mail: 16 characters
 * from the allowed alphabet (about 98 bits), one of each required kind at a random place.
 * Checked with the policy itself rather than trusted to be right by construction.
 */
export function generateTemporaryPassword(email: string): string {
  for (;;) {
    const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(PASSWORD_SYMBOLS)];
    const length = Math.max(LENGTH, passwordLengths().min);
    while (chars.length < length) chars.push(pick(ALPHABET));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
    }
    const password = chars.join('');
    if (checkPassword(password, { email }).length === 0) return password;
  }
}

// The expiry lives with the other credential rules in identity, which the sign-in checks.
export { saveTemporaryPasswordExpiry, temporaryPasswordExpired } from '../identity/index.js';
