import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductDetail, ProductSummary } from '../../../src/services/survey/products/productSchemas.js';
import type { TestClient } from '../../support/app.js';
import { testDatabaseKind } from '../../support/db.js';
import { openSurveyWorld, type SurveyWorld } from './surveyWorld.js';

function ok<T = Record<string, unknown>>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

/** A housing of ABS with a lead-bearing solder joint: materials at 100% and 99.5%. */
function composition(overrides: { solderLead?: number; solderTin?: number; cas?: string } = {}) {
  return {
    parts: [
      {
        name: '筐体',
        partNumber: 'H-100',
        numberOfUnits: 1,
        isArticle: true,
        massG: 120,
        parts: [],
        materials: [
          { name: 'ABS樹脂', massG: 118, substances: [{ name: 'ABS', cas: '9003-56-9', massPercent: 100 }] },
          {
            name: 'はんだ',
            massG: 2,
            substances: [
              { name: '錫', cas: '７４４０－３１－５', massPercent: overrides.solderTin ?? 96.5 },
              { name: '鉛', cas: overrides.cas ?? '7439-92-1', massPercent: overrides.solderLead ?? 3 },
            ],
          },
        ],
      },
    ],
  };
}

function productBody(overrides: Record<string, unknown> = {}) {
  return {
    productNumber: 'EX-1001',
    name: '電源ユニット',
    massG: 350,
    supplierName: '東邦樹脂株式会社',
    remarks: '2026年度 調査対象',
    labels: ['電源', '重点'],
    composition: composition(),
    ...overrides,
  };
}

