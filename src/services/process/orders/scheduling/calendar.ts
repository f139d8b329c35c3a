import holidayJp from '@holiday-jp/holiday_jp';

/**
 * The working calendar of one workstation, as pure functions over instants (epoch ms).
 *
 * A day's working hours (JST) come from, in this order: a day exception (`days`: its hours,
 * an empty list = closed), a Japanese public holiday when `observeHolidays` (closed, incl.
 * 振替休日 and 国民の休日), else the weekly pattern for the weekday. Hours are ['HH:MM','HH:MM']
 * pairs with the end after the start ('24:00' = midnight at the end of the day). Japan keeps
 * no daylight saving time, so JST is always UTC+9.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
const JST_OFFSET_MS = 9 * 3_600_000;

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type HoursRange = readonly [string, string];

export interface CalendarSpec {
  workHours: Partial<Record<Weekday, readonly HoursRange[]>>;
  observeHolidays: boolean;
  /** Day exceptions keyed by JST date 'YYYY-MM-DD'. */
  days?: Readonly<Record<string, readonly HoursRange[]>>;
}

/** [start, end) in epoch ms. */
export type Span = readonly [number, number];

const HOLIDAYS: Readonly<Record<string, unknown>> = holidayJp.holidays;

/** Whether a JST date 'YYYY-MM-DD' is a Japanese public holiday. */
export function isJapaneseHoliday(day: string): boolean {
  return day in HOLIDAYS;
}

/** The JST day number (days since 1970-01-01 JST) of an instant. */
export function jstDayNumber(at: number): number {
  return Math.floor((at + JST_OFFSET_MS) / DAY_MS);
}

/** 00:00 JST of a day number, as an instant. */
export function dayStart(dayNumber: number): number {
  return dayNumber * DAY_MS - JST_OFFSET_MS;
}

/** 'YYYY-MM-DD' of a JST day number. */
export function dayKey(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** The JST day number of 'YYYY-MM-DD'. */
export function dayNumberOf(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/** Minutes after midnight of 'HH:MM' (00:00–24:00), or undefined when malformed. */
export function parseClock(value: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[2]) > 59 || minutes > 24 * 60) return undefined;
  return minutes;
}

/** The search horizon: a workstation without working time within this many days is closed. */
export const HORIZON_DAYS = 3 * 366;

/** Thrown when a calendar has no working time within the horizon. */
export class ClosedCalendarError extends Error {
  constructor() {
    super('the calendar has no working time within the search horizon');
    this.name = 'ClosedCalendarError';
  }
}

/** A workstation's calendar with its per-day working spans cached. */
export class WorkCalendar {
  private readonly cache = new Map<number, readonly Span[]>();
  constructor(readonly spec: CalendarSpec) {}

  /** Working minutes ranges of a day as [startMinute, endMinute) pairs, merged and sorted. */
  private dayRanges(dayNumber: number): [number, number][] {
    const key = dayKey(dayNumber);
    const exception = this.spec.days?.[key];
    let hours: readonly HoursRange[];
    if (exception) hours = exception;
    else if (this.spec.observeHolidays && isJapaneseHoliday(key)) hours = [];
    else hours = this.spec.workHours[WEEKDAYS[((dayNumber % 7) + 7 + 4) % 7]!] ?? [];
    const ranges: [number, number][] = [];
    for (const [from, to] of hours) {
      const a = parseClock(from);
      const b = parseClock(to);
      if (a === undefined || b === undefined || b <= a) continue;
      ranges.push([a, b]);
    }
    ranges.sort((x, y) => x[0] - y[0]);
    const merged: [number, number][] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    return merged;
  }

  /** The working spans of a JST day, as instants, sorted and disjoint. */
  spansOfDay(dayNumber: number): readonly Span[] {
    let spans = this.cache.get(dayNumber);
    if (!spans) {
      const base = dayStart(dayNumber);
      spans = this.dayRanges(dayNumber).map(([a, b]) => [base + a * MINUTE_MS, base + b * MINUTE_MS] as const);
      this.cache.set(dayNumber, spans);
    }
    return spans;
  }

  /** Whether the instant is working time (inside a span). */
  isWorking(at: number): boolean {
    return this.spansOfDay(jstDayNumber(at)).some(([a, b]) => a <= at && at < b);
  }

  /** The first working instant at or after `at`. */
  nextWorking(at: number): number {
    const first = jstDayNumber(at);
    for (let d = first; d <= first + HORIZON_DAYS; d++) {
      for (const [a, b] of this.spansOfDay(d)) if (b > at) return Math.max(a, at);
    }
    throw new ClosedCalendarError();
  }

  /** The last instant at or before `at` that ends working time (working just before it). */
  prevWorking(at: number): number {
    const first = jstDayNumber(at);
    for (let d = first; d >= first - HORIZON_DAYS; d--) {
      const spans = this.spansOfDay(d);
      for (let i = spans.length - 1; i >= 0; i--) {
        const [a, b] = spans[i]!;
        if (a < at) return Math.min(b, at);
      }
    }
    throw new ClosedCalendarError();
  }

  /** The instant at which `durationMs` of working time, counted from `start`, is complete. */
  advance(start: number, durationMs: number): number {
    let need = durationMs;
    const first = jstDayNumber(start);
    for (let d = first; d <= first + HORIZON_DAYS; d++) {
      for (const [a, b] of this.spansOfDay(d)) {
        if (b <= start) continue;
        const from = Math.max(a, start);
        const avail = b - from;
        if (avail >= need) return from + need;
        need -= avail;
      }
    }
    throw new ClosedCalendarError();
  }

  /** The instant from which `durationMs` of working time ends exactly at `end`. */
  retreat(end: number, durationMs: number): number {
    let need = durationMs;
    const first = jstDayNumber(end - 1);
    for (let d = first; d >= first - HORIZON_DAYS; d--) {
      const spans = this.spansOfDay(d);
      for (let i = spans.length - 1; i >= 0; i--) {
        const [a, b] = spans[i]!;
        if (a >= end) continue;
        const to = Math.min(b, end);
        const avail = to - a;
        if (avail >= need) return to - need;
        need -= avail;
      }
    }
    throw new ClosedCalendarError();
  }

  /** Working time (ms) inside [from, to). */
  workingMs(from: number, to: number): number {
    let total = 0;
    if (to <= from) return 0;
    for (let d = jstDayNumber(from); d <= jstDayNumber(to - 1); d++) {
      for (const [a, b] of this.spansOfDay(d)) {
        const lo = Math.max(a, from);
        const hi = Math.min(b, to);
        if (hi > lo) total += hi - lo;
      }
    }
    return total;
  }

  /** Non-working spans inside [from, to), merged. */
  nonWorking(from: number, to: number): Span[] {
    const out: Span[] = [];
    let cursor = from;
    if (to <= from) return out;
    for (let d = jstDayNumber(from); d <= jstDayNumber(to - 1); d++) {
      for (const [a, b] of this.spansOfDay(d)) {
        if (b <= cursor || a >= to) continue;
        if (a > cursor) out.push([cursor, a]);
        cursor = Math.max(cursor, b);
      }
    }
    if (cursor < to) out.push([cursor, to]);
    return out;
  }
}
