import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeSearchText, queryTerms, searchColumns } from '../../../src/services/catalog/search/searchText.js';

/** Text as products hold it: katakana, hiragana, kanji, Latin letters, digits, dashes and spaces. */
const productText = fc
  .array(fc.constantFrom(...Array.from('ポリプロピレンナイロン酸化チタン樹脂abcPP0123456789-－ ')), { minLength: 1, maxLength: 40 })
  .map((chars) => chars.join(''));

describe('catalog search text', () => {
  it('tokens of a term cover every character with bigrams (a one-character term is its own token)', () => {
    expect(queryTerms('ポリプロピレン')).toEqual([{ term: 'ぽりぷろぴれん', tokens: ['ぽり', 'ぷろ', 'ぴれ', 'れん'] }]);
    expect(queryTerms('ABCD')).toEqual([{ term: 'abcd', tokens: ['ab', 'cd'] }]);
    expect(queryTerms('65997-17-3')).toEqual([{ term: '65997173', tokens: ['65', '99', '71', '73'] }]);
    expect(queryTerms('Ｐ')).toEqual([{ term: 'p', tokens: ['p'] }]);
    expect(queryTerms('  ')).toEqual([]);
    fc.assert(
      fc.property(productText, (text) => {
        for (const { term, tokens } of queryTerms(text)) {
          const chars = Array.from(term);
          const covered = new Set<number>();
          for (let i = 0; i + 1 < chars.length; i += 1) if (tokens.includes(chars[i]! + chars[i + 1]!)) covered.add(i).add(i + 1);
          if (chars.length === 1) expect(tokens).toEqual([term]);
          else expect(covered.size).toBe(chars.length);
        }
      }),
    );
  });

  it("finds every product that holds the term: a term's tokens are among the tokens of any text containing it", () => {
    fc.assert(
      fc.property(productText, fc.nat(), fc.nat(), (text, a, b) => {
        const { searchText, searchTokens } = searchColumns([text]);
        const words = normalizeSearchText(text).split(' ').filter(Boolean);
        fc.pre(words.length > 0);
        const word = Array.from(words[a % words.length]!);
        const start = b % word.length;
        const term = word.slice(start, start + 1 + (a % (word.length - start))).join('');
        const [query] = queryTerms(term);
        expect(searchText.includes(query!.term)).toBe(true);
        for (const token of query!.tokens) expect(searchTokens).toContain(token);
      }),
    );
  });
});
