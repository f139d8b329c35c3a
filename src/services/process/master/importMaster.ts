import type { z } from 'zod';
import type { Clock } from '../../../core/clock.js';
import { withTenant, type Database, type Tx } from '../../../core/db/index.js';
import type { Lang } from '../../../core/i18n.js';
import { messages } from '../../../core/messages.js';
import { issueMessage } from '../../../core/validation.js';
import { recordTenantEvent, type AuditOrigin } from '../../../platform/audit/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { createFormula, updateFormula } from './formulas.js';
import { IMPORT_COLUMNS, columnFor, type ImportColumn, type ImportKind } from './importColumns.js';
import { createItem, itemIdsByCode, updateItem } from './items.js';
import type { MasterWrite } from './masterContext.js';
import { formulaCreateSchema, itemCreateSchema, routingCreateSchema, WEEKDAYS, workstationCreateSchema } from './masterSchemas.js';
import { createRouting, updateRouting } from './routings.js';
import type { TableFile } from '../../../platform/tables/index.js';
import { createWorkstation, getWorkstation, updateWorkstation, workstationIdsByCode } from './workstations.js';

messages.add({
  'process.import.column_unknown': { ja: '不明な列です。テンプレートの列名を使ってください。', en: 'Unknown column. Use the column names of the template.' },
  'process.import.column_missing': { ja: '必須の列がありません。', en: 'This required column is missing.' },
  'process.import.column_duplicate': { ja: '同じ列が複数あります。', en: 'This column appears more than once.' },
  'process.import.no_rows': { ja: 'データの行がありません。', en: 'There are no data rows.' },
  'process.import.too_many_rows': { ja: '一度に取り込めるのは{max}行までです。ファイルを分けてください。', en: 'At most {max} rows can be imported at once. Split the file.' },
  'process.import.number': { ja: '数値で入力してください。', en: 'Enter a number.' },
  'process.import.yes_no': { ja: '「はい」か「いいえ」で入力してください。', en: 'Enter yes or no.' },
  'process.import.choice': { ja: '次のいずれかを入力してください: {choices}', en: 'Enter one of: {choices}' },
  'process.import.duplicate_code': { ja: '同じコードの行がファイル内に複数あります。', en: 'Another row of the file has the same code.' },
  'process.import.group_mismatch': { ja: '同じコードの最初の行と値が違います。', en: 'This differs from the first row with the same code.' },
  'process.import.hours_format': { ja: '08:00-12:00;13:00-17:00 の形式で入力してください。', en: 'Use the form 08:00-12:00;13:00-17:00.' },
  'process.import.energy_format': { ja: 'electricity=0.5;city_gas=0.02 の形式で入力してください。', en: 'Use the form electricity=0.5;city_gas=0.02.' },
  'process.import.seq_duplicate': { ja: '同じ工程表に同じ工程順が複数あります。', en: 'Another step of this routing has the same step number.' },
});

/** At most this many data rows per file. */
export const IMPORT_MAX_ROWS = 5000;

/** One problem of the file: its 1-based row (the header is row 1), the column as the file names it, and why. */
export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

/** The file has bad rows; nothing was written. */
export class ImportRejected extends Error {
  constructor(readonly errors: ImportRowError[]) {
    super(`import rejected: ${errors.length} problems`);
    this.name = 'ImportRejected';
  }
}

export interface ImportResult {
  kind: ImportKind;
  rows: number;
  created: number;
  updated: number;
  dryRun: boolean;
}

interface DataRow {
  row: number;
  cells: Record<string, string>;
}

const NIL = '00000000-0000-0000-0000-000000000000';

class Problems {
  readonly list: ImportRowError[] = [];
  constructor(private readonly lang: Lang, private readonly headerOf: (key: string) => string) {}
  add(row: number, key: string, messageKey: string, params?: Record<string, string | number>): void {
    this.list.push({ row, column: this.headerOf(key), message: messages.format(messageKey, this.lang, params) });
  }
  /** A schema issue, unless the cell already has a problem (one reason per cell is clearer). */
  issue(row: number, key: string, issue: z.core.$ZodIssue, data: unknown): void {
    const column = this.headerOf(key);
    if (this.list.some((e) => e.row === row && e.column === column)) return;
    this.list.push({ row, column: this.headerOf(key), message: issueMessage(issue, data, this.lang) });
  }
}

