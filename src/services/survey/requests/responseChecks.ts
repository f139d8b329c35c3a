import type { Clock } from '../../../core/clock.js';
import type { Tx } from '../../../core/db/index.js';
import { checkComposition } from '../lists/checkEngine.js';
import { productsOf, responsesOfRequest, snapshotOf, type RequestRow } from './requestViews.js';

/**
 * Checks each product of each sent response to an outgoing request against the list the
 * request was sent with (its snapshot) and stores the results in the requester's check results
 * (subject 'response', keyed by the requested item), once: a sent response never changes, so a
 * stored result stays right. Skipped when the request named no list or its list version has been
 * deleted since. Runs in the requester's transaction; returns how many results were added.
 */
export async function ensureResponseChecks(tx: Tx, clock: Clock, request: RequestRow): Promise<number> {
  const snapshot = snapshotOf(request);
  if (!request.list_version_id || !snapshot) return 0;
  const { rows: versions } = await tx.query<{ list_id: string }>('SELECT list_id FROM survey.list_versions WHERE id = $1 AND tenant_id = $2', [request.list_version_id, request.tenant_id]);
  const listId = versions[0]?.list_id;
  if (!listId) return 0;
  let added = 0;
  for (const response of await responsesOfRequest(tx, request.id)) {
    if (response.status !== 'sent') continue;
    for (const product of productsOf(response)) {
      const { outcome, findings } = checkComposition({ composition: product.composition, productMassG: product.massG }, snapshot.entries);
      const { rowCount } = await tx.query(
        `INSERT INTO survey.check_results (tenant_id, subject_kind, subject_id, subject_key, list_id, list_version_id, outcome, findings, checked_at)
         VALUES ($1, 'response', $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (tenant_id, subject_kind, subject_id, subject_key, list_version_id) DO NOTHING`,
        [request.tenant_id, response.id, product.key, listId, request.list_version_id, outcome, JSON.stringify(findings), clock.now()],
      );
      added += rowCount;
    }
  }
  return added;
}
