import { z } from 'zod';
import { isValidCasNumber, normalizeCasNumber } from '../../../core/cas.js';
import type { Lang } from '../../../core/i18n.js';
import { messageKey, messages } from '../../../core/messages.js';
import { issueMessage } from '../../../core/validation.js';
import type { TableFile } from '../../../platform/tables/index.js';

messages.add({
  'survey.lists.cas_invalid': {
    ja: 'CAS番号が正しくありません。7439-92-1 のような形式で入力し、最後の確認用の数字（チェックディジット）も確認してください。',
    en: 'This CAS number is not valid. Enter it like 7439-92-1 and check the last (check) digit.',
  },
  'survey.lists.entry_id_required': { ja: 'CAS番号か内部IDのどちらかを入力してください。', en: 'Enter a CAS number or an internal id.' },
  'survey.lists.threshold_range': { ja: '閾値は0より大きく100以下の数値（wt%）で入力してください（例: 0.1、1000ppm）。', en: 'Enter the threshold as a number above 0 and at most 100 (wt%), e.g. 0.1 or 1000ppm.' },
  'survey.lists.basis_unknown': { ja: '基準は「均質材料」（material）か「成形品」（article）で入力してください。', en: 'Enter the basis as material or article.' },
  'survey.lists.duplicate_entry': { ja: '同じ物質が{row}行目にもあります。1行にまとめてください。', en: 'The same substance is also in row {row}. Keep it in one row.' },
  'survey.lists.header_unknown': { ja: 'この列名は使えません。cas, internal_id, name, threshold_percent, basis, notes（または CAS番号, 内部ID, 物質名, 閾値, 基準, 備考）を使ってください。', en: 'This column name is not known. Use cas, internal_id, name, threshold_percent, basis, notes (or the Japanese names).' },
  'survey.lists.header_missing': { ja: '必須の列「{column}」がありません。', en: 'The required column “{column}” is missing.' },
  'survey.lists.empty': { ja: '読み込む物質がありません。1行目に列名、2行目から物質を入力してください。', en: 'There are no substances to load. Put the column names in row 1 and substances from row 2.' },
  'survey.lists.too_many': { ja: '1つの版に登録できる物質は{max}件までです。', en: 'A version holds at most {max} substances.' },
});

/** The most entries one version may hold (the largest declarable substance lists are a few thousand). */
export const MAX_ENTRIES = 10_000;

const optionalId = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** One entry as loaded into a version: a CAS number (check digit checked) or an internal id. */
export const entryInputSchema = z
  .strictObject({
    cas: z
      .string()
      .nullish()
      .transform((v) => (v === null || v === undefined || v.trim() === '' ? null : normalizeCasNumber(v)))
      .refine((v) => v === null || isValidCasNumber(v), { message: messageKey('survey.lists.cas_invalid') }),
    internalId: optionalId(60),
    name: z.string().trim().min(1).max(300),
    /** Percent by weight, above 0 and at most 100. */
    thresholdPercent: z
      .number({ message: messageKey('survey.lists.threshold_range') })
      .gt(0, { message: messageKey('survey.lists.threshold_range') })
      .lte(100, { message: messageKey('survey.lists.threshold_range') }),
    /** What the threshold is a share of: the homogeneous material (RoHS) or the whole article (REACH SVHC). */
    basis: z.enum(['material', 'article']).default('material'),
    notes: z.string().trim().max(1000).default(''),
  })
  .refine((e) => e.cas !== null || e.internalId !== null, { message: messageKey('survey.lists.entry_id_required'), path: ['cas'] });

export type EntryInput = z.output<typeof entryInputSchema>;

/** One problem of a row: 1-based row (of the file, or of the entries array), the column, why. */
export interface EntryProblem {
  row: number;
  column: string;
  message: string;
}

/** The entries had problems; nothing was written. */
export class EntriesRejected extends Error {
  constructor(readonly rows: EntryProblem[]) {
    super(`list entries rejected: ${rows.length} problem(s)`);
    this.name = 'EntriesRejected';
  }
}

type Field = 'cas' | 'internalId' | 'name' | 'thresholdPercent' | 'basis' | 'notes';

interface Candidate {
  row: number;
  data: unknown;
  /** The column name to report for a field (the header as written in a file). */
  column: (field: string) => string;
}

