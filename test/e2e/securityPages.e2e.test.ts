import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_SYMBOLS, setPasswordMinLength } from '../../src/platform/identity/index.js';
import { createTestApp } from '../support/app.js';
import { artifactPath, expectNoAxeViolations, freePort, newCheckedPage, openBrowserWorld, signInOnScreen, type BrowserWorld } from '../support/browser.js';
import { buildTenant, buildUser } from '../support/factories.js';

/*
 * The customer-facing security pages (issue 10) in Chromium: reachable without signing in and
 * from the footer of every screen, the white paper's figures read from the running system —
 * the password rule as the validator enforces it, the backup interval and retention as
 * configured (a second app on the same database, configured differently, shows its own).
 */

/** The white paper's password rule lines, in Japanese, for the rule the code enforces. */
const PASSWORD_RULE_JA = [`${PASSWORD_MIN_LENGTH}文字以上${PASSWORD_MAX_LENGTH}文字以下`, `半角英数字と記号（${PASSWORD_SYMBOLS}）のみ`, '大文字・小文字・数字・記号をそれぞれ1文字以上含む'];

describe('security pages in Chromium', () => {
  let world: BrowserWorld;
  let other: App;
  let otherBase: string;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    world = await openBrowserWorld({ BACKUP_INTERVAL_MINUTES: '5', BACKUP_RETENTION_DAYS: '30', SECURITY_CONTACT: 'security@provider.example' });
    const port = await freePort();
    otherBase = `http://127.0.0.1:${port}`;
    other = await createTestApp(world.tdb.db, {
      env: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: otherBase, BACKUP_INTERVAL_MINUTES: '15', BACKUP_RETENTION_DAYS: '45', MAINTENANCE_LEAD_DAYS: '10' },
    });
    await other.listen();
  });
  afterAll(async () => {
    await other?.close();
    await world?.close();
  });

  const newPage = (): Promise<Page> => newCheckedPage(world.browser, cspViolations);
  const ruleLines = (page: Page) => page.getByTestId('password-rule').locator('li').allInnerTexts();

  it('shows the white paper to a visitor, with the password rule the validator enforces and the configured backups', async () => {
    const page = await newPage();
    await page.goto(`${world.base}/login`);
    await page.getByTestId('security-page-link').click();
    await page.waitForURL(`${world.base}/security`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'セキュリティホワイトペーパー' }).isVisible()).toBe(true);
    await expect.poll(() => ruleLines(page)).toEqual([...PASSWORD_RULE_JA, 'メールアドレスの @ より前の部分を含むパスワードは使えません', 'よく使われる推測されやすいパスワードは使えません']);
    expect(await page.getByTestId('backup-rule').innerText()).toBe('全ての利用ユーザーのデータを5分ごとに取得し、バックアップデータは30日間保管されます。');
    expect(await page.getByTestId('deletion-rule').innerText()).toContain('契約が終了した日の翌日から2か月を経過した時点以降');
    expect(await page.getByTestId('incident-rule').innerText()).toContain('発生から6時間以内');
    expect(await page.getByTestId('white-paper-contact').innerText()).toBe('security@provider.example');
    expect(await page.getByTestId('retention-backups').innerText()).toContain('30日');
    for (const section of ['policy', 'access', 'password', 'mfa', 'backup', 'logs', 'time', 'encryption', 'location', 'deletion', 'maintenance', 'incidents', 'reporting']) {
      expect(await page.getByTestId(`section-${section}`).isVisible(), section).toBe(true);
    }
    // Each service's help page is linked, with its roles.
    const help = page.getByTestId('service-help-links');
    await expect.poll(() => help.locator('a').count()).toBe(3);
    expect(await help.innerText()).toContain('組織レビュワー');
    expect(await help.locator('a').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname))).toEqual(['/s/process', '/s/catalog', '/s/survey']);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('security-white-paper-ja.png'), fullPage: true });

    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Security white paper' }).isVisible()).toBe(true);
    expect((await ruleLines(page)).slice(0, 3)).toEqual([
      `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
      `only half-width letters, digits and the symbols ${PASSWORD_SYMBOLS}`,
      'at least one each of upper-case letters, lower-case letters, digits, symbols',
    ]);
    expect(await page.getByTestId('backup-rule').innerText()).toBe('The data of all users is backed up every 5 minutes, and each backup is kept for 30 days.');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('security-white-paper-en.png'), fullPage: true });
    await page.getByTestId('lang-switch').getByText('日本語').click();
  });

  it('follows the configuration: an app with other backup settings publishes them', async () => {
    const page = await newPage();
    await page.goto(`${otherBase}/security`);
    await expect.poll(() => page.getByTestId('backup-rule').isVisible()).toBe(true);
    expect(await page.getByTestId('backup-rule').innerText()).toBe('全ての利用ユーザーのデータを15分ごとに取得し、バックアップデータは45日間保管されます。');
    expect(await page.getByTestId('maintenance-rule').innerText()).toContain('開始の10日前までに');
    expect(await page.getByTestId('retention-backups').innerText()).toContain('45日');
    // The password rule was left as the white paper's: the same rule on both.
    expect((await ruleLines(page)).slice(0, 3)).toEqual(PASSWORD_RULE_JA);
    await page.screenshot({ path: artifactPath('security-white-paper-configured.png'), fullPage: true });
  });

  it('shows a longer configured password minimum as soon as the app runs with it', async () => {
    const port = await freePort();
    const stricter = await createTestApp(world.tdb.db, { env: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, PASSWORD_MIN_LENGTH: '14' } });
    try {
      await stricter.listen();
      const page = await newPage();
      await page.goto(`http://127.0.0.1:${port}/security`);
      await expect.poll(() => ruleLines(page).then((lines) => lines[0])).toBe(`14文字以上${PASSWORD_MAX_LENGTH}文字以下`);
      await page.screenshot({ path: artifactPath('security-white-paper-password-14.png'), fullPage: true });
    } finally {
      await stricter.close();
      // The rule is process-wide, like the configuration; the other apps of this test run with the white paper's.
      setPasswordMinLength(PASSWORD_MIN_LENGTH);
    }
  });

  it('shows the shared-responsibility split and the terms, linked to each other and to the report form', async () => {
    const page = await newPage();
    await page.goto(`${world.base}/security`);
    await page.getByTestId('security-pages-nav').getByRole('link', { name: '責任分界' }).click();
    await page.waitForURL(`${world.base}/security/responsibility`);
    await expect.poll(() => page.getByTestId('responsibility-table').isVisible()).toBe(true);
    expect(await page.getByTestId('responsibility-table').locator('tbody tr').count()).toBe(8);
    expect(await page.getByTestId('responsibility-passwords').innerText()).toContain(`${PASSWORD_MIN_LENGTH}〜${PASSWORD_MAX_LENGTH}文字`);
    expect(await page.getByTestId('responsibility-export').innerText()).toContain('エクスポート');
    expect(await page.getByTestId('responsibility-incidents').innerText()).toContain('security@provider.example');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('security-responsibility-ja.png'), fullPage: true });

    await page.getByTestId('security-pages-nav').getByRole('link', { name: '利用規約（セキュリティ関連）' }).click();
    await page.waitForURL(`${world.base}/terms`);
    await expect.poll(() => page.getByTestId('terms-deletion').isVisible()).toBe(true);
    expect(await page.getByTestId('terms-deletion').innerText()).toContain('2か月');
    expect(await page.getByTestId('terms-location').innerText()).toContain('日本国内');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('security-terms-ja.png'), fullPage: true });

    await page.getByTestId('security-pages-nav').getByRole('link', { name: 'セキュリティ報告フォーム' }).click();
    await page.waitForURL(`${world.base}/security/report`);
  });

  it('is linked from the footer of the signed-in app', async () => {
    const tenant = await buildTenant(world.tdb.db, { name: '東洋樹脂株式会社', services: ['catalog'] });
    const user = await buildUser(world.tdb.db, tenant, { displayName: '鈴木 花子', memberships: [{ service: 'catalog', role: 'admin' }] });
    const page = await newPage();
    await signInOnScreen(page, world.base, tenant.code, user);
    await page.getByTestId('responsibility-page-link').click();
    await page.waitForURL(`${world.base}/security/responsibility`);
    await expect.poll(() => page.getByTestId('responsibility-table').isVisible()).toBe(true);
    expect(cspViolations).toEqual([]);
  });
});
