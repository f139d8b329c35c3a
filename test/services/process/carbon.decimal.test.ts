import { describe, expect, it } from 'vitest';
import { add, dec, divRound, kg, mul, round, sum, toText } from '../../../src/services/process/records/decimal.js';

describe('exact decimals for the carbon footprint', () => {
  it('parses what PostgreSQL and JSON write', () => {
    expect(toText(dec('120.5'))).toBe('120.5');
    expect(toText(dec('-3'))).toBe('-3');
    expect(toText(dec('1e-7'))).toBe('0.0000001');
    expect(toText(dec('2.5E+3'))).toBe('2500');
    expect(toText(dec('0.4340'))).toBe('0.434');
    expect(() => dec('abc')).toThrow();
    expect(() => dec('.')).toThrow();
  });

  it('multiplies and adds without binary drift, rounding half away from zero only at the end', () => {
    const energy = sum([mul(dec('21.3'), dec('0.434')), mul(dec('48.7'), dec('0.434')), mul(dec('1.15'), dec('2.23'))]);
    expect(toText(energy)).toBe('32.9445');
    expect(kg(energy)).toBe(32.945);
    expect(kg(add(energy, mul(dec('101.7'), dec('1.9'))))).toBe(226.175);
    expect(toText(round(dec('-0.0005'), 3))).toBe('-0.001');
    expect(toText(round(dec('0.0004'), 3))).toBe('0');
    expect(toText(divRound(dec('226.1745'), dec('97.5'), 3))).toBe('2.32');
    expect(toText(divRound(dec('2'), dec('3'), 3))).toBe('0.667');
    expect(toText(divRound(dec('-2'), dec('3'), 3))).toBe('-0.667');
    expect(() => divRound(dec('1'), dec('0'), 3)).toThrow();
  });
});
