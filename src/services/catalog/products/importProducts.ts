import type { z } from 'zod';
import { withTenant, type Database } from '../../../core/db/index.js';
import type { Clock } from '../../../core/clock.js';
import type { Lang, Localized } from '../../../core/i18n.js';
import { messages } from '../../../core/messages.js';
import { issueMessage } from '../../../core/validation.js';
import type { AuditOrigin } from '../../../platform/audit/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { categoryCodeOf } from './categories.js';
import { auditCatalog, type CatalogWrite } from './catalogWrite.js';
import { insertProduct } from './products.js';
import { productCreateSchema, PRODUCT_FORMS, REGULATORY_FLAGS, type ProductInput } from './productSchemas.js';
import type { TableFile } from '../../../platform/tables/index.js';

messages.add({
  'catalog.products.import_header_unknown': { ja: 'この列名は使えません。テンプレートの列名を使ってください。', en: 'This column name is not known. Use the column names of the template.' },
  'catalog.products.import_header_missing': { ja: '必須の列「{column}」がありません。', en: 'The required column “{column}” is missing.' },
  'catalog.products.import_empty': { ja: '取り込む行がありません。1行目に列名、2行目から製品を入力してください。', en: 'There are no rows to import. Put the column names in row 1 and products from row 2.' },
  'catalog.products.import_too_many': { ja: '一度に取り込めるのは{max}行までです。ファイルを分けてください。', en: 'At most {max} rows can be imported at once. Split the file.' },
  'catalog.products.import_number': { ja: '数値（0〜100）で入力してください。', en: 'Enter a number (0 to 100).' },
  'catalog.products.import_component_count': { ja: '成分名と同じ数だけ「;」で区切って入力してください。', en: 'Give as many “;”-separated values as there are component names.' },
});

/** The most product rows one file may hold. */
export const IMPORT_MAX_ROWS = 2000;

/** A column of the import file: its Japanese header, English alias and documentation. */
export interface ImportColumn {
  field: string;
  ja: string;
  en: string;
  required: boolean;
  note: Localized;
}

/** The columns of the product import, in template order. */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { field: 'name', ja: '製品名', en: 'name', required: true, note: { ja: '1〜200文字', en: '1 to 200 characters' } },
  { field: 'nameEn', ja: '英語名', en: 'name_en', required: false, note: { ja: '英語の製品名', en: 'Product name in English' } },
  { field: 'grade', ja: 'グレード', en: 'grade', required: false, note: { ja: '例: J-700', en: 'e.g. J-700' } },
  { field: 'brand', ja: 'ブランド', en: 'brand', required: false, note: { ja: 'ブランド名', en: 'Brand name' } },
  { field: 'category', ja: '分類', en: 'category', required: true, note: { ja: 'ISO 1043 の記号（PP、PA6、ABS など）または化学品の分類コード（ADDITIVE、PIGMENT など）', en: 'ISO 1043 code (PP, PA6, ABS…) or chemical class code (ADDITIVE, PIGMENT…)' } },
  { field: 'form', ja: '形状', en: 'form', required: true, note: { ja: `${PRODUCT_FORMS.join(', ')}（ペレット、粉末、液体、ペースト、フィルム・シート、繊維、その他 も可）`, en: PRODUCT_FORMS.join(', ') } },
  { field: 'applications', ja: '用途', en: 'applications', required: false, note: { ja: '「;」区切り。例: 自動車;家電', en: '“;”-separated, e.g. automotive;appliances' } },
  { field: 'processingMethods', ja: '加工方法', en: 'processing_methods', required: false, note: { ja: '「;」区切り。例: injection_molding;extrusion', en: '“;”-separated, e.g. injection_molding;extrusion' } },
  { field: 'regulatoryFlags', ja: '規制', en: 'regulatory_flags', required: false, note: { ja: `「;」区切り: ${REGULATORY_FLAGS.join(', ')}`, en: `“;”-separated: ${REGULATORY_FLAGS.join(', ')}` } },
  { field: 'componentCas', ja: '成分CAS', en: 'component_cas', required: false, note: { ja: '「;」区切り、成分名と同じ順。CAS番号のない成分は空欄', en: '“;”-separated in the order of the component names; empty for none' } },
  { field: 'componentNames', ja: '成分名', en: 'component_names', required: false, note: { ja: '「;」区切り', en: '“;”-separated' } },
  { field: 'componentMinPct', ja: '成分下限%', en: 'component_min_pct', required: false, note: { ja: '「;」区切り、0〜100', en: '“;”-separated, 0 to 100' } },
  { field: 'componentMaxPct', ja: '成分上限%', en: 'component_max_pct', required: false, note: { ja: '「;」区切り、0〜100', en: '“;”-separated, 0 to 100' } },
  { field: 'description', ja: '説明', en: 'description', required: false, note: { ja: '4000文字以内', en: 'Up to 4000 characters' } },
];

