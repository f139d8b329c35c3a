import { describe, expect, it } from 'vitest';
import { ageParts, formatBytes, formatSeconds } from './backupFormat';

describe('backup figures', () => {
  it('shows sizes with separators and units', () => {
    expect(formatBytes(512, 'ja')).toBe('512 B');
    expect(formatBytes(45 * 1024 * 1024 + 600 * 1024, 'en')).toBe('45.6 MB');
    expect(formatBytes(1536 * 1024 ** 3, 'ja')).toBe('1.5 TB');
    expect(formatBytes(2000 * 1024 ** 4, 'en')).toBe('2,000.0 TB');
  });

  it('shows an age in the largest whole unit', () => {
    expect(ageParts(42)).toEqual({ unit: 'seconds', count: 42 });
    expect(ageParts(299)).toEqual({ unit: 'minutes', count: 4 });
    expect(ageParts(2 * 3600 + 5)).toEqual({ unit: 'hours', count: 2 });
    expect(ageParts(31 * 86_400)).toEqual({ unit: 'days', count: 31 });
  });

  it('shows durations in seconds', () => {
    expect(formatSeconds(2_449, 'en')).toBe('2.4 s');
  });
});
