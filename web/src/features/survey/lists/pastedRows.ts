import type { Basis, ListEntryInput, RowError } from '../api';

/** Column names for messages about pasted rows, in the user's language. */
export interface PasteColumns {
  cas: string;
  name: string;
  threshold: string;
  basis: string;
}

export interface PasteMessages {
  columns: PasteColumns;
  required: string;
  notANumber: string;
  badBasis: string;
}

const BASES: Record<string, Basis> = { material: 'material', '均質材料': 'material', '材料': 'material', article: 'article', '成形品': 'article', 'アーティクル': 'article' };

export interface PastedRows {
  entries: ListEntryInput[];
  errors: RowError[];
  /** The pasted line of each entry, so the server's row numbers (positions in `entries`) can be shown as lines. */
  lineOf: number[];
}

/** The server's row errors (1-based positions in the entries sent) as pasted line numbers. */
export function asPastedLines(rows: RowError[], lineOf: readonly number[]): RowError[] {
  return rows.map((r) => ({ ...r, row: lineOf[r.row - 1] ?? r.row }));
}

/**
 * Rows pasted from a spreadsheet (tab-separated) or typed as CSV, in the column order
 * CAS番号, 物質名, 閾値(%), 基準, 備考, 社内ID (the last three optional). A first row whose
 * threshold is not a number is taken as a header and skipped. Row numbers count pasted lines
 * from 1, as the user sees them.
 */
export function parsePastedRows(text: string, messages: PasteMessages): PastedRows {
  const entries: ListEntryInput[] = [];
  const lineOf: number[] = [];
  const errors: RowError[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = (line.includes('\t') ? line.split('\t') : line.split(',')).map((cell) => cell.normalize('NFKC').trim());
    const [cas = '', name = '', threshold = '', basisText = '', notes = '', internalId = ''] = cells;
    const value = Number(threshold.replace(/%$/, ''));
    if (index === 0 && (threshold === '' || !Number.isFinite(value))) return;
    const row = index + 1;
    const before = errors.length;
    if (name === '') errors.push({ row, column: messages.columns.name, message: messages.required });
    if (threshold === '' || !Number.isFinite(value)) errors.push({ row, column: messages.columns.threshold, message: messages.notANumber });
    const basis = basisText === '' ? 'material' : BASES[basisText.toLowerCase()];
    if (basis === undefined) errors.push({ row, column: messages.columns.basis, message: messages.badBasis });
    if (cas === '' && internalId === '') errors.push({ row, column: messages.columns.cas, message: messages.required });
    if (errors.length > before || basis === undefined) return;
    entries.push({ cas: cas === '' ? null : cas, internalId: internalId === '' ? null : internalId, name, thresholdPercent: value, basis, notes });
    lineOf.push(row);
  });
  return { entries, errors, lineOf };
}
