import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { issueStaffSetupLink } from '../../src/platform/identity/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { artifactPath, ensureWebBuilt, launchBrowser, newCheckedPage } from '../support/browser.js';

describe('the web app in Chromium', () => {
  let tdb: TestDatabase;
  let app: App;
  let browser: Browser;
  let base: string;
  let tenant: BuiltTenant;
  let user: BuiltUser;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1' } });
    const { http } = await app.listen();
    base = http;
    tenant = await buildTenant(tdb.db, { name: '東洋樹脂株式会社' });
    user = await buildUser(tdb.db, tenant, {
      displayName: '鈴木 花子',
      memberships: [
        { service: 'process', role: 'admin' },
        { service: 'catalog', role: 'viewer' },
      ],
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
  });

  const newPage = (): Promise<Page> => newCheckedPage(browser, cspViolations);

  it('opens on the Japanese sign-in page, switches to English and back', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login$/);
    await expect.poll(() => page.getByRole('heading', { name: 'ログイン' }).isVisible()).toBe(true);
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await page.screenshot({ path: artifactPath('login-ja.png'), fullPage: true });

    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.screenshot({ path: artifactPath('login-en.png'), fullPage: true });

    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    await page.getByTestId('lang-switch').getByText('日本語').click();
    await expect.poll(() => page.getByRole('heading', { name: 'ログイン' }).isVisible()).toBe(true);
    await page.close();
  });

  it('shows the server’s message on a wrong password, then signs in and lists the user’s services', async () => {
    const page = await newPage();
    await page.goto(`${base}/login`);
    await page.getByTestId('login-company').fill(tenant.code.toLowerCase());
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill('Wrong#Pass123');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByText('企業コード、メールアドレスまたはパスワードが正しくありません。').isVisible()).toBe(true);

    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${base}/`);
    await expect.poll(() => page.getByTestId('service-card-process').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('service-card-catalog').isVisible()).toBe(true);
    expect(await page.getByTestId('service-card-survey').count()).toBe(0);
    await page.screenshot({ path: artifactPath('home-ja.png'), fullPage: true });

    await page.getByTestId('service-card-process').getByRole('link').first().click();
    await expect.poll(() => page.getByTestId('role-permission-table').isVisible()).toBe(true);
    expect(await page.getByTestId('role-permission-table').innerText()).toContain('管理者');
    await page.screenshot({ path: artifactPath('service-process-ja.png'), fullPage: true });
    await page.close();
  });

  it('creates the first staff account through the one-time setup page, naming broken password rules', async () => {
    const link = await issueStaffSetupLink(tdb.db, systemClock);
    if (!link.issued) throw new Error('expected a setup link');
    const page = await newPage();
    await page.goto(`${base}/setup/staff/${link.token}`);
    await page.getByTestId('setup-email').fill('ops@provider.example');
    await page.getByTestId('setup-display-name').fill('運用 太郎');
    await page.getByTestId('setup-password').fill('ｐａｓｓword1');
    await page.getByTestId('setup-password-confirm').fill('ｐａｓｓword1');
    await page.getByTestId('setup-submit').click();
    await expect.poll(() => page.getByText('使用できない文字', { exact: false }).first().isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('setup-staff-errors-ja.png'), fullPage: true });
    await page.getByTestId('setup-password').fill('Sound#Secret42');
    await page.getByTestId('setup-password-confirm').fill('Sound#Secret42');
    await page.getByTestId('setup-submit').click();
    await expect.poll(() => page.getByTestId('setup-done').isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByTestId('setup-invalid').isVisible()).toBe(true);
    await page.close();
  });

  it('raised no Content Security Policy violation on any page', () => {
    expect(cspViolations).toEqual([]);
  });
});