describe(`survey products (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let world: SurveyWorld;
  beforeAll(async () => {
    world = await openSurveyWorld();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const owner = <R>(sql: string, params: unknown[] = []) => world.tdb.db.ownerTransaction(async (tx) => (await tx.query<R>(sql, params)).rows);
  const create = async (client: TestClient, overrides: Record<string, unknown> = {}) =>
    ok<{ product: ProductDetail }>(await client.post('/api/survey/products', productBody(overrides)), 201).product;
  const put = (client: TestClient, id: string, body: unknown) => client.request('PUT', `/api/survey/products/${id}`, body);
  const productCount = async (tenantId: string) => (await owner<{ n: number }>('SELECT count(*)::int AS n FROM survey.products WHERE tenant_id = $1', [tenantId]))[0]!.n;

  it('creates a product with its composition, CAS numbers folded and copied, counts and warnings, and records it', async () => {
    const product = await create(world.requester.memberClient);
    expect(product).toMatchObject({
      productNumber: 'EX-1001',
      name: '電源ユニット',
      massG: 350,
      unitType: 'each',
      supplierName: '東邦樹脂株式会社',
      remarks: '2026年度 調査対象',
      labels: ['電源', '重点'],
      partCount: 1,
      substanceCount: 3,
      worstOutcome: null,
      changedCount: 0,
      version: 1,
    });
    const solder = product.composition.parts[0]!.materials[1]!;
    expect(solder.substances.map((s) => s.cas)).toEqual(['7440-31-5', '7439-92-1']);
    // はんだ adds up to 99.5%: within the default tolerance of 0.5, so no warning.
    expect(product.warnings).toEqual([]);
    const [row] = await owner<{ cas_numbers: string[]; tenant_id: string; created_by: string }>('SELECT cas_numbers, tenant_id, created_by FROM survey.products WHERE id = $1', [product.id]);
    expect(row).toEqual({ cas_numbers: ['7439-92-1', '7440-31-5', '9003-56-9'], tenant_id: world.requester.tenant.id, created_by: world.requester.member.id });
    const events = await owner<{ target_id: string; actor_id: string; details: Record<string, unknown> }>(
      `SELECT target_id, actor_id, details FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'survey.product.created'`,
      [world.requester.tenant.id],
    );
    expect(events).toEqual([{ target_id: product.id, actor_id: world.requester.member.id, details: { productNumber: 'EX-1001', name: '電源ユニット', partCount: 1, substanceCount: 3 } }]);
  });

  it('warns of an undeclared remainder and a missing article mass in the reader’s language, but stores the product', async () => {
    const body = productBody({
      productNumber: 'EX-WARN',
      massG: null,
      composition: {
        parts: [
          {
            name: 'ケーブル',
            numberOfUnits: 2,
            isArticle: true,
            parts: [],
            materials: [
              { name: 'PVC被覆', massG: null, substances: [{ name: 'PVC', cas: '9002-86-2', massPercent: 60 }] },
              { name: '銅線', massG: 5, substances: [{ name: '銅', cas: '7440-50-8', massPercent: 100 }] },
            ],
          },
        ],
      },
    });
    const product = ok<{ product: ProductDetail }>(await world.requester.memberClient.post('/api/survey/products', body), 201).product;
    expect(product.warnings.map((w) => [w.code, w.path.join('.')])).toEqual([
      ['mass_missing', 'massG'],
      ['mass_missing', 'composition.parts.0'],
      ['material_sum_below_100', 'composition.parts.0.materials.0'],
    ]);
    expect(product.warnings[2]!.message).toBe('材料「PVC被覆」の含有物質の質量%の合計は 60% です。残りの 40% の成分が申告されていません。');
    const en = await world.clientFor(world.requester.member, 'en');
    const read = ok<{ product: ProductDetail }>(await en.get(`/api/survey/products/${product.id}`)).product;
    expect(read.warnings[1]!.message).toContain('Part “ケーブル” is an article');
    expect(read.warnings[2]!.message).toBe('The substances of material “PVC被覆” add up to 60% of its mass; the remaining 40% is not declared.');
  });

  it('refuses materials adding up to more than 100% plus the tolerance, naming the material and its sum at its path; nothing changes', async () => {
    const before = await productCount(world.requester.tenant.id);
    const res = await world.requester.memberClient.post('/api/survey/products', productBody({ productNumber: 'EX-OVER', composition: composition({ solderLead: 5 }) }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation.failed');
    expect(res.json().error.fields).toEqual({
      'composition.parts.0.materials.1': '材料「はんだ」の含有物質の質量%の合計が 101.5% になっています。合計は100%以下（端数の許容 0.5% まで）にしてください。',
    });
    const en = await world.clientFor(world.requester.member, 'en');
    const resEn = await en.post('/api/survey/products', productBody({ productNumber: 'EX-OVER', composition: composition({ solderLead: 5 }) }));
    expect(resEn.json().error.fields['composition.parts.0.materials.1']).toBe(
      'The substances of material “はんだ” add up to 101.5% of its mass. They may add up to at most 100% (plus a rounding tolerance of 0.5%).',
    );
    expect(await productCount(world.requester.tenant.id)).toBe(before);

    // The same rule on an update: refused, the stored product unchanged.
    const product = await create(world.requester.memberClient, { productNumber: 'EX-UPD-SUM' });
    const nested = {
      parts: [{ name: '基板', numberOfUnits: 1, isArticle: true, massG: 10, materials: [], parts: [composition({ solderLead: 10 }).parts[0]] }],
    };
    const refused = await put(world.requester.memberClient, product.id, productBody({ productNumber: 'EX-UPD-SUM', composition: nested, version: 1 }));
    expect(refused.statusCode).toBe(400);
    expect(Object.keys(refused.json().error.fields)).toEqual(['composition.parts.0.parts.0.materials.1']);
    const [row] = await owner<{ version: number; composition: unknown }>('SELECT version, composition FROM survey.products WHERE id = $1', [product.id]);
    expect(row).toEqual({ version: 1, composition: product.composition });
  });

  it('respects the company’s tolerance: 100.4% passes at 0.5, is refused at 0', async () => {
    const over = composition({ solderTin: 96.4, solderLead: 4 });
    await create(world.supplier.memberClient, { productNumber: 'TOL-1', composition: over });
    const settings = ok<{ settings: { version: number } & Record<string, unknown> }>(await world.supplier.adminClient.get('/api/survey/settings')).settings;
    ok(await world.supplier.adminClient.request('PUT', '/api/survey/settings', { ...settings, sumTolerancePercent: 0 }));
    const res = await world.supplier.memberClient.post('/api/survey/products', productBody({ productNumber: 'TOL-2', composition: over }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields['composition.parts.0.materials.1']).toContain('100.4%');
    expect(res.json().error.fields['composition.parts.0.materials.1']).toContain('端数の許容 0% まで');
    // Exactly 100 still passes at 0.
    await create(world.supplier.memberClient, { productNumber: 'TOL-3', composition: composition({ solderTin: 97, solderLead: 3 }) });
  });

  it('refuses a CAS number with a wrong check digit, naming the substance, in ja and en', async () => {
    const before = await productCount(world.requester.tenant.id);
    const body = productBody({ productNumber: 'EX-CAS', composition: composition({ cas: '7439-92-2' }) });
    const res = await world.requester.memberClient.post('/api/survey/products', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({
      'composition.parts.0.materials.1.substances.1.cas':
        '物質「鉛」のCAS番号が正しくありません。7439-92-1 のように数字をハイフンで区切って入力し、最後の確認用の数字（チェックディジット）も確認してください。',
    });
    const en = await world.clientFor(world.requester.member, 'en');
    const resEn = await en.post('/api/survey/products', body);
    expect(resEn.json().error.fields['composition.parts.0.materials.1.substances.1.cas']).toMatch(/^The CAS number of substance “鉛” is not valid\./);
    // zod's own checks keep their field messages; a substance without any identifier is named too.
    const bad = composition();
    bad.parts[0]!.materials[1]!.substances[0] = { name: '錫', cas: null as unknown as string, massPercent: 150 };
    const res2 = await world.requester.memberClient.post('/api/survey/products', productBody({ productNumber: 'EX-CAS', composition: bad }));
    expect(res2.json().error.fields).toEqual({
      'composition.parts.0.materials.1.substances.0.massPercent': '100以下の値を入力してください。',
      'composition.parts.0.materials.1.substances.0.cas': '物質「錫」にはCAS番号か、それに代わる識別番号（EC番号、リストの管理番号など）を入力してください。',
    });
    expect(await productCount(world.requester.tenant.id)).toBe(before);
  });

  it('keeps product numbers unique per company: 409 in the same one, free in another', async () => {
    const res = await world.requester.memberClient.post('/api/survey/products', productBody());
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'survey.product_number_taken', fields: { productNumber: 'この品番は既に使われています。' } });
    await create(world.third.memberClient);
    const other = await create(world.requester.memberClient, { productNumber: 'EX-1002' });
    const renamed = await put(world.requester.memberClient, other.id, productBody({ version: 1 }));
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().error.code).toBe('survey.product_number_taken');
  });

  it('replaces a product at the version read, refreshes its CAS numbers and logs the changed fields; a stale version is 409', async () => {
    const product = await create(world.requester.memberClient, { productNumber: 'EX-EDIT' });
    const body = productBody({
      productNumber: 'EX-EDIT',
      name: '電源ユニット（改）',
      labels: ['電源'],
      composition: { parts: [], substances: [{ name: 'エポキシ樹脂', cas: '25068-38-6', massPercent: 100 }] },
      version: 1,
    });
    const updated = ok<{ product: ProductDetail }>(await put(world.requester.memberClient, product.id, body)).product;
    expect(updated).toMatchObject({ version: 2, name: '電源ユニット（改）', labels: ['電源'], partCount: 0, substanceCount: 1 });
    const [row] = await owner<{ cas_numbers: string[] }>('SELECT cas_numbers FROM survey.products WHERE id = $1', [product.id]);
    expect(row!.cas_numbers).toEqual(['25068-38-6']);
    const [event] = await owner<{ details: { fields: string[] }; changes: { before: Record<string, unknown>; after: Record<string, unknown> } }>(
      `SELECT details, changes FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'survey.product.updated' AND target_id = $2`,
      [world.requester.tenant.id, product.id],
    );
    expect(event!.details.fields).toEqual(['name', 'labels', 'composition']);
    expect(event!.changes).toEqual({ before: { name: '電源ユニット', labels: ['電源', '重点'] }, after: { name: '電源ユニット（改）', labels: ['電源'] } });
    const stale = await put(world.requester.memberClient, product.id, { ...body, name: '古い画面から' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
  });

  it('answers 404 for another company’s product on GET, PUT and DELETE, and never lists it', async () => {
    const theirs = await create(world.supplier.memberClient, { productNumber: 'SUP-SECRET', name: '仕入先の秘密部品' });
    const mine = world.requester.memberClient;
    for (const res of [
      await mine.get(`/api/survey/products/${theirs.id}`),
      await put(mine, theirs.id, productBody({ productNumber: 'SUP-SECRET', version: 1 })),
      await mine.request('DELETE', `/api/survey/products/${theirs.id}`),
      await mine.get('/api/survey/products/00000000-0000-4000-8000-000000000099'),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().error.code).toBe('survey.product_not_found');
    }
    const list = ok<{ items: ProductSummary[] }>(await mine.get('/api/survey/products?q=SUP-SECRET')).items;
    expect(list).toEqual([]);
    const all = ok<{ items: ProductSummary[]; total: number }>(await mine.get('/api/survey/products?pageSize=200'));
    expect(all.items.map((p) => p.id)).not.toContain(theirs.id);
    const [row] = await owner<{ name: string; version: number }>('SELECT name, version FROM survey.products WHERE id = $1', [theirs.id]);
    expect(row).toEqual({ name: '仕入先の秘密部品', version: 1 });
  });

  it('lets reviewers read but not write; a company without the survey contract gets nothing', async () => {
    const res = await world.requester.reviewerClient.post('/api/survey/products', productBody({ productNumber: 'REV-1' }));
    expect(res.statusCode).toBe(403);
    const product = await create(world.requester.adminClient, { productNumber: 'ADM-1' });
    expect((await world.requester.reviewerClient.request('DELETE', `/api/survey/products/${product.id}`)).statusCode).toBe(403);
    expect((await put(world.requester.reviewerClient, product.id, productBody({ productNumber: 'ADM-1', version: 1 }))).statusCode).toBe(403);
    expect(ok<{ product: ProductDetail }>(await world.requester.reviewerClient.get(`/api/survey/products/${product.id}`)).product.productNumber).toBe('ADM-1');
    const outsider = await world.outsider.client.get('/api/survey/products');
    expect([403, 404]).toContain(outsider.statusCode);
  });

  it('searches by number, name (kana folded) and CAS number, filters by label and worst outcome, sorts and pages', async () => {
    const client = world.third.memberClient;
    const a = await create(client, { productNumber: 'K-200', name: 'コネクタ', labels: ['車載'] });
    const b = await create(client, { productNumber: 'K-100', name: 'ケーブル', labels: [], composition: { parts: [] } });
    const c = await create(client, { productNumber: 'K-300', name: 'スイッチ', labels: ['車載'] });
    const search = async (query: string) => ok<{ items: ProductSummary[]; total: number }>(await client.get(`/api/survey/products?${query}`));
    expect((await search('q=こねくた')).items.map((p) => p.id)).toEqual([a.id]);
    expect((await search(`q=${encodeURIComponent('ｋ１００')}`)).items.map((p) => p.id)).toEqual([b.id]);
    expect((await search('q=7439921')).items.map((p) => p.productNumber).sort()).toEqual(['EX-1001', 'K-200', 'K-300']);
    expect((await search(`q=${encodeURIComponent('7439-92-1 スイッチ')}`)).items.map((p) => p.id)).toEqual([c.id]);
    expect((await search(`q=${encodeURIComponent('100%_')}`)).items).toEqual([]);
    expect((await search(`label=${encodeURIComponent('車載')}&sort=number`)).items.map((p) => p.productNumber)).toEqual(['K-200', 'K-300']);
    expect((await search('sort=number&pageSize=2&page=2')).items.map((p) => p.productNumber)).toEqual(['K-200', 'K-300']);
    const firstPage = await search('sort=number&pageSize=2');
    expect(firstPage.total).toBe(4);
    expect(firstPage.items.map((p) => p.productNumber)).toEqual(['EX-1001', 'K-100']);
    expect((await search('sort=name&q=K')).items.map((p) => p.name)).toEqual(['ケーブル', 'コネクタ', 'スイッチ']);
    expect((await client.get('/api/survey/products?pageSize=201')).statusCode).toBe(400);

    // Check results: two lists (one archived), two versions of one; only the newest version of live lists counts.
    const T = world.third.tenant.id;
    await world.tdb.db.ownerTransaction(async (tx) => {
      const list = async (code: string, archived: boolean) =>
        (await tx.query<{ id: string }>(`INSERT INTO survey.substance_lists (tenant_id, code, name, archived, created_at, updated_at) VALUES ($1, $2, $2, $3, now(), now()) RETURNING id`, [T, code, archived])).rows[0]!.id;
      const version = async (listId: string, no: number) =>
        (await tx.query<{ id: string }>(`INSERT INTO survey.list_versions (tenant_id, list_id, version_no, label, loaded_at) VALUES ($1, $2, $3, $4, now()) RETURNING id`, [T, listId, no, `v${no}`])).rows[0]!.id;
      const result = (productId: string, listId: string, versionId: string, outcome: string, changed = false) =>
        tx.query(
          `INSERT INTO survey.check_results (tenant_id, subject_kind, subject_id, list_id, list_version_id, outcome, changed, checked_at) VALUES ($1, 'product', $2, $3, $4, $5, $6, now())`,
          [T, productId, listId, versionId, outcome, changed],
        );
      const rohs = await list('RoHS', false);
      const old = await version(rohs, 1);
      const current = await version(rohs, 2);
      const archived = await list('OLD', true);
      const archivedVersion = await version(archived, 1);
      await result(a.id, rohs, old, 'compliant');
      await result(a.id, rohs, current, 'above_threshold', true);
      await result(b.id, rohs, old, 'above_threshold');
      await result(b.id, rohs, current, 'exempted');
      await result(c.id, archived, archivedVersion, 'above_threshold');
    });
    const byNumber = Object.fromEntries((await search('q=K')).items.map((p) => [p.productNumber, p]));
    expect(byNumber['K-200']).toMatchObject({ worstOutcome: 'above_threshold', changedCount: 1 });
    expect(byNumber['K-100']).toMatchObject({ worstOutcome: 'exempted', changedCount: 0, partCount: 0, substanceCount: 0 });
    expect(byNumber['K-300']).toMatchObject({ worstOutcome: null, changedCount: 0 });
    expect((await search('outcome=above_threshold')).items.map((p) => p.id)).toEqual([a.id]);
    expect((await search('outcome=exempted')).items.map((p) => p.id)).toEqual([b.id]);
    expect((await search('outcome=compliant')).total).toBe(0);
  });

  it('deletes a product with its check results and records it', async () => {
    const client = world.third.memberClient;
    const product = ok<{ items: ProductSummary[] }>(await client.get('/api/survey/products?q=K-200')).items[0]!;
    expect((await owner('SELECT 1 FROM survey.check_results WHERE subject_id = $1', [product.id])).length).toBe(2);
    const res = await client.request('DELETE', `/api/survey/products/${product.id}`);
    expect(res.statusCode).toBe(204);
    expect(await owner('SELECT 1 FROM survey.check_results WHERE subject_id = $1', [product.id])).toEqual([]);
    expect((await client.get(`/api/survey/products/${product.id}`)).statusCode).toBe(404);
    const [event] = await owner<{ details: Record<string, unknown> }>(`SELECT details FROM audit.tenant_events WHERE action = 'survey.product.deleted' AND target_id = $1`, [product.id]);
    expect(event!.details).toEqual({ productNumber: 'K-200', name: 'コネクタ', checkResults: 2 });
  });
});
