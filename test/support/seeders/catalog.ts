import { randomUUID } from 'node:crypto';
import type { Tx } from '../../../src/core/db/index.js';
import type { Seeder } from '../tenantRows.js';

/**
 * The tenant's seed product, a draft (made once per tenant and reused). Drafts are what the
 * cross-tenant matrix needs: a published product is meant to be read by other catalog tenants,
 * which test/services/catalog proves separately.
 */
async function draftProduct(tx: Tx, tenantId: string): Promise<string> {
  const found = await tx.query<{ id: string }>(`SELECT id FROM catalog.products WHERE tenant_id = $1 AND name = 'シード樹脂'`, [tenantId]);
  if (found.rows[0]) return found.rows[0].id;
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO catalog.products (tenant_id, name, grade, category, form, created_at, updated_at)
     VALUES ($1, 'シード樹脂', 'S-100', 'PP', 'pellet', now(), now()) RETURNING id`,
    [tenantId],
  );
  return rows[0]!.id;
}

async function ownInquiry(tx: Tx, tenantId: string): Promise<string> {
  const found = await tx.query<{ id: string }>(`SELECT id FROM catalog.inquiries WHERE tenant_id = $1 AND subject = 'シード問い合わせ'`, [tenantId]);
  if (found.rows[0]) return found.rows[0].id;
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO catalog.inquiries (tenant_id, publisher_tenant_id, kind, subject, created_at, updated_at, last_message_at)
     VALUES ($1, $1, 'question', 'シード問い合わせ', now(), now(), now()) RETURNING id`,
    [tenantId],
  );
  return rows[0]!.id;
}

export const seeders: Record<string, Seeder> = {
  'catalog.publishers': async (tx, tenantId) => {
    await tx.query(`INSERT INTO catalog.publishers (tenant_id, display_name, created_at, updated_at) VALUES ($1, 'シード化学', now(), now())`, [tenantId]);
  },
  'catalog.publisher_contacts': async (tx, tenantId) => {
    await tx.query(`INSERT INTO catalog.publisher_contacts (tenant_id, name, email, created_at) VALUES ($1, '営業窓口', 'sales@seed.example', now())`, [tenantId]);
  },
  'catalog.products': async (tx, tenantId) => {
    await draftProduct(tx, tenantId);
  },
  'catalog.product_components': async (tx, tenantId) => {
    const productId = await draftProduct(tx, tenantId);
    await tx.query(`INSERT INTO catalog.product_components (tenant_id, product_id, line_no, cas_number, name, min_pct, max_pct) VALUES ($1, $2, 1, '9003-07-0', 'ポリプロピレン', 95, 100)`, [tenantId, productId]);
  },
  'catalog.product_properties': async (tx, tenantId) => {
    const productId = await draftProduct(tx, tenantId);
    await tx.query(
      `INSERT INTO catalog.product_properties (tenant_id, product_id, line_no, property_key, name, value_min, unit, canonical_unit, canonical_min, test_method)
       VALUES ($1, $2, 1, 'density', '密度', 0.9, 'g/cm3', 'g/cm3', 0.9, 'ISO 1183')`,
      [tenantId, productId],
    );
  },
  'catalog.product_documents': async (tx, tenantId) => {
    const productId = await draftProduct(tx, tenantId);
    const fileId = randomUUID();
    await tx.query(
      `INSERT INTO platform.files (tenant_id, id, service, name, content_type, bytes, sha256, storage_key, stored_bytes, key_version, created_at)
       VALUES ($1, $2, 'catalog', 'sds.pdf', 'application/pdf', 4, $3, $4, 96, 1, now())`,
      [tenantId, fileId, 'b'.repeat(64), `tenant/${tenantId}/catalog/${fileId}`],
    );
    await tx.query(
      `INSERT INTO catalog.product_documents (tenant_id, product_id, kind, language, doc_version, issued_on, file_id, created_at)
       VALUES ($1, $2, 'sds', 'ja', '1.0', '2026-04-01', $3, now())`,
      [tenantId, productId, fileId],
    );
  },
  'catalog.list_entries': async (tx, tenantId) => {
    const productId = await draftProduct(tx, tenantId);
    await tx.query(`INSERT INTO catalog.list_entries (tenant_id, list, product_tenant_id, product_id, added_at) VALUES ($1, 'watching', $1, $2, now())`, [tenantId, productId]);
  },
  'catalog.inquiries': async (tx, tenantId) => {
    await ownInquiry(tx, tenantId);
  },
  'catalog.inquiry_messages': async (tx, tenantId) => {
    const inquiryId = await ownInquiry(tx, tenantId);
    await tx.query(`INSERT INTO catalog.inquiry_messages (tenant_id, inquiry_id, body, author_name, created_at) VALUES ($1, $2, 'サンプルを希望します。', 'シード太郎', now())`, [tenantId, inquiryId]);
  },
  'catalog.inquiry_files': async (tx, tenantId) => {
    const inquiryId = await ownInquiry(tx, tenantId);
    const fileId = randomUUID();
    await tx.query(
      `INSERT INTO platform.files (tenant_id, id, service, name, content_type, bytes, sha256, storage_key, stored_bytes, key_version, created_at)
       VALUES ($1, $2, 'catalog', 'quote.pdf', 'application/pdf', 4, $3, $4, 96, 1, now())`,
      [tenantId, fileId, 'c'.repeat(64), `tenant/${tenantId}/catalog/${fileId}`],
    );
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO catalog.inquiry_messages (tenant_id, inquiry_id, body, attachment_file_ids, author_name, created_at)
       VALUES ($1, $2, '見積書を添付します。', ARRAY[$3::uuid], 'シード花子', now()) RETURNING id`,
      [tenantId, inquiryId, fileId],
    );
    await tx.query(
      `INSERT INTO catalog.inquiry_files (tenant_id, file_id, inquiry_id, message_id, name, bytes, created_at) VALUES ($1, $2, $3, $4, 'quote.pdf', 4, now())`,
      [tenantId, fileId, inquiryId, rows[0]!.id],
    );
  },
};
