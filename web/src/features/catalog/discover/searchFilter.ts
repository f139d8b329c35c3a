import type { SearchFilter, SearchSort } from '../api';

export const SORTS: readonly SearchSort[] = ['relevance', 'newest', 'name'];
export const FACETS = ['category', 'publisher', 'application', 'flag', 'docKind'] as const;
export type FacetName = (typeof FACETS)[number];

/** Products that can be compared side by side at once (the API refuses more). */
export const COMPARE_MAX = 5;
export const SEARCH_PAGE_SIZE = 20;

/** A property range filter (`key:min:max`), bounds as typed; either may be empty. */
export interface PropRange {
  key: string;
  min: string;
  max: string;
}

/** The search as the screen holds it: every part stated, so links and the API read the same. */
export interface SearchView extends Record<FacetName, string[]> {
  q: string;
  prop: PropRange[];
  sort: SearchSort;
  page: number;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Whether a typed bound is a number the filter can carry ('' = no bound). */
export function isBound(text: string): boolean {
  return text === '' || NUMBER.test(text);
}

/** Reads one `key:min:max` range; a malformed one is dropped rather than sent. */
function rangeFrom(text: string): PropRange | null {
  const [key = '', min = '', max = '', ...rest] = text.split(':');
  if (rest.length > 0 || !/^[a-z][a-z0-9_]{0,60}$/.test(key)) return null;
  if ((min !== '' && !NUMBER.test(min)) || (max !== '' && !NUMBER.test(max)) || (min === '' && max === '')) return null;
  return { key, min, max };
}

function rangeText(range: PropRange): string {
  return `${range.key}:${range.min}:${range.max}`;
}

/** The search as the screen's URL states it, so a view can be shared as a link. */
export function searchViewFrom(search: URLSearchParams): SearchView {
  const page = Number(search.get('page'));
  const values = (facet: FacetName) => [...new Set(search.getAll(facet).filter((v) => v !== ''))];
  return {
    q: search.get('q') ?? '',
    category: values('category'),
    publisher: values('publisher'),
    application: values('application'),
    flag: values('flag'),
    docKind: values('docKind'),
    prop: search.getAll('prop').map(rangeFrom).filter((range): range is PropRange => range !== null),
    sort: SORTS.find((s) => s === search.get('sort')) ?? 'relevance',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The URL parameters of a search (the API's names; defaults left out). */
export function searchViewParams(view: SearchView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.q.trim() !== '') params.set('q', view.q.trim());
  for (const facet of FACETS) for (const value of view[facet]) params.append(facet, value);
  for (const range of view.prop) params.append('prop', rangeText(range));
  if (view.sort !== 'relevance') params.set('sort', view.sort);
  if (view.page > 1) params.set('page', String(view.page));
  return params;
}

/** The request the API is asked for one page of the view. */
export function searchRequestOf(view: SearchView): SearchFilter {
  return { ...view, q: view.q.trim(), prop: view.prop.map(rangeText), pageSize: SEARCH_PAGE_SIZE };
}

/** The products chosen for comparison (`cmp=a,b` on the search, `ids=…` on the comparison), at most five. */
export function compareIdsFrom(search: URLSearchParams, param: 'cmp' | 'ids'): string[] {
  const ids = (search.get(param) ?? '').split(',').filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  return [...new Set(ids)].slice(0, COMPARE_MAX);
}

/** Whether anything narrows the search (then an empty result means "nothing matched", not "nothing published"). */
export function isFiltered(view: SearchView): boolean {
  return view.q.trim() !== '' || FACETS.some((facet) => view[facet].length > 0) || view.prop.length > 0;
}
