import type { Lang } from '../../i18n';
import type { CapacityUnit } from './capacityApi';

const GIB = 1024 ** 3;
const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Bytes as people read them: 12.3 GB. */
export function formatBytes(bytes: number, lang: Lang): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${value.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${UNITS[unit]}`;
}

/** A figure in its unit with separators: 12.3 GB, 87.5%, 1,204, 350 ms; an em dash when unknown. */
export function formatCapacity(unit: CapacityUnit, value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '—';
  const locale = lang === 'ja' ? 'ja-JP' : 'en-US';
  if (unit === 'bytes') return formatBytes(value, lang);
  if (unit === 'percent') return `${value.toLocaleString(locale, { maximumFractionDigits: 1 })}%`;
  if (unit === 'ms') return `${Math.round(value).toLocaleString(locale)} ms`;
  return Math.round(value).toLocaleString(locale);
}

/** The value a threshold form shows: gigabytes for byte thresholds, the unit itself otherwise. */
export function limitToInput(unit: CapacityUnit, limit: number): string {
  return unit === 'bytes' ? String(Math.round((limit / GIB) * 1000) / 1000) : String(limit);
}

/** What the API takes from the form's text, or null when it is not a number of at least zero. */
export function inputToLimit(unit: CapacityUnit, text: string): number | null {
  const value = Number(text.normalize('NFKC').trim());
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) return null;
  return unit === 'bytes' ? Math.round(value * GIB) : value;
}
