import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPassword, PASSWORD_SYMBOLS } from '../../src/platform/identity/index.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGIT = '0123456789';
const ALPHABET = UPPER + LOWER + DIGIT + PASSWORD_SYMBOLS;
const char = (set: string) => fc.constantFrom(...set.split(''));

/** A password over the allowed alphabet of the given length with all four classes. */
const valid = (min: number, max: number) =>
  fc
    .tuple(char(UPPER), char(LOWER), char(DIGIT), char(PASSWORD_SYMBOLS), fc.array(char(ALPHABET), { minLength: min - 4, maxLength: max - 4 }), fc.nat())
    .map(([u, l, d, s, rest, seed]) => {
      const chars = [u, l, d, s, ...rest];
      for (let i = chars.length - 1; i > 0; i--) {
        const j = (seed + i * 7919) % (i + 1);
        [chars[i], chars[j]] = [chars[j]!, chars[i]!];
      }
      return chars.join('');
    });

const rules = (pw: string) => checkPassword(pw).map((v) => v.rule);

describe('password policy (9.2.3)', () => {
  it('accepts every password of 10–31 allowed characters with all four classes', () => {
    fc.assert(fc.property(valid(10, 31), (pw) => {
      expect(rules(pw)).toEqual([]);
    }), { numRuns: 2000 });
  });

  it('rejects lengths 9 and 32 by the length rule', () => {
    fc.assert(fc.property(valid(9, 9), (pw) => {
      expect(rules(pw)).toEqual(['length']);
    }));
    fc.assert(fc.property(valid(32, 32), (pw) => {
      expect(rules(pw)).toEqual(['length']);
    }));
    fc.assert(fc.property(valid(10, 10), valid(31, 31), (a, b) => {
      expect([...rules(a), ...rules(b)]).toEqual([]);
    }));
  });

  it('rejects any character outside the alphabet: full-width, spaces, other symbols, look-alikes', () => {
    const outsiders = ['Ａ', 'ａ', '１', '！', ' ', '\u3000', '~', '^', '(', ')', '.', ',', '"', "'", '\\', '/', ':', ';', '<', '>', '[', ']', '{', '}', '|', '`', 'А', 'е', 'ο', 'ℓ', '\u200b', '\t', 'é', 'あ', 'ア', '漢', '😀'];
    fc.assert(
      fc.property(valid(10, 30), fc.constantFrom(...outsiders), fc.nat(), (pw, bad, at) => {
        const i = at % (pw.length + 1);
        const broken = pw.slice(0, i) + bad + pw.slice(i);
        expect(rules(broken)).toContain('charset');
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['upper', UPPER],
    ['lower', LOWER],
    ['digit', DIGIT],
    ['symbol', PASSWORD_SYMBOLS],
  ])('rejects a password without any %s', (rule, set) => {
    const rest = ALPHABET.split('').filter((c) => !set.includes(c)).join('');
    fc.assert(fc.property(fc.array(char(rest), { minLength: 10, maxLength: 31 }), (chars) => {
      expect(rules(chars.join(''))).toContain(rule);
    }));
  });

  it('names each broken rule once, in a stable order', () => {
    expect(rules('ｐａｓｓ')).toEqual(['length', 'charset', 'upper', 'lower', 'digit', 'symbol']);
    expect(checkPassword('abc')[0]).toEqual({ rule: 'length', params: { min: 10, max: 31, n: 3 } });
  });

  it('rejects a password that contains the e-mail’s local part', () => {
    expect(checkPassword('Tanaka#2026x', { email: 'tanaka@example.com' }).map((v) => v.rule)).toEqual(['contains_email']);
    expect(checkPassword('Tanaka#2026x', { email: 'suzuki@example.com' })).toEqual([]);
  });
});
