import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../support/db.js';
import { openComparisonWorld, type ComparisonWorld } from './searchSeed.js';

describe(`catalog comparison (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let cw: ComparisonWorld;
  beforeAll(async () => {
    cw = await openComparisonWorld();
  }, 120_000);
  afterAll(async () => {
    await cw?.world.close();
  });

  it('gives a paid reader the products in the order asked with the property matrix', async () => {
    const { ids, world } = cw;
    const res = await world.paid.viewerClient.get(`/api/catalog/compare?ids=${ids.rivalPp},${ids.pp},${ids.pa}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.products.map((p: { id: string }) => p.id)).toEqual([ids.rivalPp, ids.pp, ids.pa]);
    expect(body.products[1]).toMatchObject({
      own: false,
      access: 'full',
      name: 'ポリプロピレン J-700GP',
      publisher: { tenantId: world.publisher.tenant.id, displayName: '東邦樹脂株式会社' },
      components: [{ casNumber: '9003-07-0', name: 'ポリプロピレン', minPct: 99, maxPct: 100 }],
      documents: [],
      lists: [],
    });
    expect(body.products[1]).not.toHaveProperty('remarks');
    expect(body.products[1]).not.toHaveProperty('version');
    expect(body.properties.map((r: { key: string }) => r.key)).toEqual(['mfr', 'hdt', 'density']);
    const mfr = body.properties[0];
    expect(mfr.values.map((v: { valueMin: number } | null) => v?.valueMin ?? null)).toEqual([30, 10, null]);
    expect(body.properties[2].values.map((v: { valueMin: number } | null) => v?.valueMin ?? null)).toEqual([null, 0.9, 1.36]);
  });

  it('gives a free reader no property values: the keys are absent and the matrix empty', async () => {
    const { ids, world } = cw;
    const res = await world.free.viewerClient.get(`/api/catalog/compare?ids=${ids.pp},${ids.rivalPp}`);
    expect(res.statusCode, res.body).toBe(200);
    for (const product of res.json().products) {
      expect(product.access).toBe('basic');
      expect(product).not.toHaveProperty('properties');
      expect(product).not.toHaveProperty('documents');
    }
    expect(res.json().properties).toEqual([]);
  });

  it('shows a free-plan publisher the properties of its own products only, and its own drafts', async () => {
    const { ids, world } = cw;
    const res = await world.publisher.viewerClient.get(`/api/catalog/compare?ids=${ids.ownDraft},${ids.pp},${ids.rivalPp}`);
    expect(res.statusCode, res.body).toBe(200);
    const [draft, own, rival] = res.json().products;
    expect(draft).toMatchObject({ own: true, access: 'full', status: 'draft', properties: [], version: 1, remarks: '' });
    expect(own).toMatchObject({ own: true, access: 'full' });
    expect(rival).toMatchObject({ own: false, access: 'basic' });
    expect(rival).not.toHaveProperty('properties');
    expect(res.json().properties.map((r: { key: string; values: unknown[] }) => [r.key, r.values.map((v) => v !== null)])).toEqual([
      ['density', [false, true, false]],
      ['mfr', [false, true, false]],
    ]);
  });

  it('answers 404 for another tenant’s draft or an unknown id, exactly alike', async () => {
    const { ids, world } = cw;
    const draft = await world.paid.viewerClient.get(`/api/catalog/compare?ids=${ids.pp},${ids.rivalDraft}`);
    const unknown = await world.paid.viewerClient.get(`/api/catalog/compare?ids=${ids.pp},00000000-0000-4000-8000-000000000000`);
    expect(draft.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(draft.json().error).toEqual({ ...unknown.json().error, requestId: expect.any(String) });
    // The publisher's own draft is not the paid reader's either.
    expect((await world.paid.viewerClient.get(`/api/catalog/compare?ids=${ids.pp},${ids.ownDraft}`)).statusCode).toBe(404);
  });

  it('refuses fewer than two or more than five products, and bad ids', async () => {
    const { ids, world } = cw;
    const one = await world.paid.viewerClient.get(`/api/catalog/compare?ids=${ids.pp},${ids.pp}`);
    expect(one.statusCode).toBe(400);
    expect(one.json().error).toMatchObject({ code: 'catalog.compare_limit', message: expect.stringContaining('2〜5') });
    const six = Array.from({ length: 6 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`).join(',');
    expect((await world.paid.viewerClient.get(`/api/catalog/compare?ids=${six}`)).json().error.code).toBe('catalog.compare_limit');
    const bad = await world.paid.viewerClient.get(`/api/catalog/compare?ids=${ids.pp},nope`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
    expect((await world.outsider.client.get(`/api/catalog/compare?ids=${ids.pp},${ids.pa}`)).statusCode).toBe(403);
  });
});
