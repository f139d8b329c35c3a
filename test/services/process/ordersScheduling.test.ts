import holidayJp from '@holiday-jp/holiday_jp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClosedCalendarError, WEEKDAYS, WorkCalendar, type CalendarSpec, type HoursRange } from '../../../src/services/process/orders/scheduling/calendar.js';
import { neededMs, Scheduler, type Direction, type Slot } from '../../../src/services/process/orders/scheduling/scheduler.js';
import { materialRequirements, plannedEnergy, runMinutes } from '../../../src/services/process/orders/generation.js';

const MIN = 60_000;
const HOLIDAYS = holidayJp.holidays as Record<string, unknown>;

/**
 * An independent, minute-by-minute reading of a calendar spec: is the minute starting at `t`
 * working time? (JST = UTC+9; day exceptions, then holidays, then the weekly hours.)
 */
function referenceCalendar(spec: CalendarSpec): (t: number) => boolean {
  const cache = new Map<string, [number, number][]>();
  return (t: number) => {
    const jst = new Date(t + 9 * 3_600_000);
    const key = jst.toISOString().slice(0, 10);
    let ranges = cache.get(key);
    if (!ranges) {
      let hours: readonly HoursRange[];
      if (spec.days?.[key]) hours = spec.days[key];
      else if (spec.observeHolidays && key in HOLIDAYS) hours = [];
      else hours = spec.workHours[WEEKDAYS[jst.getUTCDay()]!] ?? [];
      ranges = hours.map(([a, b]) => {
        const [ah, am] = a.split(':').map(Number);
        const [bh, bm] = b.split(':').map(Number);
        return [ah! * 60 + am!, bh! * 60 + bm!];
      });
      cache.set(key, ranges);
    }
    const minute = jst.getUTCHours() * 60 + jst.getUTCMinutes();
    return ranges.some(([a, b]) => minute >= a && minute < b);
  };
}

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** One working range in a day, on a 5-minute grid, 30 minutes to 12 hours long. */
const rangeArb = fc
  .tuple(fc.integer({ min: 0, max: 276 }), fc.integer({ min: 6, max: 144 }))
  .map(([a, len]) => [clock(a * 5), clock(Math.min(288, a + len) * 5)] as HoursRange);

/** A day's hours: up to three ranges, possibly overlapping or touching (they are merged). */
const dayHoursArb = fc.array(rangeArb, { minLength: 0, maxLength: 3 });

// Around Golden Week 2026 (4/29, 5/3–5/6 are holidays), so holidays matter.
const BASE = Date.parse('2026-04-24T00:00:00+09:00');
const dayOf = (offset: number) => new Date(BASE + 9 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

const calendarArb: fc.Arbitrary<CalendarSpec> = fc
  .record({
    weekly: fc.array(dayHoursArb, { minLength: 7, maxLength: 7 }),
    // At least one long working weekday so that every plan ends within a few weeks.
    anchorDay: fc.integer({ min: 0, max: 6 }),
    observeHolidays: fc.boolean(),
    exceptions: fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.oneof(fc.constant([] as HoursRange[]), dayHoursArb)), { maxLength: 6 }),
  })
  .map(({ weekly, anchorDay, observeHolidays, exceptions }) => {
    const workHours: CalendarSpec['workHours'] = {};
    WEEKDAYS.forEach((d, i) => (workHours[d] = i === anchorDay ? [...weekly[i]!, ['08:00', '17:00']] : weekly[i]!));
    const days: Record<string, HoursRange[]> = {};
    for (const [offset, hours] of exceptions) days[dayOf(offset)] = hours;
    return { workHours, observeHolidays, days };
  });

const orderArb = (workstations: number) =>
  fc.record({
    ops: fc.array(fc.record({ ws: fc.integer({ min: 0, max: workstations - 1 }), minutes: fc.double({ min: 0, max: 480, noNaN: true }) }), { minLength: 1, maxLength: 4 }),
    dueOffsetMin: fc.integer({ min: 0, max: 20 * 24 * 60 }),
    direction: fc.constantFrom<Direction>('forward', 'backward'),
  });

const scenarioArb = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc.record({
    calendars: fc.array(calendarArb, { minLength: n, maxLength: n }),
    orders: fc.array(orderArb(n), { minLength: 1, maxLength: 6 }),
    startOffsetMin: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  }),
);

