import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductView } from '../../../src/services/catalog/products/productView.js';
import { testDatabaseKind } from '../../support/db.js';
import { openCatalogWorld, type CatalogWorld } from './catalogWorld.js';
import { catalogState, eventsOf, ok } from './productsFixture.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const csv = (lines: string[]) => `\uFEFF${lines.join('\r\n')}\r\n`;
const HEADER = '製品名,英語名,グレード,ブランド,分類,形状,用途,加工方法,規制,成分CAS,成分名,成分下限%,成分上限%,説明';

describe(`catalog product import (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let world: CatalogWorld;
  beforeAll(async () => {
    world = await openCatalogWorld();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const upload = (body: string | Buffer, type = 'text/csv; charset=utf-8', query = '') =>
    world.publisher.editorClient.request('POST', `/api/catalog/products/import${query}`, body, { 'content-type': type, 'x-file-name': 'products.csv' });

  it('offers templates with Japanese headers, the Excel one documenting each column', async () => {
    const res = await world.publisher.viewerClient.get('/api/catalog/products/import/template?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="catalog-products-template.csv"');
    expect(res.body).toBe(`\uFEFF${HEADER}\r\n`);
    const book = await world.publisher.viewerClient.get('/api/catalog/products/import/template?format=xlsx');
    expect(book.headers['content-type']).toBe(XLSX);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(book.rawPayload as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['製品', '説明']);
    expect(workbook.worksheets[1]!.getRow(2).values).toEqual([undefined, '製品名', 'name', '必須', '1〜200文字']);
  });

  it('rejects a file with one bad row as a whole, naming row, column and reason', async () => {
    const before = await catalogState(world, world.publisher.tenant.id);
    const file = csv([
      HEADER,
      'ノバテックPP,Novatec PP,MA3,ノバテック,PP,ペレット,自動車;家電,injection_molding,rohs,9003-07-0,ポリプロピレン,95,100,',
      'ナイロン樹脂,,,,PA6,pellet,,,,,,,,',
      'タルク入りPP,,,,PP,pellet,,,,9003-07-0;14807-96-5,ポリプロピレン;タルク,70;abc,80;30,',
      '',
      '謎の樹脂,,,,XYZ,gel,,,,,,,,',
    ]);
    const res = await upload(file);
    expect(res.statusCode, res.body).toBe(422);
    const { error } = res.json() as { error: { code: string; message: string; rows: { row: number; column: string; message: string }[] } };
    expect(error.code).toBe('catalog.import_invalid');
    expect(error.message).toContain('何も登録していません');
    expect(error.rows).toEqual([
      { row: 4, column: '成分下限%', message: '数値（0〜100）で入力してください。' },
      { row: 6, column: '分類', message: 'この分類は登録されていません。一覧から選んでください（例: PP、PA6、ABS、ADDITIVE）。' },
      { row: 6, column: '形状', message: '選択肢から選んでください。' },
    ]);
    const casOnly = await upload(csv([HEADER, 'タルク入りPP,,,,PP,pellet,,,,9003-07-0;14807-96-5,ポリプロピレン;タルク,,,']));
    expect(casOnly.statusCode).toBe(422);
    expect((casOnly.json() as { error: { rows: unknown[] } }).error.rows).toEqual([
      { row: 2, column: '成分CAS', message: '2行目の成分のCAS番号が正しくありません。9003-07-0 のような形式で入力し、最後の確認用の数字（チェックディジット）も確認してください。' },
    ]);
    const headers = await upload(csv(['製品名,色', 'A,白']));
    expect((headers.json() as { error: { rows: unknown[] } }).error.rows).toEqual([
      { row: 1, column: '色', message: 'この列名は使えません。テンプレートの列名を使ってください。' },
      { row: 1, column: '分類', message: '必須の列「分類」がありません。' },
      { row: 1, column: '形状', message: '必須の列「形状」がありません。' },
    ]);
    expect(await catalogState(world, world.publisher.tenant.id)).toEqual(before);
    const unreadable = await upload(Buffer.from([0xff, 0xfe, 0x00, 0x41]), 'text/csv');
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.json().error.code).toBe('catalog.import_unreadable');
  });

  it('imports every row of a CSV as drafts with components and search columns, and records it', async () => {
    const file = csv([
      HEADER,
      'ノバテックPP,Novatec PP,MA3,ノバテック,pp,ペレット,自動車;家電,injection_molding,rohs;化審法,９００３－０７－０,ポリプロピレン,95,100,高流動グレード',
      'タルク入りPP,,,,PP,pellet,,,,9003-07-0;14807-96-6,ポリプロピレン;タルク,70;20,80;30,',
      '顔料マスターバッチ,,,,PIGMENT,粉末,,,,;13463-67-7,ベース樹脂;酸化チタン,,,',
    ]);
    const res = await upload(file);
    const body = ok<{ created: number; products: { id: string; name: string }[] }>(res, 201);
    expect(body.created).toBe(3);
    expect(body.products.map((p) => p.name)).toEqual(['ノバテックPP', 'タルク入りPP', '顔料マスターバッチ']);
    const first = ok<{ product: ProductView }>(await world.publisher.viewerClient.get(`/api/catalog/products/${body.products[0]!.id}`)).product;
    expect(first).toMatchObject({ status: 'draft', category: 'PP', form: 'pellet', applications: ['自動車', '家電'], regulatoryFlags: ['rohs', 'kashinho'], description: '高流動グレード' });
    expect(first.components).toEqual([{ casNumber: '9003-07-0', name: 'ポリプロピレン', minPct: 95, maxPct: 100 }]);
    const third = ok<{ product: ProductView }>(await world.publisher.viewerClient.get(`/api/catalog/products/${body.products[2]!.id}`)).product;
    expect(third.components).toEqual([
      { casNumber: null, name: 'ベース樹脂', minPct: null, maxPct: null },
      { casNumber: '13463-67-7', name: '酸化チタン', minPct: null, maxPct: null },
    ]);
    const rows = await world.tdb.db.ownerTransaction(
      async (tx) => (await tx.query<{ cas_numbers: string[]; search_text: string }>('SELECT cas_numbers, search_text FROM catalog.products WHERE id = $1', [body.products[1]!.id])).rows[0],
    );
    expect(rows?.cas_numbers).toEqual(['9003-07-0', '14807-96-6']);
    expect(rows?.search_text).toContain('たるく入りpp');
    const created = await eventsOf(world, world.publisher.tenant.id, 'catalog.product.created');
    expect(created.map((e) => e.details.importRow)).toEqual([2, 3, 4]);
    const [imported] = await eventsOf(world, world.publisher.tenant.id, 'catalog.products.imported');
    expect(imported?.details).toEqual({ format: 'csv', created: 3 });
  });

  it('reads Excel files with English headers too', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('製品');
    sheet.addRow(['name', 'category', 'form', 'component_cas', 'component_names', 'component_min_pct']);
    sheet.addRow(['エポキシ接着剤', 'EP', 'liquid', '25068-38-6', 'エポキシ樹脂', 60]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const body = ok<{ created: number; products: { id: string }[] }>(await upload(bytes, 'application/octet-stream', '?format=xlsx'), 201);
    expect(body.created).toBe(1);
    const product = ok<{ product: ProductView }>(await world.publisher.viewerClient.get(`/api/catalog/products/${body.products[0]!.id}`)).product;
    expect(product.components).toEqual([{ casNumber: '25068-38-6', name: 'エポキシ樹脂', minPct: 60, maxPct: null }]);
  });
});
