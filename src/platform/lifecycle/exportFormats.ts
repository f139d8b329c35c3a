import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Lang } from '../../core/i18n.js';
import type { ExportColumn, ExportRow, ExportValue } from '../services/index.js';

/*
 * The three renderings of an exported table. Each writer takes rows batch by batch and writes
 * them to disk with back-pressure, so memory holds one batch at most, whatever the table size.
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

async function write(stream: WriteStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

/** A CSV file: UTF-8 with a BOM (Excel then reads Japanese correctly), CRLF line ends. */
export class CsvWriter {
  private readonly stream: WriteStream;

  constructor(file: string, private readonly columns: readonly ExportColumn[], lang: Lang) {
    this.stream = createWriteStream(file, { mode: 0o600 });
    this.stream.write(`\uFEFF${columns.map((c) => csvCell(c.header[lang])).join(',')}\r\n`);
  }

  async rows(rows: readonly ExportRow[]): Promise<void> {
    let chunk = '';
    for (const row of rows) chunk += `${this.columns.map((c) => csvCell(row[c.key])).join(',')}\r\n`;
    await write(this.stream, chunk);
  }

  close(): Promise<void> {
    return close(this.stream);
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
  private readonly stream: WriteStream;
  private tables = 0;
  private rowsInTable = 0;

  constructor(file: string, head: Record<string, unknown>) {
    this.stream = createWriteStream(file, { mode: 0o600 });
    const opening = JSON.stringify(head);
    this.stream.write(`${opening.slice(0, -1)}${opening.length > 2 ? ',' : ''}"tables":{`);
  }

  async startTable(name: string): Promise<void> {
    await write(this.stream, `${this.tables > 0 ? ',' : ''}\n${JSON.stringify(name)}:[`);
    this.tables++;
    this.rowsInTable = 0;
  }

  async rows(columns: readonly ExportColumn[], rows: readonly ExportRow[]): Promise<void> {
    let chunk = '';
    for (const row of rows) {
      const object: Record<string, unknown> = {};
      for (const c of columns) object[c.key] = jsonValue(row[c.key]);
      chunk += `${this.rowsInTable > 0 ? ',' : ''}\n${JSON.stringify(object, bigintAsText)}`;
      this.rowsInTable++;
    }
    await write(this.stream, chunk);
  }

  async endTable(): Promise<void> {
    await write(this.stream, '\n]');
  }

  async close(): Promise<void> {
    await write(this.stream, '\n}}\n');
    await close(this.stream);
  }
}
