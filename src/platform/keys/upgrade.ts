import { withTenant, type Database } from '../../core/db/index.js';
import type { KeyProvider } from './keyProvider.js';
import { isKekWrapped } from './tenantKeyStore.js';
import { tenantKeyStoreOf, wrapContext } from './tenantKeys.js';

export interface TenantKeyUpgradeResult {
  /** Data keys re-wrapped from the master key to their tenant's KEK. */
  upgraded: number;
  /** Data keys that stay master-wrapped: `tenant_id v<version>: reason` (e.g. a purged tenant, a damaged value). */
  skipped: string[];
}

/** Data keys still wrapped by the master key, across tenants (`tenant_id`, `version`). */
export async function masterWrappedDataKeys(db: Database): Promise<{ tenant_id: string; version: number }[]> {
  // Maintenance across every tenant, like the migrations: read as the owner, written per tenant below.
  return db.ownerTransaction(async (tx) =>
    (
      await tx.query<{ tenant_id: string; version: number }>(
        `SELECT tenant_id::text AS tenant_id, version FROM platform.tenant_keys WHERE wrapped_key NOT LIKE 'tk-kek1.%' ORDER BY tenant_id, version`,
      )
    ).rows,
  );
}

/**
 * Re-wraps every tenant data key still wrapped by the master key (`mk1.…`, made before tenant
 * KEKs existed) under its tenant's KEK, in that tenant's transaction with the row locked.
 * Idempotent and safe to run on several nodes at once (a row already re-wrapped is skipped);
 * run at application start. Data encrypted under the data keys is not touched. A key that
 * cannot be re-wrapped (the tenant's KEK was destroyed by a purge, or the value is damaged)
 * is left as it is and reported.
 */
export async function upgradeTenantDataKeys(db: Database, provider: KeyProvider): Promise<TenantKeyUpgradeResult> {
  const result: TenantKeyUpgradeResult = { upgraded: 0, skipped: [] };
  const pending = await masterWrappedDataKeys(db);
  if (pending.length === 0) return result;
  const store = tenantKeyStoreOf(provider);
  for (const { tenant_id: tenantId, version } of pending) {
    try {
      result.upgraded += await withTenant(db, tenantId, async (tx) => {
        const { rows } = await tx.query<{ wrapped_key: string }>('SELECT wrapped_key FROM platform.tenant_keys WHERE tenant_id = $1 AND version = $2 FOR UPDATE', [tenantId, version]);
        const wrapped = rows[0]?.wrapped_key;
        if (!wrapped || isKekWrapped(wrapped)) return 0;
        const context = wrapContext(tenantId, version);
        const rewrapped = await store.wrap(tenantId, await provider.unwrap(wrapped, context), context);
        await tx.query('UPDATE platform.tenant_keys SET wrapped_key = $3 WHERE tenant_id = $1 AND version = $2', [tenantId, version, rewrapped]);
        return 1;
      });
    } catch (error) {
      result.skipped.push(`${tenantId} v${version}: ${(error as Error).message}`.slice(0, 300));
    }
  }
  return result;
}
