import { closeSync, createWriteStream, openSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import type { Lang } from '../../core/i18n.js';
import type { ExportColumn, ExportRow, ExportValue } from '../services/index.js';

/*
 * The three renderings of an exported table. Each writer takes rows batch by batch and writes
 * them to disk synchronously before taking the next, so memory holds one batch at most, whatever
 * the table size.
 */

/**
 * Deflate level of the export archive and of each workbook inside it. Level 1 against the
 * default 6: about 15% less CPU for the whole export and an archive about 8% larger on the event
 * log's text (bench/export.bench.ts, 100,000 rows: 28.7 MB against 26.6 MB).
 */
export const EXPORT_ZLIB_LEVEL = 1;

/** Excel's limits: rows per sheet (the header takes one) and characters per cell. */
const XLSX_MAX_DATA_ROWS = 1_048_575;
const XLSX_MAX_CELL_CHARS = 32_767;

/** A value as JSON carries it: dates as ISO 8601 UTC, 64-bit integers as decimal strings. */
export function jsonValue(value: ExportValue | bigint | undefined): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** A value as one text cell: empty for null, ISO 8601 for dates, JSON for objects. */
export function textValue(value: ExportValue | bigint | undefined): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value, bigintAsText);
}

/** JSON.stringify cannot write a bigint; 64-bit integers become decimal strings. */
export function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * One CSV cell: always quoted, quotes doubled, and a text beginning with = + - @ (or tab/CR)
 * prefixed with an apostrophe so a spreadsheet never runs it as a formula. Numbers are
 * written as they are. The README of the export says so.
 */
