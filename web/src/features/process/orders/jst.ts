/** Japan time helpers: JST is UTC+9 all year (no daylight saving). */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
const JST_OFFSET_MS = 9 * HOUR_MS;

/** The instant at which the JST day containing `ms` begins. */
export function jstDayStart(ms: number): number {
  return Math.floor((ms + JST_OFFSET_MS) / DAY_MS) * DAY_MS - JST_OFFSET_MS;
}

/** The Monday (JST) of the week containing `ms`, as its start instant. */
export function jstWeekStart(ms: number): number {
  const day = jstDayStart(ms);
  const weekday = new Date(day + JST_OFFSET_MS).getUTCDay(); // 0 = Sunday
  return day - ((weekday + 6) % 7) * DAY_MS;
}

/** 'YYYY-MM-DD' of the JST day containing `ms`. */
export function jstDate(ms: number): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The start instant of a JST day given as 'YYYY-MM-DD' (NaN when malformed). */
export function parseJstDate(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return Number.NaN;
  return Date.parse(`${day}T00:00:00Z`) - JST_OFFSET_MS;
}

/** 'YYYY-MM-DDTHH:mm' (a datetime-local value read as JST) → ISO 8601 UTC; null when malformed. */
export function jstLocalToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const ms = Date.parse(`${value}:00Z`) - JST_OFFSET_MS;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** ISO instant → 'YYYY-MM-DDTHH:mm' in JST, for a datetime-local input. */
export function isoToJstLocal(iso: string): string {
  return new Date(Date.parse(iso) + JST_OFFSET_MS).toISOString().slice(0, 16);
}

/** 'HH:mm' in JST of an instant. */
export function jstTime(ms: number): string {
  return new Date(ms + JST_OFFSET_MS).toISOString().slice(11, 16);
}

/** 'M/D' in JST of an instant. */
export function jstMonthDay(ms: number): string {
  const d = new Date(ms + JST_OFFSET_MS);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}`;
}
