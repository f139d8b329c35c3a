import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { issueStaffSetupLink } from '../../src/platform/identity/index.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { artifactPath, ensureWebBuilt, expectNoAxeViolations, launchBrowser, newCheckedPage } from '../support/browser.js';
import { base32Decode, totpAt } from '../support/totp.js';
import { freePort } from '../support/net.js';

const OFFICER = { email: 'first-officer@provider.example', password: 'Sound#Secret42', displayName: '運用 太郎' };
const NEW_STAFF = { email: 'hanako@provider.example', password: 'Sakura#Ops2026', displayName: '運用 花子' };
/** Each journey drives a real browser; on a busy machine it needs more than the default minute. */
const JOURNEY_MS = 180_000;
// What a page shows after a click may take longer than a second to arrive on a busy machine.
vi.setConfig({ expect: { poll: { timeout: 15_000, interval: 100 } } });
const REPORT_SUBJECT = 'パスワード再設定メールのリンクが http になっている';

describe('operator console in Chromium: staff sign-in, home, staff accounts, training, security reports', () => {
  let tdb: TestDatabase;
  let app: App;
  let browser: Browser;
  let base: string;
  let staffPage: Page;
  let officerSecret: Buffer;
  let reference: string;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    tdb = await openTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // No SMTP server: mail stays in the outbox and is read on the local mailbox page.
    app = await createTestApp(tdb.db, {
      env: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: base, SECURITY_CONTACT: 'security@provider.example', STAFF_ALERT_EMAIL: 'ops-alerts@provider.example' },
    });
    await app.listen();
    const link = await issueStaffSetupLink(tdb.db, systemClock);
    if (!link.issued) throw new Error('expected a setup link');
    const res = await new TestClient(app).post('/api/setup/staff', { token: link.token, ...OFFICER });
    expect(res.statusCode).toBe(201);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
  });

  /** Password, then the enrolment QR/secret and the first code; returns the secret read from the page. */
  async function signInEnrolling(page: Page, account: { email: string; password: string }): Promise<Buffer> {
    await page.getByTestId('ops-login-email').fill(account.email);
    await page.getByTestId('ops-login-password').fill(account.password);
    await page.getByTestId('ops-login-submit').click();
    await expect.poll(() => page.getByTestId('ops-enrolment').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('ops-totp-qr').isVisible()).toBe(true);
    const secret = base32Decode((await page.getByTestId('ops-totp-secret').innerText()).trim());
    await page.getByTestId('ops-login-code').fill(totpAt(secret, new Date()));
    await page.getByTestId('ops-login-code-submit').click();
    return secret;
  }

  it('signs a staff member in at /ops/login with password and TOTP (enrolling on first sign-in) and shows the console home', async () => {
    staffPage = await newCheckedPage(browser, cspViolations);
    await staffPage.goto(`${base}/ops/staff`);
    await staffPage.waitForURL(`${base}/ops/login?next=%2Fops%2Fstaff`);
    await expect.poll(() => staffPage.getByRole('heading', { name: '運用コンソールへのサインイン', level: 1 }).isVisible()).toBe(true);
    await expectNoAxeViolations(staffPage);

    // A wrong password answers without saying whether the account exists.
    await staffPage.getByTestId('ops-login-email').fill(OFFICER.email);
    await staffPage.getByTestId('ops-login-password').fill('Wrong#Pass123');
    await staffPage.getByTestId('ops-login-submit').click();
    await expect.poll(() => staffPage.getByText('メールアドレスまたはパスワードが正しくありません。', { exact: false }).isVisible()).toBe(true);

    await staffPage.goto(`${base}/ops/login`);
    await staffPage.getByTestId('ops-login-email').fill(OFFICER.email);
    await staffPage.getByTestId('ops-login-password').fill(OFFICER.password);
    await staffPage.getByTestId('ops-login-submit').click();
    await expect.poll(() => staffPage.getByTestId('ops-enrolment').isVisible()).toBe(true);
    expect(await staffPage.getByTestId('ops-totp-secret').innerText()).toMatch(/^[A-Z2-7]{16,}/);
    await expectNoAxeViolations(staffPage);
    await staffPage.screenshot({ path: artifactPath('ops-login-enrolment-ja.png'), fullPage: true });
    officerSecret = base32Decode((await staffPage.getByTestId('ops-totp-secret').innerText()).trim());
    await staffPage.getByTestId('ops-login-code').fill(totpAt(officerSecret, new Date()));
    await staffPage.getByTestId('ops-login-code-submit').click();

    await staffPage.waitForURL(`${base}/ops`);
    await expect.poll(() => staffPage.getByRole('heading', { name: '運用コンソール', level: 1 }).isVisible()).toBe(true);
    expect(await staffPage.getByTestId('ops-staff-name').innerText()).toBe(OFFICER.displayName);
    expect((await staffPage.getByTestId('ops-staff-role').allInnerTexts()).sort()).toEqual(['オペレーター', 'セキュリティ責任者']);
    await expect.poll(() => staffPage.getByTestId('ops-nav-home').getAttribute('aria-current')).toBe('page');
    await expect.poll(() => staffPage.getByTestId('ops-nav-staff').getAttribute('aria-current')).toBeNull();
    await expect.poll(() => staffPage.getByTestId('ops-card-staff').isVisible()).toBe(true);
    expect(await staffPage.getByTestId('ops-card-reports-value').innerText()).toBe('0');
    await expectNoAxeViolations(staffPage);
    await staffPage.screenshot({ path: artifactPath('ops-home-ja.png'), fullPage: true });
  }, JOURNEY_MS);

  it('creates another staff member, who sets a password from the mailed link and enrols at the first sign-in', async () => {
    await staffPage.getByTestId('ops-nav-staff').click();
    await staffPage.waitForURL(`${base}/ops/staff`);
    await expect.poll(() => staffPage.getByTestId('staff-table').isVisible()).toBe(true);
    await expect.poll(() => staffPage.getByTestId('ops-nav-staff').getAttribute('aria-current')).toBe('page');

    await staffPage.getByTestId('staff-invite-open').click();
    await staffPage.getByTestId('staff-invite-email').fill(NEW_STAFF.email);
    await staffPage.getByTestId('staff-invite-name').fill(NEW_STAFF.displayName);
    await staffPage.getByTestId('staff-invite-submit').click();
    await expect.poll(() => staffPage.getByText('役割を1つ以上選んでください。').isVisible()).toBe(true);
    await expectNoAxeViolations(staffPage);
    await staffPage.getByTestId('staff-role-operator').check();
    await staffPage.getByTestId('staff-invite-submit').click();
    await expect.poll(() => staffPage.getByTestId('staff-notice').innerText()).toContain(`${NEW_STAFF.email}）を追加し、設定用リンクを送りました。`);
    const row = staffPage.getByTestId(`staff-row-${NEW_STAFF.email}`);
    await expect.poll(() => row.innerText()).toContain('招待中');
    expect(await row.innerText()).toContain('オペレーター');
    await expectNoAxeViolations(staffPage);
    await staffPage.screenshot({ path: artifactPath('ops-staff-list-ja.png'), fullPage: true });

    await app.jobs.drain();
    const invitee = await newCheckedPage(browser, cspViolations);
    await invitee.goto(`${base}/dev/mailbox`);
    await invitee.getByRole('link', { name: /運用コンソールのスタッフアカウント設定のご案内/ }).first().click();
    await expect.poll(() => invitee.getByTestId('mailbox-message').isVisible()).toBe(true);
    await invitee.getByTestId('mailbox-message').getByRole('link', { name: /\/setup\/staff\// }).click();
    await invitee.waitForURL(/\/setup\/staff\//);
    await expect.poll(() => invitee.getByRole('heading', { name: 'スタッフアカウントの設定', level: 1 }).isVisible()).toBe(true);
    expect(await invitee.getByTestId('setup-email').inputValue()).toBe(NEW_STAFF.email);
    await invitee.getByTestId('setup-password').fill(NEW_STAFF.password);
    await invitee.getByTestId('setup-password-confirm').fill(NEW_STAFF.password);
    await invitee.getByTestId('setup-submit').click();
    await expect.poll(() => invitee.getByTestId('setup-done').isVisible()).toBe(true);
    await expectNoAxeViolations(invitee);
    await invitee.getByTestId('setup-sign-in').click();
    await invitee.waitForURL(`${base}/ops/login`);
    await signInEnrolling(invitee, NEW_STAFF);
    await invitee.waitForURL(`${base}/ops`);
    expect(await invitee.getByTestId('ops-staff-name').innerText()).toBe(NEW_STAFF.displayName);
    expect(await invitee.getByTestId('ops-nav-staff').count(), 'operators do not manage staff').toBe(0);
    await invitee.close();

    await staffPage.reload();
    await expect.poll(() => staffPage.getByTestId(`staff-row-${NEW_STAFF.email}`).innerText()).toContain('有効');
    expect(await staffPage.getByTestId(`staff-row-${NEW_STAFF.email}`).innerText()).toContain('登録済み');
  }, JOURNEY_MS);

  it('records training entries; an overdue one shows in red on the staff page and in the list', async () => {
    await staffPage.getByTestId(`staff-row-${NEW_STAFF.email}`).getByTestId('staff-open').click();
    await staffPage.waitForURL(/\/ops\/staff\/[0-9a-f-]{36}$/);
    await expect.poll(() => staffPage.getByTestId('staff-detail-name').innerText()).toBe(NEW_STAFF.displayName);
    await expect.poll(() => staffPage.getByTestId('training-empty').isVisible()).toBe(true);

    await staffPage.getByTestId('training-course').fill('情報セキュリティ基礎研修');
    await staffPage.getByTestId('training-taken-on').fill('2025-04-10');
    await staffPage.getByTestId('training-score').fill('88');
    await staffPage.getByTestId('training-next-due').fill('2025-04-01');
    await staffPage.getByTestId('training-submit').click();
    await expect.poll(() => staffPage.getByText('次回の受講期限は、受講日より後の日付にしてください。').isVisible()).toBe(true);
    await staffPage.getByTestId('training-next-due').fill('2026-04-10');
    await staffPage.getByTestId('training-submit').click();
    await expect.poll(() => staffPage.getByTestId('staff-notice').innerText()).toContain('「情報セキュリティ基礎研修」の受講を記録しました。');
    await staffPage.getByTestId('training-course').fill('標的型メール訓練');
    await staffPage.getByTestId('training-taken-on').fill('2026-01-15');
    await staffPage.getByTestId('training-submit').click();
    await expect.poll(() => staffPage.getByTestId('training-row').count()).toBe(2);

    const overdue = staffPage.locator('[data-testid="training-row"][data-state="overdue"]');
    expect(await overdue.innerText()).toContain('情報セキュリティ基礎研修');
    expect(await overdue.innerText()).toContain('期限切れ');
    const color = await overdue.locator('td').first().evaluate((cell) => getComputedStyle(cell).color);
    const [r, g, b] = color.match(/\d+/g)!.map(Number) as [number, number, number];
    expect(r, `overdue text is red (${color})`).toBeGreaterThan(150);
    expect(g).toBeLessThan(80);
    expect(b).toBeLessThan(80);
    await expectNoAxeViolations(staffPage);
    await staffPage.screenshot({ path: artifactPath('ops-staff-training-ja.png'), fullPage: true });

    await staffPage.getByRole('link', { name: 'スタッフの一覧へ戻る' }).click();
    await expect.poll(() => staffPage.getByTestId(`staff-row-${NEW_STAFF.email}`).getByTestId('staff-overdue').innerText()).toBe('期限切れ 1 件');
  }, JOURNEY_MS);

  it('takes a security report through the public form and shows it in the staff inbox, where it is assigned and triaged', async () => {
    const visitor = await newCheckedPage(browser, cspViolations);
    await visitor.goto(`${base}/login`);
    expect(await visitor.getByTestId('security-contact').innerText()).toBe('security@provider.example');
    await visitor.getByTestId('security-report-link').click();
    await visitor.waitForURL(`${base}/security/report`);
    await expect.poll(() => visitor.getByRole('heading', { name: 'セキュリティ上の問題の報告', level: 1 }).isVisible()).toBe(true);
    await expectNoAxeViolations(visitor);
    await visitor.getByTestId('report-submit').click();
    await expect.poll(() => visitor.getByText('入力してください。').first().isVisible()).toBe(true);
    await visitor.getByTestId('report-subject').fill(REPORT_SUBJECT);
    await visitor.getByTestId('report-description').fill('パスワード再設定のメールに記載されたリンクが http:// で始まっています。\n通信経路で盗聴されるおそれがあります。');
    await visitor.getByTestId('report-affected').fill('パスワード再設定メール');
    await visitor.getByTestId('report-email').fill('researcher@example.org');
    await visitor.getByTestId('report-submit').click();
    await expect.poll(() => visitor.getByTestId('report-done').isVisible()).toBe(true);
    reference = (await visitor.getByTestId('report-reference').innerText()).trim();
    expect(reference).toMatch(/^SR-\d{8}-[A-Z0-9]{6}$/);
    await expectNoAxeViolations(visitor);
    await visitor.screenshot({ path: artifactPath('ops-security-report-form-ja.png'), fullPage: true });
    await visitor.close();

    await staffPage.getByTestId('ops-nav-home').click();
    await staffPage.waitForURL(`${base}/ops`);
    await expect.poll(() => staffPage.getByTestId('ops-card-reports-value').innerText()).toBe('1');
    await expect.poll(() => staffPage.getByTestId('ops-alert-list').innerText()).toContain(reference);
    await staffPage.getByTestId('ops-card-reports-link').click();
    await staffPage.waitForURL(`${base}/ops/reports`);
    await expect.poll(() => staffPage.getByTestId('ops-nav-reports').getAttribute('aria-current')).toBe('page');
    const row = staffPage.getByTestId(`report-row-${reference}`);
    await expect.poll(() => row.innerText()).toContain(REPORT_SUBJECT);
    expect(await row.innerText()).toContain('新規');
    await expectNoAxeViolations(staffPage);
    await staffPage.screenshot({ path: artifactPath('ops-security-report-inbox-ja.png'), fullPage: true });

    await row.getByTestId('report-open').click();
    await staffPage.waitForURL(/\/ops\/reports\/[0-9a-f-]{36}$/);
    await expect.poll(() => staffPage.getByTestId('report-detail-description').innerText()).toContain('通信経路で盗聴されるおそれがあります。');
    await staffPage.getByTestId('report-assignee-select').selectOption({ label: OFFICER.displayName });
    await staffPage.getByTestId('report-assignee-submit').click();
    await expect.poll(() => staffPage.getByTestId('report-notice').innerText()).toBe(`担当者を ${OFFICER.displayName} さんにしました。`);
    await staffPage.getByTestId('report-status-select').selectOption('triaging');
    await staffPage.getByTestId('report-status-submit').click();
    await expect.poll(() => staffPage.getByTestId('report-notice').innerText()).toBe('状態を「調査中」に変更しました。');
    await staffPage.getByTestId('report-note').fill('再設定リンクの生成箇所を確認中。');
    await staffPage.getByTestId('report-note-submit').click();
    await expect.poll(() => staffPage.getByTestId('report-note-list').innerText()).toContain('再設定リンクの生成箇所を確認中。');
    expect(await staffPage.getByTestId('report-status').innerText()).toBe('調査中');
    await expectNoAxeViolations(staffPage);
    await staffPage.screenshot({ path: artifactPath('ops-security-report-detail-ja.png'), fullPage: true });
  }, JOURNEY_MS);

  it('shows the console in English and signs out back to the staff sign-in', async () => {
    await staffPage.getByTestId('ops-nav-home').click();
    await staffPage.waitForURL(`${base}/ops`);
    await staffPage.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => staffPage.getByRole('heading', { name: 'Operator console', level: 1 }).isVisible()).toBe(true);
    await expect.poll(() => staffPage.getByTestId('ops-alert-list').isVisible().catch(() => false)).toBe(false);
    await expectNoAxeViolations(staffPage);
    await staffPage.screenshot({ path: artifactPath('ops-home-en.png'), fullPage: true });
    await staffPage.getByTestId('lang-switch').getByText('日本語').click();

    await staffPage.getByTestId('ops-sign-out').click();
    await staffPage.waitForURL(`${base}/ops/login?next=%2Fops`);
    await expect.poll(() => staffPage.getByTestId('ops-login-email').isVisible()).toBe(true);
    await staffPage.goto(`${base}/ops/reports`);
    await staffPage.waitForURL(`${base}/ops/login?next=%2Fops%2Freports`);
    expect(await staffPage.getByTestId('ops-login-email').isVisible()).toBe(true);
  }, JOURNEY_MS);

  it('raised no Content Security Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
