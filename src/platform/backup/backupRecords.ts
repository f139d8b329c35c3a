import type { Tx } from '../../core/db/index.js';
import type { BackupTrigger, ManifestHeader } from './manifest.js';

/** A failed run: there is no manifest, only this row and the staff alert. */
export interface FailedRun {
  id: string;
  trigger: BackupTrigger;
  engine: 'pglite' | 'postgres';
  startedAt: Date;
  finishedAt: Date;
  error: string;
}

/** Mirrors one backup of the catalogue (idempotent: a manifest seen again changes nothing). */
export async function upsertBackupRun(tx: Tx, header: ManifestHeader, finishedAt: Date, storeBytes: number | null): Promise<void> {
  await tx.query(
    `INSERT INTO ops.backup_runs (id, trigger, status, started_at, finished_at, taken_at, engine, includes_database, file_count, total_bytes, bytes_added,
                                  chunk_count, new_chunk_count, duration_ms, store_bytes)
     VALUES ($1, $2, 'succeeded', $3, $4, $3, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO UPDATE SET pruned_at = NULL, store_bytes = COALESCE(EXCLUDED.store_bytes, ops.backup_runs.store_bytes)`,
    [
      header.id, header.trigger, header.takenAt, finishedAt, header.engine, header.database.included, header.files.count, header.totalBytes,
      header.bytesAdded, header.chunkCount, header.newChunkCount, header.durationMs, storeBytes,
    ],
  );
}

export async function insertFailedRun(tx: Tx, run: FailedRun): Promise<void> {
  await tx.query(
    `INSERT INTO ops.backup_runs (id, trigger, status, started_at, finished_at, engine, error) VALUES ($1, $2, 'failed', $3, $4, $5, $6)`,
    [run.id, run.trigger, run.startedAt, run.finishedAt, run.engine, run.error.slice(0, 2000)],
  );
}

/**
 * Brings the mirror in line with the catalogue: every manifest has its row, and rows of
 * backups whose manifests are gone (pruned, or lost) are marked pruned.
 */
export async function syncCatalogue(tx: Tx, headers: readonly ManifestHeader[], now: Date): Promise<void> {
  for (const header of headers) await upsertBackupRun(tx, header, new Date(new Date(header.takenAt).getTime() + header.durationMs), null);
  await tx.query(
    `UPDATE ops.backup_runs SET pruned_at = $2 WHERE status = 'succeeded' AND pruned_at IS NULL AND NOT (id = ANY($1::text[]))`,
    [headers.map((h) => h.id), now],
  );
}

export interface CheckRecord {
  kind: 'verify' | 'drill' | 'restore';
  backupId: string | null;
  targetTime?: Date | null;
  startedAt: Date;
  finishedAt: Date;
  ok: boolean;
  backupsChecked: number;
  chunksChecked: number;
  bytesChecked: number;
  problems: readonly { backupId: string; message: string }[];
  summary: Record<string, unknown>;
  actor: { type: 'staff' | 'system'; id?: string; name?: string };
}

