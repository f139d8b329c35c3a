import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { loadConfig, type Config } from '../../src/core/config.js';
import { PgliteDatabase, PostgresDatabase, withTenant, type Database } from '../../src/core/db/index.js';
import { createLogger } from '../../src/core/logger.js';
import { auditKeysDir, readTrustedKeys, runVerifyAudit, verifyAllChains } from '../../src/platform/audit/index.js';
import { recoveryTargetTime, runBackup, runRestoreCommand } from '../../src/platform/backup/index.js';
import { createFileStore, findTenantFile, openTenantFile, storeTenantFile, tenantFileDeps, type TenantFileDeps } from '../../src/platform/files/index.js';
import { masterKeyProvider } from '../../src/platform/keys/index.js';
import { TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { signInStaff } from '../support/seeders/audit.js';

const LONG = 300_000;

function envFor(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    PORT: '0',
    METRICS_PORT: '0',
    JOBS_ENABLED: 'false',
    BACKUP_ENABLED: 'true',
    STAFF_ALERT_EMAIL: 'ops@provider.example',
    ...extra,
  };
}

function fileDeps(config: Config, db: Database, clock: ManualClock): TenantFileDeps {
  return tenantFileDeps({ db, clock, files: createFileStore(config.files), keys: masterKeyProvider(config.masterKeyFile), config });
}

/** Everything the restore must bring back exactly, read as the owner. */
async function state(db: Database) {
  return db.ownerTransaction(async (tx) => ({
    tenants: (await tx.query('SELECT * FROM ops.tenants ORDER BY id')).rows,
    users: (await tx.query('SELECT id, tenant_id, email, password_hash, status FROM platform.users ORDER BY id')).rows,
    files: (await tx.query('SELECT * FROM platform.files ORDER BY id')).rows,
    tenantEvents: (await tx.query('SELECT tenant_id, seq, id, action, hash FROM audit.tenant_events ORDER BY tenant_id, seq')).rows,
    operatorEvents: (await tx.query('SELECT seq, id, action, hash FROM audit.operator_events ORDER BY seq')).rows,
  }));
}

function storedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('restore drill: the embedded database and stored files come back to a point in time', () => {
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-restore-'));
  const config = loadConfig(envFor(dataDir));
  const dbDir = config.database.kind === 'pglite' ? config.database.dataDir : '';
  const filesDir = config.files.kind === 'local' ? config.files.dir : '';
  let db: PgliteDatabase;
  let app: App;
  let tenant: BuiltTenant;
  let admin: BuiltUser;

  beforeAll(async () => {
    db = await PgliteDatabase.open(dbDir);
    app = await createApp({ config, db, clock, logger: createLogger('silent') });
  }, LONG);
  afterAll(async () => {
    await app?.close();
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes, backs up, writes more, loses the database, restores to the backup and finds exactly the first data', { timeout: LONG }, async () => {
    // 1. Data, an audit-logged sign-in and a stored file.
    tenant = await buildTenant(db, { name: '東洋樹脂株式会社' });
    admin = await buildUser(db, tenant, { displayName: '管理 花子' });
    expect((await new TestClient(app).login(tenant.code, admin.email, admin.password)).statusCode).toBe(200);
    const firstBody = randomBytes(200_000);
    const first = await storeTenantFile(fileDeps(config, db, clock), {
      tenantId: tenant.id,
      service: 'process',
      name: '検査成績書-2026-11.pdf',
      body: firstBody,
      actor: { type: 'user', id: admin.id, name: '管理 花子' },
      origin: { ip: '192.0.2.10' },
    });
    const staff = await signInStaff(app, clock, { roles: ['operator'] });

    // 2. A backup from the console, through the job queue, as the schedule would take it.
    expect((await staff.client.post('/api/ops/backups/run', {})).statusCode).toBe(202);
    const expected = await state(db);
    const expectedFiles = storedFiles(filesDir);
    expect(expectedFiles).toHaveLength(1);
    expect(expected.tenantEvents.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.login.succeeded', 'files.file.stored']));
    expect(expected.operatorEvents.map((e) => e.action)).toContain('ops.backup.requested');
    for (let i = 0; i < 10 && (await app.jobs.tick()) > 0; i++);
    const backupTime = clock.now();
    const listed = (await staff.client.get('/api/ops/backups')).json().runs;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ status: 'succeeded', takenAt: backupTime.toISOString(), includesDatabase: true, fileCount: 1 });

    // 3. Later data: another tenant, another file, another sign-in.
    clock.advance(10 * 60_000);
    const later = await buildTenant(db, { name: '後日登録株式会社' });
    expect((await new TestClient(app).login(tenant.code, admin.email, admin.password)).statusCode).toBe(200);
    const second = await storeTenantFile(fileDeps(config, db, clock), {
      tenantId: tenant.id,
      service: 'process',
      name: '後日の書類.pdf',
      body: randomBytes(50_000),
      actor: { type: 'user', id: admin.id, name: '管理 花子' },
      origin: {},
    });
    expect(storedFiles(filesDir)).toHaveLength(2);

    // The restore refuses while the application holds the database.
    const refused: string[] = [];
    expect(await runRestoreCommand(['--to', backupTime.toISOString()], config, clock, (t) => refused.push(t))).toBe(1);
    expect(refused.join('\n')).toMatch(/is in use .*postmaster\.pid/);
    expect(existsSync(path.join(dbDir, 'PG_VERSION'))).toBe(true);
    // A point before every backup has nothing to go back to.
    const tooEarly: string[] = [];
    expect(await runRestoreCommand(['--to', '2026-11-27T00:59:00Z', '--force'], config, clock, (t) => tooEarly.push(t))).toBe(1);
    expect(tooEarly.join('\n')).toContain('no backup taken at or before 2026-11-27T00:59:00.000Z');
    // The time must carry its zone.
    expect(await runRestoreCommand(['--to', '2026-11-27 10:00'], config, clock, () => undefined)).toBe(1);

    // 4. Disaster: the application stops and the database directory is lost.
    await app.close();
    await db.close();
    rmSync(dbDir, { recursive: true, force: true });

    // 5. Restore to a moment after the backup and before the later writes (in JST, as an operator types it).
    const target = '2026-11-27T10:03:00+09:00';
    const lines: string[] = [];
    expect(await runRestoreCommand(['--to', target], config, clock, (t) => lines.push(t))).toBe(0);
    const out = lines.join('\n');
    expect(out).toContain(`Restoring backup ${listed[0].id} taken at ${backupTime.toISOString()}`);
    expect(out).toMatch(/kept as .*files\.before-restore-/);

    db = await PgliteDatabase.open(dbDir);
    const restored = await state(db);
    // Exactly the first data: the same rows, the same log entries with the same hashes…
    expect(restored.tenants).toEqual(expected.tenants);
    expect(restored.users).toEqual(expected.users);
    expect(restored.files).toEqual(expected.files);
    expect(restored.tenantEvents).toEqual(expected.tenantEvents);
    // …and the operator log goes on from where the backup left it, with the restore itself.
    expect(restored.operatorEvents.slice(0, expected.operatorEvents.length)).toEqual(expected.operatorEvents);
    const added = restored.operatorEvents.slice(expected.operatorEvents.length);
    expect(added.map((e) => e.action)).toEqual(['ops.backup.restored']);
    const restoreEvent = await db.ownerTransaction(async (tx) => (await tx.query<{ details: Record<string, unknown>; actor_type: string }>(`SELECT details, actor_type FROM audit.operator_events WHERE action = 'ops.backup.restored'`)).rows[0]!);
    expect(restoreEvent.details).toMatchObject({ backupId: listed[0].id, takenAt: backupTime.toISOString(), targetTime: new Date(target).toISOString(), engine: 'pglite' });
    expect(restoreEvent.actor_type).toBe('system');
    // The later data is gone.
    expect(restored.tenants.map((t) => t.id)).not.toContain(later.id);
    expect(await findTenantFile({ db }, tenant.id, second.id)).toBeUndefined();
    expect(storedFiles(filesDir)).toEqual(expectedFiles);
    const movedFiles = readdirSync(dataDir).find((n) => n.startsWith('files.before-restore-'))!;
    expect(storedFiles(path.join(dataDir, movedFiles))).toHaveLength(2);

    // Every audit chain verifies on the restored database.
    const chains = await verifyAllChains(db, readTrustedKeys(auditKeysDir(config)));
    expect(chains.ok).toBe(true);
    expect(chains.chains).toBeGreaterThanOrEqual(2);
    const audit: string[] = [];
    expect(await runVerifyAudit(db, config, (t) => audit.push(t))).toBe(0);

    // 6. The application runs on the restored system: the first file opens with its original bytes.
    app = await createApp({ config, db, clock, logger: createLogger('silent') });
    const opened = await openTenantFile(fileDeps(config, db, clock), { tenantId: tenant.id, fileId: first.id });
    expect((await buffer(opened.stream)).equals(firstBody)).toBe(true);
    expect((await new TestClient(app).login(tenant.code, admin.email, admin.password)).statusCode).toBe(200);
    const staffAgain = await signInStaff(app, clock, { roles: ['auditor'] });
    const status = (await staffAgain.client.get('/api/ops/backups/status')).json().status;
    expect(status.lastRestore).toMatchObject({ ok: true, backupId: listed[0].id, targetTime: new Date(target).toISOString(), actorName: 'sotas restore (CLI)' });
    expect(status.kept).toBe(1);
    expect(status.lastSuccess.id).toBe(listed[0].id);
    await withTenant(db, tenant.id, async (tx) => {
      expect((await tx.query('SELECT 1 FROM platform.users WHERE id = $1', [admin.id])).rows).toHaveLength(1);
    });
  });
});

