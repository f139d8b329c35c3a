import { describe, expect, it } from 'vitest';
import { formatBytes, formatCapacity, inputToLimit, limitToInput } from './capacityFormat';

describe('capacity figures as staff read them', () => {
  it('formats bytes, percentages, counts and milliseconds', () => {
    expect(formatBytes(512, 'ja')).toBe('512 B');
    expect(formatBytes(5 * 1024 ** 3, 'en')).toBe('5.0 GB');
    expect(formatCapacity('percent', 87.54, 'ja')).toBe('87.5%');
    expect(formatCapacity('count', 12345, 'en')).toBe('12,345');
    expect(formatCapacity('ms', 349.6, 'ja')).toBe('350 ms');
    expect(formatCapacity('bytes', null, 'ja')).toBe('—');
  });

  it('edits byte thresholds in gigabytes and accepts full-width digits', () => {
    expect(limitToInput('bytes', 20 * 1024 ** 3)).toBe('20');
    expect(inputToLimit('bytes', '１.５')).toBe(Math.round(1.5 * 1024 ** 3));
    expect(inputToLimit('percent', '85')).toBe(85);
    expect(inputToLimit('count', '-1')).toBeNull();
    expect(inputToLimit('count', '')).toBeNull();
    expect(inputToLimit('count', 'abc')).toBeNull();
  });
});
