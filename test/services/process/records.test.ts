import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { ManualClock } from '../../../src/core/clock.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../../support/factories.js';
import { createTestApp, type TestClient } from '../../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../../support/db.js';
import { clientFor, item, order, purchasedLot, recordsState, workstation } from './records.fixture.js';

describe(`process records: work records, lots and genealogy (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let tenant: BuiltTenant;
  let other: BuiltTenant;
  let admin: BuiltUser;
  let member: BuiltUser;
  let named: BuiltUser;
  let adminClient: TestClient;
  let memberClient: TestClient;
  let memberEn: TestClient;
  let namedClient: TestClient;
  let otherClient: TestClient;
  const clock = new ManualClock('2026-12-01T01:00:00.000Z');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
    tenant = await buildTenant(tdb.db, { name: '東洋樹脂株式会社' });
    other = await buildTenant(tdb.db, { name: '他社化学株式会社' });
    admin = await buildUser(tdb.db, tenant, { displayName: '工程 管理者' });
    member = await buildUser(tdb.db, tenant, { displayName: '現場 太郎', memberships: [{ service: 'process', role: 'member' }] });
    named = await buildUser(tdb.db, tenant, { displayName: '品質 花子', memberships: [{ service: 'process', role: 'member' }] });
    const otherAdmin = await buildUser(tdb.db, other);
    adminClient = await clientFor(app, tdb.db, clock, admin);
    memberClient = await clientFor(app, tdb.db, clock, member);
    memberEn = await clientFor(app, tdb.db, clock, member, 'en');
    namedClient = await clientFor(app, tdb.db, clock, named);
    otherClient = await clientFor(app, tdb.db, clock, otherAdmin);

    const t = tenant.id;
    ids.raw1 = await item(tdb.db, t, 'RM-PP', 'raw');
    ids.raw2 = await item(tdb.db, t, 'RM-TALC', 'raw');
    ids.mid = await item(tdb.db, t, 'IM-COMP', 'intermediate');
    ids.product = await item(tdb.db, t, 'PR-PELLET', 'product');
    ids.packed = await item(tdb.db, t, 'PR-BAG', 'product', '袋');
    ids.ws1 = await workstation(tdb.db, t, 'MIX-1');
    ids.ws2 = await workstation(tdb.db, t, 'EXT-1');
    const main = await order(tdb.db, t, {
      orderNo: 'MO-2026-00001', itemId: ids.product, quantity: '100', lotNo: 'PL-001',
      operations: [{ name: '混練', workstationId: ids.ws1 }, { name: '押出', workstationId: ids.ws2 }],
    });
    ids.order = main.orderId;
    ids.op1 = main.operationIds[0]!;
    ids.op2 = main.operationIds[1]!;
    ids.draft = (await order(tdb.db, t, { orderNo: 'MO-2026-00002', itemId: ids.product, quantity: '10', status: 'draft', operations: [{ name: '混練', workstationId: ids.ws1 }] })).operationIds[0]!;
    ids.lotA = await purchasedLot(tdb.db, t, ids.raw1, 'PP-2611-01', '1000');
    ids.lotB = await purchasedLot(tdb.db, t, ids.raw2, 'TC-2611-01', '200');

    // Another tenant's graph, for the cross-tenant checks.
    const o = other.id;
    ids.otherItem = await item(tdb.db, o, 'RM-PP', 'raw');
    ids.otherWs = await workstation(tdb.db, o, 'MIX-1');
    const otherOrder = await order(tdb.db, o, { orderNo: 'MO-2026-00001', itemId: ids.otherItem, quantity: '5', operations: [{ name: '混練', workstationId: ids.otherWs }] });
    ids.otherOrder = otherOrder.orderId;
    ids.otherOp = otherOrder.operationIds[0]!;
    ids.otherLot = await purchasedLot(tdb.db, o, ids.otherItem, 'PP-X', '10');
    const rec = await otherClient.post('/api/process/work-records', { operationId: ids.otherOp, startedAt: '2026-12-01T09:00:00+09:00', goodQuantity: 5, energy: { electricity: 1 } });
    expect(rec.statusCode, rec.body).toBe(201);
    ids.otherRecord = rec.json().record.id;
    const factors = await otherClient.get('/api/process/emission-factors');
    ids.otherFactor = factors.json().factors[0].id;
  }, 180_000);
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('refuses bad work records with 400/404/409 in Japanese and English, changing nothing', async () => {
    const before = await recordsState(tdb.db, tenant.id);
    const base = { operationId: ids.op1, startedAt: '2026-12-01T09:00:00+09:00', goodQuantity: 10, energy: { electricity: 5 } };

    const backwards = await memberClient.post('/api/process/work-records', { ...base, finishedAt: '2026-12-01T08:00:00+09:00' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.code).toBe('validation.failed');
    expect(backwards.json().error.fields.finishedAt).toBe('終了日時は開始日時と同じか、それより後にしてください。');
    const backwardsEn = await memberEn.post('/api/process/work-records', { ...base, finishedAt: '2026-12-01T08:00:00+09:00' });
    expect(backwardsEn.json().error.fields.finishedAt).toBe('The finish time must be the same as or after the start time.');

    const negative = await memberClient.post('/api/process/work-records', { ...base, goodQuantity: -1 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.fields.goodQuantity).toBe('0以上の値を入力してください。');
    const negativeScrap = await memberEn.post('/api/process/work-records', { ...base, scrapQuantity: -0.5 });
    expect(negativeScrap.json().error.fields.scrapQuantity).toBe('Enter a value of at least 0.');

    const unknownEnergy = await memberClient.post('/api/process/work-records', { ...base, energy: { coal: 3 } });
    expect(unknownEnergy.statusCode).toBe(400);
    expect(Object.keys(unknownEnergy.json().error.fields).join()).toMatch(/energy/);

    const duplicateLots = await memberClient.post('/api/process/work-records', { ...base, consumedLots: [{ lotId: ids.lotA, quantity: 1 }, { lotId: ids.lotA, quantity: 2 }] });
    expect(duplicateLots.statusCode).toBe(400);
    expect(duplicateLots.json().error.fields.consumedLots).toBe('同じロットが2回指定されています。1行にまとめてください。');

    const draft = await memberClient.post('/api/process/work-records', { ...base, operationId: ids.draft });
    expect(draft.statusCode).toBe(409);
    expect(draft.json().error.code).toBe('process.order_not_recordable');
    expect(draft.json().error.message).toContain('「指図発行」または「製造中」');
    const draftEn = await memberEn.post('/api/process/work-records', { ...base, operationId: ids.draft });
    expect(draftEn.json().error.message).toBe('Work cannot be recorded on this production order. Only released or in-progress orders accept records (now: draft).');

    // A lot of another tenant inside the body is not found, and nothing is written.
    const foreignLot = await memberClient.post('/api/process/work-records', { ...base, consumedLots: [{ lotId: ids.otherLot, quantity: 1 }] });
    expect(foreignLot.statusCode).toBe(404);
    expect(foreignLot.json().error.code).toBe('process.lot_not_found');
    expect(foreignLot.json().error.message).toBe('指定されたロットが見つかりません。ロット一覧を再読み込みして選び直してください。');

    // The produced lot cannot be one of its own inputs.
    const selfLot = await purchasedLot(tdb.db, tenant.id, ids.product!, 'PL-SELF', '1');
    const before2 = await recordsState(tdb.db, tenant.id);
    const cycle = await memberClient.post('/api/process/work-records', { ...base, producedLotNo: 'PL-SELF', consumedLots: [{ lotId: selfLot, quantity: 1 }] });
    expect(cycle.statusCode).toBe(409); // PL-SELF is a purchased lot: refused before the cycle check
    expect(cycle.json().error.code).toBe('process.lot_conflict');
    expect(await recordsState(tdb.db, tenant.id)).toEqual(before2);
    expect(before2.records).toEqual(before.records);
    expect(before2.orders).toEqual(before.orders);
    expect(before2.operations).toEqual(before.operations);
    expect(before2.events).toEqual(before.events);
  });

  it('lets a member record work: the order starts, the operation progresses, lots are consumed and produced', async () => {
    const first = await memberClient.post('/api/process/work-records', {
      operationId: ids.op1,
      startedAt: '2026-12-01T09:00:00+09:00',
      goodQuantity: 100,
      energy: { electricity: 21.3 },
      consumedLots: [{ lotId: ids.lotA, quantity: 101.7 }, { lotId: ids.lotB, quantity: 5 }],
      producedLotNo: 'IM-001',
    });
    expect(first.statusCode, first.body).toBe(201);
    const record = first.json().record;
    expect(record).toMatchObject({
      operationId: ids.op1, orderId: ids.order, orderNo: 'MO-2026-00001', operationName: '混練', finishedAt: null,
      goodQuantity: 100, scrapQuantity: 0, operatorId: member.id, operatorName: '現場 太郎', energy: { electricity: 21.3 },
      producedLotNo: 'IM-001', classification: 'general', version: 1,
    });
    expect(record.consumedLots).toEqual([
      { lotId: ids.lotA, lotNo: 'PP-2611-01', itemCode: 'RM-PP', quantity: 101.7 },
      { lotId: ids.lotB, lotNo: 'TC-2611-01', itemCode: 'RM-TALC', quantity: 5 },
    ]);
    const state = await recordsState(tdb.db, tenant.id);
    expect(state.orders.find((o) => o.id === ids.order)).toMatchObject({ status: 'in_progress', version: 2 });
    expect(state.operations.find((o) => o.id === ids.op1)).toMatchObject({ status: 'in_progress' });
    const event = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ actor_id: string; target_id: string; details: Record<string, unknown> }>(
        `SELECT actor_id, target_id, details FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'process.work_record.created'`, [tenant.id],
      )).rows,
    );
    expect(event).toEqual([expect.objectContaining({ actor_id: member.id, target_id: record.id, details: expect.objectContaining({ orderStarted: true, operationStatus: 'in_progress' }) })]);

    // Finishing it (a correction with its version) completes the operation; the order stays in progress.
    const finished = await memberClient.request('PUT', `/api/process/work-records/${record.id}`, {
      version: 1, startedAt: '2026-12-01T09:00:00+09:00', finishedAt: '2026-12-01T11:30:00+09:00', goodQuantity: 100, energy: { electricity: 21.3 },
      consumedLots: [{ lotId: ids.lotA, quantity: 101.7 }, { lotId: ids.lotB, quantity: 5 }], producedLotNo: 'IM-001',
    });
    expect(finished.statusCode, finished.body).toBe(200);
    expect(finished.json().record).toMatchObject({ finishedAt: '2026-12-01T02:30:00.000Z', version: 2 });
    const stale = await memberClient.request('PUT', `/api/process/work-records/${record.id}`, { version: 1, startedAt: '2026-12-01T09:00:00+09:00', goodQuantity: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
    const after = await recordsState(tdb.db, tenant.id);
    expect(after.operations.find((o) => o.id === ids.op1)).toMatchObject({ status: 'done' });
    expect(after.orders.find((o) => o.id === ids.order)).toMatchObject({ status: 'in_progress' });

    // The last operation's record produces the order's lot by default, holding the good quantity.
    const second = await memberClient.post('/api/process/work-records', {
      operationId: ids.op2, startedAt: '2026-12-01T13:00:00+09:00', finishedAt: '2026-12-01T15:00:00+09:00', goodQuantity: 97.5, scrapQuantity: 2.5,
      lossReason: '立上げロス', energy: { electricity: 48.7, city_gas: 1.15 }, consumedLots: [{ lotId: first.json().record.producedLotId, quantity: 100 }],
    });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().record.producedLotNo).toBe('PL-001');
    // A record cannot consume the lot it produces.
    const cycle = await memberClient.post('/api/process/work-records', {
      operationId: ids.op2, startedAt: '2026-12-01T15:00:00+09:00', goodQuantity: 1, consumedLots: [{ lotId: second.json().record.producedLotId, quantity: 1 }],
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error).toMatchObject({ code: 'process.lot_cycle', message: '製造したロット自身を投入ロットとして指定することはできません。' });
    const lots = await memberClient.get(`/api/process/lots?itemId=${ids.product}`);
    expect(lots.json().lots.find((l: { lotNo: string }) => l.lotNo === 'PL-001')).toMatchObject({ origin: 'produced', quantity: 97.5, orderNo: 'MO-2026-00001', itemCode: 'PR-PELLET' });

    const list = await memberClient.get(`/api/process/work-records?orderId=${ids.order}`);
    expect(list.json().total).toBe(2);
    expect(list.json().records.map((r: { operationName: string }) => r.operationName)).toEqual(['押出', '混練']);
    const queue = await memberClient.get(`/api/process/work-queue?workstationId=${ids.ws2}`);
    expect(queue.statusCode).toBe(200);
    expect(queue.json().operations).toEqual([
      expect.objectContaining({ id: ids.op2, orderNo: 'MO-2026-00001', itemName: 'PR-PELLETの名前', lotNo: 'PL-001', status: 'done', workstationCode: 'EXT-1', records: [expect.objectContaining({ goodQuantity: 97.5 })] }),
    ]);
  });

  it('registers purchased lots and traces genealogy three levels both ways, ending on cycles', async () => {
    const bad = await memberClient.post('/api/process/lots', { itemId: ids.raw1, lotNo: '', quantity: -1 });
    expect(bad.statusCode).toBe(400);
    const created = await memberClient.post('/api/process/lots', { itemId: ids.raw1, lotNo: 'PP-2612-01', quantity: 500 });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().lot).toMatchObject({ itemCode: 'RM-PP', lotNo: 'PP-2612-01', origin: 'purchased', quantity: 500 });
    const again = await memberClient.post('/api/process/lots', { itemId: ids.raw1, lotNo: 'PP-2612-01', quantity: 5 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('process.lot_exists');
    const rawLot = created.json().lot.id;

    // RM lots → IM-G1 (intermediate) → PL-G1 (pellets) → BG-G1 (bags)
    const chain = [
      { orderNo: 'MO-G-1', itemId: ids.mid, produced: 'IM-G1' },
      { orderNo: 'MO-G-2', itemId: ids.product, produced: 'PL-G1' },
      { orderNo: 'MO-G-3', itemId: ids.packed, produced: 'BG-G1' },
    ];
    let inputs = [{ lotId: rawLot, quantity: 50 }, { lotId: ids.lotB, quantity: 2 }];
    const producedIds: string[] = [];
    const recordIds: string[] = [];
    for (const step of chain) {
      const { operationIds } = await order(tdb.db, tenant.id, { orderNo: step.orderNo, itemId: step.itemId!, quantity: '50', operations: [{ name: '工程', workstationId: ids.ws1! }] });
      const res = await memberClient.post('/api/process/work-records', {
        operationId: operationIds[0], startedAt: '2026-12-02T09:00:00+09:00', finishedAt: '2026-12-02T10:00:00+09:00', goodQuantity: 50, consumedLots: inputs, producedLotNo: step.produced,
      });
      expect(res.statusCode, res.body).toBe(201);
      producedIds.push(res.json().record.producedLotId);
      recordIds.push(res.json().record.id);
      inputs = [{ lotId: res.json().record.producedLotId, quantity: 50 }];
    }
    const backward = await memberClient.get(`/api/process/lots/${producedIds[2]}/genealogy?direction=backward`);
    expect(backward.statusCode, backward.body).toBe(200);
    expect(backward.json().lot.lotNo).toBe('BG-G1');
    expect(backward.json().nodes.map((n: { lot: { lotNo: string }; depth: number; via: { orderNo: string } }) => [n.depth, n.lot.lotNo, n.via.orderNo])).toEqual([
      [1, 'PL-G1', 'MO-G-3'],
      [2, 'IM-G1', 'MO-G-2'],
      [3, 'PP-2612-01', 'MO-G-1'],
      [3, 'TC-2611-01', 'MO-G-1'],
    ]);
    const forward = await memberClient.get(`/api/process/lots/${rawLot}/genealogy?direction=forward`);
    expect(forward.json().nodes.map((n: { lot: { lotNo: string }; depth: number }) => [n.depth, n.lot.lotNo])).toEqual([
      [1, 'IM-G1'],
      [2, 'PL-G1'],
      [3, 'BG-G1'],
    ]);

    // A cycle in the data (the bags fed back into the intermediate) ends each path.
    await tdb.db.ownerTransaction((tx) => tx.query(`INSERT INTO process.lot_consumptions (tenant_id, work_record_id, lot_id, quantity) VALUES ($1, $2, $3, 1)`, [tenant.id, recordIds[0], producedIds[2]]));
    const cyclic = await memberClient.get(`/api/process/lots/${producedIds[2]}/genealogy?direction=backward`);
    expect(cyclic.statusCode).toBe(200);
    expect(cyclic.json().nodes.map((n: { lot: { lotNo: string }; depth: number }) => [n.depth, n.lot.lotNo])).toEqual([
      [1, 'PL-G1'],
      [2, 'IM-G1'],
      [3, 'PP-2612-01'],
      [3, 'TC-2611-01'],
    ]);
    const cyclicForward = await memberClient.get(`/api/process/lots/${producedIds[2]}/genealogy?direction=forward`);
    expect(cyclicForward.json().nodes.map((n: { lot: { lotNo: string }; depth: number }) => [n.depth, n.lot.lotNo])).toEqual([
      [1, 'IM-G1'],
      [2, 'PL-G1'],
    ]);
    await tdb.db.ownerTransaction((tx) => tx.query(`DELETE FROM process.lot_consumptions WHERE work_record_id = $1 AND lot_id = $2`, [recordIds[0], producedIds[2]]));
  });

  it('hides a confidential record from members not named on it; admins and named users see it', async () => {
    const { operationIds } = await order(tdb.db, tenant.id, { orderNo: 'MO-C-1', itemId: ids.product!, quantity: '5', operations: [{ name: '試作', workstationId: ids.ws1! }] });
    const res = await adminClient.post('/api/process/work-records', {
      operationId: operationIds[0], startedAt: '2026-12-03T09:00:00+09:00', goodQuantity: 5, classification: 'confidential', namedUsers: [named.id], remarks: '新配合の試作',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().record.id;
    expect((await memberClient.get(`/api/process/work-records/${id}`)).statusCode).toBe(404);
    expect((await memberClient.request('PUT', `/api/process/work-records/${id}`, { version: 1, startedAt: '2026-12-03T09:00:00+09:00', goodQuantity: 1 })).statusCode).toBe(404);
    const listed = await memberClient.get('/api/process/work-records');
    expect(listed.json().records.map((r: { id: string }) => r.id)).not.toContain(id);
    const queue = await memberClient.get('/api/process/work-queue');
    const op = queue.json().operations.find((o: { id: string }) => o.id === operationIds[0]);
    expect(op.records).toEqual([]);
    expect((await namedClient.get(`/api/process/work-records/${id}`)).json().record.remarks).toBe('新配合の試作');
    expect((await adminClient.get(`/api/process/work-records/${id}`)).statusCode).toBe(200);
    expect((await adminClient.get('/api/process/work-records')).json().records.map((r: { id: string }) => r.id)).toContain(id);
  });

  it('answers 404 for every records route given another tenant’s ids', async () => {
    const before = await recordsState(tdb.db, tenant.id);
    const otherBefore = await recordsState(tdb.db, other.id);
    const cases: [string, string, unknown?][] = [
      ['GET', `/api/process/work-records/${ids.otherRecord}`],
      ['PUT', `/api/process/work-records/${ids.otherRecord}`, { version: 1, startedAt: '2026-12-01T09:00:00+09:00', goodQuantity: 1 }],
      ['POST', '/api/process/work-records', { operationId: ids.otherOp, startedAt: '2026-12-01T09:00:00+09:00', goodQuantity: 1 }],
      ['POST', '/api/process/work-records', { operationId: ids.op2, startedAt: '2026-12-01T09:00:00+09:00', goodQuantity: 1, consumedLots: [{ lotId: ids.otherLot, quantity: 1 }] }],
      ['GET', `/api/process/lots/${ids.otherLot}`],
      ['GET', `/api/process/lots/${ids.otherLot}/genealogy?direction=forward`],
      ['POST', '/api/process/lots', { itemId: ids.otherItem, lotNo: 'X-1', quantity: 1 }],
      ['PUT', `/api/process/emission-factors/${ids.otherFactor}`, { version: 1, kgCo2ePerUnit: 9, source: 'x', year: 2025 }],
      ['DELETE', `/api/process/emission-factors/${ids.otherFactor}`],
      ['POST', '/api/process/emission-factors', { kind: 'material', itemId: ids.otherItem, kgCo2ePerUnit: 1, source: 'x', year: 2025 }],
      ['GET', `/api/process/cfp/orders/${ids.otherOrder}`],
      ['GET', `/api/process/cfp/products/${ids.otherItem}`],
      ['GET', `/api/process/cfp/products/${ids.otherItem}/pact`],
    ];
    for (const [method, url, body] of cases) {
      const res = await adminClient.request(method as 'GET', url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await adminClient.get(`/api/process/work-records?orderId=${ids.otherOrder}`)).json()).toMatchObject({ records: [], total: 0 });
    expect((await adminClient.get(`/api/process/lots?itemId=${ids.otherItem}`)).json()).toMatchObject({ lots: [], total: 0 });
    expect((await adminClient.get(`/api/process/work-queue?workstationId=${ids.otherWs}`)).json()).toEqual({ operations: [] });
    const after = await recordsState(tdb.db, tenant.id);
    expect({ ...after, factors: [], events: [] }).toEqual({ ...before, factors: [], events: [] });
    expect(await recordsState(tdb.db, other.id)).toEqual(otherBefore);
  });
});
