import type { Tx } from '../../core/db/index.js';
import { purgeDateFor } from '../lifecycle/index.js';

/** The purge date of a contract ending on `endsOn` (CLD.8.1.5), or null for an open-ended one. */
export function contractPurgeDate(endsOn: string | null): string | null {
  return endsOn ? purgeDateFor(endsOn) : null;
}

/**
 * The tenant's purge date from its contracts: the latest purge date when every contract
 * has an end date, null while any contract runs open-ended (or there is none). A renewal,
 * whether a new contract or a contract made open-ended again, therefore clears it.
 */
export function tenantPurgeDate(contracts: readonly { endsOn: string | null }[]): string | null {
  if (contracts.length === 0 || contracts.some((c) => c.endsOn === null)) return null;
  let latest: string | null = null;
  for (const c of contracts) {
    const purgeOn = contractPurgeDate(c.endsOn);
    if (purgeOn && (latest === null || purgeOn > latest)) latest = purgeOn;
  }
  return latest;
}

/**
 * Brings the stored purge dates of a tenant's contracts and of the tenant itself
 * (`ops.tenants.purge_on`, which the lifecycle module's purge job reads) in line with the
 * contracts' end dates. Called in the transaction of every change to contracts. Returns
 * the tenant's purge date.
 */
export async function syncPurgeDates(tx: Tx, tenantId: string): Promise<string | null> {
  const { rows } = await tx.query<{ id: string; endsOn: string | null; purgeOn: string | null }>(
    `SELECT id, to_char(ends_on, 'YYYY-MM-DD') AS "endsOn", to_char(purge_on, 'YYYY-MM-DD') AS "purgeOn"
       FROM ops.contracts WHERE customer_id = $1 FOR UPDATE`,
    [tenantId],
  );
  for (const row of rows) {
    const expected = contractPurgeDate(row.endsOn);
    if (expected !== row.purgeOn) await tx.query('UPDATE ops.contracts SET purge_on = $2::date WHERE id = $1', [row.id, expected]);
  }
  const purgeOn = tenantPurgeDate(rows);
  await tx.query('UPDATE ops.tenants SET purge_on = $2::date WHERE id = $1 AND purge_on IS DISTINCT FROM $2::date', [tenantId, purgeOn]);
  return purgeOn;
}
