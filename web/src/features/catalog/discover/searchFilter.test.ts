import { describe, expect, it } from 'vitest';
import { compareIdsFrom, isFiltered, searchRequestOf, searchViewFrom, searchViewParams } from './searchFilter';

const A = '0b6f1f5e-4a7c-4c1e-9d35-2f1f0b0a0001';
const B = '0b6f1f5e-4a7c-4c1e-9d35-2f1f0b0a0002';

describe('search view in the URL', () => {
  it('reads facets, property ranges, sort and page, and writes them back unchanged', () => {
    const url = new URLSearchParams('q=ポリプロピレン&category=PP&category=PA6&flag=rohs&prop=density:0.9:1.2&prop=mfr::10&sort=newest&page=3');
    const view = searchViewFrom(url);
    expect(view).toMatchObject({ q: 'ポリプロピレン', category: ['PP', 'PA6'], flag: ['rohs'], sort: 'newest', page: 3 });
    expect(view.prop).toEqual([
      { key: 'density', min: '0.9', max: '1.2' },
      { key: 'mfr', min: '', max: '10' },
    ]);
    expect(searchViewParams(view).toString()).toBe(url.toString());
    expect(searchRequestOf(view)).toMatchObject({ prop: ['density:0.9:1.2', 'mfr::10'], pageSize: 20 });
  });

  it('drops malformed ranges, unknown sorts and bad pages instead of sending them', () => {
    const view = searchViewFrom(new URLSearchParams('prop=Density:1:2&prop=mfr:x:&prop=mfr::&prop=a:1:2:3&sort=price&page=-2'));
    expect(view.prop).toEqual([]);
    expect(view.sort).toBe('relevance');
    expect(view.page).toBe(1);
    expect(isFiltered(view)).toBe(false);
    expect(searchViewParams(view).toString()).toBe('');
  });

  it('keeps at most five distinct, well-formed ids to compare', () => {
    const ids = [A, A, 'not-an-id', B, ...Array.from({ length: 5 }, (_, i) => `0b6f1f5e-4a7c-4c1e-9d35-2f1f0b0a001${i}`)];
    const chosen = compareIdsFrom(new URLSearchParams({ cmp: ids.join(',') }), 'cmp');
    expect(chosen).toHaveLength(5);
    expect(chosen.slice(0, 2)).toEqual([A, B]);
    expect(compareIdsFrom(new URLSearchParams({ ids: A }), 'ids')).toEqual([A]);
  });
});
