/** The filters of a log screen, as kept in the URL (dates are JST calendar days). */
export interface EventFilter {
  actor: string;
  actorType: string;
  action: string;
  result: string;
  /** First day, YYYY-MM-DD (JST), inclusive. */
  fromDay: string;
  /** Last day, YYYY-MM-DD (JST), inclusive. */
  toDay: string;
  page: number;
}

export const EMPTY_FILTER: EventFilter = { actor: '', actorType: '', action: '', result: '', fromDay: '', toDay: '', page: 1 };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the filter from the URL's search parameters, ignoring what is malformed. */
export function filterFromSearch(params: URLSearchParams): EventFilter {
  const day = (key: string) => {
    const value = params.get(key) ?? '';
    return DAY.test(value) ? value : '';
  };
  const page = Number(params.get('page'));
  return {
    actor: params.get('actor') ?? '',
    actorType: params.get('actorType') ?? '',
    action: params.get('action') ?? '',
    result: params.get('result') ?? '',
    fromDay: day('from'),
    toDay: day('to'),
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The URL search parameters for a filter (empty values left out), so a view can be shared. */
export function filterToSearch(filter: EventFilter): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string) => {
    if (value) params.set(key, value);
  };
  set('actor', filter.actor.trim());
  set('actorType', filter.actorType);
  set('action', filter.action.trim());
  set('result', filter.result);
  set('from', filter.fromDay);
  set('to', filter.toDay);
  if (filter.page > 1) params.set('page', String(filter.page));
  return params;
}

/** The start of a JST calendar day as an ISO instant. */
export function jstDayStart(day: string): string {
  return `${day}T00:00:00+09:00`;
}

/** The start of the JST day after `day`: the exclusive end of an inclusive last day. */
export function jstDayAfter(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return `${next.toISOString().slice(0, 10)}T00:00:00+09:00`;
}

/** The API query for a filter: JST days become instants, the page size is fixed. */
export function filterQuery(filter: EventFilter, pageSize = 50): string {
  const params = new URLSearchParams();
  if (filter.actor.trim()) params.set('actor', filter.actor.trim());
  if (filter.actorType) params.set('actorType', filter.actorType);
  if (filter.action.trim()) params.set('action', filter.action.trim());
  if (filter.result) params.set('result', filter.result);
  if (filter.fromDay) params.set('from', jstDayStart(filter.fromDay));
  if (filter.toDay) params.set('to', jstDayAfter(filter.toDay));
  params.set('page', String(filter.page));
  params.set('pageSize', String(pageSize));
  return params.toString();
}
