import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { XlsxWriter, xmlText } from '../../src/platform/lifecycle/exportFormats.js';
import type { ExportColumn } from '../../src/platform/services/index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'export-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const columns: ExportColumn[] = [
  { key: 'name', header: { ja: '名前 <&>', en: 'Name <&>' } },
  { key: 'qty', header: { ja: '数量', en: 'Quantity' } },
  { key: 'ok', header: { ja: '確認済み', en: 'Checked' } },
  { key: 'details', header: { ja: '詳細', en: 'Details' } },
];

async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

describe('XlsxWriter', () => {
  it('writes text, numbers, booleans and dates as a spreadsheet reads them, never as formulas', async () => {
    const file = path.join(dir, 'values.xlsx');
    const writer = new XlsxWriter(file, '受注: 一覧/2026', columns, 'ja');
    await writer.rows([
      { name: '=HYPERLINK("http://x")', qty: 12.5, ok: true, details: { lot: 'A-1', line: '第2ライン' } },
      { name: ' 前後に空白 & <タグ> "引用" 😀 ', qty: -3, ok: false, details: null },
      { name: `制御\u0001文字\u001Fと改行\nタブ\t`, qty: 0, ok: null, details: new Date('2026-11-27T01:02:03.000Z') },
    ]);
    await writer.close();

    const workbook = await readWorkbook(file);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['受注_ 一覧_2026']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).values).toEqual([undefined, '名前 <&>', '数量', '確認済み', '詳細']);
    expect(sheet.getCell('A2').value).toBe('=HYPERLINK("http://x")');
    expect(sheet.getCell('A2').formula).toBeUndefined();
    expect(sheet.getCell('B2').value).toBe(12.5);
    expect(sheet.getCell('C2').value).toBe(true);
    expect(JSON.parse(String(sheet.getCell('D2').value))).toEqual({ lot: 'A-1', line: '第2ライン' });
    expect(sheet.getCell('A3').value).toBe(' 前後に空白 & <タグ> "引用" 😀 ');
    expect(sheet.getCell('B3').value).toBe(-3);
    expect(sheet.getCell('C3').value).toBe(false);
    expect(sheet.getCell('D3').value).toBeNull();
    // Characters XML cannot carry are dropped; line breaks and tabs stay.
    expect(sheet.getCell('A4').value).toBe('制御文字と改行\nタブ\t');
    expect(sheet.getCell('C4').value).toBeNull();
    expect(sheet.getCell('D4').value).toBe('2026-11-27T01:02:03.000Z');
    // Only the workbook is left: the sheets' working files are removed.
    expect(readdirSync(dir).filter((f) => f.startsWith('values.xlsx'))).toEqual(['values.xlsx']);
  });

  it('continues a long table on numbered sheets, each with the header row', async () => {
    const file = path.join(dir, 'long.xlsx');
    const writer = new XlsxWriter(file, '長い表', columns, 'en', 3);
    const rows = Array.from({ length: 7 }, (_, i) => ({ name: `row ${i + 1}`, qty: i + 1, ok: i % 2 === 0, details: null }));
    await writer.rows(rows.slice(0, 2));
    await writer.rows(rows.slice(2));
    await writer.close();

    const workbook = await readWorkbook(file);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['長い表', '長い表 (2)', '長い表 (3)']);
    const read = workbook.worksheets.map((sheet) => {
      const values: unknown[][] = [];
      sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
      return values;
    });
    for (const sheet of read) expect(sheet[0]).toEqual(['Name <&>', 'Quantity', 'Checked', 'Details']);
    expect(read.flatMap((sheet) => sheet.slice(1))).toEqual(rows.map((r) => [r.name, r.qty, r.ok]));
    expect(read.map((sheet) => sheet.length - 1)).toEqual([3, 3, 1]);
  });

  it('cuts a text at Excel\'s cell limit without splitting a character', async () => {
    const file = path.join(dir, 'limit.xlsx');
    const writer = new XlsxWriter(file, 'limit', columns, 'ja');
    await writer.rows([{ name: `${'a'.repeat(32_766)}😀tail`, qty: null, ok: null, details: null }]);
    await writer.close();
    const cell = (await readWorkbook(file)).worksheets[0]!.getCell('A2').value as string;
    expect(cell).toBe('a'.repeat(32_766));
  });

  it('leaves no file behind when discarded after a failure', async () => {
    const file = path.join(dir, 'failed.xlsx');
    const writer = new XlsxWriter(file, 'failed', columns, 'ja');
    await writer.rows([{ name: 'x', qty: 1, ok: true, details: null }]);
    await writer.discard();
    expect(readdirSync(dir).filter((f) => f.startsWith('failed.xlsx'))).toEqual([]);
  });
});

describe('xmlText', () => {
  it('escapes markup and drops what XML 1.0 forbids, keeping surrogate pairs', () => {
    expect(xmlText('a<b>&"c"')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(xmlText('x\u0000\u000B\uFFFEy\uD800z😀')).toBe('xyz😀');
  });
});
