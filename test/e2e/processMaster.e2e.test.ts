import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { artifactPath, expectNoAxeViolations, openBrowserWorld, signedInPage, type BrowserWorld } from '../support/browser.js';
import { createWorkstationOnScreen, fillItemForm, fillRoutingForm, fillWorkstationForm } from './support/processScreens.js';

describe('process master-data screens in Chromium', () => {
  let world: BrowserWorld;
  let base: string;
  let tenant: BuiltTenant;
  let admin: BuiltUser;
  let member: BuiltUser;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    world = await openBrowserWorld({ BACKUP_ENABLED: 'false' });
    base = world.base;
    tenant = await buildTenant(world.tdb.db, { name: '東和樹脂株式会社' });
    admin = await buildUser(world.tdb.db, tenant, { email: 'kato@towa-jushi.example', displayName: '加藤 真一', memberships: [{ service: 'process', role: 'admin' }] });
    member = await buildUser(world.tdb.db, tenant, { email: 'mori@towa-jushi.example', displayName: '森 由美', memberships: [{ service: 'process', role: 'member' }] });
  });
  afterAll(async () => {
    await world?.close();
  });

  const signIn = (user: BuiltUser): Promise<Page> => signedInPage(world.browser, base, tenant.code, user, cspViolations);

  const visible = (page: Page, testId: string) => page.getByTestId(testId).first().isVisible();

  // The admin's steps build on each other in one signed-in page; each step is its own test to stay within the time limit.
  let page: Page;

  it('an admin creates items through the screens, with validation messages on the way', async () => {
    page = await signIn(admin);

    // 品目: empty list, then a form that refuses empty fields before anything is sent.
    await page.goto(`${base}/s/process`);
    await page.getByTestId('process-nav-items').click();
    await page.waitForURL(`${base}/s/process/items`);
    await expect.poll(() => page.getByTestId('item-empty').innerText()).toContain('品目はまだ登録されていません');
    await expectNoAxeViolations(page);
    await page.getByTestId('item-new').click();
    await page.waitForURL(`${base}/s/process/items/new`);
    await page.getByTestId('item-unit').fill('');
    await page.getByTestId('item-save').click();
    await expect.poll(() => page.getByText('入力してください。').count()).toBe(3);
    await fillItemForm(page, { code: 'PP-001', name: 'ポリプロピレン樹脂', kind: 'raw', unit: 'kg', labels: ['樹脂'] });
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-master-item-form-ja.png'), fullPage: true });
    await page.getByTestId('item-save').click();
    await page.waitForURL(`${base}/s/process/items`);
    await expect.poll(() => page.getByTestId('master-notice').innerText()).toContain('品目 PP-001 を保存しました。');
    const itemRow = page.getByTestId('item-row-PP-001');
    expect(await itemRow.innerText()).toContain('ポリプロピレン樹脂');
    expect(await itemRow.innerText()).toContain('原材料');
    expect(await itemRow.innerText()).toContain('樹脂');

    // The server's own rule: a code already in use is refused with a message beside the field.
    await page.getByTestId('item-new').click();
    await page.getByTestId('item-code').fill('PP-001');
    await page.getByTestId('item-name').fill('重複テスト');
    await page.getByTestId('item-save').click();
    await expect.poll(() => page.getByText('このコードは既に使われています', { exact: false }).first().isVisible()).toBe(true);
    expect(page.url()).toBe(`${base}/s/process/items/new`);
    await fillItemForm(page, { code: 'PL-100', name: '樹脂ペレット', kind: 'product', unit: 'kg' });
    await page.getByTestId('item-save').click();
    await page.waitForURL(`${base}/s/process/items`);
    await expect.poll(() => visible(page, 'item-row-PL-100')).toBe(true);

    // Search and the kind filter narrow the list.
    await page.getByTestId('item-kind-filter').selectOption('product');
    await expect.poll(() => page.getByTestId('item-row-PP-001').count()).toBe(0);
    expect(await page.getByTestId('item-row-PL-100').count()).toBe(1);
    await page.getByTestId('item-kind-filter').selectOption('');
    await page.getByTestId('item-search').fill('ポリ');
    await page.getByTestId('item-search-submit').click();
    await expect.poll(() => page.getByTestId('item-row-PL-100').count()).toBe(0);
    expect(await page.getByTestId('item-row-PP-001').count()).toBe(1);
    await page.screenshot({ path: artifactPath('process-master-items-ja.png'), fullPage: true });

  });

  it('an admin creates workstations with weekly hours and an exception day', async () => {
    // 設備: numbers are checked; a Saturday shift and a closed day are added.
    await page.getByTestId('process-nav-workstations').click();
    await page.waitForURL(`${base}/s/process/workstations`);
    await page.getByTestId('workstation-new').click();
    await page.getByTestId('workstation-code').fill('EX-01');
    await page.getByTestId('workstation-name').fill('押出機1号');
    await page.getByTestId('workstation-setupMinutes').fill('十五');
    await page.getByTestId('workstation-powerKw').fill('-3');
    await page.getByTestId('workstation-save').click();
    await expect.poll(() => page.getByText('0以上の整数（分）を入力してください。').isVisible()).toBe(true);
    expect(await page.getByText('0以上の数値を入力してください。').isVisible()).toBe(true);
    await fillWorkstationForm(page, { code: 'EX-01', name: '押出機1号', setupMinutes: 15, cleanupMinutes: 10, powerKw: 55 });
    await page.getByTestId('workstation-hours-sat').getByRole('button', { name: '土曜日に時間帯を追加' }).click();
    await page.getByLabel('土曜日 1番目の時間帯の終了').fill('12:00');
    await page.getByTestId('workstation-add-day').click();
    await page.getByTestId('workstation-day').getByLabel('日付').fill('2026-12-30');
    await page.getByTestId('workstation-day').getByLabel('メモ').fill('年末休業');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-master-workstation-form-ja.png'), fullPage: true });
    await page.getByTestId('workstation-save').click();
    await page.waitForURL(`${base}/s/process/workstations`);
    const wsRow = page.getByTestId('workstation-row-EX-01');
    await expect.poll(() => wsRow.innerText()).toContain('押出機1号');
    expect(await wsRow.innerText()).toContain('15分／10分');
    expect(await wsRow.innerText()).toContain('土 08:00–12:00');
    await createWorkstationOnScreen(page, base, { code: 'PK-01', name: '包装機' });

    // The saved exception day comes back in the form.
    await wsRow.getByRole('link', { name: 'EX-01' }).click();
    await expect.poll(() => page.getByTestId('workstation-day').getByLabel('日付').inputValue()).toBe('2026-12-30');
    expect(await page.getByTestId('workstation-day').getByLabel('メモ').inputValue()).toBe('年末休業');

  });

  it('an admin creates a routing whose steps are reordered with the keyboard', async () => {
    // 工程表: two steps, reordered with the keyboard.
    await page.getByTestId('process-nav-routings').click();
    await page.waitForURL(`${base}/s/process/routings`);
    await page.getByTestId('routing-new').click();
    await page.getByTestId('routing-save').click();
    await expect.poll(() => page.getByText('品目を選択してください。').isVisible()).toBe(true);
    expect(await page.getByText('設備を選択してください。').isVisible()).toBe(true);
    await fillRoutingForm(page, {
      item: 'PL-100 — 樹脂ペレット',
      code: 'RT-PL100',
      name: 'ペレット標準工程',
      steps: [
        { name: '包装', workstation: 'PK-01 — 包装機', minutes: 0.5 },
        { name: '押出', workstation: 'EX-01 — 押出機1号', timeBasis: 'per_batch', minutes: 120, batchSize: 500, electricity: 0.8 },
      ],
    });
    const steps = page.getByTestId('routing-step');
    await page.getByRole('button', { name: '工程 2 を上へ移動' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => steps.nth(0).getByTestId('routing-step-name').inputValue()).toBe('押出');
    expect(await steps.nth(1).getByTestId('routing-step-name').inputValue()).toBe('包装');
    // Focus stays with the moved step, now first: its "up" is disabled, so "down" holds the focus.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('工程 1 を下へ移動');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-master-routing-form-ja.png'), fullPage: true });
    await page.getByTestId('routing-save').click();
    await page.waitForURL(/\/s\/process\/routings\?itemId=/);
    const routingRow = page.getByTestId('routing-row-RT-PL100');
    await expect.poll(() => routingRow.innerText()).toContain('1. 押出（EX-01） → 2. 包装（PK-01）');
    await expectNoAxeViolations(page);

    // The saved routing keeps the order and the energy per unit.
    await routingRow.getByRole('link', { name: 'RT-PL100' }).click();
    await expect.poll(() => steps.nth(0).getByTestId('routing-step-name').inputValue()).toBe('押出');
    expect(await steps.nth(0).getByTestId('routing-step-energy-electricity').inputValue()).toBe('0.8');
    expect(await steps.nth(0).getByTestId('routing-step-batchSize').inputValue()).toBe('500');

  });

  it('the import dialog and the screens in English', async () => {
    // The import dialog offers the templates and a dry run first.
    await page.goto(`${base}/s/process/items`);
    await page.getByTestId('item-import-open').click();
    await expect.poll(() => visible(page, 'import-dialog')).toBe(true);
    expect(await page.getByTestId('import-template-csv').getAttribute('href')).toBe('/api/process/import/items/template?format=csv');
    expect(await page.getByTestId('import-run').isDisabled()).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByTestId('import-close').click();

    // English.
    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Items');
    expect(await page.getByTestId('item-row-PP-001').innerText()).toContain('Raw material');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-master-items-en.png'), fullPage: true });
    await page.goto(`${base}/s/process/routings`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Routings');
    await page.getByTestId('routing-row-RT-PL100').getByRole('link', { name: 'RT-PL100' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Routing RT-PL100');
    await page.getByTestId('routing-step').nth(0).getByTestId('routing-step-minutes').fill('abc');
    await page.getByTestId('routing-save').click();
    await expect.poll(() => page.getByText('Enter a number of 0 or more.').isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('process-master-routing-form-en.png'), fullPage: true });
    await page.getByTestId('lang-switch').getByText('日本語').click();
    expect(cspViolations).toEqual([]);
  });

  it('a member sees the master data read-only', async () => {
    const memberPage = await signIn(member);
    await memberPage.goto(`${base}/s/process/items`);
    await expect.poll(() => visible(memberPage, 'item-row-PP-001')).toBe(true);
    expect(await memberPage.getByTestId('master-read-only').innerText()).toContain('閲覧のみ');
    expect(await memberPage.getByTestId('item-new').count()).toBe(0);
    expect(await memberPage.getByTestId('item-import-open').count()).toBe(0);
    await expectNoAxeViolations(memberPage);

    await memberPage.getByTestId('item-row-PP-001').getByRole('link', { name: 'PP-001' }).click();
    await expect.poll(() => memberPage.getByTestId('item-code').inputValue()).toBe('PP-001');
    expect(await memberPage.getByTestId('item-code').getAttribute('readonly')).not.toBeNull();
    expect(await memberPage.getByTestId('item-kind').isDisabled()).toBe(true);
    expect(await memberPage.getByTestId('item-save').count()).toBe(0);
    expect(await memberPage.getByTestId('item-delete').count()).toBe(0);
    await expectNoAxeViolations(memberPage);

    await memberPage.goto(`${base}/s/process/routings`);
    await memberPage.getByTestId('routing-row-RT-PL100').getByRole('link', { name: 'RT-PL100' }).click();
    await expect.poll(() => memberPage.getByTestId('routing-step').count()).toBe(2);
    expect(await memberPage.getByTestId('routing-save').count()).toBe(0);
    expect(await memberPage.getByTestId('routing-add-step').count()).toBe(0);
    expect(await memberPage.getByTestId('routing-step-up').count()).toBe(0);
    await expectNoAxeViolations(memberPage);
    await memberPage.screenshot({ path: artifactPath('process-master-routing-member-ja.png'), fullPage: true });
    expect(cspViolations).toEqual([]);
  });
});
