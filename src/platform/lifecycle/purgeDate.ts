/** The period after contract end before registered data is deleted, in months (CLD.8.1.5). */
export const PURGE_AFTER_MONTHS = 2;

/**
 * When a tenant's data may be deleted after its contract ends (CLD.8.1.5): two months
 * counted from the day after the end date, as the Japanese Civil Code counts periods
 * (民法 第140条・第143条). The period starts on the day after the end date; two months later
 * it ends on the day before the day with the same number, or on the last day of that month
 * when the month has no such day. Deletion is allowed from 00:00 JST on the following day.
 *
 *   end 2026-03-31 → period 04-01 … 05-31 → deletable from 2026-06-01
 *   end 2026-12-30 → period 12-31 … 2027-02-28 → deletable from 2027-03-01
 *   end 2026-04-29 → period 04-30 … 06-29 → deletable from 2026-06-30
 */
export function purgeDateFor(endDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(endDate);
  if (!match) throw new Error(`purgeDateFor: ${endDate} is not a YYYY-MM-DD date`);
  const end = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (end.toISOString().slice(0, 10) !== endDate) throw new Error(`purgeDateFor: ${endDate} is not a calendar date`);
  const start = new Date(end.getTime() + 86_400_000);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + PURGE_AFTER_MONTHS; // zero-based month the period ends in (may overflow into the next year)
  const day = start.getUTCDate();
  const daysInTarget = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  // The period ends the day before `day` in the target month; deletion starts on `day` itself.
  // Without such a day the period ends on the month's last day and deletion starts on the 1st after it.
  const deletable = day <= daysInTarget ? new Date(Date.UTC(year, month, day)) : new Date(Date.UTC(year, month + 1, 1));
  return deletable.toISOString().slice(0, 10);
}

/** The instant deletion is allowed from: 00:00 JST on the purge date. */
export function purgeInstantFor(endDate: string): Date {
  return new Date(`${purgeDateFor(endDate)}T00:00:00+09:00`);
}
