import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';
import { openAesGcm, sealAesGcm, type KeyProvider } from './keyProvider.js';
import { TenantKeyUnavailableError } from './keyErrors.js';
import { isKekWrapped, type TenantKeyStore } from './tenantKeyStore.js';

export { TenantKeyUnavailableError } from './keyErrors.js';

/**
 * What encrypting for a tenant needs: the master key provider, whose tenant key store
 * (`provider.tenantKeys`) wraps the data keys, and the clock. Data keys stored wrapped by
 * the master key itself (made before tenant KEKs existed) are still read through `provider`.
 */
export interface TenantKeys {
  provider: KeyProvider;
  clock: Clock;
}

/**
 * What an encrypted value is bound to. The tenant is always part of it; `purpose` and `id`
 * say which column of which row it belongs to, so a value copied elsewhere does not decrypt.
 */
export interface EncryptionContext {
  purpose: string;
  id: string;
}

/** The tenant key store of a provider; a provider without one cannot make tenant data keys. */
export function tenantKeyStoreOf(provider: KeyProvider): TenantKeyStore {
  if (!provider.tenantKeys) throw new Error('This key provider has no tenant key store: tenant data keys are wrapped by per-tenant key-encryption keys (ADR 0020).');
  return provider.tenantKeys;
}

/**
 * Unwraps a stored data key: under the tenant's KEK (`tk-kek1.…`), or under the master key
 * for values stored before tenant KEKs (`mk1.…`, upgraded at start by `upgradeTenantDataKeys`).
 */
export async function unwrapDataKey(provider: KeyProvider, tenantId: string, version: number, wrapped: string): Promise<Buffer> {
  const context = wrapContext(tenantId, version);
  if (isKekWrapped(wrapped)) return tenantKeyStoreOf(provider).unwrap(tenantId, wrapped, context);
  return provider.unwrap(wrapped, context);
}

const ENVELOPE = 'tk1';
const CURRENT_VERSION = 1;

/** The context a tenant's data key is wrapped under (rotation re-wraps with the same one). */
export function wrapContext(tenantId: string, version: number): string {
  return `tenant-data-key|${tenantId}|v${version}`;
}

function valueAad(tenantId: string, context: EncryptionContext): string {
  return `${tenantId}|${context.purpose}|${context.id}`;
}

async function findWrappedKey(tx: Tx, version: number): Promise<string | undefined> {
  const { rows } = await tx.query<{ wrapped_key: string }>(
    'SELECT wrapped_key FROM platform.tenant_keys WHERE tenant_id = platform.current_tenant() AND version = $1',
    [version],
  );
  return rows[0]?.wrapped_key;
}

/**
 * The tenant's current data key, made (random 32 bytes, stored wrapped) on first need. For
 * layers that encrypt by themselves (stored files); runs in the tenant's transaction.
 */
export async function tenantDataKey(tx: Tx, keys: TenantKeys, tenantId: string): Promise<{ version: number; key: Buffer }> {
  const existing = await findWrappedKey(tx, CURRENT_VERSION);
  if (existing) return { version: CURRENT_VERSION, key: await unwrapDataKey(keys.provider, tenantId, CURRENT_VERSION, existing) };
  const wrapped = await tenantKeyStoreOf(keys.provider).wrap(tenantId, randomBytes(32), wrapContext(tenantId, CURRENT_VERSION));
  // Two first uses at once: one insert wins, the other reads the winner's key.
  await tx.query(
    `INSERT INTO platform.tenant_keys (tenant_id, version, wrapped_key, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, version) DO NOTHING`,
    [tenantId, CURRENT_VERSION, wrapped, keys.clock.now()],
  );
  const stored = await findWrappedKey(tx, CURRENT_VERSION);
  if (!stored) throw new TenantKeyUnavailableError(tenantId, CURRENT_VERSION);
  return { version: CURRENT_VERSION, key: await unwrapDataKey(keys.provider, tenantId, CURRENT_VERSION, stored) };
}

/**
 * Encrypts `plaintext` with the tenant's data key (AES-256-GCM, random 96-bit IV), bound to
 * the tenant and `context`. Runs in the tenant's transaction (`withTenant`). The result is
 * `tk1.<key version>.<iv‖tag‖ciphertext>` and names the key version for later rotation.
 */
export async function encryptForTenant(
  tx: Tx,
  keys: TenantKeys,
  tenantId: string,
  plaintext: Buffer | Uint8Array,
  context: EncryptionContext,
): Promise<string> {
  const { version, key } = await tenantDataKey(tx, keys, tenantId);
  return `${ENVELOPE}.${version}.${sealAesGcm(key, Buffer.from(plaintext), valueAad(tenantId, context))}`;
}

/**
 * Decrypts a value made by `encryptForTenant` for the same tenant and context. Throws on any
 * altered byte, another tenant, another context, or a destroyed key.
 */
export async function decryptForTenant(
  tx: Tx,
  keys: TenantKeys,
  tenantId: string,
  envelope: string,
  context: EncryptionContext,
): Promise<Buffer> {
  const [format, versionText, sealed] = envelope.split('.');
  const version = Number(versionText);
  if (format !== ENVELOPE || !Number.isInteger(version) || version < 1 || !sealed) {
    throw new Error('decryptForTenant: not an encrypted value of this format');
  }
  const key = await tenantDataKeyVersion(tx, keys, tenantId, version);
  return openAesGcm(key, sealed, valueAad(tenantId, context));
}

/** A given version of the tenant's data key; TenantKeyUnavailableError once destroyed. */
export async function tenantDataKeyVersion(tx: Tx, keys: TenantKeys, tenantId: string, version: number): Promise<Buffer> {
  const wrapped = await findWrappedKey(tx, version);
  if (!wrapped) throw new TenantKeyUnavailableError(tenantId, version);
  return unwrapDataKey(keys.provider, tenantId, version, wrapped);
}

/**
 * Destroys every data key of the tenant (crypto-shredding, the last step of a purge): deletes
 * the wrapped data keys from the database and, given the key provider, destroys the tenant's
 * key-encryption key in its store — which is what makes the copies of the wrapped data keys
 * still held by backups useless. Runs in that tenant's transaction (`withTenant`); returns
 * how many keys were destroyed (data keys, plus one for the KEK).
 *
 * The KEK is destroyed before the transaction commits: if the commit then fails, the tenant's
 * data is unreadable already and the purge, which resumes, finishes the deletion.
 */
export async function destroyTenantKey(tx: Tx, tenantId: string, provider: KeyProvider): Promise<number> {
  const { rows } = await tx.query<{ tenant: string | null }>('SELECT platform.current_tenant()::text AS tenant');
  if (rows[0]?.tenant !== tenantId.toLowerCase()) {
    throw new Error(`destroyTenantKey: run it inside withTenant(db, '${tenantId}', …); row-level security hides other tenants' keys`);
  }
  const { rowCount } = await tx.query('DELETE FROM platform.tenant_keys WHERE tenant_id = $1', [tenantId]);
  const kekDestroyed = await tenantKeyStoreOf(provider).destroy(tenantId);
  return rowCount + (kekDestroyed ? 1 : 0);
}
