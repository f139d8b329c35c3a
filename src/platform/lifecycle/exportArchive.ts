import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ZipArchive, ZipEntryData } from 'archiver';
import type { Lang, Localized } from '../../core/i18n.js';
import type { ExportItem, ExportOriginalFile, ExportRow, ExportTable } from '../services/index.js';
import { CsvWriter, JsonWriter, XlsxWriter } from './exportFormats.js';

/** The format name written into every export, for readers of old archives. */
export const EXPORT_FORMAT = 'sotas-tenant-export/1';

export interface ManifestTable {
  name: string;
  title: Localized;
  rows: number;
  columns: { key: string; header: Localized }[];
  csv: string;
  xlsx: string;
}

export interface ManifestFile {
  path: string;
  contentType: string;
  bytes: number;
}

/** `manifest.json` of an export: what it holds and how many rows of each table. */
export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  exportId: string;
  tenant: { id: string; code: string; name: string };
  exportedAt: string;
  json: string;
  tables: ManifestTable[];
  files: ManifestFile[];
  totalRows: number;
}

export interface ExportProgress {
  rowsDone: number;
  rowsTotal: number;
  filesDone: number;
}

export interface ArchiveInput {
  archive: ZipArchive;
  /** A private directory for the table files until they are in the archive. */
  workDir: string;
  lang: Lang;
  exportId: string;
  tenant: { id: string; code: string; name: string };
  exportedAt: Date;
  items: AsyncIterable<ExportItem>;
  onProgress: (progress: ExportProgress) => Promise<void>;
  /** Aborted when the archive's consumer failed: the writing stops at the next batch. */
  signal: AbortSignal;
}

const TABLE_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const JSON_NAME = 'data.json';

/** A path inside the archive that cannot climb out of `files/` or carry odd characters. */
function archivePath(file: ExportOriginalFile): string {
  const parts = file.path
    .split('/')
    .map((part) => [...part.normalize('NFC')].map((c) => (c.charCodeAt(0) < 0x20 || '\\:*?"<>|'.includes(c) ? '_' : c)).join(''))
    .filter((part) => part !== '' && part !== '.' && part !== '..');
  if (parts.length === 0) throw new Error(`export: the file path "${file.path}" names no file`);
  return `files/${parts.join('/')}`;
}

/** Adds a stream entry and resolves once the archive has written it (so one file is open at a time). */
function appendAndWait(archive: ZipArchive, source: Readable, name: string, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      source.destroy();
      reject(signal.reason instanceof Error ? signal.reason : new Error('export aborted'));
    };
    const onEntry = (entry: { name: string }) => {
      if (entry.name !== name) return;
      archive.off('entry', onEntry);
      archive.off('error', reject);
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    archive.on('entry', onEntry);
    archive.once('error', reject);
    source.once('error', reject);
    archive.append(source, { name });
  });
}

/**
 * One table into its CSV and XLSX files and the JSON file; returns the rows written. The files
 * are closed whether it succeeds or fails, so a failed export leaves nothing open.
 */
