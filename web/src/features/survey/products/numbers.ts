/** Numbers as forms take them and as people read them. */

/** Parses a number typed into a form; null when empty or not a number. */
export function parseNumber(text: string): number | null {
  const trimmed = text.normalize('NFKC').trim().replace(/,/g, '');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** A number as a form shows it ('' for none). */
export function numberText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** A number for people, with separators; up to `digits` decimals. */
export function formatNumber(value: number, lang: string, digits = 4): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'ja-JP', { maximumFractionDigits: digits }).format(value);
}
