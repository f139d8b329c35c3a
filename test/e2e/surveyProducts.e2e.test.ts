import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { artifactPath, expectNoAxeViolations, openBrowserWorld, signedInPage, type BrowserWorld } from '../support/browser.js';

describe('survey products and substance lists in Chromium', () => {
  let world: BrowserWorld;
  let tenant: BuiltTenant;
  let admin: BuiltUser;
  let reviewer: BuiltUser;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    world = await openBrowserWorld({ BACKUP_ENABLED: 'false' });
    tenant = await buildTenant(world.tdb.db, { name: '日本電機株式会社', services: ['survey'] });
    admin = await buildUser(world.tdb.db, tenant, { email: 'kanri@nihon-denki.example', displayName: '管理 一郎', memberships: [{ service: 'survey', role: 'org_admin' }] });
    reviewer = await buildUser(world.tdb.db, tenant, { email: 'kakunin@nihon-denki.example', displayName: '確認 花子', memberships: [{ service: 'survey', role: 'org_reviewer' }] });
  });
  afterAll(async () => {
    await world?.close();
  });

  // The admin's steps build on each other in one signed-in page.
  let page: Page;
  let productUrl = '';
  let rohsUrl = '';

  it('an org admin loads the RoHS starter list and sees its entries', async () => {
    page = await signedInPage(world.browser, world.base, tenant.code, admin, cspViolations);
    await page.goto(`${world.base}/s/survey`);
    await page.getByTestId('survey-nav-lists').click();
    await page.waitForURL(`${world.base}/s/survey/lists`);
    await expect.poll(() => page.getByTestId('survey-list-empty').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('survey-starter-load-rohs_annex2').isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    await page.getByTestId('survey-starter-load-rohs_annex2').click();
    await expect.poll(() => page.getByTestId('survey-recheck').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('survey-list-row').count()).toBe(1);
    expect(await page.getByTestId('survey-list-row').innerText()).toContain('(EU) 2015/863');
    await expectNoAxeViolations(page);

    await page.getByTestId('survey-list-row').getByRole('link').click();
    await page.waitForURL(/\/s\/survey\/lists\/[0-9a-f-]{36}$/);
    rohsUrl = page.url();
    await expect.poll(() => page.getByTestId('survey-entry-row').count()).toBeGreaterThanOrEqual(10);
    await page.getByTestId('survey-entry-search').fill('7439-92-1');
    await page.getByTestId('survey-entry-search-submit').click();
    await expect.poll(() => page.getByTestId('survey-entry-row').count()).toBe(1);
    expect(await page.getByTestId('survey-entry-row').innerText()).toContain('鉛');
    expect(page.url()).toContain('q=7439-92-1');
    await expectNoAxeViolations(page);
  });

  it('the admin registers a product whose material holds lead above the threshold and sees where', async () => {
    await page.getByTestId('survey-nav-products').click();
    await page.waitForURL(`${world.base}/s/survey/products`);
    await expect.poll(() => page.getByTestId('survey-product-empty').isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    await page.getByTestId('survey-product-new').click();
    await page.waitForURL(`${world.base}/s/survey/products/new`);
    await page.getByTestId('survey-product-number').fill('PCB-100');
    await page.getByTestId('survey-product-name').fill('制御基板ユニット');
    await page.getByTestId('survey-product-mass').fill('50');
    await page.getByTestId('part-add').click();
    await page.getByTestId('part-name').fill('筐体');
    await page.getByTestId('material-add').click();
    await page.getByTestId('material-name').fill('ABS樹脂');
    await page.getByTestId('material-mass').fill('20');
    // A mistyped CAS number is named at once, with the check digit it calls for.
    await page.getByTestId('substance-cas').fill('7439-92-2');
    await expect.poll(() => page.getByText('入力した数字からは 1 になるはずです', { exact: false }).isVisible()).toBe(true);
    await page.getByTestId('substance-cas').fill('７４３９－９２－１');
    await expect.poll(() => page.getByText('入力した数字からは', { exact: false }).count()).toBe(0);
    await page.getByTestId('substance-name').fill('鉛');
    await page.getByTestId('substance-percent').fill('0.5');
    await page.getByTestId('substance-add').click();
    await page.getByTestId('substance-cas').nth(1).fill('9003-56-9');
    await page.getByTestId('substance-name').nth(1).fill('ABS');
    // The material's sum is shown as typed and warns above 100 %.
    await page.getByTestId('substance-percent').nth(1).fill('100');
    await expect.poll(() => page.getByTestId('material-sum').getAttribute('data-over')).toBe('true');
    await page.getByTestId('substance-percent').nth(1).fill('99.5');
    await expect.poll(() => page.getByTestId('material-sum').innerText()).toContain('100%');
    expect(await page.getByTestId('material-sum').getAttribute('data-over')).toBe('false');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('survey-product-form-ja.png'), fullPage: true });

    await page.getByTestId('survey-product-save').click();
    await page.waitForURL(/\/s\/survey\/products\/[0-9a-f-]{36}$/);
    productUrl = page.url();
    await expect.poll(() => page.getByTestId('survey-notice').innerText()).toContain('「制御基板ユニット」を登録しました');
    expect(await page.getByTestId('substance-cas').first().inputValue()).toBe('7439-92-1');

    await page.getByTestId('check-now').click();
    const rohs = page.getByTestId('check-result');
    await expect.poll(() => rohs.getByTestId('check-outcome').innerText()).toBe('閾値超過');
    const lead = rohs.getByTestId('finding-row').filter({ hasText: '鉛' });
    expect(await lead.getByTestId('finding-path').innerText()).toBe('筐体 › ABS樹脂 › 鉛');
    expect(await lead.getByTestId('finding-above').isVisible()).toBe(true);
    expect(await lead.innerText()).toContain('0.5%');
    expect(await lead.innerText()).toContain('0.1%');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('survey-product-checked-ja.png'), fullPage: true });

    // The list shows the outcome and filters by it, the filter kept in the URL.
    await page.getByTestId('survey-product-back').click();
    await page.waitForURL(`${world.base}/s/survey/products`);
    await expect.poll(() => page.getByTestId('survey-product-row').innerText()).toContain('閾値超過');
    await page.getByTestId('survey-product-outcome-filter').selectOption('compliant');
    await page.waitForURL(`${world.base}/s/survey/products?outcome=compliant`);
    await expect.poll(() => page.getByTestId('survey-product-empty').isVisible()).toBe(true);
  });

  it('a new list version with a wrong row is refused with the row named, and a good one marks the product changed', async () => {
    await page.goto(rohsUrl);
    await page.getByTestId('survey-version-load-open').click();
    await page.getByTestId('survey-version-label').fill('2027年改定（試験）');
    await page.getByTestId('survey-version-mode').getByText('貼り付け').click();
    await page.getByTestId('survey-version-paste').fill('CAS番号\t物質名\t閾値(%)\t基準\n7439-92-1\t鉛\t1\t均質材料\n7440-43-8\tカドミウム\t0.01\t均質材料');
    await page.getByTestId('survey-version-load').click();
    // The server names the row with the mistyped CAS number (line 3); nothing is saved.
    await expect.poll(() => page.getByTestId('survey-version-errors-row').count()).toBe(1);
    expect(await page.getByTestId('survey-version-errors-row').innerText()).toMatch(/^\s*3\b/);
    await expectNoAxeViolations(page, { include: '[data-testid="survey-version-load-dialog"]' });

    await page.getByTestId('survey-version-paste').fill('CAS番号\t物質名\t閾値(%)\t基準\n7439-92-1\t鉛\t1\t均質材料\n7440-43-9\tカドミウム\t0.01\t均質材料');
    await page.getByTestId('survey-version-load').click();
    await expect.poll(() => page.getByTestId('survey-recheck-summary').innerText()).toContain('判定が変わった製品: 1件');
    await expect.poll(() => page.getByTestId('survey-version-row').count()).toBe(2);
    await expectNoAxeViolations(page);

    await page.getByTestId('survey-recheck-changes').click();
    await page.waitForURL(/\/versions\/[0-9a-f-]{36}\/changes$/);
    const change = page.getByTestId('survey-changes-row');
    await expect.poll(() => change.count()).toBe(1);
    expect(await change.innerText()).toContain('PCB-100');
    expect(await change.getByTestId('survey-changes-before').innerText()).toBe('閾値超過');
    expect(await change.getByTestId('survey-changes-after').innerText()).toBe('適合');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('survey-list-changes-ja.png'), fullPage: true });

    // The dashboard names the product until the change is acknowledged.
    await page.getByTestId('survey-nav-dashboard').click();
    await page.waitForURL(`${world.base}/s/survey/dashboard`);
    const affected = page.getByTestId('survey-dashboard-affected-row');
    await expect.poll(() => affected.count()).toBe(1);
    expect(await affected.innerText()).toContain('PCB-100');
    expect(await affected.getByTestId('survey-changed').isVisible()).toBe(true);
    expect(await page.getByTestId('survey-count-affected').getByTestId('survey-count-value').innerText()).toBe('1');
    await expectNoAxeViolations(page);

    await affected.getByRole('link').click();
    await page.waitForURL(productUrl);
    const rohs = page.getByTestId('check-result');
    await expect.poll(() => rohs.getByTestId('check-outcome').innerText()).toBe('適合');
    expect(await rohs.getByTestId('survey-changed').isVisible()).toBe(true);
    expect(await rohs.getByTestId('check-change').innerText()).toContain('前の版での判定: 閾値超過');
    await expectNoAxeViolations(page);
    await rohs.getByTestId('check-acknowledge').click();
    await expect.poll(() => rohs.getByTestId('check-acknowledged').isVisible()).toBe(true);
    expect(await rohs.getByTestId('survey-changed').count()).toBe(0);
  });

  it('once acknowledged the product leaves the dashboard, and the org admin keeps the settings', async () => {
    await page.getByTestId('survey-nav-dashboard').click();
    await page.waitForURL(`${world.base}/s/survey/dashboard`);
    await expect.poll(() => page.getByTestId('survey-dashboard-affected-empty').isVisible()).toBe(true);
    expect(await page.getByTestId('survey-count-affected').getByTestId('survey-count-value').innerText()).toBe('0');
    await expectNoAxeViolations(page);

    await page.getByTestId('survey-nav-settings').click();
    await page.waitForURL(`${world.base}/s/survey/settings`);
    await page.getByTestId('survey-settings-companyName').fill('日本電機株式会社');
    await page.getByTestId('survey-settings-remindDaysBefore').fill('三');
    await page.getByTestId('survey-settings-save').click();
    await expect.poll(() => page.getByText('0以上の数値で入力してください（日数は整数）。').isVisible()).toBe(true);
    await page.getByTestId('survey-settings-remindDaysBefore').fill('3');
    await page.getByTestId('survey-settings-save').click();
    await expect.poll(() => page.getByTestId('survey-settings-saved').isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.reload();
    await expect.poll(() => page.getByTestId('survey-settings-remindDaysBefore').inputValue()).toBe('3');
    expect(await page.getByTestId('survey-settings-companyName').inputValue()).toBe('日本電機株式会社');
  });

  it('a reviewer sees lists and products but neither settings nor list management', async () => {
    const other = await signedInPage(world.browser, world.base, tenant.code, reviewer, cspViolations);
    await other.goto(`${world.base}/s/survey/lists`);
    await expect.poll(() => other.getByTestId('survey-list-row').count()).toBe(1);
    expect(await other.getByTestId('survey-nav-settings').count()).toBe(0);
    expect(await other.getByTestId('survey-list-new').count()).toBe(0);
    expect(await other.getByTestId('survey-starter-load-rohs_annex2').count()).toBe(0);
    await other.goto(productUrl);
    await expect.poll(() => other.getByTestId('survey-read-only').isVisible()).toBe(true);
    expect(await other.getByTestId('survey-product-save').count()).toBe(0);
    await expectNoAxeViolations(other);
    expect(cspViolations).toEqual([]);
  });
});
