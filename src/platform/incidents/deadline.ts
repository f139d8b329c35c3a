import holidayJp from '@holiday-jp/holiday_jp';

/**
 * The notification deadline of an incident (white paper 16.1.1), counted from the time it
 * OCCURRED (発生), not from when it was confirmed:
 *
 * - Standard business hours are 09:00 ≤ t < 18:00 JST on a business day. A business day is
 *   Monday to Friday except national holidays, including 振替休日 and 国民の休日 (the
 *   holiday calendar of `@holiday-jp/holiday_jp` lists all three). The year-end days
 *   12/31, 1/2 and 1/3 are not national holidays, so on a weekday they are business days:
 *   the rule excludes only weekends and national holidays.
 * - Occurred within business hours: the deadline is six hours later, even when that runs
 *   past 18:00 (17:30 → 23:30).
 * - Occurred outside: the later of the start of the next business-hours window (09:00 of the
 *   same day when it occurred before 09:00 on a business day, otherwise 09:00 of the next
 *   business day) and six hours after occurrence (04:00 on a business day → 10:00).
 * - Edges: exactly 09:00 is inside business hours, exactly 18:00 is outside.
 *
 * A notification sent at or before the deadline is in time. Japan keeps no daylight saving
 * time, so JST is always UTC+9 and the arithmetic below is exact.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const JST_OFFSET_MS = 9 * HOUR_MS;

/** Business hours in JST: [09:00, 18:00). */
export const BUSINESS_HOURS = { startHour: 9, endHour: 18 } as const;
/** Six hours from occurrence: the notification period inside business hours. */
export const NOTIFY_WITHIN_MS = 6 * HOUR_MS;
/** Staff are alerted this long before an unsent notification's deadline. */
export const DEADLINE_ALERT_LEAD_MS = HOUR_MS;

// Keyed by JST calendar day (YYYY-MM-DD). The library's own isHoliday() formats the date in
// the host's time zone, which would shift the day on a server running in UTC.
const HOLIDAYS: Readonly<Record<string, unknown>> = holidayJp.holidays;
const HOLIDAY_YEARS = Object.keys(HOLIDAYS).map((day) => Number(day.slice(0, 4)));
/** The last year the holiday calendar covers; later years count weekends only. */
export const HOLIDAY_CALENDAR_LAST_YEAR = Math.max(...HOLIDAY_YEARS);

/** The JST calendar day of an instant as YYYY-MM-DD. */
export function jstDay(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 JST of the day the instant falls on, as an instant. */
function jstMidnight(at: Date): number {
  return Math.floor((at.getTime() + JST_OFFSET_MS) / DAY_MS) * DAY_MS - JST_OFFSET_MS;
}

/** Whether the JST day containing `at` is a national holiday (incl. 振替休日 and 国民の休日). */
export function isNationalHoliday(at: Date): boolean {
  return jstDay(at) in HOLIDAYS;
}

/** Whether the JST day containing `at` is a business day: Mon–Fri and not a national holiday. */
export function isBusinessDay(at: Date): boolean {
  const weekday = new Date(at.getTime() + JST_OFFSET_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isNationalHoliday(at);
}

/** Whether `at` lies within standard business hours: 09:00 ≤ t < 18:00 JST on a business day. */
export function isBusinessTime(at: Date): boolean {
  if (!isBusinessDay(at)) return false;
  const sinceMidnight = at.getTime() - jstMidnight(at);
  return sinceMidnight >= BUSINESS_HOURS.startHour * HOUR_MS && sinceMidnight < BUSINESS_HOURS.endHour * HOUR_MS;
}

/**
 * The first 09:00 JST of a business day at or after `at`: the same day's 09:00 when `at` is
 * before it on a business day, otherwise 09:00 of the next business day.
 */
export function nextBusinessWindowStart(at: Date): Date {
  const midnight = jstMidnight(at);
  // The longest run of days off in the calendar is about a week (Golden Week, the year end);
  // a year of days is a bound that only a broken calendar could reach.
  for (let day = 0; day <= 366; day++) {
    const opening = new Date(midnight + day * DAY_MS + BUSINESS_HOURS.startHour * HOUR_MS);
    if (opening.getTime() >= at.getTime() && isBusinessDay(opening)) return opening;
  }
  throw new Error(`nextBusinessWindowStart: no business day within a year of ${at.toISOString()}; check the holiday calendar`);
}

/** The deadline for notifying affected tenants of an incident that occurred at `occurredAt`. */
export function notificationDeadline(occurredAt: Date): Date {
  if (Number.isNaN(occurredAt.getTime())) throw new Error('notificationDeadline: occurredAt is not a valid date');
  const sixHoursLater = occurredAt.getTime() + NOTIFY_WITHIN_MS;
  if (isBusinessTime(occurredAt)) return new Date(sixHoursLater);
  return new Date(Math.max(nextBusinessWindowStart(occurredAt).getTime(), sixHoursLater));
}

/** Where a tenant's notification stands against its deadline. */
export type NotificationStatus = 'pending' | 'overdue' | 'sent_in_time' | 'sent_late';

/**
 * The status of one tenant's notification: sent at or before the deadline is in time, after
 * it late; unsent is pending up to the deadline (a notice sent then would still be in time)
 * and overdue once it has passed. An incident confirmed after its deadline is therefore
 * overdue the moment it is recorded.
 */
export function notificationStatus(deadline: Date, notifiedAt: Date | null, now: Date): NotificationStatus {
  if (notifiedAt) return notifiedAt.getTime() <= deadline.getTime() ? 'sent_in_time' : 'sent_late';
  return now.getTime() <= deadline.getTime() ? 'pending' : 'overdue';
}

/** The countdown to a deadline: milliseconds left (negative once passed). */
export function timeLeft(deadline: Date, now: Date): { remainingMs: number; overdue: boolean } {
  const remainingMs = deadline.getTime() - now.getTime();
  return { remainingMs, overdue: remainingMs < 0 };
}

/** Whether an unsent notification is close enough to its deadline (or past it) to alert staff. */
export function needsDeadlineAlert(deadline: Date, now: Date): boolean {
  return now.getTime() >= deadline.getTime() - DEADLINE_ALERT_LEAD_MS;
}