/** One problem of an import file: 1-based row of the file, the column's header as written, why. */
export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

/** The file had problems; nothing was written. */
export class ImportRejected extends Error {
  constructor(readonly rows: ImportProblem[]) {
    super(`import rejected: ${rows.length} problem(s)`);
    this.name = 'ImportRejected';
  }
}

const FORM_WORDS: Record<string, (typeof PRODUCT_FORMS)[number]> = {
  ペレット: 'pellet',
  粉末: 'powder',
  パウダー: 'powder',
  液体: 'liquid',
  ペースト: 'paste',
  'フィルム・シート': 'film_sheet',
  フィルム: 'film_sheet',
  シート: 'film_sheet',
  繊維: 'fiber',
  その他: 'other',
};
const FLAG_WORDS: Record<string, (typeof REGULATORY_FLAGS)[number]> = { rohs: 'rohs', reach: 'reach_svhc_free', 化審法: 'kashinho', 食品接触: 'food_contact' };

const fold = (s: string) => s.normalize('NFKC').trim();
const list = (cell: string) => fold(cell).split(/[;；]/).map((s) => s.trim());
const nonEmpty = (cell: string) => list(cell).filter((s) => s !== '');

/** Reads and checks every row; throws `ImportRejected` listing all problems, or returns the inputs. */
export function parseImportRows(table: TableFile, lang: Lang): { row: number; input: ProductInput }[] {
  const problems: ImportProblem[] = [];
  const problem = (row: number, column: string, key: string, params?: Record<string, string | number>) => problems.push({ row, column, message: messages.format(key, lang, params) });
  const header = table.rows[0] ?? [];
  const fieldAt = new Map<string, number>();
  const headerOf = new Map<string, string>();
  header.forEach((cell, i) => {
    const name = fold(cell);
    if (name === '') return;
    const column = IMPORT_COLUMNS.find((c) => c.ja === name || c.en === name.toLowerCase());
    if (!column) return problem(1, name, 'catalog.products.import_header_unknown');
    fieldAt.set(column.field, i);
    headerOf.set(column.field, name);
  });
  for (const c of IMPORT_COLUMNS) if (c.required && !fieldAt.has(c.field)) problem(1, c.ja, 'catalog.products.import_header_missing', { column: c.ja });
  if (problems.length > 0) throw new ImportRejected(problems);
  const columnName = (field: string) => headerOf.get(field) ?? IMPORT_COLUMNS.find((c) => c.field === field)!.ja;

  const parsed: { row: number; input: ProductInput }[] = [];
  const dataRows = table.rows.slice(1).map((cells, i) => ({ row: i + 2, cells })).filter(({ cells }) => cells.some((c) => fold(c) !== ''));
  if (dataRows.length === 0) problem(2, columnName('name'), 'catalog.products.import_empty');
  if (dataRows.length > IMPORT_MAX_ROWS) problem(IMPORT_MAX_ROWS + 2, columnName('name'), 'catalog.products.import_too_many', { max: IMPORT_MAX_ROWS });
  if (problems.length > 0) throw new ImportRejected(problems);

  for (const { row, cells } of dataRows) {
    const cell = (field: string) => {
      const at = fieldAt.get(field);
      return at === undefined ? '' : (cells[at] ?? '');
    };
    const before = problems.length;
    const names = nonEmpty(cell('componentNames'));
    const aligned = (field: string) => {
      const values = cell(field).trim() === '' ? [] : list(cell(field));
      if (values.length > names.length) problem(row, columnName(field), 'catalog.products.import_component_count');
      return values;
    };
    const percents = (field: string) =>
      aligned(field).map((v) => {
        if (v === '') return null;
        const n = Number(v.replace(/%$/, ''));
        if (!Number.isFinite(n)) {
          problem(row, columnName(field), 'catalog.products.import_number');
          return null;
        }
        return n;
      });
    const cas = aligned('componentCas');
    const mins = percents('componentMinPct');
    const maxs = percents('componentMaxPct');
    if (problems.length > before) continue;
    const form = fold(cell('form'));
    const flags = nonEmpty(cell('regulatoryFlags')).map((f) => FLAG_WORDS[f.toLowerCase()] ?? f.toLowerCase());
    const data = {
      name: fold(cell('name')),
      nameEn: fold(cell('nameEn')),
      grade: fold(cell('grade')),
      brand: fold(cell('brand')),
      category: categoryCodeOf(cell('category')) ?? fold(cell('category')),
      form: FORM_WORDS[form] ?? form.toLowerCase(),
      description: cell('description').trim(),
      applications: nonEmpty(cell('applications')),
      processingMethods: nonEmpty(cell('processingMethods')),
      regulatoryFlags: flags,
      components: names.map((name, i) => ({ name, casNumber: cas[i] || null, minPct: mins[i] ?? null, maxPct: maxs[i] ?? null })),
    };
    const result = productCreateSchema.safeParse(data);
    if (result.success) {
      parsed.push({ row, input: result.data });
      continue;
    }
    for (const issue of result.error.issues) problems.push({ row, column: columnOfIssue(issue, columnName), message: issueMessage(issue, data, lang) });
  }
  if (problems.length > 0) throw new ImportRejected(problems);
  return parsed;
}

