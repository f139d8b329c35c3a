import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Tx } from '../../src/core/db/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { artifactPath, expectNoAxeViolations, openBrowserWorld, signedInPage, type BrowserWorld } from '../support/browser.js';

/** Waits for a screen's answer; the machine running the browser may be slow, so the waits are generous. */
const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

const HOURS = JSON.stringify({ mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] });

interface Setup {
  productId: string;
  orderId: string;
}

/**
 * A released order of 1,000 kg of PE film in two steps (押出 on the extruder, 製袋 on the bag
 * maker) that needs 1,050 kg of PE pellets, with a purchased pellet lot. Written as the owner,
 * so the screens are tested apart from the master-data and scheduling screens.
 */
async function seed(tx: Tx, tenantId: string): Promise<Setup> {
  const one = async (sql: string, params: unknown[]): Promise<string> => (await tx.query<{ id: string }>(sql, params)).rows[0]!.id;
  const productId = await one(`INSERT INTO process.items (tenant_id, code, name, kind, unit, created_at, updated_at) VALUES ($1, 'P-100', 'PEフィルム袋', 'product', 'kg', now(), now()) RETURNING id`, [tenantId]);
  const pelletId = await one(`INSERT INTO process.items (tenant_id, code, name, kind, unit, created_at, updated_at) VALUES ($1, 'RM-PE', 'PEペレット', 'raw', 'kg', now(), now()) RETURNING id`, [tenantId]);
  const extruder = await one(
    `INSERT INTO process.workstations (tenant_id, code, name, work_hours, energy_sources, power_kw, created_at, updated_at) VALUES ($1, 'W-EXT', '押出機1号', $2::jsonb, '{electricity}', 55, now(), now()) RETURNING id`,
    [tenantId, HOURS],
  );
  const bagger = await one(
    `INSERT INTO process.workstations (tenant_id, code, name, work_hours, energy_sources, power_kw, created_at, updated_at) VALUES ($1, 'W-BAG', '製袋機', $2::jsonb, '{electricity}', 15, now(), now()) RETURNING id`,
    [tenantId, HOURS],
  );
  const orderId = await one(
    `INSERT INTO process.orders (tenant_id, order_no, item_id, quantity, due_at, lot_no, status, released_at, created_at, updated_at)
     VALUES ($1, 'MO-E2E-0001', $2, 1000, now() + interval '7 days', 'LOT-P-0001', 'released', now(), now(), now()) RETURNING id`,
    [tenantId, productId],
  );
  await tx.query(
    `INSERT INTO process.operations (tenant_id, order_id, seq, name, workstation_id, quantity, setup_minutes, run_minutes, cleanup_minutes, planned_energy, start_at, end_at)
     VALUES ($1, $2, 1, '押出', $3, 1000, 30, 300, 15, '{"electricity": 400}'::jsonb, now(), now() + interval '6 hours'),
            ($1, $2, 2, '製袋', $4, 1000, 20, 200, 10, '{"electricity": 150}'::jsonb, now() + interval '6 hours', now() + interval '10 hours')`,
    [tenantId, orderId, extruder, bagger],
  );
  await tx.query(`INSERT INTO process.order_materials (tenant_id, order_id, item_id, required_quantity) VALUES ($1, $2, $3, 1050)`, [tenantId, orderId, pelletId]);
  await tx.query(`INSERT INTO process.lots (tenant_id, item_id, lot_no, origin, quantity, created_at) VALUES ($1, $2, 'PE-2611-01', 'purchased', 2000, now())`, [tenantId, pelletId]);
  return { productId, orderId };
}

