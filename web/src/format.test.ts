import { describe, expect, it } from 'vitest';
import { formatDateTime } from './format';

describe('formatDateTime', () => {
  it('shows UTC instants in Japan time with the weekday in the UI language', () => {
    expect(formatDateTime('2026-11-27T01:00:00Z', 'ja')).toBe('2026/11/27(金) 10:00');
    expect(formatDateTime('2026-11-27T01:00:00Z', 'en')).toBe('2026/11/27(Fri) 10:00');
  });

  it('moves to the next day in Japan when UTC is still on the previous one', () => {
    expect(formatDateTime('2026-12-31T15:30:00.000Z', 'ja')).toBe('2027/01/01(金) 00:30');
  });

  it('names the zone when asked', () => {
    expect(formatDateTime('2026-11-27T01:00:00Z', 'ja', { withZone: true })).toBe(
      '2026/11/27(金) 10:00 JST',
    );
  });

  it('keeps a value that is not a date visible as it is', () => {
    expect(formatDateTime('not-a-date', 'en')).toBe('not-a-date');
  });
});
