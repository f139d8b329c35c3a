import type { Tx } from '../../../core/db/index.js';

/** How the current tenant takes part in the catalog today, from its contract (set by staff). */
export interface CatalogPlan {
  /** It may publish products. */
  publisher: boolean;
  /** Its subscription: paid readers see properties, documents and contacts; null when none. */
  subscription: 'paid' | 'free' | null;
}

/**
 * The plan as the database's row-level security sees it (catalog.reader_plan() and
 * catalog.may_publish()), read inside the tenant's transaction so code and policies agree.
 */
export async function currentPlan(tx: Tx): Promise<CatalogPlan> {
  const { rows } = await tx.query<{ plan: 'paid' | 'free' | null; publisher: boolean }>('SELECT catalog.reader_plan() AS plan, catalog.may_publish() AS publisher');
  return { publisher: rows[0]!.publisher, subscription: rows[0]!.plan };
}