export function csvCell(value: ExportValue | bigint | undefined): string {
  const text = textValue(value);
  const defused = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${defused.replace(/"/g, '""')}"`;
}

/**
 * A text file written batch by batch straight from strings. A write stream would turn every
 * batch into a Buffer that stays queued while the next batch is read (PGlite reads on this
 * thread), long enough to reach the old generation, where V8 collects it only at its next full
 * collection: with a large live heap of buffers (PGlite's in-memory files) that let hundreds of
 * megabytes of dead batches pile up in a 1-million-row export. `writeSync` with a string encodes
 * outside the JS heap and leaves nothing behind; one batch is tens of kilobytes, written to the
 * OS's page cache in well under a millisecond.
 */
class TextFile {
  private fd: number | undefined;

  constructor(file: string) {
    this.fd = openSync(file, 'w', 0o600);
  }

  write(text: string): void {
    if (this.fd === undefined) throw new Error('export: the file is already closed');
    writeSync(this.fd, text);
  }

  /** Closes the file; closing it twice is harmless (a failed table closes what it opened). */
  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    closeSync(fd);
  }
}

/** A CSV file: UTF-8 with a BOM (Excel then reads Japanese correctly), CRLF line ends. */
export class CsvWriter {
  private readonly file: TextFile;

  constructor(file: string, private readonly columns: readonly ExportColumn[], lang: Lang) {
    this.file = new TextFile(file);
    this.file.write(`\uFEFF${columns.map((c) => csvCell(c.header[lang])).join(',')}\r\n`);
  }

  async rows(rows: readonly ExportRow[]): Promise<void> {
    let chunk = '';
    for (const row of rows) chunk += `${this.columns.map((c) => csvCell(row[c.key])).join(',')}\r\n`;
    this.file.write(chunk);
    await Promise.resolve();
  }

  async close(): Promise<void> {
    this.file.close();
    await Promise.resolve();
  }
}

/** A column's letters in a cell reference: 0 → A, 25 → Z, 26 → AA. */
function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF): dropped. */
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_SPECIAL = /[&<>"]/g;
const XML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text as XML character data (also safe inside a double-quoted attribute). */
export function xmlText(text: string): string {
  return text.replace(XML_INVALID, '').replace(XML_SPECIAL, (c) => XML_ENTITY[c]!);
}

/** One cell of a sheet row: numbers and booleans typed, everything else inline text, null left out. */
function xlsxCell(ref: string, value: ExportValue | bigint | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' && Number.isFinite(value)) return `<c r="${ref}"><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  const text = textValue(value);
  // Cut at Excel's limit without splitting a surrogate pair.
  let cut = text.length > XLSX_MAX_CELL_CHARS ? text.slice(0, XLSX_MAX_CELL_CHARS) : text;
  if (cut.length < text.length && /[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(cut)}</t></is></c>`;
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';
const OFFICE_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The parts of the workbook around its sheets: content types, relationships, the sheet list, minimal styles. */
function workbookParts(sheetNames: readonly string[]): { name: string; xml: string }[] {
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const sheets = sheetNames.map((_, i) => i + 1);
  return [
    {
      name: '[Content_Types].xml',
      xml:
        `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets.map((n) => `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      xml: `${head}<Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${OFFICE_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      xml:
        `${head}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${OFFICE_RELS}"><sheets>` +
        sheetNames.map((name, i) => `<sheet name="${xmlText(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      xml:
        `${head}<Relationships xmlns="${PACKAGE_RELS}">` +
        sheets.map((n) => `<Relationship Id="rId${n}" Type="${OFFICE_RELS}/worksheet" Target="worksheets/sheet${n}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="${OFFICE_RELS}/styles" Target="styles.xml"/></Relationships>`,
    },
    {
      name: 'xl/styles.xml',
      xml:
        `${head}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
        '</styleSheet>',
    },
  ];
}

/**
 * An XLSX workbook. Each sheet's XML is written batch by batch straight from strings into a
 * file beside the workbook (as `TextFile` does for CSV), and the workbook is zipped from those
 * files only when the table is complete. A streaming spreadsheet library would instead push
 * every row through its own deflate and write streams while the next batch is read (PGlite
 * reads on this thread): those in-flight Buffers outlived the young generation and piled up as
 * garbage outside the JS heap, about 700 bytes per row, until the next full collection
 * (bench/export.bench.ts). Cells hold text, numbers and booleans, never formulas; a table
 * longer than a sheet continues on the next sheet (`name (2)`, …).
 */
export class XlsxWriter {
  private sheet: TextFile | undefined;
  private readonly sheetFiles: string[] = [];
  private readonly sheetNames: string[] = [];
  private sheetRows = 0;
  private readonly headerRow: string;
  private readonly refs: string[];
  private closed = false;

  /** `maxSheetRows`: data rows per sheet before the next sheet begins; Excel's limit unless a smaller one is given. */
  constructor(
    private readonly file: string,
    private readonly sheetName: string,
    private readonly columns: readonly ExportColumn[],
    lang: Lang,
    private readonly maxSheetRows = XLSX_MAX_DATA_ROWS,
  ) {
    this.refs = columns.map((_, i) => columnLetters(i));
    this.headerRow = `<row r="1">${columns.map((c, i) => xlsxCell(`${this.refs[i]!}1`, c.header[lang])).join('')}</row>`;
    this.nextSheet();
  }

  private nextSheet(): void {
    this.endSheet();
    const number = this.sheetNames.length + 1;
    const suffix = number === 1 ? '' : ` (${number})`;
    // Sheet names: at most 31 characters, none of : \ / ? * [ ].
    const base = this.sheetName.replace(/[:\\/?*[\]]/g, '_').slice(0, 31 - suffix.length);
    this.sheetNames.push(`${base}${suffix}`);
    const sheetFile = `${this.file}.sheet${number}.xml`;
    this.sheetFiles.push(sheetFile);
    this.sheet = new TextFile(sheetFile);
    this.sheet.write(`${SHEET_HEAD}${this.headerRow}`);
    this.sheetRows = 0;
  }

  private endSheet(): void {
    if (!this.sheet) return;
    const sheet = this.sheet;
    this.sheet = undefined;
    try {
      sheet.write(SHEET_TAIL);
    } finally {
      sheet.close();
    }
  }

  async rows(rows: readonly ExportRow[]): Promise<void> {
    if (this.closed) throw new Error('export: the workbook is already closed');
    let start = 0;
    while (start < rows.length) {
      if (this.sheetRows >= this.maxSheetRows) this.nextSheet();
      if (!this.sheet) throw new Error('export: the workbook has no open sheet');
      const end = Math.min(rows.length, start + this.maxSheetRows - this.sheetRows);
      this.sheet.write(this.sheetRowsXml(rows, start, end));
      start = end;
    }
    await Promise.resolve();
  }

  private sheetRowsXml(rows: readonly ExportRow[], start: number, end: number): string {
    let xml = '';
    for (let index = start; index < end; index++) {
      const row = rows[index]!;
      this.sheetRows++;
      const r = this.sheetRows + 1;
      xml += `<row r="${r}">`;
      for (let i = 0; i < this.columns.length; i++) xml += xlsxCell(`${this.refs[i]!}${r}`, row[this.columns[i]!.key]);
      xml += '</row>';
    }
    return xml;
  }

  /** Ends the sheets, zips them into the workbook and removes their files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.endSheet();
      await this.zip();
    } finally {
      await this.removeSheets();
    }
  }

  /** After a failure midway: closes and removes the sheet files without building a workbook. */
  async discard(): Promise<void> {
    this.closed = true;
    try {
      this.endSheet();
    } finally {
      await this.removeSheets();
    }
  }

  private async removeSheets(): Promise<void> {
    await Promise.all(this.sheetFiles.map((f) => rm(f, { force: true })));
  }

  private async zip(): Promise<void> {
    const zip = new ZipArchive({ zlib: { level: EXPORT_ZLIB_LEVEL } });
    const writing = pipeline(zip, createWriteStream(this.file, { mode: 0o600 }));
    for (const part of workbookParts(this.sheetNames)) zip.append(part.xml, { name: part.name });
    this.sheetFiles.forEach((sheetFile, i) => zip.file(sheetFile, { name: `xl/worksheets/sheet${i + 1}.xml` }));
    await Promise.all([zip.finalize(), writing]);
  }
}

/**
 * The export's one JSON file, written as it goes: `{"format":…,"tenant":…,"tables":{"name":[…],…}}`.
 * Tables are added one after another; rows are objects keyed by column key.
 */
export class JsonWriter {
  private readonly file: TextFile;
  private tables = 0;
  private rowsInTable = 0;

  constructor(file: string, head: Record<string, unknown>) {
    this.file = new TextFile(file);
    const opening = JSON.stringify(head);
    this.file.write(`${opening.slice(0, -1)}${opening.length > 2 ? ',' : ''}"tables":{`);
  }

  async startTable(name: string): Promise<void> {
    this.file.write(`${this.tables > 0 ? ',' : ''}\n${JSON.stringify(name)}:[`);
    this.tables++;
    this.rowsInTable = 0;
    await Promise.resolve();
  }

  async rows(columns: readonly ExportColumn[], rows: readonly ExportRow[]): Promise<void> {
    let chunk = '';
    for (const row of rows) {
      const object: Record<string, unknown> = {};
      for (const c of columns) object[c.key] = jsonValue(row[c.key]);
      chunk += `${this.rowsInTable > 0 ? ',' : ''}\n${JSON.stringify(object, bigintAsText)}`;
      this.rowsInTable++;
    }
    this.file.write(chunk);
    await Promise.resolve();
  }

  async endTable(): Promise<void> {
    this.file.write('\n]');
    await Promise.resolve();
  }

  /** Ends the JSON and closes the file; after a failure (file already closed) it only closes. */
  async close(): Promise<void> {
    try {
      this.file.write('\n}}\n');
    } finally {
      this.file.close();
    }
    await Promise.resolve();
  }
}
