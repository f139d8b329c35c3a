/**
 * Search text for the catalog, the same on PostgreSQL and PGlite with no extension: text is
 * normalised (NFKC, lower case, katakana folded to hiragana, hyphens and dashes dropped, spaces
 * collapsed) and cut into character unigrams and bigrams, which an array GIN index finds; the normalised
 * text then confirms each term as a substring. Bigrams work for Japanese, which has no spaces,
 * as well as for grade codes and CAS numbers.
 */

// Hyphens and dashes (not the katakana long vowel ー): grade codes and CAS numbers are written
// with or without them (J-700GP, J700GP; 6683-19-8), so neither side keeps them.
const DASHES = /[-‐‑‒–—―−－﹣]/g;
const KATAKANA = /[\u30a1-\u30f6]/g;

/** The normalised form of text for searching: what users type and what products hold alike. */
export function normalizeSearchText(input: string): string {
  return input
    .normalize('NFKC')
    .toLowerCase()
    .replace(DASHES, '')
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
 * lines so a term never matches across two of them; the first fields rank first. An empty field
 * keeps its (empty) line, so line n is always the n-th field and search can rank by it
 * (SEARCH_LINES).
 */
export function searchColumns(fields: readonly string[]): { searchText: string; searchTokens: string[] } {
  const lines = fields.map(normalizeSearchText);
  const tokens = new Set<string>();
  for (const line of lines) for (const segment of line.split(' ')) segmentTokens(segment, tokens);
  return { searchText: lines.join('\n'), searchTokens: [...tokens].sort() };
}

/**
 * Lines of `search_text` by field, for ranking: the writer passes the name, English name, grade,
 * brand and category first, in this order (empty ones keep their line).
 */
export const SEARCH_LINES = { name: 1, nameEn: 2, grade: 3, brand: 4, category: 5 } as const;

/** One term of a query: the normalised substring and the tokens a match must hold. */
export interface QueryTerm {
  term: string;
  tokens: string[];
}

/**
 * The terms of a search query (whitespace separates terms; all must match). A term's tokens are
 * bigrams that cover each of its characters once or twice: every other bigram and the last
 * (ぽりぷろぴれん: ぽり, ぷろ, ぴれ, れん). The index needs no more to find the candidates, as
 * the text confirms the whole term; each further bigram costs one more posting list to
 * intersect, about 0.2 ms for a common one at 100,000 products.
 */
export function queryTerms(query: string): QueryTerm[] {
  const normalized = normalizeSearchText(query);
  if (normalized === '') return [];
  return [...new Set(normalized.split(' '))].map((term) => {
    const chars = Array.from(term);
    if (chars.length === 1) return { term, tokens: [term] };
    const starts = chars.slice(0, -1).map((_, i) => i).filter((i) => i % 2 === 0 || i === chars.length - 2);
    return { term, tokens: [...new Set(starts.map((i) => chars[i]! + chars[i + 1]!))] };
  });
}

/** `term` as a LIKE pattern matching it anywhere, with LIKE's wildcards escaped. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
