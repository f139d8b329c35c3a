import { formatDateTime } from '../../format';
import type { Lang } from '../../i18n';

const JST_OFFSET_MS = 9 * 3_600_000;
const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The value of a `datetime-local` input for an instant, in Japan time. The console's time
 * fields are JST whatever the browser's zone, as the notices tenants receive are.
 */
export function toJstInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() + JST_OFFSET_MS).toISOString().slice(0, 16);
}

/** An instant (ISO 8601, +09:00) from a `datetime-local` value read as JST; null when incomplete. */
export function fromJstInput(value: string): string | null {
  const match = LOCAL_INPUT.exec(value);
  if (!match) return null;
  const iso = `${value}:00+09:00`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  // Reject dates the calendar does not have (e.g. 02-30), which Date would roll over.
  return toJstInput(date.toISOString()) === value ? iso : null;
}

/** A window as one line in JST, e.g. `2026/12/05(土) 22:00 – 2026/12/06(日) 02:00 JST`. */
export function windowText(startsAt: string, endsAt: string, lang: Lang): string {
  return `${formatDateTime(startsAt, lang)} – ${formatDateTime(endsAt, lang, { withZone: true })}`;
}

/** Whether a start keeps the lead time, counted from `now`. */
export function keepsLeadTime(startsAt: string, leadDays: number, now: Date = new Date()): boolean {
  return new Date(startsAt).getTime() - now.getTime() >= leadDays * 24 * 3_600_000;
}
