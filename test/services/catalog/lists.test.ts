import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../support/db.js';
import { openComparisonWorld, type ComparisonWorld } from './searchSeed.js';

describe(`catalog lists: in use and watching (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let cw: ComparisonWorld;
  beforeAll(async () => {
    cw = await openComparisonWorld();
  }, 120_000);
  afterAll(async () => {
    await cw?.world.close();
  });

  const events = (tenantId: string, action: string) =>
    cw.world.tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ target_id: string; actor_id: string; details: Record<string, unknown> }>(
        'SELECT target_id, actor_id, details FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2 ORDER BY seq',
        [tenantId, action],
      )).rows,
    );

  it('puts products on a list shared by the company’s members, with a note, and audits it', async () => {
    const { ids, world } = cw;
    const put = await world.paid.viewerClient.request('PUT', `/api/catalog/lists/in_use/${ids.rivalPp}`, { note: '2号ラインで使用' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().entry).toMatchObject({ list: 'in_use', productId: ids.rivalPp, note: '2号ラインで使用' });
    world.clock.advance(60_000);
    expect((await world.paid.editorClient.request('PUT', `/api/catalog/lists/in_use/${ids.pp}`, {})).statusCode).toBe(200);
    expect((await world.paid.editorClient.request('PUT', `/api/catalog/lists/watching/${ids.pa}`, {})).statusCode).toBe(200);

    const list = await world.paid.adminClient.get('/api/catalog/lists/in_use');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((i: { id: string; note: string }) => [i.id, i.note])).toEqual([
      [ids.pp, ''],
      [ids.rivalPp, '2号ラインで使用'],
    ]);
    expect(list.json().items[1]).toMatchObject({ publisher: { displayName: '西日本化成株式会社' }, name: 'ポリプロピレン ホモ', addedAt: expect.any(String) });

    // Changing the note keeps the entry (and when it was added).
    const again = await world.paid.viewerClient.request('PUT', `/api/catalog/lists/in_use/${ids.rivalPp}`, { note: '3号ラインへ移管' });
    expect(again.json().entry).toMatchObject({ note: '3号ラインへ移管', addedAt: put.json().entry.addedAt });

    const added = await events(world.paid.tenant.id, 'catalog.list.added');
    expect(added[0]).toMatchObject({ target_id: ids.rivalPp, actor_id: world.paid.viewer.id, details: { list: 'in_use', productTenantId: cw.rivalId } });
    expect(added).toHaveLength(4);

    // The compare view tells which of the reader's lists hold a product.
    const compare = await world.paid.viewerClient.get(`/api/catalog/compare?ids=${ids.pp},${ids.pa}`);
    expect(compare.json().products.map((p: { lists: string[] }) => p.lists)).toEqual([['in_use'], ['watching']]);
  });

  it('keeps each company’s lists to itself', async () => {
    const { world } = cw;
    expect((await world.free.viewerClient.get('/api/catalog/lists/in_use')).json().items).toEqual([]);
    expect((await world.publisher.viewerClient.get('/api/catalog/lists/watching')).json().items).toEqual([]);
  });

  it('answers 404 for drafts (another tenant’s or its own) and unknown products, and changes nothing', async () => {
    const { ids, world } = cw;
    const before = (await world.free.viewerClient.get('/api/catalog/lists/watching')).json();
    const draft = await world.free.viewerClient.request('PUT', `/api/catalog/lists/watching/${ids.rivalDraft}`, {});
    const unknown = await world.free.viewerClient.request('PUT', '/api/catalog/lists/watching/00000000-0000-4000-8000-000000000000', {});
    expect(draft.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(draft.json().error).toEqual({ ...unknown.json().error, requestId: expect.any(String) });
    expect((await world.publisher.viewerClient.request('PUT', `/api/catalog/lists/watching/${ids.ownDraft}`, {})).statusCode).toBe(404);
    expect((await world.free.viewerClient.get('/api/catalog/lists/watching')).json()).toEqual(before);
    expect(await events(world.free.tenant.id, 'catalog.list.added')).toEqual([]);

    const badList = await world.free.viewerClient.request('PUT', `/api/catalog/lists/favourites/${ids.pp}`, {});
    expect(badList.statusCode).toBe(400);
    const longNote = await world.free.viewerClient.request('PUT', `/api/catalog/lists/watching/${ids.pp}`, { note: 'あ'.repeat(501) });
    expect(longNote.statusCode).toBe(400);
    expect((await world.outsider.client.request('PUT', `/api/catalog/lists/watching/${ids.pp}`, {})).statusCode).toBe(403);
  });

  it('hides an entry whose product is withdrawn and removes entries with an audit event', async () => {
    const { ids, world } = cw;
    await world.tdb.db.ownerTransaction((tx) => tx.query(`UPDATE catalog.products SET status = 'draft', published_at = NULL WHERE id = $1`, [ids.pp]));
    expect((await world.paid.viewerClient.get('/api/catalog/lists/in_use')).json().items.map((i: { id: string }) => i.id)).toEqual([ids.rivalPp]);
    await world.tdb.db.ownerTransaction((tx) => tx.query(`UPDATE catalog.products SET status = 'published', published_at = now() WHERE id = $1`, [ids.pp]));

    const del = await world.paid.editorClient.request('DELETE', `/api/catalog/lists/in_use/${ids.rivalPp}`);
    expect(del.statusCode, del.body).toBe(204);
    expect((await world.paid.editorClient.request('DELETE', `/api/catalog/lists/in_use/${ids.rivalPp}`)).statusCode).toBe(404);
    // Another company cannot remove the paid reader's entry (it has none of its own).
    expect((await world.free.viewerClient.request('DELETE', `/api/catalog/lists/in_use/${ids.pp}`)).statusCode).toBe(404);
    expect((await world.paid.viewerClient.get('/api/catalog/lists/in_use')).json().items.map((i: { id: string }) => i.id)).toEqual([ids.pp]);
    const removed = await events(world.paid.tenant.id, 'catalog.list.removed');
    expect(removed).toEqual([expect.objectContaining({ target_id: ids.rivalPp, actor_id: world.paid.editor.id, details: { list: 'in_use', productTenantId: cw.rivalId } })]);
  });
});
