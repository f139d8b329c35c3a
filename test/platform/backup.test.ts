import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { loadConfig, type Config } from '../../src/core/config.js';
import { migrate, PgliteDatabase, withTenant, type Database } from '../../src/core/db/index.js';
import { recordTenantEvent } from '../../src/platform/audit/index.js';
import { backupKeyHolder, backupStatus, runBackup, runBackupCommand, type BackupDeps } from '../../src/platform/backup/index.js';
import { BackupStore } from '../../src/platform/backup/chunkStore.js';
import { CHUNKER, chunkStream } from '../../src/platform/backup/chunker.js';
import { writeDatabase } from '../../src/platform/backup/materialize.js';
import { masterKeyProvider, rotateMasterKey } from '../../src/platform/keys/index.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { signInStaff } from '../support/seeders/audit.js';

const LONG = 240_000;

/** An embedded (PGlite) deployment in temp folders: the source the backup store tests copy. */
async function embeddedDeployment(
  clock: ManualClock,
  options: { onDisk?: boolean } = {},
): Promise<{ deps: BackupDeps & { config: Config }; db: PgliteDatabase; filesDir: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-backup-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
  // In memory the image comes through PGlite's dumpDataDir(); on disk it is read from the folder.
  const db = await PgliteDatabase.open(options.onDisk && config.database.kind === 'pglite' ? config.database.dataDir : undefined);
  await migrate(db);
  const filesDir = config.files.kind === 'local' ? config.files.dir : '';
  mkdirSync(filesDir, { recursive: true });
  return {
    deps: { config, db, clock, keys: masterKeyProvider(config.masterKeyFile) },
    db,
    filesDir,
    async close() {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function chunkFiles(backupDir: string): string[] {
  const root = path.join(backupDir, 'chunks');
  return readdirSync(root).flatMap((prefix) => readdirSync(path.join(root, prefix)).map((name) => path.join(root, prefix, name)));
}

describe('content-defined chunking', () => {
  it('cuts the same content at the same places after an insertion, and keeps sizes within bounds', async () => {
    const data = randomBytes(3 * 1024 * 1024);
    const cut = async (bytes: Buffer) => {
      const chunks: Buffer[] = [];
      // Uneven pieces: the cut points must not depend on how the stream arrives.
      async function* pieces() {
        for (let o = 0; o < bytes.length; o += 100_003) yield bytes.subarray(o, o + 100_003);
      }
      for await (const c of chunkStream(pieces())) chunks.push(c);
      return chunks;
    };
    const before = await cut(data);
    expect(Buffer.concat(before).equals(data)).toBe(true);
    for (const c of before.slice(0, -1)) {
      expect(c.length).toBeGreaterThanOrEqual(CHUNKER.minBytes);
      expect(c.length).toBeLessThanOrEqual(CHUNKER.maxBytes);
    }
    const average = data.length / before.length;
    expect(average).toBeGreaterThan(CHUNKER.avgBytes / 2);
    expect(average).toBeLessThan(CHUNKER.avgBytes * 2);
    const edited = Buffer.concat([data.subarray(0, 1_500_000), Buffer.from('inserted bytes'), data.subarray(1_500_000)]);
    const after = await cut(edited);
    const known = new Set(before.map((c) => c.toString('base64')));
    const changed = after.filter((c) => !known.has(c.toString('base64')));
    expect(changed.length).toBeLessThanOrEqual(2);
  });
});

describe('the backup store (embedded database and local files)', () => {
  const clock = new ManualClock('2026-11-27T00:00:00Z');
  let env: Awaited<ReturnType<typeof embeddedDeployment>>;

  beforeAll(async () => {
    env = await embeddedDeployment(clock);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('encrypts every chunk and manifest, and a second backup after a small change adds far fewer bytes than the first', { timeout: LONG }, async () => {
    const marker = 'PLAINTEXT-MARKER-顧客の秘密-4711';
    const tenant = await buildTenant(env.db, { name: `${marker} 株式会社` });
    writeFileSync(path.join(env.filesDir, 'report.txt'), `${marker}\n`.repeat(2000));
    const first = await runBackup(env.deps, 'cli');
    expect(first.header?.database.included).toBe(true);
    expect(first.header?.files.count).toBe(1);
    expect(first.header!.bytesAdded).toBeGreaterThan(100_000);

    // Nothing in the store gives away content: not the marker, not the database's own text.
    const stored = [...chunkFiles(env.deps.config.backup.dir), ...readdirSync(path.join(env.deps.config.backup.dir, 'manifests')).map((n) => path.join(env.deps.config.backup.dir, 'manifests', n))];
    for (const file of stored) {
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(marker))).toBe(false);
      expect(bytes.includes(Buffer.from('PG_VERSION'))).toBe(false);
    }
    const keyFile = JSON.parse(readFileSync(path.join(env.deps.config.backup.dir, 'key.json'), 'utf8')) as { wrapped: string; context: string };
    expect(keyFile.context).toBe('backup-key|v1');
    expect(keyFile.wrapped).toMatch(/^mk1\./);

    clock.advance(5 * 60_000);
    await withTenant(env.db, tenant.id, (tx) =>
      recordTenantEvent(tx, clock, tenant.id, {}, { actor: { type: 'system' }, action: 'test.small.change', result: 'success' }),
    );
    const second = await runBackup(env.deps, 'cli');
    expect(second.header!.totalBytes).toBeGreaterThan(first.header!.totalBytes * 0.9);
    expect(second.header!.bytesAdded).toBeLessThan(first.header!.bytesAdded * 0.2);
    expect(second.header!.newChunkCount).toBeLessThan(second.header!.chunkCount / 5);
  });

  it('verify reads every chunk back and names the backup a damaged chunk spoils', { timeout: LONG }, async () => {
    const lines: string[] = [];
    expect(await runBackupCommand(['verify'], env.deps.config, clock, (t) => lines.push(t))).toBe(0);
    expect(lines.find((l) => l.startsWith('OK'))).toMatch(/^OK: 2 backups/);

    // A file only the newest backup has: its chunk belongs to that backup alone.
    writeFileSync(path.join(env.filesDir, 'only-in-third.bin'), randomBytes(40_000));
    clock.advance(5 * 60_000);
    const third = (await runBackup(env.deps, 'cli')).header!;
    const store = await BackupStore.open(env.deps.config.backup.dir, env.deps.keys, { create: false, now: clock.now() });
    const manifest = (await store.readManifest(third.id))!;
    const [name] = manifest.body.files.find((f) => f.path === 'only-in-third.bin')!.chunks[0]!;
    const file = path.join(env.deps.config.backup.dir, 'chunks', name.slice(0, 2), name);
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(file, bytes);

    lines.length = 0;
    expect(await runBackupCommand(['verify'], env.deps.config, clock, (t) => lines.push(t))).toBe(1);
    const failed = lines.filter((l) => l.startsWith('FAILED '));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain(third.id);
    expect(failed[0]).toMatch(/does not decrypt/);
    expect(lines.find((l) => l.startsWith('FAILED:'))).toMatch(/^FAILED: 3 backups/);
    // The other backups do not hold that chunk and still verify one by one.
    const others = (await store.listHeaders()).headers.filter((h) => h.id !== third.id);
    for (const h of others) expect(await runBackupCommand(['verify', h.id], env.deps.config, clock, () => undefined)).toBe(0);
    expect(await runBackupCommand(['verify', third.id], env.deps.config, clock, () => undefined)).toBe(1);
    // A missing chunk is named as well.
    rmSync(file);
    lines.length = 0;
    expect(await runBackupCommand(['verify', third.id], env.deps.config, clock, (t) => lines.push(t))).toBe(1);
    expect(lines.join('\n')).toMatch(new RegExp(`FAILED ${third.id}: chunk .* missing from the store`));
    rmSync(path.join(env.filesDir, 'only-in-third.bin'));
  });

  it('prunes backups past the retention period and deletes the chunks only they used', { timeout: LONG }, async () => {
    const store = await BackupStore.open(env.deps.config.backup.dir, env.deps.keys, { create: false, now: clock.now() });
    const before = (await store.listHeaders()).headers;
    expect(before).toHaveLength(3);
    // A file the old backups hold and the new one will not.
    const oldOnly = randomBytes(60_000);
    writeFileSync(path.join(env.filesDir, 'old-only.bin'), oldOnly);
    clock.advance(60_000);
    const old = (await runBackup(env.deps, 'cli')).header!;
    const oldManifest = (await store.readManifest(old.id))!;
    const oldOnlyChunks = oldManifest.body.files.find((f) => f.path === 'old-only.bin')!.chunks.map(([n]) => n);
    const chunkPath = (n: string) => path.join(env.deps.config.backup.dir, 'chunks', n.slice(0, 2), n);
    for (const n of oldOnlyChunks) expect(existsSync(chunkPath(n))).toBe(true);

    rmSync(path.join(env.filesDir, 'old-only.bin'));
    clock.advance(29 * 86_400_000);
    const young = (await runBackup(env.deps, 'cli', { collect: 'always' })).header!;
    // 29 days on, nothing is past the 30 days yet.
    expect((await store.listHeaders()).headers).toHaveLength(5);

    clock.advance(2 * 86_400_000);
    const outcome = await runBackup(env.deps, 'cli', { collect: 'always' });
    const kept = (await store.listHeaders()).headers.map((h) => h.id);
    expect(kept).toEqual([young.id, outcome.header!.id]);
    expect(outcome.prune!.pruned).toEqual([...before.map((h) => h.id), old.id]);
    expect(outcome.prune!.chunksDeleted).toBeGreaterThan(0);
    for (const n of oldOnlyChunks) expect(existsSync(chunkPath(n))).toBe(false);
    // What is kept is whole.
    expect(await runBackupCommand(['verify'], env.deps.config, clock, () => undefined)).toBe(0);
    const status = await backupStatus(env.deps);
    expect(status.kept).toBe(2);
    expect(status.oldestKeptAt).toBe(young.takenAt);
    expect(status.storeBytes).toBe(chunkFiles(env.deps.config.backup.dir).reduce((n, f) => n + readFileSync(f).length, 0));
  });

  it('keeps the backups readable across a master key rotation (the backup key is re-wrapped)', { timeout: LONG }, async () => {
    const provider = masterKeyProvider(env.deps.config.masterKeyFile);
    const result = await rotateMasterKey({ db: env.db, provider, clock, holders: [backupKeyHolder(env.deps.config.backup.dir)] }, { actor: { type: 'system', name: 'test' }, origin: {} });
    expect(result.rewrapped.backup_key).toBe(1);
    expect(result.retiredVersions.length).toBeGreaterThan(0);
    const fresh = { ...env.deps, keys: masterKeyProvider(env.deps.config.masterKeyFile) };
    expect(await runBackupCommand(['verify'], fresh.config, clock, () => undefined)).toBe(0);
    expect((await runBackup(fresh, 'cli')).header).not.toBeNull();
  });
});

describe('the database image', () => {
  it.each([['on disk', true], ['in memory', false]] as const)('of a database %s leaves out recycled WAL segments, and a restore still has every committed row', { timeout: LONG }, async (_where, onDisk) => {
    const clock = new ManualClock('2026-11-27T00:00:00Z');
    const env = await embeddedDeployment(clock, { onDisk });
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'sotas-image-'));
    try {
      // Enough writes for PostgreSQL to fill and recycle several 16 MB WAL segments.
      await env.db.ownerExec('CREATE TABLE public.lots (id int PRIMARY KEY, note text NOT NULL)');
      for (let from = 1; from <= 80_000; from += 40_000) {
        await env.db.ownerExec(`INSERT INTO public.lots SELECT g, repeat(md5(g::text), 8) FROM generate_series(${from}, ${from + 39_999}) g`);
        await env.db.raw.exec('CHECKPOINT');
      }
      const raw = (await env.db.raw.dumpDataDir('none')).size;
      const header = (await runBackup(env.deps, 'cli')).header!;
      expect(header.database.bytes).toBeLessThan(raw - 16 * 1024 * 1024);
      await env.db.ownerExec(`INSERT INTO public.lots SELECT g, 'later' FROM generate_series(80001, 80100) g`);
      clock.advance(60_000);
      const next = (await runBackup(env.deps, 'cli')).header!;
      const store = await BackupStore.open(env.deps.config.backup.dir, env.deps.keys, { create: false, now: clock.now() });
      const manifest = (await store.readManifest(next.id))!;
      await writeDatabase(store, manifest, path.join(scratch, 'db'));
      const restored = await PgliteDatabase.open(path.join(scratch, 'db'));
      try {
        const { rows } = await restored.ownerTransaction((tx) => tx.query<{ n: number; late: number }>(`SELECT count(*)::int AS n, count(*) FILTER (WHERE note = 'later')::int AS late FROM public.lots`));
        expect(rows[0]).toEqual({ n: 80_100, late: 100 });
      } finally {
        await restored.close();
      }
    } finally {
      await env.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe(`backups in the operator console and the schedule (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let db: Database;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  let operator: TestClient;
  let auditor: TestClient;
  let tenantClient: TestClient;

  const count = async (sql: string, params: unknown[] = []) => (await db.ownerTransaction((tx) => tx.query<{ n: number }>(sql, params))).rows[0]!.n;
  /** Runs due jobs until none is left (other modules' jobs share the four slots of a tick). */
  const drain = async () => {
    for (let i = 0; i < 20 && (await app.jobs.tick()) > 0; i++);
  };
  const operatorEvents = (action: string) => count(`SELECT count(*)::int AS n FROM audit.operator_events WHERE action = $1`, [action]);

  beforeAll(async () => {
    tdb = await openTestDatabase();
    db = tdb.db;
    app = await createTestApp(db, { clock, env: { BACKUP_ENABLED: 'true', STAFF_ALERT_EMAIL: 'ops@provider.example' } });
    operator = (await signInStaff(app, clock, { roles: ['operator'], displayName: '運用 太郎' })).client;
    auditor = (await signInStaff(app, clock, { roles: ['auditor'], displayName: '監査 花子' })).client;
    const tenant = await buildTenant(db);
    const user = await buildUser(db, tenant);
    tenantClient = new TestClient(app);
    expect((await tenantClient.login(tenant.code, user.email, user.password)).statusCode).toBe(200);
  }, LONG);
  afterAll(async () => {
    await app?.close();
    await tdb?.close();
  });

  it('answers 404 to tenant users and to anyone without a staff session', async () => {
    for (const [method, url] of [['GET', '/api/ops/backups/status'], ['GET', '/api/ops/backups'], ['POST', '/api/ops/backups/verify'], ['POST', '/api/ops/backups/drill'], ['POST', '/api/ops/backups/run']] as const) {
      expect((await tenantClient.request(method, url, method === 'POST' ? {} : undefined)).statusCode, url).toBe(404);
      expect((await new TestClient(app).request(method, url, method === 'POST' ? {} : undefined)).statusCode, url).toBe(404);
    }
  });

  it('shows the status before any backup, and answers “no backup yet” to a verification', async () => {
    const status = (await auditor.get('/api/ops/backups/status')).json().status;
    expect(status.lastSuccess).toBeNull();
    expect(status.intervalMinutes).toBe(5);
    expect(status.retentionDays).toBe(30);
    expect(status.takesSnapshots).toBe(true);
    expect(status.current).toBe(false);
    if (testDatabaseKind() === 'postgres') {
      expect(status.mode).toBe('wal');
      expect(status.wal.archiveMode).toEqual(expect.any(String));
      expect(['ok', 'off', 'none_yet', 'failing', 'stale']).toContain(status.wal.state);
    } else {
      expect(status.mode).toBe('snapshot');
      expect(status.wal).toBeNull();
    }
    const res = await operator.post('/api/ops/backups/verify', {});
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('まだバックアップがありません');
  });

  it('takes a backup on request through the job queue, lists it, and logs who asked', { timeout: LONG }, async () => {
    expect((await auditor.post('/api/ops/backups/run', {})).statusCode).toBe(403);
    const res = await operator.post('/api/ops/backups/run', {});
    expect(res.statusCode).toBe(202);
    expect(await operatorEvents('ops.backup.requested')).toBe(1);
    await drain();
    const list = (await auditor.get('/api/ops/backups')).json();
    expect(list.total).toBe(1);
    expect(list.runs[0]).toMatchObject({ status: 'succeeded', trigger: 'console', includesDatabase: testDatabaseKind() === 'pglite', takenAt: clock.now().toISOString() });
    const status = (await auditor.get('/api/ops/backups/status')).json().status;
    expect(status.lastSuccess.id).toBe(list.runs[0].id);
    expect(status.kept).toBe(1);
    if (testDatabaseKind() === 'pglite') {
      expect(status.lastSuccessAgeSeconds).toBe(0);
      expect(status.backupAgeSeconds).toBe(0);
      expect(status.current).toBe(true);
    }
  });

  it('refuses bad input with a Japanese message and changes nothing', async () => {
    const checks = () => count('SELECT count(*)::int AS n FROM ops.backup_checks');
    const before = { checks: await checks(), events: await count('SELECT count(*)::int AS n FROM audit.operator_events') };
    const bad = await operator.post('/api/ops/backups/verify', { backupId: '../../etc/passwd' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.backupId).toBe('形式が正しくありません。');
    const unknownField = await operator.post('/api/ops/backups/drill', { backupId: '20261127T010000Z-abcdef', everything: true });
    expect(unknownField.statusCode).toBe(400);
    const missing = await operator.post('/api/ops/backups/verify', { backupId: '20200101T000000Z-abcdef' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('指定されたバックアップは見つかりません');
    expect((await operator.get('/api/ops/backups?page=0')).statusCode).toBe(400);
    expect({ checks: await checks(), events: await count('SELECT count(*)::int AS n FROM audit.operator_events') }).toEqual(before);
  });

  it('verifies and drills from the console, records both and logs them', { timeout: LONG }, async () => {
    const verify = await auditor.post('/api/ops/backups/verify', {});
    expect(verify.statusCode).toBe(200);
    expect(verify.json().verification).toMatchObject({ ok: true, backups: 1, problems: [] });
    expect(await operatorEvents('ops.backup.verified')).toBe(1);

    expect((await auditor.post('/api/ops/backups/drill', {})).statusCode).toBe(403);
    const drill = await operator.post('/api/ops/backups/drill', {});
    expect(drill.statusCode).toBe(200);
    const report = drill.json().drill;
    expect(report.ok).toBe(true);
    if (testDatabaseKind() === 'pglite') {
      expect(report.database).toMatchObject({ restored: true, tenants: 1, users: 1, auditOk: true });
      expect(report.database.auditEntries).toBeGreaterThan(0);
    } else {
      expect(report.database).toBeNull();
    }
    expect(await operatorEvents('ops.backup.drilled')).toBe(1);
    const status = (await auditor.get('/api/ops/backups/status')).json().status;
    expect(status.lastVerify).toMatchObject({ ok: true, backupsChecked: 1, actorName: '監査 花子' });
    expect(status.lastDrill).toMatchObject({ ok: true, actorName: '運用 太郎' });
  });

  it('runs on the schedule, alerts staff once when a backup fails and resolves the alert on the next success', { timeout: LONG }, async () => {
    const openAlerts = () => count(`SELECT count(*)::int AS n FROM ops.staff_alerts WHERE kind = 'backup' AND key = 'backup:failed' AND resolved_at IS NULL`);
    clock.advance(5 * 60_000);
    await drain();
    const scheduled = (await auditor.get('/api/ops/backups?status=succeeded')).json();
    expect(scheduled.total).toBe(2);
    expect(scheduled.runs[0].trigger).toBe('schedule');

    // Something in the way of the store: the next scheduled backups fail.
    const chunks = path.join(app.config.backup.dir, 'chunks');
    rmSync(chunks, { recursive: true });
    writeFileSync(chunks, 'not a directory');
    for (let i = 0; i < 2; i++) {
      clock.advance(5 * 60_000);
      await drain();
    }
    expect(await openAlerts()).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM ops.staff_alerts WHERE key = 'backup:failed'`)).toBe(1);
    expect(await operatorEvents('ops.backup.failed')).toBe(2);
    const status = (await auditor.get('/api/ops/backups/status')).json().status;
    expect(status.failuresLast24h).toBe(2);
    expect(status.lastFailure.error).toMatch(/EEXIST|ENOTDIR|not a directory|file already exists/i);
    const failedList = (await auditor.get('/api/ops/backups?status=failed')).json();
    expect(failedList.total).toBe(2);

    rmSync(chunks);
    clock.advance(5 * 60_000);
    await drain();
    expect(await openAlerts()).toBe(0);
    expect((await auditor.get('/api/ops/backups/status')).json().status.lastSuccess.takenAt).toBe(clock.now().toISOString());
  });

  it('takes no scheduled backup when backups are switched off', { timeout: LONG }, async () => {
    const off = await createTestApp(db, { clock, env: { BACKUP_ENABLED: 'false' } });
    try {
      const before = await count(`SELECT count(*)::int AS n FROM ops.backup_runs`);
      clock.advance(5 * 60_000);
      await off.jobs.tick();
      expect(await count(`SELECT count(*)::int AS n FROM ops.backup_runs`)).toBe(before);
    } finally {
      await off.close();
    }
  });
});
