import type { Tx } from '../../../core/db/index.js';

/*
 * Children first. Every statement names the tenant: under its RLS context a supplier also sees
 * the requests addressed to it and a requester the responses sent to it, which are not its rows.
 * Deleting its requests removes what other companies wrote into them (their responses, the
 * files of those and their history entries), as the request and its thread go together.
 * Responses it sent to other companies' requests are its rows and go too; the requests stay
 * with their requesters. Files go with the platform's purge.
 */
const STEPS: readonly { table: string; sql: string }[] = [
  { table: 'survey.check_results', sql: 'DELETE FROM survey.check_results WHERE tenant_id = $1' },
  { table: 'survey.list_entries', sql: 'DELETE FROM survey.list_entries WHERE tenant_id = $1' },
  { table: 'survey.list_versions', sql: 'DELETE FROM survey.list_versions WHERE tenant_id = $1' },
  { table: 'survey.substance_lists', sql: 'DELETE FROM survey.substance_lists WHERE tenant_id = $1' },
  { table: 'survey.products', sql: 'DELETE FROM survey.products WHERE tenant_id = $1' },
  { table: 'survey.upload_links', sql: 'DELETE FROM survey.upload_links WHERE tenant_id = $1' },
  { table: 'survey.response_files', sql: 'DELETE FROM survey.response_files WHERE tenant_id = $1' },
  { table: 'survey.request_events', sql: 'DELETE FROM survey.request_events WHERE tenant_id = $1' },
  { table: 'survey.responses', sql: 'DELETE FROM survey.responses WHERE tenant_id = $1' },
  { table: 'survey.requests', sql: 'DELETE FROM survey.requests WHERE tenant_id = $1' },
  { table: 'survey.settings', sql: 'DELETE FROM survey.settings WHERE tenant_id = $1' },
];

/** Deletes every survey row of the tenant (runs in the tenant's transaction); counts per table. */
export async function purgeSurveyData(tx: Tx, tenantId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const step of STEPS) {
    const { rowCount } = await tx.query(step.sql, [tenantId]);
    counts[step.table] = rowCount;
  }
  return counts;
}
