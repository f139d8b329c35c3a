/**
 * Search text for the catalog, the same on PostgreSQL and PGlite with no extension: text is
 * normalised (NFKC, lower case, katakana folded to hiragana, dashes unified, spaces collapsed)
 * and cut into character unigrams and bigrams, which an array GIN index finds; the normalised
 * text then confirms each term as a substring. Bigrams work for Japanese, which has no spaces,
 * as well as for grade codes and CAS numbers.
 */

const DASHES = /[‐‑‒–—―−－﹣]/g;
const KATAKANA = /[\u30a1-\u30f6]/g;

/** The normalised form of text for searching: what users type and what products hold alike. */
export function normalizeSearchText(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    .replace(DASHES, '-')
    .replace(KATAKANA, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Unigrams and bigrams of one whitespace-free segment. */
function segmentTokens(segment: string, into: Set<string>): void {
  const chars = Array.from(segment);
  for (let i = 0; i < chars.length; i += 1) {
    into.add(chars[i]!);
    if (i + 1 < chars.length) into.add(chars[i]! + chars[i + 1]!);
  }
}

/**
 * The stored search columns of a product from its searchable fields (name, English name, grade,
 * brand, category, applications, CAS numbers, component names...). Fields are kept on their own
 * lines so a term never matches across two of them; the first fields rank first.
 */
export function searchColumns(fields: readonly string[]): { searchText: string; searchTokens: string[] } {
  const lines = fields.map(normalizeSearchText).filter((line) => line.length > 0);
  const tokens = new Set<string>();
  for (const line of lines) for (const segment of line.split(' ')) segmentTokens(segment, tokens);
  return { searchText: lines.join('\n'), searchTokens: [...tokens].sort() };
}

/** One term of a query: the normalised substring and the tokens a match must hold. */
export interface QueryTerm {
  term: string;
  tokens: string[];
}

/** The terms of a search query (whitespace separates terms; all must match). */
export function queryTerms(query: string): QueryTerm[] {
  const normalized = normalizeSearchText(query);
  if (normalized === '') return [];
  return [...new Set(normalized.split(' '))].map((term) => {
    const chars = Array.from(term);
    const tokens = chars.length === 1 ? [term] : chars.slice(0, -1).map((ch, i) => ch + chars[i + 1]!);
    return { term, tokens: [...new Set(tokens)] };
  });
}

/** `term` as a LIKE pattern matching it anywhere, with LIKE's wildcards escaped. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
