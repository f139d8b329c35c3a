import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, writeCsv } from '../../../src/platform/tables/index.js';

describe('process master: RFC 4180 CSV', () => {
  it('reads plain, quoted and multi-line fields with CRLF or LF, and ignores a BOM', () => {
    expect(parseCsv('\uFEFFa,b,c\r\n1,2,3\r\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(parseCsv('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('"品目, 名称","say ""hi""",x\r\n"line1\r\nline2",,\r\n')).toEqual([
      ['品目, 名称', 'say "hi"', 'x'],
      ['line1\r\nline2', '', ''],
    ]);
    expect(parseCsv('a,b\r\n\r\n1,2\r\n')).toEqual([['a', 'b'], [''], ['1', '2']]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('"",x')).toEqual([['', 'x']]);
  });

  it('refuses an unterminated quote and a quote inside an unquoted field, naming the line', () => {
    expect(() => parseCsv('a,b\r\n"open,1\r\n')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a,b\r\nx,"open\r\nmore');
    } catch (error) {
      expect(error).toBeInstanceOf(CsvSyntaxError);
      expect((error as CsvSyntaxError).line).toBe(2);
      expect((error as CsvSyntaxError).problem).toBe('unterminated_quote');
    }
    expect(() => parseCsv('a,b"c\r\n')).toThrow(/stray_quote/);
    expect(() => parseCsv('"a"b,c\r\n')).toThrow(/stray_quote/);
  });

  it('reads back whatever it writes', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', 'あ', ',', '"', '\r', '\n', ' ', '1') }), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (records) => {
        expect(parseCsv(writeCsv(records))).toEqual(records);
      }),
    );
  });
});
