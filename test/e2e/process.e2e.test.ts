import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { TestClient } from '../support/app.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { artifactPath, expectNoAxeViolations, openBrowserWorld, signedInPage, type BrowserWorld } from '../support/browser.js';
import { createItemOnScreen, createRoutingOnScreen, createWorkstationOnScreen } from './support/processScreens.js';

const HOUR = 3_600_000;
/** 'YYYY-MM-DDTHH:mm' in JST, as a datetime-local input takes it. */
const jstLocal = (ms: number) => new Date(ms + 9 * HOUR).toISOString().slice(0, 16);

/**
 * The process service from end to end, as the "done" describes it: an admin sets up
 * items, a workstation and a routing on the master screens, creates a confidential production
 * order naming the member who will work on it, schedules it, moves it on the Gantt chart with
 * the mouse and releases it; the named member records the work on the shop-floor screen while
 * a member not named never sees the order; the carbon footprint report shows its breakdown.
 */
describe('process journey in Chromium', () => {
  let world: BrowserWorld;
  let tenant: BuiltTenant;
  let admin: BuiltUser;
  let member: BuiltUser;
  let bystander: BuiltUser;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    world = await openBrowserWorld();
    tenant = await buildTenant(world.tdb.db, { name: '東和樹脂株式会社' });
    admin = await buildUser(world.tdb.db, tenant, { email: 'kanri@towa-jushi.example', displayName: '管理 花子', memberships: [{ service: 'process', role: 'admin' }] });
    member = await buildUser(world.tdb.db, tenant, { email: 'genba@towa-jushi.example', displayName: '現場 次郎', memberships: [{ service: 'process', role: 'member' }] });
    bystander = await buildUser(world.tdb.db, tenant, { email: 'eigyo@towa-jushi.example', displayName: '営業 三郎', memberships: [{ service: 'process', role: 'member' }] });
  });
  afterAll(async () => {
    await world?.close();
  });

  const pageAs = (user: BuiltUser): Promise<Page> => signedInPage(world.browser, world.base, tenant.code, user, cspViolations);

  it('admin plans and moves an order, a member records the work, the CFP report shows the breakdown', async () => {
    const { app, base } = world;
    const page = await pageAs(admin);
    onTestFailed(async () => {
      await page.screenshot({ path: artifactPath('process-journey-failure.png'), fullPage: true });
    });

    // 1. The raw material, the product, the workstation and the routing through the master screens.
    await createItemOnScreen(page, base, { code: 'M-ABS', name: 'ABS樹脂', kind: 'raw', unit: 'kg' });
    await createItemOnScreen(page, base, { code: 'P-200', name: 'ABSコンパウンド', kind: 'product', unit: 'kg', labels: ['新規'] });
    await createWorkstationOnScreen(page, base, { code: 'W-MIX', name: '混練機', powerKw: 55, allDay: true });
    await createRoutingOnScreen(page, base, {
      item: 'P-200 — ABSコンパウンド',
      code: 'R-200',
      name: '標準工程',
      steps: [{ name: '混練', workstation: 'W-MIX — 混練機', timeBasis: 'per_batch', minutes: 120, batchSize: 1000, electricity: 0.5 }],
    });

    // 2. The formula and the material's emission factor through the API: their screens have their
    //    own browser tests (the energy factors come with the starter set).
    const api = new TestClient(app);
    expect((await api.login(tenant.code, admin.email, admin.password)).statusCode).toBe(200);
    const items = (await api.get('/api/process/items?q=M-ABS')).json() as { items: { id: string; code: string }[] };
    const rawId = items.items.find((i) => i.code === 'M-ABS')!.id;
    const products = (await api.get('/api/process/items?q=P-200')).json() as { items: { id: string; code: string }[] };
    const productId = products.items.find((i) => i.code === 'P-200')!.id;
    const workstations = (await api.get('/api/process/workstations')).json() as { workstations: { id: string; code: string }[] };
    const workstationId = workstations.workstations.find((w) => w.code === 'W-MIX')!.id;
    const formula = await api.post('/api/process/formulas', { itemId: productId, code: 'F-200', name: '標準配合', baseQuantity: 100, yieldPct: 100, isDefault: true, lines: [{ componentItemId: rawId, quantity: 100, scrapPct: 0 }] });
    expect(formula.statusCode, formula.body).toBe(201);
    const factor = await api.post('/api/process/emission-factors', { kind: 'material', itemId: rawId, kgCo2ePerUnit: 2.5, source: '取引先提供値', year: 2025 });
    expect(factor.statusCode, factor.body).toBe(201);

    // 3. The order through the order form: routing and formula default to the item's.
    await page.getByTestId('process-nav-orders').click();
    await page.waitForURL(`${base}/s/process/orders`);
    await page.getByTestId('order-new').click();
    await page.waitForURL(`${base}/s/process/orders/new`);
    await page.getByTestId('order-item').selectOption({ label: 'P-200 ABSコンパウンド' });
    await expect.poll(() => page.getByTestId('order-routing').inputValue()).not.toBe('');
    await expect.poll(() => page.getByTestId('order-formula').inputValue()).not.toBe('');
    await page.getByTestId('order-quantity').fill('200');
    await page.getByTestId('order-due').fill(jstLocal(Date.now() + 7 * 24 * HOUR));
    await page.getByTestId('order-lot').fill('L-ABS-001');
    // 機密: only the admins and the named member (who will record the work) may see the order.
    await page.getByTestId('labels-classification').selectOption('confidential');
    await page.getByTestId('order-submit').click();
    await expect.poll(() => page.getByText('機密の場合は、閲覧できる人を1人以上選んでください。').isVisible()).toBe(true);
    await page.getByRole('checkbox', { name: /現場 次郎/ }).check();
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-order-new-ja.png'), fullPage: true });
    await page.getByTestId('order-submit').click();
    await page.waitForURL(/\/s\/process\/orders\/[0-9a-f-]{36}$/);
    const orderId = page.url().split('/').pop()!;
    await expect.poll(() => page.getByTestId('order-status').first().innerText()).toBe('下書き');
    expect(await page.getByTestId('order-materials').innerText()).toContain('ABS樹脂');
    expect(await page.getByTestId('classification-badge').innerText()).toBe('機密');
    await expect.poll(() => page.getByRole('checkbox', { name: /現場 次郎/ }).isChecked()).toBe(true);

    // 4. Scheduled forward: the operation gets its times.
    await page.getByTestId('order-schedule-forward').click();
    await expect.poll(() => page.getByTestId('order-status').first().innerText()).toBe('計画済み');
    await expect.poll(() => page.getByTestId('operation-start').first().innerText()).not.toBe('—');
    const orderNo = ((await api.get(`/api/process/orders/${orderId}`)).json() as { order: { orderNo: string; plannedStart: string } }).order;
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-order-scheduled-ja.png'), fullPage: true });

    // 5. On the Gantt chart the bar is dragged two hours later with the mouse.
    const plannedDay = new Date(Date.parse(orderNo.plannedStart) + 9 * HOUR).toISOString().slice(0, 10);
    await page.goto(`${base}/s/process/gantt?view=workstation&zoom=day&date=${plannedDay}`);
    const bar = page.getByTestId(`gantt-bar-${orderNo.orderNo}-1`);
    await expect.poll(() => bar.isVisible()).toBe(true);
    const before = Date.parse((await bar.getAttribute('data-start'))!);
    await bar.scrollIntoViewIfNeeded();
    const box = (await bar.boundingBox())!;
    await page.mouse.move(box.x + 10, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 70, box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(box.x + 130, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('gantt-moved').isVisible()).toBe(true);
    await expect.poll(async () => Date.parse((await bar.getAttribute('data-start')) ?? '')).toBe(before + 2 * HOUR);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-gantt-moved-ja.png'), fullPage: true });

    // 6. Released to the shop floor, with a confirmation.
    await page.goto(`${base}/s/process/orders/${orderId}`);
    await page.getByTestId('order-transition-released').click();
    await page.getByTestId('order-transition-confirm').click();
    await expect.poll(() => page.getByTestId('order-status').first().innerText()).toBe('着手指示済み');
    expect(await page.getByTestId('order-changes').innerText()).toContain('適用中');

    // 7. The member records the work on the shop-floor screen.
    const floor = await pageAs(member);
    await floor.goto(`${base}/s/process/work`);
    await floor.getByTestId('work-workstation').selectOption(workstationId);
    const card = floor.getByTestId(`work-op-${orderNo.orderNo}-1`);
    await expect.poll(() => card.isVisible()).toBe(true);
    await card.getByTestId('work-start').click();
    await expect.poll(() => floor.getByTestId('work-notice').isVisible()).toBe(true);
    await card.getByTestId('work-finish-open').click();
    await expect.poll(() => floor.getByTestId('work-finish').isVisible()).toBe(true);
    await floor.getByTestId('record-good').fill('198');
    await floor.getByTestId('record-scrap').fill('2');
    await floor.getByTestId('record-energy-electricity').fill('110');
    await expectNoAxeViolations(floor);
    await floor.screenshot({ path: artifactPath('process-work-record-ja.png'), fullPage: true });
    await floor.getByTestId('record-submit').click();
    await expect.poll(() => floor.getByTestId('work-notice').isVisible()).toBe(true);

    // 8. A member not named on the order finds it nowhere: not in the list, not by its address.
    const other = await pageAs(bystander);
    await other.goto(`${base}/s/process/orders`);
    await expect.poll(() => other.getByTestId('order-empty').isVisible()).toBe(true);
    expect(await other.getByTestId(`order-row-${orderNo.orderNo}`).count()).toBe(0);
    await other.goto(`${base}/s/process/orders/${orderId}`);
    await expect.poll(() => other.getByRole('heading', { level: 1 }).innerText()).toBe('ページが見つかりません');

    // 9. The CFP report of the order: planned and actual, by material and by process step.
    await page.goto(`${base}/s/process/cfp/orders/${orderId}`);
    await expect.poll(() => page.getByTestId('cfp-steps-table').first().isVisible()).toBe(true);
    expect(await page.getByTestId('cfp-steps-table').first().innerText()).toContain('混練');
    expect(await page.getByTestId('cfp-materials-table').first().innerText()).toContain('ABS樹脂');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-cfp-order-ja.png'), fullPage: true });

    // The order list shows the order in progress.
    await page.goto(`${base}/s/process/orders`);
    await expect.poll(() => page.getByTestId(`order-row-${orderNo.orderNo}`).isVisible()).toBe(true);
    expect(await page.getByTestId(`order-row-${orderNo.orderNo}`).innerText()).toContain('製造中');
    await expectNoAxeViolations(page);
    expect(cspViolations).toEqual([]);
  });

  it('shows the dispatch list and the load chart of the workstation', async () => {
    const { base } = world;
    const page = await pageAs(admin);
    await page.goto(`${base}/s/process/dispatch`);
    await expect.poll(() => page.getByTestId('dispatch-heading').isVisible()).toBe(true);
    expect(await page.getByTestId('dispatch-heading').innerText()).toContain('W-MIX');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-dispatch-ja.png'), fullPage: true });
    await page.goto(`${base}/s/process/load`);
    await expect.poll(() => page.getByTestId('load-row-W-MIX').isVisible()).toBe(true);
    expect(await page.getByTestId('load-row-W-MIX').innerText()).toContain('%');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-load-ja.png'), fullPage: true });
  });
});
