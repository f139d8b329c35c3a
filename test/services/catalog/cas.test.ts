import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { casCheckDigit, isValidCasNumber, normalizeCasNumber } from '../../../src/services/catalog/shared/cas.js';

/** A CAS-shaped number (2–7 digits without a leading zero, 2 digits) with its right check digit. */
const validCas = fc
  .tuple(fc.integer({ min: 10, max: 9_999_999 }), fc.integer({ min: 0, max: 99 }))
  .map(([head, middle]) => {
    const body = `${head}-${String(middle).padStart(2, '0')}`;
    return `${body}-${casCheckDigit(`${body}-0`)}`;
  });

describe('CAS registry numbers', () => {
  it('accepts known numbers and refuses wrong check digits and shapes', () => {
    for (const cas of ['9003-07-0', '7732-18-5', '50-00-0', '14807-96-6', '13463-67-7']) expect(isValidCasNumber(cas), cas).toBe(true);
    for (const cas of ['9003-07-1', '7732-18-4', '5-00-0', '9003070', '12345678-00-5', '']) expect(isValidCasNumber(cas), cas).toBe(false);
  });

  it('folds full-width digits, odd dashes, spaces and leading zeros', () => {
    expect(normalizeCasNumber('９００３－０７－０')).toBe('9003-07-0');
    expect(normalizeCasNumber(' 0009003‐07‐0 ')).toBe('9003-07-0');
    expect(normalizeCasNumber('7732ー18ー5')).toBe('7732-18-5');
  });

  it('accepts every generated number with its computed check digit', () => {
    fc.assert(fc.property(validCas, (cas) => isValidCasNumber(cas)));
  });

  it('refuses every single-digit change of the check digit', () => {
    fc.assert(
      fc.property(validCas, fc.integer({ min: 1, max: 9 }), (cas, shift) => {
        const check = Number(cas.at(-1));
        const changed = `${cas.slice(0, -1)}${(check + shift) % 10}`;
        return !isValidCasNumber(changed);
      }),
    );
  });

  it('keeps a valid number valid through normalisation of its full-width form', () => {
    fc.assert(
      fc.property(validCas, (cas) => {
        const wide = cas.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace(/-/g, '－');
        return normalizeCasNumber(wide) === cas && isValidCasNumber(normalizeCasNumber(wide));
      }),
    );
  });
});