export async function insertCheck(tx: Tx, check: CheckRecord): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO ops.backup_checks (kind, backup_id, target_time, started_at, finished_at, ok, backups_checked, chunks_checked, bytes_checked, problems, summary,
                                    actor_type, actor_id, actor_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13, $14) RETURNING id`,
    [
      check.kind, check.backupId, check.targetTime ?? null, check.startedAt, check.finishedAt, check.ok, check.backupsChecked, check.chunksChecked,
      check.bytesChecked, JSON.stringify(check.problems.slice(0, 100)), JSON.stringify(check.summary), check.actor.type, check.actor.id ?? null,
      check.actor.name?.slice(0, 200) ?? null,
    ],
  );
  return rows[0]!.id;
}

/** A backup run as the console lists it. */
export interface BackupRunView {
  id: string;
  trigger: BackupTrigger;
  status: 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string;
  takenAt: string | null;
  engine: 'pglite' | 'postgres';
  includesDatabase: boolean;
  fileCount: number;
  totalBytes: number;
  bytesAdded: number;
  durationMs: number;
  error: string | null;
  pruned: boolean;
}

interface RunRow {
  id: string;
  trigger: BackupTrigger;
  status: 'succeeded' | 'failed';
  started_at: Date;
  finished_at: Date;
  taken_at: Date | null;
  engine: 'pglite' | 'postgres';
  includes_database: boolean;
  file_count: number;
  total_bytes: string | number;
  bytes_added: string | number;
  duration_ms: number;
  error: string | null;
  pruned_at: Date | null;
}

const RUN_COLUMNS = `id, trigger, status, started_at, finished_at, taken_at, engine, includes_database, file_count, total_bytes, bytes_added, duration_ms, error, pruned_at`;

function runView(r: RunRow): BackupRunView {
  return {
    id: r.id,
    trigger: r.trigger,
    status: r.status,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: new Date(r.finished_at).toISOString(),
    takenAt: r.taken_at ? new Date(r.taken_at).toISOString() : null,
    engine: r.engine,
    includesDatabase: r.includes_database,
    fileCount: r.file_count,
    totalBytes: Number(r.total_bytes),
    bytesAdded: Number(r.bytes_added),
    durationMs: r.duration_ms,
    error: r.error,
    pruned: r.pruned_at !== null,
  };
}

/** Kept backups and failed runs, newest first, one page at a time. */
export async function listRuns(tx: Tx, options: { page: number; pageSize: number; status: 'all' | 'succeeded' | 'failed' }): Promise<{ runs: BackupRunView[]; total: number }> {
  const where = `WHERE (status = 'failed' OR pruned_at IS NULL) AND ($1::text = 'all' OR status = $1)`;
  const { rows } = await tx.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM ops.backup_runs ${where} ORDER BY finished_at DESC, id DESC LIMIT $2 OFFSET $3`,
    [options.status, options.pageSize, (options.page - 1) * options.pageSize],
  );
  const total = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ops.backup_runs ${where}`, [options.status])).rows[0]?.n ?? 0;
  return { runs: rows.map(runView), total };
}

/** Whether a kept backup with this id is in the mirror. */
export async function backupKnown(tx: Tx, id: string): Promise<boolean> {
  const { rows } = await tx.query(`SELECT 1 FROM ops.backup_runs WHERE id = $1 AND status = 'succeeded' AND pruned_at IS NULL`, [id]);
  return rows.length > 0;
}

/** A check as the console shows it. */
export interface CheckView {
  id: string;
  kind: 'verify' | 'drill' | 'restore';
  backupId: string | null;
  targetTime: string | null;
  finishedAt: string;
  ok: boolean;
  backupsChecked: number;
  chunksChecked: number;
  bytesChecked: number;
  problems: { backupId: string; message: string }[];
  summary: Record<string, unknown>;
  actorName: string | null;
}

export async function lastCheck(tx: Tx, kind: CheckView['kind']): Promise<CheckView | null> {
  const { rows } = await tx.query<{
    id: string;
    kind: CheckView['kind'];
    backup_id: string | null;
    target_time: Date | null;
    finished_at: Date;
    ok: boolean;
    backups_checked: number;
    chunks_checked: number;
    bytes_checked: string | number;
    problems: { backupId: string; message: string }[];
    summary: Record<string, unknown>;
    actor_name: string | null;
  }>(
    `SELECT id, kind, backup_id, target_time, finished_at, ok, backups_checked, chunks_checked, bytes_checked, problems, summary, actor_name
       FROM ops.backup_checks WHERE kind = $1 ORDER BY finished_at DESC, id LIMIT 1`,
    [kind],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    kind: r.kind,
    backupId: r.backup_id,
    targetTime: r.target_time ? new Date(r.target_time).toISOString() : null,
    finishedAt: new Date(r.finished_at).toISOString(),
    ok: r.ok,
    backupsChecked: r.backups_checked,
    chunksChecked: r.chunks_checked,
    bytesChecked: Number(r.bytes_checked),
    problems: r.problems,
    summary: r.summary,
    actorName: r.actor_name,
  };
}

/** Figures of the mirror for the status screen. */
export interface RunFigures {
  lastSuccess: BackupRunView | null;
  lastFailure: BackupRunView | null;
  kept: number;
  oldestKeptAt: string | null;
  failuresLast24h: number;
  storeBytes: number | null;
}

export async function runFigures(tx: Tx, now: Date): Promise<RunFigures> {
  const one = async (where: string, order: string) =>
    (await tx.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM ops.backup_runs WHERE ${where} ORDER BY ${order} LIMIT 1`)).rows[0];
  const success = await one(`status = 'succeeded' AND pruned_at IS NULL`, 'taken_at DESC');
  const failure = await one(`status = 'failed'`, 'finished_at DESC');
  const { rows } = await tx.query<{ kept: number; oldest: Date | null; failures: number; store: string | number | null }>(
    `SELECT (SELECT count(*)::int FROM ops.backup_runs WHERE status = 'succeeded' AND pruned_at IS NULL) AS kept,
            (SELECT min(taken_at) FROM ops.backup_runs WHERE status = 'succeeded' AND pruned_at IS NULL) AS oldest,
            (SELECT count(*)::int FROM ops.backup_runs WHERE status = 'failed' AND finished_at > $1) AS failures,
            (SELECT store_bytes FROM ops.backup_runs WHERE store_bytes IS NOT NULL ORDER BY finished_at DESC LIMIT 1) AS store`,
    [new Date(now.getTime() - 86_400_000)],
  );
  const f = rows[0]!;
  return {
    lastSuccess: success ? runView(success) : null,
    lastFailure: failure ? runView(failure) : null,
    kept: f.kept,
    oldestKeptAt: f.oldest ? new Date(f.oldest).toISOString() : null,
    failuresLast24h: f.failures,
    storeBytes: f.store === null ? null : Number(f.store),
  };
}
