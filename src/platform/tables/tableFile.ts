import ExcelJS from 'exceljs';
import { AppError, type ErrorCode } from '../../core/errors.js';
import { CsvSyntaxError, parseCsv, writeCsv } from './csv.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A CSV or Excel file read as rows of text cells; `format` says which it was. */
export interface TableFile {
  format: 'csv' | 'xlsx';
  rows: string[][];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    const text = value.toISOString();
    return text.endsWith('T00:00:00.000Z') ? text.slice(0, 10) : text;
  }
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return 'result' in value && value.result !== undefined ? cellText(value.result as ExcelJS.CellValue) : '';
  if ('text' in value) return typeof value.text === 'string' ? value.text : '';
  return '';
}

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its own Buffer type; a Node Buffer is what it reads.
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows[rowNumber - 1] = values.map((v) => cellText(v as ExcelJS.CellValue));
  });
  for (let i = 0; i < rows.length; i += 1) rows[i] ??= [];
  return rows;
}

/**
 * Reads an uploaded table: Excel when the bytes are a ZIP (or the type says xlsx), otherwise
 * CSV in UTF-8 (with or without BOM). Anything else answers the service's `unreadable` error (400).
 */
export async function readTableFile(bytes: Buffer, contentType: string | undefined, unreadable: ErrorCode): Promise<TableFile> {
  const isZip = ZIP_MAGIC.every((b, i) => bytes[i] === b);
  if (isZip || contentType?.startsWith(XLSX_TYPE)) {
    try {
      return { format: 'xlsx', rows: await readXlsx(bytes) };
    } catch (cause) {
      throw new AppError(unreadable, { cause, internal: 'xlsx could not be read' });
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new AppError(unreadable, { cause, internal: 'csv is not UTF-8' });
  }
  try {
    return { format: 'csv', rows: parseCsv(text) };
  } catch (cause) {
    if (cause instanceof CsvSyntaxError) throw new AppError(unreadable, { cause, internal: cause.message });
    throw cause;
  }
}

type Rows = readonly (readonly string[])[];

function addSheet(workbook: ExcelJS.Workbook, name: string, rows: Rows, width: number): void {
  const sheet = workbook.addWorksheet(name);
  for (const row of rows) sheet.addRow([...row]);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.width = width;
  });
}

/**
 * A sheet as a file: CSV (UTF-8 with BOM, the rows only) or Excel with a bold header row and,
 * when given, a second sheet of notes (the column documentation of a template).
 */
export async function writeTableFile(format: 'csv' | 'xlsx', sheet: { name: string; rows: Rows }, notes?: { name: string; rows: Rows }): Promise<Buffer> {
  if (format === 'csv') return Buffer.from(writeCsv(sheet.rows), 'utf8');
  const workbook = new ExcelJS.Workbook();
  addSheet(workbook, sheet.name, sheet.rows, 18);
  if (notes) addSheet(workbook, notes.name, notes.rows, 40);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
