import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductView } from '../../../src/services/catalog/products/productView.js';
import { testDatabaseKind } from '../../support/db.js';
import { buildTenant, buildUser } from '../../support/factories.js';
import { openCatalogWorld, setCatalogPlan, type CatalogWorld } from './catalogWorld.js';
import { catalogState, createProduct, eventsOf, hasKey, ok, productInput, publishedProduct } from './productsFixture.js';

const PRODUCT_ID = '00000000-0000-4000-8000-000000000001';

describe(`catalog products (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let world: CatalogWorld;
  beforeAll(async () => {
    world = await openCatalogWorld();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const productRow = async (id: string) =>
    world.tdb.db.ownerTransaction(async (tx) => (await tx.query<Record<string, unknown>>('SELECT * FROM catalog.products WHERE id = $1', [id])).rows[0]);

  it('tells each company its plan', async () => {
    expect(ok(await world.publisher.viewerClient.get('/api/catalog/plan'))).toEqual({ plan: { publisher: true, subscription: 'free' } });
    expect(ok(await world.paid.viewerClient.get('/api/catalog/plan'))).toEqual({ plan: { publisher: false, subscription: 'paid' } });
    expect(ok(await world.free.adminClient.get('/api/catalog/plan'))).toEqual({ plan: { publisher: false, subscription: 'free' } });
  });

  it('lists the fixed categories and the property keys with canonical units', async () => {
    const { categories } = ok<{ categories: { code: string; group: string; name: { ja: string; en: string } }[] }>(await world.free.viewerClient.get('/api/catalog/categories'));
    expect(categories.find((c) => c.code === 'PA6')).toEqual({ code: 'PA6', group: 'polymer', name: { ja: 'ポリアミド6（ナイロン6）', en: 'Polyamide 6' } });
    expect(categories.find((c) => c.code === 'PIGMENT')).toMatchObject({ group: 'chemical', name: { ja: '顔料' } });
    for (const c of categories) expect(c.code).toMatch(/^[A-Za-z0-9+/()-]{1,20}$/);
    const { keys } = ok<{ keys: { key: string; unit: string; name: { ja: string } }[] }>(await world.free.viewerClient.get('/api/catalog/properties/keys'));
    expect(keys.find((k) => k.key === 'density')).toEqual({ key: 'density', name: { ja: '密度', en: 'Density' }, unit: 'g/cm3' });
    expect(keys.find((k) => k.key === 'flammability')?.unit).toBe('');
  });

  it('creates a draft with normalised CAS numbers, canonical property values and search columns, and records it', async () => {
    const product = await createProduct(world.publisher.editorClient);
    expect(product).toMatchObject({
      tenantId: world.publisher.tenant.id,
      own: true,
      access: 'full',
      status: 'draft',
      publishedAt: null,
      category: 'PP',
      version: 1,
      remarks: '社内メモ: 2026年度の主力',
      labels: ['主力'],
      lists: [],
      documentKinds: [],
      documents: [],
    });
    expect(product.components).toEqual([
      { casNumber: '9003-07-0', name: 'ポリプロピレン', minPct: 95, maxPct: 100 },
      { casNumber: '14807-96-6', name: 'タルク', minPct: 0, maxPct: 5 },
    ]);
    expect(product.properties?.map((p) => [p.key, p.valueMin, p.valueMax, p.unit, p.valueText])).toEqual([
      ['density', 900, 910, 'kg/m3', ''],
      ['mfr', 11, 11, 'g/10min', ''],
      ['hdt', 212, null, '°F', ''],
      ['flammability', null, null, '', 'HB'],
    ]);
    const canonical = await world.tdb.db.ownerTransaction(
      async (tx) => (await tx.query<{ property_key: string; canonical_unit: string; canonical_min: number | null; canonical_max: number | null }>('SELECT property_key, canonical_unit, canonical_min, canonical_max FROM catalog.product_properties WHERE product_id = $1 ORDER BY line_no', [product.id])).rows,
    );
    expect(canonical).toEqual([
      { property_key: 'density', canonical_unit: 'g/cm3', canonical_min: 0.9, canonical_max: 0.91 },
      { property_key: 'mfr', canonical_unit: 'g/10min', canonical_min: 11, canonical_max: 11 },
      { property_key: 'hdt', canonical_unit: '°C', canonical_min: 100, canonical_max: null },
      { property_key: 'flammability', canonical_unit: '', canonical_min: null, canonical_max: null },
    ]);
    const row = await productRow(product.id);
    expect(row?.cas_numbers).toEqual(['9003-07-0', '14807-96-6']);
    expect(String(row?.search_text).split('\n').slice(0, 3)).toEqual(['のばてっくpp 射出成形ぐれーど', 'novatec pp injection grade', 'ma3']);
    expect(row?.search_tokens).toEqual(expect.arrayContaining(['自動', '動車', '14', '9003-07-0'.slice(0, 2)]));
    const events = await eventsOf(world, world.publisher.tenant.id, 'catalog.product.created');
    expect(events.at(-1)).toMatchObject({ target_id: product.id, actor_id: world.publisher.editor.id, details: { name: 'ノバテックPP 射出成形グレード', category: 'PP' } });
  });

  it('refuses bad input with a message in the user’s language naming the field and row, and changes nothing', async () => {
    const before = await catalogState(world, world.publisher.tenant.id);
    const bad = productInput({
      category: 'XYZ',
      components: [
        { casNumber: '9003-07-0', name: 'ポリプロピレン' },
        { casNumber: '9003-07-1', name: '誤り' },
      ],
      properties: [
        { key: 'density', name: '密度', valueMin: 0.9, unit: 'psi' },
        { key: 'colour_index', name: '色', valueText: '白' },
        { key: 'flammability', name: '難燃性', valueMin: 1 },
      ],
    });
    const res = await world.publisher.editorClient.post('/api/catalog/products', bad);
    expect(res.statusCode, res.body).toBe(400);
    const { error } = res.json() as { error: { code: string; message: string; fields: Record<string, string> } };
    expect(error.code).toBe('validation.failed');
    expect(error.message).toBe('入力内容に誤りがあります。各項目のメッセージを確認してください。');
    expect(error.fields.category).toContain('この分類は登録されていません');
    expect(error.fields['components.1.casNumber']).toContain('2行目の成分のCAS番号が正しくありません');
    expect(error.fields['components.0.casNumber']).toBeUndefined();
    expect(error.fields['properties.0.unit']).toBe('1行目の物性: この項目の単位は g/cm3, kg/m3 のいずれかで入力してください。');
    expect(error.fields['properties.1.key']).toContain('2行目の物性');
    expect(error.fields['properties.2.valueText']).toContain('3行目の物性');
    const en = await world.clientFor(world.publisher.editor, 'en');
    const english = (await en.post('/api/catalog/products', bad)).json() as { error: { fields: Record<string, string> } };
    expect(english.error.fields['components.1.casNumber']).toBe('The CAS number of component row 2 is not valid. Enter it like 9003-07-0 and check the last (check) digit.');
    const missing = await world.publisher.editorClient.post('/api/catalog/products', { category: 'PP', form: 'pellet' });
    expect(missing.statusCode).toBe(400);
    expect((missing.json() as { error: { fields: Record<string, string> } }).error.fields.name).toBe('入力してください。');
    expect(await catalogState(world, world.publisher.tenant.id)).toEqual(before);
  });

  it('updates a product at the version read, recording what changed; a stale version is a conflict', async () => {
    const product = await createProduct(world.publisher.editorClient);
    const updated = ok<{ product: ProductView }>(
      await world.publisher.editorClient.request('PUT', `/api/catalog/products/${product.id}`, productInput({ name: 'ノバテックPP 改良品', components: [{ casNumber: '9003-07-0', name: 'ポリプロピレン' }], version: 1 })),
    ).product;
    expect(updated).toMatchObject({ name: 'ノバテックPP 改良品', version: 2 });
    expect(updated.components).toHaveLength(1);
    expect((await productRow(product.id))?.cas_numbers).toEqual(['9003-07-0']);
    const before = await catalogState(world, world.publisher.tenant.id);
    const stale = await world.publisher.editorClient.request('PUT', `/api/catalog/products/${product.id}`, productInput({ version: 1 }));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
    const noVersion = await world.publisher.editorClient.request('PUT', `/api/catalog/products/${product.id}`, productInput());
    expect(noVersion.statusCode).toBe(400);
    expect(await catalogState(world, world.publisher.tenant.id)).toEqual(before);
    const event = (await eventsOf(world, world.publisher.tenant.id, 'catalog.product.updated')).at(-1);
    expect(event).toMatchObject({ target_id: product.id, details: { name: 'ノバテックPP 改良品', fields: ['name', 'components'] } });
    expect(event?.changes).toMatchObject({ before: { name: 'ノバテックPP 射出成形グレード' }, after: { name: 'ノバテックPP 改良品' } });
  });

  it('moves products through draft, published and archived, refusing illegal steps with 409', async () => {
    const client = world.publisher.editorClient;
    const draft = await createProduct(client, { name: '状態遷移テスト' });
    const step = (name: string, version: number) => client.post(`/api/catalog/products/${draft.id}/${name}`, { version });
    const published = ok<{ product: ProductView }>(await step('publish', 1)).product;
    expect(published).toMatchObject({ status: 'published', version: 2, publishedAt: '2026-11-26T01:00:00.000Z' });
    const again = await step('publish', 2);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'catalog.transition_invalid', message: 'この製品は「公開中」のため、「公開中」にはできません。画面を再読み込みして状態を確認してください。' });
    expect((await step('restore', 2)).statusCode).toBe(409);
    const deletePublished = await client.request('DELETE', `/api/catalog/products/${draft.id}`);
    expect(deletePublished.statusCode).toBe(409);
    expect(deletePublished.json().error.code).toBe('catalog.product_not_deletable');
    expect(ok<{ product: ProductView }>(await step('archive', 2)).product.status).toBe('archived');
    const edit = await client.request('PUT', `/api/catalog/products/${draft.id}`, productInput({ version: 3 }));
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('catalog.product_not_editable');
    expect((await step('unpublish', 3)).statusCode).toBe(409);
    expect(ok<{ product: ProductView }>(await step('restore', 3)).product.status).toBe('draft');
    expect((await step('archive', 4)).statusCode).toBe(409);
    expect(ok<{ product: ProductView }>(await step('publish', 4)).product.status).toBe('published');
    expect(ok<{ product: ProductView }>(await step('unpublish', 5)).product.status).toBe('draft');
    expect((await step('publish', 5)).statusCode).toBe(409);
    expect((await client.request('DELETE', `/api/catalog/products/${draft.id}`)).statusCode).toBe(204);
    expect((await client.get(`/api/catalog/products/${draft.id}`)).statusCode).toBe(404);
    for (const action of ['published', 'archived', 'restored', 'unpublished', 'deleted']) {
      const events = await eventsOf(world, world.publisher.tenant.id, `catalog.product.${action}`);
      expect(events.filter((e) => e.target_id === draft.id).length, action).toBeGreaterThan(0);
    }
    const published2 = (await eventsOf(world, world.publisher.tenant.id, 'catalog.product.published')).filter((e) => e.target_id === draft.id);
    expect(published2.map((e) => e.details)).toEqual([
      { name: '状態遷移テスト', from: 'draft', to: 'published' },
      { name: '状態遷移テスト', from: 'draft', to: 'published' },
    ]);
  });

  it('refuses to publish for a company without the publisher contract', async () => {
    const draft = await createProduct(world.paid.editorClient, { name: '購読企業の下書き' });
    const res = await world.paid.editorClient.post(`/api/catalog/products/${draft.id}/publish`, { version: 1 });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('catalog.not_publisher');
    expect((await world.paid.editorClient.get(`/api/catalog/products/${draft.id}`)).json().product.status).toBe('draft');
  });

  it('shows another company’s published product in full to paid readers and without paid-only keys to free readers', async () => {
    const product = await publishedProduct(world, { name: '公開製品A' });
    const paid = await world.paid.viewerClient.get(`/api/catalog/products/${product.id}`);
    const paidView = ok<{ product: ProductView }>(paid).product;
    expect(paidView).toMatchObject({ own: false, access: 'full', status: 'published', lists: [] });
    expect(paidView.properties).toHaveLength(4);
    expect(paidView.documents).toEqual([]);
    for (const ownOnly of ['remarks', 'labels', 'version', 'createdAt']) expect(hasKey(paid.body, ownOnly), ownOnly).toBe(false);
    const free = await world.free.viewerClient.get(`/api/catalog/products/${product.id}`);
    const freeView = ok<{ product: ProductView }>(free).product;
    expect(freeView).toMatchObject({ own: false, access: 'basic', name: '公開製品A' });
    expect(freeView.components).toHaveLength(2);
    for (const paidOnly of ['properties', 'documents', 'contacts', 'remarks', 'labels']) expect(hasKey(free.body, paidOnly), paidOnly).toBe(false);
  });

  it('hides other companies’ drafts and archived products, and everything of others from a company without a subscription', async () => {
    const draft = await createProduct(world.publisher.editorClient, { name: '非公開の下書き' });
    const published = await publishedProduct(world, { name: '公開製品B' });
    for (const client of [world.paid.viewerClient, world.free.viewerClient, world.paid.adminClient]) {
      const res = await client.get(`/api/catalog/products/${draft.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await world.paid.viewerClient.get(`/api/catalog/products/${PRODUCT_ID}`)).statusCode).toBe(404);
    const archived = await publishedProduct(world, { name: 'アーカイブ済み製品' });
    ok(await world.publisher.editorClient.post(`/api/catalog/products/${archived.id}/archive`, { version: archived.version }));
    expect((await world.paid.viewerClient.get(`/api/catalog/products/${archived.id}`)).statusCode).toBe(404);
    expect((await world.publisher.viewerClient.get(`/api/catalog/products/${archived.id}`)).statusCode).toBe(200);
    const put = await world.paid.adminClient.request('PUT', `/api/catalog/products/${published.id}`, productInput({ version: published.version }));
    expect(put.statusCode).toBe(404);
    expect((await world.paid.adminClient.post(`/api/catalog/products/${published.id}/archive`, { version: 2 })).statusCode).toBe(404);
    expect((await world.paid.adminClient.request('DELETE', `/api/catalog/products/${draft.id}`)).statusCode).toBe(404);

    const tenant = await buildTenant(world.tdb.db, { name: '契約なし購読株式会社' });
    await setCatalogPlan(world.tdb.db, tenant.id, { publisher: false, subscription: 'none' });
    const member = await buildUser(world.tdb.db, tenant, { memberships: [{ service: 'catalog', role: 'admin' }] });
    const client = await world.clientFor(member);
    expect(ok(await client.get('/api/catalog/plan'))).toEqual({ plan: { publisher: false, subscription: null } });
    expect((await client.get(`/api/catalog/products/${published.id}`)).statusCode).toBe(404);
    expect((await client.get(`/api/catalog/publishers/${world.publisher.tenant.id}`)).statusCode).toBe(404);
    const own = await createProduct(client, { name: '自社の下書き' });
    expect(ok<{ product: ProductView }>(await client.get(`/api/catalog/products/${own.id}`)).product.access).toBe('full');
  });

  it('lists the own company’s products only, filtered by state and text and paged', async () => {
    const list = ok<{ items: { tenantId: string; status: string; name: string }[]; total: number }>(await world.publisher.viewerClient.get('/api/catalog/products?pageSize=100'));
    expect(list.total).toBeGreaterThan(3);
    expect(list.items.every((p) => p.tenantId === world.publisher.tenant.id)).toBe(true);
    const published = ok<{ items: { status: string }[]; total: number }>(await world.publisher.viewerClient.get('/api/catalog/products?status=published'));
    expect(published.items.every((p) => p.status === 'published')).toBe(true);
    const found = ok<{ items: { name: string }[]; total: number }>(await world.publisher.viewerClient.get(`/api/catalog/products?q=${encodeURIComponent('ﾉﾊﾞﾃｯｸ 改良')}`));
    expect(found.items.map((p) => p.name)).toEqual(['ノバテックPP 改良品']);
    const paged = ok<{ items: unknown[]; total: number }>(await world.publisher.viewerClient.get('/api/catalog/products?pageSize=2&page=2&sort=name'));
    expect(paged.items).toHaveLength(2);
    const paidList = ok<{ items: { tenantId: string }[] }>(await world.paid.viewerClient.get('/api/catalog/products'));
    expect(paidList.items.every((p) => p.tenantId === world.paid.tenant.id)).toBe(true);
    expect((await world.publisher.viewerClient.get('/api/catalog/products?status=deleted')).statusCode).toBe(400);
  });

  it('lets viewers read but not write, and editors not edit the profile', async () => {
    const product = await createProduct(world.publisher.editorClient, { name: '権限テスト' });
    const before = await catalogState(world, world.publisher.tenant.id);
    const viewer = world.publisher.viewerClient;
    const writes = [
      viewer.post('/api/catalog/products', productInput()),
      viewer.request('PUT', `/api/catalog/products/${product.id}`, productInput({ version: 1 })),
      viewer.request('DELETE', `/api/catalog/products/${product.id}`),
      ...['publish', 'unpublish', 'archive', 'restore'].map((t) => viewer.post(`/api/catalog/products/${product.id}/${t}`, { version: 1 })),
      viewer.request('POST', `/api/catalog/products/${product.id}/documents?kind=sds&language=ja&docVersion=1&issuedOn=2026-04-01`, Buffer.from('%PDF-1.4'), { 'content-type': 'application/octet-stream', 'x-file-name': 'sds.pdf' }),
      viewer.request('POST', '/api/catalog/products/import', '製品名,分類,形状\r\nA,PP,pellet\r\n', { 'content-type': 'text/csv' }),
      viewer.request('PUT', '/api/catalog/profile', { displayName: '東邦樹脂' }),
      world.publisher.editorClient.request('PUT', '/api/catalog/profile', { displayName: '東邦樹脂' }),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('auth.forbidden');
    }
    expect(await catalogState(world, world.publisher.tenant.id)).toEqual(before);
  });

  it('answers 403 to a user without catalog membership on every route', async () => {
    const product = await publishedProduct(world, { name: '契約外テスト' });
    const client = world.outsider.client;
    const id = product.id;
    const responses = [
      client.get('/api/catalog/plan'),
      client.get('/api/catalog/categories'),
      client.get('/api/catalog/properties/keys'),
      client.get('/api/catalog/profile'),
      client.request('PUT', '/api/catalog/profile', { displayName: 'x' }),
      client.get(`/api/catalog/publishers/${world.publisher.tenant.id}`),
      client.get('/api/catalog/products'),
      client.post('/api/catalog/products', productInput()),
      client.get(`/api/catalog/products/${id}`),
      client.request('PUT', `/api/catalog/products/${id}`, productInput({ version: 2 })),
      client.request('DELETE', `/api/catalog/products/${id}`),
      ...['publish', 'unpublish', 'archive', 'restore'].map((t) => client.post(`/api/catalog/products/${id}/${t}`, { version: 2 })),
      client.request('POST', `/api/catalog/products/${id}/documents?kind=sds&language=ja&docVersion=1&issuedOn=2026-04-01`, Buffer.from('x'), { 'content-type': 'application/octet-stream', 'x-file-name': 'a.pdf' }),
      client.get(`/api/catalog/products/${id}/documents?all=true`),
      client.get(`/api/catalog/documents/${PRODUCT_ID}/download`),
      client.get('/api/catalog/products/import/template?format=csv'),
      client.request('POST', '/api/catalog/products/import', '製品名,分類,形状\r\nA,PP,pellet\r\n', { 'content-type': 'text/csv' }),
    ];
    for (const res of await Promise.all(responses)) {
      expect(res.statusCode, `${res.raw.req.url} ${res.body}`).toBe(403);
      expect(res.json().error.code).toBe('auth.forbidden');
    }
  });
});
