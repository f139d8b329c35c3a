/** Languages the product speaks; Japanese first. */
export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];
export const DEFAULT_LANG: Lang = 'ja';

export type Localized = Readonly<Record<Lang, string>>;

/**
 * Picks the user's language from an Accept-Language header (first supported tag wins,
 * by q-value), falling back to Japanese.
 */
export function negotiateLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return DEFAULT_LANG;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (base === 'ja' || base === 'en') return base;
  }
  return DEFAULT_LANG;
}

/** Replaces `{name}` placeholders with values. */
export function interpolate(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}
