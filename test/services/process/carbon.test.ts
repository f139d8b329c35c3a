import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { ManualClock } from '../../../src/core/clock.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../../support/factories.js';
import { createTestApp, type TestClient } from '../../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../../support/db.js';
import { checkSchema } from './carbon.schemaCheck.js';
import { clientFor, item, order, purchasedLot, recordsState, routing, workstation } from './records.fixture.js';

const PACT_SCHEMA = JSON.parse(readFileSync(new URL('./pact-v3.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe(`process carbon: emission factors, CFP and PACT (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let tenant: BuiltTenant;
  let admin: BuiltUser;
  let adminClient: TestClient;
  let memberClient: TestClient;
  let memberEn: TestClient;
  const clock = new ManualClock('2026-12-10T01:00:00.000Z');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
    tenant = await buildTenant(tdb.db, { name: '東洋樹脂株式会社' });
    admin = await buildUser(tdb.db, tenant, { displayName: '環境 管理者' });
    const member = await buildUser(tdb.db, tenant, { displayName: '現場 太郎', memberships: [{ service: 'process', role: 'member' }] });
    adminClient = await clientFor(app, tdb.db, clock, admin);
    memberClient = await clientFor(app, tdb.db, clock, member);
    memberEn = await clientFor(app, tdb.db, clock, member, 'en');
    const t = tenant.id;
    ids.pp = await item(tdb.db, t, 'RM-PP', 'raw');
    ids.talc = await item(tdb.db, t, 'RM-TALC', 'raw');
    ids.pellet = await item(tdb.db, t, 'PR-PELLET', 'product');
    ids.mixer = await workstation(tdb.db, t, 'MIX-1');
    ids.extruder = await workstation(tdb.db, t, 'EXT-1');
    ids.routing = await routing(tdb.db, t, ids.pellet, 'RT-PELLET', [
      { name: '混練', workstationId: ids.mixer, energyPerUnit: { electricity: 0.2 } },
      { name: '押出', workstationId: ids.extruder, energyPerUnit: { electricity: 0.5, city_gas: 0.01 } },
    ]);
    const o1 = await order(tdb.db, t, {
      orderNo: 'MO-2026-00001', itemId: ids.pellet, quantity: '100', lotNo: 'PL-001', routingId: ids.routing,
      // The first operation carries its planned energy; the second has none, so the routing's energy per unit × 100 applies.
      operations: [{ name: '混練', workstationId: ids.mixer, plannedEnergy: { electricity: 20 } }, { name: '押出', workstationId: ids.extruder }],
      materials: [{ itemId: ids.pp, quantity: '102' }, { itemId: ids.talc, quantity: '5' }],
    });
    ids.o1 = o1.orderId;
    ids.o1op1 = o1.operationIds[0]!;
    ids.o1op2 = o1.operationIds[1]!;
    ids.lot1 = await purchasedLot(tdb.db, t, ids.pp, 'PP-2611-01', '500');
    ids.lot2 = await purchasedLot(tdb.db, t, ids.pp, 'PP-2611-02', '500');
  }, 180_000);
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('installs the starter factors on first use; members read them, only admins change them', async () => {
    const first = await memberClient.get('/api/process/emission-factors');
    expect(first.statusCode, first.body).toBe(200);
    const factors = first.json().factors as { energyType: string; unit: string; kgCo2ePerUnit: number; source: string; year: number; name: string }[];
    expect(factors.map((f) => [f.energyType, f.name, f.unit, f.kgCo2ePerUnit])).toEqual([
      ['electricity', '電力', 'kWh', 0.434],
      ['city_gas', '都市ガス', 'm3', 2.23],
      ['lpg', 'LPG', 'kg', 3],
      ['heavy_oil_a', 'A重油', 'L', 2.71],
      ['steam', '蒸気', 'GJ', 60],
    ]);
    for (const f of factors) expect(f.source).toMatch(/環境省/);
    await memberClient.get('/api/process/emission-factors');
    const installs = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query(`SELECT 1 FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'process.emission_factor.starter_installed'`, [tenant.id])).rows.length,
    );
    expect(installs).toBe(1);

    const before = await recordsState(tdb.db, tenant.id);
    const electricity = (first.json().factors as { id: string; energyType: string }[]).find((f) => f.energyType === 'electricity')!;
    const denied = [
      await memberClient.post('/api/process/emission-factors', { kind: 'material', itemId: ids.pp, kgCo2ePerUnit: 1.9, source: '取引先提供値', year: 2025 }),
      await memberClient.request('PUT', `/api/process/emission-factors/${electricity.id}`, { version: 1, kgCo2ePerUnit: 0, source: 'x', year: 2025 }),
      await memberClient.request('DELETE', `/api/process/emission-factors/${electricity.id}`),
    ];
    for (const res of denied) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('auth.forbidden');
    }
    const deniedEn = await memberEn.post('/api/process/emission-factors', { kind: 'material', itemId: ids.pp, kgCo2ePerUnit: 1.9, source: 'x', year: 2025 });
    expect(deniedEn.json().error.message).toBe('You do not have permission to do this.');
    const noType = await adminClient.post('/api/process/emission-factors', { kind: 'energy', kgCo2ePerUnit: 1, source: 'x', year: 2025 });
    expect(noType.statusCode).toBe(400);
    expect(noType.json().error.fields.energyType).toBe('エネルギーの種類を選んでください。');
    const taken = await adminClient.post('/api/process/emission-factors', { kind: 'energy', energyType: 'electricity', kgCo2ePerUnit: 0.4, source: 'x', year: 2025 });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('process.factor_exists');
    expect(await recordsState(tdb.db, tenant.id)).toEqual(before);

    const pp = await adminClient.post('/api/process/emission-factors', { kind: 'material', itemId: ids.pp, kgCo2ePerUnit: 1.9, source: '樹脂メーカー提供値（PP ホモポリマー）', year: 2025 });
    expect(pp.statusCode, pp.body).toBe(201);
    expect(pp.json().factor).toMatchObject({ kind: 'material', itemCode: 'RM-PP', name: 'RM-PPの名前', unit: 'kg', kgCo2ePerUnit: 1.9, version: 1 });
    const stale = await adminClient.request('PUT', `/api/process/emission-factors/${pp.json().factor.id}`, { version: 2, kgCo2ePerUnit: 2, source: 'x', year: 2025 });
    expect(stale.statusCode).toBe(409);
    const changed = await adminClient.request('PUT', `/api/process/emission-factors/${electricity.id}`, { version: 1, kgCo2ePerUnit: 0.434, source: '契約先電気事業者の調整後排出係数', year: 2025 });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().factor).toMatchObject({ unit: 'kWh', kgCo2ePerUnit: 0.434, year: 2025, version: 2 });
  });

  it('computes the order CFP planned and actual to the gram, listing missing factors', async () => {
    // Talc has no factor yet: it is listed, its line has no kg, and it is not counted as 0 silently.
    const partial = await memberClient.get(`/api/process/cfp/orders/${ids.o1}`);
    expect(partial.statusCode, partial.body).toBe(200);
    expect(partial.json().missingFactors).toEqual(['material:RM-TALC']);
    expect(partial.json().planned.materials).toEqual([
      { itemId: ids.pp, itemCode: 'RM-PP', itemName: 'RM-PPの名前', quantity: 102, unit: 'kg', factor: 1.9, kg: 193.8 },
      { itemId: ids.talc, itemCode: 'RM-TALC', itemName: 'RM-TALCの名前', quantity: 5, unit: 'kg', factor: null, kg: null },
    ]);
    expect(partial.json().actual).toBeNull();

    const talc = await adminClient.post('/api/process/emission-factors', { kind: 'material', itemId: ids.talc, kgCo2ePerUnit: 0.35, source: 'IDEA v3 相当の二次データ', year: 2024 });
    expect(talc.statusCode).toBe(201);

    /*
     * Planned, by hand (factors: electricity 0.434 kg/kWh, city gas 2.23 kg/m3, PP 1.9 kg/kg, talc 0.35 kg/kg):
     *   materials: PP 102 × 1.9 = 193.8; talc 5 × 0.35 = 1.75            → 195.55
     *   step 1 (planned energy 20 kWh): 20 × 0.434 = 8.68
     *   step 2 (routing per unit × 100: 50 kWh, 1 m3): 50 × 0.434 = 21.7; 1 × 2.23 = 2.23 → 23.93
     *   energy 8.68 + 23.93 = 32.61; total 195.55 + 32.61 = 228.16; per kg 228.16 / 100 = 2.2816 → 2.282
     */
    const planned = (await memberClient.get(`/api/process/cfp/orders/${ids.o1}`)).json();
    expect(planned.missingFactors).toEqual([]);
    expect(planned).toMatchObject({ orderNo: 'MO-2026-00001', quantity: 100, unit: 'kg', item: { code: 'PR-PELLET' } });
    expect(planned.planned).toMatchObject({ totalKg: 228.16, perUnitKg: 2.282, materialsKg: 195.55, energyKg: 32.61 });
    expect(planned.planned.steps).toEqual([
      { seq: 1, name: '混練', workstationName: '設備MIX-1', energy: { electricity: 20 }, kg: 8.68 },
      { seq: 2, name: '押出', workstationName: '設備EXT-1', energy: { electricity: 50, city_gas: 1 }, kg: 23.93 },
    ]);

    const r1 = await memberClient.post('/api/process/work-records', {
      operationId: ids.o1op1, startedAt: '2026-11-19T09:00:00+09:00', finishedAt: '2026-11-19T12:00:00+09:00', goodQuantity: 100,
      energy: { electricity: 21.3 }, consumedLots: [{ lotId: ids.lot1, quantity: 60.5 }, { lotId: ids.lot2, quantity: 41.2 }], producedLotNo: 'IM-001',
    });
    expect(r1.statusCode, r1.body).toBe(201);
    const r2 = await memberClient.post('/api/process/work-records', {
      operationId: ids.o1op2, startedAt: '2026-11-19T13:00:00+09:00', finishedAt: '2026-11-19T16:00:00+09:00', goodQuantity: 97.5, scrapQuantity: 2.5,
      energy: { electricity: 48.7, city_gas: 1.15 },
      // The intermediate lot the first step made: already counted through that step, not a material.
      consumedLots: [{ lotId: r1.json().record.producedLotId, quantity: 100 }],
    });
    expect(r2.statusCode, r2.body).toBe(201);

    /*
     * Actual, by hand (consumed lots replace the planned materials, except the order's own intermediate lot IM-001;
     * the good quantity of the last step is the divisor):
     *   materials: PP lots 60.5 + 41.2 = 101.7 kg × 1.9 = 193.23 (talc was not consumed)
     *   step 1: 21.3 kWh × 0.434 = 9.2442                                   → 9.244
     *   step 2: 48.7 kWh × 0.434 = 21.1358; 1.15 m3 × 2.23 = 2.5645 → 23.7003 → 23.7
     *   energy 9.2442 + 23.7003 = 32.9445 → 32.945 (binary floating point gives 32.944500000000005 and toFixed(3) "32.944")
     *   total 193.23 + 32.9445 = 226.1745 → 226.175 (floating point toFixed(3) gives "226.174")
     *   per kg 226.1745 / 97.5 = 2.319738… → 2.32
     */
    const actual = (await memberClient.get(`/api/process/cfp/orders/${ids.o1}`)).json();
    expect(actual.missingFactors).toEqual([]);
    expect(actual.actual).toMatchObject({ totalKg: 226.175, perUnitKg: 2.32, materialsKg: 193.23, energyKg: 32.945, units: 97.5 });
    expect(actual.actual.materials).toEqual([{ itemId: ids.pp, itemCode: 'RM-PP', itemName: 'RM-PPの名前', quantity: 101.7, unit: 'kg', factor: 1.9, kg: 193.23 }]);
    expect(actual.actual.steps).toEqual([
      { seq: 1, name: '混練', workstationName: '設備MIX-1', energy: { electricity: 21.3 }, kg: 9.244 },
      { seq: 2, name: '押出', workstationName: '設備EXT-1', energy: { electricity: 48.7, city_gas: 1.15 }, kg: 23.7 },
    ]);
    expect(actual.planned.totalKg).toBe(228.16);
  });

  it('reports the product per declared unit with its monthly trend, and exports PACT v3 JSON that validates', async () => {
    // The planner completes the first order (another area's transition; set here directly).
    await tdb.db.ownerTransaction((tx) => tx.query(`UPDATE process.orders SET status = 'done', completed_at = '2026-11-20T03:00:00Z' WHERE id = $1`, [ids.o1]));
    // A second completed order without work records counts with its planned footprint:
    //   PP 51 × 1.9 = 96.9; 10 kWh × 0.434 = 4.34 → 101.24; per kg 101.24 / 50 = 2.0248 → 2.025
    await order(tdb.db, tenant.id, {
      orderNo: 'MO-2026-00002', itemId: ids.pellet!, quantity: '50', status: 'done', completedAt: '2026-12-02T03:00:00Z',
      operations: [{ name: '押出', workstationId: ids.extruder!, plannedEnergy: { electricity: 10 } }], materials: [{ itemId: ids.pp!, quantity: '51' }],
    });
    /*
     * Product, weighted by quantity made: (226.1745 + 101.24) / (97.5 + 50) = 327.4145 / 147.5 = 2.219759… → 2.22
     * Trend: 2026-11 → 2.32 (order 1), 2026-12 → 2.025 (order 2).
     */
    const res = await memberClient.get(`/api/process/cfp/products/${ids.pellet}?from=2026-11-01&to=2026-12-31`);
    expect(res.statusCode, res.body).toBe(200);
    const product = res.json();
    expect(product).toMatchObject({ declaredUnit: 'kg', perUnitKg: 2.22, missingFactors: [], item: { code: 'PR-PELLET' } });
    expect(product.orders.map((o: { orderNo: string; basis: string; quantity: number; totalKg: number; perUnitKg: number }) => [o.orderNo, o.basis, o.quantity, o.totalKg, o.perUnitKg])).toEqual([
      ['MO-2026-00001', 'actual', 97.5, 226.175, 2.32],
      ['MO-2026-00002', 'planned', 50, 101.24, 2.025],
    ]);
    expect(product.trend).toEqual([
      { month: '2026-11', perUnitKg: 2.32 },
      { month: '2026-12', perUnitKg: 2.025 },
    ]);

    const pact = await memberClient.get(`/api/process/cfp/products/${ids.pellet}/pact?from=2026-11-01&to=2026-12-31`);
    expect(pact.statusCode, pact.body).toBe(200);
    expect(pact.headers['content-disposition']).toMatch(/^attachment; filename="pact-.+\.json"$/);
    const doc = pact.json();
    expect(checkSchema(PACT_SCHEMA, doc)).toEqual([]);
    expect(doc).toMatchObject({
      specVersion: '3.0.0',
      status: 'Active',
      companyName: '東洋樹脂株式会社',
      companyIds: [`urn:sotas:company:${tenant.id}`],
      productIds: [`urn:sotas:product:${ids.pellet}`],
      productNameCompany: 'PR-PELLETの名前',
      pcf: {
        declaredUnitOfMeasurement: 'kilogram',
        declaredUnitAmount: '1',
        productMassPerDeclaredUnit: '1',
        referencePeriodStart: '2026-10-31T15:00:00.000Z',
        referencePeriodEnd: '2026-12-31T15:00:00.000Z',
        pcfExcludingBiogenicUptake: '2.22',
        pcfIncludingBiogenicUptake: '2.22',
      },
    });
    // The checker is not vacuous: a number where PACT wants a decimal string fails.
    expect(checkSchema(PACT_SCHEMA, { ...doc, pcf: { ...doc.pcf, pcfExcludingBiogenicUptake: 2.22 } })).toEqual(['$.pcf.pcfExcludingBiogenicUptake: expected string, got number']);
    expect(checkSchema(PACT_SCHEMA, { ...doc, specVersion: '2.0.0', extra: 1 })).toEqual(['$.specVersion: expected "3.0.0"', '$: unexpected property extra']);

    const empty = await memberClient.get(`/api/process/cfp/products/${ids.pellet}/pact?from=2025-01-01&to=2025-01-31`);
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.code).toBe('process.cfp_no_data');

    // Without a city gas factor the footprint is incomplete: listed, and PACT refuses to export it.
    const factors = (await adminClient.get('/api/process/emission-factors')).json().factors as { id: string; energyType: string | null }[];
    const gas = factors.find((f) => f.energyType === 'city_gas')!;
    expect((await adminClient.request('DELETE', `/api/process/emission-factors/${gas.id}`)).statusCode).toBe(200);
    const incomplete = (await memberClient.get(`/api/process/cfp/products/${ids.pellet}?from=2026-11-01&to=2026-12-31`)).json();
    expect(incomplete.missingFactors).toEqual(['energy:city_gas']);
    const refused = await memberEn.get(`/api/process/cfp/products/${ids.pellet}/pact?from=2026-11-01&to=2026-12-31`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'process.cfp_missing_factors', message: 'The carbon footprint cannot be exported because emission factors are missing for: energy:city_gas' });
  });
});