const COMPONENT_COLUMNS: Record<string, string> = { casNumber: 'componentCas', name: 'componentNames', minPct: 'componentMinPct', maxPct: 'componentMaxPct' };

function columnOfIssue(issue: z.core.$ZodIssue, columnName: (field: string) => string): string {
  const [first, , third] = issue.path.map(String);
  if (first === 'components') return columnName(COMPONENT_COLUMNS[third ?? ''] ?? 'componentNames');
  return columnName(first ?? 'name');
}

/**
 * Imports products from a read table as drafts: every row or none, in one transaction; each
 * product records `catalog.product.created`, the import `catalog.products.imported`.
 */
export async function importProducts(
  deps: { db: Database; clock: Clock },
  actor: UserActor,
  origin: AuditOrigin,
  table: TableFile,
  lang: Lang,
): Promise<{ created: number; products: { id: string; name: string }[] }> {
  const rows = parseImportRows(table, lang);
  return withTenant(deps.db, actor.tenantId, async (tx) => {
    const w: CatalogWrite = { tx, clock: deps.clock, actor, origin };
    const products: { id: string; name: string }[] = [];
    for (const { row, input } of rows) {
      const id = await insertProduct(w, input);
      await auditCatalog(w, 'catalog.product.created', { type: 'catalog.product', id }, { name: input.name, category: input.category, importRow: row });
      products.push({ id, name: input.name });
    }
    await auditCatalog(w, 'catalog.products.imported', { type: 'catalog.import', id: actor.tenantId }, { format: table.format, created: products.length });
    return { created: products.length, products };
  });
}