/** Validates every candidate row and the whole set; throws `EntriesRejected` listing all problems. */
function validate(candidates: readonly Candidate[], lang: Lang, problems: EntryProblem[]): EntryInput[] {
  const problem = (row: number, column: string, key: string, params?: Record<string, string | number>) => problems.push({ row, column, message: messages.format(key, lang, params) });
  if (candidates.length > MAX_ENTRIES) {
    problem(candidates[MAX_ENTRIES]!.row, candidates[0]!.column('name'), 'survey.lists.too_many', { max: MAX_ENTRIES });
    throw new EntriesRejected(problems);
  }
  const entries: EntryInput[] = [];
  const seen = new Map<string, number>();
  for (const { row, data, column } of candidates) {
    const result = entryInputSchema.safeParse(data);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push({ row, column: column(String(issue.path[0] ?? 'name')), message: issueMessage(issue, data, lang) });
      continue;
    }
    const entry = result.data;
    const key = entry.cas ? `cas:${entry.cas}` : `id:${entry.internalId!.toUpperCase()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) problem(row, column(entry.cas ? 'cas' : 'internalId'), 'survey.lists.duplicate_entry', { row: earlier });
    else seen.set(key, row);
    entries.push(entry);
  }
  if (problems.length > 0) throw new EntriesRejected(problems);
  return entries;
}

/** Entries given as JSON (POST /lists/:id/versions): rows are numbered from 1 in array order. */
export function parseEntryObjects(items: readonly unknown[], lang: Lang): EntryInput[] {
  if (items.length === 0) throw new EntriesRejected([{ row: 1, column: 'name', message: messages.format('survey.lists.empty', lang) }]);
  return validate(
    items.map((data, i) => ({ row: i + 1, data, column: (field: string) => field })),
    lang,
    [],
  );
}

/** The columns of a list file: English and Japanese headers. */
const COLUMNS: readonly { field: Field; en: string; ja: string; required: boolean }[] = [
  { field: 'cas', en: 'cas', ja: 'CAS番号', required: false },
  { field: 'internalId', en: 'internal_id', ja: '内部ID', required: false },
  { field: 'name', en: 'name', ja: '物質名', required: true },
  { field: 'thresholdPercent', en: 'threshold_percent', ja: '閾値', required: true },
  { field: 'basis', en: 'basis', ja: '基準', required: false },
  { field: 'notes', en: 'notes', ja: '備考', required: false },
];

const fold = (s: string) => s.normalize('NFKC').trim();

const BASIS_WORDS: Record<string, 'material' | 'article'> = {
  material: 'material',
  均質材料: 'material',
  材料: 'material',
  article: 'article',
  成形品: 'article',
  アーティクル: 'article',
  製品: 'article',
};

/** A threshold cell: "0.1", "0.1%", "0.1wt%" or "1000ppm" (÷ 10,000). */
function thresholdOf(cell: string): number | undefined {
  const text = fold(cell).toLowerCase().replace(/\s+/g, '');
  const match = /^([0-9]*\.?[0-9]+)(%|wt%|ppm)?$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  return match[2] === 'ppm' ? value / 10_000 : value;
}

/** Entries from a CSV or Excel sheet: header in row 1, rows numbered as the file shows them. */
export function parseEntryTable(table: TableFile, lang: Lang): EntryInput[] {
  const problems: EntryProblem[] = [];
  const problem = (row: number, column: string, key: string, params?: Record<string, string | number>) => problems.push({ row, column, message: messages.format(key, lang, params) });
  const fieldAt = new Map<Field, number>();
  const headerOf = new Map<string, string>();
  (table.rows[0] ?? []).forEach((cell, i) => {
    const name = fold(cell).replace(/^\uFEFF/, '');
    if (name === '') return;
    const column = COLUMNS.find((c) => c.ja === name || c.en === name.toLowerCase());
    if (!column) return problem(1, name, 'survey.lists.header_unknown');
    fieldAt.set(column.field, i);
    headerOf.set(column.field, name);
  });
  for (const c of COLUMNS) if (c.required && !fieldAt.has(c.field)) problem(1, c.ja, 'survey.lists.header_missing', { column: c.ja });
  if (!fieldAt.has('cas') && !fieldAt.has('internalId')) problem(1, 'CAS番号', 'survey.lists.header_missing', { column: 'CAS番号' });
  if (problems.length > 0) throw new EntriesRejected(problems);
  const column = (field: string) => headerOf.get(field) ?? COLUMNS.find((c) => c.field === field)?.ja ?? field;

  const candidates: Candidate[] = [];
  table.rows.forEach((cells, i) => {
    if (i === 0 || !cells.some((c) => fold(c) !== '')) return;
    const row = i + 1;
    const cell = (field: Field) => {
      const at = fieldAt.get(field);
      return at === undefined ? '' : (cells[at] ?? '');
    };
    const before = problems.length;
    const threshold = thresholdOf(cell('thresholdPercent'));
    if (threshold === undefined) problem(row, column('thresholdPercent'), 'survey.lists.threshold_range');
    const basisText = fold(cell('basis'));
    const basis = basisText === '' ? 'material' : BASIS_WORDS[basisText.toLowerCase()];
    if (!basis) problem(row, column('basis'), 'survey.lists.basis_unknown');
    if (problems.length > before) return;
    candidates.push({
      row,
      column,
      data: { cas: cell('cas'), internalId: fold(cell('internalId')), name: fold(cell('name')), thresholdPercent: threshold, basis, notes: cell('notes').trim() },
    });
  });
  if (candidates.length === 0 && problems.length === 0) problem(2, column('name'), 'survey.lists.empty');
  if (candidates.length === 0 && problems.length > 0) throw new EntriesRejected(problems);
  try {
    return validate(candidates, lang, problems);
  } catch (error) {
    if (error instanceof EntriesRejected) error.rows.sort((a, b) => a.row - b.row);
    throw error;
  }
}
