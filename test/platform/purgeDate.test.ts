import { describe, expect, it } from 'vitest';
import { purgeDateFor, purgeInstantFor } from '../../src/platform/lifecycle/index.js';

// Two months counted from the day after the contract's end date (Civil Code style).
const cases: [end: string, deletableFrom: string, why: string][] = [
  ['2026-03-31', '2026-06-01', 'white paper example: month end'],
  ['2026-12-30', '2027-03-01', 'white paper example: no 31 February, year boundary'],
  ['2026-04-29', '2026-06-30', 'white paper example: mid-month'],
  ['2026-01-15', '2026-03-16', 'plain mid-month'],
  ['2026-12-31', '2027-03-01', 'year end: period 1 Jan – 28 Feb'],
  ['2026-11-30', '2027-02-01', 'period 1 Dec – 31 Jan crosses the year'],
  ['2026-12-29', '2027-03-01', 'period from 30 Dec: no 30 February, ends 28 Feb'],
  ['2027-12-29', '2028-03-01', 'leap year 2028: no 30 February, ends 29 Feb'],
  ['2027-12-30', '2028-03-01', 'leap year 2028: no 31 February'],
  ['2027-12-28', '2028-02-29', 'leap year 2028: period 29 Dec – 28 Feb, 29 February exists'],
  ['2026-12-28', '2027-03-01', 'common year: period 29 Dec – 28 Feb (no 29 February)'],
  ['2028-02-28', '2028-04-29', 'leap February, not its last day'],
  ['2028-02-29', '2028-05-01', 'leap day end: period 1 Mar – 30 Apr'],
  ['2027-02-28', '2027-05-01', 'common-year February end'],
  ['2026-07-31', '2026-10-01', 'period 1 Aug – 30 Sep'],
  ['2026-06-30', '2026-09-01', 'period 1 Jul – 31 Aug'],
  ['2026-08-30', '2026-10-31', 'period 31 Aug – 30 Oct'],
];

describe('purge date: two months from the day after the contract ends', () => {
  for (const [end, deletable, why] of cases) {
    it(`${end} → ${deletable} (${why})`, () => {
      expect(purgeDateFor(end)).toBe(deletable);
    });
  }

  it('starts at 00:00 JST of the purge date', () => {
    expect(purgeInstantFor('2026-03-31').toISOString()).toBe('2026-05-31T15:00:00.000Z');
  });

  it('refuses what is not a calendar date', () => {
    expect(() => purgeDateFor('2026-02-30')).toThrow(/calendar date/);
    expect(() => purgeDateFor('31/03/2026')).toThrow(/YYYY-MM-DD/);
  });
});
