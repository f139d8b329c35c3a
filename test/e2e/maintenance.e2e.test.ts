import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { artifactPath, ensureWebBuilt, expectNoAxeViolations, firstStaffContext, launchBrowser, newCheckedPage } from '../support/browser.js';
import { startSmtp } from '../support/smtp.js';

const DAY = 24 * 3_600_000;

/** A `datetime-local` value in Japan time, `days` from now, on the hour. */
function jstInput(days: number, hour: number): string {
  const jst = new Date(Date.now() + days * DAY + 9 * 3_600_000);
  return `${jst.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

describe('maintenance notices in Chromium: staff schedule in the console, affected users see the banner', () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let browser: Browser;
  let base: string;
  let affected: BuiltTenant;
  let unaffected: BuiltTenant;
  let affectedUser: BuiltUser;
  let unaffectedUser: BuiltUser;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1', SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, BACKUP_ENABLED: 'false' } });
    base = (await app.listen()).http;
    affected = await buildTenant(tdb.db, { name: '東和樹脂株式会社', services: ['process'] });
    unaffected = await buildTenant(tdb.db, { name: '化成データ株式会社', services: ['catalog'] });
    affectedUser = await buildUser(tdb.db, affected, { displayName: '工程 花子' });
    unaffectedUser = await buildUser(tdb.db, unaffected, { displayName: '検索 次郎', memberships: [{ service: 'catalog', role: 'admin' }] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
    await smtp?.close();
  });

  const newPage = (): Promise<Page> => newCheckedPage(browser, cspViolations);

  async function signIn(page: Page, tenant: BuiltTenant, user: BuiltUser): Promise<void> {
    const banner = page.waitForResponse((r) => r.url().endsWith('/api/maintenance/notices') && r.status() === 200);
    await page.goto(`${base}/login`);
    await page.getByTestId('login-company').fill(tenant.code);
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${base}/`);
    await banner;
  }

  it('staff schedule a maintenance in the console; the lead time is flagged and only the affected tenant is mailed', async () => {
    const context = await firstStaffContext(browser, base, tdb.db);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(`${base}/ops/maintenance`);
    await expect.poll(() => page.getByRole('heading', { name: 'メンテナンス', level: 1 }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('maintenance-empty').isVisible()).toBe(true);
    await expectNoAxeViolations(page, { include: '#main' });

    await page.getByTestId('maintenance-new').click();
    await page.waitForURL(`${base}/ops/maintenance/new`);
    await expect.poll(() => page.getByRole('heading', { name: 'メンテナンスの登録', level: 1 }).isVisible()).toBe(true);
    // Two days ahead is inside the seven-day notice period: the form says so before sending.
    await page.getByTestId('maintenance-start').fill(jstInput(2, 22));
    await page.getByTestId('maintenance-end').fill(jstInput(3, 2));
    await expect.poll(() => page.getByTestId('maintenance-lead-warning').isVisible()).toBe(true);
    expect(await page.getByTestId('maintenance-lead-warning').innerText()).toContain('7日以上前にお知らせする決まり');

    await page.getByTestId('maintenance-start').fill(jstInput(10, 22));
    await page.getByTestId('maintenance-end').fill(jstInput(11, 2));
    await expect.poll(() => page.getByTestId('maintenance-lead-warning').count()).toBe(0);
    await page.getByTestId('maintenance-service-process').check();
    await page.getByTestId('maintenance-description-ja').fill('工程管理のデータベースを新しいサーバーへ移行します。作業中は工程管理をご利用いただけません。');
    await page.getByTestId('maintenance-description-en').fill('We will move the process management database to a new server. Process management is unavailable during the work.');
    await expect.poll(() => page.getByTestId('maintenance-affected').innerText()).toContain('1社にお知らせを送信します。');
    const preview = await page.getByTestId('maintenance-affected').innerText();
    expect(preview).toContain('東和樹脂株式会社');
    expect(preview).not.toContain('化成データ株式会社');
    await page.screenshot({ path: artifactPath('maintenance-form-ja.png'), fullPage: true });
    await expectNoAxeViolations(page, { include: '#main' });

    await page.getByTestId('maintenance-submit').click();
    await expect.poll(() => page.getByTestId('maintenance-confirm-text').isVisible()).toBe(true);
    expect(await page.getByTestId('maintenance-confirm-text').innerText()).toContain('1社の連絡先にお知らせのメールを送信します');
    await page.getByTestId('maintenance-confirm').click();
    await page.waitForURL(/\/ops\/maintenance\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('maintenance-done').innerText()).toContain('登録しました。1社にお知らせを送信しました。');
    expect(await page.getByTestId('maintenance-tenants').innerText()).toContain('東和樹脂株式会社');
    expect(await page.getByTestId('maintenance-notifications').innerText()).toContain('お知らせ');

    // Delivery runs as a job; the page shows the mail's state as it changes.
    await app.jobs.drain();
    expect(smtp.received.map((m) => m.to)).toEqual([[`rep@${affected.code.toLowerCase()}.example`]]);
    expect(smtp.received[0]!.subject).toMatch(/^【メンテナンスのお知らせ】/);
    await page.reload();
    await expect.poll(() => page.getByTestId('maintenance-mail-status').innerText()).toBe('送信済み');
    await page.screenshot({ path: artifactPath('maintenance-detail-ja.png'), fullPage: true });
    await expectNoAxeViolations(page, { include: '#main' });

    // A change: the form opens with what tenants were told; sending mails the change.
    await page.getByTestId('maintenance-edit').click();
    await page.waitForURL(/\/edit$/);
    await expect.poll(() => page.getByTestId('maintenance-description-ja').inputValue()).toContain('新しいサーバーへ移行します');
    expect(await page.getByTestId('maintenance-service-process').isChecked()).toBe(true);
    await page.getByTestId('maintenance-description-ja').fill('工程管理のデータベースを新しいサーバーへ移行します。作業中は工程管理をご利用いただけません。終了時刻は目安です。');
    await page.getByTestId('maintenance-submit').click();
    await expect.poll(() => page.getByTestId('maintenance-confirm-text').innerText()).toContain('変更のお知らせのメールを送信します');
    await page.getByTestId('maintenance-confirm').click();
    await page.waitForURL(/\/ops\/maintenance\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('maintenance-done').innerText()).toContain('変更しました。1社にお知らせを送信しました。');
    await app.jobs.drain();
    expect(smtp.received.map((m) => m.subject)).toEqual([expect.stringMatching(/^【メンテナンスのお知らせ】/), expect.stringMatching(/^【メンテナンス内容変更のお知らせ】/)]);

    await page.getByTestId('maintenance-cancel').click();
    await expect.poll(() => page.getByTestId('maintenance-cancel-reason').isVisible()).toBe(true);
    await page.getByTestId('maintenance-cancel-confirm').click();
    await expect.poll(() => page.getByTestId('maintenance-cancel-reason').getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: '戻る' }).click();

    await page.goto(`${base}/ops/maintenance?status=upcoming`);
    await expect.poll(() => page.getByTestId('maintenance-row').count()).toBe(1);
    expect(await page.getByTestId('maintenance-table').innerText()).toContain('工程管理');
    await page.screenshot({ path: artifactPath('maintenance-list-ja.png'), fullPage: true });
    await context.close();
  }, 120_000);

  it('a user of the affected tenant sees the banner on every signed-in page, in JST and both languages', async () => {
    const page = await newPage();
    await signIn(page, affected, affectedUser);
    await expect.poll(() => page.getByTestId('maintenance-banner').count()).toBe(1);
    const banner = page.getByTestId('maintenance-banner');
    expect(await banner.getAttribute('role')).toBe('status');
    const text = await banner.innerText();
    expect(text).toContain('システムメンテナンスのお知らせ');
    expect(text).toContain('対象サービス：工程管理');
    expect(text).toMatch(/日時：\d{4}\/\d{2}\/\d{2}\(.\) 22:00 – \d{4}\/\d{2}\/\d{2}\(.\) 02:00 JST/);
    expect(text).toContain('終了時刻は目安です。');
    await page.screenshot({ path: artifactPath('maintenance-banner-ja.png'), fullPage: true });
    await expectNoAxeViolations(page, { include: '#main' });

    await page.goto(`${base}/account`);
    await expect.poll(() => page.getByTestId('maintenance-banner').count()).toBe(1);
    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('maintenance-banner').innerText()).toContain('Scheduled maintenance');
    expect(await page.getByTestId('maintenance-banner').innerText()).toContain('Services: Process management');
    expect(await page.getByTestId('maintenance-banner').innerText()).toContain('We will move the process management database');
    await page.screenshot({ path: artifactPath('maintenance-banner-en.png'), fullPage: true });
    await page.close();
  });

  it('a user of a tenant the maintenance does not affect sees no banner', async () => {
    const page = await newPage();
    await signIn(page, unaffected, unaffectedUser);
    await expect.poll(() => page.getByRole('heading', { name: 'ホーム', level: 1 }).isVisible()).toBe(true);
    expect(await page.getByTestId('maintenance-banner').count()).toBe(0);
    await page.screenshot({ path: artifactPath('maintenance-no-banner-ja.png'), fullPage: true });
    await page.close();
  });

  it('raised no Content Security Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
