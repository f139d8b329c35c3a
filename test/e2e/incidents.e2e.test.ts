import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { App } from '../../src/app.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { artifactPath, ensureWebBuilt, expectNoAxeViolations, firstStaffContext, launchBrowser } from '../support/browser.js';
import { startSmtp } from '../support/smtp.js';

/** A `datetime-local` value in Japan time, `minutesAgo` minutes before now. */
function jstInput(minutesAgo: number): string {
  return new Date(Date.now() - minutesAgo * 60_000 + 9 * 3_600_000).toISOString().slice(0, 16);
}

describe('incidents in Chromium: staff record an incident, notify the affected tenants and see 「期限内」', () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let browser: Browser;
  let base: string;
  let towa: BuiltTenant;
  let yamada: BuiltTenant;
  let other: BuiltTenant;
  let towaAdmin: BuiltUser;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1', SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, BACKUP_ENABLED: 'false' } });
    base = (await app.listen()).http;
    towa = await buildTenant(tdb.db, { code: 'TOWA-01', name: '東和樹脂株式会社', services: ['process'] });
    yamada = await buildTenant(tdb.db, { code: 'YAMADA-02', name: '山田化成工業株式会社', services: ['process', 'catalog'] });
    other = await buildTenant(tdb.db, { code: 'HOKUYO-03', name: '北洋ケミカル株式会社', services: ['catalog'] });
    towaAdmin = await buildUser(tdb.db, towa, { displayName: '管理 花子' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
    await smtp?.close();
  });

  it('records an incident in the console, sends the first notice with an edited text, and shows both tenants in time', async () => {
    const context = await firstStaffContext(browser, base, tdb.db);
    const ops = await context.newPage();
    ops.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });

    await ops.goto(`${base}/ops/incidents`);
    await expect.poll(() => ops.getByRole('heading', { name: 'インシデント', level: 1 }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => ops.getByTestId('incident-empty').isVisible()).toBe(true);
    await expectNoAxeViolations(ops);

    await ops.getByTestId('incident-new').click();
    await ops.waitForURL(`${base}/ops/incidents/new`);
    await expect.poll(() => ops.getByRole('heading', { name: 'インシデントを記録', level: 1 }).isVisible(), { timeout: 15_000 }).toBe(true);
    // Submitting empty says what is missing beside each field and records nothing.
    await ops.getByTestId('incident-submit').click();
    await expect.poll(() => ops.getByText('入力してください。').count()).toBeGreaterThanOrEqual(2);
    expect(ops.url()).toBe(`${base}/ops/incidents/new`);

    await ops.getByTestId('incident-title').fill('工程管理サービスに接続しにくい状態');
    await ops.getByTestId('incident-description').fill('工程管理サービスの画面が表示されにくい状態が続いています。');
    await ops.getByLabel('高', { exact: true }).check();
    await ops.getByTestId('incident-occurred').fill(jstInput(20));
    await ops.getByTestId('incident-confirmed').fill(jstInput(10));
    await expect.poll(() => ops.getByTestId('incident-deadline-preview').innerText()).toContain('通知期限:');
    await ops.getByLabel('工程管理').check();
    await ops.getByTestId('incident-scope-selected').check();
    await ops.getByTestId('incident-tenant-search').fill('ｔｏｗａ');
    await expect.poll(() => ops.getByTestId('incident-tenant-option').count()).toBe(1);
    await ops.getByLabel('東和樹脂株式会社（TOWA-01）').check();
    await ops.getByTestId('incident-tenant-search').fill('');
    await ops.getByLabel('山田化成工業株式会社（YAMADA-02）').check();
    await expect.poll(() => ops.getByText('2社を選択中').isVisible()).toBe(true);
    await ops.screenshot({ path: artifactPath('incidents-new-ja.png'), fullPage: true });
    await expectNoAxeViolations(ops);
    await ops.getByTestId('incident-submit').click();

    await ops.waitForURL(/\/ops\/incidents\/[0-9a-f-]{36}$/);
    await expect.poll(() => ops.getByRole('heading', { name: '工程管理サービスに接続しにくい状態', level: 1 }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => ops.getByTestId('incident-tenant-row').count()).toBe(2);
    const rows = await ops.getByTestId('incident-tenants').innerText();
    expect(rows).toContain('東和樹脂株式会社');
    expect(rows).toContain('山田化成工業株式会社');
    expect(rows).not.toContain('北洋ケミカル株式会社');
    expect(rows).toContain('未送信');
    expect(rows).toContain('JST');
    expect(await ops.getByTestId('incident-countdown').first().innerText()).toMatch(/^残り /);
    await expect.poll(() => ops.getByTestId('incident-occurred-at').innerText()).toMatch(/^\d{4}\/\d{2}\/\d{2}\(.\) \d{2}:\d{2} JST$/);
    await expectNoAxeViolations(ops);

    await ops.getByTestId('incident-select-all').check();
    await ops.getByTestId('incident-send-notification').click();
    const dialog = ops.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('incident-send-preview').innerText()).toContain('発生日時：');
    await expect.poll(() => dialog.getByTestId('incident-send-message').inputValue()).toContain('工程管理サービスの画面が表示されにくい状態が続いています。');
    await dialog.getByTestId('incident-send-message').fill('工程管理サービスの画面表示が遅くなっております。\n現在、復旧作業を進めております。');
    await expect.poll(() => dialog.getByTestId('incident-send-preview').innerText()).toContain('現在、復旧作業を進めております。');
    expect(await dialog.getByTestId('incident-send-preview').innerText()).toContain('件名: 【重要】障害発生のお知らせ：工程管理サービスに接続しにくい状態');
    const listed = await dialog.getByTestId('incident-send-recipients').innerText();
    expect(listed).toContain('東和樹脂株式会社（rep@towa-01.example）');
    expect(listed).toContain('山田化成工業株式会社（rep@yamada-02.example）');
    await ops.screenshot({ path: artifactPath('incidents-send-dialog-ja.png'), fullPage: true });
    await expectNoAxeViolations(ops);
    await dialog.getByTestId('incident-send-submit').click();

    await expect.poll(() => ops.getByTestId('incident-notice').innerText()).toContain('2社にお知らせを送信しました。');
    await expect.poll(() => ops.getByTestId('notification-status').allInnerTexts()).toEqual(['期限内', '期限内']);
    expect(await ops.getByTestId('incident-messages').innerText()).toContain('第一報');
    await ops.screenshot({ path: artifactPath('incidents-detail-in-time-ja.png'), fullPage: true });
    await expectNoAxeViolations(ops);

    // The mails leave through SMTP to the two contacts only.
    await app.jobs.drain();
    const recipients = smtp.received.flatMap((m) => m.to).sort();
    expect(recipients).toEqual([`rep@${towa.code.toLowerCase()}.example`, `rep@${yamada.code.toLowerCase()}.example`]);
    expect(recipients).not.toContain(`rep@${other.code.toLowerCase()}.example`);
    expect(smtp.received[0]!.text).toContain('現在、復旧作業を進めております。');

    await ops.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => ops.getByTestId('notification-status').allInnerTexts()).toEqual(['In time', 'In time']);
    await ops.screenshot({ path: artifactPath('incidents-detail-in-time-en.png'), fullPage: true });
    await ops.getByTestId('lang-switch').getByText('日本語').click();

    await ops.getByRole('link', { name: 'インシデント一覧へ戻る' }).click();
    await ops.waitForURL(`${base}/ops/incidents`);
    await expect.poll(() => ops.getByTestId('incident-row').count(), { timeout: 15_000 }).toBe(1);
    const list = await ops.getByTestId('incident-table').innerText();
    expect(list).toContain('期限内');
    expect(list).toContain('2 / 2社に送信済み');
    await ops.screenshot({ path: artifactPath('incidents-list-ja.png'), fullPage: true });
    await expectNoAxeViolations(ops);
    await context.close();
  });

  it('shows the notified tenant’s admin the notice in the company’s own event log', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(`${base}/login`);
    await page.getByTestId('login-company').fill(towa.code);
    await page.getByTestId('login-email').fill(towaAdmin.email);
    await page.getByTestId('login-password').fill(towaAdmin.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/audit`);
    await expect.poll(() => page.getByTestId('audit-table').innerText(), { timeout: 15_000 }).toContain('運営事業者からの障害発生のお知らせ（第一報）');
    const log = await page.getByTestId('audit-table').innerText();
    expect(log).toContain('運用 太郎');
    expect(log).toContain('incident.notification.sent');
    await page.screenshot({ path: artifactPath('incidents-tenant-event-log-ja.png'), fullPage: true });
    await context.close();
  });

  it('raised no Content Security Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
