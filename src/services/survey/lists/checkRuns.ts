import type { Clock } from '../../../core/clock.js';
import type { Tx } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import type { Composition } from '../shared/composition.js';
import { checkComposition, declaresSubstances, EntryIndex, outcomeOf, type CheckOutcome, type EngineEntry, type Finding, type Outcome } from './compositionCheck.js';

/** What a re-check did: products checked, results that changed against the previous version, results above a threshold. */
export interface RecheckSummary {
  checked: number;
  changed: number;
  aboveThreshold: number;
}

/** How a result differs from the previous version of the same list for the same subject. */
export interface ChangeSummary {
  previousOutcome?: Outcome;
  /** Entries found now and not under the previous version. */
  added?: string[];
  /** Entries found under the previous version and not now. */
  removed?: string[];
}

/**
 * A list version with its entries indexed, and how the version before it differs: the entries
 * both share unchanged (same id, threshold and basis: their findings are the same under both)
 * and the previous version's other entries, the only ones checked again for the comparison.
 */
export interface PreparedVersion {
  id: string;
  listId: string;
  versionNo: number;
  index: EntryIndex;
  previous: { unchanged: Set<string>; others: EntryIndex } | null;
}

/** What makes an entry give the same findings: its identifiers, threshold and basis. */
const identity = (e: Pick<EngineEntry, 'cas' | 'internalId' | 'thresholdPercent' | 'basis'>) => `${e.cas ?? ''}|${e.internalId ?? ''}|${e.thresholdPercent}|${e.basis}`;

/** Products read and written per statement. */
const PAGE = 2000;

/** Reads a version and the one before it, indexed for the engine; 404 when the tenant has no such version. */
export async function prepareVersion(tx: Tx, versionId: string): Promise<PreparedVersion> {
  const { rows } = await tx.query<{ id: string; list_id: string; version_no: number; previous_id: string | null }>(
    `SELECT v.id, v.list_id, v.version_no,
            (SELECT p.id FROM survey.list_versions p
              WHERE p.tenant_id = v.tenant_id AND p.list_id = v.list_id AND p.version_no < v.version_no
              ORDER BY p.version_no DESC LIMIT 1) AS previous_id
       FROM survey.list_versions v WHERE v.id = $1`,
    [versionId],
  );
  const version = rows[0];
  if (!version) throw new AppError('survey.list_version_not_found', { internal: `list version ${versionId} is not visible` });
  const ids = version.previous_id ? [version.id, version.previous_id] : [version.id];
  const { rows: entryRows } = await tx.query<{ version_id: string; name: string; cas: string | null; internal_id: string | null; threshold_percent: string | number; basis: 'material' | 'article' }>(
    `SELECT version_id, name, cas, internal_id, threshold_percent, basis FROM survey.list_entries
      WHERE version_id = ANY($1::uuid[]) ORDER BY version_id, sort_order`,
    [ids],
  );
  const entriesOf = (id: string): EngineEntry[] =>
    entryRows
      .filter((e) => e.version_id === id)
      .map((e) => ({ name: e.name, cas: e.cas, internalId: e.internal_id, thresholdPercent: Number(e.threshold_percent), basis: e.basis }));
  const current = entriesOf(version.id);
  let previous: PreparedVersion['previous'] = null;
  if (version.previous_id) {
    const now = new Set(current.map(identity));
    const before = entriesOf(version.previous_id);
    previous = { unchanged: new Set(before.map(identity).filter((k) => now.has(k))), others: new EntryIndex(before.filter((e) => !now.has(identity(e)))) };
  }
  return { id: version.id, listId: version.list_id, versionNo: version.version_no, index: new EntryIndex(current), previous };
}

const keyOf = (f: Finding) => (f.cas ? `cas:${f.cas}` : `id:${f.internalId ?? f.entryName}`);

/**
 * Whether the result differs from what the previous version says about the same composition:
 * another outcome, entries newly found or no longer found, or entries newly above (or no
 * longer above) their threshold. Entries are compared by CAS number or internal id, so a
 * renamed entry is not a change.
 */
export function changeOf(current: CheckOutcome, previous: CheckOutcome | null): { changed: boolean; summary: ChangeSummary } {
  if (!previous) return { changed: false, summary: {} };
  const names = (findings: readonly Finding[], only?: (f: Finding) => boolean) => {
    const map = new Map<string, string>();
    for (const f of findings) if (!only || only(f)) map.set(keyOf(f), f.entryName);
    return map;
  };
  const now = names(current.findings);
  const before = names(previous.findings);
  const added = [...now].filter(([k]) => !before.has(k)).map(([, name]) => name);
  const removed = [...before].filter(([k]) => !now.has(k)).map(([, name]) => name);
  const aboveNow = names(current.findings, (f) => f.aboveThreshold);
  const aboveBefore = names(previous.findings, (f) => f.aboveThreshold);
  const aboveMoved = aboveNow.size !== aboveBefore.size || [...aboveNow.keys()].some((k) => !aboveBefore.has(k));
  const changed = current.outcome !== previous.outcome || added.length > 0 || removed.length > 0 || aboveMoved;
  return { changed, summary: changed ? { previousOutcome: previous.outcome, added: [...new Set(added)], removed: [...new Set(removed)] } : {} };
}

interface ProductRow {
  id: string;
  mass_g: string | number | null;
  composition: Composition;
}

