import type { Clock } from '../../../core/clock.js';
import type { Tx } from '../../../core/db/index.js';
import { recheckAllProducts, type RecheckSummary } from './checkRuns.js';

export { checkComposition, EntryIndex, foldInternalId, type CheckOutcome, type EngineEntry, type Finding, type Outcome } from './compositionCheck.js';
export { changeOf, checkProducts, currentVersionIds, type ChangeSummary, type RecheckSummary } from './checkRuns.js';

/**
 * Re-checks every product of the tenant against a list version (in the caller's transaction,
 * the one that loaded the version) and flags each result that differs from what the previous
 * version of the same list says about the same product.
 */
export function recheckVersion(tx: Tx, tenantId: string, versionId: string, clock: Clock): Promise<RecheckSummary> {
  return recheckAllProducts(tx, tenantId, versionId, clock);
}