/** Text → number (full-width digits and thousands separators allowed); undefined when empty, NaN when not a number. */
function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const t = text.normalize('NFKC').replace(/,/g, '').trim();
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

const YES = new Set(['はい', 'yes', 'y', 'true', '1', '○', '〇']);
const NO = new Set(['いいえ', 'no', 'n', 'false', '0', '×', '-']);

function choice<T extends string>(problems: Problems, row: number, key: string, text: string | undefined, options: Record<string, T>, shown: string): T | undefined {
  if (!text) return undefined;
  const found = options[text.normalize('NFKC').trim().toLowerCase()];
  if (found === undefined) problems.add(row, key, 'process.import.choice', { choices: shown });
  return found;
}

function yesNo(problems: Problems, row: number, key: string, text: string | undefined): boolean | undefined {
  if (!text) return undefined;
  const t = text.normalize('NFKC').trim().toLowerCase();
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  problems.add(row, key, 'process.import.yes_no');
  return undefined;
}

function num(problems: Problems, row: number, key: string, text: string | undefined): number | undefined {
  const n = numberOf(text);
  if (n !== undefined && Number.isNaN(n)) {
    problems.add(row, key, 'process.import.number');
    return undefined;
  }
  return n;
}

const list = (text: string | undefined) => (text ? text.split(/[;；]/).map((s) => s.trim()).filter((s) => s.length > 0) : undefined);

function hours(problems: Problems, row: number, key: string, text: string | undefined): [string, string][] | undefined {
  const parts = list(text);
  if (!parts) return undefined;
  const ranges: [string, string][] = [];
  for (const part of parts) {
    const m = /^(\d{1,2}):(\d{2})\s*[-~〜]\s*(\d{1,2}):(\d{2})$/.exec(part.normalize('NFKC'));
    if (!m) {
      problems.add(row, key, 'process.import.hours_format');
      return undefined;
    }
    ranges.push([`${m[1]!.padStart(2, '0')}:${m[2]}`, `${m[3]!.padStart(2, '0')}:${m[4]}`]);
  }
  return ranges;
}

function energy(problems: Problems, row: number, key: string, text: string | undefined): Record<string, number> | undefined {
  const parts = list(text);
  if (!parts) return undefined;
  const map: Record<string, number> = {};
  for (const part of parts) {
    const m = /^([^=:]+)[=:](.+)$/.exec(part.normalize('NFKC'));
    const value = m ? numberOf(m[2]!.trim()) : undefined;
    if (!m || value === undefined || Number.isNaN(value)) {
      problems.add(row, key, 'process.import.energy_format');
      return undefined;
    }
    map[m[1]!.trim()] = value;
  }
  return map;
}

/** Drops undefined values so schema defaults apply. */
function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Groups rows by code in the order of first appearance (formulas and routings: one row per line). */
function groups(rows: DataRow[]): DataRow[][] {
  const map = new Map<string, DataRow[]>();
  for (const r of rows) {
    const code = r.cells.code ?? '';
    map.set(code, [...(map.get(code) ?? []), r]);
  }
  return [...map.values()];
}

/** Rows after the first of a group must repeat the group's values or leave them empty. */
function sameAsFirst(problems: Problems, group: DataRow[], keys: readonly string[]): void {
  const first = group[0]!;
  for (const r of group.slice(1)) {
    for (const key of keys) {
      const v = r.cells[key];
      if (v && v !== (first.cells[key] ?? '')) problems.add(r.row, key, 'process.import.group_mismatch');
    }
  }
}

function uniqueCodes(problems: Problems, rows: DataRow[]): void {
  const seen = new Set<string>();
  for (const r of rows) {
    const code = r.cells.code ?? '';
    if (code && seen.has(code)) problems.add(r.row, 'code', 'process.import.duplicate_code');
    seen.add(code);
  }
}

type Write = (w: MasterWrite) => Promise<unknown>;
interface Plan {
  created: number;
  updated: number;
  writes: Write[];
}

