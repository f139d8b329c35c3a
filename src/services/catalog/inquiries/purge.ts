import type { Tx } from '../../../core/db/index.js';

/*
 * Children first. Every statement names the tenant: under its RLS context the tenant also sees
 * other companies' published products and the inquiries sent to it, which are not its rows.
 * Deleting its inquiries removes the publishers' messages in them (the thread goes with the
 * inquiry); deleting its products removes other companies' list entries of them. Inquiries it
 * received stay with their askers, with the asker's messages. Files go with the platform's purge.
 */
const STEPS: readonly { table: string; sql: string }[] = [
  { table: 'catalog.inquiry_files', sql: 'DELETE FROM catalog.inquiry_files WHERE tenant_id = $1' },
  { table: 'catalog.inquiry_messages', sql: 'DELETE FROM catalog.inquiry_messages WHERE tenant_id = $1' },
  { table: 'catalog.inquiries', sql: 'DELETE FROM catalog.inquiries WHERE tenant_id = $1' },
  { table: 'catalog.list_entries', sql: 'DELETE FROM catalog.list_entries WHERE tenant_id = $1' },
  { table: 'catalog.product_documents', sql: 'DELETE FROM catalog.product_documents WHERE tenant_id = $1' },
  { table: 'catalog.product_properties', sql: 'DELETE FROM catalog.product_properties WHERE tenant_id = $1' },
  { table: 'catalog.product_components', sql: 'DELETE FROM catalog.product_components WHERE tenant_id = $1' },
  { table: 'catalog.products', sql: 'DELETE FROM catalog.products WHERE tenant_id = $1' },
  { table: 'catalog.publisher_contacts', sql: 'DELETE FROM catalog.publisher_contacts WHERE tenant_id = $1' },
  { table: 'catalog.publishers', sql: 'DELETE FROM catalog.publishers WHERE tenant_id = $1' },
];

/** Deletes every catalog row of the tenant (runs in the tenant's transaction); counts per table. */
export async function purgeCatalogData(tx: Tx, tenantId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const step of STEPS) {
    const { rowCount } = await tx.query(step.sql, [tenantId]);
    counts[step.table] = rowCount;
  }
  return counts;
}