async function writeTable(
  table: ExportTable,
  target: { csvFile: string; xlsxFile: string; json: JsonWriter; lang: Lang; signal: AbortSignal },
  onRows: (count: number) => Promise<void>,
): Promise<number> {
  const csv = new CsvWriter(target.csvFile, table.columns, target.lang);
  const xlsx = new XlsxWriter(target.xlsxFile, table.title[target.lang], table.columns, target.lang);
  try {
    await target.json.startTable(table.name);
    let rows = 0;
    // Each batch is formatted synchronously and released before its writes are awaited, and
    // the next batch is already being read meanwhile: few rows are alive at any time, so little
    // short-lived data reaches the old heap and memory stays flat (bench/export.bench.ts).
    const feed = (result: IteratorResult<readonly ExportRow[]>): { count: number; written: Promise<unknown> } | undefined =>
      result.done ? undefined : { count: result.value.length, written: Promise.all([csv.rows(result.value), xlsx.rows(result.value), target.json.rows(table.columns, result.value)]) };
    const batches = table.rows()[Symbol.asyncIterator]();
    let next = batches.next();
    for (;;) {
      target.signal.throwIfAborted();
      const fed = feed(await next);
      if (!fed) break;
      next = batches.next();
      // Awaited on the next turn; this keeps a failure meanwhile from counting as unhandled.
      next.catch(() => undefined);
      await fed.written;
      rows += fed.count;
      await onRows(fed.count);
      // PGlite answers on this thread and the writers write synchronously: without a turn of
      // the event loop per batch, a long table would keep every request and timer waiting.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await target.json.endTable();
    await csv.close();
    await xlsx.close();
    return rows;
  } catch (error) {
    await Promise.allSettled([csv.close(), xlsx.discard()]);
    throw error;
  }
}

function readme(manifest: ExportManifest): string {
  const lines = [
    `${manifest.tenant.name}（企業コード ${manifest.tenant.code}）のデータのエクスポート`,
    `作成日時（UTC）: ${manifest.exportedAt}`,
    '',
    '■ 内容',
    '- csv/ … 表ごとのCSVファイル（UTF-8・BOM付き、Excelでそのまま開けます）',
    '- xlsx/ … 表ごとのExcelファイル',
    `- ${manifest.json} … すべての表を1つにまとめたJSONファイル（列名は manifest.json の key）`,
    '- files/ … 登録されたファイル（元の形式のまま）',
    '- manifest.json … 表の一覧、列、件数',
    '',
    '■ 表と件数',
    ...manifest.tables.map((t) => `- ${t.title.ja}（${t.name}）: ${t.rows.toLocaleString('ja-JP')} 件`),
    `- ファイル: ${manifest.files.length.toLocaleString('ja-JP')} 件`,
    '',
    '■ ご注意',
    '- 日時はすべて協定世界時（UTC、ISO 8601形式）です。日本時間は9時間進めてください。',
    '- CSVでは、= + - @ で始まる文字列の先頭に \' を付けています（表計算ソフトが数式として実行しないため）。JSONとExcelには元の値のまま入っています。',
    '- パスワード（のハッシュ）、多要素認証の秘密情報、リカバリーコード、ログイン中のセッション、各種リンクのトークンはセキュリティのため含めていません。',
    '',
    '----',
    '',
    `Data export of ${manifest.tenant.name} (company code ${manifest.tenant.code})`,
    `Created (UTC): ${manifest.exportedAt}`,
    '',
    'Contents',
    '- csv/ … one CSV file per table (UTF-8 with BOM; opens in Excel as it is)',
    '- xlsx/ … one Excel file per table',
    `- ${manifest.json} … every table in one JSON file (keys as in manifest.json)`,
    '- files/ … stored files, in their original format',
    '- manifest.json … the tables, their columns and row counts',
    '',
    'Tables and rows',
    ...manifest.tables.map((t) => `- ${t.title.en} (${t.name}): ${t.rows.toLocaleString('en-US')} rows`),
    `- Files: ${manifest.files.length.toLocaleString('en-US')}`,
    '',
    'Notes',
    '- Every time is UTC in ISO 8601 form.',
    '- In the CSV files a text starting with = + - @ is prefixed with \' so spreadsheets do not run it as a formula. JSON and Excel hold the values unchanged.',
    '- Password hashes, MFA secrets, recovery codes, active sessions and link tokens are left out for security.',
    '',
  ];
  return lines.join('\r\n');
}

/**
 * Writes every table as CSV and XLSX and into the one JSON file, then the original files, the
 * manifest and a README, into `archive` (which the caller pipes on and finalizes). Rows are
 * read once, a batch at a time; the table files wait in `workDir` until the archive has
 * taken them, so memory stays flat however large the tenant is.
 */
export async function writeExportArchive(input: ArchiveInput): Promise<ExportManifest> {
  const { archive, workDir, lang } = input;
  await mkdir(path.join(workDir, 'tables'), { recursive: true, mode: 0o700 });
  const tables: ExportTable[] = [];
  const files: ExportOriginalFile[] = [];
  for await (const item of input.items) {
    if (item.kind === 'table') {
      if (!TABLE_NAME.test(item.table.name)) throw new Error(`export: table name "${item.table.name}" must match ${TABLE_NAME}`);
      if (tables.some((t) => t.name === item.table.name)) throw new Error(`export: table "${item.table.name}" is exported twice`);
      tables.push(item.table);
    } else {
      files.push(item.file);
    }
  }

  const progress: ExportProgress = { rowsDone: 0, rowsTotal: 0, filesDone: 0 };
  const estimates: number[] = [];
  for (const table of tables) estimates.push(await table.count());
  progress.rowsTotal = estimates.reduce((a, b) => a + b, 0);
  await input.onProgress({ ...progress });

  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    exportId: input.exportId,
    tenant: input.tenant,
    exportedAt: input.exportedAt.toISOString(),
    json: JSON_NAME,
    tables: [],
    files: [],
    totalRows: 0,
  };
  const jsonFile = path.join(workDir, JSON_NAME);
  const json = new JsonWriter(jsonFile, { format: EXPORT_FORMAT, exportId: input.exportId, tenant: input.tenant, exportedAt: manifest.exportedAt });

  try {
    for (const [index, table] of tables.entries()) {
      const csvFile = path.join(workDir, 'tables', `${table.name}.csv`);
      const xlsxFile = path.join(workDir, 'tables', `${table.name}.xlsx`);
      const later = estimates.slice(index + 1).reduce((a, b) => a + b, 0);
      const rows = await writeTable(table, { csvFile, xlsxFile, json, lang, signal: input.signal }, async (count) => {
        progress.rowsDone += count;
        // The estimate was read before the rows; a table that grew meanwhile raises the total.
        progress.rowsTotal = Math.max(progress.rowsTotal, progress.rowsDone + later);
        await input.onProgress({ ...progress });
      });
      const entry: ManifestTable = {
        name: table.name,
        title: table.title,
        rows,
        columns: table.columns.map((c) => ({ key: c.key, header: c.header })),
        csv: `csv/${table.name}.csv`,
        xlsx: `xlsx/${table.name}.xlsx`,
      };
      manifest.tables.push(entry);
      manifest.totalRows += rows;
      archive.file(csvFile, { name: entry.csv });
      // An XLSX file is a zip already: stored as it is, not compressed a second time.
      const xlsxEntry: ZipEntryData = { name: entry.xlsx, store: true };
      archive.file(xlsxFile, xlsxEntry);
    }
    await json.close();
  } catch (error) {
    await json.close().catch(() => undefined);
    throw error;
  }
  archive.file(jsonFile, { name: JSON_NAME });

  for (const file of files) {
    input.signal.throwIfAborted();
    const name = archivePath(file);
    await appendAndWait(archive, Readable.from(await file.open()), name, input.signal);
    manifest.files.push({ path: name, contentType: file.contentType, bytes: file.bytes });
    progress.filesDone++;
    await input.onProgress({ ...progress });
  }

  archive.append(`${JSON.stringify(manifest, null, 2)}\n`, { name: 'manifest.json' });
  archive.append(`\uFEFF${readme(manifest)}`, { name: 'README.txt' });
  return manifest;
}