async function planItems(tx: Tx, rows: DataRow[], p: Problems): Promise<Plan> {
  uniqueCodes(p, rows);
  const existing = await itemIdsByCode(tx, rows.map((r) => r.cells.code ?? ''));
  const plan: Plan = { created: 0, updated: 0, writes: [] };
  for (const { row, cells } of rows) {
    const input = defined({
      code: cells.code,
      name: cells.name,
      kind: choice(p, row, 'kind', cells.kind, { 原料: 'raw', 中間品: 'intermediate', 製品: 'product', raw: 'raw', intermediate: 'intermediate', product: 'product' } as const, '原料 / 中間品 / 製品'),
      unit: cells.unit,
      remarks: cells.remarks || undefined,
      labels: list(cells.labels),
      classification: choice(p, row, 'classification', cells.classification, { 一般: 'general', 社外秘: 'internal', 機密: 'confidential', general: 'general', internal: 'internal', confidential: 'confidential' } as const, '一般 / 社外秘 / 機密'),
    });
    const parsed = itemCreateSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) p.issue(row, String(issue.path[0] ?? 'code'), issue, input);
      continue;
    }
    const found = existing.get(parsed.data.code);
    if (found) {
      plan.updated += 1;
      plan.writes.push((w) => updateItem(w, found.id, { ...parsed.data, version: found.version }));
    } else {
      plan.created += 1;
      plan.writes.push((w) => createItem(w, parsed.data));
    }
  }
  return plan;
}

async function planFormulas(tx: Tx, rows: DataRow[], p: Problems): Promise<Plan> {
  const codes = [...new Set(rows.flatMap((r) => [r.cells.itemCode ?? '', r.cells.componentCode ?? '']))];
  const items = await itemIdsByCode(tx, codes);
  const existing = new Map(
    (await tx.query<{ id: string; code: string; version: number }>('SELECT id, code, version FROM process.formulas WHERE code = ANY ($1::text[])', [rows.map((r) => r.cells.code ?? '')])).rows.map((r) => [r.code, r]),
  );
  const itemRef = (row: number, key: string, code: string | undefined): string => {
    if (!code) return NIL;
    const item = items.get(code);
    if (!item) p.add(row, key, 'process.master.item_unknown');
    else if (item.archived) p.add(row, key, 'process.master.item_archived');
    return item?.id ?? NIL;
  };
  const plan: Plan = { created: 0, updated: 0, writes: [] };
  for (const group of groups(rows)) {
    const first = group[0]!;
    sameAsFirst(p, group, ['name', 'itemCode', 'baseQuantity', 'yieldPct', 'isDefault']);
    const itemId = itemRef(first.row, 'itemCode', first.cells.itemCode);
    const lines = group.map(({ row, cells }) => {
      if (cells.componentCode && cells.componentCode === first.cells.itemCode) p.add(row, 'componentCode', 'process.master.component_self');
      return defined({
        componentItemId: cells.componentCode ? itemRef(row, 'componentCode', cells.componentCode) : undefined,
        quantity: num(p, row, 'quantity', cells.quantity),
        scrapPct: num(p, row, 'scrapPct', cells.scrapPct),
      });
    });
    const input = defined({
      itemId: first.cells.itemCode ? itemId : undefined,
      code: first.cells.code,
      name: first.cells.name,
      baseQuantity: num(p, first.row, 'baseQuantity', first.cells.baseQuantity),
      yieldPct: num(p, first.row, 'yieldPct', first.cells.yieldPct),
      isDefault: yesNo(p, first.row, 'isDefault', first.cells.isDefault),
      lines,
    });
    const parsed = formulaCreateSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [field, index, sub] = issue.path;
        if (field === 'lines' && typeof index === 'number') {
          const key = sub === 'componentItemId' ? 'componentCode' : String(sub ?? 'componentCode');
          p.issue(group[index]?.row ?? first.row, key, issue, input);
        } else p.issue(first.row, field === 'itemId' ? 'itemCode' : String(field ?? 'code'), issue, input);
      }
      continue;
    }
    const found = existing.get(parsed.data.code);
    if (found) {
      plan.updated += 1;
      plan.writes.push((w) => updateFormula(w, found.id, { ...parsed.data, version: found.version }));
    } else {
      plan.created += 1;
      plan.writes.push((w) => createFormula(w, parsed.data));
    }
  }
  return plan;
}

