import { ClosedCalendarError, MINUTE_MS, type Span, type WorkCalendar } from './calendar.js';

/**
 * Finite-capacity scheduling as pure functions. Each workstation runs one operation at a time:
 * an operation occupies [start, end) on it, needs its setup + run + cleanup minutes of WORKING
 * time (rounded up to whole minutes) and may span non-working time (nights, closed days). The
 * operations of an order run in sequence: each starts at or after the previous one's end.
 *
 * - forward: each operation at the earliest free working time after the previous one (the
 *   first from the release time);
 * - backward: the last operation finishing as late as possible at or before the due date,
 *   the others before it; when that would start before the earliest allowed time, the order is
 *   scheduled forward instead (it will be late).
 */

/** Sorted, disjoint occupied spans of one workstation. */
export class Timeline {
  private readonly spans: Span[];
  constructor(spans: readonly Span[] = []) {
    this.spans = [...spans].sort((a, b) => a[0] - b[0]);
  }

  get all(): readonly Span[] {
    return this.spans;
  }

  /** Index of the first span whose end is after `at`. */
  indexEndingAfter(at: number): number {
    return this.firstEndingAfter(at);
  }

  /** Index of the last span starting before `at`, or -1. */
  indexStartingBefore(at: number): number {
    return this.lastStartingBefore(at);
  }

  private firstEndingAfter(at: number): number {
    let lo = 0;
    let hi = this.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[mid]![1] > at) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Index of the last span starting before `at`, or -1. */
  private lastStartingBefore(at: number): number {
    let lo = 0;
    let hi = this.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[mid]![0] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The earliest occupied span overlapping [start, end), if any. */
  firstOverlap(start: number, end: number): Span | undefined {
    const s = this.spans[this.firstEndingAfter(start)];
    return s && s[0] < end ? s : undefined;
  }

  /** The latest occupied span overlapping [start, end), if any. */
  lastOverlap(start: number, end: number): Span | undefined {
    const i = this.lastStartingBefore(end);
    const s = i >= 0 ? this.spans[i] : undefined;
    return s && s[1] > start ? s : undefined;
  }

  /** Every occupied span overlapping [start, end). */
  overlaps(start: number, end: number): Span[] {
    const out: Span[] = [];
    for (let i = this.firstEndingAfter(start); i < this.spans.length && this.spans[i]![0] < end; i++) out.push(this.spans[i]!);
    return out;
  }

  /** Books a span (the caller has checked it is free). */
  add(span: Span): void {
    const i = this.lastStartingBefore(span[0]) + 1;
    this.spans.splice(i, 0, span);
  }

  /** Removes a booked span (same start and end), if present. */
  remove(span: Span): void {
    const i = this.spans.findIndex((s) => s[0] === span[0] && s[1] === span[1]);
    if (i >= 0) this.spans.splice(i, 1);
  }
}

/** Working time an operation needs, in ms: setup + run + cleanup rounded up to whole minutes (at least one). */
export function neededMs(minutes: number): number {
  const whole = Math.ceil(Math.round(minutes * 1e6) / 1e6);
  return Math.max(1, whole) * MINUTE_MS;
}

export interface OperationRequest {
  /** The caller's key for the operation (its id). */
  key: string;
  workstationId: string;
  /** setup + run + cleanup minutes. */
  minutes: number;
}

export interface Slot {
  key: string;
  workstationId: string;
  start: number;
  end: number;
}

export type Direction = 'forward' | 'backward';

/** Thrown when an operation names a workstation the scheduler has no calendar for. */
export class UnknownWorkstationError extends Error {
  constructor(readonly workstationId: string) {
    super(`no calendar for workstation ${workstationId}`);
    this.name = 'UnknownWorkstationError';
  }
}

/** The workstations' calendars and bookings; schedules orders one after another. */
export class Scheduler {
  private readonly timelines = new Map<string, Timeline>();
  constructor(private readonly calendars: ReadonlyMap<string, WorkCalendar>, booked: ReadonlyMap<string, readonly Span[]> = new Map()) {
    for (const [id, spans] of booked) this.timelines.set(id, new Timeline(spans));
  }

