import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant, type Database } from '../../src/core/db/index.js';
import { decryptForTenant, encryptForTenant, fileKeyProvider, TenantKeyUnavailableError, type TenantKeys } from '../../src/platform/keys/index.js';
import { buildTenant, type BuiltTenant } from '../support/factories.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

describe(`encryption at rest with per-tenant data keys (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let db: Database;
  let keys: TenantKeys & { provider: ReturnType<typeof fileKeyProvider> };
  let a: BuiltTenant;
  let b: BuiltTenant;
  const context = { purpose: 'test_secret', id: '7d1f6c5e-0000-4000-8000-000000000001' };
  const plaintext = Buffer.from('the secret of tenant A');

  beforeAll(async () => {
    tdb = await openTestDatabase();
    db = tdb.db;
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'sotas-keys-')), 'keys');
    keys = { provider: fileKeyProvider(dir), clock: new ManualClock('2026-11-27T01:00:00Z') };
    a = await buildTenant(db);
    b = await buildTenant(db);
  });
  afterAll(async () => tdb.close());

  const encryptA = () => withTenant(db, a.id, (tx) => encryptForTenant(tx, keys, a.id, plaintext, context));

  it('round-trips a value, with a fresh IV every time', async () => {
    const first = await encryptA();
    const second = await encryptA();
    expect(first).not.toEqual(second);
    expect(first).not.toContain(plaintext.toString('base64url'));
    for (const value of [first, second]) {
      const back = await withTenant(db, a.id, (tx) => decryptForTenant(tx, keys, a.id, value, context));
      expect(back.equals(plaintext)).toBe(true);
    }
  });

  it('creates the master key file with mode 0600 in a 0700 directory', async () => {
    await encryptA();
    expect(statSync(keys.provider.file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(keys.provider.file)).mode & 0o777).toBe(0o700);
    expect(statSync(keys.provider.file).size).toBe(32);
  });

  it('stores one wrapped data key per tenant, not the raw key', async () => {
    await encryptA();
    const rows = await db.ownerTransaction(async (tx) =>
      (await tx.query<{ tenant_id: string; wrapped_key: string }>('SELECT tenant_id, wrapped_key FROM platform.tenant_keys WHERE tenant_id = $1', [a.id])).rows,
    );
    expect(rows).toHaveLength(1);
    // tk-kek1.<tenant KEK id>.<sealed>: wrapped by the tenant's key-encryption key, not the master key.
    expect(rows[0]!.wrapped_key).toMatch(/^tk-kek1\.[A-Za-z0-9_-]{12}\./);
    // 32-byte key + 12-byte IV + 16-byte tag, base64url: never just the 32 raw bytes.
    expect(Buffer.from(rows[0]!.wrapped_key.split('.')[2]!, 'base64url').length).toBe(60);
  });

  it('detects tampering: any flipped byte fails to decrypt', async () => {
    const value = await encryptA();
    const [format, version, sealed] = value.split('.');
    const bytes = Buffer.from(sealed!, 'base64url');
    for (const index of [0, 12, 20, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[index] = tampered[index]! ^ 0x01;
      const forged = `${format}.${version}.${tampered.toString('base64url')}`;
      await expect(withTenant(db, a.id, (tx) => decryptForTenant(tx, keys, a.id, forged, context))).rejects.toThrow();
    }
  });

  it('another tenant’s key cannot decrypt it', async () => {
    const value = await encryptA();
    await withTenant(db, b.id, (tx) => encryptForTenant(tx, keys, b.id, Buffer.from('B'), context));
    await expect(withTenant(db, b.id, (tx) => decryptForTenant(tx, keys, b.id, value, context))).rejects.toThrow();
    // Even naming tenant A while inside B's transaction finds only B's key.
    await expect(withTenant(db, b.id, (tx) => decryptForTenant(tx, keys, a.id, value, context))).rejects.toThrow();
  });

  it('a wrong AAD (other purpose or row) fails', async () => {
    const value = await encryptA();
    await expect(withTenant(db, a.id, (tx) => decryptForTenant(tx, keys, a.id, value, { ...context, purpose: 'other' }))).rejects.toThrow();
    await expect(withTenant(db, a.id, (tx) => decryptForTenant(tx, keys, a.id, value, { ...context, id: 'another-row' }))).rejects.toThrow();
  });

  it('another master key cannot unwrap the tenant key', async () => {
    const value = await encryptA();
    const other = { provider: fileKeyProvider(mkdtempSync(path.join(os.tmpdir(), 'sotas-keys-other-'))), clock: keys.clock };
    await expect(withTenant(db, a.id, (tx) => decryptForTenant(tx, other, a.id, value, context))).rejects.toThrow();
  });

  it('destroying the tenant’s key row makes its values unreadable (crypto-shredding)', async () => {
    const c = await buildTenant(db);
    const value = await withTenant(db, c.id, (tx) => encryptForTenant(tx, keys, c.id, plaintext, context));
    await db.ownerTransaction((tx) => tx.query('DELETE FROM platform.tenant_keys WHERE tenant_id = $1', [c.id]));
    await expect(withTenant(db, c.id, (tx) => decryptForTenant(tx, keys, c.id, value, context))).rejects.toBeInstanceOf(TenantKeyUnavailableError);
  });
});
