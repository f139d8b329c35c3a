import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { ManualClock } from '../../../src/core/clock.js';
import { withTenant, type Tx } from '../../../src/core/db/index.js';
import { ordersExportTables } from '../../../src/services/process/orders/exportTables.js';
import { createTestApp, type TestClient } from '../../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../../support/db.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../../support/factories.js';
import { clientFor, insertMaster, jst, type Master } from './ordersFixture.js';

const STATUSES = ['draft', 'planned', 'released', 'in_progress', 'done', 'cancelled'] as const;
const LEGAL = new Set(['draft>planned', 'draft>cancelled', 'planned>released', 'planned>cancelled', 'released>in_progress', 'released>cancelled', 'in_progress>done']);

interface Op { id: string; seq: number; workstationId: string; startAt: string | null; endAt: string | null; runMinutes: number; setupMinutes: number; cleanupMinutes: number; plannedEnergy: Record<string, number> }

describe(`process orders and scheduling API (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let tenant: BuiltTenant;
  let other: BuiltTenant;
  let admin: BuiltUser;
  let named: BuiltUser;
  let outsider: BuiltUser;
  let api: TestClient;
  let apiEn: TestClient;
  let namedApi: TestClient;
  let outsiderApi: TestClient;
  let otherApi: TestClient;
  let m: Master;
  // Monday 2026-06-01 09:00 JST.
  const clock = new ManualClock('2026-06-01T00:00:00.000Z');

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
    tenant = await buildTenant(tdb.db, { name: '東洋樹脂株式会社' });
    other = await buildTenant(tdb.db, { name: '他社化成株式会社' });
    admin = await buildUser(tdb.db, tenant, { displayName: '工程 管理者', memberships: [{ service: 'process', role: 'admin' }] });
    named = await buildUser(tdb.db, tenant, { displayName: '計画 担当', memberships: [{ service: 'process', role: 'member' }] });
    outsider = await buildUser(tdb.db, tenant, { displayName: '現場 作業者', memberships: [{ service: 'process', role: 'member' }] });
    const otherAdmin = await buildUser(tdb.db, other, { memberships: [{ service: 'process', role: 'admin' }] });
    api = await clientFor(app, tdb.db, clock, admin);
    apiEn = await clientFor(app, tdb.db, clock, admin, 'en');
    namedApi = await clientFor(app, tdb.db, clock, named);
    outsiderApi = await clientFor(app, tdb.db, clock, outsider);
    otherApi = await clientFor(app, tdb.db, clock, otherAdmin);
    m = await insertMaster(tdb.db, tenant.id);
    await insertMaster(tdb.db, other.id);
  }, 180_000);
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  const create = async (body: Record<string, unknown>, client = api) => {
    const res = await client.post('/api/process/orders', { itemId: m.productId, quantity: 500, dueAt: jst('2026-06-10T17:00:00'), ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { order: { id: string; orderNo: string; status: string; version: number }; operations: Op[]; materials: { itemId: string; requiredQuantity: number }[] };
  };
  const detail = async (id: string, client = api) => (await client.get(`/api/process/orders/${id}`)).json() as { order: { id: string; status: string; version: number; plannedStart: string | null; plannedEnd: string | null; late: boolean }; operations: Op[]; changes: { id: string; canUndo: boolean; undoneAt: string | null }[]; allowedTransitions: string[] };
  const slots = async () =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query('SELECT id, workstation_id, start_at, end_at FROM process.operations WHERE tenant_id = $1 ORDER BY id', [tenant.id])).rows);
  const count = (table: string) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenant.id])).rows[0]!.n);
  const events = (action: string) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ target_id: string; details: Record<string, unknown> }>('SELECT target_id, details FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2', [tenant.id, action])).rows);
  const setStatus = (id: string, status: string) => tdb.db.ownerTransaction((tx) => tx.query('UPDATE process.orders SET status = $2 WHERE id = $1', [id, status]));
  const clearSchedule = () =>
    tdb.db.ownerTransaction(async (tx) => {
      await tx.query(`UPDATE process.orders SET status = 'cancelled' WHERE tenant_id = $1 AND status IN ('draft', 'planned', 'released')`, [tenant.id]);
    });

  it('creates orders with generated numbers, operations from the routing and materials from the formula', async () => {
    const a = await create({ lotNo: 'L-0601' });
    const b = await create({});
    expect(a.order.orderNo).toBe('MO-2026-00001');
    expect(b.order.orderNo).toBe('MO-2026-00002');
    expect(a.order.status).toBe('draft');
    const [mix, ext] = a.operations;
    // 混練: per batch, ceil(500 / 200) = 3 batches × 90 min; setup 30 / cleanup 15 from the workstation.
    expect([mix!.runMinutes, mix!.setupMinutes, mix!.cleanupMinutes, mix!.workstationId]).toEqual([270, 30, 15, m.mixerId]);
    expect(mix!.plannedEnergy).toEqual({ electricity: 260 });
    // 押出: per unit, 0.5 min × 500.
    expect([ext!.runMinutes, ext!.setupMinutes, ext!.cleanupMinutes]).toEqual([250, 0, 0]);
    expect(ext!.plannedEnergy).toEqual({ electricity: 150, city_gas: 10 });
    const req = Object.fromEntries(a.materials.map((x) => [x.itemId, x.requiredQuantity]));
    expect(req[m.resinId]).toBeCloseTo((102 * 500) / 100 / 0.98 / 0.99, 5);
    expect(req[m.additiveId]).toBeCloseTo((2 * 500) / 100 / 0.98, 5);
    expect((await events('process.order.created')).map((e) => e.target_id)).toEqual(expect.arrayContaining([a.order.id, b.order.id]));

    const taken = await api.post('/api/process/orders', { orderNo: 'MO-2026-00001', itemId: m.productId, quantity: 1, dueAt: jst('2026-06-10T17:00:00') });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('process.order_no_taken');
    const bad = await apiEn.post('/api/process/orders', { itemId: m.productId, quantity: -1, dueAt: 'tomorrow' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('Some fields are not valid. Check the message beside each field.');
    const wrongRouting = await api.post('/api/process/orders', { itemId: m.resinId, routingId: m.routingId, quantity: 1, dueAt: jst('2026-06-10T17:00:00') });
    expect(wrongRouting.statusCode).toBe(400);
    expect(wrongRouting.json().error.code).toBe('process.routing_invalid');
    await clearSchedule();
  });

  it('allows only the legal transitions of the state machine (table-driven)', async () => {
    const { order, operations } = await create({});
    // Give the operations slots so that draft → planned is possible.
    await tdb.db.ownerTransaction((tx) => tx.query(`UPDATE process.operations SET start_at = '2030-01-07T00:00:00Z', end_at = '2030-01-07T01:00:00Z' WHERE order_id = $1`, [order.id]));
    expect(operations).toHaveLength(2);
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        await setStatus(order.id, from);
        const res = await api.post(`/api/process/orders/${order.id}/transitions`, { to });
        const after = (await detail(order.id)).order.status;
        if (LEGAL.has(`${from}>${to}`)) {
          expect(res.statusCode, `${from} → ${to}`).toBe(200);
          expect(after).toBe(to);
        } else {
          expect(res.statusCode, `${from} → ${to}`).toBe(409);
          expect(res.json().error.code).toBe('process.transition_invalid');
          expect(after).toBe(from);
        }
      }
    }
    await setStatus(order.id, 'done');
    const en = await apiEn.post(`/api/process/orders/${order.id}/transitions`, { to: 'released' });
    expect(en.json().error.message).toBe('This order is done, so it cannot become released. Reload the page to see its current state.');
    const ja = await api.post(`/api/process/orders/${order.id}/transitions`, { to: 'released' });
    expect(ja.json().error.message).toContain('「完了」のため、「発行済」にはできません');
    expect((await events('process.order.transitioned')).filter((e) => e.target_id === order.id)).toHaveLength(LEGAL.size);
  });

  it('refuses planning an order whose operations have no schedule', async () => {
    const { order } = await create({});
    const res = await api.post(`/api/process/orders/${order.id}/transitions`, { to: 'planned' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('process.order_not_scheduled');
    await clearSchedule();
  });

  it('schedules forward in working time and the next order after it on the shared workstation', async () => {
    const first = await create({ dueAt: jst('2026-06-05T17:00:00') });
    const res = await api.post(`/api/process/orders/${first.order.id}/schedule`, { direction: 'forward' });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as Awaited<ReturnType<typeof detail>>;
    expect(d.order.status).toBe('planned');
    // 混練 30 + 270 + 15 = 315 min from Mon 09:00 → 14:15; 押出 250 min: 14:15–17:00 (165) + Tue 08:00–09:25 (85).
    expect(d.operations.map((o) => [o.startAt, o.endAt])).toEqual([
      [jst('2026-06-01T09:00:00'), jst('2026-06-01T14:15:00')],
      [jst('2026-06-01T14:15:00'), jst('2026-06-02T09:25:00')],
    ]);
    expect([d.order.plannedStart, d.order.plannedEnd]).toEqual([jst('2026-06-01T09:00:00'), jst('2026-06-02T09:25:00')]);
    expect(d.order.late).toBe(false);

    const second = await create({ dueAt: jst('2026-06-05T17:00:00') });
    const s = (await api.post(`/api/process/orders/${second.order.id}/schedule`, { direction: 'forward' })).json() as Awaited<ReturnType<typeof detail>>;
    // The mixer is busy until 14:15; then 315 min → 14:15–17:00 (165) + Tue 08:00–10:30 (150).
    expect(s.operations[0]!.startAt).toBe(jst('2026-06-01T14:15:00'));
    expect(s.operations[0]!.endAt).toBe(jst('2026-06-02T10:30:00'));
    // The extruder is busy until Tue 09:25, free again when the mixer finishes at 10:30.
    expect(s.operations[1]!.startAt).toBe(jst('2026-06-02T10:30:00'));
    expect((await events('process.order.scheduled')).length).toBeGreaterThanOrEqual(2);

    // Backward: a third order due Friday 17:00 finishes exactly then.
    const third = await create({ dueAt: jst('2026-06-05T17:00:00'), quantity: 100 });
    const t = (await api.post(`/api/process/orders/${third.order.id}/schedule`, { direction: 'backward' })).json() as Awaited<ReturnType<typeof detail>>;
    expect(t.operations[1]!.endAt).toBe(jst('2026-06-05T17:00:00'));
    expect(t.operations[0]!.endAt! <= t.operations[1]!.startAt!).toBe(true);

    // Gantt, dispatch and load over that week.
    const gantt = (await api.get(`/api/process/gantt?from=${encodeURIComponent(jst('2026-06-01T00:00:00'))}&to=${encodeURIComponent(jst('2026-06-08T00:00:00'))}`)).json();
    expect(gantt.operations).toHaveLength(6);
    // The Gantt lists by workstation, then time; the order's steps are compared in their sequence.
    const firstOps = gantt.operations.filter((o: { orderId: string }) => o.orderId === first.order.id).sort((a: { seq: number }, b: { seq: number }) => a.seq - b.seq);
    expect(firstOps.map((o: { seq: number; startAt: string; endAt: string; late: boolean; status: string }) => [o.seq, o.startAt, o.endAt, o.late, o.status])).toEqual([
      [1, jst('2026-06-01T09:00:00'), jst('2026-06-01T14:15:00'), false, 'pending'],
      [2, jst('2026-06-01T14:15:00'), jst('2026-06-02T09:25:00'), false, 'pending'],
    ]);
    expect(gantt.orders.find((o: { id: string }) => o.id === first.order.id)).toEqual({
      id: first.order.id, orderNo: first.order.orderNo, itemName: 'PPコンパウンド', dueAt: jst('2026-06-05T17:00:00'), status: 'planned', late: false,
    });
    const order = (ops: { workstationId: string; startAt: string }[]) => ops.map((o) => `${o.workstationId} ${o.startAt}`);
    expect(order(gantt.operations)).toEqual([...order(gantt.operations)].sort());
    expect(gantt.orders.map((o: { id: string }) => o.id).sort()).toEqual([first.order.id, second.order.id, third.order.id].sort());
    const mixer = gantt.workstations.find((w: { id: string }) => w.id === m.mixerId);
    expect(mixer.nonWorking[0]).toEqual({ start: jst('2026-06-01T00:00:00'), end: jst('2026-06-01T08:00:00') });
    expect(mixer.nonWorking).toContainEqual({ start: jst('2026-06-05T17:00:00'), end: jst('2026-06-08T00:00:00') });
    const dispatch = (await api.get(`/api/process/dispatch?workstationId=${m.mixerId}&day=2026-06-02`)).json();
    expect(dispatch.operations.map((o: { orderNo: string; startAt: string }) => o.startAt)).toEqual([jst('2026-06-01T14:15:00')]);
    expect(dispatch.workstation.id).toBe(m.mixerId);
    const load = (await api.get('/api/process/load?from=2026-06-03&weeks=2')).json();
    expect(load.weeks).toEqual(['2026-06-01', '2026-06-08']);
    const mixerLoad = load.workstations.find((w: { id: string }) => w.id === m.mixerId);
    // 5 days × 540 min available; booked 315 + 315 + (30 + 90 + 15) of the third order.
    expect(mixerLoad.weeks[0]).toEqual({ weekStart: '2026-06-01', bookedMinutes: 765, availableMinutes: 2700, loadPct: 28.3 });
    expect(mixerLoad.weeks[1].bookedMinutes).toBe(0);
  });

  it('refuses a reschedule onto a taken slot with 409 and the overlapping operations, changing nothing', async () => {
    const { orders } = (await api.get('/api/process/orders?status=planned')).json() as { orders: { id: string; orderNo: string }[] };
    const [first, second] = orders;
    const a = await detail(first!.id);
    const b = await detail(second!.id);
    const before = { slots: await slots(), changes: await count('process.schedule_changes') };
    const res = await api.post(`/api/process/orders/${b.order.id}/reschedule`, { operationId: b.operations[0]!.id, startAt: jst('2026-06-01T10:00:00') });
    expect(res.statusCode).toBe(409);
    const body = res.json();
    expect(body.code).toBe('process.schedule_conflict');
    expect(body.error.code).toBe('process.schedule_conflict');
    expect(body.conflicts).toContainEqual({ operationId: a.operations[0]!.id, orderId: a.order.id, orderNo: first!.orderNo, startAt: a.operations[0]!.startAt, endAt: a.operations[0]!.endAt });
    expect({ slots: await slots(), changes: await count('process.schedule_changes') }).toEqual(before);
  });

  it('moves an operation with the later ones following, and undoes it; undo is refused once the old slot is taken', async () => {
    const { orders } = (await api.get('/api/process/orders?status=planned')).json() as { orders: { id: string }[] };
    const third = await detail(orders[2]!.id); // the backward one, Friday
    const before = third.operations.map((o) => [o.startAt, o.endAt]);
    // Drag the mixing step to Thursday 16:30.
    const res = await api.post(`/api/process/orders/${third.order.id}/reschedule`, { operationId: third.operations[0]!.id, startAt: jst('2026-06-04T16:30:00') });
    expect(res.statusCode, res.body).toBe(200);
    const { detail: moved, changeId } = res.json() as { detail: Awaited<ReturnType<typeof detail>>; changeId: string };
    // 135 min from Thu 16:30: 30 min + Fri 08:00–09:45; the extrusion (50 min) was at 16:10–17:00 Friday: it stays (no overlap).
    expect(moved.operations[0]!.startAt).toBe(jst('2026-06-04T16:30:00'));
    expect(moved.operations[0]!.endAt).toBe(jst('2026-06-05T09:45:00'));
    expect(moved.operations[1]!.startAt).toBe(before[1]![0]);
    expect(moved.changes[0]).toMatchObject({ id: changeId, canUndo: true, undoneAt: null });

    // Now push it past the extrusion: the extrusion follows to keep the sequence.
    const late = await api.post(`/api/process/orders/${third.order.id}/reschedule`, { operationId: third.operations[0]!.id, startAt: jst('2026-06-05T15:00:00') });
    expect(late.statusCode, late.body).toBe(200);
    const l = late.json().detail as Awaited<ReturnType<typeof detail>>;
    expect(l.operations[0]!.endAt).toBe(jst('2026-06-08T08:15:00')); // 135 min: Fri 15:00–17:00 + Mon 08:00–08:15
    expect(l.operations[1]!.startAt).toBe(jst('2026-06-08T08:15:00'));
    expect(l.order.late).toBe(true);

    const undo = await api.post(`/api/process/schedule-changes/${late.json().changeId}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json().detail.operations.map((o: Op) => o.startAt)).toEqual([jst('2026-06-04T16:30:00'), before[1]![0]]);
    const again = await api.post(`/api/process/schedule-changes/${late.json().changeId}/undo`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('process.undo_unavailable');

    // Take the original Friday slot of the mixer with another order, then undo the first change: refused.
    const blocker = await create({ quantity: 10, dueAt: jst('2026-06-05T17:00:00') });
    const blocked = await api.post(`/api/process/orders/${blocker.order.id}/schedule`, { direction: 'forward', from: before[0]![0] });
    expect(blocked.json().operations[0].startAt).toBe(before[0]![0]);
    const snapshot = { slots: await slots(), changes: await count('process.schedule_changes') };
    const refused = await api.post(`/api/process/schedule-changes/${changeId}/undo`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('process.undo_conflict');
    expect(refused.json().conflicts[0].orderId).toBe(blocker.order.id);
    expect({ slots: await slots(), changes: await count('process.schedule_changes') }).toEqual(snapshot);
    expect(await events('process.order.rescheduled')).toHaveLength(2);
    expect(await events('process.schedule_change.undone')).toHaveLength(1);
  });

  it('edits draft and planned orders with their version; a new quantity rebuilds the operations', async () => {
    const { order } = await create({ quantity: 400 });
    const stale = await api.request('PUT', `/api/process/orders/${order.id}`, { version: order.version + 5, dueAt: jst('2026-06-12T17:00:00') });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
    await api.post(`/api/process/orders/${order.id}/schedule`, { direction: 'forward' });
    const planned = await detail(order.id);
    const res = await api.request('PUT', `/api/process/orders/${order.id}`, { version: planned.order.version, quantity: 600, remarks: '増産' });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as Awaited<ReturnType<typeof detail>>;
    expect(d.order.status).toBe('draft');
    expect(d.operations[0]!.runMinutes).toBe(270); // ceil(600 / 200) = 3 batches
    expect(d.operations[1]!.runMinutes).toBe(300);
    expect(d.operations.every((o) => o.startAt === null)).toBe(true);
    await setStatus(order.id, 'released');
    const released = await api.request('PUT', `/api/process/orders/${order.id}`, { version: d.order.version, remarks: 'x' });
    expect(released.statusCode).toBe(409);
    expect(released.json().error.code).toBe('process.order_not_editable');
    await setStatus(order.id, 'cancelled');
  });

  it('schedules many orders by due date in one run', async () => {
    const far = await create({ dueAt: jst('2026-07-31T17:00:00'), quantity: 100 });
    const near = await create({ dueAt: jst('2026-07-01T17:00:00'), quantity: 100 });
    const res = await api.post('/api/process/schedule/run', { orderIds: [far.order.id, near.order.id], direction: 'forward', from: jst('2026-07-06T08:00:00') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().scheduled.map((s: { id: string }) => s.id)).toEqual([near.order.id, far.order.id]);
    const n = await detail(near.order.id);
    const f = await detail(far.order.id);
    expect(n.operations[0]!.startAt).toBe(jst('2026-07-06T08:00:00'));
    expect(f.operations[0]!.startAt).toBe(n.operations[0]!.endAt);
    expect(await events('process.schedule.run')).toHaveLength(1);
  });

  it('schedules two orders at once on one workstation without double booking', async () => {
    const created = [];
    for (let i = 0; i < 4; i++) created.push(await create({ dueAt: jst('2026-08-31T17:00:00') }));
    const from = jst('2026-08-03T08:00:00');
    // All at once: each booking locks the workstations it uses, so none sees a stale timeline.
    const results = await Promise.all(created.map((c) => api.post(`/api/process/orders/${c.order.id}/schedule`, { direction: 'forward', from })));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const rows = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ workstation_id: string; start_at: Date; end_at: Date }>(
        `SELECT p.workstation_id, p.start_at, p.end_at FROM process.operations p JOIN process.orders o ON o.id = p.order_id AND o.tenant_id = p.tenant_id
          WHERE p.tenant_id = $1 AND p.start_at IS NOT NULL AND o.status <> 'cancelled' ORDER BY p.workstation_id, p.start_at`,
        [tenant.id],
      )).rows,
    );
    for (let i = 1; i < rows.length; i++) {
      if (rows[i]!.workstation_id === rows[i - 1]!.workstation_id) expect(rows[i]!.start_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.end_at.getTime());
    }
  });

  it('filters late and not late orders, unscheduled ones included', async () => {
    const future = await create({ orderNo: 'LATE-CHECK-1', dueAt: jst('2026-12-10T17:00:00') });
    const past = await create({ orderNo: 'LATE-CHECK-2', dueAt: jst('2026-05-29T17:00:00') });
    const ids = async (late: boolean) => ((await api.get(`/api/process/orders?q=LATE-CHECK&late=${late}`)).json().orders as { id: string }[]).map((o) => o.id);
    expect(await ids(false)).toEqual([future.order.id]);
    expect(await ids(true)).toEqual([past.order.id]);
  });

  it('hides confidential orders from members not named on them', async () => {
    const secret = await create({ classification: 'confidential', namedUsers: [named.id], orderNo: 'SECRET-1' });
    await api.post(`/api/process/orders/${secret.order.id}/schedule`, { direction: 'forward', from: jst('2026-09-07T08:00:00') });
    expect((await namedApi.get(`/api/process/orders/${secret.order.id}`)).statusCode).toBe(200);
    expect((await outsiderApi.get(`/api/process/orders/${secret.order.id}`)).statusCode).toBe(404);
    expect((await outsiderApi.post(`/api/process/orders/${secret.order.id}/transitions`, { to: 'cancelled' })).statusCode).toBe(404);
    const list = (await outsiderApi.get('/api/process/orders?q=SECRET')).json();
    expect(list).toMatchObject({ orders: [], total: 0 });
    expect((await namedApi.get('/api/process/orders?q=SECRET')).json().total).toBe(1);
    const range = `from=${encodeURIComponent(jst('2026-09-07T00:00:00'))}&to=${encodeURIComponent(jst('2026-09-14T00:00:00'))}`;
    expect((await outsiderApi.get(`/api/process/gantt?${range}`)).json().operations).toHaveLength(0);
    expect((await namedApi.get(`/api/process/gantt?${range}`)).json().operations).toHaveLength(2);
    expect((await outsiderApi.get(`/api/process/dispatch?workstationId=${m.mixerId}&day=2026-09-07`)).json().operations).toHaveLength(0);
  });

  it('answers 404 for another tenant’s orders, changes and workstations on every route', async () => {
    const { order, operations } = await create({ dueAt: jst('2026-10-30T17:00:00') });
    await api.post(`/api/process/orders/${order.id}/schedule`, { direction: 'forward', from: jst('2026-10-05T08:00:00') });
    const moved = await api.post(`/api/process/orders/${order.id}/reschedule`, { operationId: operations[0]!.id, startAt: jst('2026-10-06T08:00:00') });
    const changeId = moved.json().changeId as string;
    const before = { slots: await slots(), changes: await count('process.schedule_changes') };
    const attempts = [
      otherApi.get(`/api/process/orders/${order.id}`),
      otherApi.request('PUT', `/api/process/orders/${order.id}`, { version: 1, remarks: 'x' }),
      otherApi.post(`/api/process/orders/${order.id}/transitions`, { to: 'cancelled' }),
      otherApi.post(`/api/process/orders/${order.id}/schedule`, { direction: 'forward' }),
      otherApi.post('/api/process/schedule/run', { orderIds: [order.id], direction: 'forward' }),
      otherApi.post(`/api/process/orders/${order.id}/reschedule`, { operationId: operations[0]!.id, startAt: jst('2026-10-07T08:00:00') }),
      otherApi.post(`/api/process/schedule-changes/${changeId}/undo`),
      otherApi.get(`/api/process/dispatch?workstationId=${m.mixerId}&day=2026-10-05`),
    ];
    for (const res of await Promise.all(attempts)) expect(res.statusCode, res.body).toBe(404);
    expect((await otherApi.get('/api/process/orders')).json().orders.every((o: { id: string }) => o.id !== order.id)).toBe(true);
    const gantt = (await otherApi.get(`/api/process/gantt?from=${encodeURIComponent(jst('2026-10-05T00:00:00'))}&to=${encodeURIComponent(jst('2026-10-12T00:00:00'))}`)).json();
    expect(gantt.operations).toHaveLength(0);
    expect(gantt.workstations.map((w: { id: string }) => w.id)).not.toContain(m.mixerId);
    const otherOrder = await otherApi.post('/api/process/orders', { itemId: m.productId, quantity: 1, dueAt: jst('2026-10-10T17:00:00') });
    expect(otherOrder.statusCode).toBe(400); // our item is not theirs
    expect({ slots: await slots(), changes: await count('process.schedule_changes') }).toEqual(before);
  });

  it('exports the orders tables of the tenant, every row with its declared columns', async () => {
    const read = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(tdb.db, tenant.id, fn);
    const tables = ordersExportTables(read);
    expect(tables.map((t) => t.name)).toEqual(['process_orders', 'process_operations', 'process_order_materials', 'process_schedule_changes']);
    for (const table of tables) {
      const rows = [];
      for await (const page of table.rows()) rows.push(...page);
      expect(rows.length, table.name).toBe(await table.count());
      expect(rows.length, table.name).toBeGreaterThan(0);
      expect(Object.keys(rows[0]!).sort()).toEqual(table.columns.map((c) => c.key).sort());
    }
    const mine = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ id: string }>('SELECT id FROM process.orders WHERE tenant_id = $1', [tenant.id])).rows.map((r) => r.id).sort());
    const exported = [];
    for await (const page of tables[0]!.rows()) exported.push(...page.map((r) => String(r.id)));
    expect(exported.sort()).toEqual(mine);
  });

  it('refuses bad planning queries with messages in the user’s language', async () => {
    const res = await apiEn.get(`/api/process/gantt?from=${encodeURIComponent(jst('2026-06-08T00:00:00'))}&to=${encodeURIComponent(jst('2026-06-01T00:00:00'))}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.to).toBe('The end must be after the start.');
    const ja = await api.get('/api/process/load?from=2026-13-01');
    expect(ja.statusCode).toBe(400);
  });
});
