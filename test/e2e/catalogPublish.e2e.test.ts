import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { artifactPath, ensureWebBuilt, expectNoAxeViolations, launchBrowser, newCheckedPage } from '../support/browser.js';
import { setCatalogPlan } from '../services/catalog/catalogWorld.js';

/** A few bytes that look like a PDF: the server stores any file; the name and type say what it is. */
const SDS_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('catalog publisher screens in Chromium', () => {
  let tdb: TestDatabase;
  let app: App;
  let browser: Browser;
  let base: string;
  let tenant: BuiltTenant;
  let admin: BuiltUser;
  let editor: BuiltUser;
  let viewer: BuiltUser;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1', BACKUP_ENABLED: 'false' } });
    base = (await app.listen()).http;
    tenant = await buildTenant(tdb.db, { name: '東邦樹脂株式会社' });
    await setCatalogPlan(tdb.db, tenant.id, { publisher: true, subscription: 'free' });
    admin = await buildUser(tdb.db, tenant, { email: 'sato@toho-jushi.example', displayName: '佐藤 一郎', memberships: [{ service: 'catalog', role: 'admin' }] });
    editor = await buildUser(tdb.db, tenant, { email: 'ito@toho-jushi.example', displayName: '伊藤 花子', memberships: [{ service: 'catalog', role: 'editor' }] });
    viewer = await buildUser(tdb.db, tenant, { email: 'ueda@toho-jushi.example', displayName: '上田 健', memberships: [{ service: 'catalog', role: 'viewer' }] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
  });

  async function signIn(user: BuiltUser): Promise<Page> {
    const page = await newCheckedPage(browser, cspViolations);
    await page.goto(`${base}/login`);
    await page.getByTestId('login-company').fill(tenant.code);
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${base}/`);
    return page;
  }

  // The editor's steps build on each other in one signed-in page.
  let page: Page;
  let productUrl = '';

  it('an editor registers a product with its composition and a property, checked as typed', async () => {
    page = await signIn(editor);
    await page.goto(`${base}/s/catalog`);
    await page.getByTestId('catalog-nav-products').click();
    await page.waitForURL(`${base}/s/catalog/products`);
    await expect.poll(() => page.getByTestId('own-product-empty').innerText()).toContain('登録された製品はまだありません');
    await expectNoAxeViolations(page);

    await page.getByTestId('own-product-new').click();
    await page.waitForURL(`${base}/s/catalog/products/new`);
    // Nothing is sent while required fields are empty.
    await page.getByTestId('own-product-save').click();
    await expect.poll(() => page.getByText('入力してください。').count()).toBe(2);

    await page.getByTestId('own-product-name').fill('トウホウPP ホモポリマー');
    await page.getByTestId('own-product-grade').fill('TH-100');
    await page.getByTestId('own-product-brand').fill('トウホウレン');
    await expect.poll(() => page.getByTestId('own-product-category').locator('option[value="PP"]').count()).toBe(1);
    await page.getByTestId('own-product-category').selectOption('PP');
    await page.getByTestId('own-product-form').selectOption('pellet');
    await page.getByTestId('own-product-applications').fill('自動車部品');
    await page.getByTestId('own-product-applications').press('Enter');
    await page.getByTestId('own-product-method-injection_molding').check();
    await page.getByTestId('own-product-flag-rohs').check();

    // 組成: a mistyped CAS number is named at once, with the check digit it calls for.
    await page.getByTestId('component-add').click();
    await page.getByTestId('component-cas').fill('9003-07-1');
    await expect.poll(() => page.getByText('入力した数字からは 0 になるはずです', { exact: false }).isVisible()).toBe(true);
    await page.getByTestId('component-cas').fill('９００３－０７－０');
    await expect.poll(() => page.getByText('入力した数字からは', { exact: false }).count()).toBe(0);
    await page.getByTestId('component-name').fill('ポリプロピレン');
    await page.getByTestId('component-min').fill('98');
    await page.getByTestId('component-max').fill('100');

    // 物性: choosing the key fills the name and the unit.
    await page.getByTestId('property-add').click();
    await expect.poll(() => page.getByTestId('property-key').locator('option[value="density"]').count()).toBe(1);
    await page.getByTestId('property-key').selectOption('density');
    expect(await page.getByTestId('property-name').inputValue()).toBe('密度');
    expect(await page.getByTestId('property-unit').inputValue()).toBe('g/cm3');
    await page.getByTestId('property-min').fill('0.90');
    await page.getByTestId('property-max').fill('0.91');
    await page.getByTestId('property-method').fill('ISO 1183');
    await page.getByTestId('own-product-remarks').fill('社内向け: 2027年に改良品を予定');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('catalog-publish-product-form-ja.png'), fullPage: true });

    await page.getByTestId('own-product-save').click();
    await page.waitForURL(/\/s\/catalog\/products\/[0-9a-f-]{36}$/);
    productUrl = page.url();
    await expect.poll(() => page.getByTestId('publish-notice').innerText()).toContain('「トウホウPP ホモポリマー」を下書きとして登録しました');
    expect(await page.getByTestId('own-product-status').innerText()).toBe('下書き');
    // The saved product comes back into the form as it was typed (the CAS number normalised).
    expect(await page.getByTestId('component-cas').inputValue()).toBe('9003-07-0');
    expect(await page.getByTestId('property-min').inputValue()).toBe('0.9');
    expect(await page.getByTestId('own-product-flag-rohs').isChecked()).toBe(true);
  });

  it('the editor attaches an SDS and publishes the product after confirming its name', async () => {
    await page.getByTestId('document-kind').selectOption('sds');
    await page.getByTestId('document-language').selectOption('ja');
    await page.getByTestId('document-version').fill('1.0');
    await page.getByTestId('document-issued-on').fill('2026-04-01');
    await page.getByTestId('documents-panel').locator('input[type="file"]').setInputFiles({ name: 'TH-100_SDS.pdf', mimeType: 'application/pdf', buffer: SDS_PDF });
    await page.getByTestId('document-upload').click();
    await expect.poll(() => page.getByTestId('document-uploaded').innerText()).toContain('TH-100_SDS.pdf');
    const row = page.getByTestId('document-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('SDS');
    expect(await row.innerText()).toContain('2026-04-01');
    const href = await page.getByTestId('document-download').getAttribute('href');
    expect(href).toMatch(/^\/api\/catalog\/documents\/[0-9a-f-]{36}\/download$/);
    const download = await page.request.get(`${base}${href ?? ''}`);
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body()).equals(SDS_PDF)).toBe(true);
    await expectNoAxeViolations(page);

    await page.getByTestId('own-product-publish').click();
    await expect.poll(() => page.getByText('「トウホウPP ホモポリマー」を公開します', { exact: false }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByTestId('publish-confirm').click();
    await expect.poll(() => page.getByTestId('own-product-status').innerText()).toBe('公開中');
    await expect.poll(() => page.getByTestId('publish-notice').innerText()).toBe('「トウホウPP ホモポリマー」を公開しました。');
    await expectNoAxeViolations(page);
    expect(await page.getByTestId('own-product-unpublish').isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('catalog-publish-product-published-ja.png'), fullPage: true });

    // The list shows it under 公開中, and the status filter lives in the URL.
    await page.getByTestId('own-product-back').click();
    await page.waitForURL(`${base}/s/catalog/products`);
    await page.getByTestId('own-product-status-filter').getByText('公開中').click();
    await page.waitForURL(`${base}/s/catalog/products?status=published`);
    const listRow = page.getByTestId('own-product-row');
    await expect.poll(() => listRow.count()).toBe(1);
    expect(await listRow.innerText()).toContain('トウホウPP ホモポリマー');
    expect(await listRow.innerText()).toContain('公開中');
    await page.getByTestId('own-product-status-filter').getByText('下書き').click();
    await expect.poll(() => page.getByTestId('own-product-empty').isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('catalog-publish-products-ja.png'), fullPage: true });
    expect(cspViolations).toEqual([]);
  });

  it('the editor imports products from CSV: a wrong row is listed and nothing is written, then all rows are', async () => {
    await page.goto(`${base}/s/catalog/products`);
    await page.getByTestId('own-product-import-open').click();
    const dialog = page.getByTestId('import-dialog');
    expect(await dialog.getByTestId('import-template-xlsx').getAttribute('href')).toBe('/api/catalog/products/import/template?format=xlsx');
    const csv = (rows: string[]) => Buffer.from(['製品名,分類,形状', ...rows].join('\r\n'), 'utf8');
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: csv(['トウホウPA 66,PA66,pellet', '謎の樹脂,XYZ,pellet']) });
    await dialog.getByTestId('import-run').click();
    const errorRow = dialog.getByTestId('import-error-row');
    await expect.poll(() => errorRow.count()).toBe(1);
    expect(await errorRow.innerText()).toContain('3');
    expect(await errorRow.innerText()).toContain('分類');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('catalog-publish-import-errors-ja.png'), fullPage: true });
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: csv(['トウホウPA 66,PA66,pellet', 'トウホウABS,ABS,pellet']) });
    await dialog.getByTestId('import-run').click();
    await expect.poll(() => dialog.getByTestId('import-done').innerText()).toContain('2件の製品を下書きとして登録しました');
    await dialog.getByTestId('import-close').click();
    await expect.poll(() => page.getByTestId('own-product-row').count()).toBe(3);
    await page.getByTestId('own-product-status-filter').getByText('下書き').click();
    await expect.poll(() => page.getByTestId('own-product-row').count()).toBe(2);
  });

  it('a viewer sees the products read-only, without the profile tab', async () => {
    const viewerPage = await signIn(viewer);
    await viewerPage.goto(`${base}/s/catalog/products`);
    await expect.poll(() => viewerPage.getByTestId('own-product-row').count()).toBe(3);
    expect(await viewerPage.getByTestId('publish-read-only').isVisible()).toBe(true);
    expect(await viewerPage.getByTestId('own-product-new').count()).toBe(0);
    expect(await viewerPage.getByTestId('catalog-nav-profile').count()).toBe(0);
    await viewerPage.goto(productUrl);
    await expect.poll(() => viewerPage.getByTestId('own-product-name').inputValue()).toBe('トウホウPP ホモポリマー');
    expect(await viewerPage.getByTestId('own-product-save').count()).toBe(0);
    expect(await viewerPage.getByTestId('own-product-state-actions').count()).toBe(0);
    await expectNoAxeViolations(viewerPage);
    await viewerPage.context().close();
  });

  it('an admin saves the publisher profile with a contact', async () => {
    const adminPage = await signIn(admin);
    await adminPage.goto(`${base}/s/catalog`);
    await adminPage.getByTestId('catalog-nav-profile').click();
    await adminPage.waitForURL(`${base}/s/catalog/profile`);
    await expect.poll(() => adminPage.getByTestId('profile-missing').isVisible()).toBe(true);
    await expectNoAxeViolations(adminPage);
    await adminPage.getByTestId('profile-display-name').fill('東邦樹脂');
    await adminPage.getByTestId('profile-display-name-en').fill('Toho Resin');
    await adminPage.getByTestId('profile-description').fill('ポリオレフィン樹脂の専門メーカーです。');
    await adminPage.getByTestId('profile-website').fill('https://toho-jushi.example');
    await adminPage.getByTestId('profile-sites').fill('千葉工場');
    await adminPage.getByTestId('profile-sites').press('Enter');
    await adminPage.getByTestId('profile-certifications').fill('ISO 9001');
    await adminPage.getByTestId('profile-certifications').press('Enter');
    await adminPage.getByTestId('contact-add').click();
    await adminPage.getByTestId('contact-name').fill('営業部 窓口');
    await adminPage.getByTestId('contact-email').fill('not-an-address');
    await adminPage.getByTestId('profile-save').click();
    // The server refuses the address; the message stands beside the field and nothing typed is lost.
    await expect.poll(() => adminPage.getByText('メールアドレスの形式が正しくありません。').isVisible()).toBe(true);
    expect(await adminPage.getByTestId('profile-display-name').inputValue()).toBe('東邦樹脂');
    await adminPage.getByTestId('contact-email').fill('sales@toho-jushi.example');
    await adminPage.getByTestId('contact-department').fill('営業部');
    await adminPage.getByTestId('profile-save').click();
    await expect.poll(() => adminPage.getByTestId('profile-saved').isVisible()).toBe(true);
    await expectNoAxeViolations(adminPage);
    await adminPage.screenshot({ path: artifactPath('catalog-publish-profile-ja.png'), fullPage: true });

    // A second save carries the version the first one returned.
    await adminPage.reload();
    await expect.poll(() => adminPage.getByTestId('profile-display-name').inputValue()).toBe('東邦樹脂');
    expect(await adminPage.getByTestId('contact-email').inputValue()).toBe('sales@toho-jushi.example');
    await adminPage.getByTestId('profile-description').fill('ポリオレフィン樹脂とコンパウンドのメーカーです。');
    await adminPage.getByTestId('profile-save').click();
    await expect.poll(() => adminPage.getByTestId('profile-saved').isVisible()).toBe(true);
    expect(cspViolations).toEqual([]);
    await adminPage.context().close();
  });
});
