import holidayJp from '@holiday-jp/holiday_jp';
import { describe, expect, it } from 'vitest';
import {
  HOLIDAY_CALENDAR_LAST_YEAR,
  isBusinessDay,
  isBusinessTime,
  nextBusinessWindowStart,
  needsDeadlineAlert,
  notificationDeadline,
  notificationStatus,
  timeLeft,
} from '../../src/platform/incidents/deadline.js';

/** An instant written in JST, the way people state the rule. */
const jst = (local: string) => new Date(`${local}+09:00`);

/**
 * Hand-computed deadlines (16.1.1), counted from occurrence. Days of the week and the
 * holidays they fall on are written beside each case; the expected value follows the rule:
 * inside 09:00–18:00 on a business day → +6 h; otherwise the later of the next 09:00 of a
 * business day and +6 h.
 */
const CASES: ReadonlyArray<[occurred: string, deadline: string, why: string]> = [
  ['2026-11-24T10:00', '2026-11-24T16:00', 'Tue 10:00, business hours: +6 h'],
  ['2026-11-27T17:30', '2026-11-27T23:30', 'Fri 17:30, business hours: +6 h even past 18:00'],
  ['2026-11-30T07:00', '2026-11-30T13:00', 'Mon 07:00: later of 09:00 and 13:00'],
  ['2026-11-27T20:00', '2026-11-30T09:00', 'Fri 20:00: next business day is Mon'],
  ['2026-11-28T12:00', '2026-11-30T09:00', 'Sat noon: Mon 09:00'],
  ['2026-11-29T06:00', '2026-11-30T09:00', 'Sun 06:00: Mon 09:00'],
  ['2026-11-29T23:30', '2026-11-30T09:00', 'Sun 23:30: Mon 09:00 is later than Mon 05:30'],
  ['2026-11-28T04:00', '2026-11-30T09:00', 'Sat 04:00 (before 09:00 but not a business day): Mon 09:00'],
  ['2026-09-18T19:00', '2026-09-24T09:00', 'Silver Week: Fri evening, Sat–Sun, 敬老の日 21st, 国民の休日 22nd, 秋分の日 23rd → Thu 24th'],
  ['2026-09-22T11:00', '2026-09-24T09:00', '国民の休日 (Tue 22 Sep) at 11:00 is not business time'],
  ['2026-09-23T23:00', '2026-09-24T09:00', '秋分の日 23:00: Thu 09:00 is later than Thu 05:00'],
  ['2026-05-06T10:00', '2026-05-07T09:00', '振替休日 (Wed 6 May, for 憲法記念日 on Sunday) at 10:00'],
  ['2026-05-01T18:30', '2026-05-07T09:00', 'Golden Week: Fri 1 May evening, then 2–6 May off → Thu 7 May'],
  ['2026-05-01T16:00', '2026-05-01T22:00', 'Golden Week: Fri 1 May is a business day between the holidays'],
  ['2026-04-28T23:00', '2026-04-30T09:00', 'Tue night before 昭和の日 (Wed 29 Apr): Thu 09:00'],
  ['2026-11-24T09:00', '2026-11-24T15:00', 'exactly 09:00 is inside business hours'],
  ['2026-11-24T18:00', '2026-11-25T09:00', 'exactly 18:00 is outside: Wed 09:00'],
  ['2026-11-27T18:00', '2026-11-30T09:00', 'exactly 18:00 on a Friday: Mon 09:00'],
  ['2026-11-24T17:59', '2026-11-24T23:59', '17:59 is inside: +6 h'],
  ['2026-11-24T17:59:59.999', '2026-11-24T23:59:59.999', 'the last millisecond of business hours'],
  ['2026-11-24T08:59', '2026-11-24T14:59', '08:59: +6 h (14:59) is later than 09:00'],
  ['2026-11-24T03:00', '2026-11-24T09:00', '03:00: 09:00 and 03:00 + 6 h coincide'],
  ['2026-11-24T04:00', '2026-11-24T10:00', '04:00: 10:00 is later than 09:00'],
  ['2026-11-24T02:00', '2026-11-24T09:00', '02:00: 09:00 is later than 08:00'],
  ['2026-11-02T22:00', '2026-11-04T09:00', 'Mon night into 文化の日 (Tue 3 Nov): Wed 09:00'],
  ['2026-07-20T10:00', '2026-07-21T09:00', '海の日 (a Monday holiday) at 10:00: Tue 09:00'],
  ['2026-01-12T05:00', '2026-01-13T09:00', '成人の日 05:00: not the same day, which is a holiday'],
  ['2026-07-19T12:00', '2026-07-21T09:00', 'Sunday before a Monday holiday: Tue 09:00'],
  ['2026-03-20T15:00', '2026-03-23T09:00', '春分の日 on a Friday: Mon 09:00'],
  ['2026-03-19T23:59', '2026-03-23T09:00', 'Thu night before a Friday holiday: Mon 09:00'],
  ['2026-12-30T20:00', '2026-12-31T09:00', 'year end: 31 Dec (Thu) is not a national holiday, so a business day'],
  ['2026-12-31T18:30', '2027-01-04T09:00', '31 Dec evening: 元日 (Fri), Sat, Sun → Mon 4 Jan'],
  ['2027-12-31T19:00', '2028-01-03T09:00', '31 Dec 2027 (Fri): 元日 on Sat, Sun, then Mon 3 Jan, not a national holiday'],
  ['2025-12-31T20:00', '2026-01-02T09:00', '31 Dec 2025 (Wed): 元日 (Thu), then Fri 2 Jan is a business day'],
  ['2026-01-02T10:00', '2026-01-02T16:00', '2 Jan 2026 (Fri) 10:00 is business time'],
];