describe('scheduling engine: working calendars', () => {
  const weekdays = { mon: [['08:00', '12:00'], ['13:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] } as const;

  it('counts working time across a lunch break, a night and a holiday weekend', () => {
    const cal = new WorkCalendar({ workHours: weekdays, observeHolidays: true });
    // Tue 2026-04-28 16:00 JST, 3 hours: 1 h on Tuesday, Wednesday 4/29 is 昭和の日 (closed), 2 h Thursday.
    const start = Date.parse('2026-04-28T16:00:00+09:00');
    const end = cal.advance(start, 180 * MIN);
    expect(new Date(end).toISOString()).toBe(new Date('2026-04-30T10:00:00+09:00').toISOString());
    expect(cal.workingMs(start, end)).toBe(180 * MIN);
    expect(cal.retreat(end, 180 * MIN)).toBe(start);
    // Monday's lunch break is skipped.
    const monday = Date.parse('2026-04-27T11:00:00+09:00');
    expect(new Date(cal.advance(monday, 120 * MIN)).toISOString()).toBe(new Date('2026-04-27T14:00:00+09:00').toISOString());
  });

  it('uses the weekly hours on a holiday when holidays are not observed, and day exceptions first', () => {
    const open = new WorkCalendar({ workHours: weekdays, observeHolidays: false, days: { '2026-04-30': [] , '2026-05-02': [['09:00', '12:00']] } });
    expect(open.isWorking(Date.parse('2026-04-29T09:00:00+09:00'))).toBe(true);
    expect(open.isWorking(Date.parse('2026-04-30T09:00:00+09:00'))).toBe(false); // closed by exception
    expect(open.isWorking(Date.parse('2026-05-02T10:00:00+09:00'))).toBe(true); // a Saturday opened by exception
    expect(open.isWorking(Date.parse('2026-05-02T13:00:00+09:00'))).toBe(false);
  });

  it('lists the non-working time of a period', () => {
    const cal = new WorkCalendar({ workHours: { mon: [['08:00', '17:00']] }, observeHolidays: true });
    const from = Date.parse('2026-04-27T00:00:00+09:00');
    const gaps = cal.nonWorking(from, from + 86_400_000).map(([a, b]) => [new Date(a).toISOString(), new Date(b).toISOString()]);
    expect(gaps).toEqual([
      [new Date('2026-04-27T00:00:00+09:00').toISOString(), new Date('2026-04-27T08:00:00+09:00').toISOString()],
      [new Date('2026-04-27T17:00:00+09:00').toISOString(), new Date('2026-04-28T00:00:00+09:00').toISOString()],
    ]);
  });

  it('reports a calendar without any working time', () => {
    const cal = new WorkCalendar({ workHours: {}, observeHolidays: true });
    expect(() => cal.nextWorking(BASE)).toThrow(ClosedCalendarError);
  });
});

describe('scheduling engine: property over random calendars and orders', () => {
  it('never overlaps a workstation, keeps the sequence, books exact working minutes and nothing on closed time', () => {
    fc.assert(
      fc.property(scenarioArb, ({ calendars, orders, startOffsetMin }) => {
        const ids = calendars.map((_, i) => `ws-${i}`);
        const scheduler = new Scheduler(new Map(calendars.map((c, i) => [ids[i]!, new WorkCalendar(c)])));
        const reference = calendars.map(referenceCalendar);
        const earliest = BASE + startOffsetMin * MIN;
        const all: Slot[] = [];
        orders.forEach((order, n) => {
          const due = earliest + order.dueOffsetMin * MIN;
          const requests = order.ops.map((op, i) => ({ key: `o${n}-${i}`, workstationId: ids[op.ws]!, minutes: op.minutes }));
          const forward = scheduler.plan(requests, { direction: 'forward', earliest, due });
          const slots = scheduler.schedule(requests, { direction: order.direction, earliest, due });
          expect(slots.map((s) => s.key)).toEqual(requests.map((r) => r.key));
          for (let i = 0; i < slots.length; i++) {
            const s = slots[i]!;
            expect(s.start).toBeGreaterThanOrEqual(earliest);
            if (i > 0) expect(s.start).toBeGreaterThanOrEqual(slots[i - 1]!.end);
            const isWorking = reference[Number(s.workstationId.slice(3))]!;
            // Exact working minutes (rounded up to whole minutes), counted minute by minute.
            let working = 0;
            for (let t = s.start; t < s.end; t += MIN) if (isWorking(t)) working++;
            expect(working * MIN).toBe(neededMs(order.ops[i]!.minutes));
            // Starts and ends inside working time: never on a closed day or a holiday.
            expect(isWorking(s.start)).toBe(true);
            expect(isWorking(s.end - MIN)).toBe(true);
          }
          if (order.direction === 'forward') expect(slots).toEqual(forward);
          if (order.direction === 'backward' && slots[slots.length - 1]!.end > due) {
            // Late only when the due date cannot be met from the earliest start: then it is the forward plan.
            expect(slots).toEqual(forward);
          }
          all.push(...slots);
        });
        for (const id of ids) {
          const mine = all.filter((s) => s.workstationId === id).sort((a, b) => a.start - b.start);
          for (let i = 1; i < mine.length; i++) expect(mine[i]!.start).toBeGreaterThanOrEqual(mine[i - 1]!.end);
        }
      }),
      { numRuns: 150, seed: 20261128 },
    );
  });

  it('backward scheduling finishes by the due date when there is room, as late as the calendar allows', () => {
    const cal = new WorkCalendar({ workHours: { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] }, observeHolidays: true });
    const scheduler = new Scheduler(new Map([['a', cal], ['b', cal]]));
    const due = Date.parse('2026-05-08T12:00:00+09:00'); // Friday noon
    const slots = scheduler.schedule(
      [{ key: '1', workstationId: 'a', minutes: 120 }, { key: '2', workstationId: 'b', minutes: 60 }],
      { direction: 'backward', earliest: Date.parse('2026-04-27T00:00:00+09:00'), due },
    );
    expect(slots.map((s) => [new Date(s.start).toISOString(), new Date(s.end).toISOString()])).toEqual([
      [new Date('2026-05-08T09:00:00+09:00').toISOString(), new Date('2026-05-08T11:00:00+09:00').toISOString()],
      [new Date('2026-05-08T11:00:00+09:00').toISOString(), new Date('2026-05-08T12:00:00+09:00').toISOString()],
    ]);
    // A second order on the same workstation goes before the first one.
    const [other] = scheduler.schedule([{ key: '3', workstationId: 'b', minutes: 90 }], { direction: 'backward', earliest: Date.parse('2026-04-27T00:00:00+09:00'), due });
    expect(new Date(other!.end).toISOString()).toBe(new Date('2026-05-08T11:00:00+09:00').toISOString());
    expect(new Date(other!.start).toISOString()).toBe(new Date('2026-05-08T09:30:00+09:00').toISOString());
  });

  it('falls back to forward from the release time when the due date cannot be met', () => {
    const cal = new WorkCalendar({ workHours: { mon: [['08:00', '17:00']] }, observeHolidays: false });
    const scheduler = new Scheduler(new Map([['a', cal]]));
    const earliest = Date.parse('2026-04-27T08:00:00+09:00');
    const [slot] = scheduler.schedule([{ key: '1', workstationId: 'a', minutes: 600 }], { direction: 'backward', earliest, due: Date.parse('2026-04-27T17:00:00+09:00') });
    expect(slot!.start).toBe(earliest);
    expect(new Date(slot!.end).toISOString()).toBe(new Date('2026-05-04T09:00:00+09:00').toISOString());
  });
});

describe('order generation numbers', () => {
  it('computes run minutes per unit and per batch, and planned energy', () => {
    expect(runMinutes({ timeBasis: 'per_unit', standardMinutes: 0.5, batchSize: 1, energyPerUnit: {} }, 500)).toBe(250);
    expect(runMinutes({ timeBasis: 'per_batch', standardMinutes: 90, batchSize: 200, energyPerUnit: {} }, 500)).toBe(270); // 3 batches
    expect(runMinutes({ timeBasis: 'per_batch', standardMinutes: 90, batchSize: 250, energyPerUnit: {} }, 500)).toBe(180); // exactly 2
    expect(plannedEnergy({ timeBasis: 'per_unit', standardMinutes: 1, batchSize: 1, energyPerUnit: { electricity: 0.52, city_gas: 0.02 } }, 500)).toEqual({ electricity: 260, city_gas: 10 });
  });

  it('computes material requirements with yield and scrap', () => {
    const req = materialRequirements({ baseQuantity: 100, yieldPct: 98, lines: [{ componentItemId: 'resin', quantity: 102, scrapPct: 1 }, { componentItemId: 'additive', quantity: 2, scrapPct: 0 }] }, 500);
    // 102 × 500 / 100 / 0.98 / 0.99 = 525.664…; 2 × 500 / 100 / 0.98 = 10.204…
    expect(req.get('resin')).toBeCloseTo(525.664811, 5);
    expect(req.get('additive')).toBeCloseTo(10.204082, 5);
  });
});