describe('process records screens in Chromium', () => {
  let world: BrowserWorld;
  let base: string;
  let tenant: BuiltTenant;
  let admin: BuiltUser;
  let member: BuiltUser;
  let setup: Setup;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    world = await openBrowserWorld();
    base = world.base;
    tenant = await buildTenant(world.tdb.db, { name: '東和樹脂株式会社' });
    admin = await buildUser(world.tdb.db, tenant, { email: 'kankyo@towa-jushi.example', displayName: '環境 管理者', memberships: [{ service: 'process', role: 'admin' }] });
    member = await buildUser(world.tdb.db, tenant, { email: 'genba@towa-jushi.example', displayName: '現場 太郎', memberships: [{ service: 'process', role: 'member' }] });
    setup = await world.tdb.db.ownerTransaction((tx) => seed(tx, tenant.id));
  });
  afterAll(async () => {
    await world?.close();
  });

  /** A signed-in page in its own browser context; the tablet part runs at 768×1024 portrait. */
  const pageAs = (user: BuiltUser, viewport = { width: 1280, height: 900 }): Promise<Page> => signedInPage(world.browser, base, tenant.code, user, cspViolations, { viewport });

  it('a member records the start and finish of operations on a tablet, with energy and lots, and traces the lots', async () => {
    const page = await pageAs(member, { width: 768, height: 1024 });
    await page.goto(`${base}/s/process/work`);
    await until(() => page.getByTestId('work-page').isVisible()).toBe(true);
    await page.getByTestId('work-workstation').selectOption({ label: 'W-EXT 押出機1号' });
    const card = page.getByTestId('work-op-MO-E2E-0001-1');
    await until(() => card.isVisible()).toBe(true);
    expect(await card.innerText()).toContain('PEフィルム袋');
    expect(await card.getByTestId('work-op-status').innerText()).toBe('未着手');
    // Shop-floor touch targets are at least 44 px high.
    const startBox = await card.getByTestId('work-start').boundingBox();
    expect(startBox?.height ?? 0).toBeGreaterThanOrEqual(44);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-records-work-queue-ja.png'), fullPage: true });

    await card.getByTestId('work-start').click();
    await until(() => page.getByTestId('work-notice').innerText()).toContain('MO-E2E-0001 の「押出」を開始しました。');
    await until(() => card.getByTestId('work-op-status').innerText()).toBe('作業中');
    expect(await card.getByTestId('work-op-running').innerText()).toContain('に開始');

    // The workstation is remembered on this device.
    await page.reload();
    await until(() => page.getByTestId('work-op-MO-E2E-0001-1').isVisible()).toBe(true);

    await page.getByTestId('work-op-MO-E2E-0001-1').getByTestId('work-finish-open').click();
    await until(() => page.getByTestId('work-finish').isVisible()).toBe(true);
    expect(await page.getByTestId('record-good').getAttribute('inputmode')).toBe('decimal');
    // An unknown lot number is refused beside the field.
    await page.getByTestId('record-lot-search').fill('PE-9999');
    await page.getByTestId('record-lot-add').click();
    await until(() => page.getByText('ロット番号「PE-9999」は見つかりません。').isVisible()).toBe(true);
    await page.getByTestId('record-lot-search').fill('PE-2611-01');
    await page.getByTestId('record-lot-add').click();
    await until(() => page.getByTestId('record-lot-PE-2611-01').isVisible()).toBe(true);
    await page.getByTestId('record-good').fill('980');
    await page.getByTestId('record-scrap').fill('20');
    await page.getByTestId('record-loss-reason').selectOption('setup');
    await page.getByTestId('record-loss-text').fill('金型交換');
    await page.getByTestId('record-energy-electricity').fill('420');
    await page.getByTestId('record-produced-lot').fill('EXT-0001');
    // The lot quantity is required.
    await page.getByTestId('record-submit').click();
    await until(() => page.getByText('投入量を0より大きい数で入力してください。').isVisible()).toBe(true);
    await page.getByTestId('record-lot-quantity').fill('1030');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-records-finish-form-ja.png'), fullPage: true });
    await page.getByTestId('record-submit').click();
    await until(() => page.getByTestId('work-notice').innerText()).toContain('MO-E2E-0001 の「押出」の実績を記録しました。');
    const done = page.getByTestId('work-op-MO-E2E-0001-1');
    await until(() => done.getByTestId('work-op-status').innerText()).toBe('完了');
    expect(await done.getByTestId('work-op-records').innerText()).toContain('電力 420 kWh');
    expect(await done.getByTestId('work-start').count()).toBe(0);

    // The second step is entered at once, without a start first.
    await page.getByTestId('work-workstation').selectOption({ label: 'W-BAG 製袋機' });
    await page.getByTestId('work-op-MO-E2E-0001-2').getByTestId('work-finish-open').click();
    await page.getByTestId('record-good').fill('975');
    await page.getByTestId('record-scrap').fill('5');
    await page.getByTestId('record-energy-electricity').fill('160');
    await page.getByTestId('record-submit').click();
    await until(() => page.getByTestId('work-notice').innerText()).toContain('「製袋」の実績を記録しました。');

    // The records of the order, with an edit.
    await page.getByTestId('work-op-MO-E2E-0001-2').getByTestId('work-order-records').click();
    await until(() => page.getByTestId('order-records-table').isVisible()).toBe(true);
    expect(await page.getByTestId('order-record-row').count()).toBe(2);
    const firstRow = page.getByTestId('order-record-row').filter({ hasText: '押出' });
    expect(await firstRow.innerText()).toContain('段取りロス: 金型交換');
    expect(await firstRow.innerText()).toContain('現場 太郎');
    await firstRow.getByTestId('order-record-edit').click();
    await until(() => page.getByRole('dialog').isVisible()).toBe(true);
    expect(await page.getByTestId('record-loss-reason').inputValue()).toBe('setup');
    expect(await page.getByTestId('record-loss-text').inputValue()).toBe('金型交換');
    await page.getByTestId('record-scrap').fill('25');
    await expectNoAxeViolations(page);
    await page.getByTestId('record-submit').click();
    await until(() => page.getByTestId('order-records-notice').innerText()).toContain('実績を保存しました。');
    await until(() => page.getByTestId('order-record-row').filter({ hasText: '押出' }).innerText()).toContain('980 / 25');
    await page.screenshot({ path: artifactPath('process-records-order-records-ja.png'), fullPage: true });

    // Genealogy both ways: the pellet lot went into EXT-0001.
    await page.goto(`${base}/s/process/lots`);
    await page.getByTestId('lots-search').fill('PE-2611');
    await page.getByTestId('lots-search-submit').click();
    await until(() => page.getByTestId('lot-row-PE-2611-01').isVisible()).toBe(true);
    await page.getByTestId('lot-row-PE-2611-01').getByRole('link', { name: 'PE-2611-01' }).click();
    await until(() => page.getByTestId('genealogy-root').innerText()).toBe('PE-2611-01');
    await page.getByTestId('genealogy-direction').getByText('行き先（使用先ロット）').click();
    await until(() => page.getByTestId('genealogy-node').count()).toBe(1);
    const node = page.getByTestId('genealogy-node');
    expect(await node.getAttribute('data-depth')).toBe('1');
    expect(await node.innerText()).toContain('EXT-0001');
    expect(await node.innerText()).toContain('指図 MO-E2E-0001 で');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-records-genealogy-forward-ja.png'), fullPage: true });
    await node.getByRole('link', { name: 'EXT-0001' }).click();
    await until(() => page.getByTestId('genealogy-root').innerText()).toBe('EXT-0001');
    // The link keeps the direction; the other way leads back to the pellets.
    await until(() => page.getByTestId('genealogy-empty').isVisible()).toBe(true);
    await page.getByTestId('genealogy-direction').getByText('由来（投入ロット）').click();
    await until(() => page.getByTestId('genealogy-node').count()).toBe(1);
    expect(await page.getByTestId('genealogy-node').innerText()).toContain('PE-2611-01');

    // Members read the factors but cannot change them.
    await page.goto(`${base}/s/process/factors`);
    await until(() => page.getByTestId('factors-read-only').isVisible()).toBe(true);
    await until(() => page.getByTestId('factor-row-electricity').isVisible()).toBe(true);
    expect(await page.getByTestId('factor-edit').count()).toBe(0);
  }, 240_000);

  it('an admin edits an energy factor and adds a material factor; the CFP report shows the breakdown and the PACT file', async () => {
    const page = await pageAs(admin);

    // Before the material has a factor, the order's CFP names it as missing.
    await page.goto(`${base}/s/process/cfp/orders/${setup.orderId}`);
    await until(() => page.getByTestId('cfp-missing').isVisible()).toBe(true);
    expect(await page.getByTestId('cfp-missing').innerText()).toContain('材料: RM-PE');

    await page.goto(`${base}/s/process/factors`);
    const electricity = page.getByTestId('factor-row-electricity');
    await until(() => electricity.isVisible()).toBe(true);
    expect(await electricity.innerText()).toContain('0.434 kg-CO2e/kWh');
    await electricity.getByTestId('factor-edit').click();
    await until(() => page.getByTestId('factor-form').isVisible()).toBe(true);
    expect(await page.getByTestId('factor-unit').inputValue()).toBe('kWh');
    await page.getByTestId('factor-value').fill('0.45');
    await page.getByTestId('factor-source').fill('電力会社の調整後排出係数（2025年度公表）');
    await page.getByTestId('factor-year').fill('2025');
    await expectNoAxeViolations(page);
    await page.getByTestId('factor-submit').click();
    await until(() => page.getByTestId('factors-notice').innerText()).toContain('の排出係数を保存しました。');
    await until(() => electricity.innerText()).toContain('0.45 kg-CO2e/kWh');
    expect(await electricity.innerText()).toContain('電力会社の調整後排出係数（2025年度公表）');

    await page.getByTestId('factor-new-material').click();
    await page.getByTestId('factor-item').selectOption({ label: 'RM-PE PEペレット' });
    expect(await page.getByTestId('factor-unit').inputValue()).toBe('kg');
    await page.getByTestId('factor-value').fill('1.8');
    await page.getByTestId('factor-source').fill('IDEA v3 低密度ポリエチレン');
    await page.getByTestId('factor-year').fill('2024');
    await page.getByTestId('factor-submit').click();
    await until(() => page.getByTestId('factor-row-RM-PE').isVisible()).toBe(true);
    expect(await page.getByTestId('factor-row-RM-PE').innerText()).toContain('1.8 kg-CO2e/kg');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-records-factors-ja.png'), fullPage: true });

    // Planned: 1,050 kg × 1.8 + (400 + 150) kWh × 0.45 = 1,890 + 247.5 = 2,137.5 kg.
    // Actual: 1,030 kg × 1.8 + (420 + 160) kWh × 0.45 = 1,854 + 261 = 2,115 kg, per 975 kg made.
    await page.goto(`${base}/s/process/cfp/orders/${setup.orderId}`);
    await until(() => page.getByTestId('cfp-order-page').isVisible()).toBe(true);
    expect(await page.getByTestId('cfp-missing').count()).toBe(0);
    expect(await page.getByTestId('cfp-planned-total').innerText()).toBe('2,137.5 kg');
    expect(await page.getByTestId('cfp-actual-total').innerText()).toBe('2,115 kg');
    const bars = page.getByTestId('cfp-step-bar');
    expect(await bars.count()).toBe(2);
    expect(await bars.nth(0).getAttribute('data-hot')).toBe('true');
    expect(await bars.nth(1).getAttribute('data-hot')).toBe('false');
    expect(await page.getByTestId('cfp-hot-spot').innerText()).toContain('「1. 押出」');
    const rows = page.getByTestId('cfp-step-row');
    expect(await rows.nth(0).innerText()).toContain('ホットスポット');
    expect(await rows.nth(0).innerText()).toContain('189 kg');
    expect(await rows.nth(1).innerText()).toContain('72 kg');
    expect(await page.getByTestId('cfp-materials-table').innerText()).toContain('1,854 kg');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-records-cfp-order-ja.png'), fullPage: true });

    // Once the order is done, the product's footprint per declared unit and its trend appear.
    await world.tdb.db.ownerTransaction((tx) => tx.query(`UPDATE process.orders SET status = 'done', completed_at = now() WHERE id = $1`, [setup.orderId]));
    await page.goto(`${base}/s/process/cfp/products/${setup.productId}`);
    await until(() => page.getByTestId('cfp-product-summary').isVisible()).toBe(true);
    expect(await page.getByTestId('cfp-product-per-unit').innerText()).toBe('2.169 kg');
    await until(() => page.getByTestId('cfp-trend-point').count()).toBe(1);
    expect(await page.getByTestId('cfp-trend-table').innerText()).toContain('2.169 kg');
    expect(await page.getByTestId('cfp-product-orders').innerText()).toContain('MO-E2E-0001');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-records-cfp-product-ja.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cfp-pact').click()]);
    const file = await download.path();
    const { readFile } = await import('node:fs/promises');
    const pact = JSON.parse(await readFile(file, 'utf8')) as { specVersion: string; productNameCompany: string; pcf: { declaredUnitOfMeasurement: string } };
    expect(pact.specVersion.startsWith('3')).toBe(true);
    expect(pact.productNameCompany).toBe('PEフィルム袋');

    // The English screen.
    await page.goto(`${base}/s/process/cfp/orders/${setup.orderId}`);
    await page.evaluate(() => window.localStorage.setItem('lang', 'en'));
    await page.reload();
    await until(() => page.getByTestId('cfp-hot-spot').innerText()).toContain('The step emitting most is "1. 押出"');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-records-cfp-order-en.png'), fullPage: true });
    expect(cspViolations).toEqual([]);
  }, 240_000);
});
