import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { withTenant, withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import { recordOperatorEvent } from '../audit/index.js';
import { purgeTenantFiles, type FileStore } from '../files/index.js';
import { destroyTenantKey, type KeyProvider } from '../keys/index.js';
import type { ServiceRegistry } from '../services/index.js';
import { jstDate } from '../tenancy/index.js';
import { TENANT_KEYS_TABLE, tenantTablesInDeleteOrder } from './tenantTables.js';

export interface PurgeDeps {
  db: Database;
  clock: Clock;
  registry: ServiceRegistry;
  files: FileStore;
  /**
   * The master key provider; the purge destroys the tenant's key-encryption key in its tenant
   * key store, which keeps backups of the tenant's wrapped data keys from decrypting (ADR 0020).
   */
  keys: KeyProvider;
}

export type PurgeOutcome =
  | { status: 'purged'; certificateId: string }
  | { status: 'already_purged'; certificateId: string }
  | { status: 'not_due' };

/**
 * SQL condition on tenant `t`: its purge is due — the purge date has come (JST date in `today`,
 * a parameter placeholder), no contract runs or starts later, and it is not purged yet.
 */
function dueCondition(today: string): string {
  return `t.status <> 'purged' AND t.purge_on IS NOT NULL AND t.purge_on <= ${today}::date
    AND NOT EXISTS (SELECT 1 FROM ops.contracts c WHERE c.customer_id = t.id AND (c.ends_on IS NULL OR c.ends_on >= ${today}::date))`;
}

/** Tenants whose purge is due, or was started and not finished (it resumes). */
export async function tenantsToPurge(tx: Tx, now: Date): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT t.id FROM ops.tenants t
      WHERE (${dueCondition('$1')})
         OR EXISTS (SELECT 1 FROM ops.deletion_certificates d WHERE d.customer_id = t.id AND d.status = 'in_progress')
      ORDER BY t.purge_on, t.id`,
    [jstDate(now)],
  );
  return rows.map((r) => r.id);
}

function addCounts(into: Record<string, number>, add: Record<string, number>): Record<string, number> {
  const sum = { ...into };
  for (const [key, n] of Object.entries(add)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

async function addToCertificate(tx: Tx, certificateId: string, column: 'rows_deleted' | 'provider_records', counts: Record<string, number>): Promise<void> {
  const { rows } = await tx.query<{ counts: Record<string, number> }>(`SELECT ${column} AS counts FROM ops.deletion_certificates WHERE id = $1 FOR UPDATE`, [certificateId]);
  await tx.query(`UPDATE ops.deletion_certificates SET ${column} = $2::jsonb WHERE id = $1`, [certificateId, JSON.stringify(addCounts(rows[0]?.counts ?? {}, counts))]);
}

/**
 * Step 1: opens the certificate (the purge's record) if the tenant is due, or finds the one a
 * previous run left unfinished. The tenant row is locked, so a renewal committed before this
 * transaction stops the purge and one committed after it waits for this step and no longer
 * counts: the purge has begun.
 */
async function openCertificate(deps: PurgeDeps, tenantId: string, runBy: string): Promise<PurgeOutcome | { status: 'open'; certificateId: string }> {
  const { db, clock } = deps;
  return withoutTenant(db, async (tx) => {
    const now = clock.now();
    const { rows } = await tx.query<{ code: string; name: string; contact_email: string; purge_on: string | null; ended_on: string | null; due: boolean }>(
      `SELECT t.code, t.name, t.contact_email, t.purge_on::text AS purge_on,
              (SELECT max(c.ends_on)::text FROM ops.contracts c WHERE c.customer_id = t.id) AS ended_on,
              (${dueCondition('$2')}) AS due
         FROM ops.tenants t WHERE t.id = $1 FOR UPDATE OF t`,
      [tenantId, jstDate(now)],
    );
    const tenant = rows[0];
    if (!tenant) return { status: 'not_due' };
    const existing = (await tx.query<{ id: string; status: string }>('SELECT id, status FROM ops.deletion_certificates WHERE customer_id = $1', [tenantId])).rows[0];
    if (existing?.status === 'completed') return { status: 'already_purged', certificateId: existing.id };
    if (existing) return { status: 'open', certificateId: existing.id };
    if (!tenant.due || !tenant.purge_on) return { status: 'not_due' };
    const certificateId = randomUUID();
    await tx.query(
      `INSERT INTO ops.deletion_certificates (id, customer_id, tenant_code, tenant_name, contact_email, contract_ended_on, purge_on, status, started_at, run_by)
       VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, 'in_progress', $8, $9)`,
      [certificateId, tenantId, tenant.code, tenant.name, tenant.contact_email || null, tenant.ended_on, tenant.purge_on, now, runBy],
    );
    await recordOperatorEvent(tx, clock, {}, {
      actor: { type: 'system' },
      action: 'lifecycle.purge.started',
      target: { type: 'deletion_certificate', id: certificateId },
      result: 'success',
      customerId: tenantId,
      details: { tenantCode: tenant.code, purgeOn: tenant.purge_on, runBy },
    });
    return { status: 'open', certificateId };
  });
}

/**
 * Provider records about the tenant that hold its people's data: queued and sent mail is kept
 * as a record that a mail went out, but its address, subject and bodies are cleared; the
 * tenant's pending jobs are dropped; open break-glass grants are closed and open staff alerts
 * resolved. Everything else of the provider's (contracts, logs, incident and maintenance
 * records, evidence and disclosure records) stays under its retention period (ADR 0012).
 */
async function clearProviderRecords(tx: Tx, tenantId: string, now: Date): Promise<Record<string, number>> {
  const mails = await tx.query(
    `UPDATE ops.mail_outbox
        SET to_address = '(purged)', subject = '(purged)', text_body = NULL, html_body = NULL,
            status = CASE WHEN status = 'queued' THEN 'failed' ELSE status END,
            last_error = CASE WHEN status = 'queued' THEN 'not sent: the tenant''s data was purged' ELSE NULL END
      WHERE customer_id = $1 AND to_address <> '(purged)'`,
    [tenantId],
  );
  const jobs = await tx.query(`DELETE FROM ops.jobs WHERE customer_id = $1 AND status <> 'running'`, [tenantId]);
  const grants = await tx.query('UPDATE ops.breakglass_grants SET closed_at = $2 WHERE customer_id = $1 AND closed_at IS NULL AND expires_at > $2', [tenantId, now]);
  const alerts = await tx.query('UPDATE ops.staff_alerts SET resolved_at = $2 WHERE customer_id = $1 AND resolved_at IS NULL', [tenantId, now]);
  return {
    'ops.mail_outbox': mails.rowCount,
    'ops.jobs': jobs.rowCount,
    'ops.breakglass_grants': grants.rowCount,
    'ops.staff_alerts': alerts.rowCount,
  };
}

/**
 * Step 2: every service's purger, then every row with the tenant's id in every tenant table of
 * the registered-data schemas (found in the catalog, referencing tables first), except the data
 * keys; and the provider records above. One transaction, under the tenant's RLS context.
 */
async function deleteRows(deps: PurgeDeps, tenantId: string, certificateId: string): Promise<void> {
  const { db, clock, registry } = deps;
  await withTenant(db, tenantId, async (tx) => {
    let rows: Record<string, number> = {};
    for (const service of registry.services) rows = addCounts(rows, await service.purger({ tx, tenantId }));
    for (const table of await tenantTablesInDeleteOrder(tx)) {
      if (table === TENANT_KEYS_TABLE) continue;
      // Table names come from the catalog, never from input.
      const { rowCount } = await tx.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
      rows = addCounts(rows, { [table]: rowCount });
    }
    await addToCertificate(tx, certificateId, 'rows_deleted', rows);
    await addToCertificate(tx, certificateId, 'provider_records', await clearProviderRecords(tx, tenantId, clock.now()));
  });
}

/** Rows of the tenant left in the registered-data tables, other than its keys (must be none). */
async function leftoverRows(tx: Tx, tenantId: string): Promise<string[]> {
  const left: string[] = [];
  for (const table of await tenantTablesInDeleteOrder(tx)) {
    if (table === TENANT_KEYS_TABLE) continue;
    const { rows } = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenantId]);
    if ((rows[0]?.n ?? 0) > 0) left.push(table);
  }
  return left;
}

/**
 * Step 4, last: checks nothing is left, destroys the tenant's data keys and its key-encryption
 * key in the key store (crypto-shredding: backups that still hold its wrapped data keys and
 * encrypted values can no longer be read, ADR 0020), marks the tenant purged
 * with its contact addresses blanked (the row stays so the company code stays reserved), and
 * completes the certificate — all in one transaction, with the operator log entry.
 */
async function destroyKeysAndComplete(deps: PurgeDeps, tenantId: string, certificateId: string, runBy: string): Promise<void> {
  const { db, clock } = deps;
  await withTenant(db, tenantId, async (tx) => {
    const left = await leftoverRows(tx, tenantId);
    if (left.length > 0) throw new Error(`purge: rows of tenant ${tenantId} are still in ${left.join(', ')}; the purge will run again`);
    const keys = await destroyTenantKey(tx, tenantId, deps.keys);
    const now = clock.now();
    await tx.query(
      `UPDATE ops.tenants SET status = 'purged', representative_email = '', contact_email = '', updated_at = $2 WHERE id = $1`,
      [tenantId, now],
    );
    const { rows } = await tx.query<{ rows_deleted: Record<string, number>; files_deleted: number; tenant_code: string }>(
      `UPDATE ops.deletion_certificates
          SET status = 'completed', keys_destroyed = coalesce(keys_destroyed, 0) + $2, key_destroyed_at = $3, completed_at = $3
        WHERE id = $1
        RETURNING rows_deleted, files_deleted, tenant_code`,
      [certificateId, keys, now],
    );
    const certificate = rows[0];
    if (!certificate) throw new Error(`purge: certificate ${certificateId} disappeared`);
    await recordOperatorEvent(tx, clock, {}, {
      actor: { type: 'system' },
      action: 'lifecycle.tenant.purged',
      target: { type: 'deletion_certificate', id: certificateId },
      result: 'success',
      customerId: tenantId,
      details: {
        tenantCode: certificate.tenant_code,
        rowsDeleted: Object.values(certificate.rows_deleted).reduce((a, b) => a + b, 0),
        filesDeleted: certificate.files_deleted,
        keysDestroyed: keys,
        runBy,
      },
    });
  });
}

/**
 * Purges one tenant whose purge date has come (CLD.8.1.5): service purgers and every tenant
 * row, the provider records that hold its people's data, every stored file under its prefix,
 * and last its data keys; then the certificate is complete. Each step adds its counts to the
 * certificate as it commits, so a purge interrupted at any point resumes on the next run and
 * still certifies everything. Tenants not due (renewed, or date not reached) are left alone.
 */
export async function purgeTenant(deps: PurgeDeps, tenantId: string, runBy: string): Promise<PurgeOutcome> {
  const opened = await openCertificate(deps, tenantId, runBy);
  if (opened.status !== 'open') return opened;
  const { certificateId } = opened;
  await deleteRows(deps, tenantId, certificateId);
  // Step 3: every stored object under the tenant's prefix (uploads, exports).
  const files = await purgeTenantFiles(deps, tenantId);
  await withoutTenant(deps.db, (tx) =>
    tx.query('UPDATE ops.deletion_certificates SET files_deleted = coalesce(files_deleted, 0) + $2 WHERE id = $1', [certificateId, files]),
  );
  await destroyKeysAndComplete(deps, tenantId, certificateId, runBy);
  return { status: 'purged', certificateId };
}
