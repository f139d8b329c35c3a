import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { createTestApp, TestClient } from '../support/app.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { artifactPath, ensureWebBuilt, expectNoAxeViolations, launchBrowser, newCheckedPage } from '../support/browser.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const HOUR = 3_600_000;
/** 'YYYY-MM-DDTHH:mm' in JST, as a datetime-local input takes it. */
const jstLocal = (ms: number) => new Date(ms + 9 * HOUR).toISOString().slice(0, 16);

/**
 * The process service from end to end, as the "done" describes it: an admin sets up an
 * item, a workstation and a routing, creates and schedules a production order, moves it on the
 * Gantt chart with the mouse and releases it; a member records the work on the shop-floor
 * screen; the carbon footprint report shows the order's breakdown.
 */
describe('process journey in Chromium', () => {
  let tdb: TestDatabase;
  let app: App;
  let browser: Browser;
  let base: string;
  let tenant: BuiltTenant;
  let admin: BuiltUser;
  let member: BuiltUser;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    tdb = await openTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: base } });
    await app.listen();
    tenant = await buildTenant(tdb.db, { name: '東和樹脂株式会社' });
    admin = await buildUser(tdb.db, tenant, { email: 'kanri@towa-jushi.example', displayName: '管理 花子', memberships: [{ service: 'process', role: 'admin' }] });
    member = await buildUser(tdb.db, tenant, { email: 'genba@towa-jushi.example', displayName: '現場 次郎', memberships: [{ service: 'process', role: 'member' }] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
  });

  async function signIn(page: Page, user: BuiltUser): Promise<void> {
    await page.goto(`${base}/login`);
    await page.getByTestId('login-company').fill(tenant.code);
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${base}/`);
  }

  it('admin plans and moves an order, a member records the work, the CFP report shows the breakdown', async () => {
    const page = await newCheckedPage(browser, cspViolations);
    onTestFailed(async () => {
      await page.screenshot({ path: artifactPath('process-journey-failure.png'), fullPage: true });
    });
    await signIn(page, admin);

    // 1. The product through the item master screen.
    await page.goto(`${base}/s/process`);
    await page.getByTestId('process-nav-items').click();
    await page.waitForURL(`${base}/s/process/items`);
    await page.getByTestId('item-new').click();
    await page.getByTestId('item-code').fill('P-200');
    await page.getByTestId('item-name').fill('ABSコンパウンド');
    await page.getByTestId('item-kind').selectOption('product');
    await page.getByTestId('item-unit').fill('kg');
    await page.getByTestId('item-save').click();
    await page.goto(`${base}/s/process/items`);
    await expect.poll(() => page.getByTestId('item-row-P-200').isVisible()).toBe(true);

    // 2. The workstation, the raw material, the formula and the routing through the API: their
    //    editors (working-hour grids, step tables) have their own browser tests.
    const api = new TestClient(app);
    expect((await api.login(tenant.code, admin.email, admin.password)).statusCode).toBe(200);
    const items = (await api.get('/api/process/items?q=P-200')).json() as { items: { id: string; code: string }[] };
    const productId = items.items.find((i) => i.code === 'P-200')!.id;
    const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));
    const ws = await api.post('/api/process/workstations', { code: 'W-MIX', name: '混練機', powerKw: 55, energySources: ['electricity'], workHours: allDay, observeHolidays: false });
    expect(ws.statusCode, ws.body).toBe(201);
    const workstationId = (ws.json() as { workstation: { id: string } }).workstation.id;
    const raw = await api.post('/api/process/items', { code: 'M-ABS', name: 'ABS樹脂', kind: 'raw', unit: 'kg' });
    expect(raw.statusCode, raw.body).toBe(201);
    const rawId = (raw.json() as { item: { id: string } }).item.id;
    const formula = await api.post('/api/process/formulas', { itemId: productId, code: 'F-200', name: '標準配合', baseQuantity: 100, yieldPct: 100, isDefault: true, lines: [{ componentItemId: rawId, quantity: 100, scrapPct: 0 }] });
    expect(formula.statusCode, formula.body).toBe(201);
    const routing = await api.post('/api/process/routings', {
      itemId: productId,
      code: 'R-200',
      name: '標準工程',
      isDefault: true,
      steps: [{ seq: 1, name: '混練', workstationId, timeBasis: 'per_batch', standardMinutes: 120, batchSize: 1000, energyPerUnit: { electricity: 0.5 } }],
    });
    expect(routing.statusCode, routing.body).toBe(201);
    // The material's emission factor (the energy factors come with the starter set).
    const factor = await api.post('/api/process/emission-factors', { kind: 'material', itemId: rawId, kgCo2ePerUnit: 2.5, source: '取引先提供値', year: 2025 });
    expect(factor.statusCode, factor.body).toBe(201);

    // 3. The order through the order form: routing and formula default to the item's.
    await page.getByTestId('process-nav-orders').click();
    await page.waitForURL(`${base}/s/process/orders`);
    await page.getByTestId('order-new').click();
    await page.waitForURL(`${base}/s/process/orders/new`);
    await page.getByTestId('order-item').selectOption({ label: 'P-200 ABSコンパウンド' });
    await expect.poll(() => page.getByTestId('order-routing').inputValue()).not.toBe('');
    expect(await page.getByTestId('order-formula').inputValue()).not.toBe('');
    await page.getByTestId('order-quantity').fill('200');
    await page.getByTestId('order-due').fill(jstLocal(Date.now() + 7 * 24 * HOUR));
    await page.getByTestId('order-lot').fill('L-ABS-001');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-order-new-ja.png'), fullPage: true });
    await page.getByTestId('order-submit').click();
    await page.waitForURL(/\/s\/process\/orders\/[0-9a-f-]{36}$/);
    const orderId = page.url().split('/').pop()!;
    await expect.poll(() => page.getByTestId('order-status').first().innerText()).toBe('下書き');
    expect(await page.getByTestId('order-materials').innerText()).toContain('ABS樹脂');

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
    const floor = await newCheckedPage(browser, cspViolations);
    await signIn(floor, member);
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

    // 8. The CFP report of the order: planned and actual, by material and by process step.
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
    const page = await newCheckedPage(browser, cspViolations);
    await signIn(page, admin);
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
