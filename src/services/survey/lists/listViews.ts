import { z } from 'zod';
import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { MAX_ENTRIES } from './listEntries.js';
import { STARTER_KEYS } from './starters/index.js';

/** A new list (its versions are loaded afterwards). */
export const createListSchema = z.strictObject({
  /** Short code, unique in the company: letters, digits and ._- (e.g. EU-RoHS). */
  code: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/),
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().max(200).default(''),
  /** Where the list comes from (regulation, publisher, date). */
  source: z.string().trim().max(1000).default(''),
});

export const updateListSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  nameEn: z.string().trim().max(200).optional(),
  source: z.string().trim().max(1000).optional(),
  archived: z.boolean().optional(),
});

const versionMeta = {
  /** How the version is called on screen, e.g. "2025-06 update". */
  label: z.string().trim().min(1).max(100),
  sourceNote: z.string().trim().max(1000).default(''),
};

/** A version given as JSON; each entry is checked row by row (422 with every bad row). */
export const loadVersionSchema = z.strictObject({
  ...versionMeta,
  entries: z.array(z.unknown()).max(MAX_ENTRIES),
});

/** The query of a file load: the version's label and note. */
export const importVersionQuery = z.object(versionMeta);

export const entryListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const starterKeySchema = z.enum(STARTER_KEYS);

export const listVersionView = z.object({
  id: z.string(),
  listId: z.string(),
  versionNo: z.number(),
  label: z.string(),
  sourceNote: z.string(),
  entryCount: z.number(),
  loadedAt: z.string(),
  loadedByName: z.string(),
});
export type ListVersionView = z.infer<typeof listVersionView>;

export const substanceListView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  source: z.string(),
  starterKey: z.string().nullable(),
  archived: z.boolean(),
  currentVersion: listVersionView.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SubstanceListView = z.infer<typeof substanceListView>;

export const listEntryView = z.object({
  id: z.string(),
  cas: z.string().nullable(),
  internalId: z.string().nullable(),
  name: z.string(),
  thresholdPercent: z.number(),
  basis: z.enum(['material', 'article']),
  notes: z.string(),
});

export const recheckSummaryView = z.object({ checked: z.number(), changed: z.number(), aboveThreshold: z.number() });

export const starterView = z.object({
  key: starterKeySchema,
  name: z.object({ ja: z.string(), en: z.string() }),
  source: z.string(),
  entryCount: z.number(),
  loadedListId: z.string().nullable(),
});

/** Timestamps read from either driver (Date or text) as ISO 8601 UTC. */
export function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

interface VersionRow {
  id: string;
  list_id: string;
  version_no: number;
  label: string;
  source_note: string;
  entry_count: number;
  loaded_at: unknown;
  loaded_by_name: string;
}

const VERSION_COLUMNS = 'id, list_id, version_no, label, source_note, entry_count, loaded_at, loaded_by_name';

function presentVersion(v: VersionRow): ListVersionView {
  return {
    id: v.id,
    listId: v.list_id,
    versionNo: Number(v.version_no),
    label: v.label,
    sourceNote: v.source_note,
    entryCount: Number(v.entry_count),
    loadedAt: iso(v.loaded_at),
    loadedByName: v.loaded_by_name,
  };
}

interface ListRow {
  id: string;
  code: string;
  name: string;
  name_en: string;
  source: string;
  starter_key: string | null;
  archived: boolean;
  created_at: unknown;
  updated_at: unknown;
  current: VersionRow | null;
}

/** Lists with their current version as one JSON column, newest version first per list. */
const LIST_SELECT = `
  SELECT l.id, l.code, l.name, l.name_en, l.source, l.starter_key, l.archived, l.created_at, l.updated_at,
         (SELECT row_to_json(v) FROM (SELECT ${VERSION_COLUMNS} FROM survey.list_versions v
            WHERE v.tenant_id = l.tenant_id AND v.list_id = l.id ORDER BY v.version_no DESC LIMIT 1) v) AS current
    FROM survey.substance_lists l`;

function presentList(row: ListRow): SubstanceListView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    source: row.source,
    starterKey: row.starter_key,
    archived: row.archived,
    currentVersion: row.current ? presentVersion(row.current) : null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The company's lists, active first, by code. */
export async function listLists(tx: Tx): Promise<SubstanceListView[]> {
  const { rows } = await tx.query<ListRow>(`${LIST_SELECT} ORDER BY l.archived, l.code`);
  return rows.map(presentList);
}

/** One list of the company; another company's id answers 404. */
export async function findList(tx: Tx, listId: string, options: { forUpdate?: boolean } = {}): Promise<SubstanceListView> {
  const { rows } = await tx.query<ListRow>(`${LIST_SELECT} WHERE l.id = $1${options.forUpdate ? ' FOR UPDATE OF l' : ''}`, [listId]);
  if (!rows[0]) throw new AppError('survey.list_not_found', { internal: `list ${listId} is not visible` });
  return presentList(rows[0]);
}

/** A list's versions, newest first. */
export async function versionsOf(tx: Tx, listId: string): Promise<ListVersionView[]> {
  const { rows } = await tx.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM survey.list_versions WHERE list_id = $1 ORDER BY version_no DESC`, [listId]);
  return rows.map(presentVersion);
}

/** One version of the list; a version of another list or company answers 404. */
export async function findVersion(tx: Tx, listId: string, versionId: string): Promise<ListVersionView> {
  const { rows } = await tx.query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM survey.list_versions WHERE id = $1 AND list_id = $2`, [versionId, listId]);
  if (!rows[0]) throw new AppError('survey.list_version_not_found', { internal: `version ${versionId} of list ${listId} is not visible` });
  return presentVersion(rows[0]);
}

/** Escapes LIKE wildcards so a search term matches literally. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A version's entries in load order, filtered by name, CAS number or internal id. */
export async function entriesOf(tx: Tx, listId: string, versionId: string, query: z.infer<typeof entryListQuery>): Promise<{ items: z.infer<typeof listEntryView>[]; total: number }> {
  await findVersion(tx, listId, versionId);
  const term = query.q ? query.q.normalize('NFKC').trim() : '';
  const params: unknown[] = [versionId];
  let where = 'version_id = $1';
  if (term !== '') {
    params.push(likePattern(term));
    where += ` AND (name ILIKE $2 OR cas LIKE $2 OR internal_id ILIKE $2 OR notes ILIKE $2)`;
  }
  const { rows } = await tx.query<{ id: string; cas: string | null; internal_id: string | null; name: string; threshold_percent: string | number; basis: 'material' | 'article'; notes: string; total: string | number }>(
    `SELECT id, cas, internal_id, name, threshold_percent, basis, notes, count(*) OVER () AS total
       FROM survey.list_entries WHERE ${where}
      ORDER BY sort_order LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
    params,
  );
  const total = rows[0] ? Number(rows[0].total) : (await tx.query<{ n: string | number }>(`SELECT count(*) AS n FROM survey.list_entries WHERE ${where}`, params)).rows[0]!.n;
  return {
    items: rows.map((e) => ({ id: e.id, cas: e.cas, internalId: e.internal_id, name: e.name, thresholdPercent: Number(e.threshold_percent), basis: e.basis, notes: e.notes })),
    total: Number(total),
  };
}
