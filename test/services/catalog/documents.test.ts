import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentView, ProductView } from '../../../src/services/catalog/products/productView.js';
import type { TestClient } from '../../support/app.js';
import { testDatabaseKind } from '../../support/db.js';
import { openCatalogWorld, type CatalogWorld } from './catalogWorld.js';
import { catalogState, createProduct, eventsOf, hasKey, ok } from './productsFixture.js';

const PDF = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'utf8');

describe(`catalog product documents (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let world: CatalogWorld;
  let product: ProductView;
  let draft: ProductView;
  const docs = {} as Record<'sds1' | 'sds2' | 'tds', DocumentView>;
  beforeAll(async () => {
    world = await openCatalogWorld();
    product = await createProduct(world.publisher.editorClient, { name: '資料付き製品' });
    draft = await createProduct(world.publisher.editorClient, { name: '資料付き下書き' });
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const upload = (client: TestClient, productId: string, query: string, body: Buffer, name: string) =>
    client.request('POST', `/api/catalog/products/${productId}/documents?${query}`, body, { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) });
  const fileRows = (tenantId: string) =>
    world.tdb.db.ownerTransaction(async (tx) => (await tx.query<{ id: string; deleted_at: unknown }>('SELECT id, deleted_at FROM platform.files WHERE tenant_id = $1 ORDER BY created_at', [tenantId])).rows);

  it('uploads documents; a new version supersedes the current one of its kind and language', async () => {
    const client = world.publisher.editorClient;
    docs.sds1 = ok<{ document: DocumentView }>(await upload(client, product.id, 'kind=sds&language=ja&docVersion=1.0&issuedOn=2026-04-01', PDF('sds v1'), 'SDS 第1版.pdf'), 201).document;
    expect(docs.sds1).toMatchObject({ kind: 'sds', language: 'ja', docVersion: '1.0', issuedOn: '2026-04-01', fileName: 'SDS 第1版.pdf', isCurrent: true, bytes: PDF('sds v1').length });
    docs.sds2 = ok<{ document: DocumentView }>(await upload(client, product.id, 'kind=sds&language=ja&docVersion=2.0&issuedOn=2026-10-01', PDF('sds v2'), 'SDS 第2版.pdf'), 201).document;
    docs.tds = ok<{ document: DocumentView }>(await upload(client, product.id, 'kind=tds&language=en&docVersion=A&issuedOn=2026-05-01', PDF('tds'), 'TDS.pdf'), 201).document;
    const current = ok<{ documents: DocumentView[] }>(await client.get(`/api/catalog/products/${product.id}/documents`)).documents;
    expect(current.map((d) => [d.kind, d.docVersion, d.isCurrent])).toEqual([
      ['sds', '2.0', true],
      ['tds', 'A', true],
    ]);
    const all = ok<{ documents: DocumentView[] }>(await client.get(`/api/catalog/products/${product.id}/documents?all=true`)).documents;
    expect(all.map((d) => [d.kind, d.docVersion, d.isCurrent, d.fileName])).toEqual([
      ['sds', '2.0', true, 'SDS 第2版.pdf'],
      ['sds', '1.0', false, 'SDS 第1版.pdf'],
      ['tds', 'A', true, 'TDS.pdf'],
    ]);
    const own = ok<{ product: ProductView }>(await client.get(`/api/catalog/products/${product.id}`)).product;
    expect(own.documentKinds).toEqual(['sds', 'tds']);
    expect(own.documents?.map((d) => d.id)).toEqual([docs.sds2.id, docs.tds.id]);
    const events = await eventsOf(world, world.publisher.tenant.id, 'catalog.document.added');
    expect(events.map((e) => [e.target_id, e.details.kind, e.details.docVersion, e.details.productId])).toEqual([
      [docs.sds1.id, 'sds', '1.0', product.id],
      [docs.sds2.id, 'sds', '2.0', product.id],
      [docs.tds.id, 'tds', 'A', product.id],
    ]);
    ok(await upload(client, draft.id, 'kind=coa&language=ja&docVersion=1&issuedOn=2026-04-01', PDF('coa'), 'CoA.pdf'), 201);
    ok(await client.post(`/api/catalog/products/${product.id}/publish`, { version: product.version }));
  });

  it('refuses bad document details, other companies’ products and archived ones, storing nothing', async () => {
    const before = await catalogState(world, world.publisher.tenant.id);
    const files = await fileRows(world.publisher.tenant.id);
    const bad = await upload(world.publisher.editorClient, product.id, 'kind=msds&language=JA&docVersion=1&issuedOn=2026-02-30', PDF('x'), 'x.pdf');
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json() as { error: { fields: Record<string, string> } }).error.fields;
    expect(fields.kind).toBe('選択肢から選んでください。');
    expect(fields.language).toBe('言語は ja、en のような英小文字2文字で指定してください。');
    expect(fields.issuedOn).toBe('日付は 2026-04-01 の形式で入力してください。');
    expect(await catalogState(world, world.publisher.tenant.id)).toEqual(before);
    expect(await fileRows(world.publisher.tenant.id)).toEqual(files);

    const paidFiles = await fileRows(world.paid.tenant.id);
    const foreign = await upload(world.paid.editorClient, product.id, 'kind=sds&language=ja&docVersion=9&issuedOn=2026-04-01', PDF('x'), 'x.pdf');
    expect(foreign.statusCode).toBe(404);
    expect(await fileRows(world.paid.tenant.id)).toEqual(paidFiles);

    const archived = await createProduct(world.publisher.editorClient, { name: 'アーカイブ予定' });
    const pub = ok<{ product: ProductView }>(await world.publisher.editorClient.post(`/api/catalog/products/${archived.id}/publish`, { version: 1 })).product;
    ok(await world.publisher.editorClient.post(`/api/catalog/products/${archived.id}/archive`, { version: pub.version }));
    const filesBefore = await fileRows(world.publisher.tenant.id);
    const toArchived = await upload(world.publisher.editorClient, archived.id, 'kind=sds&language=ja&docVersion=1&issuedOn=2026-04-01', PDF('x'), 'x.pdf');
    expect(toArchived.statusCode).toBe(409);
    expect(toArchived.json().error.code).toBe('catalog.product_not_editable');
    expect(await fileRows(world.publisher.tenant.id)).toEqual(filesBefore);
  });

  it('gives paid readers the current documents and every version, and the file, recorded in the reader’s log', async () => {
    const view = ok<{ product: ProductView }>(await world.paid.viewerClient.get(`/api/catalog/products/${product.id}`)).product;
    expect(view.access).toBe('full');
    expect(view.documents?.map((d) => [d.kind, d.docVersion, d.fileName, d.bytes])).toEqual([
      ['sds', '2.0', 'SDS 第2版.pdf', PDF('sds v2').length],
      ['tds', 'A', 'TDS.pdf', PDF('tds').length],
    ]);
    const all = ok<{ documents: DocumentView[] }>(await world.paid.viewerClient.get(`/api/catalog/products/${product.id}/documents?all=true`)).documents;
    expect(all).toHaveLength(3);
    const publisherEvents = (await eventsOf(world, world.publisher.tenant.id, 'files.file.downloaded')).length;
    const res = await world.paid.viewerClient.get(`/api/catalog/documents/${docs.sds1.id}/download`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.rawPayload.equals(PDF('sds v1'))).toBe(true);
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('SDS 第1版.pdf'));
    expect(res.headers['cache-control']).toBe('private, no-store');
    const [event] = await eventsOf(world, world.paid.tenant.id, 'catalog.document.downloaded');
    expect(event).toMatchObject({ target_id: docs.sds1.id, actor_id: world.paid.viewer.id, details: { publisherTenantId: world.publisher.tenant.id, productId: product.id, kind: 'sds' } });
    expect(await eventsOf(world, world.publisher.tenant.id, 'catalog.document.downloaded')).toEqual([]);
    expect((await eventsOf(world, world.publisher.tenant.id, 'files.file.downloaded')).length).toBe(publisherEvents);
    const ownDownload = await world.publisher.viewerClient.get(`/api/catalog/documents/${docs.tds.id}/download`);
    expect(ownDownload.rawPayload.equals(PDF('tds'))).toBe(true);
  });

  it('gives free readers neither documents nor files, and nobody else another company’s draft documents', async () => {
    const freeProduct = await world.free.viewerClient.get(`/api/catalog/products/${product.id}`);
    expect(freeProduct.statusCode).toBe(200);
    expect(hasKey(freeProduct.body, 'documents')).toBe(false);
    expect(hasKey(freeProduct.body, 'properties')).toBe(false);
    expect((freeProduct.json() as { product: ProductView }).product.documentKinds).toEqual(['sds', 'tds']);
    const list = await world.free.viewerClient.get(`/api/catalog/products/${product.id}/documents?all=true`);
    expect(list.statusCode).toBe(403);
    expect(list.json().error.code).toBe('catalog.paid_only');
    expect(hasKey(list.body, 'documents')).toBe(false);
    const download = await world.free.viewerClient.get(`/api/catalog/documents/${docs.sds2.id}/download`);
    expect(download.statusCode).toBe(404);
    expect(await eventsOf(world, world.free.tenant.id, 'catalog.document.downloaded')).toEqual([]);

    const draftDocs = ok<{ documents: DocumentView[] }>(await world.publisher.viewerClient.get(`/api/catalog/products/${draft.id}/documents`)).documents;
    expect(draftDocs).toHaveLength(1);
    expect((await world.paid.viewerClient.get(`/api/catalog/products/${draft.id}/documents`)).statusCode).toBe(404);
    expect((await world.paid.viewerClient.get(`/api/catalog/documents/${draftDocs[0]!.id}/download`)).statusCode).toBe(404);
  });

  it('deletes a draft’s document files with the draft', async () => {
    const before = (await fileRows(world.publisher.tenant.id)).filter((f) => f.deleted_at === null).length;
    expect((await world.publisher.editorClient.request('DELETE', `/api/catalog/products/${draft.id}`)).statusCode).toBe(204);
    expect((await fileRows(world.publisher.tenant.id)).filter((f) => f.deleted_at === null).length).toBe(before - 1);
    expect((await eventsOf(world, world.publisher.tenant.id, 'catalog.product.deleted')).at(-1)?.details).toEqual({ name: '資料付き下書き', documents: 1 });
  });
});
