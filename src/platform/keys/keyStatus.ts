import { withoutTenant, withTenant, type Database } from '../../core/db/index.js';
import type { KeyProvider, RotatableKeyProvider } from './keyProvider.js';
import { isKekWrapped } from './tenantKeyStore.js';

/** Whether a tenant has a data key, for the compliance report and the purge certificate. */
export interface TenantKeyStatus {
  tenantId: string;
  tenantCode: string;
  tenantStatus: string;
  /** Data key versions held; empty when none was ever made or it was destroyed. */
  dataKeyVersions: number[];
  /** Master key versions of the data keys still wrapped by the master key itself (legacy; none after the start-up upgrade). */
  masterKeyVersions: number[];
  /** Data keys wrapped by the tenant's key-encryption key. */
  kekWrappedDataKeys: number;
  /** Data keys still wrapped by the master key (made before tenant KEKs; re-wrapped at the next start). */
  masterWrappedDataKeys: number;
  /**
   * The tenant's key-encryption key in the tenant key store: present, absent (none made yet),
   * destroyed (purged), or unknown when no provider with a tenant key store was given.
   */
  kek: 'present' | 'absent' | 'destroyed' | 'unknown';
  /** When the oldest data key was made, or null. */
  since: Date | null;
}

/**
 * Every tenant with the data keys it holds, read in each tenant's own transaction (the keys
 * table is row-level secured). `provider` adds the master key version of each master-wrapped
 * key and whether the tenant's key-encryption key is in its tenant key store.
 */
export async function tenantKeyStatus(db: Database, provider?: Pick<RotatableKeyProvider, 'versionOf'> & Pick<KeyProvider, 'tenantKeys'>): Promise<TenantKeyStatus[]> {
  const tenants = await withoutTenant(db, async (tx) =>
    (await tx.query<{ id: string; code: string; status: string }>('SELECT id, code, status FROM ops.tenants ORDER BY code')).rows,
  );
  const result: TenantKeyStatus[] = [];
  for (const tenant of tenants) {
    const rows = await withTenant(db, tenant.id, async (tx) =>
      (await tx.query<{ version: number; wrapped_key: string; created_at: Date }>('SELECT version, wrapped_key, created_at FROM platform.tenant_keys ORDER BY version')).rows,
    );
    const masterVersions = new Set<number>();
    const masterWrapped = rows.filter((row) => !isKekWrapped(row.wrapped_key));
    if (provider) for (const row of masterWrapped) masterVersions.add(provider.versionOf(row.wrapped_key));
    const store = provider?.tenantKeys;
    let kek: TenantKeyStatus['kek'] = 'unknown';
    if (store) kek = (await store.exists(tenant.id)) ? 'present' : (await store.destroyed(tenant.id)) ? 'destroyed' : 'absent';
    result.push({
      tenantId: tenant.id,
      tenantCode: tenant.code,
      tenantStatus: tenant.status,
      dataKeyVersions: rows.map((r) => r.version),
      masterKeyVersions: [...masterVersions].sort((a, b) => a - b),
      kekWrappedDataKeys: rows.length - masterWrapped.length,
      masterWrappedDataKeys: masterWrapped.length,
      kek,
      since: rows.length ? new Date(Math.min(...rows.map((r) => new Date(r.created_at).getTime()))) : null,
    });
  }
  return result;
}

/** Where the master key is and which versions its ring holds. */
export interface MasterKeyStatus {
  location: string;
  currentVersion: number;
  /** Every version still held; more than one means a rotation has not finished. */
  versions: number[];
}

export function masterKeyStatus(provider: RotatableKeyProvider): MasterKeyStatus {
  return { location: provider.location, currentVersion: provider.currentVersion(), versions: provider.versions() };
}
