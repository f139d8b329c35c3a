import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../support/db.js';
import { masterEvents, masterState, openMasterWorld, type MasterWorld } from './masterSetup.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const csv = (lines: string[]) => `\uFEFF${lines.join('\r\n')}\r\n`;

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('設備');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// Each test builds on the rows the ones before imported.
describe(`process master import from CSV and Excel (${testDatabaseKind()})`, { timeout: 180_000 }, () => {
  let world: MasterWorld;
  beforeAll(async () => {
    world = await openMasterWorld();
  }, 300_000);
  afterAll(async () => {
    await world.close();
  });

  const upload = (kind: string, body: string | Buffer, type = 'text/csv; charset=utf-8', query = '', client = world.adminClient) =>
    client.request('POST', `/api/process/import/${kind}${query}`, body, { 'content-type': type });

  it('offers templates with Japanese headers, the Excel one documenting each column', async () => {
    const res = await world.memberClient.get('/api/process/import/items/template?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="process-items-template.csv"');
    expect(res.body).toBe('\uFEFF品目コード,品目名,区分,単位,備考,ラベル,機密区分\r\n');
    const book = await world.adminClient.get('/api/process/import/workstations/template?format=xlsx');
    expect(book.headers['content-type']).toBe(XLSX);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(book.rawPayload as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['設備', '説明']);
    expect(workbook.worksheets[0]!.getRow(1).values).toEqual([undefined, '設備コード', '設備名', '能力', '能力単位', '段取時間(分)', '後片付け時間(分)', '定格電力(kW)', 'エネルギー源', '月', '火', '水', '木', '金', '土', '日', '祝日は休み']);
    expect(workbook.worksheets[1]!.getRow(10).values).toEqual([undefined, '月', 'Mon', '', '稼働時間帯。例: 08:00-12:00;13:00-17:00（空欄は休み）']);
  });

  it('rejects a file with bad rows as a whole, naming row, column and reason in the user’s language', async () => {
    const before = await masterState(world);
    const file = csv([
      '品目コード,品目名,区分,単位,機密区分',
      'RM-001,ポリプロピレン,原料,kg,',
      'RM-002,,原料,kg,',
      'RM-003,タルク,鉱物,kg,極秘',
      '',
      'RM-001,重複,原料,kg,',
    ]);
    const res = await upload('items', file);
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json();
    expect(body.code).toBe('process.import_invalid');
    expect(body.error.code).toBe('process.import_invalid');
    expect(body.message).toContain('何も登録していません');
    expect(body.errors).toEqual([
      { row: 3, column: '品目名', message: '入力してください。' },
      { row: 4, column: '区分', message: '次のいずれかを入力してください: 原料 / 中間品 / 製品' },
      { row: 4, column: '機密区分', message: '次のいずれかを入力してください: 一般 / 社外秘 / 機密' },
      { row: 6, column: '品目コード', message: '同じコードの行がファイル内に複数あります。' },
    ]);
    const en = await world.clientFor(world.admin, 'en');
    const resEn = await upload('items', file, 'text/csv', '', en);
    expect(resEn.json().message).toBe('Some rows cannot be imported. Fix the rows and columns listed, then import again. Nothing was saved.');
    expect(resEn.json().errors[0]).toEqual({ row: 3, column: '品目名', message: 'This field is required.' });
    expect(await masterState(world)).toEqual(before);

    const header = await upload('items', csv(['コード?,品目名,単位', 'X,x,kg']));
    expect(header.json().errors).toEqual([
      { row: 1, column: 'コード?', message: '不明な列です。テンプレートの列名を使ってください。' },
      { row: 1, column: '品目コード', message: '必須の列がありません。' },
      { row: 1, column: '区分', message: '必須の列がありません。' },
    ]);
    const sjis = await upload('items', Buffer.from([0x95, 0x69, 0x96, 0xda, 0x2c, 0x0d, 0x0a]));
    expect(sjis.statusCode).toBe(400);
    expect(sjis.json().error.code).toBe('process.import_unreadable');
    const broken = await upload('items', Buffer.from('PK\u0003\u0004broken'), XLSX);
    expect(broken.json().error.code).toBe('process.import_unreadable');
    expect((await upload('items', csv(['品目コード,品目名,区分,単位']))).json().errors[0].message).toBe('データの行がありません。');
    expect(await masterState(world)).toEqual(before);
  });

  it('checks without writing on dryRun, then imports items and updates them by code', async () => {
    const file = csv([
      '品目コード,品目名,区分,単位,備考,ラベル,機密区分',
      'RM-001,ポリプロピレン,原料,kg,"輸入品, 韓国産",難燃;輸出,',
      'RM-002,タルク,raw,kg,,,社外秘',
      'PR-001,PPコンパウンド,製品,kg,,,機密',
    ]);
    const before = await masterState(world);
    const dry = await upload('items', file, 'text/csv', '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toEqual({ kind: 'items', rows: 3, created: 3, updated: 0, dryRun: true });
    expect(await masterState(world)).toEqual(before);

    const res = await upload('items', file);
    expect(res.json()).toEqual({ kind: 'items', rows: 3, created: 3, updated: 0, dryRun: false });
    const items = (await world.adminClient.get('/api/process/items')).json().items;
    expect(items.map((i: Record<string, unknown>) => [i.code, i.name, i.kind, i.unit, i.remarks, i.labels, i.classification])).toEqual([
      ['PR-001', 'PPコンパウンド', 'product', 'kg', '', [], 'confidential'],
      ['RM-001', 'ポリプロピレン', 'raw', 'kg', '輸入品, 韓国産', ['難燃', '輸出'], 'general'],
      ['RM-002', 'タルク', 'raw', 'kg', '', [], 'internal'],
    ]);
    expect((await masterEvents(world, 'process.item.created')).length).toBe(3);
    expect((await masterEvents(world, 'process.import.completed'))[0]).toMatchObject({ target_id: 'items', details: { kind: 'items', format: 'csv', rows: 3, created: 3, updated: 0 } });

    const again = await upload('items', csv(['Item code,Name,Kind,Unit', 'RM-002,タルク（微粉）,raw,kg', 'AD-001,酸化防止剤,raw,g']));
    expect(again.json()).toMatchObject({ created: 1, updated: 1 });
    const talc = (await world.adminClient.get('/api/process/items?q=RM-002')).json().items[0];
    expect(talc).toMatchObject({ name: 'タルク（微粉）', classification: 'internal', version: 2 });
  });

  it('imports workstations from Excel with English headers, and keeps day exceptions on update', async () => {
    const file = await xlsx([
      ['Workstation code', 'Name', 'Capacity', 'Capacity unit', 'Setup (min)', 'Power (kW)', 'Energy sources', 'Mon', 'Tue', 'Sat', 'Closed on holidays'],
      ['EXT-1', '押出機1号', 200, 'kg/h', 30, 55.5, 'electricity;steam', '08:00-12:00;13:00-17:00', '8:00-17:00', '', 'いいえ'],
      ['MIX-1', '混練機', '', '', '', '', 'electricity', '08:00-17:00', '', '', ''],
    ]);
    const res = await upload('workstations', file, XLSX);
    expect(res.json()).toEqual({ kind: 'workstations', rows: 2, created: 2, updated: 0, dryRun: false });
    const list = (await world.memberClient.get('/api/process/workstations')).json().workstations;
    expect(list[0]).toMatchObject({ code: 'EXT-1', capacity: 200, capacityUnit: 'kg/h', setupMinutes: 30, powerKw: 55.5, energySources: ['electricity', 'steam'], workHours: { mon: [['08:00', '12:00'], ['13:00', '17:00']], tue: [['08:00', '17:00']] }, observeHolidays: false });
    expect(list[1]).toMatchObject({ code: 'MIX-1', capacity: 1, observeHolidays: true, workHours: { mon: [['08:00', '17:00']] } });

    const ext = list[0];
    const put = await world.adminClient.request('PUT', `/api/process/workstations/${ext.id}`, { ...Object.fromEntries(Object.entries(ext).filter(([k]) => !['id', 'archived'].includes(k))), days: [{ day: '2026-12-29', hours: [], note: '年末' }] });
    expect(put.statusCode, put.body).toBe(200);
    const before = await masterState(world);
    const bad = await upload('workstations', await xlsx([['設備コード', '設備名', '月', '火'], ['EXT-1', '押出機1号', '08:00-12:00;11:00-17:00', '朝から晩まで']]), XLSX);
    expect(bad.json().errors).toEqual([
      { row: 2, column: '火', message: '08:00-12:00;13:00-17:00 の形式で入力してください。' },
      { row: 2, column: '月', message: '時間帯が重なっています。重ならないように入力してください。' },
    ]);
    expect(await masterState(world)).toEqual(before);
    const update = await upload('workstations', await xlsx([['設備コード', '設備名', '月'], ['EXT-1', '押出機1号（更新）', '09:00-18:00']]), XLSX);
    expect(update.json()).toMatchObject({ created: 0, updated: 1 });
    expect((await world.memberClient.get(`/api/process/workstations/${ext.id}`)).json().workstation).toMatchObject({ name: '押出機1号（更新）', workHours: { mon: [['09:00', '18:00']] }, days: [{ day: '2026-12-29', note: '年末' }] });
  });

  it('imports formulas and routings, one row per line or step, and refuses unknown codes without writing', async () => {
    const formulas = csv([
      '配合コード,配合名,品目コード,基準量,歩留まり(%),標準,構成品目コード,数量,ロス率(%)',
      'F-100,標準配合,PR-001,100,98,はい,RM-001,75,1.5',
      'F-100,,,,,,RM-002,25,',
      'F-101,試作配合,PR-001,"1,000",,,RM-001,1000,',
    ]);
    const res = await upload('formulas', formulas);
    expect(res.json(), res.body).toEqual({ kind: 'formulas', rows: 3, created: 2, updated: 0, dryRun: false });
    const list = (await world.adminClient.get('/api/process/formulas')).json().formulas;
    expect(list.map((f: { code: string; baseQuantity: number; yieldPct: number; isDefault: boolean; lines: unknown[] }) => [f.code, f.baseQuantity, f.yieldPct, f.isDefault, f.lines])).toEqual([
      ['F-100', 100, 98, true, [
        expect.objectContaining({ lineNo: 1, componentCode: 'RM-001', quantity: 75, scrapPct: 1.5 }),
        expect.objectContaining({ lineNo: 2, componentCode: 'RM-002', quantity: 25, scrapPct: 0 }),
      ]],
      ['F-101', 1000, 100, false, [expect.objectContaining({ componentCode: 'RM-001', quantity: 1000 })]],
    ]);

    const before = await masterState(world);
    const bad = await upload('formulas', csv([
      '配合コード,配合名,品目コード,基準量,構成品目コード,数量',
      'F-200,新配合,PR-001,100,RM-001,50',
      'F-200,別名,,,NOPE-9,abc',
      'F-201,自分入り,PR-001,0,PR-001,1',
    ]));
    expect(bad.statusCode).toBe(422);
    const errors = bad.json().errors as { row: number; column: string; message: string }[];
    expect(errors).toContainEqual({ row: 3, column: '配合名', message: '同じコードの最初の行と値が違います。' });
    expect(errors).toContainEqual({ row: 3, column: '構成品目コード', message: 'この品目は登録されていません。' });
    expect(errors).toContainEqual({ row: 3, column: '数量', message: '数値で入力してください。' });
    expect(errors).toContainEqual({ row: 4, column: '構成品目コード', message: '配合の品目自身は構成品目にできません。' });
    expect(errors.filter((e) => e.row === 4 && e.column === '基準量')).toHaveLength(1);
    expect(errors.every((e) => e.row !== 2)).toBe(true);
    expect(await masterState(world)).toEqual(before);

    const routings = csv([
      '工程表コード,工程表名,品目コード,標準,工程順,工程名,設備コード,時間基準,標準時間(分),バッチサイズ,単位あたりエネルギー',
      'R-100,標準工程,PR-001,はい,2,押出,EXT-1,数量あたり,0.3,,electricity=0.5;steam=0.001',
      'R-100,,,,1,混練,MIX-1,バッチあたり,45,500,electricity=0.12',
    ]);
    const r = await upload('routings', routings);
    expect(r.json(), r.body).toEqual({ kind: 'routings', rows: 2, created: 1, updated: 0, dryRun: false });
    const routing = (await world.adminClient.get('/api/process/routings')).json().routings[0];
    expect(routing).toMatchObject({ code: 'R-100', itemCode: 'PR-001', isDefault: true });
    expect(routing.steps.map((s: Record<string, unknown>) => [s.seq, s.name, s.workstationCode, s.timeBasis, s.standardMinutes, s.batchSize, s.energyPerUnit])).toEqual([
      [1, '混練', 'MIX-1', 'per_batch', 45, 500, { electricity: 0.12 }],
      [2, '押出', 'EXT-1', 'per_unit', 0.3, 1, { electricity: 0.5, steam: 0.001 }],
    ]);
    const before2 = await masterState(world);
    const badSteps = await upload('routings', csv([
      '工程表コード,工程表名,品目コード,工程順,工程名,設備コード,時間基準,標準時間(分),単位あたりエネルギー',
      'R-100,標準工程,PR-001,1,混練,MIX-1,per_batch,45,',
      'R-100,,,1,押出,NOPE-W,毎時,-1,電気',
    ]));
    const stepErrors = badSteps.json().errors as { row: number; column: string }[];
    expect(stepErrors.map((e) => `${e.row}:${e.column}`).sort()).toEqual(['3:単位あたりエネルギー', '3:工程順', '3:時間基準', '3:標準時間(分)', '3:設備コード'].sort());
    expect(await masterState(world)).toEqual(before2);
  });
});
