import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { migrate, PgliteDatabase, withTenant, type Database } from '../../src/core/db/index.js';
import {
  decryptForTenant,
  destroyTenantKey,
  encryptForTenant,
  masterKeyProvider,
  openAesGcm,
  rotateMasterKey,
  sealAesGcm,
  tenantKeyStatus,
  TenantKeyUnavailableError,
  type RotatableKeyProvider,
} from '../../src/platform/keys/index.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { buildStaff, signInStaff } from '../support/staff.js';
import { base32Decode, totpAt } from '../support/totp.js';

const run = promisify(execFile);
const CONTEXT = { purpose: 'rotation_test', id: '0f0e0d0c-0000-4000-8000-000000000001' };
const who = { actor: { type: 'system' as const, name: 'rotation test' }, origin: {} };

interface KeyRow {
  tenant_id: string;
  version: number;
  wrapped_key: string;
}

describe(`master key rotation (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let db: Database;
  let app: App;
  const clock = new ManualClock('2026-12-01T01:00:05Z');
  let provider: RotatableKeyProvider & { file: string };
  let alice: BuiltUser;
  let tenantA: BuiltTenant;
  let tenantB: BuiltTenant;
  let legacy: BuiltTenant;
  let aliceSecret: Buffer;
  let staff: { email: string; password: string };
  let staffSecret: Buffer;
  const valueOfB = { envelope: '', plain: randomBytes(40) };
  const valueOfLegacy = { envelope: '', plain: Buffer.from('written before versioned master keys') };

  const keyRows = () =>
    db.ownerTransaction(async (tx) => (await tx.query<KeyRow>('SELECT tenant_id, version, wrapped_key FROM platform.tenant_keys ORDER BY tenant_id, version')).rows);
  const totpRows = () =>
    db.ownerTransaction(async (tx) => (await tx.query<{ user_id: string; secret_encrypted: string }>('SELECT user_id, secret_encrypted FROM platform.mfa_totp ORDER BY user_id')).rows);
  const staffRows = () => db.ownerTransaction(async (tx) => (await tx.query<{ secret_ciphertext: string }>('SELECT secret_ciphertext FROM ops.staff_totp')).rows);
  const tenantKeys = () => ({ provider, clock });
  /** The tenants' key-encryption key files: tenant id, KEK id and the master-wrapped KEK. */
  const kekFiles = () =>
    readdirSync(path.join(path.dirname(provider.file), 'tenants'))
      .filter((name) => name.endsWith('.key'))
      .sort()
      .map((name) => {
        const [, tenantId, kekId, wrapped] = readFileSync(path.join(path.dirname(provider.file), 'tenants', name), 'latin1').split('\n');
        return { tenantId: tenantId!, kekId: kekId!, wrapped: wrapped! };
      });

  /** Password then TOTP through the app's own routes (the app has its own provider instance). */
  async function signInWithTotp(user: BuiltUser, tenant: BuiltTenant, secret: Buffer): Promise<number> {
    clock.advance(31_000);
    const client = new TestClient(app);
    const step = (await client.login(tenant.code, user.email, user.password)).json() as { secondFactor: { token: string } };
    return (await client.post('/api/auth/mfa/verify', { token: step.secondFactor.token, method: 'totp', code: totpAt(secret, clock.now()) })).statusCode;
  }

  beforeAll(async () => {
    tdb = await openTestDatabase();
    db = tdb.db;
    app = await createTestApp(db, { clock });
    provider = masterKeyProvider(app.config.masterKeyFile);
    tenantA = await buildTenant(db);
    tenantB = await buildTenant(db);
    legacy = await buildTenant(db);
    alice = await buildUser(db, tenantA);

    // A tenant user's TOTP secret, encrypted under tenant A's data key by the app.
    const client = new TestClient(app);
    await client.login(tenantA.code, alice.email, alice.password);
    const secret = (await client.post('/api/mfa/totp', {})).json().secret as string;
    aliceSecret = base32Decode(secret);
    expect((await client.post('/api/mfa/totp/confirm', { code: totpAt(aliceSecret, clock.now()) })).statusCode).toBe(200);

    // A value under tenant B's key; a staff member whose TOTP secret is sealed with the master key.
    valueOfB.envelope = await withTenant(db, tenantB.id, (tx) => encryptForTenant(tx, tenantKeys(), tenantB.id, valueOfB.plain, CONTEXT));
    staff = await buildStaff(db, ['operator']);
    staffSecret = (await signInStaff(app, clock, staff)).secret;

    // A tenant whose data key was wrapped in the first format, without a version: `mk1.<sealed>`.
    const masterV1 = readFileSync(provider.file);
    const dataKey = randomBytes(32);
    await db.ownerTransaction((tx) =>
      tx.query(`INSERT INTO platform.tenant_keys (tenant_id, version, wrapped_key, created_at) VALUES ($1, 1, $2, now())`, [
        legacy.id,
        `mk1.${sealAesGcm(masterV1, dataKey, `tenant-data-key|${legacy.id}|v1`)}`,
      ]),
    );
    valueOfLegacy.envelope = await withTenant(db, legacy.id, (tx) => encryptForTenant(tx, tenantKeys(), legacy.id, valueOfLegacy.plain, CONTEXT));
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('starts with version 1: 32 raw bytes, 0600 in a 0700 folder; new wraps name the version, the old format is read', async () => {
    expect(statSync(provider.file).size).toBe(32);
    expect(statSync(provider.file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(provider.file)).mode & 0o777).toBe(0o700);
    expect(provider.currentVersion()).toBe(1);
    const rows = await keyRows();
    expect(rows.find((r) => r.tenant_id === legacy.id)!.wrapped_key).toMatch(/^mk1\.[A-Za-z0-9_-]+$/);
    // New data keys are wrapped by the tenant's key-encryption key, itself wrapped by master v1.
    expect(rows.find((r) => r.tenant_id === tenantA.id)!.wrapped_key).toMatch(/^tk-kek1\./);
    expect(kekFiles().map((f) => f.tenantId).sort()).toEqual([tenantA.id, tenantB.id].sort());
    for (const kek of kekFiles()) expect(kek.wrapped).toMatch(/^mk1\.1\./);
    const back = await withTenant(db, legacy.id, (tx) => decryptForTenant(tx, tenantKeys(), legacy.id, valueOfLegacy.envelope, CONTEXT));
    expect(back.equals(valueOfLegacy.plain)).toBe(true);
  });

  it('rotates: re-wraps every key, leaves encrypted data byte-identical, retires the old key, logs it', async () => {
    const oldMaster = readFileSync(provider.file);
    const keysBefore = await keyRows();
    const totpBefore = await totpRows();
    const staffBefore = await staffRows();
    expect(keysBefore.length).toBeGreaterThanOrEqual(3);

    const keksBefore = kekFiles();
    const result = await rotateMasterKey({ db, provider, clock }, who);
    // Master-wrapped: the KEK files of tenants A and B, the legacy tenant's data key, the staff secrets.
    expect(result).toEqual({
      fromVersion: 1,
      toVersion: 2,
      retiredVersions: [1],
      rewrapped: { tenant_key_encryption_keys: 2, tenant_data_keys: 1, staff_totp_secrets: staffBefore.length },
    });

    // Data ciphertexts are untouched; only the master-wrapped values changed, all under v2.
    expect(await totpRows()).toEqual(totpBefore);
    const keysAfter = await keyRows();
    expect(keysAfter.map((r) => [r.tenant_id, r.version])).toEqual(keysBefore.map((r) => [r.tenant_id, r.version]));
    for (const [i, row] of keysAfter.entries()) {
      if (row.tenant_id !== legacy.id) {
        // Under the tenant KEK: nothing to re-wrap in the database.
        expect(row.wrapped_key).toBe(keysBefore[i]!.wrapped_key);
        continue;
      }
      expect(row.wrapped_key).not.toBe(keysBefore[i]!.wrapped_key);
      expect(row.wrapped_key).toMatch(/^mk1\.2\./);
      // The old master key no longer opens the re-wrapped key.
      expect(() => openAesGcm(oldMaster, row.wrapped_key.split('.')[2]!, `tenant-data-key|${row.tenant_id}|v${row.version}`)).toThrow();
    }
    const keksAfter = kekFiles();
    expect(keksAfter.map((k) => [k.tenantId, k.kekId])).toEqual(keksBefore.map((k) => [k.tenantId, k.kekId]));
    for (const kek of keksAfter) {
      expect(kek.wrapped).toMatch(/^mk1\.2\./);
      expect(() => openAesGcm(oldMaster, kek.wrapped.split('.')[2]!, `tenant-kek|${kek.tenantId}|${kek.kekId}`)).toThrow();
    }
    const staffAfter = await staffRows();
    expect(staffAfter[0]!.secret_ciphertext).toMatch(/^mk1\.2\./);
    expect(staffAfter[0]!.secret_ciphertext).not.toBe(staffBefore[0]!.secret_ciphertext);

    // The key file is the new version; the old one is gone from the folder.
    expect(readFileSync(provider.file, 'latin1')).toMatch(/^sotas-master-key v2\n[A-Za-z0-9_-]{43}\n$/);
    expect(statSync(provider.file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(provider.file)).sort()).toEqual(['master.key', 'tenants']);
    expect(provider.versions()).toEqual([2]);

    // Everything still decrypts: values under B's and the legacy tenant's keys…
    expect((await withTenant(db, tenantB.id, (tx) => decryptForTenant(tx, tenantKeys(), tenantB.id, valueOfB.envelope, CONTEXT))).equals(valueOfB.plain)).toBe(true);
    expect((await withTenant(db, legacy.id, (tx) => decryptForTenant(tx, tenantKeys(), legacy.id, valueOfLegacy.envelope, CONTEXT))).equals(valueOfLegacy.plain)).toBe(true);
    // …and the running app, whose provider had v1 in memory, signs in a TOTP user and a staff member.
    expect(await signInWithTotp(alice, tenantA, aliceSecret)).toBe(200);
    clock.advance(31_000);
    await expect(signInStaff(app, clock, staff, staffSecret)).resolves.toBeDefined();

    const events = await db.ownerTransaction(async (tx) =>
      (await tx.query<{ actor_type: string; target_id: string; result: string; details: Record<string, unknown> }>(
        `SELECT actor_type, target_id, result, details FROM audit.operator_events WHERE action = 'keys.master.rotated'`,
      )).rows,
    );
    expect(events).toEqual([{ actor_type: 'system', target_id: 'v2', result: 'success', details: expect.objectContaining({ fromVersion: 1, toVersion: 2, retiredVersions: [1] }) }]);
  });

  it('makes new keys under the new version in the running app', async () => {
    const fresh = await buildTenant(db);
    const bob = await buildUser(db, fresh);
    const client = new TestClient(app);
    await client.login(fresh.code, bob.email, bob.password);
    expect((await client.post('/api/mfa/totp', {})).statusCode).toBe(200);
    expect((await keyRows()).find((r) => r.tenant_id === fresh.id)!.wrapped_key).toMatch(/^tk-kek1\./);
    expect(kekFiles().find((k) => k.tenantId === fresh.id)!.wrapped).toMatch(/^mk1\.2\./);
  });

  it('finishes an interrupted rotation when run again; nothing is unreadable in between', async () => {
    // Interrupted right after the new key became current: v2 waits in the ring, v3 is current.
    expect(provider.rotate()).toEqual({ from: 2, to: 3 });
    expect(existsSync(`${provider.file}.v2`)).toBe(true);
    expect(provider.versions()).toEqual([2, 3]);
    expect((await withTenant(db, tenantB.id, (tx) => decryptForTenant(tx, tenantKeys(), tenantB.id, valueOfB.envelope, CONTEXT))).equals(valueOfB.plain)).toBe(true);
    expect(await signInWithTotp(alice, tenantA, aliceSecret)).toBe(200);

    const result = await rotateMasterKey({ db, provider, clock }, who);
    expect(result).toMatchObject({ fromVersion: 3, toVersion: 4, retiredVersions: [2, 3] });
    expect(readdirSync(path.dirname(provider.file)).sort()).toEqual(['master.key', 'tenants']);
    expect(new Set((await keyRows()).filter((r) => r.wrapped_key.startsWith('mk1.')).map((r) => r.wrapped_key.split('.')[1]))).toEqual(new Set(['4']));
    expect(new Set(kekFiles().map((k) => k.wrapped.split('.')[1]))).toEqual(new Set(['4']));
    expect(await signInWithTotp(alice, tenantA, aliceSecret)).toBe(200);
  });

  it('keeps every key version when a value cannot be re-wrapped, says why, and logs the failure', async () => {
    const broken = await buildTenant(db);
    // A wrapped key the master key cannot open (damaged), under the current version 4.
    const damaged = `mk1.4.${randomBytes(60).toString('base64url')}`;
    await db.ownerTransaction((tx) => tx.query(`INSERT INTO platform.tenant_keys (tenant_id, version, wrapped_key, created_at) VALUES ($1, 1, $2, now())`, [broken.id, damaged]));
    await expect(rotateMasterKey({ db, provider, clock }, who)).rejects.toThrow(/stopped at "re-wrap".*Every key version is still kept/);
    expect(provider.versions()).toEqual([4, 5]);
    expect(existsSync(`${provider.file}.v4`)).toBe(true);
    expect(existsSync(`${provider.file}.rotating`)).toBe(false);
    const failures = await db.ownerTransaction(async (tx) =>
      (await tx.query<{ reason: string }>(`SELECT reason FROM audit.operator_events WHERE action = 'keys.master.rotated' AND result = 'failure'`)).rows,
    );
    expect(failures).toHaveLength(1);
    expect(failures[0]!.reason).toMatch(/^re-wrap:/);
    // Values still readable during the stop; once the damaged row is dealt with, a new run completes.
    expect((await withTenant(db, tenantB.id, (tx) => decryptForTenant(tx, tenantKeys(), tenantB.id, valueOfB.envelope, CONTEXT))).equals(valueOfB.plain)).toBe(true);
    await withTenant(db, broken.id, (tx) => destroyTenantKey(tx, broken.id, provider));
    await expect(rotateMasterKey({ db, provider, clock }, who)).resolves.toMatchObject({ toVersion: 6, retiredVersions: [4, 5] });
  });

  it('refuses a second rotation while one holds the lock', async () => {
    const release = provider.lockRotation();
    try {
      await expect(rotateMasterKey({ db, provider, clock }, who)).rejects.toThrow(/Another master key rotation is running/);
      expect(provider.versions()).toEqual([6]);
    } finally {
      release();
    }
  });

  it('reports which tenants have a data key, and destroys one tenant’s key only', async () => {
    const status = await tenantKeyStatus(db, provider);
    const of = (t: BuiltTenant) => status.find((s) => s.tenantId === t.id)!;
    expect(of(tenantA)).toMatchObject({ tenantCode: tenantA.code, dataKeyVersions: [1], masterKeyVersions: [], kekWrappedDataKeys: 1, masterWrappedDataKeys: 0, kek: 'present' });
    expect(of(legacy)).toMatchObject({ dataKeyVersions: [1], masterKeyVersions: [6], kekWrappedDataKeys: 0, masterWrappedDataKeys: 1, kek: 'absent' });
    expect(of(tenantB).since).toBeInstanceOf(Date);
    const empty = await buildTenant(db);
    expect((await tenantKeyStatus(db, provider)).find((s) => s.tenantId === empty.id)).toMatchObject({ dataKeyVersions: [], masterKeyVersions: [], since: null, kek: 'absent' });

    // The data key row and the tenant's KEK: two keys destroyed.
    expect(await withTenant(db, tenantB.id, (tx) => destroyTenantKey(tx, tenantB.id, provider))).toBe(2);
    await expect(withTenant(db, tenantB.id, (tx) => decryptForTenant(tx, tenantKeys(), tenantB.id, valueOfB.envelope, CONTEXT))).rejects.toBeInstanceOf(TenantKeyUnavailableError);
    expect((await tenantKeyStatus(db, provider)).find((s) => s.tenantId === tenantB.id)).toMatchObject({ dataKeyVersions: [], kek: 'destroyed' });
    expect(kekFiles().map((k) => k.tenantId)).not.toContain(tenantB.id);
    expect(of(tenantA).dataKeyVersions).toEqual([1]);
    expect(await signInWithTotp(alice, tenantA, aliceSecret)).toBe(200);
  });
});

describe(`sotas keys … on the command line (${testDatabaseKind()})`, () => {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-keys-cli-'));
  const keyFile = path.join(dataDir, 'secrets', 'master.key');
  let tdb: TestDatabase | undefined;
  let db: Database;
  let tenant: BuiltTenant;
  const value = { envelope: '', plain: Buffer.from('CLI rotation') };
  let legacyTenant: BuiltTenant;
  const clock = new ManualClock('2026-12-01T02:00:00Z');

  /** The database as the CLI sees it: the test PostgreSQL database, or a PGlite folder under DATA_DIR. */
  const env = (): Record<string, string> => {
    const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, MASTER_KEY_FILE: keyFile };
    return tdb?.urls ? { ...base, DATABASE_URL: tdb.urls.owner, DATABASE_APP_URL: tdb.urls.app } : base;
  };
  const cli = (...args: string[]) => run(tsx, ['src/cli.ts', ...args], { env: env(), cwd: process.cwd(), timeout: 120_000 });
  const openDb = async () => (tdb ? tdb.db : await PgliteDatabase.open(path.join(dataDir, 'db')));
  const closeDb = async (d: Database) => {
    if (!tdb) await d.close();
  };

  beforeAll(async () => {
    if (testDatabaseKind() === 'postgres') tdb = await openTestDatabase();
    db = await openDb();
    await migrate(db);
    tenant = await buildTenant(db);
    value.envelope = await withTenant(db, tenant.id, (tx) => encryptForTenant(tx, { provider: masterKeyProvider(keyFile), clock }, tenant.id, value.plain, CONTEXT));
    // A data key stored before tenant KEKs, wrapped by the master key itself.
    legacyTenant = await buildTenant(db);
    await db.ownerTransaction((tx) =>
      tx.query(`INSERT INTO platform.tenant_keys (tenant_id, version, wrapped_key, created_at) VALUES ($1, 1, $2, now())`, [
        legacyTenant.id,
        `mk1.${sealAesGcm(readFileSync(keyFile), randomBytes(32), `tenant-data-key|${legacyTenant.id}|v1`)}`,
      ]),
    );
    await closeDb(db);
  });
  afterAll(async () => {
    await tdb?.close();
  });

  it('shows the status, rotates, and the data still decrypts with the new key only', async () => {
    const oldKey = readFileSync(keyFile);
    const status = await cli('keys', 'status');
    expect(status.stdout).toContain(`Master key: ${keyFile}`);
    expect(status.stdout).toContain('current version: v1; versions held: v1');
    expect(status.stdout).toContain('tenant_key_encryption_keys: 1 under v1');
    expect(status.stdout).toContain('tenant_data_keys: 1 under v1');
    expect(status.stdout).toContain(`Tenant key-encryption keys: ${path.join(path.dirname(keyFile), 'tenants')}`);
    expect(status.stdout).toContain('Tenant data keys still wrapped by the master key: 1');
    expect(status.stdout).toMatch(new RegExp(`${tenant.code} \\(active\\): data key v1 under the tenant KEK; KEK present`));
    expect(status.stdout).toMatch(new RegExp(`${legacyTenant.code} \\(active\\): data key v1 under master v1; KEK absent`));

    const rotated = await cli('keys', 'rotate-master');
    expect(rotated.stdout).toContain('The master key is now v2 (was v1).');
    expect(rotated.stdout).toContain('re-wrapped tenant_key_encryption_keys: 1');
    expect(rotated.stdout).toContain('re-wrapped tenant_data_keys: 1');
    expect(rotated.stdout).toContain('retired: v1');
    expect(rotated.stdout).toContain('Back up the new key file now');

    db = await openDb();
    try {
      const back = await withTenant(db, tenant.id, (tx) => decryptForTenant(tx, { provider: masterKeyProvider(keyFile), clock }, tenant.id, value.envelope, CONTEXT));
      expect(back.equals(value.plain)).toBe(true);
      const row = await withTenant(db, legacyTenant.id, async (tx) => (await tx.query<{ wrapped_key: string }>('SELECT wrapped_key FROM platform.tenant_keys')).rows[0]!);
      expect(row.wrapped_key).toMatch(/^mk1\.2\./);
      expect(() => openAesGcm(oldKey, row.wrapped_key.split('.')[2]!, `tenant-data-key|${legacyTenant.id}|v1`)).toThrow();
      const [, , kekId, wrappedKek] = readFileSync(path.join(path.dirname(keyFile), 'tenants', `${tenant.id}.key`), 'latin1').split('\n');
      expect(wrappedKek).toMatch(/^mk1\.2\./);
      expect(() => openAesGcm(oldKey, wrappedKek!.split('.')[2]!, `tenant-kek|${tenant.id}|${kekId}`)).toThrow();
      const event = await db.ownerTransaction(async (tx) => (await tx.query<{ actor_name: string }>(`SELECT actor_name FROM audit.operator_events WHERE action = 'keys.master.rotated'`)).rows);
      expect(event).toHaveLength(1);
      expect(event[0]!.actor_name).toMatch(/^keys rotate-master \(/);
    } finally {
      await closeDb(db);
    }
    expect(masterKeyProvider(keyFile).versions()).toEqual([2]);
  }, 300_000);
});
