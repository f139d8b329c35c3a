import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import { PgliteDatabase, withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import { raiseAlert, resolveAlert } from '../alerts/index.js';
import { auditKeysDir, readTrustedKeys, recordOperatorEvent, verifyAllChains, type AuditActor, type AuditOrigin } from '../audit/index.js';
import type { KeyProvider } from '../keys/index.js';
import { insertCheck, insertFailedRun, syncCatalogue, upsertBackupRun } from './backupRecords.js';
import { BackupStore, StoreBusyError } from './chunkStore.js';
import type { BackupTrigger, Manifest, ManifestHeader } from './manifest.js';
import { writeDatabase, writeFiles } from './materialize.js';
import { pruneBackups, type PruneResult } from './pruneBackups.js';
import { takeBackup, type BackupSources } from './snapshot.js';
import { verifyBackups, type VerifyReport } from './verifyBackups.js';
import { readWalArchiver, type WalArchiverStatus } from './walArchiver.js';

/** What the backup commands use; the HTTP module, the job and the CLI each build one. */
export interface BackupDeps {
  config: Pick<Config, 'backup' | 'files' | 'dataDir' | 'staffAlertEmail'> & { http: Pick<Config['http'], 'publicUrl'> };
  db: Database;
  clock: Clock;
  keys: KeyProvider;
}

export const BACKUP_FAILED_ALERT = 'backup:failed';
export const WAL_ARCHIVE_ALERT = 'backup:wal';
const COLLECT_MARKER = 'collected-at';
const DAY_MS = 86_400_000;

/** What a backup of this deployment copies: the embedded database, and the local file store. */
export function backupSources(deps: Pick<BackupDeps, 'config' | 'db'>): BackupSources {
  return {
    engine: deps.db.kind,
    ...(deps.db instanceof PgliteDatabase ? { pglite: deps.db.raw } : {}),
    ...(deps.config.files.kind === 'local' ? { filesDir: deps.config.files.dir } : {}),
  };
}

export function openStore(deps: Pick<BackupDeps, 'config' | 'keys' | 'clock'>, create: boolean): Promise<BackupStore> {
  return BackupStore.open(deps.config.backup.dir, deps.keys, { create, now: deps.clock.now() });
}

/** Whether the store holds any backup yet (without needing the master key). */
export function storeExists(config: Pick<Config, 'backup'>): boolean {
  return existsSync(path.join(config.backup.dir, 'key.json'));
}

function alertDeps(deps: BackupDeps) {
  return { clock: deps.clock, staffAlertEmail: deps.config.staffAlertEmail, publicUrl: deps.config.http.publicUrl };
}

function shortMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/** Collecting unreferenced chunks reads every manifest, so it runs at most daily unless asked. */
function shouldCollect(store: BackupStore, now: Date, collect: 'auto' | 'always'): boolean {
  if (collect === 'always') return true;
  const marker = path.join(store.dir, COLLECT_MARKER);
  if (!existsSync(marker)) return true;
  const last = new Date(readFileSync(marker, 'utf8').trim()).getTime();
  return !(now.getTime() - last < DAY_MS);
}

export interface BackupOutcome {
  header: ManifestHeader | null;
  prune: PruneResult | null;
  /** Set when another backup or clean-up held the store, so this one did nothing. */
  skipped?: string;
}

/**
 * Takes a backup, prunes backups past the retention period and (daily) deletes chunks no
 * backup needs; mirrors the outcome for the console and resolves the failure alert. A failure
 * is recorded, logged in the operator log and alerted to staff (once per breach), then
 * rethrown. On PostgreSQL with files in object storage there is nothing for the application
 * to copy: the WAL archive and the bucket's own versioning are the backups.
 */
export async function runBackup(deps: BackupDeps, trigger: BackupTrigger, options: { collect?: 'auto' | 'always' } = {}): Promise<BackupOutcome> {
  const sources = backupSources(deps);
  if (!sources.pglite && !sources.filesDir) return { header: null, prune: null };
  const startedAt = deps.clock.now();
  let outcome: BackupOutcome;
  try {
    const store = await openStore(deps, true);
    outcome = await store.exclusive(`backup (${trigger})`, async () => {
      const header = await takeBackup(store, sources, { clock: deps.clock, trigger });
      const now = deps.clock.now();
      const collect = shouldCollect(store, now, options.collect ?? 'auto');
      const prune = await pruneBackups(store, { now, retentionDays: deps.config.backup.retentionDays, collect });
      if (prune.collected) writeFileSync(path.join(store.dir, COLLECT_MARKER), now.toISOString());
      return { header, prune };
    });
  } catch (error) {
    if (error instanceof StoreBusyError) return { header: null, prune: null, skipped: error.message };
    await recordFailure(deps, trigger, sources.engine, startedAt, error);
    throw error;
  }
  const { header, prune } = outcome;
  await withoutTenant(deps.db, async (tx) => {
    const previous = await tx.query<{ store_bytes: string | null }>(`SELECT store_bytes FROM ops.backup_runs WHERE store_bytes IS NOT NULL ORDER BY finished_at DESC LIMIT 1`);
    const known = previous.rows[0]?.store_bytes;
    const storeBytes = prune?.storeBytes ?? (known === undefined || known === null ? null : Number(known) + (header?.bytesAdded ?? 0));
    if (header) await upsertBackupRun(tx, header, deps.clock.now(), storeBytes);
    if (prune?.pruned.length) {
      await tx.query(`UPDATE ops.backup_runs SET pruned_at = $2 WHERE id = ANY($1::text[]) AND pruned_at IS NULL`, [prune.pruned, deps.clock.now()]);
    }
    await resolveAlert(tx, deps.clock, BACKUP_FAILED_ALERT);
  });
  return outcome;
}

async function recordFailure(deps: BackupDeps, trigger: BackupTrigger, engine: 'pglite' | 'postgres', startedAt: Date, error: unknown): Promise<void> {
  const message = shortMessage(error);
  await withoutTenant(deps.db, async (tx) => {
    const id = `failed-${randomUUID()}`;
    await insertFailedRun(tx, { id, trigger, engine, startedAt, finishedAt: deps.clock.now(), error: message });
    await recordOperatorEvent(tx, deps.clock, {}, {
      actor: { type: 'system', name: 'backup' },
      action: 'ops.backup.failed',
      target: { type: 'backup_run', id },
      result: 'failure',
      reason: message,
      details: { trigger },
    });
  });
  // Apart from the record, so that a mail problem cannot lose the record of the failure.
  try {
    await withoutTenant(deps.db, (tx) => raiseAlert(tx, alertDeps(deps), {
      key: BACKUP_FAILED_ALERT,
      kind: 'backup',
      summary: { ja: 'バックアップに失敗しました', en: 'A backup failed' },
      detail: {
        ja: `バックアップを取得できませんでした（${message}）。運用コンソールのバックアップ画面で原因を確認し、対処してください。次のバックアップが成功するとこの通知は解除されます。`,
        en: `A backup could not be taken (${message}). Check the backups screen of the operator console and fix the cause; this alert closes when the next backup succeeds.`,
      },
    }));
  } catch (alertError) {
    // The backup's own failure is in the message and in the record above.
    throw new Error(`${message}; the staff alert could not be raised either: ${shortMessage(alertError)}`, { cause: alertError });
  }
}

/**
 * PostgreSQL mode: checks that WAL archiving is on and current, and alerts staff (once per
 * breach) when it is off, failing or stale; resolves the alert when it is healthy again.
 */
export async function checkWalArchive(deps: BackupDeps): Promise<WalArchiverStatus | null> {
  if (deps.db.kind !== 'postgres') return null;
  return withoutTenant(deps.db, async (tx) => {
    const status = await readWalArchiver(tx, deps.clock.now());
    if (status.state === 'ok') {
      await resolveAlert(tx, deps.clock, WAL_ARCHIVE_ALERT);
      return status;
    }
    const why = {
      off: { ja: 'WALアーカイブが無効です（archive_mode）', en: 'WAL archiving is off (archive_mode)' },
      none_yet: { ja: 'WALがまだ一度もアーカイブされていません', en: 'No WAL segment has been archived yet' },
      failing: { ja: `WALのアーカイブに失敗しています（${status.lastFailedWal ?? ''}）`, en: `WAL archiving is failing (${status.lastFailedWal ?? ''})` },
      stale: { ja: `最後にアーカイブされたWALが${Math.round((status.ageSeconds ?? 0) / 60)}分前です`, en: `The last archived WAL segment is ${Math.round((status.ageSeconds ?? 0) / 60)} minutes old` },
    }[status.state];
    await raiseAlert(tx, alertDeps(deps), {
      key: WAL_ARCHIVE_ALERT,
      kind: 'backup',
      summary: { ja: 'データベースのWALアーカイブに問題があります', en: 'Database WAL archiving needs attention' },
      detail: {
        ja: `${why.ja}。docs/backup.md の手順で archive_mode・archive_command・archive_timeout を確認してください。`,
        en: `${why.en}. Check archive_mode, archive_command and archive_timeout as docs/backup.md describes.`,
      },
    });
    return status;
  });
}

/** The staff member or process a check is recorded for. */
export type CheckActor = { type: 'staff'; id: string; name: string } | { type: 'system'; name: string };

function auditActor(actor: CheckActor): AuditActor {
  return actor.type === 'staff' ? { type: 'staff', id: actor.id, name: actor.name } : { type: 'system', name: actor.name };
}

/** Verifies one backup or all, records the result and logs it in the operator log (one transaction). */
export async function verifyAndRecord(deps: BackupDeps, options: { backupId?: string }, actor: CheckActor, origin: AuditOrigin): Promise<VerifyReport> {
  const startedAt = deps.clock.now();
  const store = await openStore(deps, false);
  const report = await verifyBackups(store, options);
  await recordVerification(deps.db, deps.clock, { report, backupId: options.backupId ?? null, startedAt, actor, origin });
  return report;
}

export async function recordVerification(
  db: Database,
  clock: Clock,
  input: { report: VerifyReport; backupId: string | null; startedAt: Date; actor: CheckActor; origin: AuditOrigin },
): Promise<void> {
  const { report } = input;
  await withoutTenant(db, async (tx) => {
    const checkId = await insertCheck(tx, {
      kind: 'verify',
      backupId: input.backupId,
      startedAt: input.startedAt,
      finishedAt: clock.now(),
      ok: report.ok,
      backupsChecked: report.backups,
      chunksChecked: report.chunks,
      bytesChecked: report.bytes,
      problems: report.problems,
      summary: {},
      actor: input.actor,
    });
    await recordOperatorEvent(tx, clock, input.origin, {
      actor: auditActor(input.actor),
      action: 'ops.backup.verified',
      target: { type: 'backup', id: input.backupId ?? 'all' },
      result: report.ok ? 'success' : 'failure',
      details: { checkId, backups: report.backups, chunks: report.chunks, problems: report.problems.slice(0, 20) },
    });
  });
}

/** What a restore drill found in the restored copy. */
export interface DrillReport {
  ok: boolean;
  backupId: string;
  takenAt: string;
  database: { restored: boolean; bytes: number; tenants: number; users: number; auditChains: number; auditEntries: number; auditOk: boolean } | null;
  files: { count: number; bytes: number };
  problems: string[];
  durationMs: number;
}

async function countRows(tx: Tx, table: string): Promise<number> {
  return (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n ?? 0;
}

/**
 * A restore drill: restores a backup (the newest by default) into a scratch directory, opens
 * the restored database, walks every audit chain in it, and checks every stored file came
 * back at its size. The live system is not touched.
 */
export async function restoreDrill(deps: Pick<BackupDeps, 'config' | 'keys' | 'clock'>, options: { backupId?: string } = {}): Promise<DrillReport> {
  const started = performance.now();
  const store = await openStore(deps, false);
  const header = options.backupId ? (await store.readManifest(options.backupId))?.header : (await store.listHeaders()).headers.at(-1);
  if (!header) throw new Error(options.backupId ? `No backup ${options.backupId}` : 'There is no backup yet');
  const manifest = (await store.readManifest(header.id)) as Manifest;
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'sotas-drill-'));
  const problems: string[] = [];
  let database: DrillReport['database'] = null;
  let files = { count: 0, bytes: 0 };
  try {
    if (manifest.body.database) {
      try {
        const image = await writeDatabase(store, manifest, path.join(scratch, 'db'));
        const restored = await PgliteDatabase.open(path.join(scratch, 'db'));
        try {
          const counts = await restored.ownerTransaction(async (tx) => ({ tenants: await countRows(tx, 'ops.tenants'), users: await countRows(tx, 'platform.users') }));
          const chains = await verifyAllChains(restored, readTrustedKeys(auditKeysDir(deps.config)));
          if (!chains.ok) problems.push(...chains.broken.map((b) => `audit chain ${b.chain}: ${b.break?.kind ?? 'broken'} at ${b.break?.seq ?? '?'}`));
          database = { restored: true, bytes: image.bytes, ...counts, auditChains: chains.chains, auditEntries: chains.entries, auditOk: chains.ok };
        } finally {
          await restored.close();
        }
      } catch (error) {
        problems.push(`database: ${shortMessage(error)}`);
      }
    }
    try {
      files = await writeFiles(store, manifest, path.join(scratch, 'files'));
    } catch (error) {
      problems.push(`files: ${shortMessage(error)}`);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { ok: problems.length === 0, backupId: header.id, takenAt: header.takenAt, database, files, problems, durationMs: Math.round(performance.now() - started) };
}

export async function recordDrill(db: Database, clock: Clock, input: { report: DrillReport; startedAt: Date; actor: CheckActor; origin: AuditOrigin }): Promise<void> {
  const { report } = input;
  await withoutTenant(db, async (tx) => {
    const checkId = await insertCheck(tx, {
      kind: 'drill',
      backupId: report.backupId,
      startedAt: input.startedAt,
      finishedAt: clock.now(),
      ok: report.ok,
      backupsChecked: 1,
      chunksChecked: 0,
      bytesChecked: (report.database?.bytes ?? 0) + report.files.bytes,
      problems: report.problems.map((message) => ({ backupId: report.backupId, message })),
      summary: { takenAt: report.takenAt, database: report.database, files: report.files, durationMs: report.durationMs },
      actor: input.actor,
    });
    await recordOperatorEvent(tx, clock, input.origin, {
      actor: auditActor(input.actor),
      action: 'ops.backup.drilled',
      target: { type: 'backup', id: report.backupId },
      result: report.ok ? 'success' : 'failure',
      details: { checkId, takenAt: report.takenAt, database: report.database, files: report.files, problems: report.problems.slice(0, 20) },
    });
  });
}

/** Rebuilds the console's mirror of the catalogue from the manifests (after a restore, or on request). */
export async function resyncCatalogue(deps: Pick<BackupDeps, 'config' | 'keys' | 'clock' | 'db'>): Promise<number> {
  if (!storeExists(deps.config)) return 0;
  const store = await openStore(deps, false);
  const { headers } = await store.listHeaders();
  await withoutTenant(deps.db, (tx) => syncCatalogue(tx, headers, deps.clock.now()));
  return headers.length;
}
