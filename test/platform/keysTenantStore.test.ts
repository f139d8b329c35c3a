import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant, type Database } from '../../src/core/db/index.js';
import {
  decryptForTenant,
  destroyTenantKey,
  encryptForTenant,
  localTenantKeyStore,
  masterKeyProvider,
  masterWrappedDataKeys,
  sealAesGcm,
  tenantDataKeysHolder,
  TenantKeyUnavailableError,
  upgradeTenantDataKeys,
} from '../../src/platform/keys/index.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, type BuiltTenant } from '../support/factories.js';

const CONTEXT = 'tenant-data-key|test|v1';

/** A master key file in a fresh folder, and its tenant key store beside it. */
function freshKeys() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sotas-kek-'));
  const provider = masterKeyProvider(path.join(root, 'keys', 'master.key'));
  return { root, provider, store: provider.tenantKeys, dir: path.join(root, 'keys', 'tenants') };
}

describe('tenant key store: per-tenant key-encryption keys in files beside the master key', () => {
  const roots: string[] = [];
  const keys = () => {
    const made = freshKeys();
    roots.push(made.root);
    return made;
  };
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('makes the KEK on first need: one file 0600 in a 0700 folder beside the master key, master-wrapped', async () => {
    const { provider, store, dir } = keys();
    const tenantId = randomUUID();
    expect(await store.exists(tenantId)).toBe(false);
    const dataKey = randomBytes(32);
    const wrapped = await store.wrap(tenantId, dataKey, CONTEXT);
    expect(wrapped).toMatch(/^tk-kek1\.[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]+$/);
    expect(store.location).toBe(dir);
    expect(path.dirname(dir)).toBe(path.dirname(provider.file));
    expect(readdirSync(dir)).toEqual([`${tenantId}.key`]);
    const file = path.join(dir, `${tenantId}.key`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const [header, id, kekId, masterWrapped] = readFileSync(file, 'latin1').split('\n');
    expect(header).toBe('sotas-tenant-kek v1');
    expect(id).toBe(tenantId);
    expect(wrapped.split('.')[1]).toBe(kekId);
    // The KEK itself is not in the file, only its master-wrapped form (32 bytes + IV + tag).
    expect(masterWrapped).toMatch(/^mk1\.1\./);
    expect(Buffer.from(masterWrapped!.split('.')[2]!, 'base64url').length).toBe(60);
    expect(await store.exists(tenantId)).toBe(true);
    expect((await store.unwrap(tenantId, wrapped, CONTEXT)).equals(dataKey)).toBe(true);
    // Bound to the tenant and the context.
    await expect(store.unwrap(tenantId, wrapped, 'tenant-data-key|test|v2')).rejects.toThrow();
    await expect(store.unwrap(randomUUID(), wrapped, CONTEXT)).rejects.toBeInstanceOf(TenantKeyUnavailableError);
  });

  it('ends two first uses at once with one KEK, across store instances, leaving no temporary files', async () => {
    const { provider, store, dir } = keys();
    const other = masterKeyProvider(provider.file).tenantKeys;
    const tenantId = randomUUID();
    const dataKeys = Array.from({ length: 12 }, () => randomBytes(32));
    const wrapped = await Promise.all(dataKeys.map((k, i) => (i % 2 ? other : store).wrap(tenantId, k, CONTEXT)));
    expect(new Set(wrapped.map((w) => w.split('.')[1])).size).toBe(1);
    expect(readdirSync(dir)).toEqual([`${tenantId}.key`]);
    for (const [i, w] of wrapped.entries()) {
      expect((await store.unwrap(tenantId, w, CONTEXT)).equals(dataKeys[i]!)).toBe(true);
      expect((await other.unwrap(tenantId, w, CONTEXT)).equals(dataKeys[i]!)).toBe(true);
    }
  });

  it('destroys: the file is unlinked, unwrap throws TenantKeyUnavailableError, and no new KEK is made for the tenant', async () => {
    const { store, dir } = keys();
    const tenantId = randomUUID();
    const kept = randomUUID();
    const wrapped = await store.wrap(tenantId, randomBytes(32), CONTEXT);
    const keptWrapped = await store.wrap(kept, randomBytes(32), CONTEXT);
    expect(await store.destroy(tenantId)).toBe(true);
    expect(await store.exists(tenantId)).toBe(false);
    expect(await store.destroyed(tenantId)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([`${kept}.key`, `${tenantId}.destroyed`].sort());
    // The marker holds no key material.
    expect(readFileSync(path.join(dir, `${tenantId}.destroyed`), 'latin1')).toBe(`sotas-tenant-kek v1 destroyed\n${tenantId}\n`);
    await expect(store.unwrap(tenantId, wrapped, CONTEXT)).rejects.toBeInstanceOf(TenantKeyUnavailableError);
    await expect(store.unwrap(tenantId, wrapped, CONTEXT)).rejects.toThrow(/destroyed \(the tenant was purged\)/);
    await expect(store.wrap(tenantId, randomBytes(32), CONTEXT)).rejects.toBeInstanceOf(TenantKeyUnavailableError);
    expect(await store.destroy(tenantId)).toBe(false);
    // Another tenant is untouched.
    expect((await store.unwrap(kept, keptWrapped, CONTEXT)).length).toBe(32);
  });

  it('a KEK replaced by another (restored key folder of another time) answers TenantKeyUnavailableError, not garbage', async () => {
    const { store, dir } = keys();
    const tenantId = randomUUID();
    const wrapped = await store.wrap(tenantId, randomBytes(32), CONTEXT);
    rmSync(path.join(dir, `${tenantId}.key`));
    const newer = await store.wrap(tenantId, randomBytes(32), CONTEXT);
    expect(newer.split('.')[1]).not.toBe(wrapped.split('.')[1]);
    await expect(store.unwrap(tenantId, wrapped, CONTEXT)).rejects.toThrow(/key-encryption key .* no longer exists/);
  });

  it('the key folder alone opens nothing: a KEK file copied beside another master key fails to unwrap', async () => {
    const first = keys();
    const second = keys();
    const tenantId = randomUUID();
    const wrapped = await first.store.wrap(tenantId, randomBytes(32), CONTEXT);
    await second.store.wrap(randomUUID(), randomBytes(32), CONTEXT); // makes the second master key and folder
    copyFileSync(path.join(first.dir, `${tenantId}.key`), path.join(second.dir, `${tenantId}.key`));
    await expect(second.store.unwrap(tenantId, wrapped, CONTEXT)).rejects.toThrow(/Unsupported state|unable to authenticate/);
    expect((await first.store.unwrap(tenantId, wrapped, CONTEXT)).length).toBe(32);
  });

  it('refuses a key file readable by others, a damaged one, and a name that is not a tenant id', async () => {
    const { store, dir } = keys();
    const tenantId = randomUUID();
    const wrapped = await store.wrap(tenantId, randomBytes(32), CONTEXT);
    const file = path.join(dir, `${tenantId}.key`);
    const { chmodSync, writeFileSync } = await import('node:fs');
    chmodSync(file, 0o644);
    await expect(store.unwrap(tenantId, wrapped, CONTEXT)).rejects.toThrow(/readable by other users/);
    chmodSync(file, 0o600);
    writeFileSync(file, 'not a key file\n');
    await expect(store.unwrap(tenantId, wrapped, CONTEXT)).rejects.toThrow(/is damaged/);
    await expect(store.wrap('../master', randomBytes(32), CONTEXT)).rejects.toThrow(/not a tenant id/);
  });

  it('lives where it is told: a separate folder given to the provider', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sotas-kek-dir-'));
    roots.push(root);
    const provider = masterKeyProvider(path.join(root, 'master', 'master.key'), { tenantKeysDir: path.join(root, 'replicated', 'tenant-keks') });
    const tenantId = randomUUID();
    await provider.tenantKeys.wrap(tenantId, randomBytes(32), CONTEXT);
    expect(readdirSync(path.join(root, 'replicated', 'tenant-keks'))).toEqual([`${tenantId}.key`]);
    // The store can also be built directly over any master key provider.
    mkdirSync(path.join(root, 'direct'));
    const direct = localTenantKeyStore({ dir: path.join(root, 'direct', 'keks'), master: provider });
    const w = await direct.wrap(tenantId, Buffer.alloc(32, 7), CONTEXT);
    expect((await direct.unwrap(tenantId, w, CONTEXT)).equals(Buffer.alloc(32, 7))).toBe(true);
  });
});

describe(`tenant data keys move from the master key to tenant KEKs (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let db: Database;
  const clock = new ManualClock('2026-11-28T01:00:00Z');
  const made = freshKeys();
  const keys = { provider: made.provider, clock };
  const context = { purpose: 'upgrade_test', id: '1' };
  let legacy: BuiltTenant;
  let purged: BuiltTenant;
  let modern: BuiltTenant;
  const plain = Buffer.from('暗号化された値');
  let legacyValue: string;

  /** Inserts a data key wrapped the old way, by the master key (`mk1.<sealed>`). */
  const insertLegacyKey = async (tenant: BuiltTenant, dataKey: Buffer) => {
    // Make the master key file exist, then seal with its raw bytes as the first format did.
    await made.provider.wrap(randomBytes(32), 'warm-up');
    const master = readFileSync(made.provider.file);
    await db.ownerTransaction((tx) =>
      tx.query(`INSERT INTO platform.tenant_keys (tenant_id, version, wrapped_key, created_at) VALUES ($1, 1, $2, now())`, [
        tenant.id,
        `mk1.${sealAesGcm(master, dataKey, `tenant-data-key|${tenant.id}|v1`)}`,
      ]),
    );
  };

  beforeAll(async () => {
    tdb = await openTestDatabase();
    db = tdb.db;
    legacy = await buildTenant(db);
    purged = await buildTenant(db);
    modern = await buildTenant(db);
    await insertLegacyKey(legacy, randomBytes(32));
    await insertLegacyKey(purged, randomBytes(32));
    legacyValue = await withTenant(db, legacy.id, (tx) => encryptForTenant(tx, keys, legacy.id, plain, context));
    await withTenant(db, modern.id, (tx) => encryptForTenant(tx, keys, modern.id, plain, context));
    // A purged tenant whose master-wrapped row came back (e.g. with an old backup): its KEK is destroyed.
    await made.provider.tenantKeys.destroy(purged.id);
  });
  afterAll(async () => {
    await tdb.close();
    rmSync(made.root, { recursive: true, force: true });
  });

  it('re-wraps master-wrapped data keys under the tenant KEK, once; values decrypt the same', async () => {
    const before = await masterWrappedDataKeys(db);
    expect(before.map((r) => r.tenant_id).sort()).toEqual([legacy.id, purged.id].sort());
    const census = async () => Object.fromEntries(await tenantDataKeysHolder(db).census(made.provider));
    expect(await census()).toEqual({ 1: 2 });

    const first = await upgradeTenantDataKeys(db, made.provider);
    expect(first.upgraded).toBe(1);
    // The purged tenant's key is not given a new KEK.
    expect(first.skipped).toHaveLength(1);
    expect(first.skipped[0]).toMatch(new RegExp(`^${purged.id} v1: .*destroyed`));
    expect(await made.provider.tenantKeys.exists(purged.id)).toBe(false);

    const rowOf = (tenant: BuiltTenant) =>
      db.ownerTransaction(async (tx) => (await tx.query<{ wrapped_key: string }>('SELECT wrapped_key FROM platform.tenant_keys WHERE tenant_id = $1', [tenant.id])).rows[0]!.wrapped_key);
    expect(await rowOf(legacy)).toMatch(/^tk-kek1\./);
    expect(await rowOf(purged)).toMatch(/^mk1\./);
    expect((await withTenant(db, legacy.id, (tx) => decryptForTenant(tx, keys, legacy.id, legacyValue, context))).equals(plain)).toBe(true);
    expect((await masterWrappedDataKeys(db)).map((r) => r.tenant_id)).toEqual([purged.id]);
    expect(await census()).toEqual({ 1: 1 });

    // Idempotent: nothing more to do.
    const second = await upgradeTenantDataKeys(db, made.provider);
    expect(second.upgraded).toBe(0);
    expect(await rowOf(legacy)).toMatch(/^tk-kek1\./);
  });

  it('destroying the tenant’s keys with the provider removes the data key rows and the KEK', async () => {
    expect(await made.provider.tenantKeys.exists(legacy.id)).toBe(true);
    expect(await withTenant(db, legacy.id, (tx) => destroyTenantKey(tx, legacy.id, made.provider))).toBe(2);
    expect(await made.provider.tenantKeys.exists(legacy.id)).toBe(false);
    await expect(withTenant(db, legacy.id, (tx) => decryptForTenant(tx, keys, legacy.id, legacyValue, context))).rejects.toBeInstanceOf(TenantKeyUnavailableError);
    // Another tenant keeps its key.
    expect(await made.provider.tenantKeys.exists(modern.id)).toBe(true);
  });
});
