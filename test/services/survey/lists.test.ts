import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResultView } from '../../../src/services/survey/lists/checkResults.js';
import type { ListVersionView, SubstanceListView } from '../../../src/services/survey/lists/listViews.js';
import type { Composition } from '../../../src/services/survey/shared/composition.js';
import { testDatabaseKind } from '../../support/db.js';
import { openSurveyWorld, type SurveyWorld } from './surveyWorld.js';

const csv = (lines: string[]) => `\uFEFF${lines.join('\r\n')}\r\n`;

function ok<T = Record<string, unknown>>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

type Rows = { row: number; column: string; message: string }[];
type Loaded = { version: ListVersionView; recheck: { checked: number; changed: number; aboveThreshold: number } };

/** A one-part product with one material of 10 g holding the given substances (percent of the material). */
function oneMaterial(substances: [name: string, cas: string, percent: number][]): Composition {
  return {
    parts: [{ name: '本体', numberOfUnits: 1, isArticle: true, parts: [], materials: [{ name: '樹脂', massG: 10, substances: substances.map(([name, cas, massPercent]) => ({ name, cas, massPercent })) }] }],
  };
}

describe(`survey substance lists and the compliance check (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let world: SurveyWorld;
  beforeAll(async () => {
    world = await openSurveyWorld();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const insertProduct = async (tenantId: string, productNumber: string, composition: Composition, massG: number | null = 10): Promise<string> =>
    world.tdb.db.ownerTransaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO survey.products (tenant_id, product_number, name, mass_g, composition, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
        [tenantId, productNumber, `製品 ${productNumber}`, massG, JSON.stringify(composition), world.clock.now()],
      );
      return rows[0]!.id;
    });

  const state = (tenantId: string) =>
    world.tdb.db.ownerTransaction(async (tx) => {
      const count = async (table: string) => Number((await tx.query<{ n: string }>(`SELECT count(*) AS n FROM survey.${table} WHERE tenant_id = $1`, [tenantId])).rows[0]!.n);
      return { lists: await count('substance_lists'), versions: await count('list_versions'), entries: await count('list_entries'), results: await count('check_results') };
    });

  const events = (tenantId: string, action: string) =>
    world.tdb.db.ownerTransaction(
      async (tx) =>
        (await tx.query<{ target_id: string; details: Record<string, unknown> }>('SELECT target_id, details FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2 ORDER BY seq', [tenantId, action])).rows,
    );

  const createList = async (code: string, name = code) => ok<{ list: SubstanceListView }>(await world.requester.adminClient.post('/api/survey/lists', { code, name }), 201).list;

  it('loads the shipped starter lists once, and again only when their entries differ', async () => {
    const admin = world.requester.adminClient;
    const before = ok<{ items: { key: string; entryCount: number; loadedListId: string | null; source: string }[] }>(await world.requester.memberClient.get('/api/survey/lists/starters')).items;
    expect(before.map((s) => [s.key, s.entryCount, s.loadedListId])).toEqual([
      ['rohs_annex2', 10, null],
      ['reach_svhc_excerpt', 12, null],
    ]);
    expect(before[0]!.source).toContain('(EU) 2015/863');
    expect(before[1]!.source).toContain('ECHA');

    expect((await world.requester.memberClient.post('/api/survey/lists/starters/rohs_annex2')).statusCode).toBe(403);
    expect((await world.requester.reviewerClient.post('/api/survey/lists/starters/rohs_annex2')).statusCode).toBe(403);

    const first = ok<{ list: SubstanceListView; version: ListVersionView; unchanged: boolean }>(await admin.post('/api/survey/lists/starters/rohs_annex2'), 201);
    expect(first.list).toMatchObject({ code: 'EU-RoHS', starterKey: 'rohs_annex2', archived: false, currentVersion: { versionNo: 1, entryCount: 10 } });
    expect(first.version.loadedByName).toBe('日本電機株式会社 管理者');
    const again = ok<{ list: SubstanceListView; version: ListVersionView; unchanged: boolean }>(await admin.post('/api/survey/lists/starters/rohs_annex2'), 200);
    expect(again).toMatchObject({ unchanged: true, version: { id: first.version.id, versionNo: 1 }, recheck: { checked: 0 } });
    const detail = ok<{ versions: ListVersionView[] }>(await world.requester.reviewerClient.get(`/api/survey/lists/${first.list.id}`));
    expect(detail.versions).toHaveLength(1);

    const cadmium = ok<{ items: { cas: string; thresholdPercent: number; basis: string }[]; total: number }>(
      await world.requester.memberClient.get(`/api/survey/lists/${first.list.id}/versions/${first.version.id}/entries?q=${encodeURIComponent('カドミウム')}`),
    );
    expect(cadmium).toMatchObject({ total: 1, items: [{ cas: '7440-43-9', thresholdPercent: 0.01, basis: 'material' }] });
    const groups = ok<{ items: { internalId: string | null }[]; total: number }>(await admin.get(`/api/survey/lists/${first.list.id}/versions/${first.version.id}/entries?pageSize=3&page=2`));
    expect(groups.total).toBe(10);
    expect(groups.items.map((e) => e.internalId)).toEqual(['CrVI', 'PBB', 'PBDE']);

    // A changed shipped list (simulated by changing the stored entry) loads as version 2.
    await world.tdb.db.ownerTransaction((tx) => tx.query(`UPDATE survey.list_entries SET threshold_percent = 0.2 WHERE version_id = $1 AND cas = '7439-92-1'`, [first.version.id]));
    const changed = ok<{ version: ListVersionView; unchanged: boolean }>(await admin.post('/api/survey/lists/starters/rohs_annex2'), 201);
    expect(changed).toMatchObject({ unchanged: false, version: { versionNo: 2, label: '(EU) 2015/863' } });

    const svhc = ok<{ list: SubstanceListView }>(await admin.post('/api/survey/lists/starters/reach_svhc_excerpt'), 201).list;
    expect(svhc).toMatchObject({ code: 'REACH-SVHC', currentVersion: { entryCount: 12 } });
    const after = ok<{ items: { key: string; loadedListId: string | null }[] }>(await admin.get('/api/survey/lists/starters')).items;
    expect(after.map((s) => s.loadedListId)).toEqual([first.list.id, svhc.id]);
    const loaded = await events(world.requester.tenant.id, 'survey.list.version_loaded');
    expect(loaded.map((e) => [e.details.code, e.details.versionNo, e.details.format])).toEqual([
      ['EU-RoHS', 1, 'starter'],
      ['EU-RoHS', 2, 'starter'],
      ['REACH-SVHC', 1, 'starter'],
    ]);
  });

  it('flags exactly the products a new list version affects', async () => {
    const tenant = world.requester.tenant.id;
    const list = await createList('FLAG-TEST', '変更検知テスト');
    // P1 has lead under the threshold and DEHP under it; P2 has bisphenol A (not listed in v1);
    // P3 has DEHP at 0.3 % (above v1's 0.1 %, under v2's 0.5 %).
    const p1 = await insertProduct(tenant, 'FLAG-1', oneMaterial([['鉛', '7439-92-1', 0.05], ['DEHP', '117-81-7', 0.05], ['PP', '9003-07-0', 99.9]]));
    const p2 = await insertProduct(tenant, 'FLAG-2', oneMaterial([['ビスフェノールA', '80-05-7', 0.02], ['PC', '25037-45-0', 99.98]]));
    const p3 = await insertProduct(tenant, 'FLAG-3', oneMaterial([['DEHP', '117-81-7', 0.3], ['PVC', '9002-86-2', 99.7]]));
    const v1Entries = [
      { cas: '7439-92-1', name: '鉛', thresholdPercent: 0.1 },
      { cas: '117-81-7', name: 'DEHP', thresholdPercent: 0.1, basis: 'article' },
    ];
    const v1 = ok<Loaded>(await world.requester.adminClient.post(`/api/survey/lists/${list.id}/versions`, { label: '初版', entries: v1Entries }), 201);
    expect(v1.version.versionNo).toBe(1);
    const products = (await state(tenant)).results;
    expect(v1.recheck.changed).toBe(0);
    expect(v1.recheck.aboveThreshold).toBeGreaterThanOrEqual(1);
    expect(products).toBeGreaterThanOrEqual(3);

    const v2 = ok<Loaded>(
      await world.requester.adminClient.post(`/api/survey/lists/${list.id}/versions`, {
        label: '2026年改定',
        sourceNote: 'BPA追加、DEHP閾値変更',
        entries: [
          { cas: '7439-92-1', name: '鉛', thresholdPercent: 0.1 },
          { cas: '117-81-7', name: 'DEHP', thresholdPercent: 0.5, basis: 'article' },
          { cas: '80-05-7', name: 'ビスフェノールA', thresholdPercent: 0.1, basis: 'article' },
        ],
      }),
      201,
    );
    expect(v2.version).toMatchObject({ versionNo: 2, entryCount: 3, sourceNote: 'BPA追加、DEHP閾値変更' });
    expect(v2.recheck).toEqual({ checked: v1.recheck.checked, changed: 2, aboveThreshold: v1.recheck.aboveThreshold - 1 });

    const changes = ok<{ items: (CheckResultView & { productNumber: string })[] }>(await world.requester.reviewerClient.get(`/api/survey/lists/${list.id}/versions/${v2.version.id}/changes`)).items;
    expect(changes.map((c) => [c.productNumber, c.subjectId, c.outcome, c.changeSummary])).toEqual([
      ['FLAG-2', p2, 'compliant', { previousOutcome: 'compliant', added: ['ビスフェノールA'], removed: [] }],
      ['FLAG-3', p3, 'compliant', { previousOutcome: 'above_threshold', added: [], removed: [] }],
    ]);
    expect(ok<{ items: unknown[] }>(await world.requester.memberClient.get(`/api/survey/lists/${list.id}/versions/${v1.version.id}/changes`)).items).toEqual([]);

    // The product's results show the current version only; P1's is unchanged.
    const p1Results = ok<{ items: CheckResultView[] }>(await world.requester.memberClient.get(`/api/survey/products/${p1}/check-results`)).items.filter((r) => r.listId === list.id);
    expect(p1Results).toEqual([expect.objectContaining({ listCode: 'FLAG-TEST', versionNo: 2, versionLabel: '2026年改定', outcome: 'compliant', changed: false, changeSummary: {}, acknowledgedAt: null })]);
    expect(p1Results[0]!.findings.map((f) => [f.entryName, f.concentrationPercent])).toEqual([
      ['鉛', 0.05],
      ['DEHP', 0.05],
    ]);

    // Acknowledging a change: once, recorded; a re-check with the same result keeps it acknowledged.
    const p3Result = changes[1]!;
    const acked = ok<{ result: CheckResultView }>(await world.requester.memberClient.post(`/api/survey/check-results/${p3Result.id}/acknowledge`)).result;
    expect(acked.acknowledgedAt).toBe(world.clock.now().toISOString());
    world.clock.advance(60_000);
    expect(ok<{ result: CheckResultView }>(await world.requester.reviewerClient.post(`/api/survey/check-results/${p3Result.id}/acknowledge`)).result.acknowledgedAt).toBe(acked.acknowledgedAt);
    expect((await events(tenant, 'survey.check_result.acknowledged')).map((e) => e.target_id)).toEqual([p3Result.id]);
    const checked = ok<{ results: CheckResultView[] }>(await world.requester.memberClient.post(`/api/survey/products/${p3}/check`, { listVersionIds: [v2.version.id] })).results;
    expect(checked).toEqual([expect.objectContaining({ id: p3Result.id, changed: true, acknowledgedAt: acked.acknowledgedAt })]);
    const [checkEvent] = await events(tenant, 'survey.product.checked');
    expect(checkEvent).toMatchObject({ target_id: p3, details: { results: [{ listVersionId: v2.version.id, outcome: 'compliant', changed: true }] } });

    // An edit of the product and a check on demand against every current list version.
    await world.tdb.db.ownerTransaction((tx) => tx.query(`UPDATE survey.products SET composition = $2 WHERE id = $1`, [p3, JSON.stringify(oneMaterial([['DEHP', '117-81-7', 0.8], ['PVC', '9002-86-2', 99.2]]))]));
    const all = ok<{ results: CheckResultView[] }>(await world.requester.memberClient.post(`/api/survey/products/${p3}/check`)).results;
    const flag = all.find((r) => r.listId === list.id)!;
    expect(flag).toMatchObject({ versionNo: 2, outcome: 'above_threshold', changed: false, acknowledgedAt: null });
    expect(all.map((r) => r.listCode)).toEqual([...all.map((r) => r.listCode)].sort());
  });

  it('loads versions from CSV with Japanese headers and from Excel with English ones', async () => {
    const list = await createList('CSV-TEST');
    const upload = (body: string | Buffer, query: string, type = 'text/csv; charset=utf-8') =>
      world.requester.adminClient.request('POST', `/api/survey/lists/${list.id}/versions/import?${query}`, body, { 'content-type': type });
    const file = csv([
      'CAS番号,内部ID,物質名,閾値,基準,備考',
      '７４３９－９２－１,,鉛,0.1%,均質材料,',
      ',PBDE,ポリ臭化ジフェニルエーテル,1000ppm,material,群',
      '117-81-7,,DEHP,0.1,成形品,',
    ]);
    const loaded = ok<Loaded>(await upload(file, `label=${encodeURIComponent('CSV版')}&sourceNote=test`), 201);
    expect(loaded.version).toMatchObject({ versionNo: 1, label: 'CSV版', sourceNote: 'test', entryCount: 3 });
    const entries = ok<{ items: unknown[] }>(await world.requester.adminClient.get(`/api/survey/lists/${list.id}/versions/${loaded.version.id}/entries`)).items;
    expect(entries).toEqual([
      expect.objectContaining({ cas: '7439-92-1', internalId: null, name: '鉛', thresholdPercent: 0.1, basis: 'material', notes: '' }),
      expect.objectContaining({ cas: null, internalId: 'PBDE', thresholdPercent: 0.1, basis: 'material', notes: '群' }),
      expect.objectContaining({ cas: '117-81-7', basis: 'article' }),
    ]);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('list');
    sheet.addRow(['cas', 'name', 'threshold_percent', 'basis', 'notes']);
    sheet.addRow(['80-05-7', 'Bisphenol A', 0.1, 'article', 'SVHC 2017']);
    sheet.addRow(['7440-43-9', 'Cadmium', 0.01, '', '']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const excel = ok<Loaded>(await upload(bytes, 'label=xlsx&format=xlsx', 'application/octet-stream'), 201);
    expect(excel.version).toMatchObject({ versionNo: 2, entryCount: 2 });
    const excelEntries = ok<{ items: { cas: string; thresholdPercent: number; basis: string }[] }>(await world.requester.adminClient.get(`/api/survey/lists/${list.id}/versions/${excel.version.id}/entries`)).items;
    expect(excelEntries.map((e) => [e.cas, e.thresholdPercent, e.basis])).toEqual([
      ['80-05-7', 0.1, 'article'],
      ['7440-43-9', 0.01, 'material'],
    ]);
    const [event] = (await events(world.requester.tenant.id, 'survey.list.version_loaded')).filter((e) => e.details.listId === list.id && e.details.format === 'xlsx');
    expect(event?.details).toMatchObject({ versionNo: 2, entryCount: 2 });
  });

  it('rejects a file or entries with bad rows as a whole, naming row, column and reason', async () => {
    const list = await createList('BAD-TEST');
    const admin = world.requester.adminClient;
    const before = await state(world.requester.tenant.id);
    const upload = (body: string | Buffer) => admin.request('POST', `/api/survey/lists/${list.id}/versions/import?label=bad`, body, { 'content-type': 'text/csv' });
    const res = await upload(
      csv([
        'CAS番号,内部ID,物質名,閾値,基準,備考',
        '7439-92-1,,鉛,0.1,,',
        '7439-92-2,,鉛（誤り）,0.1,,',
        ',,名前だけ,0.1,,',
        '',
        '7440-43-9,,カドミウム,abc,,',
        '117-81-7,,DEHP,0.1,どこか,',
        '7439-92-1,,鉛（重複）,0.1,,',
        '84-74-2,,DBP,0,,',
      ]),
    );
    expect(res.statusCode, res.body).toBe(422);
    const { error } = res.json() as { error: { code: string; message: string; rows: Rows } };
    expect(error.code).toBe('survey.list_entries_invalid');
    expect(error.message).toContain('何も登録していません');
    expect(error.rows.map((r) => [r.row, r.column])).toEqual([
      [3, 'CAS番号'],
      [4, 'CAS番号'],
      [6, '閾値'],
      [7, '基準'],
      [8, 'CAS番号'],
      [9, '閾値'],
    ]);
    expect(error.rows[0]!.message).toContain('チェックディジット');
    expect(error.rows[1]!.message).toBe('CAS番号か内部IDのどちらかを入力してください。');
    expect(error.rows[4]!.message).toBe('同じ物質が2行目にもあります。1行にまとめてください。');

    const headers = await upload(csv(['物質名,色', 'A,白']));
    expect((headers.json() as { error: { rows: Rows } }).error.rows.map((r) => [r.row, r.column])).toEqual([
      [1, '色'],
      [1, '閾値'],
      [1, 'CAS番号'],
    ]);

    const english = await world.clientFor(world.requester.admin, 'en');
    const json = await english.post(`/api/survey/lists/${list.id}/versions`, {
      label: 'json',
      entries: [
        { cas: '7439-92-1', name: 'Lead', thresholdPercent: 0.1 },
        { cas: '1234-56-7', name: 'Bad check digit', thresholdPercent: 0.1 },
        { internalId: 'X', name: '', thresholdPercent: 200, basis: 'whole' },
      ],
    });
    expect(json.statusCode, json.body).toBe(422);
    const jsonRows = (json.json() as { error: { message: string; rows: Rows } }).error;
    expect(jsonRows.message).toContain('Nothing was saved');
    expect(jsonRows.rows).toEqual([
      { row: 2, column: 'cas', message: 'This CAS number is not valid. Enter it like 7439-92-1 and check the last (check) digit.' },
      { row: 3, column: 'name', message: 'This field is required.' },
      { row: 3, column: 'thresholdPercent', message: 'Enter the threshold as a number above 0 and at most 100 (wt%), e.g. 0.1 or 1000ppm.' },
      { row: 3, column: 'basis', message: 'Choose one of the allowed values.' },
    ]);
    expect((await admin.request('POST', `/api/survey/lists/${list.id}/versions/import?label=x`, Buffer.from([0xff, 0xfe, 0x00]), { 'content-type': 'text/csv' })).json().error.code).toBe(
      'survey.list_import_unreadable',
    );
    expect((await admin.post(`/api/survey/lists/${list.id}/versions`, { entries: [] })).statusCode).toBe(400);
    expect(await state(world.requester.tenant.id)).toEqual(before);
  });

  it('keeps lists to their company and list management to admins', async () => {
    const list = await createList('OWN-TEST', '自社リスト');
    const v1 = ok<Loaded>(await world.requester.adminClient.post(`/api/survey/lists/${list.id}/versions`, { label: 'v1', entries: [{ cas: '7439-92-1', name: '鉛', thresholdPercent: 0.1 }] }), 201);
    const product = await insertProduct(world.requester.tenant.id, 'OWN-1', oneMaterial([['鉛', '7439-92-1', 0.5]]));
    const [result] = ok<{ results: CheckResultView[] }>(await world.requester.memberClient.post(`/api/survey/products/${product}/check`, { listVersionIds: [v1.version.id] })).results;
    expect(result).toMatchObject({ outcome: 'above_threshold', findings: [{ aboveThreshold: true, path: ['本体', '樹脂', '鉛'] }] });

    const other = world.third.adminClient;
    const before = await state(world.requester.tenant.id);
    const code = (res: LightMyRequestResponse) => [res.statusCode, (res.json() as { error?: { code: string } }).error?.code];
    expect(code(await other.get(`/api/survey/lists/${list.id}`))).toEqual([404, 'survey.list_not_found']);
    expect(code(await other.request('PATCH', `/api/survey/lists/${list.id}`, { name: '乗っ取り' }))).toEqual([404, 'survey.list_not_found']);
    expect(code(await other.post(`/api/survey/lists/${list.id}/versions`, { label: 'x', entries: [{ cas: '7439-92-1', name: '鉛', thresholdPercent: 0.1 }] }))).toEqual([404, 'survey.list_not_found']);
    expect(code(await other.get(`/api/survey/lists/${list.id}/versions/${v1.version.id}/entries`))).toEqual([404, 'survey.list_version_not_found']);
    expect(code(await other.get(`/api/survey/lists/${list.id}/versions/${v1.version.id}/changes`))).toEqual([404, 'survey.list_version_not_found']);
    expect(code(await other.post(`/api/survey/check-results/${result!.id}/acknowledge`))).toEqual([404, 'survey.check_result_not_found']);
    expect(code(await other.post(`/api/survey/products/${product}/check`))).toEqual([404, 'survey.check_product_not_found']);
    expect(code(await other.get(`/api/survey/products/${product}/check-results`))).toEqual([404, 'survey.check_product_not_found']);
    const ownProduct = await insertProduct(world.third.tenant.id, 'THIRD-1', oneMaterial([['鉛', '7439-92-1', 0.5]]));
    expect(code(await other.post(`/api/survey/products/${ownProduct}/check`, { listVersionIds: [v1.version.id] }))).toEqual([404, 'survey.list_version_not_found']);
    expect(ok<{ items: SubstanceListView[] }>(await other.get('/api/survey/lists')).items.map((l) => l.id)).not.toContain(list.id);
    // Another list's version under this list's id is not found either.
    const otherList = await createList('OWN-TEST-2');
    expect(code(await world.requester.adminClient.get(`/api/survey/lists/${otherList.id}/versions/${v1.version.id}/entries`))).toEqual([404, 'survey.list_version_not_found']);

    for (const client of [world.requester.reviewerClient, world.requester.memberClient]) {
      expect((await client.post('/api/survey/lists', { code: 'NOPE', name: 'x' })).statusCode).toBe(403);
      expect((await client.request('PATCH', `/api/survey/lists/${list.id}`, { archived: true })).statusCode).toBe(403);
      expect((await client.post(`/api/survey/lists/${list.id}/versions`, { label: 'x', entries: [] })).statusCode).toBe(403);
      expect((await client.request('POST', `/api/survey/lists/${list.id}/versions/import?label=x`, 'cas,name,threshold_percent\r\n', { 'content-type': 'text/csv' })).statusCode).toBe(403);
      expect(ok<{ items: SubstanceListView[] }>(await client.get('/api/survey/lists')).items.map((l) => l.id)).toContain(list.id);
    }
    expect((await world.outsider.client.get('/api/survey/lists')).statusCode).toBe(403);
    expect(await state(world.requester.tenant.id)).toEqual({ ...before, lists: before.lists + 1 });
    expect(code(await world.requester.adminClient.post('/api/survey/lists', { code: 'own-test', name: '大文字違い' }))).toEqual([409, 'survey.list_code_taken']);
  });

  it('archives a list: no new versions, no longer in a product’s current results', async () => {
    const list = await createList('ARCH-TEST', '旧リスト');
    const v1 = ok<Loaded>(await world.requester.adminClient.post(`/api/survey/lists/${list.id}/versions`, { label: 'v1', entries: [{ cas: '7439-92-1', name: '鉛', thresholdPercent: 0.1 }] }), 201);
    const product = await insertProduct(world.requester.tenant.id, 'ARCH-1', oneMaterial([['鉛', '7439-92-1', 0.01]]));
    await world.requester.memberClient.post(`/api/survey/products/${product}/check`, { listVersionIds: [v1.version.id] });
    const listed = async () => ok<{ items: CheckResultView[] }>(await world.requester.memberClient.get(`/api/survey/products/${product}/check-results`)).items.map((r) => r.listCode);
    expect(await listed()).toContain('ARCH-TEST');
    const archived = ok<{ list: SubstanceListView }>(await world.requester.adminClient.request('PATCH', `/api/survey/lists/${list.id}`, { archived: true, nameEn: 'Old list' })).list;
    expect(archived).toMatchObject({ archived: true, nameEn: 'Old list', name: '旧リスト' });
    expect(await listed()).not.toContain('ARCH-TEST');
    const refused = await world.requester.adminClient.post(`/api/survey/lists/${list.id}/versions`, { label: 'v2', entries: [{ cas: '7439-92-1', name: '鉛', thresholdPercent: 0.1 }] });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'survey.list_archived']);
    const [updated] = (await events(world.requester.tenant.id, 'survey.list.updated')).filter((e) => e.target_id === list.id);
    expect(updated?.details).toMatchObject({ changed: ['nameEn', 'archived'], archived: true });
  });
});
