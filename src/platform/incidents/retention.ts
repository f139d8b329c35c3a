import { withoutTenant } from '../../core/db/index.js';
import type { RetentionPurger } from '../audit/index.js';

/**
 * Incident records under the retention policy (18.1.3, 'incident_records'): a closed
 * incident goes, with its affected tenants and messages, once it was closed before the
 * cutoff, unless a legal hold covers any tenant it affected (or every tenant) at the time
 * it occurred. Open incidents are never removed.
 */
export const incidentRecordsPurger: RetentionPurger = {
  recordType: 'incident_records',
  purge: ({ db, cutoff, heldSql }) =>
    withoutTenant(db, async (tx) => {
      const { rowCount } = await tx.query(
        `DELETE FROM ops.incidents i
          WHERE i.status = 'closed' AND i.closed_at < $1
            AND NOT EXISTS (SELECT 1 FROM ops.incident_tenants it WHERE it.incident_id = i.id AND ${heldSql('it.customer_id', 'i.occurred_at')})`,
        [cutoff],
      );
      return rowCount;
    }),
};
