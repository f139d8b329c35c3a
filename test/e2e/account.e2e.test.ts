import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { artifactPath, ensureWebBuilt, launchBrowser, newCheckedPage } from '../support/browser.js';

describe('account screens in Chromium', () => {
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
    // No SMTP server: mail stays in the outbox and is read on the local mailbox page.
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1' } });
    base = (await app.listen()).http;
    tenant = await buildTenant(tdb.db, { name: '東洋樹脂株式会社' });
    user = await buildUser(tdb.db, tenant, { email: 'sato@toyo-jushi.example', displayName: '佐藤 花子' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
  });

  const newPage = (): Promise<Page> => newCheckedPage(browser, cspViolations);

  async function signIn(page: Page, password: string): Promise<void> {
    await page.goto(`${base}/login`);
    await page.getByTestId('login-company').fill(tenant.code);
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  async function signOut(page: Page): Promise<void> {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login$/);
  }

  const strengthShown = (page: Page) =>
    expect.poll(async () => (await page.getByTestId('password-strength').getAttribute('data-score')) ?? '', { timeout: 15_000 }).toMatch(/^[0-4]$/);

  it('changes the password on the account page with the strength meter, then signs in with it', async () => {
    const page = await newPage();
    await signIn(page, user.password);
    await page.waitForURL(`${base}/`);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('account-link').click();
    await page.waitForURL(`${base}/account`);
    await expect.poll(() => page.getByTestId('account-profile').isVisible()).toBe(true);
    expect(await page.getByTestId('account-profile').innerText()).toContain('佐藤 花子');
    expect(await page.getByTestId('account-mfa-link').getAttribute('href')).toBe('/account/mfa');
    await expect.poll(() => page.getByTestId('session-current').isVisible()).toBe(true);

    const newPassword = 'Kobalt#Ridge58';
    await page.getByTestId('password-current').fill(user.password);
    await page.getByTestId('password-new').fill('password');
    await strengthShown(page);
    expect(await page.getByTestId('password-strength').getAttribute('data-score')).toBe('0');
    expect(await page.getByTestId('password-strength').innerText()).toContain('非常に弱い');
    await page.getByTestId('password-new').fill(newPassword);
    await expect.poll(() => page.getByTestId('password-strength').innerText()).not.toContain('非常に弱い');
    await page.getByTestId('password-confirm').fill(newPassword);
    await page.screenshot({ path: artifactPath('account-ja.png'), fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.html + JSON.stringify(n.any.map((a) => a.message))).join(" | ")}`)).toEqual([]);

    await page.getByTestId('password-submit').click();
    await expect.poll(() => page.getByTestId('password-changed').isVisible()).toBe(true);
    await signOut(page);

    await signIn(page, user.password);
    await expect.poll(() => page.getByText('企業コード、メールアドレスまたはパスワードが正しくありません。').isVisible()).toBe(true);
    await page.getByTestId('login-password').fill(newPassword);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${base}/`);
    user.password = newPassword;
    await page.close();
  });

  it('resets a forgotten password through the mail in the local mailbox', async () => {
    const page = await newPage();
    await page.goto(`${base}/login`);
    await page.getByTestId('forgot-password-link').click();
    await page.waitForURL(`${base}/forgot-password`);
    await page.getByTestId('forgot-company').fill(tenant.code.toLowerCase());
    await page.getByTestId('forgot-email').fill(user.email);
    await page.getByTestId('forgot-submit').click();
    await expect.poll(() => page.getByTestId('forgot-sent').isVisible()).toBe(true);
    const axeForgot = await new AxeBuilder({ page }).analyze();
    expect(axeForgot.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.html + JSON.stringify(n.any.map((a) => a.message))).join(" | ")}`)).toEqual([]);

    await app.jobs.drain();
    await page.goto(`${base}/dev/mailbox`);
    await page.getByRole('link', { name: 'パスワード再設定のご案内' }).click();
    await expect.poll(() => page.getByTestId('mailbox-message').isVisible()).toBe(true);
    const href = await page.getByTestId('mailbox-message').getByRole('link', { name: /reset-password/ }).getAttribute('href');
    const path = new URL(href!).pathname;
    expect(path).toMatch(/^\/reset-password\/[A-Za-z0-9_-]{75}$/);

    await page.goto(`${base}${path}`);
    const resetPassword = 'Maple#Harbor73';
    await page.getByTestId('reset-password').fill('Short#1a');
    await page.getByTestId('reset-password-confirm').fill('Short#1a');
    await strengthShown(page);
    await page.getByTestId('reset-submit').click();
    await expect.poll(() => page.getByText('10文字以上31文字以下', { exact: false }).first().isVisible()).toBe(true);
    await page.getByTestId('reset-password').fill(resetPassword);
    await page.getByTestId('reset-password-confirm').fill(resetPassword);
    await page.screenshot({ path: artifactPath('reset-password-ja.png'), fullPage: true });
    const axeReset = await new AxeBuilder({ page }).analyze();
    expect(axeReset.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await page.getByTestId('reset-submit').click();
    await expect.poll(() => page.getByTestId('reset-done').isVisible()).toBe(true);

    // The link is used up.
    await page.reload();
    await expect.poll(() => page.getByTestId('reset-invalid').isVisible()).toBe(true);

    await signIn(page, resetPassword);
    await page.waitForURL(`${base}/`);
    user.password = resetPassword;
    await page.close();
  });

  it('sends a user who must change the password to the change screen, and lets them on afterwards', async () => {
    await tdb.db.ownerTransaction((tx) => tx.query('UPDATE platform.users SET must_change_password = true WHERE id = $1', [user.id]));
    const page = await newPage();
    await signIn(page, user.password);
    await page.waitForURL(`${base}/account/change-password`);
    await expect.poll(() => page.getByTestId('password-change-required').isVisible()).toBe(true);
    await page.goto(`${base}/account`);
    await page.waitForURL(`${base}/account/change-password`);

    const chosen = 'Cedar#Lantern46';
    await page.getByTestId('password-current').fill(user.password);
    await page.getByTestId('password-new').fill(chosen);
    await page.getByTestId('password-confirm').fill(chosen);
    await strengthShown(page);
    await page.screenshot({ path: artifactPath('change-password-required-ja.png'), fullPage: true });
    await page.getByTestId('password-submit').click();
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/account`);
    await expect.poll(() => page.getByTestId('account-profile').isVisible()).toBe(true);
    await page.close();
  });

  it('raised no Content Security Policy violation on any page', () => {
    expect(cspViolations).toEqual([]);
  });
});
