/**
 * CAS Registry Numbers as the catalog API checks them (src/services/catalog/shared/cas.ts),
 * so the editor can say at once that a number is mistyped: two to seven digits, two digits and
 * a check digit; the check digit is the sum of the other digits, each multiplied by its
 * position counted from the right (starting at 1), modulo 10.
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

/** The check digit the other digits call for, or undefined when `cas` is not CAS-shaped. */
export function casCheckDigit(cas: string): number | undefined {
  const match = CAS_SHAPE.exec(cas);
  if (!match) return undefined;
  const digits = `${match[1]}${match[2]}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) sum += Number(digits[digits.length - 1 - i]) * (i + 1);
  return sum % 10;
}

/** Why a typed CAS number is wrong: 'shape' (not NNNNNNN-NN-N), 'check' (wrong check digit), or null when valid or empty. */
export function casProblem(input: string): { problem: 'shape' } | { problem: 'check'; expected: number } | null {
  const cas = normalizeCasNumber(input);
  if (cas === '') return null;
  const expected = casCheckDigit(cas);
  if (expected === undefined) return { problem: 'shape' };
  return Number(cas.slice(-1)) === expected ? null : { problem: 'check', expected };
}
