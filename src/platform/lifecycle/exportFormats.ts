import { once } from 'node:events';
import { closeSync, openSync, writeSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Lang } from '../../core/i18n.js';
import type { ExportColumn, ExportRow, ExportValue } from '../services/index.js';

/*
 * The three renderings of an exported table. Each writer takes rows batch by batch and writes
 * them to disk before taking the next (CSV and JSON synchronously, XLSX with back-pressure), so
 * memory holds one batch at most, whatever the table size.
 */

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

function xlsxCell(value: ExportValue | bigint | undefined): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  const text = textValue(value);
  return text.length > XLSX_MAX_CELL_CHARS ? text.slice(0, XLSX_MAX_CELL_CHARS) : text;
}

/**
 * An XLSX workbook written by exceljs's streaming writer (rows are committed as they come and
 * not kept). Cells hold text, numbers and booleans, never formulas; a table longer than a sheet
 * continues on the next sheet (`name (2)`, …).
 */
export class XlsxWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet: ExcelJS.Worksheet | undefined;
  private sheetRows = 0;
  private sheetCount = 0;
  private readonly headers: string[];

  constructor(file: string, private readonly sheetName: string, private readonly columns: readonly ExportColumn[], lang: Lang) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
    this.headers = columns.map((c) => c.header[lang]);
    this.nextSheet();
  }

  private nextSheet(): void {
    this.sheet?.commit();
    this.sheetCount++;
    const suffix = this.sheetCount === 1 ? '' : ` (${this.sheetCount})`;
    // Sheet names: at most 31 characters, none of : \ / ? * [ ].
    const base = this.sheetName.replace(/[:\\/?*[\]]/g, '_').slice(0, 31 - suffix.length);
    this.sheet = this.workbook.addWorksheet(`${base}${suffix}`);
    this.sheet.addRow(this.headers).commit();
    this.sheetRows = 0;
  }

  async rows(rows: readonly ExportRow[]): Promise<void> {
    for (const row of rows) {
      if (this.sheetRows >= XLSX_MAX_DATA_ROWS) this.nextSheet();
      this.sheet!.addRow(this.columns.map((c) => xlsxCell(row[c.key]))).commit();
      this.sheetRows++;
    }
    await this.drained();
  }

  /**
   * exceljs's sheet stream hands its bytes to the workbook's deflate stream without waiting for
   * it (its write results are ignored), so rows would pile up in memory whenever compression
   * falls behind. Waiting for that stream to drain after each batch restores back-pressure.
   */
  private async drained(): Promise<void> {
    const pipes = (this.sheet as unknown as { stream?: { pipes?: unknown } } | undefined)?.stream?.pipes;
    if (Array.isArray(pipes)) {
      for (const pipe of pipes as { writableLength?: number; writableHighWaterMark?: number; once?: unknown }[]) {
        const length = pipe.writableLength ?? 0;
        if (length > (pipe.writableHighWaterMark ?? 16_384) && typeof pipe.once === 'function') await once(pipe as unknown as NodeJS.EventEmitter, 'drain');
      }
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async close(): Promise<void> {
    this.sheet?.commit();
    await this.workbook.commit();
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
