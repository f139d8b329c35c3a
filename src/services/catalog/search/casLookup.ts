import { AppError } from '../../../core/errors.js';
import type { Tx } from '../../../core/db/index.js';
import { currentPlan } from '../shared/plan.js';
import { HIT_COLUMNS, presentHits, type HitRow } from './hits.js';
import type { SearchHit } from './searchViews.js';

/** How many products a CAS lookup lists (newest first). */
const CAS_LIMIT = 200;

/**
 * Published products (of every publisher, the reader's own included) with a component of this
 * CAS number (already normalised), newest first. Row-level security decides what exists.
 */
export async function casLookup(tx: Tx, casNumber: string): Promise<SearchHit[]> {
  if ((await currentPlan(tx)).subscription === null) throw new AppError('catalog.no_subscription');
  const { rows } = await tx.query<HitRow>(
    `SELECT ${HIT_COLUMNS} FROM catalog.products p
      WHERE p.status = 'published' AND p.cas_numbers @> ARRAY[$1::text]
      ORDER BY p.published_at DESC, p.id LIMIT ${CAS_LIMIT}`,
    [casNumber],
  );
  return presentHits(tx, rows);
}
