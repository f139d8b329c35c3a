/**
 * CAS Registry Numbers: two to seven digits, two digits and a check digit (e.g. 9003-07-0).
 * The check digit is the sum of the other digits, each multiplied by its position counted
 * from the right (starting at 1), modulo 10.
 */
const CAS_SHAPE = /^(\d{2,7})-(\d{2})-(\d)$/;

/** Folds what people type (full-width digits, odd dashes, spaces) into the canonical shape. */
export function normalizeCasNumber(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[‐‑‒–—―−ー－]/g, '-')
    .replace(/\s+/g, '')
    .replace(/^0+(?=\d{2,}-)/, '');
}

/** The check digit the other digits of `cas` call for, or undefined when it is not CAS-shaped. */
export function casCheckDigit(cas: string): number | undefined {
  const match = CAS_SHAPE.exec(cas);
  if (!match) return undefined;
  const digits = `${match[1]}${match[2]}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) sum += Number(digits[digits.length - 1 - i]) * (i + 1);
  return sum % 10;
}

/** Whether `cas` (already normalised) is a well-formed CAS number with the right check digit. */
export function isValidCasNumber(cas: string): boolean {
  const match = CAS_SHAPE.exec(cas);
  return match !== null && casCheckDigit(cas) === Number(match[3]);
}
