import type { TenantStatus } from './api';

/** The tenant list's filter, sort and page, as kept in the URL so a view can be shared. */
export interface TenantFilter {
  q: string;
  status: '' | TenantStatus;
  sort: 'code' | 'name' | 'createdAt' | 'purgeOn';
  order: 'asc' | 'desc';
  page: number;
}

export const EMPTY_TENANT_FILTER: TenantFilter = { q: '', status: '', sort: 'code', order: 'asc', page: 1 };

const STATUSES: readonly string[] = ['active', 'suspended', 'ended', 'purged'];
const SORTS: readonly string[] = ['code', 'name', 'createdAt', 'purgeOn'];

/** Reads the filter from the URL; unknown values fall back to the defaults. */
export function filterFromSearch(search: URLSearchParams): TenantFilter {
  const status = search.get('status') ?? '';
  const sort = search.get('sort') ?? 'code';
  const page = Number(search.get('page') ?? '1');
  return {
    q: search.get('q') ?? '',
    status: STATUSES.includes(status) ? (status as TenantStatus) : '',
    sort: SORTS.includes(sort) ? (sort as TenantFilter['sort']) : 'code',
    order: search.get('order') === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The URL parameters of a filter; defaults are left out so plain views have plain URLs. */
export function filterToSearch(filter: TenantFilter): URLSearchParams {
  const search = new URLSearchParams();
  if (filter.q.trim()) search.set('q', filter.q.trim());
  if (filter.status) search.set('status', filter.status);
  if (filter.sort !== 'code') search.set('sort', filter.sort);
  if (filter.order !== 'asc') search.set('order', filter.order);
  if (filter.page > 1) search.set('page', String(filter.page));
  return search;
}

/** The API query of a filter (the same names as the URL). */
export function filterQuery(filter: TenantFilter): string {
  return filterToSearch(filter).toString();
}

/** A JST calendar date (YYYY-MM-DD) as the console shows it: 2027/06/01. */
export function formatDay(day: string): string {
  return day.replaceAll('-', '/');
}

/** Today's date in Japan (YYYY-MM-DD), the default for a contract's start or end. */
export function todayInJapan(now: Date = new Date()): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}
