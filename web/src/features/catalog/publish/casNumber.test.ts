import { describe, expect, it } from 'vitest';
import { casCheckDigit, casProblem, normalizeCasNumber } from './casNumber';

describe('CAS numbers in the product editor', () => {
  it('accepts well-known numbers, also typed in full width', () => {
    expect(casProblem('9003-07-0')).toBeNull();
    expect(casProblem('７７３２－１８－５')).toBeNull();
    expect(casProblem('0050-00-0')).toBeNull();
    expect(normalizeCasNumber(' ７７３２－１８－５ ')).toBe('7732-18-5');
  });

  it('names the expected check digit of a mistyped number', () => {
    expect(casProblem('7732-18-4')).toEqual({ problem: 'check', expected: 5 });
    expect(casCheckDigit('64-17-5')).toBe(5);
  });

  it('tells a malformed number from an empty one', () => {
    expect(casProblem('7732185')).toEqual({ problem: 'shape' });
    expect(casProblem('  ')).toBeNull();
  });
});