  calendar(workstationId: string): WorkCalendar {
    const c = this.calendars.get(workstationId);
    if (!c) throw new UnknownWorkstationError(workstationId);
    return c;
  }

  timeline(workstationId: string): Timeline {
    let t = this.timelines.get(workstationId);
    if (!t) {
      t = new Timeline();
      this.timelines.set(workstationId, t);
    }
    return t;
  }

  /**
   * The earliest free slot of `need` working ms at or after `from`. Walks the gaps between
   * booked spans from `from` on; a gap shorter in clock time than `need` is skipped without
   * consulting the calendar (working time never exceeds clock time).
   */
  earliestSlot(workstationId: string, from: number, need: number): Span {
    const cal = this.calendar(workstationId);
    const spans = this.timeline(workstationId).all;
    let i = this.timeline(workstationId).indexEndingAfter(from);
    let start = from;
    for (;;) {
      // Step over booked spans that cover the candidate start.
      while (i < spans.length && spans[i]![0] <= start) start = Math.max(start, spans[i++]![1]);
      const limit = i < spans.length ? spans[i]![0] : Number.POSITIVE_INFINITY;
      if (limit - start >= need) {
        start = cal.nextWorking(start);
        if (limit - start >= need) {
          const end = cal.advance(start, need);
          if (end <= limit) return [start, end];
        }
      }
      start = Math.max(start, spans[i]![1]);
      i++;
    }
  }

  /** The latest free slot of `need` working ms ending at or before `until` and starting at or after `earliest`, if any. */
  latestSlot(workstationId: string, until: number, need: number, earliest: number): Span | undefined {
    const cal = this.calendar(workstationId);
    const line = this.timeline(workstationId);
    const spans = line.all;
    // i: the last booked span starting before the candidate end.
    let i = line.indexStartingBefore(until);
    let limit = until;
    try {
      for (;;) {
        while (i >= 0 && spans[i]![1] >= limit) limit = Math.min(limit, spans[i--]![0]);
        const floor = Math.max(earliest, i >= 0 ? spans[i]![1] : Number.NEGATIVE_INFINITY);
        if (limit - floor >= need) {
          const end = cal.prevWorking(limit);
          if (end - floor >= need) {
            const start = cal.retreat(end, need);
            if (start >= floor) return [start, end];
          }
        }
        if (i < 0 || floor === earliest) return undefined;
        limit = spans[i]![0];
        i--;
      }
    } catch (error) {
      if (error instanceof ClosedCalendarError) return undefined;
      throw error;
    }
  }

  /** Plans an order's operations (in sequence order) without booking them. */
  plan(operations: readonly OperationRequest[], options: { direction: Direction; earliest: number; due: number }): Slot[] {
    if (options.direction === 'backward') {
      const slots: Slot[] = [];
      let until = options.due;
      let ok = true;
      for (let i = operations.length - 1; i >= 0; i--) {
        const op = operations[i]!;
        const span = this.latestSlot(op.workstationId, until, neededMs(op.minutes), options.earliest);
        if (!span) {
          ok = false;
          break;
        }
        slots.unshift({ key: op.key, workstationId: op.workstationId, start: span[0], end: span[1] });
        until = span[0];
      }
      if (ok) return slots;
    }
    const slots: Slot[] = [];
    let from = options.earliest;
    for (const op of operations) {
      const [start, end] = this.earliestSlot(op.workstationId, from, neededMs(op.minutes));
      slots.push({ key: op.key, workstationId: op.workstationId, start, end });
      from = end;
    }
    return slots;
  }

  /** Books planned slots. */
  book(slots: readonly Slot[]): void {
    for (const s of slots) this.timeline(s.workstationId).add([s.start, s.end]);
  }

  /** Plans and books an order's operations. */
  schedule(operations: readonly OperationRequest[], options: { direction: Direction; earliest: number; due: number }): Slot[] {
    const slots = this.plan(operations, options);
    this.book(slots);
    return slots;
  }
}