describe('notification deadline (16.1.1)', () => {
  it('has at least 24 hand-computed cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(24);
  });

  it.each(CASES)('occurred %s JST → deadline %s JST (%s)', (occurred, deadline) => {
    expect(notificationDeadline(jst(occurred)).toISOString()).toBe(jst(deadline).toISOString());
  });

  it('relies on a calendar that lists 振替休日 and 国民の休日 and leaves the year-end days alone', () => {
    const holidays: Record<string, { name: string } | undefined> = holidayJp.holidays;
    expect(holidays['2026-05-06']?.name).toContain('振替休日');
    expect(holidays['2026-09-22']?.name).toBe('休日');
    expect(holidays['2026-09-21']?.name).toBe('敬老の日');
    expect(holidays['2026-09-23']?.name).toBe('秋分の日');
    for (const day of ['2026-12-31', '2027-01-02', '2027-01-03', '2028-01-03']) expect(holidays[day]).toBeUndefined();
    expect(HOLIDAY_CALENDAR_LAST_YEAR).toBeGreaterThanOrEqual(2030);
  });

  it('tells business days and business time with JST days, whatever the host time zone', () => {
    // 2026-05-06 00:30 JST is still 5 May in UTC: the day must be taken in JST.
    expect(isBusinessDay(jst('2026-05-06T00:30'))).toBe(false);
    expect(isBusinessDay(jst('2026-05-07T00:30'))).toBe(true);
    expect(isBusinessDay(jst('2026-12-31T12:00'))).toBe(true);
    expect(isBusinessDay(jst('2026-11-28T12:00'))).toBe(false);
    expect(isBusinessTime(jst('2026-11-24T09:00'))).toBe(true);
    expect(isBusinessTime(jst('2026-11-24T08:59:59.999'))).toBe(false);
    expect(isBusinessTime(jst('2026-11-24T17:59:59.999'))).toBe(true);
    expect(isBusinessTime(jst('2026-11-24T18:00'))).toBe(false);
    expect(isBusinessTime(jst('2026-09-22T12:00'))).toBe(false);
  });

  it('finds the next business-hours window: the same morning, or the next business day', () => {
    expect(nextBusinessWindowStart(jst('2026-11-24T07:00')).toISOString()).toBe(jst('2026-11-24T09:00').toISOString());
    expect(nextBusinessWindowStart(jst('2026-11-24T09:00')).toISOString()).toBe(jst('2026-11-24T09:00').toISOString());
    expect(nextBusinessWindowStart(jst('2026-11-24T09:00:00.001')).toISOString()).toBe(jst('2026-11-25T09:00').toISOString());
    expect(nextBusinessWindowStart(jst('2026-09-19T08:00')).toISOString()).toBe(jst('2026-09-24T09:00').toISOString());
  });

  it('counts a notice sent at the deadline as in time, and one a millisecond later as late', () => {
    const deadline = jst('2026-11-24T16:00');
    const after = new Date(deadline.getTime() + 1);
    expect(notificationStatus(deadline, deadline, after)).toBe('sent_in_time');
    expect(notificationStatus(deadline, after, after)).toBe('sent_late');
    expect(notificationStatus(deadline, null, deadline)).toBe('pending');
    expect(notificationStatus(deadline, null, after)).toBe('overdue');
  });

  it('counts down to the deadline and alerts staff from one hour before it', () => {
    const deadline = jst('2026-11-24T16:00');
    expect(timeLeft(deadline, jst('2026-11-24T13:30'))).toEqual({ remainingMs: 2.5 * 3_600_000, overdue: false });
    expect(timeLeft(deadline, jst('2026-11-24T16:10'))).toEqual({ remainingMs: -10 * 60_000, overdue: true });
    expect(needsDeadlineAlert(deadline, jst('2026-11-24T14:59'))).toBe(false);
    expect(needsDeadlineAlert(deadline, jst('2026-11-24T15:00'))).toBe(true);
    expect(needsDeadlineAlert(deadline, jst('2026-11-25T10:00'))).toBe(true);
  });

  it('refuses an invalid occurrence time', () => {
    expect(() => notificationDeadline(new Date('not a date'))).toThrow(/not a valid date/);
  });
});
