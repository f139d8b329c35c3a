import type { z } from 'zod';
import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { auditUserChange, type ServiceWrite } from '../../../platform/services/index.js';
import { recheckVersion, type RecheckSummary } from './checkEngine.js';
import type { EntryInput } from './listEntries.js';
import { findList, findVersion, type createListSchema, type ListVersionView, type SubstanceListView, type updateListSchema } from './listViews.js';
import { STARTER_LISTS, type StarterList } from './starters/index.js';

/** What a list command works with: the tenant's transaction, the clock, who and from where. */
export type ListWrite = ServiceWrite;

async function codeTaken(tx: Tx, code: string): Promise<boolean> {
  const { rows } = await tx.query(`SELECT 1 FROM survey.substance_lists WHERE lower(code) = lower($1)`, [code]);
  return rows.length > 0;
}

async function insertList(w: ListWrite, input: { code: string; name: string; nameEn: string; source: string; starterKey: string | null }): Promise<string> {
  if (await codeTaken(w.tx, input.code)) throw new AppError('survey.list_code_taken');
  const now = w.clock.now();
  try {
    const { rows } = await w.tx.query<{ id: string }>(
      `INSERT INTO survey.substance_lists (tenant_id, code, name, name_en, source, starter_key, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
      [w.actor.tenantId, input.code, input.name, input.nameEn, input.source, input.starterKey, w.actor.userId, now],
    );
    return rows[0]!.id;
  } catch (error) {
    // A list created with the same code at the same moment.
    if ((error as { code?: string }).code === '23505') throw new AppError('survey.list_code_taken', { cause: error });
    throw error;
  }
}

/** Creates an empty list (no version yet); its code is unique in the company, whatever the case. */
export async function createList(w: ListWrite, input: z.output<typeof createListSchema>): Promise<SubstanceListView> {
  const id = await insertList(w, { ...input, starterKey: null });
  await auditUserChange(w, 'survey.list.created', { type: 'survey_list', id }, { code: input.code, name: input.name });
  return findList(w.tx, id);
}

/** Renames, re-sources, archives or restores a list; its versions never change. */
export async function updateList(w: ListWrite, listId: string, input: z.output<typeof updateListSchema>): Promise<SubstanceListView> {
  const before = await findList(w.tx, listId, { forUpdate: true });
  const after = {
    name: input.name ?? before.name,
    nameEn: input.nameEn ?? before.nameEn,
    source: input.source ?? before.source,
    archived: input.archived ?? before.archived,
  };
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== before[k]);
  if (changed.length === 0) return before;
  await w.tx.query(`UPDATE survey.substance_lists SET name = $2, name_en = $3, source = $4, archived = $5, updated_at = $6 WHERE id = $1`, [
    listId,
    after.name,
    after.nameEn,
    after.source,
    after.archived,
    w.clock.now(),
  ]);
  await auditUserChange(w, 'survey.list.updated', { type: 'survey_list', id: listId }, { code: before.code, changed, archived: after.archived });
  return findList(w.tx, listId);
}

/**
 * Loads a new version into a list: numbered after the highest (the list row is locked so two
 * loads cannot take the same number), entries in their given order, then every product is
 * re-checked against it in the same transaction.
 */
export async function loadVersion(
  w: ListWrite,
  listId: string,
  input: { label: string; sourceNote: string; entries: readonly EntryInput[]; format: 'json' | 'csv' | 'xlsx' | 'starter' },
): Promise<{ version: ListVersionView; recheck: RecheckSummary }> {
  const list = await findList(w.tx, listId, { forUpdate: true });
  if (list.archived) throw new AppError('survey.list_archived');
  const now = w.clock.now();
  const versionNo = (list.currentVersion?.versionNo ?? 0) + 1;
  const { rows } = await w.tx.query<{ id: string }>(
    `INSERT INTO survey.list_versions (tenant_id, list_id, version_no, label, source_note, entry_count, loaded_by, loaded_by_name, loaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [w.actor.tenantId, listId, versionNo, input.label, input.sourceNote, input.entries.length, w.actor.userId, w.actor.displayName.slice(0, 200), now],
  );
  const versionId = rows[0]!.id;
  await w.tx.query(
    `INSERT INTO survey.list_entries (tenant_id, version_id, cas, internal_id, name, threshold_percent, basis, notes, sort_order)
     SELECT $1, $2, e.cas, e.internal_id, e.name, e.threshold_percent, e.basis, e.notes, e.sort_order
       FROM jsonb_to_recordset($3::jsonb) AS e(cas text, internal_id text, name text, threshold_percent numeric, basis text, notes text, sort_order int)`,
    [
      w.actor.tenantId,
      versionId,
      JSON.stringify(input.entries.map((e, i) => ({ cas: e.cas, internal_id: e.internalId, name: e.name, threshold_percent: e.thresholdPercent, basis: e.basis, notes: e.notes, sort_order: i }))),
    ],
  );
  await w.tx.query(`UPDATE survey.substance_lists SET updated_at = $2 WHERE id = $1`, [listId, now]);
  const recheck = await recheckVersion(w.tx, w.actor.tenantId, versionId, w.clock);
  await auditUserChange(w, 'survey.list.version_loaded', { type: 'survey_list_version', id: versionId }, {
    listId,
    code: list.code,
    versionNo,
    label: input.label,
    entryCount: input.entries.length,
    format: input.format,
    recheck,
  });
  return { version: await findVersion(w.tx, listId, versionId), recheck };
}

/** The shipped starter lists, with the company's list loaded from each (when it has one). */
export async function listStarters(tx: Tx): Promise<{ key: StarterList['key']; name: { ja: string; en: string }; source: string; entryCount: number; loadedListId: string | null }[]> {
  const { rows } = await tx.query<{ id: string; starter_key: string }>(`SELECT id, starter_key FROM survey.substance_lists WHERE starter_key IS NOT NULL ORDER BY created_at`);
  return STARTER_LISTS.map((s) => ({
    key: s.key,
    name: { ja: s.name.ja, en: s.name.en },
    source: s.source,
    entryCount: s.entries.length,
    loadedListId: rows.find((r) => r.starter_key === s.key)?.id ?? null,
  }));
}

type EntryRow = { cas: string | null; internal_id: string | null; name: string; threshold_percent: string | number; basis: string; notes: string };
const entryKey = (e: { cas: string | null; internalId: string | null; name: string; thresholdPercent: number; basis: string; notes: string }) =>
  JSON.stringify([e.cas, e.internalId, e.name, e.thresholdPercent, e.basis, e.notes]);

/**
 * Loads a shipped starter list: creates the list the first time, and afterwards adds a version
 * only when the shipped entries differ from the list's current version.
 */
export async function loadStarter(
  w: ListWrite,
  key: StarterList['key'],
): Promise<{ list: SubstanceListView; version: ListVersionView; recheck: RecheckSummary; created: boolean }> {
  const starter = STARTER_LISTS.find((s) => s.key === key)!;
  const { rows } = await w.tx.query<{ id: string }>(`SELECT id FROM survey.substance_lists WHERE starter_key = $1 ORDER BY created_at LIMIT 1`, [key]);
  const existing = rows[0] ? await findList(w.tx, rows[0].id, { forUpdate: true }) : null;
  if (existing?.currentVersion) {
    const { rows: current } = await w.tx.query<EntryRow>(
      `SELECT cas, internal_id, name, threshold_percent, basis, notes FROM survey.list_entries WHERE version_id = $1 ORDER BY sort_order`,
      [existing.currentVersion.id],
    );
    const same =
      current.length === starter.entries.length &&
      current.every((e, i) => entryKey({ cas: e.cas, internalId: e.internal_id, name: e.name, thresholdPercent: Number(e.threshold_percent), basis: e.basis, notes: e.notes }) === entryKey(starter.entries[i]!));
    if (same) return { list: existing, version: existing.currentVersion, recheck: { checked: 0, changed: 0, aboveThreshold: 0 }, created: false };
  }
  const listId = existing?.id ?? (await insertList(w, { code: starter.code, name: starter.name.ja, nameEn: starter.name.en, source: starter.source, starterKey: starter.key }));
  if (!existing) await auditUserChange(w, 'survey.list.created', { type: 'survey_list', id: listId }, { code: starter.code, name: starter.name.ja, starterKey: starter.key });
  const { version, recheck } = await loadVersion(w, listId, { label: starter.versionLabel, sourceNote: starter.source, entries: starter.entries, format: 'starter' });
  return { list: await findList(w.tx, listId), version, recheck, created: true };
}
