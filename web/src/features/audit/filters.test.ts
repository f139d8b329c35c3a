import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, filterFromSearch, filterQuery, filterToSearch, jstDayAfter } from './filters';

describe('event log filters in the URL', () => {
  it('round-trips through the search parameters and drops what is malformed', () => {
    const filter = { ...EMPTY_FILTER, actor: '山田', action: 'auth.login', result: 'failure', fromDay: '2026-11-01', toDay: '2026-11-30', page: 3 };
    expect(filterFromSearch(filterToSearch(filter))).toEqual(filter);
    expect(filterFromSearch(new URLSearchParams('from=yesterday&page=-2'))).toEqual(EMPTY_FILTER);
  });

  it('turns JST calendar days into instants, the last day inclusive', () => {
    expect(jstDayAfter('2026-12-31')).toBe('2027-01-01T00:00:00+09:00');
    const query = new URLSearchParams(filterQuery({ ...EMPTY_FILTER, fromDay: '2026-11-27', toDay: '2026-11-27' }));
    expect(query.get('from')).toBe('2026-11-27T00:00:00+09:00');
    expect(query.get('to')).toBe('2026-11-28T00:00:00+09:00');
    expect(query.get('pageSize')).toBe('50');
  });
});
