import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { APP_DB_ROLE, loadConfig, type Config } from '../../src/core/config.js';
import { PgliteDatabase, PostgresDatabase, withTenant, type Database } from '../../src/core/db/index.js';
import { createLogger } from '../../src/core/logger.js';
import { runBackup, runRestoreCommand } from '../../src/platform/backup/index.js';
import { createFileStore, openTenantFile, storeTenantFile, tenantFileDeps, type TenantFile, type TenantFileDeps } from '../../src/platform/files/index.js';
import { decryptForTenant, encryptForTenant, masterKeyProvider, TenantKeyUnavailableError } from '../../src/platform/keys/index.js';
import { purgeTenant } from '../../src/platform/lifecycle/index.js';
import { TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { base32Decode, totpAt } from '../support/totp.js';

const run = promisify(execFile);
const LONG = 300_000;
/** Contract ended 2026-03-31 → purge from 2026-06-01 00:00 JST. */
const ENDED_ON = '2026-03-31';
const PURGE_ON = '2026-06-01';
const totpContext = (userId: string) => ({ purpose: 'mfa_totp_secret', id: userId });

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

function storedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Whether `inner` lies inside `outer` (or is it). */
function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

interface Holder {
  tenant: BuiltTenant;
  user: BuiltUser;
  secret: Buffer;
  body: Buffer;
  file: TenantFile;
}

/**
 * The scenario both database kinds share: two tenants, each with a stored file and a confirmed
 * TOTP secret (a secret column), set up through the app as a customer would.
 */
async function fillTenants(app: App, config: Config, db: Database, clock: ManualClock): Promise<{ a: Holder; b: Holder }> {
  const deps = fileDeps(config, db, clock);
  const fill = async (name: string): Promise<Holder> => {
    const tenant = await buildTenant(db, { name });
    const user = await buildUser(db, tenant, { displayName: '管理 花子' });
    const client = new TestClient(app);
    expect((await client.login(tenant.code, user.email, user.password)).statusCode).toBe(200);
    const secret = base32Decode((await client.post('/api/mfa/totp', {})).json().secret as string);
    expect((await client.post('/api/mfa/totp/confirm', { code: totpAt(secret, clock.now()) })).statusCode).toBe(200);
    const body = randomBytes(40_000);
    const file = await storeTenantFile(deps, {
      tenantId: tenant.id,
      service: 'process',
      name: '検査成績書.pdf',
      body,
      actor: { type: 'user', id: user.id, name: '管理 花子' },
      origin: {},
    });
    return { tenant, user, secret, body, file };
  };
  return { a: await fill('閉鎖予定化学株式会社'), b: await fill('継続樹脂株式会社') };
}

function fileDeps(config: Config, db: Database, clock: ManualClock): TenantFileDeps {
  return tenantFileDeps({ db, clock, files: createFileStore(config.files), keys: masterKeyProvider(config.masterKeyFile), config });
}

/** Ends tenant A's contract and purges it on its purge date (the last step destroys its keys). */
async function purge(app: App, config: Config, db: Database, clock: ManualClock, tenant: BuiltTenant): Promise<void> {
  await db.ownerTransaction(async (tx) => {
    await tx.query(`UPDATE ops.contracts SET ends_on = $2 WHERE customer_id = $1`, [tenant.id, ENDED_ON]);
    await tx.query(`UPDATE ops.tenants SET purge_on = $2 WHERE id = $1`, [tenant.id, PURGE_ON]);
  });
  clock.set('2026-06-01T00:00:00Z');
  const outcome = await purgeTenant(
    { db, clock, registry: app.registry, files: createFileStore(config.files), keys: masterKeyProvider(config.masterKeyFile) },
    tenant.id,
    'crypto-shred test',
  );
  expect(outcome.status).toBe('purged');
}

/** The restored database: tenant B decrypts exactly; tenant A's rows are back but none of its secrets opens. */
async function expectShredded(config: Config, db: Database, clock: ManualClock, a: Holder, b: Holder): Promise<void> {
  const keys = { provider: masterKeyProvider(config.masterKeyFile), clock };
  const filesDir = config.files.kind === 'local' ? config.files.dir : '';
  const secretOf = (h: Holder) =>
    db.ownerTransaction(async (tx) => (await tx.query<{ secret_encrypted: string }>('SELECT secret_encrypted FROM platform.mfa_totp WHERE user_id = $1', [h.user.id])).rows[0]?.secret_encrypted);

  // A pre-purge backup: tenant A is there, not purged, with its wrapped data key, secret and file rows.
  const rowsOfA = await db.ownerTransaction(async (tx) => ({
    status: (await tx.query<{ status: string }>('SELECT status FROM ops.tenants WHERE id = $1', [a.tenant.id])).rows[0]?.status,
    keys: (await tx.query<{ wrapped_key: string }>('SELECT wrapped_key FROM platform.tenant_keys WHERE tenant_id = $1', [a.tenant.id])).rows,
    files: (await tx.query('SELECT id FROM platform.files WHERE tenant_id = $1', [a.tenant.id])).rows,
  }));
  expect(rowsOfA.status).toBe('active');
  expect(rowsOfA.keys).toHaveLength(1);
  // Wrapped by A's key-encryption key, which the purge destroyed — not by the master key that survives.
  expect(rowsOfA.keys[0]!.wrapped_key).toMatch(/^tk-kek1\./);
  expect(rowsOfA.files).toEqual([{ id: a.file.id }]);
  const secretA = await secretOf(a);
  expect(secretA).toBeDefined();
  // The backup's file store came back too: A's encrypted object is on disk again.
  expect(existsSync(path.join(filesDir, `tenant/${a.tenant.id}/process/${a.file.id}`))).toBe(true);

  // Tenant B: the secret column and the file decrypt to exactly what was stored.
  const storedSecretB = (await secretOf(b))!;
  const secretB = await withTenant(db, b.tenant.id, (tx) => decryptForTenant(tx, keys, b.tenant.id, storedSecretB, totpContext(b.user.id)));
  expect(secretB.equals(b.secret)).toBe(true);
  const openedB = await openTenantFile(fileDeps(config, db, clock), { tenantId: b.tenant.id, fileId: b.file.id });
  expect((await buffer(openedB.stream)).equals(b.body)).toBe(true);

  // Tenant A: neither decrypts — its key-encryption key is gone from the key store.
  await expect(withTenant(db, a.tenant.id, (tx) => decryptForTenant(tx, keys, a.tenant.id, secretA!, totpContext(a.user.id)))).rejects.toBeInstanceOf(TenantKeyUnavailableError);
  await expect(openTenantFile(fileDeps(config, db, clock), { tenantId: a.tenant.id, fileId: a.file.id })).rejects.toBeInstanceOf(TenantKeyUnavailableError);
  // Nor can anything make it a new key-encryption key for the restored rows.
  await expect(withTenant(db, a.tenant.id, (tx) => encryptForTenant(tx, keys, a.tenant.id, Buffer.from('x'), { purpose: 'probe', id: '1' }))).rejects.toBeInstanceOf(TenantKeyUnavailableError);
  const store = keys.provider.tenantKeys;
  expect(await store.exists(a.tenant.id)).toBe(false);
  expect(await store.destroyed(a.tenant.id)).toBe(true);
  expect(await store.exists(b.tenant.id)).toBe(true);
}

/** The key folder is never part of a data backup: it lies outside every backed-up source. */
function expectKeysOutsideBackups(config: Config): void {
  const keysDir = path.dirname(config.masterKeyFile);
  const tenantKeysDir = masterKeyProvider(config.masterKeyFile).tenantKeys.location;
  expect(isInside(tenantKeysDir, keysDir)).toBe(true);
  const sources = [config.files.kind === 'local' ? config.files.dir : undefined, config.database.kind === 'pglite' ? config.database.dataDir : undefined, config.backup.dir];
  for (const source of sources) {
    if (!source) continue;
    expect(isInside(keysDir, source)).toBe(false);
    expect(isInside(source, keysDir)).toBe(false);
  }
}

describe('crypto-shredding holds against backups: embedded database restored after a purge', () => {
  const clock = new ManualClock('2026-05-20T01:00:00Z');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-shred-'));
  const config = loadConfig(envFor(dataDir));
  const dbDir = config.database.kind === 'pglite' ? config.database.dataDir : '';
  const filesDir = config.files.kind === 'local' ? config.files.dir : '';
  let db: PgliteDatabase | undefined;
  let app: App | undefined;

  afterAll(async () => {
    await app?.close();
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('backs up, purges tenant A, restores the pre-purge backup: B reads exactly, A stays unreadable', { timeout: LONG }, async () => {
    db = await PgliteDatabase.open(dbDir);
    app = await createApp({ config, db, clock, logger: createLogger('silent') });
    const { a, b } = await fillTenants(app, config, db, clock);
    const tenantKeysDir = masterKeyProvider(config.masterKeyFile).tenantKeys.location;
    expect(readdirSync(tenantKeysDir).sort()).toEqual([`${a.tenant.id}.key`, `${b.tenant.id}.key`].sort());

    // The backup: the embedded database and the file store — and nothing of the key folder.
    const header = (await runBackup({ config, db, clock, keys: masterKeyProvider(config.masterKeyFile) }, 'cli')).header!;
    expect(header).toMatchObject({ engine: 'pglite', database: { included: true }, files: { included: true, count: 2 } });
    expectKeysOutsideBackups(config);
    const backedUpFiles = storedFiles(filesDir);
    expect(backedUpFiles).toEqual([`tenant/${a.tenant.id}/process/${a.file.id}`, `tenant/${b.tenant.id}/process/${b.file.id}`].sort());

    // The purge: A's rows, files and keys go; its KEK file is unlinked, B's stays.
    await purge(app, config, db, clock, a.tenant);
    expect(existsSync(path.join(tenantKeysDir, `${a.tenant.id}.key`))).toBe(false);
    expect(existsSync(path.join(tenantKeysDir, `${b.tenant.id}.key`))).toBe(true);
    expect(storedFiles(filesDir)).toEqual([`tenant/${b.tenant.id}/process/${b.file.id}`]);

    // Disaster, then the restore of the pre-purge backup into a fresh database directory.
    await app.close();
    app = undefined;
    await db.close();
    db = undefined;
    rmSync(dbDir, { recursive: true, force: true });
    const lines: string[] = [];
    const target = new Date(Date.parse(header.takenAt) + 60_000).toISOString();
    expect(await runRestoreCommand(['--to', target], config, clock, (t) => lines.push(t))).toBe(0);
    // Everything the backup held came back, and only that: the key folder is not in it.
    expect(storedFiles(filesDir)).toEqual(backedUpFiles);
    expect(readdirSync(tenantKeysDir).sort()).toEqual([`${a.tenant.id}.destroyed`, `${b.tenant.id}.key`].sort());

    db = await PgliteDatabase.open(dbDir);
    await expectShredded(config, db, clock, a, b);

    // The app starts on the restored system (its key upgrade brings nothing back); B signs in with TOTP, A's secret stays shut.
    app = await createApp({ config, db, clock, logger: createLogger('silent') });
    expect(existsSync(path.join(tenantKeysDir, `${a.tenant.id}.key`))).toBe(false);
    clock.advance(31_000);
    const client = new TestClient(app);
    const step = (await client.login(b.tenant.code, b.user.email, b.user.password)).json() as { secondFactor: { token: string } };
    expect((await client.post('/api/auth/mfa/verify', { token: step.secondFactor.token, method: 'totp', code: totpAt(b.secret, clock.now()) })).statusCode).toBe(200);
  });
});

describe.runIf(testDatabaseKind() === 'postgres')('crypto-shredding holds against backups: PostgreSQL recovered to before a purge', () => {
  const clock = new ManualClock('2026-05-20T03:00:00Z');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-shred-pg-'));
  const restoredName = `sotas_shred_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const base = process.env.TEST_DATABASE_URL ?? '';
  const urlOf = (database: string, user?: string) => {
    const u = new URL(base);
    u.pathname = `/${database}`;
    if (user) {
      u.username = user;
      u.password = '';
    }
    return u.toString();
  };
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  let tdb: TestDatabase | undefined;
  let app: App | undefined;
  let restored: PostgresDatabase | undefined;

  afterAll(async () => {
    await app?.close();
    await restored?.close();
    await tdb?.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('backs up the files, dumps the database, purges A, recovers the database and files: B reads exactly, A stays unreadable', { timeout: LONG }, async () => {
    tdb = await openTestDatabase();
    const config = loadConfig(envFor(dataDir, { DATABASE_URL: tdb.urls!.owner, DATABASE_APP_URL: tdb.urls!.app }));
    const filesDir = config.files.kind === 'local' ? config.files.dir : '';
    app = await createApp({ config, db: tdb.db, clock, logger: createLogger('silent') });
    const { a, b } = await fillTenants(app, config, tdb.db, clock);

    // The application backup holds the file store; the database's copy is PostgreSQL's own
    // (a base backup and WAL in production; a dump of the same moment stands in for it here).
    const header = (await runBackup({ config, db: tdb.db, clock, keys: masterKeyProvider(config.masterKeyFile) }, 'cli')).header!;
    expect(header).toMatchObject({ engine: 'postgres', database: { included: false }, files: { included: true, count: 2 } });
    expectKeysOutsideBackups(config);
    const dump = path.join(dataDir, 'before-purge.dump');
    await run('pg_dump', ['--format=custom', `--file=${dump}`, tdb.urls!.owner]);

    await purge(app, config, tdb.db, clock, a.tenant);
    const tenantKeysDir = masterKeyProvider(config.masterKeyFile).tenantKeys.location;
    expect(existsSync(path.join(tenantKeysDir, `${a.tenant.id}.key`))).toBe(false);
    await app.close();
    app = undefined;

    // Recovery into a fresh database, then `restore --database-recovered` brings the files of that time back.
    await admin((c) => c.query(`CREATE DATABASE ${restoredName} TEMPLATE template0`));
    await run('pg_restore', ['--exit-on-error', `--dbname=${urlOf(restoredName)}`, dump]);
    const restoredConfig = loadConfig(envFor(dataDir, { DATABASE_URL: urlOf(restoredName), DATABASE_APP_URL: urlOf(restoredName, APP_DB_ROLE) }));
    const target = new Date(Date.parse(header.takenAt) + 60_000).toISOString();
    const lines: string[] = [];
    expect(await runRestoreCommand(['--to', target, '--database-recovered'], restoredConfig, clock, (t) => lines.push(t))).toBe(0);
    expect(storedFiles(filesDir)).toEqual([`tenant/${a.tenant.id}/process/${a.file.id}`, `tenant/${b.tenant.id}/process/${b.file.id}`].sort());

    restored = new PostgresDatabase({ ownerUrl: urlOf(restoredName), appUrl: urlOf(restoredName, APP_DB_ROLE), poolSize: 2 });
    await expectShredded(restoredConfig, restored, clock, a, b);
  });
});
