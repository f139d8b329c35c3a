import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Tx } from '../../../src/core/db/index.js';
import type { ExportContext, ExportItem, ExportRow } from '../../../src/platform/services/index.js';
import { catalogExport } from '../../../src/services/catalog/inquiries/export.js';
import { purgeCatalogData } from '../../../src/services/catalog/inquiries/purge.js';
import { testDatabaseKind } from '../../support/db.js';
import { openCatalogWorld, type CatalogWorld } from './catalogWorld.js';

const CATALOG_TABLES = [
  'catalog.publishers',
  'catalog.publisher_contacts',
  'catalog.products',
  'catalog.product_components',
  'catalog.product_properties',
  'catalog.product_documents',
  'catalog.list_entries',
  'catalog.inquiries',
  'catalog.inquiry_messages',
  'catalog.inquiry_files',
];

describe(`catalog export and purge take the company's own rows only (${testDatabaseKind()})`, () => {
  let world: CatalogWorld;
  let P: string;
  let S: string;
  let F: string;
  const ids: Record<string, string> = {};

  const owner = <R>(sql: string, params: unknown[] = []) => world.tdb.db.ownerTransaction(async (tx) => (await tx.query<R>(sql, params)).rows);

  async function file(tx: Tx, tenantId: string, name: string): Promise<string> {
    const id = randomUUID();
    await tx.query(
      `INSERT INTO platform.files (tenant_id, id, service, name, content_type, bytes, sha256, storage_key, stored_bytes, key_version, created_at)
       VALUES ($1, $2, 'catalog', $3, 'application/pdf', 4, $4, $5, 96, 1, now())`,
      [tenantId, id, name, 'a'.repeat(64), `tenant/${tenantId}/catalog/${id}`],
    );
    return id;
  }
  async function product(tx: Tx, tenantId: string, name: string, status: 'draft' | 'published'): Promise<string> {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO catalog.products (tenant_id, name, category, form, status, published_at, created_at, updated_at)
       VALUES ($1, $2, 'PP', 'pellet', $3, CASE WHEN $3 = 'published' THEN now() END, now(), now()) RETURNING id`,
      [tenantId, name, status],
    );
    return rows[0]!.id;
  }
  async function inquiry(tx: Tx, asker: string, publisher: string, productId: string, subject: string): Promise<string> {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO catalog.inquiries (tenant_id, publisher_tenant_id, publisher_name, product_id, kind, subject, created_at, updated_at, last_message_at)
       VALUES ($1, $2, '相手先', $3, 'question', $4, now(), now(), now()) RETURNING id`,
      [asker, publisher, productId, subject],
    );
    return rows[0]!.id;
  }
  async function message(tx: Tx, tenantId: string, inquiryId: string, body: string): Promise<string> {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO catalog.inquiry_messages (tenant_id, inquiry_id, body, author_name, created_at) VALUES ($1, $2, $3, '担当者', now()) RETURNING id`,
      [tenantId, inquiryId, body],
    );
    return rows[0]!.id;
  }
  const listEntry = (tx: Tx, tenantId: string, productTenantId: string, productId: string, list = 'watching') =>
    tx.query(`INSERT INTO catalog.list_entries (tenant_id, list, product_tenant_id, product_id, added_at) VALUES ($1, $2, $3, $4, now())`, [tenantId, list, productTenantId, productId]);

  beforeAll(async () => {
    world = await openCatalogWorld();
    P = world.publisher.tenant.id;
    S = world.paid.tenant.id;
    F = world.free.tenant.id;
    await world.tdb.db.ownerTransaction(async (tx) => {
      await tx.query(`INSERT INTO catalog.publishers (tenant_id, display_name, created_at, updated_at) VALUES ($1, '東邦樹脂', now(), now())`, [P]);
      await tx.query(`INSERT INTO catalog.publisher_contacts (tenant_id, name, email, created_at) VALUES ($1, '営業部', 'sales@toho.example', now())`, [P]);
      ids.a = await product(tx, P, '公開品A', 'published');
      ids.b = await product(tx, P, '下書きB', 'draft');
      ids.c = await product(tx, S, '有料購読社の公開品C', 'published');
      await tx.query(`INSERT INTO catalog.product_components (tenant_id, product_id, line_no, cas_number, name) VALUES ($1, $2, 1, '9003-07-0', 'ポリプロピレン')`, [P, ids.a]);
      await tx.query(`INSERT INTO catalog.product_components (tenant_id, product_id, line_no, name) VALUES ($1, $2, 1, '成分')`, [S, ids.c]);
      await tx.query(`INSERT INTO catalog.product_properties (tenant_id, product_id, line_no, property_key, name, value_min, unit) VALUES ($1, $2, 1, 'density', '密度', 0.9, 'g/cm3')`, [P, ids.a]);
      ids.docFile = await file(tx, P, 'sds.pdf');
      await tx.query(
        `INSERT INTO catalog.product_documents (tenant_id, product_id, kind, language, doc_version, issued_on, file_id, created_at) VALUES ($1, $2, 'sds', 'ja', '1.0', '2026-04-01', $3, now())`,
        [P, ids.a, ids.docFile],
      );
      await listEntry(tx, P, P, ids.a, 'in_use');
      await listEntry(tx, S, P, ids.a);
      await listEntry(tx, F, P, ids.a, 'in_use');
      // S asks P (P answers); F asks P; P asks S about C (S answers).
      ids.sToP = await inquiry(tx, S, P, ids.a, 'S から P へ');
      ids.sMsg = await message(tx, S, ids.sToP, 'S の質問');
      ids.pAnswer = await message(tx, P, ids.sToP, 'P の回答');
      ids.sFile = await file(tx, S, 'spec.pdf');
      await tx.query(`INSERT INTO catalog.inquiry_files (tenant_id, file_id, inquiry_id, message_id, name, bytes, created_at) VALUES ($1, $2, $3, $4, 'spec.pdf', 4, now())`, [S, ids.sFile, ids.sToP, ids.sMsg]);
      ids.fToP = await inquiry(tx, F, P, ids.a, 'F から P へ');
      ids.fMsg = await message(tx, F, ids.fToP, 'F の質問');
      ids.pToS = await inquiry(tx, P, S, ids.c, 'P から S へ');
      ids.pMsg = await message(tx, P, ids.pToS, 'P の質問');
      ids.sAnswer = await message(tx, S, ids.pToS, 'S の回答');
    });
  });
  afterAll(async () => {
    await world.close();
  });

  async function exported(tenantId: string): Promise<Map<string, { count: number; rows: ExportRow[] }>> {
    const ctx: ExportContext = { tenantId, read: (fn) => withTenant(world.tdb.db, tenantId, fn) };
    const tables = new Map<string, { count: number; rows: ExportRow[] }>();
    const items: ExportItem[] = [];
    for await (const item of catalogExport(ctx)) items.push(item);
    for (const item of items) {
      if (item.kind !== 'table') continue;
      const rows: ExportRow[] = [];
      for await (const batch of item.table.rows()) rows.push(...batch);
      tables.set(item.table.name, { count: await item.table.count(), rows });
    }
    return tables;
  }

  it('exports the publisher’s own rows, not the products, inquiries or messages of others it can see', async () => {
    const t = await exported(P);
    for (const [name, table] of t) expect(table.count, name).toBe(table.rows.length);
    expect(t.get('catalog_publisher_profile')!.rows).toEqual([expect.objectContaining({ tenant_id: P, display_name: '東邦樹脂' })]);
    expect(t.get('catalog_publisher_contacts')!.rows).toHaveLength(1);
    expect(t.get('catalog_products')!.rows.map((r) => r.id).sort()).toEqual([ids.a, ids.b].sort());
    expect(t.get('catalog_product_components')!.rows).toEqual([expect.objectContaining({ product_id: ids.a, cas_number: '9003-07-0' })]);
    expect(t.get('catalog_product_properties')!.rows).toEqual([expect.objectContaining({ product_id: ids.a, property_key: 'density' })]);
    expect(t.get('catalog_product_documents')!.rows).toEqual([
      expect.objectContaining({ product_id: ids.a, kind: 'sds', file_name: 'sds.pdf', archive_path: `files/catalog/${ids.docFile}-sds.pdf` }),
    ]);
    expect(t.get('catalog_list_entries')!.rows).toEqual([expect.objectContaining({ list: 'in_use', product_id: ids.a })]);
    expect(t.get('catalog_inquiries')!.rows.map((r) => r.id)).toEqual([ids.pToS]);
    expect(t.get('catalog_inquiry_messages')!.rows.map((r) => r.id).sort()).toEqual([ids.pAnswer, ids.pMsg].sort());
  });

  it('exports the subscriber’s own rows only, though it reads the publisher’s published product, profile and answers', async () => {
    const t = await exported(S);
    expect(t.get('catalog_publisher_profile')!.rows).toEqual([]);
    expect(t.get('catalog_publisher_contacts')!.count).toBe(0);
    expect(t.get('catalog_products')!.rows.map((r) => r.id)).toEqual([ids.c]);
    expect(t.get('catalog_product_properties')!.rows).toEqual([]);
    expect(t.get('catalog_product_documents')!.rows).toEqual([]);
    expect(t.get('catalog_list_entries')!.rows).toEqual([expect.objectContaining({ list: 'watching', product_tenant_id: P, product_id: ids.a })]);
    expect(t.get('catalog_inquiries')!.rows.map((r) => r.id)).toEqual([ids.sToP]);
    const messages = t.get('catalog_inquiry_messages')!.rows;
    expect(messages.map((r) => r.id).sort()).toEqual([ids.sMsg, ids.sAnswer].sort());
    expect(messages.find((m) => m.id === ids.sMsg)!.attachments).toEqual([`files/catalog/${ids.sFile}-spec.pdf`]);
  });

  it('purges the publisher’s rows children first; others keep theirs, their list entries of its products go with the products', async () => {
    const before = await owner<{ t: string; tenant_id: string; n: number }>(
      CATALOG_TABLES.map((t) => `SELECT '${t}' AS t, tenant_id, count(*)::int AS n FROM ${t} GROUP BY tenant_id`).join(' UNION ALL '),
    );
    const counts = await withTenant(world.tdb.db, P, (tx) => purgeCatalogData(tx, P));
    expect(counts).toMatchObject({
      'catalog.publishers': 1,
      'catalog.publisher_contacts': 1,
      'catalog.products': 2,
      'catalog.product_components': 1,
      'catalog.product_properties': 1,
      'catalog.product_documents': 1,
      'catalog.list_entries': 1,
      'catalog.inquiries': 1,
      'catalog.inquiry_messages': 2,
      'catalog.inquiry_files': 0,
    });
    const after = await owner<{ t: string; tenant_id: string; n: number }>(
      CATALOG_TABLES.map((t) => `SELECT '${t}' AS t, tenant_id, count(*)::int AS n FROM ${t} GROUP BY tenant_id`).join(' UNION ALL '),
    );
    const of = (rows: typeof after, tenantId: string) => Object.fromEntries(rows.filter((r) => r.tenant_id === tenantId).map((r) => [r.t, r.n]));
    expect(of(after, P)).toEqual({});
    // S: its list entry of P's product went with the product; the answer in P's inquiry went with that inquiry.
    expect(of(after, S)).toEqual(withoutZeros({ ...of(before, S), 'catalog.list_entries': 0, 'catalog.inquiry_messages': 1 }));
    expect(of(after, F)).toEqual(withoutZeros({ ...of(before, F), 'catalog.list_entries': 0 }));

    // The subscriber's inquiry to P stays with its own message and attachment; P's answer is gone.
    const thread = await owner<{ id: string }>(`SELECT id FROM catalog.inquiry_messages WHERE inquiry_id = $1`, [ids.sToP]);
    expect(thread.map((m) => m.id)).toEqual([ids.sMsg]);
    expect(await owner(`SELECT file_id FROM catalog.inquiry_files WHERE inquiry_id = $1`, [ids.sToP])).toEqual([{ file_id: ids.sFile }]);
    expect(await owner(`SELECT id FROM catalog.inquiries WHERE id = ANY($1::uuid[]) ORDER BY subject`, [[ids.sToP, ids.fToP, ids.pToS]])).toHaveLength(2);
    expect(await owner(`SELECT id FROM catalog.products WHERE id = $1`, [ids.c])).toHaveLength(1);
  });
});

function withoutZeros(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}
