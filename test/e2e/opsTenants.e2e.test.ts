import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { issueStaffSetupLink } from '../../src/platform/identity/index.js';
import { purgeDateFor } from '../../src/platform/lifecycle/index.js';
import { createTestApp } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { artifactPath, ensureWebBuilt, expectNoAxeViolations, launchBrowser } from '../support/browser.js';
import { startSmtp } from '../support/smtp.js';
import { base32Decode, totpAt } from '../support/totp.js';

/** Today's date in Japan, as the console's date inputs take it. */
function todayInJapan(): string {
  return new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
}

describe('operator console: tenants, contracts, survey users and capacity in Chromium', () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1', SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, STAFF_ALERT_EMAIL: 'ops-alerts@provider.example' } });
    base = (await app.listen()).http;
    browser = await launchBrowser();

    // The first staff member, created through the one-time setup link and signed in (password + TOTP)
    // through the API in the browser's own context, so its pages carry the staff session.
    context = await browser.newContext({ locale: 'ja-JP' });
    const request = context.request;
    await request.get(`${base}/api/csrf`);
    const csrf = (await context.cookies()).find((c) => c.name === 'sotas_csrf')!.value;
    const headers = { 'x-csrf-token': csrf };
    const link = await issueStaffSetupLink(tdb.db, systemClock);
    if (!link.issued) throw new Error('a staff account exists already');
    const email = 'operator@provider.example';
    const password = 'Sound#Secret42';
    expect((await request.post(`${base}/api/setup/staff`, { data: { token: link.token, email, displayName: '運用 太郎', password }, headers })).status()).toBe(201);
    const step = (await (await request.post(`${base}/api/ops/auth/login`, { data: { email, password }, headers })).json()).secondFactor;
    const mfa = await request.post(`${base}/api/ops/auth/mfa`, { data: { token: step.token, code: totpAt(base32Decode(step.secret), new Date()) }, headers });
    expect(mfa.status()).toBe(204);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
    await smtp?.close();
  });

  async function staffPage(): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    return page;
  }

  it('creates a tenant from the console form; the representative gets the first-login mail', async () => {
    const page = await staffPage();
    await page.goto(`${base}/ops/tenants`);
    await expect.poll(() => page.getByRole('heading', { name: '契約者一覧', level: 1 }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('tenants-empty').isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    await page.getByTestId('tenant-new').click();
    await page.waitForURL(`${base}/ops/tenants/new`);
    await expect.poll(() => page.getByRole('heading', { name: '新しい契約者の登録', level: 1 }).isVisible()).toBe(true);
    // Nothing filled in: messages beside the fields, nothing sent.
    await page.getByTestId('new-submit').click();
    await expect.poll(() => page.getByTestId('new-services-error').innerText()).toBe('契約するサービスを1つ以上選んでください。');
    await page.getByTestId('new-code').fill('ｍｉｄｏｒｉ-01');
    await page.getByTestId('new-name').fill('みどり化学工業株式会社');
    await page.getByTestId('new-rep-name').fill('緑川 一郎');
    await page.getByTestId('new-rep-email').fill('rep@midori.example.jp');
    await page.getByTestId('new-contact-email').fill('it@midori.example.jp');
    await page.getByTestId('new-service-process-check').check();
    await page.getByTestId('new-service-survey-check').check();
    await page.getByTestId('new-request-ref').fill('契約書 2026-118');
    await page.screenshot({ path: artifactPath('ops-tenants-new-ja.png'), fullPage: true });
    await expectNoAxeViolations(page);
    await page.getByTestId('new-submit').click();

    await page.waitForURL(/\/ops\/tenants\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('tenant-notice').innerText()).toContain('契約者 MIDORI-01 を登録しました。');
    expect(await page.getByTestId('tenant-code').innerText()).toBe('MIDORI-01');
    expect(await page.getByTestId('tenant-purge-on').innerText()).toContain('未定');
    await app.jobs.drain();
    await expect.poll(() => smtp.received.filter((m) => m.to.includes('rep@midori.example.jp')).map((m) => m.subject)).toEqual(['ご利用開始（初回ログイン）のお手続きのご案内']);
    await page.close();
  }, 180_000);

  it('ends a contract and shows its data deletion date, then adds a survey user', async () => {
    const page = await staffPage();
    await page.goto(`${base}/ops/tenants?q=${encodeURIComponent('ミドリ')}`);
    await expect.poll(() => page.getByTestId('tenant-row-MIDORI-01').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'MIDORI-01' }).click();
    await expect.poll(() => page.getByTestId('contract-table').isVisible()).toBe(true);

    const today = todayInJapan();
    const processRow = page.getByTestId('contract-row-process');
    await processRow.getByTestId('contract-end').click();
    await expect.poll(() => page.getByTestId('contract-end-date').inputValue()).toBe(today);
    await page.getByTestId('contract-end-submit').click();
    await expect.poll(() => page.getByTestId('contract-end-ref').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('contract-end-ref').fill('解約届 2026-07');
    await page.getByTestId('contract-end-submit').click();
    const purge = purgeDateFor(today).replaceAll('-', '/');
    await expect.poll(() => page.getByTestId('tenant-notice').innerText()).toContain(`データ削除予定日は ${purge} です`);
    await expect.poll(() => processRow.getByTestId('contract-purge-on').innerText()).toBe(purge);
    // The survey contract still runs: the tenant has no deletion date yet.
    expect(await page.getByTestId('tenant-purge-on').innerText()).toContain('未定');
    await page.screenshot({ path: artifactPath('ops-tenants-contract-ended-ja.png'), fullPage: true });

    await expect.poll(() => page.getByTestId('survey-table').isVisible()).toBe(true);
    await page.getByTestId('survey-add').click();
    await page.getByTestId('survey-add-email').fill('chem@midori.example.jp');
    await page.getByTestId('survey-add-name').fill('化学 花子');
    await page.getByTestId('survey-add-role').selectOption('org_reviewer');
    await page.getByTestId('survey-add-ref').fill('依頼 2026-2001');
    await expectNoAxeViolations(page);
    await page.getByTestId('survey-add-submit').click();
    await expect.poll(() => page.getByTestId('tenant-notice').innerText()).toContain('化学 花子さんを追加し、仮パスワードをメールで送信しました。');
    await expect.poll(() => page.getByTestId('survey-row-chem@midori.example.jp').innerText()).toContain('組織レビュワー');
    expect(await page.getByTestId('survey-row-chem@midori.example.jp').innerText()).toContain('初回ログイン時のパスワード変更待ち');
    await app.jobs.drain();
    await expect.poll(() => smtp.received.some((m) => m.to.includes('chem@midori.example.jp'))).toBe(true);
    await page.screenshot({ path: artifactPath('ops-tenants-detail-ja.png'), fullPage: true });
    await expectNoAxeViolations(page);

    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.getByRole('heading', { name: 'Contracts', level: 2 }).isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('ops-tenants-detail-en.png'), fullPage: true });
    await page.getByTestId('lang-switch').getByText('日本語').click();
    await page.close();
  }, 180_000);

  it('adds a product database contract as a paid publisher, then changes its plan; the tenant’s plan follows', async () => {
    const page = await staffPage();
    await page.goto(`${base}/ops/tenants?q=${encodeURIComponent('ミドリ')}`);
    await expect.poll(() => page.getByTestId('tenant-row-MIDORI-01').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'MIDORI-01' }).click();
    await expect.poll(() => page.getByTestId('contract-table').isVisible()).toBe(true);
    const tenantId = page.url().split('/').at(-1)!;
    const readerPlan = () =>
      tdb.db.ownerTransaction(async (tx) => {
        await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
        return (await tx.query<{ plan: string | null; publisher: boolean }>('SELECT catalog.reader_plan() AS plan, catalog.may_publish() AS publisher')).rows[0]!;
      });

    await page.getByTestId('contract-add').click();
    // The plan is asked for a product database contract only; it starts as a free subscriber that does not publish.
    await expect.poll(() => page.getByTestId('contract-catalog-subscription').count()).toBe(0);
    await page.getByTestId('contract-add-service').selectOption('catalog');
    expect(await page.getByTestId('contract-catalog-subscription').inputValue()).toBe('free');
    expect(await page.getByTestId('contract-catalog-publisher').isChecked()).toBe(false);
    await page.getByTestId('contract-catalog-publisher').check();
    await page.getByTestId('contract-catalog-subscription').selectOption('paid');
    await page.getByTestId('contract-add-ref').fill('申込書 DB-2026-01');
    await expectNoAxeViolations(page);
    await page.getByTestId('contract-add-submit').click();
    const catalogRow = page.getByTestId('contract-row-catalog');
    await expect.poll(() => catalogRow.getByTestId('contract-catalog-plan').innerText()).toBe('掲載企業：あり／購読プラン：有料');
    expect(await page.getByTestId('contract-row-process').getByTestId('contract-catalog-plan').innerText()).toBe('—');
    expect(await readerPlan()).toEqual({ plan: 'paid', publisher: true });

    await catalogRow.getByTestId('contract-plan').click();
    await page.getByTestId('contract-catalog-publisher').uncheck();
    await page.getByTestId('contract-catalog-subscription').selectOption('free');
    await page.getByTestId('contract-plan-submit').click();
    await expect.poll(() => page.getByTestId('contract-plan-ref').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('contract-plan-ref').fill('変更依頼 DB-2026-02');
    await expectNoAxeViolations(page);
    await page.getByTestId('contract-plan-submit').click();
    await expect.poll(() => page.getByTestId('tenant-notice').innerText()).toContain('プランを変更しました');
    await expect.poll(() => catalogRow.getByTestId('contract-catalog-plan').innerText()).toBe('掲載企業：なし／購読プラン：無料');
    expect(await readerPlan()).toEqual({ plan: 'free', publisher: false });
    await page.screenshot({ path: artifactPath('ops-tenants-catalog-plan-ja.png'), fullPage: true });
    await page.close();
  }, 180_000);

  it('shows the capacity dashboard with storage per tenant after measuring', async () => {
    const page = await staffPage();
    await page.goto(`${base}/ops/capacity`);
    await expect.poll(() => page.getByRole('heading', { name: '容量・監視', level: 1 }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('threshold-table').isVisible()).toBe(true);
    await page.getByTestId('capacity-sample').click();
    await expect.poll(() => page.getByTestId('capacity-tenants').innerText()).toContain('MIDORI-01');
    await page.getByTestId('threshold-edit-db_size_bytes').click();
    await page.getByTestId('threshold-limit').fill('0.000001');
    await page.getByTestId('threshold-submit').click();
    await expect.poll(() => page.getByTestId('threshold-row-db_size_bytes').innerText()).toContain('超過');
    await page.getByTestId('capacity-sample').click();
    await expect.poll(() => page.getByTestId('capacity-alerts').innerText()).toContain('データベース容量がしきい値を超えました');
    await page.screenshot({ path: artifactPath('ops-capacity-ja.png'), fullPage: true });
    await expectNoAxeViolations(page);
    await app.jobs.drain();
    await expect.poll(() => smtp.received.filter((m) => m.to.includes('ops-alerts@provider.example')).map((m) => m.subject)).toEqual(['【運用アラート】データベース容量がしきい値を超えました']);
    await page.close();
  }, 180_000);

  it('raised no Content Security Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
