import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { hashPassword } from '../../src/platform/identity/index.js';
import { createTestApp } from '../support/app.js';
import { artifactPath, ensureWebBuilt, expectNoAxeViolations, launchBrowser, newCheckedPage } from '../support/browser.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { base32Decode, totpAt } from '../support/totp.js';

const PASSWORD = 'Sound#Secret42';
/** Screens load lazily and the machine is shared: give each wait some room. */
const WAIT = { timeout: 20_000 };

describe('the backups screen in Chromium: status, back up now, verify and a restore drill', () => {
  let tdb: TestDatabase;
  let app: App;
  let browser: Browser;
  let base: string;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1', BACKUP_ENABLED: 'true', STAFF_ALERT_EMAIL: 'ops@provider.example' } });
    base = (await app.listen()).http;
    const tenant = await buildTenant(tdb.db, { name: '東洋樹脂株式会社' });
    await buildUser(tdb.db, tenant, { displayName: '管理 花子' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
  });

  /** A browser context signed in as a staff member with these roles (password + TOTP through the API). */
  async function staffContext(email: string, displayName: string, roles: string[]): Promise<BrowserContext> {
    const hash = await hashPassword(PASSWORD);
    await tdb.db.ownerTransaction((tx) =>
      tx.query(`INSERT INTO ops.staff (email, email_normalized, display_name, password_hash, roles) VALUES ($1, $1, $2, $3, $4)`, [email, displayName, hash, roles]),
    );
    const page = await newCheckedPage(browser, cspViolations);
    const context = page.context();
    await page.close();
    const api = context.request;
    await api.get(`${base}/api/csrf`);
    const headers = { 'x-csrf-token': (await context.cookies()).find((c) => c.name === 'sotas_csrf')!.value };
    const step = (await (await api.post(`${base}/api/ops/auth/login`, { data: { email, password: PASSWORD }, headers })).json()).secondFactor;
    expect((await api.post(`${base}/api/ops/auth/mfa`, { data: { token: step.token, code: totpAt(base32Decode(step.secret), new Date()) }, headers })).status()).toBe(204);
    return context;
  }

  async function openPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    return page;
  }

  it('lets an operator take a backup now, verify every backup and run a restore drill', { timeout: 180_000 }, async () => {
    const context = await staffContext('unyou@provider.example', '運用 太郎', ['operator']);
    const page = await openPage(context);
    await page.goto(`${base}/ops/backups`);
    await expect.poll(() => page.getByRole('heading', { name: 'バックアップ', level: 1 }).isVisible(), WAIT).toBe(true);
    await expect.poll(() => page.getByTestId('backups-empty').isVisible(), WAIT).toBe(true);
    if (testDatabaseKind() === 'pglite') {
      expect(await page.getByTestId('backups-health').getAttribute('data-state')).toBe('none');
    } else {
      await expect.poll(() => page.getByTestId('wal-card').isVisible(), WAIT).toBe(true);
    }
    await expectNoAxeViolations(page);

    await page.getByTestId('backup-now').click();
    await expect.poll(() => page.getByTestId('backup-queued').isVisible(), WAIT).toBe(true);
    // The job queue runs on the server's schedule; here the test runs it at once.
    for (let i = 0; i < 10 && (await app.jobs.tick()) > 0; i++);
    await page.reload();
    await expect.poll(() => page.getByTestId('backup-row').count(), WAIT).toBe(1);
    expect(await page.getByTestId('backups-table').innerText()).toContain('コンソール');
    if (testDatabaseKind() === 'pglite') {
      await expect.poll(() => page.getByTestId('backups-health').getAttribute('data-state'), WAIT).toBe('current');
      expect(await page.getByTestId('backups-table').innerText()).toContain('データベース＋ファイル');
    }

    await page.getByTestId('backups-verify-all').click();
    await expect.poll(() => page.getByTestId('backups-verify-result').isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await page.getByTestId('backups-verify-result').innerText()).toContain('問題は見つかりませんでした');
    await expect.poll(() => page.getByTestId('backups-last-verify').innerText(), WAIT).toContain('運用 太郎');

    await page.getByTestId('backups-drill').click();
    await expect.poll(() => page.getByTestId('backups-drill-result').isVisible(), { timeout: 120_000 }).toBe(true);
    const drill = await page.getByTestId('backups-drill-result').innerText();
    expect(drill).toContain('復元できました');
    if (testDatabaseKind() === 'pglite') expect(drill).toMatch(/契約者1社、ユーザー1名.*改ざんなし/);
    await page.screenshot({ path: artifactPath('backups-ja.png'), fullPage: true });
    await expectNoAxeViolations(page);

    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.getByRole('heading', { name: 'Backups', level: 1 }).isVisible(), WAIT).toBe(true);
    await page.screenshot({ path: artifactPath('backups-en.png'), fullPage: true });
    await context.close();
  });

  it('shows an auditor the status and lets them verify, without taking backups or drills', { timeout: 60_000 }, async () => {
    const context = await staffContext('kansa@provider.example', '監査 花子', ['auditor']);
    const page = await openPage(context);
    await page.goto(`${base}/ops/backups`);
    await expect.poll(() => page.getByTestId('backup-row').count(), WAIT).toBe(1);
    expect(await page.getByTestId('backup-now').count()).toBe(0);
    expect(await page.getByTestId('backups-drill').count()).toBe(0);
    await page.getByTestId('backup-verify-one').click();
    await expect.poll(() => page.getByTestId('backups-verify-result').innerText(), { timeout: 60_000 }).toContain('1件のバックアップ');
    await context.close();

    const outsider = await newCheckedPage(browser, cspViolations);
    await outsider.goto(`${base}/ops/backups`);
    await outsider.waitForURL(/\/ops\/login/);
    await outsider.context().close();
  });

  it('raised no Content Security Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
