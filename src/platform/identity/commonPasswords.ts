import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The common-password list of zxcvbn-ts (`@zxcvbn-ts/language-common`, dictionary
 * `passwords`: about 49,000 passwords seen most often in breaches), lower-cased once.
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(dictionary['passwords-common'].map((p) => String(p).toLowerCase()));

/** Runs of anything but letters and digits at either end of a lower-cased password. */
const EDGE_SYMBOLS = /^[^a-z0-9]+|[^a-z0-9]+$/g;

/**
 * True when the password is on the common-password list, compared case-insensitively.
 * The policy forces an upper-case letter and a symbol, which people add by capitalising a
 * listed password and putting a symbol at one end (`Password1!`); such a password counts
 * as the listed one, so the list is checked both as typed and with symbols at the ends
 * removed.
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  const core = lower.replace(EDGE_SYMBOLS, '');
  return core !== lower && core.length > 0 && COMMON_PASSWORDS.has(core);
}