async function planWorkstations(tx: Tx, rows: DataRow[], p: Problems): Promise<Plan> {
  uniqueCodes(p, rows);
  const existing = await workstationIdsByCode(tx, rows.map((r) => r.cells.code ?? ''));
  const plan: Plan = { created: 0, updated: 0, writes: [] };
  for (const { row, cells } of rows) {
    const workHours = defined(Object.fromEntries(WEEKDAYS.map((d) => [d, hours(p, row, d, cells[d])])));
    const input = defined({
      code: cells.code,
      name: cells.name,
      capacity: num(p, row, 'capacity', cells.capacity),
      capacityUnit: cells.capacityUnit || undefined,
      setupMinutes: num(p, row, 'setupMinutes', cells.setupMinutes),
      cleanupMinutes: num(p, row, 'cleanupMinutes', cells.cleanupMinutes),
      powerKw: num(p, row, 'powerKw', cells.powerKw),
      energySources: list(cells.energySources),
      workHours,
      observeHolidays: yesNo(p, row, 'observeHolidays', cells.observeHolidays),
    });
    const parsed = workstationCreateSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [field, day] = issue.path;
        p.issue(row, field === 'workHours' && typeof day === 'string' ? day : String(field ?? 'code'), issue, input);
      }
      continue;
    }
    const found = existing.get(parsed.data.code);
    if (found) {
      plan.updated += 1;
      plan.writes.push(async (w) => {
        const current = await getWorkstation(w.tx, found.id);
        return updateWorkstation(w, found.id, { ...parsed.data, days: current.days, version: current.version });
      });
    } else {
      plan.created += 1;
      plan.writes.push((w) => createWorkstation(w, parsed.data));
    }
  }
  return plan;
}

async function planRoutings(tx: Tx, rows: DataRow[], p: Problems): Promise<Plan> {
  const items = await itemIdsByCode(tx, rows.map((r) => r.cells.itemCode ?? ''));
  const workstations = await workstationIdsByCode(tx, rows.map((r) => r.cells.workstationCode ?? ''));
  const existing = new Map(
    (await tx.query<{ id: string; code: string; version: number }>('SELECT id, code, version FROM process.routings WHERE code = ANY ($1::text[])', [rows.map((r) => r.cells.code ?? '')])).rows.map((r) => [r.code, r]),
  );
  const plan: Plan = { created: 0, updated: 0, writes: [] };
  for (const unordered of groups(rows)) {
    sameAsFirst(p, unordered, ['name', 'itemCode', 'isDefault']);
    const first = unordered[0]!;
    const seqs = unordered.map((r) => num(p, r.row, 'seq', r.cells.seq));
    const seen = new Set<number>();
    unordered.forEach((r, i) => {
      const s = seqs[i];
      if (s !== undefined && seen.has(s)) p.add(r.row, 'seq', 'process.import.seq_duplicate');
      if (s !== undefined) seen.add(s);
    });
    const group = unordered.map((r, i) => ({ r, seq: seqs[i] ?? i + 1 })).sort((a, b) => a.seq - b.seq).map((x) => x.r);
    const item = first.cells.itemCode ? items.get(first.cells.itemCode) : undefined;
    if (first.cells.itemCode && !item) p.add(first.row, 'itemCode', 'process.master.item_unknown');
    else if (item?.archived) p.add(first.row, 'itemCode', 'process.master.item_archived');
    const steps = group.map(({ row, cells }) => {
      const ws = cells.workstationCode ? workstations.get(cells.workstationCode) : undefined;
      if (cells.workstationCode && !ws) p.add(row, 'workstationCode', 'process.master.workstation_unknown');
      else if (ws?.archived) p.add(row, 'workstationCode', 'process.master.workstation_archived');
      return defined({
        name: cells.stepName,
        workstationId: cells.workstationCode ? (ws?.id ?? NIL) : undefined,
        timeBasis: choice(p, row, 'timeBasis', cells.timeBasis, { 数量あたり: 'per_unit', 単位あたり: 'per_unit', バッチあたり: 'per_batch', per_unit: 'per_unit', per_batch: 'per_batch' } as const, '数量あたり / バッチあたり'),
        standardMinutes: num(p, row, 'standardMinutes', cells.standardMinutes),
        batchSize: num(p, row, 'batchSize', cells.batchSize),
        energyPerUnit: energy(p, row, 'energyPerUnit', cells.energyPerUnit),
      });
    });
    const input = defined({
      itemId: first.cells.itemCode ? (item?.id ?? NIL) : undefined,
      code: first.cells.code,
      name: first.cells.name,
      isDefault: yesNo(p, first.row, 'isDefault', first.cells.isDefault),
      steps,
    });
    const parsed = routingCreateSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [field, index, sub] = issue.path;
        if (field === 'steps' && typeof index === 'number') {
          const key = sub === 'workstationId' ? 'workstationCode' : sub === 'name' ? 'stepName' : String(sub ?? 'stepName');
          p.issue(group[index]?.row ?? first.row, key, issue, input);
        } else p.issue(first.row, field === 'itemId' ? 'itemCode' : String(field ?? 'code'), issue, input);
      }
      continue;
    }
    const found = existing.get(parsed.data.code);
    if (found) {
      plan.updated += 1;
      plan.writes.push((w) => updateRouting(w, found.id, { ...parsed.data, version: found.version }));
    } else {
      plan.created += 1;
      plan.writes.push((w) => createRouting(w, parsed.data));
    }
  }
  return plan;
}

