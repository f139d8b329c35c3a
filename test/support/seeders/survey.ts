import { randomUUID } from 'node:crypto';
import type { Tx } from '../../../src/core/db/index.js';
import type { Seeder } from '../tenantRows.js';

/** Finds the tenant's seed row of a table or makes it once (seeders run in any order). */
async function once(tx: Tx, find: string, insert: string, params: unknown[]): Promise<string> {
  const found = await tx.query<{ id: string }>(find, params.slice(0, 1));
  if (found.rows[0]) return found.rows[0].id;
  const { rows } = await tx.query<{ id: string }>(insert, params);
  return rows[0]!.id;
}

const seedList = (tx: Tx, tenantId: string) =>
  once(tx, `SELECT id FROM survey.substance_lists WHERE tenant_id = $1 AND code = 'SEED'`,
    `INSERT INTO survey.substance_lists (tenant_id, code, name, created_at, updated_at) VALUES ($1, 'SEED', 'シードリスト', now(), now()) RETURNING id`, [tenantId]);

const seedVersion = async (tx: Tx, tenantId: string) => {
  const listId = await seedList(tx, tenantId);
  return once(tx, `SELECT id FROM survey.list_versions WHERE tenant_id = $1 AND label = 'seed-1'`,
    `INSERT INTO survey.list_versions (tenant_id, list_id, version_no, label, loaded_at) VALUES ($1, $2, 1, 'seed-1', now()) RETURNING id`, [tenantId, listId]);
};

const seedProduct = (tx: Tx, tenantId: string) =>
  once(tx, `SELECT id FROM survey.products WHERE tenant_id = $1 AND product_number = 'SEED-1'`,
    `INSERT INTO survey.products (tenant_id, product_number, name, created_at, updated_at) VALUES ($1, 'SEED-1', 'シード部品', now(), now()) RETURNING id`, [tenantId]);

/** A draft request to an outside company (drafts are the requester's alone). */
const seedRequest = (tx: Tx, tenantId: string) =>
  once(tx, `SELECT id FROM survey.requests WHERE tenant_id = $1 AND title = 'シード調査'`,
    `INSERT INTO survey.requests (tenant_id, requester_name, supplier_name, supplier_email, title, format_wanted, respond_by, created_at, updated_at)
     VALUES ($1, 'シード化学', '外部仕入先', 'supplier@seed.example', 'シード調査', 'any', '2030-01-31', now(), now()) RETURNING id`, [tenantId]);

/** A draft response of the tenant to its own request (enough for the matrix: drafts stay with their writer). */
const seedResponse = async (tx: Tx, tenantId: string) => {
  const requestId = await seedRequest(tx, tenantId);
  return once(tx, `SELECT id FROM survey.responses WHERE tenant_id = $1 AND comment = 'シード回答'`,
    `INSERT INTO survey.responses (tenant_id, request_id, request_tenant_id, comment, created_at, updated_at) VALUES ($1, $2, $1, 'シード回答', now(), now()) RETURNING id`,
    [tenantId, requestId]);
};

export const seeders: Record<string, Seeder> = {
  'survey.settings': async (tx, tenantId) => {
    await tx.query(`INSERT INTO survey.settings (tenant_id, company_name, updated_at) VALUES ($1, 'シード化学', now())`, [tenantId]);
  },
  'survey.substance_lists': async (tx, tenantId) => {
    await seedList(tx, tenantId);
  },
  'survey.list_versions': async (tx, tenantId) => {
    await seedVersion(tx, tenantId);
  },
  'survey.list_entries': async (tx, tenantId) => {
    const versionId = await seedVersion(tx, tenantId);
    await tx.query(`INSERT INTO survey.list_entries (tenant_id, version_id, cas, name, threshold_percent) VALUES ($1, $2, '7439-92-1', '鉛', 0.1)`, [tenantId, versionId]);
  },
  'survey.products': async (tx, tenantId) => {
    await seedProduct(tx, tenantId);
  },
  'survey.check_results': async (tx, tenantId) => {
    const [productId, versionId, listId] = [await seedProduct(tx, tenantId), await seedVersion(tx, tenantId), await seedList(tx, tenantId)];
    await tx.query(
      `INSERT INTO survey.check_results (tenant_id, subject_kind, subject_id, list_id, list_version_id, outcome, checked_at) VALUES ($1, 'product', $2, $3, $4, 'compliant', now())`,
      [tenantId, productId, listId, versionId],
    );
  },
  'survey.requests': async (tx, tenantId) => {
    await seedRequest(tx, tenantId);
  },
  'survey.responses': async (tx, tenantId) => {
    await seedResponse(tx, tenantId);
  },
  'survey.response_files': async (tx, tenantId) => {
    const [requestId, responseId] = [await seedRequest(tx, tenantId), await seedResponse(tx, tenantId)];
    const fileId = randomUUID();
    await tx.query(
      `INSERT INTO platform.files (tenant_id, id, service, name, content_type, bytes, sha256, storage_key, stored_bytes, key_version, created_at)
       VALUES ($1, $2, 'survey', 'sds.pdf', 'application/pdf', 4, $3, $4, 96, 1, now())`,
      [tenantId, fileId, 'c'.repeat(64), `tenant/${tenantId}/survey/${fileId}`],
    );
    await tx.query(`INSERT INTO survey.response_files (tenant_id, file_id, response_id, request_id, name, bytes, created_at) VALUES ($1, $2, $3, $4, 'sds.pdf', 4, now())`, [
      tenantId,
      fileId,
      responseId,
      requestId,
    ]);
  },
  'survey.request_events': async (tx, tenantId) => {
    const requestId = await seedRequest(tx, tenantId);
    await tx.query(`INSERT INTO survey.request_events (tenant_id, request_id, event, at) VALUES ($1, $2, 'created', now())`, [tenantId, requestId]);
  },
  'survey.upload_links': async (tx, tenantId) => {
    const requestId = await seedRequest(tx, tenantId);
    await tx.query(
      `INSERT INTO survey.upload_links (tenant_id, request_id, token_hash, email, expires_at, created_at) VALUES ($1, $2, $3, 'supplier@seed.example', now() + interval '7 days', now())`,
      [tenantId, requestId, 'd'.repeat(64)],
    );
  },
};
