import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../../src/services/catalog/products/profile.js';
import { testDatabaseKind } from '../../support/db.js';
import { openCatalogWorld, type CatalogWorld } from './catalogWorld.js';
import { catalogState, createProduct, eventsOf, hasKey, ok, publishedProduct } from './productsFixture.js';

const PROFILE = {
  displayName: '東邦樹脂株式会社',
  displayNameEn: 'Toho Resin Co., Ltd.',
  description: 'エンジニアリングプラスチックのコンパウンドメーカーです。',
  website: 'https://toho-resin.example.jp',
  sites: ['千葉工場', '大阪工場'],
  certifications: ['ISO 9001', 'ISO 14001'],
  contacts: [
    { name: '営業部 山田', department: '営業部', email: 'sales@toho-resin.example.jp', phone: '03-1234-5678', topics: 'サンプル・見積' },
    { name: '技術部 佐藤', email: 'tech@toho-resin.example.jp' },
  ],
};

describe(`catalog publisher profile (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let world: CatalogWorld;
  beforeAll(async () => {
    world = await openCatalogWorld();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('has no profile before the first save, then creates it with its contacts and records it', async () => {
    expect(ok(await world.publisher.viewerClient.get('/api/catalog/profile'))).toEqual({ profile: null });
    const saved = ok<{ profile: ProfileView }>(await world.publisher.adminClient.request('PUT', '/api/catalog/profile', PROFILE)).profile;
    expect(saved).toMatchObject({ tenantId: world.publisher.tenant.id, displayName: '東邦樹脂株式会社', descriptionEn: '', sites: ['千葉工場', '大阪工場'], version: 1 });
    expect(saved.contacts?.map((c) => [c.name, c.department, c.email, c.phone, c.topics])).toEqual([
      ['営業部 山田', '営業部', 'sales@toho-resin.example.jp', '03-1234-5678', 'サンプル・見積'],
      ['技術部 佐藤', '', 'tech@toho-resin.example.jp', '', ''],
    ]);
    expect(ok<{ profile: ProfileView }>(await world.publisher.viewerClient.get('/api/catalog/profile')).profile).toEqual(saved);
    const [event] = await eventsOf(world, world.publisher.tenant.id, 'catalog.profile.updated');
    expect(event).toMatchObject({ target_id: world.publisher.tenant.id, actor_id: world.publisher.admin.id, details: { created: true } });
  });

  it('replaces the profile and its contacts as a set at the version read; a stale version is a conflict', async () => {
    const next = { ...PROFILE, description: '改訂後の説明', contacts: [{ name: '窓口', email: 'info@toho-resin.example.jp' }], version: 1 };
    const saved = ok<{ profile: ProfileView }>(await world.publisher.adminClient.request('PUT', '/api/catalog/profile', next)).profile;
    expect(saved).toMatchObject({ description: '改訂後の説明', version: 2 });
    expect(saved.contacts?.map((c) => c.name)).toEqual(['窓口']);
    const before = await catalogState(world, world.publisher.tenant.id);
    const stale = await world.publisher.adminClient.request('PUT', '/api/catalog/profile', next);
    expect(stale.statusCode).toBe(409);
    const bad = await world.publisher.adminClient.request('PUT', '/api/catalog/profile', { ...next, version: 2, website: 'ftp://x', contacts: [{ name: '', email: 'not-mail' }] });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json() as { error: { fields: Record<string, string> } }).error.fields;
    expect(fields.website).toBe('URLは https:// で始まる形式で入力してください。');
    expect(fields['contacts.0.email']).toBe('メールアドレスの形式が正しくありません。');
    expect(fields['contacts.0.name']).toBe('入力してください。');
    expect(await catalogState(world, world.publisher.tenant.id)).toEqual(before);
    const event = (await eventsOf(world, world.publisher.tenant.id, 'catalog.profile.updated')).at(-1);
    expect(event?.details).toMatchObject({ created: false, fields: ['description', 'contacts'] });
  });

  it('shows a publisher only once it has a published product, with contacts for paid readers only', async () => {
    await createProduct(world.publisher.editorClient, { name: '下書きだけ' });
    for (const client of [world.paid.viewerClient, world.free.viewerClient]) {
      expect((await client.get(`/api/catalog/publishers/${world.publisher.tenant.id}`)).statusCode).toBe(404);
    }
    const own = ok<{ profile: ProfileView; productCount: number }>(await world.publisher.viewerClient.get(`/api/catalog/publishers/${world.publisher.tenant.id}`));
    expect(own.productCount).toBe(0);
    expect(own.profile.contacts).toHaveLength(1);
    const published = await publishedProduct(world, { name: '公開品' });
    const paid = ok<{ profile: ProfileView; productCount: number }>(await world.paid.viewerClient.get(`/api/catalog/publishers/${world.publisher.tenant.id}`));
    expect(paid.productCount).toBe(1);
    expect(paid.profile.contacts?.map((c) => c.email)).toEqual(['info@toho-resin.example.jp']);
    const freeRes = await world.free.viewerClient.get(`/api/catalog/publishers/${world.publisher.tenant.id}`);
    const free = ok<{ profile: ProfileView; productCount: number }>(freeRes);
    expect(free).toMatchObject({ productCount: 1, profile: { displayName: '東邦樹脂株式会社', certifications: ['ISO 9001', 'ISO 14001'] } });
    expect(hasKey(freeRes.body, 'contacts')).toBe(false);
    expect(freeRes.body).not.toContain('info@toho-resin.example.jp');
    expect((await world.paid.viewerClient.get(`/api/catalog/publishers/${world.free.tenant.id}`)).statusCode).toBe(404);
    const seen = ok<{ product: { publisher: { tenantId: string; displayName: string } } }>(await world.free.viewerClient.get(`/api/catalog/products/${published.id}`));
    expect(seen.product.publisher).toEqual({ tenantId: world.publisher.tenant.id, displayName: '東邦樹脂株式会社' });
  });

  it('lets only admins edit the profile', async () => {
    for (const client of [world.publisher.editorClient, world.publisher.viewerClient]) {
      const res = await client.request('PUT', '/api/catalog/profile', PROFILE);
      expect(res.statusCode).toBe(403);
    }
  });
});
