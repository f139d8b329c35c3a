import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import { migrate, openDatabase, withoutTenant, type Database } from '../../core/db/index.js';
import { recordOperatorEvent } from '../audit/index.js';
import type { KeyProvider } from '../keys/index.js';
import { insertCheck } from './backupRecords.js';
import { openStore, resyncCatalogue, storeExists } from './backupService.js';
import type { ManifestHeader } from './manifest.js';
import { writeDatabase, writeFiles } from './materialize.js';

/** A restore that was refused before anything changed; the message says what to do. */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

export interface RestoreOptions {
  config: Config;
  keys: KeyProvider;
  clock: Clock;
  /** The point in time to go back to: the newest backup taken at or before it is restored. */
  to: Date;
  /** PGlite: restore although the database directory looks in use (after a crash left its pid file). */
  force?: boolean;
  /** PostgreSQL: the database server has been recovered to `to` (PITR) already; restore the files and record it. */
  databaseRecovered?: boolean;
  tell: (text: string) => void;
}

export interface RestoreResult {
  /** The backup restored; null on PostgreSQL with files in object storage (only the database's own recovery). */
  backup: ManifestHeader | null;
  /** Where the replaced directories were moved (never deleted). */
  movedAside: string[];
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The newest backup taken at or before `to` that holds what this restore needs. */
export function pickBackup(headers: readonly ManifestHeader[], to: Date, needs: 'database' | 'files'): ManifestHeader | undefined {
  return headers
    .filter((h) => new Date(h.takenAt).getTime() <= to.getTime() && (needs === 'database' ? h.database.included : h.files.included))
    .at(-1);
}

/**
 * A time as recovery_target_time takes it: PostgreSQL refuses zone abbreviations there, and
 * reads the `Z` of ISO 8601 as one, so the offset is written as a number.
 */
export function recoveryTargetTime(to: Date): string {
  return to.toISOString().replace('T', ' ').replace('Z', '+00');
}

/** PostgreSQL's own point-in-time recovery, spelled out for the chosen time (docs/backup.md has the details). */
export function pitrInstructions(to: Date): string {
  return [
    'The database runs on PostgreSQL: it is restored by PostgreSQL itself from the base backup and the WAL archive',
    '(point-in-time recovery), not by this command. On the database host, with the server stopped:',
    '  1. move the data directory aside and restore the newest base backup taken before the target time',
    '     (pg_basebackup output, or your tool: pgBackRest / WAL-G);',
    "  2. in postgresql.conf set  restore_command = 'cp /path/to/wal-archive/%f %p'",
    `                            recovery_target_time = '${recoveryTargetTime(to)}'`,
    "                            recovery_target_action = 'promote'",
    '  3. create an empty recovery.signal file in the data directory and start the server;',
    '  4. when it has promoted, run this command again with --database-recovered to bring the',
    '     stored files to the same point and record the restore in the operator log.',
  ].join('\n');
}

async function moveAside(dir: string, suffix: string, moved: string[]): Promise<void> {
  if (!existsSync(dir)) return;
  const target = `${dir}.before-restore-${suffix}`;
  await rename(dir, target);
  moved.push(target);
}

/**
 * Restores the whole system (every tenant; backups are for disaster, not for one customer's
 * records) to the newest backup at or before `to`:
 * - embedded mode: refuses while the database directory is in use; reads and checks the whole
 *   backup first, then moves the current database and file directories aside (never deletes
 *   them) and writes the restored ones;
 * - PostgreSQL mode: the database is recovered by PostgreSQL (see `pitrInstructions`); this
 *   restores the local file store to the same point.
 * Then records the restore in the operator log of the restored database, so its chain continues.
 */
export async function restoreSystem(options: RestoreOptions): Promise<RestoreResult> {
  const { config, tell } = options;
  const pglite = config.database.kind === 'pglite' ? config.database : undefined;
  if (!pglite && !options.databaseRecovered) throw new RestoreRefused(pitrInstructions(options.to));
  const filesDir = config.files.kind === 'local' ? config.files.dir : undefined;
  if (pglite && existsSync(path.join(pglite.dataDir, 'postmaster.pid')) && !options.force) {
    throw new RestoreRefused(
      `The database in ${pglite.dataDir} is in use (its postmaster.pid file exists): stop the application (every process using DATA_DIR) and run the restore again. ` +
        'If the application is certainly stopped and crashed before, leaving the file behind, add --force.',
    );
  }
  if (!pglite && !filesDir) {
    // Nothing here for the application to restore; it records the recovery PostgreSQL made.
    const result: RestoreResult = { backup: null, movedAside: [] };
    await recordInDatabase(options, result);
    return result;
  }
  if (!storeExists(config)) throw new RestoreRefused(`There are no backups in ${config.backup.dir} (BACKUP_DIR): nothing to restore from.`);
  const store = await openStore(options, false);
  const { headers } = await store.listHeaders();
  const backup = pickBackup(headers, options.to, pglite ? 'database' : 'files');
  if (!backup) {
    const oldest = headers[0]?.takenAt;
    throw new RestoreRefused(`There is no backup taken at or before ${options.to.toISOString()}${oldest ? `; the oldest kept backup is from ${oldest}` : '; the backup directory holds none'}.`);
  }
  tell(`Restoring backup ${backup.id} taken at ${backup.takenAt} (target ${options.to.toISOString()}).`);

  const result = await store.exclusive('restore', async () => {
    const manifest = await store.readManifest(backup.id);
    if (!manifest) throw new RestoreRefused(`Backup ${backup.id} disappeared while it was being restored; run the restore again.`);
    const suffix = stamp(options.clock.now());
    // Everything is written aside and checked (every chunk, and the database opens) before
    // the live folders are touched; then each is swapped in with a rename.
    const stagedDatabase = pglite ? `${pglite.dataDir}.restoring-${suffix}` : undefined;
    // A backup taken while files lived in object storage holds none: the local folder stays as it is.
    const stagedFiles = filesDir && manifest.header.files.included ? `${filesDir}.restoring-${suffix}` : undefined;
    try {
      if (stagedDatabase) {
        const written = await writeDatabase(store, manifest, stagedDatabase);
        tell(`Checked and staged the database: ${written.files} files (${written.bytes} bytes).`);
      }
      if (stagedFiles) {
        const files = await writeFiles(store, manifest, stagedFiles);
        tell(`Checked and staged ${files.count} stored files (${files.bytes} bytes).`);
      }
    } catch (error) {
      // Nothing live was touched; the half-written copies go.
      for (const staged of [stagedDatabase, stagedFiles]) if (staged) await rm(staged, { recursive: true, force: true });
      throw error;
    }
    const movedAside: string[] = [];
    if (pglite && stagedDatabase) {
      await moveAside(pglite.dataDir, suffix, movedAside);
      await rename(stagedDatabase, pglite.dataDir);
      tell(`Restored the database into ${pglite.dataDir}.`);
    }
    if (filesDir && stagedFiles) {
      await moveAside(filesDir, suffix, movedAside);
      await rename(stagedFiles, filesDir);
    }
    return { backup, movedAside };
  });
  for (const dir of result.movedAside) tell(`The replaced directory was kept as ${dir} (delete it yourself once the restore is confirmed).`);

  await recordInDatabase(options, result);
  tell('The restore is recorded in the operator log. Start the application and check it; run `sotas verify-audit` to confirm the logs are intact.');
  return result;
}

async function recordInDatabase(options: RestoreOptions, result: RestoreResult): Promise<void> {
  const db = await openDatabase(options.config);
  try {
    await migrate(db);
    await recordRestore(db, options, result);
    await resyncCatalogue({ config: options.config, keys: options.keys, clock: options.clock, db });
  } finally {
    await db.close();
  }
}

async function recordRestore(db: Database, options: RestoreOptions, result: RestoreResult): Promise<void> {
  const now = options.clock.now();
  let osUser = 'unknown';
  try {
    osUser = os.userInfo().username;
  } catch {
    // No passwd entry for this uid (containers); the host name still says where it ran.
  }
  await withoutTenant(db, async (tx) => {
    const checkId = await insertCheck(tx, {
      kind: 'restore',
      backupId: result.backup?.id ?? null,
      targetTime: options.to,
      startedAt: now,
      finishedAt: now,
      ok: true,
      backupsChecked: result.backup ? 1 : 0,
      chunksChecked: result.backup?.chunkCount ?? 0,
      bytesChecked: result.backup?.totalBytes ?? 0,
      problems: [],
      summary: { takenAt: result.backup?.takenAt ?? null, movedAside: result.movedAside.map((d) => path.basename(d)), host: os.hostname(), osUser },
      actor: { type: 'system', name: 'sotas restore (CLI)' },
    });
    await recordOperatorEvent(tx, options.clock, {}, {
      actor: { type: 'system', name: 'sotas restore (CLI)' },
      action: 'ops.backup.restored',
      target: { type: 'backup', id: result.backup?.id ?? 'postgresql-pitr' },
      result: 'success',
      details: {
        checkId,
        backupId: result.backup?.id ?? null,
        takenAt: result.backup?.takenAt ?? null,
        targetTime: options.to.toISOString(),
        engine: options.config.database.kind,
        movedAside: result.movedAside.map((d) => path.basename(d)),
        host: os.hostname(),
        osUser,
      },
    });
  });
}
