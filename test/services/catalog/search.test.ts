import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../support/db.js';
import { buildTenant, buildUser } from '../../support/factories.js';
import { openCatalogWorld, setCatalogPlan, type CatalogWorld } from './catalogWorld.js';
import { seedProduct, seedPublisherProfile } from './searchSeed.js';

interface Hit {
  id: string;
  name: string;
  matched?: string;
  publisher: { tenantId: string; displayName: string };
}
interface Facet {
  value: string;
  label?: string;
  count: number;
}

describe(`catalog search, facets and CAS lookup (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let world: CatalogWorld;
  let rival: { id: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    world = await openCatalogWorld();
    const { db } = world.tdb;
    rival = await buildTenant(db, { name: '西日本化成株式会社' });
    await setCatalogPlan(db, rival.id, { publisher: true, subscription: 'free' });
    await seedPublisherProfile(db, world.publisher.tenant.id, '東邦樹脂');
    const pub = world.publisher.tenant.id;
    ids.pp = await seedProduct(db, pub, {
      name: 'ポリプロピレン ブロックコポリマー',
      nameEn: 'Polypropylene block copolymer',
      grade: 'J-700GP',
      category: 'PP',
      applications: ['自動車', '家電'],
      regulatoryFlags: ['rohs'],
      documentKinds: ['sds'],
      components: [{ casNumber: '9003-07-0', name: 'ポリプロピレン' }, { casNumber: '6683-19-8', name: '酸化防止剤', maxPct: 0.5 }],
      properties: [{ key: 'density', name: '密度', min: 0.9, max: 0.9, unit: 'g/cm3' }, { key: 'mfr', name: 'MFR', min: 8, max: 12, unit: 'g/10min' }],
    });
    ids.pa = await seedProduct(db, pub, {
      name: 'ナイロン66 ガラス繊維30%強化',
      nameEn: 'PA66 GF30',
      category: 'PA66',
      applications: ['自動車', '電機'],
      regulatoryFlags: ['rohs', 'food_contact'],
      documentKinds: ['sds', 'tds'],
      properties: [{ key: 'density', name: '密度', min: 1.36, max: 1.36 }],
    });
    ids.ownDraft = await seedProduct(db, pub, { name: 'ポリプロピレン 試作グレード', category: 'PP', status: 'draft', applications: ['自動車'], components: [{ casNumber: '6683-19-8', name: '酸化防止剤' }] });
    ids.rivalPp = await seedProduct(db, rival.id, { name: 'ポリプロピレン ホモポリマー', category: 'PP', applications: ['家電'], regulatoryFlags: ['rohs'] });
    ids.rivalDraft = await seedProduct(db, rival.id, {
      name: 'ポリプロピレン 未発表品',
      category: 'PP',
      applications: ['自動車', '医療'],
      regulatoryFlags: ['rohs', 'kashinho'],
      documentKinds: ['coa'],
      status: 'draft',
      components: [{ casNumber: '6683-19-8', name: '酸化防止剤' }],
    });
    ids.rivalArchived = await seedProduct(db, rival.id, { name: 'ポリプロピレン 旧品', category: 'PP', status: 'archived' });
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const search = async (client: CatalogWorld['paid']['viewerClient'], query: string) => {
    const res = await client.get(`/api/catalog/search?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Hit[]; total: number; facets: Record<'category' | 'publisher' | 'application' | 'flag' | 'docKind', Facet[]>; plan: { publisher: boolean; subscription: string | null } };
  };
  const count = (facets: Facet[], value: string) => facets.find((f) => f.value === value)?.count;

  it('finds the published products of every publisher and never a draft or archived one', async () => {
    const r = await search(world.paid.viewerClient, `q=${encodeURIComponent('ポリプロピレン')}`);
    expect(r.items.map((h) => h.id).sort()).toEqual([ids.pp, ids.rivalPp].sort());
    expect(r.total).toBe(2);
    expect(r.plan).toEqual({ publisher: false, subscription: 'paid' });
    // Drafts count nowhere: not in categories, publishers, applications, flags or document kinds.
    expect(r.facets.category).toEqual([{ value: 'PP', count: 2 }]);
    expect(r.facets.application).toEqual(expect.arrayContaining([{ value: '家電', count: 2 }, { value: '自動車', count: 1 }]));
    expect(count(r.facets.application, '医療')).toBeUndefined();
    expect(count(r.facets.flag, 'kashinho')).toBeUndefined();
    expect(count(r.facets.docKind, 'coa')).toBeUndefined();
    expect(r.facets.publisher).toEqual(
      expect.arrayContaining([
        { value: world.publisher.tenant.id, label: '東邦樹脂', count: 1 },
        { value: rival.id, label: '西日本化成株式会社', count: 1 },
      ]),
    );
    const hit = r.items.find((h) => h.id === ids.pp)!;
    expect(hit).toMatchObject({ name: 'ポリプロピレン ブロックコポリマー', publisher: { tenantId: world.publisher.tenant.id, displayName: '東邦樹脂' }, status: 'published' });
    expect(hit.matched).toBeUndefined();
  });

  it('shows the publisher its own published products but not its own drafts', async () => {
    const r = await search(world.publisher.viewerClient, `q=${encodeURIComponent('ぽりぷろぴれん')}`);
    expect(r.items.map((h) => h.id).sort()).toEqual([ids.pp, ids.rivalPp].sort());
    const browse = await search(world.publisher.viewerClient, 'pageSize=100');
    expect(browse.items.map((h) => h.id)).not.toContain(ids.ownDraft);
    expect(browse.total).toBe(3);
  });

  it('drills down by facets: other facets keep their counts, flags are all required', async () => {
    const byCategory = await search(world.free.viewerClient, 'category=PA66');
    expect(byCategory.items.map((h) => h.id)).toEqual([ids.pa]);
    expect(byCategory.facets.category).toEqual(expect.arrayContaining([{ value: 'PP', count: 2 }, { value: 'PA66', count: 1 }]));
    expect(byCategory.facets.application).toEqual(expect.arrayContaining([{ value: '自動車', count: 1 }, { value: '電機', count: 1 }]));

    const two = await search(world.free.viewerClient, 'category=PA66&category=PP&application=自動車');
    expect(two.items.map((h) => h.id).sort()).toEqual([ids.pp, ids.pa].sort());

    const flags = await search(world.free.viewerClient, 'flag=rohs&flag=food_contact');
    expect(flags.items.map((h) => h.id)).toEqual([ids.pa]);
    const docs = await search(world.free.viewerClient, 'docKind=sds');
    expect(docs.total).toBe(2);
    expect(count(docs.facets.docKind, 'tds')).toBe(1);

    const publisher = await search(world.free.viewerClient, `publisher=${rival.id}`);
    expect(publisher.items.map((h) => h.id)).toEqual([ids.rivalPp]);
    expect(count(publisher.facets.publisher, world.publisher.tenant.id)).toBe(2);

    const none = await search(world.free.viewerClient, 'application=医療');
    expect(none.total).toBe(0);
    expect(none.facets.application).toContainEqual({ value: '医療', count: 0 });
  });

  it('sorts by relevance, newest and name, and pages', async () => {
    const q = encodeURIComponent('自動車');
    const relevance = await search(world.paid.viewerClient, `q=${q}`);
    expect(relevance.items.map((h) => h.id)).toEqual([ids.pa, ids.pp]);
    expect(relevance.items[0]!.matched).toBe('自動車');
    const newest = await search(world.paid.viewerClient, 'sort=newest');
    expect(newest.items.map((h) => h.id)).toEqual([ids.rivalPp, ids.pa, ids.pp]);
    const byName = await search(world.paid.viewerClient, 'sort=name');
    expect(byName.items.map((h) => h.id)).toEqual([ids.pa, ids.pp, ids.rivalPp]);
    const page2 = await search(world.paid.viewerClient, 'sort=newest&pageSize=1&page=2');
    expect(page2.items.map((h) => h.id)).toEqual([ids.pa]);
    expect(page2.total).toBe(3);
  });

  it('filters by property ranges for paid readers only', async () => {
    const light = await search(world.paid.viewerClient, 'prop=density:0.85:0.95');
    expect(light.items.map((h) => h.id)).toEqual([ids.pp]);
    expect((await search(world.paid.viewerClient, 'prop=density:1.3:')).items.map((h) => h.id)).toEqual([ids.pa]);
    expect((await search(world.paid.viewerClient, 'prop=mfr::9')).items.map((h) => h.id)).toEqual([ids.pp]);
    expect((await search(world.paid.viewerClient, 'prop=mfr:13:')).total).toBe(0);
    expect((await search(world.paid.viewerClient, 'prop=density:0.8:2&prop=mfr:0:100')).items.map((h) => h.id)).toEqual([ids.pp]);

    const free = await world.free.viewerClient.get('/api/catalog/search?prop=density:0.85:0.95');
    expect(free.statusCode).toBe(403);
    expect(free.json().error).toMatchObject({ code: 'catalog.paid_only', message: expect.stringContaining('有料プラン') });

    for (const bad of ['density', 'Density:1:2', 'density:x:2', 'density:2:1']) {
      const res = await world.paid.viewerClient.get(`/api/catalog/search?prop=${encodeURIComponent(bad)}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('validation.failed');
    }
  });

  it('looks up CAS numbers typed in full width, without drafts', async () => {
    const res = await world.free.viewerClient.get(`/api/catalog/cas/${encodeURIComponent('６６８３－１９－８')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ casNumber: '6683-19-8', valid: true });
    expect(res.json().products.map((h: Hit) => h.id)).toEqual([ids.pp]);

    const wrongDigit = await world.free.viewerClient.get('/api/catalog/cas/6683-19-9');
    expect(wrongDigit.json()).toEqual({ casNumber: '6683-19-9', valid: false, products: [] });

    const bad = await world.free.viewerClient.get('/api/catalog/cas/abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'catalog.cas_invalid', message: expect.stringContaining('CAS番号') });

    const text = await search(world.paid.viewerClient, `q=${encodeURIComponent('６６８３-１９-８')}`);
    expect(text.items.map((h) => ({ id: h.id, matched: h.matched }))).toEqual([{ id: ids.pp, matched: '6683-19-8' }]);
  });

  it('refuses readers without a subscription and users without the catalog', async () => {
    const outsider = await world.outsider.client.get('/api/catalog/search?q=pp');
    expect(outsider.statusCode).toBe(403);
    const none = await buildTenant(world.tdb.db, { name: '未購読株式会社' });
    await setCatalogPlan(world.tdb.db, none.id, { publisher: true, subscription: 'none' });
    const client = await world.clientFor(await buildUser(world.tdb.db, none, { memberships: [{ service: 'catalog', role: 'viewer' }] }), 'en');
    for (const url of ['/api/catalog/search?q=pp', '/api/catalog/cas/9003-07-0', `/api/catalog/compare?ids=${ids.pp},${ids.pa}`, '/api/catalog/lists/in_use']) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'catalog.no_subscription', message: expect.stringContaining('subscription') });
    }
  });

  it('lists the property keys with their canonical units', async () => {
    const res = await world.free.viewerClient.get('/api/catalog/properties/keys');
    expect(res.statusCode).toBe(200);
    expect(res.json().keys).toContainEqual({ key: 'density', name: { ja: '密度', en: 'Density' }, unit: 'g/cm3' });
  });
});
