import type { Lang } from './i18n';

const TIME_ZONE = 'Asia/Tokyo';

// Digits and order come from ja-JP in both languages so that dates read the same way
// (2026/11/27 10:00); only the weekday follows the UI language.
const numericParts = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const weekdayFormats: Record<Lang, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { timeZone: TIME_ZONE, weekday: 'short' }),
  en: new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, weekday: 'short' }),
};

export interface FormatDateTimeOptions {
  /** Append "JST" where the zone matters, e.g. deadlines and expiry times. */
  withZone?: boolean;
}

/**
 * Formats an ISO 8601 timestamp in Japan time as `2026/11/27(金) 10:00`
 * (`2026/11/27(Fri) 10:00` in English). Returns the input unchanged if it is not a date,
 * so a malformed value stays visible instead of turning into "Invalid Date".
 */
export function formatDateTime(iso: string, lang: Lang, options: FormatDateTimeOptions = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    numericParts.formatToParts(date).map((part) => [part.type, part.value]),
  );
  const weekday = weekdayFormats[lang].format(date);
  const text = `${parts.year}/${parts.month}/${parts.day}(${weekday}) ${parts.hour}:${parts.minute}`;
  return options.withZone ? `${text} JST` : text;
}
