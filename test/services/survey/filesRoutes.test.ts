import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../../src/core/db/index.js';
import { parseSurveyFile } from '../../../src/services/survey/files/surveyDocument.js';
import type { TestClient } from '../../support/app.js';
import { testDatabaseKind } from '../../support/db.js';
import { billionLaughs, deflatedZeros, rawZip } from './fixtures/malicious.js';
import { openSurveyWorld, type SurveyWorld } from './surveyWorld.js';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name));
const OCTET = { 'content-type': 'application/octet-stream' };

describe(`survey file import and export (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let world: SurveyWorld;
  beforeAll(async () => {
    world = await openSurveyWorld();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const upload = (client: TestClient, url: string, body: Buffer, name: string) => client.request('POST', `${url}?name=${encodeURIComponent(name)}`, body, OCTET);

  const events = (tenantId: string, action: string) =>
    world.tdb.db.ownerTransaction(
      async (tx) =>
        (await tx.query<{ target_id: string; details: Record<string, unknown> }>(`SELECT target_id, details FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2 ORDER BY seq`, [tenantId, action])).rows,
    );

  const products = (tenantId: string) =>
    withTenant(world.tdb.db, tenantId, async (tx) => (await tx.query<{ id: string; product_number: string; name: string; mass_g: string | null; cas_numbers: string[]; version: number; supplier_name: string }>(
      `SELECT id, product_number, name, mass_g, cas_numbers, version, supplier_name FROM survey.products ORDER BY product_number`,
    )).rows);

  it('creates products from a chemSHERPA article file, then updates them by product number', async () => {
    const client = world.requester.memberClient;
    const created = await upload(client, '/api/survey/products/import', fixture('article-ai.xml'), 'panel.shai.xml');
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ created: 1, updated: 0, products: [{ productNumber: 'PNL-100', name: '操作パネル' }] });
    let rows = await products(world.requester.tenant.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ product_number: 'PNL-100', version: 1, supplier_name: '東邦樹脂株式会社' });
    expect(Number(rows[0]!.mass_g)).toBe(152.5);
    expect(rows[0]!.cas_numbers).toEqual(['1309-64-4', '7439-92-1', '7440-50-8', '7440-66-6', '9003-56-9', '9004-34-6']);

    const csv = 'product_number,product_name,part_path,material_name,substance_name,cas,mass_percent\nPNL-100,操作パネル改,本体,鉄,鉄,7439-89-6,100\nNEW-1,新製品,本体,銅,銅,7440-50-8,100\n';
    const again = await client.request('POST', '/api/survey/products/import', Buffer.from(csv), { 'content-type': 'text/csv' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ created: 1, updated: 1 });
    rows = await products(world.requester.tenant.id);
    expect(rows.map((r) => [r.product_number, r.name, r.version, r.cas_numbers])).toEqual([
      ['NEW-1', '新製品', 1, ['7440-50-8']],
      ['PNL-100', '操作パネル改', 2, ['7439-89-6']],
    ]);
    const audit = await events(world.requester.tenant.id, 'survey.product.imported');
    expect(audit).toHaveLength(2);
    expect(audit[1]!.details).toMatchObject({ format: 'spreadsheet', created: 1, updated: 1 });
    // The other tenants saw nothing.
    expect(await products(world.supplier.tenant.id)).toEqual([]);
  });

  it('refuses malicious or broken files with a clear message in the user’s language and writes nothing', async () => {
    const client = world.third.memberClient;
    const en = await world.clientFor(world.third.member, 'en');
    const zeros = await deflatedZeros(1024 ** 3);
    const cases: [Buffer, string, number, string][] = [
      [rawZip([{ name: 'chemSHERPA.xml', data: zeros, method: 8, uncompressedSize: 1024 ** 3 }]), 'bomb.shai', 413, 'survey.file_too_large'],
      [billionLaughs(), 'lol.xml', 400, 'survey.file_xml_doctype'],
      [rawZip([{ name: '../x.xml', data: fixture('mixture-ci.xml'), method: 0, uncompressedSize: fixture('mixture-ci.xml').length }]), 'evil.zip', 400, 'survey.file_unsafe_path'],
      [Buffer.from('<?xml version="1.0"?><html/>'), 'a.xml', 400, 'survey.file_wrong_root'],
      [randomBytes(1024), 'junk.bin', 415, 'survey.file_unsupported'],
      [Buffer.from(fixture('mixture-ci.xml').toString('utf8').replace('<MassPercent massPercent="3"/>', '')), 'ci.xml', 400, 'survey.file_substance_invalid'],
    ];
    for (const [body, name, status, code] of cases) {
      const res = await upload(client, '/api/survey/products/import', body, name);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toMatch(/[ぁ-んァ-ン]/);
    }
    const english = await upload(en, '/api/survey/products/import', billionLaughs(), 'lol.xml');
    expect(english.json().error.message).toBe('For safety, XML with a DOCTYPE or ENTITY declaration is not read. Export the file again without it.');
    const started = performance.now();
    const junk = await upload(client, '/api/survey/products/import', randomBytes(50 * 1024 * 1024), 'junk.zip');
    expect(junk.statusCode).toBe(413);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await products(world.third.tenant.id)).toEqual([]);
    expect(await events(world.third.tenant.id, 'survey.product.imported')).toEqual([]);
  });

  it('refuses import to a reviewer (no write permission)', async () => {
    const res = await upload(world.requester.reviewerClient, '/api/survey/products/import', fixture('mixture-ci.xml'), 'ci.xml');
    expect(res.statusCode).toBe(403);
  });

  it('exports a product in every format, each read back to the same composition; another tenant gets 404', async () => {
    const [product] = (await products(world.requester.tenant.id)).filter((p) => p.product_number === 'NEW-1');
    const original = (await parseSurveyFile(fixture('article-ai.xml'), 'a.xml')).products[0]!;
    await upload(world.requester.memberClient, '/api/survey/products/import', fixture('article-ai.xml'), 'a.xml');
    const panel = (await products(world.requester.tenant.id)).find((p) => p.product_number === 'PNL-100')!;
    for (const [format, name, type] of [
      ['chemsherpa', 'PNL-100.shai', 'application/zip'],
      ['iec62474', 'PNL-100.xml', 'application/xml'],
      ['ipc1752a_d', 'PNL-100-ipc1752a-d.xml', 'application/xml'],
      ['csv', 'PNL-100.csv', 'text/csv; charset=utf-8'],
      ['xlsx', 'PNL-100.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ] as const) {
      const res = await world.requester.reviewerClient.get(`/api/survey/products/${panel.id}/export?format=${format}`);
      expect(res.statusCode, `${format}: ${res.body.slice(0, 200)}`).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['content-disposition']).toContain(name);
      const doc = await parseSurveyFile(res.rawPayload, name);
      expect(doc.products[0]!.productNumber).toBe('PNL-100');
      if (format === 'chemsherpa' || format === 'iec62474') {
        expect(doc.products[0]!.composition).toEqual(original.composition);
        expect(doc.businessInfo?.supplyCompany?.name).toBe('日本電機株式会社');
      }
    }
    expect(product).toBeDefined();
    for (const client of [world.supplier.adminClient, world.third.reviewerClient]) {
      const res = await client.get(`/api/survey/products/${panel.id}/export?format=csv`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('survey.file_product_not_found');
    }
  });

  /** A request from the requester to the supplier, sent, with a draft response of the supplier. */
  async function draftResponse(status = 'draft'): Promise<{ requestId: string; responseId: string }> {
    const now = world.clock.now();
    const items = [
      { key: 'i1', productNumber: 'REQ-CON-20', name: 'コネクタ', supplierProductNumber: 'CON-20P' },
      { key: 'i2', productNumber: 'PNL-100', name: '操作パネル', supplierProductNumber: '' },
    ];
    const requestId = await withTenant(world.tdb.db, world.requester.tenant.id, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO survey.requests (tenant_id, requester_name, supplier_tenant_id, supplier_name, title, items, format_wanted, respond_by, status, created_at, sent_at, updated_at)
         VALUES ($1, '日本電機株式会社', $2, '東邦樹脂株式会社', '2026年度 含有調査', $3::jsonb, 'any', '2026-12-20', 'sent', $4, $4, $4) RETURNING id`,
        [world.requester.tenant.id, world.supplier.tenant.id, JSON.stringify(items), now],
      );
      return rows[0]!.id;
    });
    const responseId = await withTenant(world.tdb.db, world.supplier.tenant.id, async (tx) => {
      const products = items.map((i) => ({ key: i.key, productNumber: i.productNumber, name: i.name, massG: null, composition: { parts: [] } }));
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO survey.responses (tenant_id, request_id, request_tenant_id, status, products, responder_company, drafted_by, drafted_by_name, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, '東邦樹脂株式会社', $6, 'メンバー', $7, $7) RETURNING id`,
        [world.supplier.tenant.id, requestId, world.requester.tenant.id, status, JSON.stringify(products), world.supplier.member.id, now],
      );
      return rows[0]!.id;
    });
    return { requestId, responseId };
  }

  it('fills a draft response from files matched by the requester’s or the supplier’s product number, with declarations', async () => {
    const { responseId } = await draftResponse();
    const client = world.supplier.memberClient;
    const first = await upload(client, `/api/survey/responses/${responseId}/import`, fixture('ipc-class-d.xml'), 'con.xml');
    expect(first.statusCode, first.body).toBe(200);
    const { response } = first.json() as { response: { products: { key: string; massG: number | null; composition: { parts: unknown[] } }[]; compliance: unknown[]; version: number } };
    expect(response.products[0]).toMatchObject({ key: 'i1', massG: 3.2 });
    expect(response.products[0]!.composition.parts).toHaveLength(1);
    expect(response.products[1]!.composition.parts).toEqual([]);
    expect(response.compliance).toEqual([{ listCode: 'EUROHS-2015', listName: 'IPC EUROHS-2015', versionLabel: '', declarations: [{ name: 'Lead', cas: null, aboveThreshold: false, massPercent: null, exemption: null }] }]);
    expect(response.version).toBe(2);

    const second = await upload(client, `/api/survey/responses/${responseId}/import`, fixture('article-ai.xml'), 'panel.xml');
    expect(second.statusCode, second.body).toBe(200);
    const filled = second.json().response as { products: { massG: number | null }[]; compliance: { listCode: string; declarations: { name: string; cas: string | null; aboveThreshold: boolean; exemption: string | null }[] }[] };
    expect(filled.products.map((p) => p.massG)).toEqual([3.2, 152.5]);
    expect(filled.compliance[0]).toMatchObject({ listCode: 'D29.00', versionLabel: '29.00' });
    expect(filled.compliance[0]!.declarations[0]).toMatchObject({ name: '鉛及びその化合物', aboveThreshold: true, exemption: 'EU RoHS 6(c)' });
    expect(await events(world.supplier.tenant.id, 'survey.response.imported')).toHaveLength(2);

    const csv = 'product_number,product_name,part_path,material_name,substance_name,cas,mass_percent\nOTHER-9,x,本体,鉄,鉄,7439-89-6,100\n';
    const unmatched = await client.request('POST', `/api/survey/responses/${responseId}/import`, Buffer.from(csv), { 'content-type': 'text/csv' });
    expect(unmatched.statusCode).toBe(422);
    expect(unmatched.json().error.code).toBe('survey.file_products_unmatched');
    expect(unmatched.json().error.message).toContain('OTHER-9');
    expect(await events(world.supplier.tenant.id, 'survey.response.imported')).toHaveLength(2);

    // The supplier exports its response; the requester cannot see it before it is sent.
    const exported = await world.supplier.reviewerClient.get(`/api/survey/responses/${responseId}/export?format=chemsherpa`);
    expect(exported.statusCode).toBe(200);
    const doc = await parseSurveyFile(exported.rawPayload, 'r.shai');
    expect(doc.products.map((p) => p.productNumber)).toEqual(['REQ-CON-20', 'PNL-100']);
    expect(doc.businessInfo).toMatchObject({ supplyCompany: { name: '東邦樹脂株式会社' }, requestCompany: { name: '日本電機株式会社' } });
    expect(doc.products[1]!.compliance![0]!.entries[0]).toMatchObject({ aboveThreshold: true, exemptions: ['EU RoHS 6(c)'] });
    for (const other of [world.requester.adminClient, world.third.adminClient]) {
      expect((await other.get(`/api/survey/responses/${responseId}/export?format=csv`)).statusCode).toBe(404);
    }
  });

  it('answers 404 for another tenant’s response and 409 for one no longer a draft, changing nothing', async () => {
    const { responseId } = await draftResponse();
    for (const client of [world.requester.memberClient, world.third.memberClient]) {
      const res = await upload(client, `/api/survey/responses/${responseId}/import`, fixture('ipc-class-d.xml'), 'con.xml');
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('survey.file_response_not_found');
    }
    const inReview = await draftResponse('in_review');
    const res = await upload(world.supplier.memberClient, `/api/survey/responses/${inReview.responseId}/import`, fixture('ipc-class-d.xml'), 'con.xml');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('survey.file_response_not_editable');
    const versions = await withTenant(world.tdb.db, world.supplier.tenant.id, async (tx) =>
      (await tx.query<{ version: number }>(`SELECT version FROM survey.responses WHERE id = ANY($1::uuid[]) ORDER BY id`, [[responseId, inReview.responseId]])).rows,
    );
    expect(versions.map((v) => v.version)).toEqual([1, 1]);
  });
});