interface ResultRow {
  subject_id: string;
  outcome: Outcome;
  findings: Finding[];
  changed: boolean;
  change_summary: ChangeSummary;
}

/**
 * What the previous version says about the composition: the current findings of the entries it
 * shares unchanged, plus the findings of its other entries.
 */
function previousResult(version: PreparedVersion, input: { composition: Composition; productMassG: number | null }, current: CheckOutcome): CheckOutcome | null {
  if (!version.previous) return null;
  const { unchanged, others } = version.previous;
  const kept = current.findings.filter((f) => unchanged.has(identity(f)));
  const findings = others.entries.length > 0 ? [...kept, ...checkComposition(input, others).findings] : kept;
  return { outcome: outcomeOf(findings, declaresSubstances(input.composition)), findings };
}

function resultOf(version: PreparedVersion, product: ProductRow): ResultRow {
  const input = { composition: product.composition, productMassG: product.mass_g === null ? null : Number(product.mass_g) };
  const current = checkComposition(input, version.index);
  const previous = previousResult(version, input, current);
  const { changed, summary } = changeOf(current, previous);
  return { subject_id: product.id, outcome: current.outcome, findings: current.findings, changed, change_summary: summary };
}

/**
 * Writes product results of one version in one statement. A result stays acknowledged only
 * while what was acknowledged (outcome, change) is the same.
 */
async function upsertResults(tx: Tx, tenantId: string, version: PreparedVersion, results: readonly ResultRow[], now: Date): Promise<void> {
  if (results.length === 0) return;
  await tx.query(
    `INSERT INTO survey.check_results AS c (tenant_id, subject_kind, subject_id, subject_key, list_id, list_version_id, outcome, findings, changed, change_summary, checked_at)
     SELECT $1, 'product', r.subject_id, '', $2, $3, r.outcome, r.findings, r.changed, r.change_summary, $4
       FROM jsonb_to_recordset($5::jsonb) AS r(subject_id uuid, outcome text, findings jsonb, changed boolean, change_summary jsonb)
     ON CONFLICT (tenant_id, subject_kind, subject_id, subject_key, list_version_id) DO UPDATE
        SET outcome = excluded.outcome, findings = excluded.findings, changed = excluded.changed,
            change_summary = excluded.change_summary, checked_at = excluded.checked_at,
            acknowledged_at = CASE WHEN c.outcome = excluded.outcome AND c.changed = excluded.changed AND c.change_summary = excluded.change_summary
                                   THEN c.acknowledged_at END`,
    [tenantId, version.listId, version.id, now, JSON.stringify(results)],
  );
}

function summarise(results: readonly ResultRow[], into: RecheckSummary): void {
  into.checked += results.length;
  for (const r of results) {
    if (r.changed) into.changed += 1;
    if (r.outcome === 'above_threshold') into.aboveThreshold += 1;
  }
}

/**
 * Checks every product of the tenant against a list version and stores the results, each
 * compared with what the previous version of the list says about the same composition.
 * Products are read and results written a page at a time (one multi-row upsert per page),
 * in the caller's transaction.
 */
export async function recheckAllProducts(tx: Tx, tenantId: string, versionId: string, clock: Clock): Promise<RecheckSummary> {
  const version = await prepareVersion(tx, versionId);
  const now = clock.now();
  const summary: RecheckSummary = { checked: 0, changed: 0, aboveThreshold: 0 };
  const read = (after: string) =>
    tx.query<ProductRow>(`SELECT id, mass_g, composition FROM survey.products WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT ${PAGE}`, [tenantId, after]);
  let page = await read('00000000-0000-0000-0000-000000000000');
  while (page.rows.length > 0) {
    const { rows } = page;
    // The next page is asked for before this one is checked, so the database reads while the
    // engine runs; its failure surfaces where it is awaited.
    const next = rows.length === PAGE ? read(rows[rows.length - 1]!.id) : null;
    next?.catch(() => undefined);
    const results = rows.map((p) => resultOf(version, p));
    await upsertResults(tx, tenantId, version, results, now);
    summarise(results, summary);
    if (!next) break;
    page = await next;
  }
  return summary;
}

/**
 * Checks the given products against the given versions (default: the current version of every
 * list that is not archived) and stores the results. For a product just saved, or a check on
 * demand. Returns the ids of the versions checked.
 */
export async function checkProducts(tx: Tx, tenantId: string, productIds: readonly string[], clock: Clock, versionIds?: readonly string[]): Promise<string[]> {
  const ids = versionIds ?? (await currentVersionIds(tx));
  if (productIds.length === 0 || ids.length === 0) return [...ids];
  const { rows } = await tx.query<ProductRow>(`SELECT id, mass_g, composition FROM survey.products WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id`, [tenantId, productIds]);
  const now = clock.now();
  for (const versionId of ids) {
    const version = await prepareVersion(tx, versionId);
    await upsertResults(tx, tenantId, version, rows.map((p) => resultOf(version, p)), now);
  }
  return [...ids];
}

/** The current (highest) version of every list that is not archived, in list code order. */
export async function currentVersionIds(tx: Tx): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT v.id FROM survey.substance_lists l
       JOIN LATERAL (SELECT id FROM survey.list_versions v WHERE v.tenant_id = l.tenant_id AND v.list_id = l.id ORDER BY version_no DESC LIMIT 1) v ON true
      WHERE NOT l.archived ORDER BY l.code`,
  );
  return rows.map((r) => r.id);
}
