import { describe, expect, it } from 'vitest';
import { EMPTY_TENANT_FILTER, filterFromSearch, filterToSearch, formatDay, todayInJapan } from './tenantFilters';

describe('tenant list filter in the URL', () => {
  it('round-trips a filter and leaves defaults out', () => {
    const filter = { q: 'さくら', status: 'suspended', sort: 'purgeOn', order: 'desc', page: 3 } as const;
    expect(filterFromSearch(filterToSearch(filter))).toEqual(filter);
    expect(filterToSearch(EMPTY_TENANT_FILTER).toString()).toBe('');
  });

  it('ignores values it does not know', () => {
    expect(filterFromSearch(new URLSearchParams('status=gone&sort=x&page=-2&order=up'))).toEqual(EMPTY_TENANT_FILTER);
  });

  it('shows dates the Japanese way and knows today in Japan', () => {
    expect(formatDay('2027-06-01')).toBe('2027/06/01');
    expect(todayInJapan(new Date('2026-11-26T15:30:00Z'))).toBe('2026-11-27');
  });
});
