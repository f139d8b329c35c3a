import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../../src/core/db/index.js';
import type { ExportRow } from '../../../src/platform/services/index.js';
import { masterExportTables } from '../../../src/services/process/master/exportTables.js';
import { testDatabaseKind } from '../../support/db.js';
import { masterEvents, masterState, openMasterWorld, WEEKDAY_HOURS, type MasterWorld } from './masterSetup.js';

// Each test builds on the rows of the ones before (one tenant's master data growing).
describe(`process master data: items, formulas, workstations, routings (${testDatabaseKind()})`, { timeout: 180_000 }, () => {
  let world: MasterWorld;
  beforeAll(async () => {
    world = await openMasterWorld();
  }, 300_000);
  afterAll(async () => {
    await world.close();
  });

  const post = async (url: string, body: unknown) => {
    const res = await world.adminClient.post(`/api/process${url}`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it('creates, reads, lists, updates an item with its labels and audits each change', async () => {
    const { item } = await post('/items', { code: 'PP-001', name: 'ポリプロピレン樹脂', kind: 'raw', unit: 'kg', remarks: '輸入品', labels: ['難燃'] });
    expect(item).toMatchObject({ code: 'PP-001', name: 'ポリプロピレン樹脂', kind: 'raw', unit: 'kg', remarks: '輸入品', labels: ['難燃'], classification: 'general', namedUsers: [], archived: false, version: 1 });
    expect((await world.memberClient.get(`/api/process/items/${item.id}`)).json().item).toEqual(item);

    const list = await world.memberClient.get('/api/process/items?q=ＰＰ&kind=raw');
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: item.id }] });
    expect((await world.memberClient.get('/api/process/items?kind=product')).json().total).toBe(0);

    const put = await world.adminClient.request('PUT', `/api/process/items/${item.id}`, { version: 1, name: 'PP樹脂', classification: 'internal' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().item).toMatchObject({ code: 'PP-001', name: 'PP樹脂', classification: 'internal', remarks: '輸入品', version: 2 });

    const [created] = await masterEvents(world, 'process.item.created');
    expect(created).toMatchObject({ target_id: item.id, actor_id: world.admin.id, details: { code: 'PP-001' } });
    const [updated] = await masterEvents(world, 'process.item.updated');
    expect(updated).toMatchObject({ target_id: item.id, details: { fields: ['name', 'classification'] }, changes: { before: { name: 'ポリプロピレン樹脂', classification: 'general' }, after: { name: 'PP樹脂', classification: 'internal' } } });
  });

  it('refuses a stale version with 409 conflict and changes nothing', async () => {
    const { item } = await post('/items', { code: 'V-1', name: '版テスト', kind: 'product', unit: 'kg' });
    expect((await world.adminClient.request('PUT', `/api/process/items/${item.id}`, { version: 1, name: '一回目' })).statusCode).toBe(200);
    const before = await masterState(world);
    const stale = await world.adminClient.request('PUT', `/api/process/items/${item.id}`, { version: 1, name: '二回目' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
    expect(stale.json().error.message).toContain('再読み込み');
    expect(await masterState(world)).toEqual(before);
  });

  it('answers bad input with 400 in the user’s language and writes nothing', async () => {
    const en = await world.clientFor(world.admin, 'en');
    const before = await masterState(world);
    const cases: [string, unknown, string, RegExp, RegExp][] = [
      ['/items', { code: '', name: 'x', kind: 'raw', unit: 'kg' }, 'code', /入力してください/, /required/],
      ['/items', { code: 'X', name: 'x', kind: 'gas', unit: 'kg' }, 'kind', /選択肢/, /allowed values/],
      ['/items', { code: 'X', name: 'x', kind: 'raw', unit: 'kg', classification: 'secret' }, 'classification', /選択肢/, /allowed values/],
      ['/workstations', { code: 'W', name: '機', workHours: { mon: [['08:00', '25:00']] } }, 'workHours.mon.0.1', /HH:MM/, /HH:MM/],
      ['/workstations', { code: 'W', name: '機', workHours: { mon: [['17:00', '08:00']] } }, 'workHours.mon.0', /開始は終了より前/, /start before it ends/],
      ['/workstations', { code: 'W', name: '機', workHours: { tue: [['08:00', '12:00'], ['11:00', '17:00']] } }, 'workHours.tue', /重なって/, /overlap/],
      ['/workstations', { code: 'W', name: '機', workHours: {}, days: [{ day: '2026-02-30', hours: [] }] }, 'days.0.day', /2026-11-27/, /YYYY-MM-DD/],
      ['/workstations', { code: 'W', name: '機', workHours: {}, energySources: ['Electricity'] }, 'energySources.0', /エネルギー種別/, /energy type/],
      ['/workstations', { code: 'W', name: '機', workHours: {}, setupMinutes: -5 }, 'setupMinutes', /0以上/, /at least 0/],
    ];
    for (const [url, body, field, ja, enText] of cases) {
      const resJa = await world.adminClient.post(`/api/process${url}`, body);
      expect(resJa.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(resJa.json().error.code).toBe('validation.failed');
      expect(resJa.json().error.fields[field], JSON.stringify(resJa.json().error.fields)).toMatch(ja);
      const resEn = await en.post(`/api/process${url}`, body);
      expect(resEn.json().error.fields[field]).toMatch(enText);
    }
    const dup = await world.adminClient.post('/api/process/items', { code: 'PP-001', name: '重複', kind: 'raw', unit: 'kg' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'process.code_taken', fields: { code: 'このコードは既に使われています。別のコードを入力してください。' } });
    expect((await en.post('/api/process/items', { code: 'PP-001', name: 'dup', kind: 'raw', unit: 'kg' })).json().error.message).toBe('This code is already in use. Enter another code.');
    expect(await masterState(world)).toEqual(before);
  });

  it('keeps formulas with lines, yield and scrap, one default per item, and checks components', async () => {
    const { item: product } = await post('/items', { code: 'CMP-1', name: 'PPコンパウンド', kind: 'product', unit: 'kg' });
    const { item: resin } = await post('/items', { code: 'RES-1', name: '樹脂', kind: 'raw', unit: 'kg' });
    const { item: filler } = await post('/items', { code: 'TAL-1', name: 'タルク', kind: 'raw', unit: 'kg' });
    const first = (await post('/formulas', { itemId: product.id, code: 'F-1', name: '標準配合', baseQuantity: 100, yieldPct: 98, lines: [{ componentItemId: resin.id, quantity: 80, scrapPct: 1.5 }, { componentItemId: filler.id, quantity: 20 }] })).formula;
    expect(first).toMatchObject({ itemCode: 'CMP-1', itemName: 'PPコンパウンド', baseQuantity: 100, yieldPct: 98, isDefault: true, version: 1 });
    expect(first.lines).toEqual([
      { lineNo: 1, componentItemId: resin.id, componentCode: 'RES-1', componentName: '樹脂', unit: 'kg', quantity: 80, scrapPct: 1.5 },
      { lineNo: 2, componentItemId: filler.id, componentCode: 'TAL-1', componentName: 'タルク', unit: 'kg', quantity: 20, scrapPct: 0 },
    ]);
    const second = (await post('/formulas', { itemId: product.id, code: 'F-2', name: '試作配合', baseQuantity: 50, isDefault: true, lines: [{ componentItemId: resin.id, quantity: 50 }] })).formula;
    expect(second.isDefault).toBe(true);
    const listed = (await world.memberClient.get(`/api/process/formulas?itemId=${product.id}`)).json();
    expect(listed.total).toBe(2);
    expect(listed.formulas.map((f: { code: string; isDefault: boolean }) => [f.code, f.isDefault])).toEqual([['F-1', false], ['F-2', true]]);

    const before = await masterState(world);
    const bad = await world.adminClient.post('/api/process/formulas', { itemId: product.id, code: 'F-3', name: '自己参照', baseQuantity: 1, lines: [{ componentItemId: product.id, quantity: 1 }, { componentItemId: resin.id, quantity: 1 }, { componentItemId: resin.id, quantity: 2 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields['lines.2.componentItemId']).toMatch(/同じ構成品目/);
    const self = await world.adminClient.post('/api/process/formulas', { itemId: product.id, code: 'F-3', name: '自己参照', baseQuantity: 1, yieldPct: 100, lines: [{ componentItemId: product.id, quantity: 1 }] });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.fields['lines.0.componentItemId']).toMatch(/構成品目にできません/);
    const yieldBad = await world.adminClient.post('/api/process/formulas', { itemId: product.id, code: 'F-3', name: 'x', baseQuantity: 1, yieldPct: 120, lines: [{ componentItemId: resin.id, quantity: 1, scrapPct: 100 }] });
    expect(Object.keys(yieldBad.json().error.fields).sort()).toEqual(['lines.0.scrapPct', 'yieldPct']);
    expect(await masterState(world)).toEqual(before);

    const put = await world.adminClient.request('PUT', `/api/process/formulas/${first.id}`, { itemId: product.id, code: 'F-1', name: '標準配合', baseQuantity: 100, yieldPct: 97, isDefault: true, version: 1, lines: [{ componentItemId: filler.id, quantity: 30, scrapPct: 2 }] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().formula).toMatchObject({ yieldPct: 97, isDefault: true, version: 2, lines: [{ lineNo: 1, componentCode: 'TAL-1', quantity: 30, scrapPct: 2 }] });
    expect((await world.memberClient.get(`/api/process/formulas/${second.id}`)).json().formula.isDefault).toBe(false);

    const del = await world.adminClient.request('DELETE', `/api/process/formulas/${first.id}`);
    expect(del.json()).toEqual({ deleted: true });
    expect((await world.memberClient.get(`/api/process/formulas/${second.id}`)).json().formula.isDefault).toBe(true);
    expect((await world.memberClient.get(`/api/process/formulas/${first.id}`)).statusCode).toBe(404);
    expect((await masterEvents(world, 'process.formula.deleted'))[0]).toMatchObject({ target_id: first.id, details: { code: 'F-1' } });
  });

  it('keeps workstations with weekly hours (sorted), holidays and day exceptions', async () => {
    const { workstation } = await post('/workstations', {
      code: 'EXT-1',
      name: '押出機1号',
      capacity: 200,
      capacityUnit: 'kg/h',
      setupMinutes: 30,
      cleanupMinutes: 15,
      powerKw: 55.5,
      energySources: ['electricity', 'steam'],
      workHours: { ...WEEKDAY_HOURS, mon: [['13:00', '17:00'], ['08:00', '12:00']], sat: [] },
      observeHolidays: false,
      days: [{ day: '2026-12-29', hours: [], note: '年末休業' }, { day: '2026-12-26', hours: [['09:00', '12:00']] }],
    });
    expect(workstation).toMatchObject({
      code: 'EXT-1',
      capacity: 200,
      capacityUnit: 'kg/h',
      setupMinutes: 30,
      cleanupMinutes: 15,
      powerKw: 55.5,
      energySources: ['electricity', 'steam'],
      workHours: { mon: [['08:00', '12:00'], ['13:00', '17:00']], tue: [['08:00', '17:00']] },
      observeHolidays: false,
      days: [{ day: '2026-12-26', hours: [['09:00', '12:00']], note: '' }, { day: '2026-12-29', hours: [], note: '年末休業' }],
      archived: false,
      version: 1,
    });
    expect(workstation.workHours.sat).toBeUndefined();
    const defaults = (await post('/workstations', { code: 'MIX-1', name: '混練機', workHours: { mon: [['00:00', '24:00']] } })).workstation;
    expect(defaults).toMatchObject({ capacity: 1, setupMinutes: 0, powerKw: 0, energySources: [], observeHolidays: true, days: [] });
    const put = await world.adminClient.request('PUT', `/api/process/workstations/${defaults.id}`, { code: 'MIX-1', name: '混練機A', workHours: {}, days: [{ day: '2027-01-04', hours: [['08:00', '12:00']] }], version: 1 });
    expect(put.json().workstation).toMatchObject({ name: '混練機A', workHours: {}, days: [{ day: '2027-01-04' }], version: 2 });
    expect((await world.memberClient.get('/api/process/workstations')).json().total).toBe(2);
  });

  it('keeps routings with ordered steps and checks their workstations', async () => {
    const product = (await world.adminClient.get('/api/process/items?q=CMP-1')).json().items[0];
    const ws = (await world.adminClient.get('/api/process/workstations?q=EXT-1')).json().workstations[0];
    const mix = (await world.adminClient.get('/api/process/workstations?q=MIX-1')).json().workstations[0];
    const { routing } = await post('/routings', {
      itemId: product.id,
      code: 'R-1',
      name: '標準工程',
      steps: [
        { name: '混練', workstationId: mix.id, timeBasis: 'per_batch', standardMinutes: 45, batchSize: 500, energyPerUnit: { electricity: 0.12 } },
        { name: '押出', workstationId: ws.id, timeBasis: 'per_unit', standardMinutes: 0.3, energyPerUnit: { electricity: 0.5, steam: 0.001 } },
      ],
    });
    expect(routing).toMatchObject({ itemCode: 'CMP-1', isDefault: true, version: 1 });
    expect(routing.steps).toEqual([
      { seq: 1, name: '混練', workstationId: mix.id, workstationCode: 'MIX-1', workstationName: '混練機A', timeBasis: 'per_batch', standardMinutes: 45, batchSize: 500, energyPerUnit: { electricity: 0.12 } },
      { seq: 2, name: '押出', workstationId: ws.id, workstationCode: 'EXT-1', workstationName: '押出機1号', timeBasis: 'per_unit', standardMinutes: 0.3, batchSize: 1, energyPerUnit: { electricity: 0.5, steam: 0.001 } },
    ]);
    const before = await masterState(world);
    const unknown = await world.adminClient.post('/api/process/routings', { itemId: product.id, code: 'R-2', name: 'x', steps: [{ name: 'a', workstationId: '00000000-0000-4000-8000-000000000000', timeBasis: 'per_unit', standardMinutes: 1 }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields['steps.0.workstationId']).toBe('この設備は登録されていません。');
    const energyBad = await world.adminClient.post('/api/process/routings', { itemId: product.id, code: 'R-2', name: 'x', steps: [{ name: 'a', workstationId: ws.id, timeBasis: 'per_unit', standardMinutes: 1, energyPerUnit: { electricity: -1 } }] });
    expect(energyBad.statusCode).toBe(400);
    expect(await masterState(world)).toEqual(before);

    const put = await world.adminClient.request('PUT', `/api/process/routings/${routing.id}`, { itemId: product.id, code: 'R-1', name: '標準工程', version: 1, steps: [{ name: '押出', workstationId: ws.id, timeBasis: 'per_unit', standardMinutes: 0.25 }] });
    expect(put.json().routing).toMatchObject({ version: 2, isDefault: true, steps: [{ seq: 1, name: '押出', standardMinutes: 0.25, energyPerUnit: {} }] });
    const stale = await world.adminClient.request('PUT', `/api/process/routings/${routing.id}`, { itemId: product.id, code: 'R-1', name: '古い', version: 1, steps: [{ name: '押出', workstationId: ws.id, timeBasis: 'per_unit', standardMinutes: 1 }] });
    expect(stale.statusCode).toBe(409);
  });

  it('archives items and workstations in use, deletes unused ones, and refuses to delete a routing an order uses', async () => {
    const { item: unused } = await post('/items', { code: 'TMP-1', name: '一時品目', kind: 'intermediate', unit: 'kg' });
    const gone = await world.adminClient.request('DELETE', `/api/process/items/${unused.id}`);
    expect(gone.json()).toEqual({ deleted: true });
    expect((await world.adminClient.get(`/api/process/items/${unused.id}`)).statusCode).toBe(404);

    const resin = (await world.adminClient.get('/api/process/items?q=RES-1')).json().items[0];
    const archived = await world.adminClient.request('DELETE', `/api/process/items/${resin.id}`);
    expect(archived.json()).toMatchObject({ deleted: false, item: { id: resin.id, archived: true, version: resin.version + 1 } });
    expect((await world.adminClient.get('/api/process/items?q=RES-1')).json().total).toBe(0);
    expect((await world.adminClient.get('/api/process/items?q=RES-1&includeArchived=true')).json().total).toBe(1);
    expect((await masterEvents(world, 'process.item.deleted')).map((e) => [e.target_id, e.details.archived]).sort()).toEqual([[unused.id, false], [resin.id, true]].sort());
    const product = (await world.adminClient.get('/api/process/items?q=CMP-1')).json().items[0];
    const useArchived = await world.adminClient.post('/api/process/formulas', { itemId: product.id, code: 'F-9', name: 'x', baseQuantity: 1, lines: [{ componentItemId: resin.id, quantity: 1 }] });
    expect(useArchived.json().error.fields['lines.0.componentItemId']).toBe('この品目はアーカイブ済みのため使えません。');

    const ext = (await world.adminClient.get('/api/process/workstations?q=EXT-1')).json().workstations[0];
    expect((await world.adminClient.request('DELETE', `/api/process/workstations/${ext.id}`)).json()).toMatchObject({ deleted: false, workstation: { archived: true } });
    const archivedWs = (await world.adminClient.get(`/api/process/workstations/${ext.id}`)).json().workstation;
    const restore = { ...Object.fromEntries(Object.entries(archivedWs).filter(([k]) => k !== 'id')), archived: false };
    expect((await world.adminClient.request('PUT', `/api/process/workstations/${ext.id}`, restore)).json().workstation).toMatchObject({ archived: false, version: archivedWs.version + 1 });
    expect((await world.adminClient.request('DELETE', `/api/process/workstations/${ext.id}`)).json()).toMatchObject({ deleted: false, workstation: { archived: true } });

    const routing = (await world.adminClient.get(`/api/process/routings?itemId=${product.id}`)).json().routings[0];
    await world.tdb.db.ownerTransaction((tx) =>
      tx.query(`INSERT INTO process.orders (tenant_id, order_no, item_id, routing_id, quantity, due_at, created_at, updated_at) VALUES ($1, 'MO-1', $2, $3, 10, now(), now(), now())`, [world.tenant.id, product.id, routing.id]),
    );
    const before = await masterState(world);
    const inUse = await world.adminClient.request('DELETE', `/api/process/routings/${routing.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error).toMatchObject({ code: 'process.master_in_use', message: 'この工程表は製造指図で使われているため削除できません。' });
    expect(await masterState(world)).toEqual(before);
  });

  it('exports every master table of the tenant with ja/en headers', async () => {
    const tables = masterExportTables((fn) => withTenant(world.tdb.db, world.tenant.id, fn));
    expect(tables.map((t) => t.name)).toEqual(['process_items', 'process_formulas', 'process_formula_lines', 'process_workstations', 'process_workstation_days', 'process_routings', 'process_routing_steps']);
    const rowsOf = async (name: string) => {
      const table = tables.find((t) => t.name === name)!;
      const rows: ExportRow[] = [];
      for await (const batch of table.rows()) rows.push(...batch);
      expect(rows.length).toBe(await table.count());
      for (const column of table.columns) expect(column.header.ja && column.header.en, column.key).toBeTruthy();
      return rows;
    };
    const items = await rowsOf('process_items');
    expect(items.map((r) => r.code).sort()).toEqual(['CMP-1', 'PP-001', 'RES-1', 'TAL-1', 'V-1']);
    expect(items.find((r) => r.code === 'RES-1')).toMatchObject({ archived: true, kind: 'raw' });
    expect((await rowsOf('process_formula_lines')).length).toBe(1);
    expect((await rowsOf('process_workstation_days')).map((r) => r.day).sort()).toEqual(['2026-12-26', '2026-12-29', '2027-01-04']);
    expect((await rowsOf('process_routing_steps'))[0]).toMatchObject({ seq: 1, name: '押出', time_basis: 'per_unit' });
    expect((await rowsOf('process_workstations')).length).toBe(2);
    expect((await rowsOf('process_formulas')).length).toBe(1);
    expect((await rowsOf('process_routings')).length).toBe(1);
  });
});
