import { describe, expect, it } from 'vitest';
import { fromJstInput, keepsLeadTime, toJstInput, windowText } from './noticeTime';

describe('maintenance times in the console, always JST', () => {
  it('reads and writes datetime-local values as Japan time', () => {
    expect(fromJstInput('2026-12-05T22:00')).toBe('2026-12-05T22:00:00+09:00');
    expect(toJstInput('2026-12-05T13:00:00.000Z')).toBe('2026-12-05T22:00');
    expect(toJstInput(fromJstInput('2026-12-31T23:30')!)).toBe('2026-12-31T23:30');
  });

  it('refuses incomplete or impossible values', () => {
    expect(fromJstInput('')).toBeNull();
    expect(fromJstInput('2026-12-05')).toBeNull();
    expect(fromJstInput('2026-02-30T10:00')).toBeNull();
    expect(toJstInput('not a date')).toBe('');
  });

  it('shows a window with the zone named once', () => {
    expect(windowText('2026-12-05T13:00:00Z', '2026-12-05T17:00:00Z', 'ja')).toBe('2026/12/05(土) 22:00 – 2026/12/06(日) 02:00 JST');
    expect(windowText('2026-12-05T13:00:00Z', '2026-12-05T17:00:00Z', 'en')).toBe('2026/12/05(Sat) 22:00 – 2026/12/06(Sun) 02:00 JST');
  });

  it('counts the lead time in whole days from now', () => {
    const now = new Date('2026-11-27T01:00:00Z');
    expect(keepsLeadTime('2026-12-04T01:00:00Z', 7, now)).toBe(true);
    expect(keepsLeadTime('2026-12-04T00:59:00Z', 7, now)).toBe(false);
  });
});
