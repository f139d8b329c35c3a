import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createTestApp, type TestClient } from '../../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../../support/db.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../../support/factories.js';
import { clientFor, insertMaster, jst, type Master } from './ordersFixture.js';
import { order as insertOrder } from './records.fixture.js';

const JA = '閲覧できるユーザーに、工程管理の有効なメンバーではない人が含まれています。一覧から選び直してください。';
const EN = 'The named users include someone who is not an active member of process management. Choose them again from the list.';

describe(`process named users on confidential records (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let tenant: BuiltTenant;
  let other: BuiltTenant;
  let admin: BuiltUser;
  let planner: BuiltUser;
  let named: BuiltUser;
  let bystander: BuiltUser;
  let catalogOnly: BuiltUser;
  let disabled: BuiltUser;
  let foreigner: BuiltUser;
  let adminApi: TestClient;
  let plannerApi: TestClient;
  let plannerEn: TestClient;
  let namedApi: TestClient;
  let bystanderApi: TestClient;
  let m: Master;
  let operationId: string;
  const clock = new ManualClock('2026-06-01T00:00:00.000Z');

  /** Everything a refused request could have touched, to show it changed nothing. */
  const state = () =>
    tdb.db.ownerTransaction(async (tx) => {
      const q = async (sql: string) => (await tx.query(sql, [tenant.id])).rows;
      return {
        items: await q('SELECT id, classification, named_users::text[] AS named_users, version FROM process.items WHERE tenant_id = $1 ORDER BY id'),
        orders: await q('SELECT id, classification, named_users::text[] AS named_users, version FROM process.orders WHERE tenant_id = $1 ORDER BY id'),
        records: await q('SELECT id, classification, named_users::text[] AS named_users, version FROM process.work_records WHERE tenant_id = $1 ORDER BY id'),
        events: await q('SELECT count(*)::int AS n FROM audit.tenant_events WHERE tenant_id = $1'),
      };
    });

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
    tenant = await buildTenant(tdb.db, { name: '東洋樹脂株式会社' });
    other = await buildTenant(tdb.db, { name: '他社化成株式会社' });
    admin = await buildUser(tdb.db, tenant, { displayName: '工程 管理者', memberships: [{ service: 'process', role: 'admin' }] });
    planner = await buildUser(tdb.db, tenant, { displayName: '計画 担当', memberships: [{ service: 'process', role: 'member' }] });
    named = await buildUser(tdb.db, tenant, { displayName: '品質 花子', memberships: [{ service: 'process', role: 'member' }] });
    bystander = await buildUser(tdb.db, tenant, { displayName: '現場 太郎', memberships: [{ service: 'process', role: 'member' }] });
    catalogOnly = await buildUser(tdb.db, tenant, { displayName: '営業 次郎', memberships: [{ service: 'catalog', role: 'viewer' }] });
    disabled = await buildUser(tdb.db, tenant, { displayName: '退職 三郎', status: 'disabled', memberships: [{ service: 'process', role: 'member' }] });
    foreigner = await buildUser(tdb.db, other, { displayName: '他社 四郎', memberships: [{ service: 'process', role: 'admin' }] });
    adminApi = await clientFor(app, tdb.db, clock, admin);
    plannerApi = await clientFor(app, tdb.db, clock, planner);
    plannerEn = await clientFor(app, tdb.db, clock, planner, 'en');
    namedApi = await clientFor(app, tdb.db, clock, named);
    bystanderApi = await clientFor(app, tdb.db, clock, bystander);
    m = await insertMaster(tdb.db, tenant.id);
    const released = await insertOrder(tdb.db, tenant.id, { orderNo: 'MO-REL-1', itemId: m.productId, quantity: '10', operations: [{ name: '混練', workstationId: m.mixerId }] });
    operationId = released.operationIds[0]!;
  }, 180_000);
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('lists the tenant’s process members to a planner, without other tenants’ users or members of other services', async () => {
    const res = await plannerApi.get('/api/process/members');
    expect(res.statusCode, res.body).toBe(200);
    const members = res.json().members as { id: string; displayName: string; status: string }[];
    expect(members.map((p) => p.id).sort()).toEqual([admin.id, planner.id, named.id, bystander.id, disabled.id].sort());
    expect(members.find((p) => p.id === disabled.id)?.status).toBe('disabled');
    expect(members.find((p) => p.id === named.id)).toMatchObject({ displayName: '品質 花子', status: 'active' });
  });

  const outsiders = () => [
    ['another tenant’s user', foreigner.id],
    ['an unknown id', randomUUID()],
    ['a user without process membership', catalogOnly.id],
    ['a disabled member', disabled.id],
  ] as const;

  it('refuses an order naming anyone but an active process member with 400, writing nothing', async () => {
    const before = await state();
    for (const [what, id] of outsiders()) {
      const res = await plannerApi.post('/api/process/orders', {
        itemId: m.productId, quantity: 100, dueAt: jst('2026-06-20T17:00:00'), classification: 'confidential', namedUsers: [named.id, id],
      });
      expect(res.statusCode, what).toBe(400);
      expect(res.json().error.fields.namedUsers, what).toBe(JA);
    }
    const en = await plannerEn.post('/api/process/orders', { itemId: m.productId, quantity: 100, dueAt: jst('2026-06-20T17:00:00'), classification: 'confidential', namedUsers: [foreigner.id] });
    expect(en.json().error.fields.namedUsers).toBe(EN);
    expect(await state()).toEqual(before);
  });

  it('refuses such names on an order change, an item and a work record, changing nothing', async () => {
    const created = await plannerApi.post('/api/process/orders', { itemId: m.productId, quantity: 100, dueAt: jst('2026-06-20T17:00:00') });
    expect(created.statusCode, created.body).toBe(201);
    const orderId = created.json().order.id as string;
    const before = await state();
    for (const [what, id] of outsiders()) {
      const attempts = [
        plannerApi.request('PUT', `/api/process/orders/${orderId}`, { version: 1, classification: 'confidential', namedUsers: [id] }),
        adminApi.post('/api/process/items', { code: `SECRET-${what.length}`, name: '試作品', kind: 'product', unit: 'kg', classification: 'confidential', namedUsers: [id] }),
        adminApi.request('PUT', `/api/process/items/${m.productId}`, { version: 1, classification: 'confidential', namedUsers: [id] }),
        plannerApi.post('/api/process/work-records', { operationId, startedAt: '2026-06-01T09:00:00+09:00', goodQuantity: 1, classification: 'confidential', namedUsers: [id] }),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
        expect(res.json().error.fields.namedUsers, what).toBe(JA);
      }
    }
    expect(await state()).toEqual(before);
  });

  it('keeps a member named before being disabled through an unrelated change, but does not let anyone add them again', async () => {
    const late = await buildUser(tdb.db, tenant, { displayName: '異動 五郎', memberships: [{ service: 'process', role: 'member' }] });
    const created = await plannerApi.post('/api/process/orders', {
      itemId: m.productId, quantity: 100, dueAt: jst('2026-06-22T17:00:00'), classification: 'confidential', namedUsers: [planner.id, late.id],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().order.id as string;
    await tdb.db.ownerTransaction((tx) => tx.query(`UPDATE platform.users SET status = 'disabled' WHERE id = $1`, [late.id]));
    const kept = await plannerApi.request('PUT', `/api/process/orders/${id}`, { version: 1, remarks: '急ぎ', namedUsers: [planner.id, late.id] });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().order.namedUsers.sort()).toEqual([planner.id, late.id].sort());
    const dropped = await plannerApi.request('PUT', `/api/process/orders/${id}`, { version: 2, namedUsers: [planner.id] });
    expect(dropped.statusCode, dropped.body).toBe(200);
    const again = await plannerApi.request('PUT', `/api/process/orders/${id}`, { version: 3, namedUsers: [planner.id, late.id] });
    expect(again.statusCode).toBe(400);
  });

  it('shows a confidential order to its named user and admins only: 404 by id and absent from the list and the Gantt for others', async () => {
    const created = await plannerApi.post('/api/process/orders', {
      orderNo: 'KIMITSU-1', itemId: m.productId, quantity: 200, dueAt: jst('2026-06-30T17:00:00'), classification: 'confidential', namedUsers: [planner.id, named.id],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().order.id as string;
    const scheduled = await plannerApi.post(`/api/process/orders/${id}/schedule`, { direction: 'forward', from: jst('2026-06-15T08:00:00') });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    const range = `from=${encodeURIComponent(jst('2026-06-15T00:00:00'))}&to=${encodeURIComponent(jst('2026-06-22T00:00:00'))}`;
    for (const client of [namedApi, adminApi]) {
      expect((await client.get(`/api/process/orders/${id}`)).statusCode).toBe(200);
      expect((await client.get('/api/process/orders?q=KIMITSU')).json().total).toBe(1);
      const gantt = (await client.get(`/api/process/gantt?${range}`)).json() as { orders: { id: string }[]; operations: { orderId: string }[] };
      expect(gantt.orders.map((o) => o.id)).toContain(id);
      expect(gantt.operations.filter((o) => o.orderId === id)).toHaveLength(2);
    }
    const hidden = await bystanderApi.get(`/api/process/orders/${id}`);
    expect(hidden.statusCode).toBe(404);
    expect((await bystanderApi.get('/api/process/orders?q=KIMITSU')).json()).toMatchObject({ orders: [], total: 0 });
    const gantt = (await bystanderApi.get(`/api/process/gantt?${range}`)).json() as { orders: { id: string }[]; operations: { orderId: string }[] };
    expect(gantt.orders.map((o) => o.id)).not.toContain(id);
    expect(gantt.operations.map((o) => o.orderId)).not.toContain(id);
  });
});
