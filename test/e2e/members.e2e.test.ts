import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { artifactPath, ensureWebBuilt, expectNoAxeViolations, launchBrowser, newCheckedPage } from '../support/browser.js';
import { freePort } from '../support/net.js';

describe('member management screens in Chromium', () => {
  let tdb: TestDatabase;
  let app: App;
  let browser: Browser;
  let base: string;
  let tenant: BuiltTenant;
  let catalogAdmin: BuiltUser;
  let processAdmin: BuiltUser;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    tdb = await openTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // No SMTP server: mail stays in the outbox and is read on the local mailbox page.
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: base } });
    await app.listen();
    tenant = await buildTenant(tdb.db, { name: '東和樹脂株式会社' });
    catalogAdmin = await buildUser(tdb.db, tenant, { email: 'suzuki@towa-jushi.example', displayName: '鈴木 一郎', memberships: [{ service: 'catalog', role: 'admin' }] });
    processAdmin = await buildUser(tdb.db, tenant, { email: 'takahashi@towa-jushi.example', displayName: '高橋 恵子', memberships: [{ service: 'process', role: 'admin' }] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
  });

  const newPage = (): Promise<Page> => newCheckedPage(browser, cspViolations);

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${base}/login`);
    await page.getByTestId('login-company').fill(tenant.code);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${base}/`);
  }

  it('a catalog admin invites an editor, who accepts through the link in the local mailbox and signs in', async () => {
    const admin = await newPage();
    await signIn(admin, catalogAdmin.email, catalogAdmin.password);
    await admin.goto(`${base}/s/catalog`);
    await admin.getByTestId('service-members-link').click();
    await admin.waitForURL(`${base}/members/catalog`);
    await expect.poll(() => admin.getByTestId('members-table').isVisible()).toBe(true);
    expect(await admin.getByTestId('role-permission-table').innerText()).toContain('編集権限');
    expect(await admin.getByTestId('member-add-open').count()).toBe(0);

    await admin.getByTestId('member-invite-open').click();
    await admin.getByTestId('invite-email').fill('yamada@partner.example');
    await admin.getByTestId('invite-role').selectOption('editor');
    await admin.getByTestId('invite-submit').click();
    await expect.poll(() => admin.getByTestId('members-notice').innerText()).toContain('yamada@partner.example に招待メールを送りました。');
    await expect.poll(() => admin.getByTestId('invitation-row-yamada@partner.example').isVisible()).toBe(true);
    expect(await admin.getByTestId('invitation-row-yamada@partner.example').innerText()).toContain('編集権限');
    await expectNoAxeViolations(admin);
    await admin.screenshot({ path: artifactPath('members-catalog-ja.png'), fullPage: true });

    await app.jobs.drain();
    const invitee = await newPage();
    await invitee.goto(`${base}/dev/mailbox`);
    await invitee.getByRole('link', { name: /Sotas DB への招待/ }).first().click();
    await expect.poll(() => invitee.getByTestId('mailbox-message').isVisible()).toBe(true);
    await invitee.getByTestId('mailbox-message').getByRole('link', { name: /\/invitations\// }).click();
    await invitee.waitForURL(/\/invitations\//);
    await expect.poll(() => invitee.getByTestId('invitation-summary').isVisible()).toBe(true);
    expect(await invitee.getByTestId('invitation-summary').innerText()).toContain('yamada@partner.example');
    await expectNoAxeViolations(invitee);

    await invitee.getByTestId('invitation-name').fill('山田 花子');
    await invitee.getByTestId('invitation-password').fill('short');
    await invitee.getByTestId('invitation-password-confirm').fill('short');
    await invitee.getByTestId('invitation-submit').click();
    await expect.poll(() => invitee.getByText('10文字以上31文字以下', { exact: false }).first().isVisible()).toBe(true);
    await invitee.getByTestId('invitation-password').fill('Hanako#Sotas2026');
    await invitee.getByTestId('invitation-password-confirm').fill('Hanako#Sotas2026');
    await invitee.getByTestId('invitation-submit').click();
    await expect.poll(() => invitee.getByTestId('invitation-done').isVisible()).toBe(true);
    await invitee.screenshot({ path: artifactPath('members-invitation-accepted-ja.png'), fullPage: true });

    await invitee.getByTestId('invitation-sign-in').click();
    await invitee.waitForURL(/\/login$/);
    await invitee.getByTestId('login-company').fill(tenant.code);
    await invitee.getByTestId('login-email').fill('yamada@partner.example');
    await invitee.getByTestId('login-password').fill('Hanako#Sotas2026');
    await invitee.getByTestId('login-submit').click();
    await invitee.waitForURL(`${base}/`);
    await expect.poll(() => invitee.getByTestId('service-card-catalog').innerText()).toContain('編集権限');

    // The admin's list now shows the editor and no pending invitation.
    await admin.reload();
    await expect.poll(() => admin.getByTestId('member-row-yamada@partner.example').isVisible()).toBe(true);
    await expect.poll(() => admin.getByTestId('invitations-empty').isVisible()).toBe(true);
  });

  it('a process admin adds a member with an initial password and then changes their role', async () => {
    const page = await newPage();
    await signIn(page, processAdmin.email, processAdmin.password);
    await page.goto(`${base}/members/process`);
    await expect.poll(() => page.getByTestId('members-table').isVisible()).toBe(true);
    expect(await page.getByTestId('member-invite-open').count()).toBe(0);

    await page.getByTestId('member-add-open').click();
    await page.getByTestId('member-add-email').fill('ito@towa-jushi.example');
    await page.getByTestId('member-add-name').fill('伊藤 健');
    await page.getByTestId('member-add-role').selectOption('member');
    await page.getByTestId('member-add-password').fill('ito-initial');
    await page.getByTestId('member-add-submit').click();
    await expect.poll(() => page.getByText('英大文字（A–Z）を1文字以上含めてください。', { exact: false }).first().isVisible()).toBe(true);
    expect(await page.getByTestId('member-add-email').inputValue()).toBe('ito@towa-jushi.example');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('members-process-add-errors-ja.png'), fullPage: true });
    await page.getByTestId('member-add-password').fill('Shoki#Pass2026');
    await page.getByTestId('member-add-submit').click();
    await expect.poll(() => page.getByTestId('members-notice').innerText()).toContain('伊藤 健 さんを追加しました');

    const row = page.getByTestId('member-row-ito@towa-jushi.example');
    await expect.poll(() => row.getByTestId('member-role').innerText()).toBe('メンバー');
    expect(await row.innerText()).toContain('初期パスワード未変更');
    expect(await row.innerText()).toContain('未ログイン');

    // The only admin cannot remove themselves: the dialog names the member and shows the server's reason.
    await page.getByTestId(`member-row-${processAdmin.email}`).getByTestId('member-remove').click();
    expect(await page.getByRole('dialog').innerText()).toContain('高橋 恵子 さん（takahashi@towa-jushi.example）を工程管理から削除しますか？');
    await page.getByTestId('member-remove-confirm').click();
    await expect.poll(() => page.getByRole('dialog').innerText()).toContain('工程管理の管理者はこのユーザーだけのため');
    await page.getByRole('dialog').getByRole('button', { name: 'キャンセル' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    await row.getByTestId('member-change-role').click();
    await page.getByTestId('member-role-select').selectOption('admin');
    await page.getByTestId('member-role-submit').click();
    await expect.poll(() => row.getByTestId('member-role').innerText()).toBe('管理者');
    expect(await page.getByTestId('members-notice').innerText()).toContain('伊藤 健 さんの役割を「管理者」に変更しました。');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('members-process-ja.png'), fullPage: true });
  });

  it('shows survey members read-only with the note that the provider makes changes', async () => {
    await buildUser(tdb.db, tenant, { email: 'kimura@towa-jushi.example', displayName: '木村 聡', memberships: [{ service: 'survey', role: 'org_admin' }] });
    const page = await newPage();
    await signIn(page, 'kimura@towa-jushi.example', 'Valid#Pass123');
    await page.goto(`${base}/members/survey`);
    await expect.poll(() => page.getByTestId('members-staff-note').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('member-row-kimura@towa-jushi.example').isVisible()).toBe(true);
    expect(await page.getByTestId('member-change-role').count()).toBe(0);
    expect(await page.getByTestId('member-remove').count()).toBe(0);
    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('members-staff-note').innerText()).toContain('The provider adds and removes members');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('members-survey-en.png'), fullPage: true });
  });

  it('raised no Content Security Policy violation on any page', () => {
    expect(cspViolations).toEqual([]);
  });
});