describe.runIf(testDatabaseKind() === 'postgres')('restore in PostgreSQL mode: PostgreSQL recovers the database, the command the files', () => {
  const clock = new ManualClock('2026-11-27T03:00:00Z');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-restore-pg-'));
  let tdb: TestDatabase;
  let config: Config;

  beforeAll(async () => {
    tdb = await openTestDatabase();
    config = loadConfig(envFor(dataDir, { DATABASE_URL: tdb.urls!.owner, DATABASE_APP_URL: tdb.urls!.app }));
  });
  afterAll(async () => {
    await tdb?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the point-in-time recovery steps for the chosen time, then restores the files and records it', { timeout: LONG }, async () => {
    const db = tdb.db as PostgresDatabase;
    const tenant = await buildTenant(db);
    const admin = await buildUser(db, tenant);
    const deps = { config, db, clock, keys: masterKeyProvider(config.masterKeyFile) };
    const first = await storeTenantFile(fileDeps(config, db, clock), { tenantId: tenant.id, service: 'process', name: 'a.pdf', body: randomBytes(30_000), actor: { type: 'user', id: admin.id }, origin: {} });
    const backup = (await runBackup(deps, 'cli')).header!;
    expect(backup).toMatchObject({ engine: 'postgres', database: { included: false }, files: { count: 1 } });
    clock.advance(10 * 60_000);
    await storeTenantFile(fileDeps(config, db, clock), { tenantId: tenant.id, service: 'process', name: 'b.pdf', body: randomBytes(30_000), actor: { type: 'user', id: admin.id }, origin: {} });
    const filesDir = config.files.kind === 'local' ? config.files.dir : '';
    expect(storedFiles(filesDir)).toHaveLength(2);

    const target = new Date(Date.parse(backup.takenAt) + 60_000).toISOString();
    const steps: string[] = [];
    expect(await runRestoreCommand(['--to', target], config, clock, (t) => steps.push(t))).toBe(1);
    expect(steps.join('\n')).toContain(`recovery_target_time = '${recoveryTargetTime(new Date(target))}'`);
    expect(storedFiles(filesDir)).toHaveLength(2);

    const lines: string[] = [];
    expect(await runRestoreCommand(['--to', target, '--database-recovered'], config, clock, (t) => lines.push(t))).toBe(0);
    expect(storedFiles(filesDir)).toEqual([`tenant/${tenant.id}/process/${first.id}`]);
    const event = await db.ownerTransaction(async (tx) => (await tx.query<{ details: Record<string, unknown> }>(`SELECT details FROM audit.operator_events WHERE action = 'ops.backup.restored'`)).rows);
    expect(event).toHaveLength(1);
    expect(event[0]!.details).toMatchObject({ backupId: backup.id, engine: 'postgres', targetTime: target });
    expect(readFileSync(path.join(filesDir, `tenant/${tenant.id}/process/${first.id}`)).length).toBeGreaterThan(30_000);
  });
});
