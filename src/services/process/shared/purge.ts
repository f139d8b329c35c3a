import type { Tx } from '../../../core/db/index.js';

/** Every process table, children before parents, so deleting in this order meets no foreign key. */
export const PROCESS_TABLES_IN_DELETE_ORDER = [
  'process.lot_consumptions',
  'process.work_records',
  'process.lots',
  'process.schedule_changes',
  'process.order_materials',
  'process.operations',
  'process.orders',
  'process.emission_factors',
  'process.routing_steps',
  'process.routings',
  'process.workstation_days',
  'process.workstations',
  'process.formula_lines',
  'process.formulas',
  'process.items',
] as const;

/** Deletes every process row of the tenant (runs in the tenant's transaction); counts per table. */
export async function purgeProcessData(tx: Tx, tenantId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of PROCESS_TABLES_IN_DELETE_ORDER) {
    const { rowCount } = await tx.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
    counts[table] = rowCount;
  }
  return counts;
}