const PLANNERS: Record<ImportKind, (tx: Tx, rows: DataRow[], p: Problems) => Promise<Plan>> = {
  items: planItems,
  formulas: planFormulas,
  workstations: planWorkstations,
  routings: planRoutings,
};

/** Reads the header row: which column is which; unknown, duplicate and missing columns are problems. */
function readHeader(kind: ImportKind, header: readonly string[], lang: Lang): { columns: (ImportColumn | undefined)[]; problems: Problems } {
  const columns = header.map((h) => (h.trim() ? columnFor(kind, h) : undefined));
  const named = new Map<string, string>();
  columns.forEach((c, i) => {
    if (c && !named.has(c.key)) named.set(c.key, header[i]!.trim());
  });
  const problems = new Problems(lang, (key) => {
    const spec = IMPORT_COLUMNS[kind].find((c) => c.key === key);
    return named.get(key) ?? (spec ? spec[lang] : key);
  });
  const seen = new Set<string>();
  header.forEach((h, i) => {
    const c = columns[i];
    if (h.trim() && !c) problems.list.push({ row: 1, column: h.trim(), message: messages.format('process.import.column_unknown', lang) });
    if (c && seen.has(c.key)) problems.add(1, c.key, 'process.import.column_duplicate');
    if (c) seen.add(c.key);
  });
  for (const spec of IMPORT_COLUMNS[kind]) if (spec.required && !seen.has(spec.key)) problems.add(1, spec.key, 'process.import.column_missing');
  return { columns, problems };
}

export interface ImportDeps {
  db: Database;
  clock: Clock;
}

/**
 * Imports one file of master data, all or nothing: every row is checked first (against the
 * same rules as the API, and the codes it refers to), and any problem rejects the whole file
 * with a row-by-row report. Rows upsert by code. `dryRun` checks and counts, writing nothing.
 */
export async function importMaster(
  deps: ImportDeps,
  actor: UserActor,
  origin: AuditOrigin,
  input: { kind: ImportKind; file: TableFile; dryRun: boolean; lang: Lang },
): Promise<ImportResult> {
  const { kind, file, dryRun, lang } = input;
  const [header = [], ...body] = file.rows;
  const { columns, problems } = readHeader(kind, header, lang);
  const rows: DataRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const record: Record<string, string> = {};
    columns.forEach((c, j) => {
      if (c && record[c.key] === undefined) record[c.key] = (cells[j] ?? '').trim();
    });
    rows.push({ row: i + 2, cells: record });
  });
  if (problems.list.length === 0 && rows.length === 0) problems.list.push({ row: 2, column: '', message: messages.format('process.import.no_rows', lang) });
  if (rows.length > IMPORT_MAX_ROWS) problems.list.push({ row: IMPORT_MAX_ROWS + 2, column: '', message: messages.format('process.import.too_many_rows', lang, { max: IMPORT_MAX_ROWS }) });
  if (problems.list.length > 0) throw new ImportRejected(problems.list);

  return withTenant(deps.db, actor.tenantId, async (tx) => {
    const plan = await PLANNERS[kind](tx, rows, problems);
    if (problems.list.length > 0) throw new ImportRejected(problems.list.sort((a, b) => a.row - b.row));
    const result: ImportResult = { kind, rows: rows.length, created: plan.created, updated: plan.updated, dryRun };
    if (dryRun) return result;
    const w: MasterWrite = { tx, clock: deps.clock, actor, origin };
    for (const write of plan.writes) await write(w);
    await recordTenantEvent(tx, deps.clock, actor.tenantId, origin, {
      actor: { type: 'user', id: actor.userId, name: actor.displayName },
      action: 'process.import.completed',
      target: { type: 'process.import', id: kind },
      result: 'success',
      details: { kind, format: file.format, rows: rows.length, created: plan.created, updated: plan.updated },
    });
    return result;
  });
}
