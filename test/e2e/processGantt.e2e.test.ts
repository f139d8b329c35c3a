import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TestClient } from '../support/app.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { artifactPath, expectNoAxeViolations, openBrowserWorld, signedInPage, type BrowserWorld } from '../support/browser.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The Monday (JST, 00:00) two weeks after this week's: far enough ahead that "now" never gets in the way. */
function mondayInTwoWeeks(): number {
  const jstMidnight = Math.floor((Date.now() + 9 * HOUR) / DAY) * DAY - 9 * HOUR;
  const weekday = new Date(jstMidnight + 9 * HOUR).getUTCDay();
  return jstMidnight - ((weekday + 6) % 7) * DAY + 14 * DAY;
}
const iso = (ms: number) => new Date(ms).toISOString();
const ymd = (ms: number) => new Date(ms + 9 * HOUR).toISOString().slice(0, 10);

describe('process Gantt chart in Chromium', () => {
  let world: BrowserWorld;
  let base: string;
  let tenant: BuiltTenant;
  let admin: BuiltUser;
  let client: TestClient;
  const cspViolations: string[] = [];
  const monday = mondayInTwoWeeks();
  const orderNos: Record<'a' | 'b', string> = { a: '', b: '' };
  let itemId = '';

  async function call<T>(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, expected = 200): Promise<T> {
    const res = await client.request(method, url, body);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(expected);
    return res.json() as T;
  }

  beforeAll(async () => {
    world = await openBrowserWorld();
    base = world.base;
    tenant = await buildTenant(world.tdb.db, { name: '東和樹脂株式会社' });
    admin = await buildUser(world.tdb.db, tenant, { email: 'kotei@towa-jushi.example', displayName: '工程 太郎', memberships: [{ service: 'process', role: 'admin' }] });
    // The master data and orders come through the API: this file tests the Gantt screen.
    client = new TestClient(world.app);
    expect((await client.login(tenant.code, admin.email, admin.password)).statusCode).toBe(200);
    const hours = { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] };
    const item = await call<{ item: { id: string } }>('POST', '/api/process/items', { code: 'P-100', name: 'PPコンパウンド', kind: 'product', unit: 'kg' }, 201);
    itemId = item.item.id;
    const mixer = await call<{ workstation: { id: string } }>('POST', '/api/process/workstations', { code: 'W-MIX', name: '混練機', workHours: hours, observeHolidays: false }, 201);
    await call('POST', '/api/process/workstations', { code: 'W-EXT', name: '押出機', workHours: hours, observeHolidays: false }, 201);
    await call(
      'POST',
      '/api/process/routings',
      { itemId, code: 'R-100', name: '標準工程', isDefault: true, steps: [{ seq: 1, name: '混練', workstationId: mixer.workstation.id, timeBasis: 'per_batch', standardMinutes: 120, batchSize: 1000, energyPerUnit: { electricity: 0.5 } }] },
      201,
    );
    for (const key of ['a', 'b'] as const) {
      const created = await call<{ order: { id: string; orderNo: string } }>('POST', '/api/process/orders', { itemId, quantity: 500, dueAt: iso(monday + 4 * DAY + 17 * HOUR) }, 201);
      orderNos[key] = created.order.orderNo;
      await call('POST', `/api/process/orders/${created.order.id}/schedule`, { direction: 'forward', from: iso(monday + 8 * HOUR) });
    }
  });
  afterAll(async () => {
    await world?.close();
  });

  const adminPage = (): Promise<Page> => signedInPage(world.browser, base, tenant.code, admin, cspViolations);

  const startOf = (page: Page, orderNo: string) => page.getByTestId(`gantt-bar-${orderNo}-1`).getAttribute('data-start');

  /** Drags a bar by dx/dy pixels with the mouse, in small steps as a person would. */
  async function drag(page: Page, orderNo: string, dx: number, dy = 0): Promise<void> {
    const bar = page.getByTestId(`gantt-bar-${orderNo}-1`);
    await bar.scrollIntoViewIfNeeded();
    const box = (await bar.boundingBox())!;
    const x = box.x + Math.min(20, box.width / 2);
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 5 });
    await page.mouse.move(x + dx, y + dy, { steps: 5 });
    await page.mouse.up();
  }

  it('a drag onto another order is refused with the conflicting order named; a good drag can be undone', async () => {
    const page = await adminPage();
    await page.goto(`${base}/s/process/gantt?view=workstation&zoom=day&date=${ymd(monday)}`);
    await expect.poll(() => page.getByTestId(`gantt-bar-${orderNos.b}-1`).isVisible()).toBe(true);
    expect(await startOf(page, orderNos.a)).toBe(iso(monday + 8 * HOUR));
    expect(await startOf(page, orderNos.b)).toBe(iso(monday + 10 * HOUR));
    expect(await page.getByTestId('gantt-row-W-MIX').innerText()).toContain('混練機');
    expect(await page.getByTestId('gantt-nonworking').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-gantt-day-ja.png'), fullPage: true });

    // One hour to the left (60 px at day zoom) puts B over A: refused, B stays where it was.
    await drag(page, orderNos.b, -60);
    await expect.poll(() => page.getByTestId('gantt-conflict').isVisible()).toBe(true);
    const warning = await page.getByTestId('gantt-conflict').innerText();
    expect(warning).toContain('重なる');
    expect(warning).toContain(orderNos.a);
    expect(await startOf(page, orderNos.b)).toBe(iso(monday + 10 * HOUR));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-gantt-conflict-ja.png'), fullPage: true });

    // Two hours to the right is free: moved, and 元に戻す puts it back.
    await drag(page, orderNos.b, 120);
    await expect.poll(() => page.getByTestId('gantt-moved').isVisible()).toBe(true);
    await expect.poll(() => startOf(page, orderNos.b)).toBe(iso(monday + 12 * HOUR));
    await page.getByTestId('gantt-undo').click();
    await expect.poll(() => page.getByTestId('gantt-undone').isVisible()).toBe(true);
    await expect.poll(() => startOf(page, orderNos.b)).toBe(iso(monday + 10 * HOUR));

    // Dragging up one row moves the operation to the extruder.
    await drag(page, orderNos.b, 0, -40); // rows are sorted by code: W-EXT above W-MIX
    await expect.poll(() => page.getByTestId('gantt-moved').isVisible()).toBe(true);
    const detail = await call<{ operations: { workstationCode: string }[] }>('GET', `/api/process/orders/${await orderId(orderNos.b)}`);
    expect(detail.operations[0]?.workstationCode).toBe('W-EXT');
    await page.getByTestId('gantt-undo').click();
    await expect.poll(() => page.getByTestId('gantt-undone').isVisible()).toBe(true);
    const back = await call<{ operations: { workstationCode: string }[] }>('GET', `/api/process/orders/${await orderId(orderNos.b)}`);
    expect(back.operations[0]?.workstationCode).toBe('W-MIX');
  });

  async function orderId(orderNo: string): Promise<string> {
    const list = await call<{ orders: { id: string; orderNo: string }[] }>('GET', `/api/process/orders?q=${encodeURIComponent(orderNo)}`);
    return list.orders.find((o) => o.orderNo === orderNo)!.id;
  }

  it('moves a bar with the keyboard: arrows by the zoom step, Escape cancels, Enter confirms', async () => {
    const page = await adminPage();
    await page.goto(`${base}/s/process/gantt?view=workstation&zoom=day&date=${ymd(monday)}`);
    const bar = page.getByTestId(`gantt-bar-${orderNos.b}-1`);
    await expect.poll(() => bar.isVisible()).toBe(true);
    expect(await bar.getAttribute('aria-label')).toContain(orderNos.b);
    await bar.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('gantt-move-status').innerText()).toContain('13:00');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('gantt-move-status').innerText()).toBe('');
    expect(await startOf(page, orderNos.b)).toBe(iso(monday + 10 * HOUR));

    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('gantt-moved').isVisible()).toBe(true);
    await expect.poll(() => startOf(page, orderNos.b)).toBe(iso(monday + 13 * HOUR));
    // Focus stays on the bar, so the next move can follow at once.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(`gantt-bar-${orderNos.b}-1`);
  });

  it('zooms day/week/month, switches to the order view and marks late orders with text as well as colour', async () => {
    // An order due before it can be made: late.
    const late = await call<{ order: { id: string; orderNo: string } }>('POST', '/api/process/orders', { itemId, quantity: 100, dueAt: iso(monday + 9 * HOUR) }, 201);
    await call('POST', `/api/process/orders/${late.order.id}/schedule`, { direction: 'forward', from: iso(monday + 8 * HOUR) });

    const page = await adminPage();
    await page.goto(`${base}/s/process/gantt?view=workstation&zoom=day&date=${ymd(monday)}`);
    const bar = page.getByTestId(`gantt-bar-${orderNos.a}-1`);
    await expect.poll(() => bar.isVisible()).toBe(true);
    const dayWidth = (await bar.boundingBox())!.width;
    expect(dayWidth).toBeGreaterThan(110); // 2 h at 60 px/h

    await page.getByTestId('gantt-zoom').getByText('週').click();
    await expect.poll(() => page.getByTestId('gantt-chart').getAttribute('data-zoom')).toBe('week');
    await expect.poll(async () => (await bar.boundingBox())?.width ?? 0).toBeLessThan(30); // 2 h at 12 px/h
    expect(page.url()).toContain('zoom=week');
    await page.getByTestId('gantt-zoom').getByText('月').click();
    await expect.poll(() => page.getByTestId('gantt-chart').getAttribute('data-zoom')).toBe('month');
    await expect.poll(async () => (await bar.boundingBox())?.width ?? 0).toBeLessThan(10);

    const lateBar = page.getByTestId(`gantt-bar-${late.order.orderNo}-1`);
    await page.getByTestId('gantt-zoom').getByText('日').click();
    await expect.poll(() => lateBar.isVisible()).toBe(true);
    expect(await lateBar.getAttribute('data-late')).toBe('true');
    expect(await lateBar.innerText()).toContain('納期遅れ');
    expect(await lateBar.getAttribute('aria-label')).toContain('納期遅れ');

    await page.getByTestId('gantt-view').getByText('指図別').click();
    await expect.poll(() => page.getByTestId(`gantt-row-${late.order.orderNo}`).isVisible()).toBe(true);
    expect(await page.getByTestId(`gantt-row-${late.order.orderNo}`).innerText()).toContain('納期遅れ');
    expect(await page.getByTestId(`gantt-row-${orderNos.a}`).innerText()).not.toContain('納期遅れ');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-gantt-orders-ja.png'), fullPage: true });
    expect(cspViolations).toEqual([]);
  });
});
