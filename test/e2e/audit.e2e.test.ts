import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { withTenant } from '../../src/core/db/index.js';
import { recordTenantEvent } from '../../src/platform/audit/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { artifactPath, ensureWebBuilt, launchBrowser } from '../support/browser.js';
import { signInStaff } from '../support/seeders/audit.js';
import { base32Decode, totpAt } from '../support/totp.js';

const REASON = 'サポート依頼 #4711: 会員一覧の表示不具合の調査';

describe('event log and operator log screens in Chromium', () => {
  let tdb: TestDatabase;
  let app: App;
  let browser: Browser;
  let base: string;
  let tenant: BuiltTenant;
  let admin: BuiltUser;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1' } });
    base = (await app.listen()).http;
    tenant = await buildTenant(tdb.db, { name: '東洋樹脂株式会社' });
    admin = await buildUser(tdb.db, tenant, { displayName: '管理 花子' });
    await withTenant(tdb.db, tenant.id, (tx) =>
      recordTenantEvent(tx, systemClock, tenant.id, { ip: '192.0.2.44' }, { actor: { type: 'anonymous' }, action: 'auth.login.failed', result: 'failure', reason: 'wrong_password' }),
    );
    // A staff member reads the tenant's members through a break-glass grant.
    const staff = await signInStaff(app, systemClock, { displayName: '運用 太郎' });
    expect((await staff.client.post('/api/ops/breakglass/grants', { tenantId: tenant.id, reason: REASON, durationMinutes: 30 })).statusCode).toBe(201);
    expect((await staff.client.get(`/api/ops/tenants/${tenant.id}/members`)).statusCode).toBe(200);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
  });

  async function newPage(context?: BrowserContext): Promise<Page> {
    const page = await (context ?? (await browser.newContext())).newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    return page;
  }

  it('shows a tenant admin the event log, who of the provider looked and why, with filters kept in the URL', async () => {
    const page = await newPage();
    await page.goto(`${base}/login`);
    await page.getByTestId('login-company').fill(tenant.code);
    await page.getByTestId('login-email').fill(admin.email);
    await page.getByTestId('login-password').fill(admin.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${base}/`);
    await page.getByTestId('nav-audit').click();
    await page.waitForURL(`${base}/audit`);
    await expect.poll(() => page.getByRole('heading', { name: 'イベントログ', level: 1 }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('audit-table').isVisible()).toBe(true);

    await page.getByTestId('audit-staff-only').click();
    await page.waitForURL(/actorType=staff/);
    await expect.poll(() => page.getByTestId('audit-row-staff').count()).toBeGreaterThanOrEqual(2);
    // The filtered page replaces the unfiltered one when its data arrives; wait for that.
    await expect.poll(async () => page.getByTestId('audit-table').innerText()).not.toContain('wrong_password');
    const rows = await page.getByTestId('audit-table').innerText();
    expect(rows).toContain('運用 太郎');
    expect(rows).toContain('運営事業者による登録データの閲覧');
    expect(rows).toContain(REASON);
    expect(rows).toContain('閲覧内容：メンバー一覧');
    expect(rows).not.toContain('wrong_password');
    await page.screenshot({ path: artifactPath('audit-tenant-log-ja.png'), fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary ?? ""}`).join(" | ")}`)).toEqual([]);

    await page.getByTestId('filter-clear').click();
    await page.waitForURL((url) => !url.search.includes('actorType=staff'));
    // The cleared page may re-render after its address changed and reset the form: choose again until the filter applies.
    await expect
      .poll(async () => {
        await page.getByTestId('filter-result').selectOption('failure');
        await page.getByTestId('filter-apply').click();
        return page.url();
      })
      .toMatch(/result=failure/);
    await expect.poll(async () => page.getByTestId('audit-table').innerText()).toContain('wrong_password');
    // The address changes before the page re-renders (navigations are transitions): wait for the link.
    await expect.poll(() => page.getByTestId('audit-csv').getAttribute('href')).toMatch(/^\/api\/audit\/events\/csv\?result=failure&/);
    const csv = await page.request.get(`${base}${await page.getByTestId('audit-csv').getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('wrong_password');

    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.getByRole('heading', { name: 'Event log', level: 1 }).isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('audit-tenant-log-en.png'), fullPage: true });
    await page.close();
  });

  it('shows staff the operator work log and verifies every chain from the console', async () => {
    const context = await browser.newContext();
    const api = context.request;
    await api.get(`${base}/api/csrf`);
    const csrf = (await context.cookies()).find((c) => c.name === 'sotas_csrf')!.value;
    const email = 'auditor@provider.example';
    await tdb.db.ownerTransaction(async (tx) => {
      const hash = (await tx.query<{ password_hash: string }>('SELECT password_hash FROM ops.staff LIMIT 1')).rows[0]!.password_hash;
      await tx.query(`INSERT INTO ops.staff (email, email_normalized, display_name, password_hash, roles) VALUES ($1, $1, '監査 次郎', $2, '{auditor}')`, [email, hash]);
    });
    const step = (await (await api.post(`${base}/api/ops/auth/login`, { data: { email, password: 'Sound#Secret42' }, headers: { 'x-csrf-token': csrf } })).json()).secondFactor;
    const mfa = await api.post(`${base}/api/ops/auth/mfa`, { data: { token: step.token, code: totpAt(base32Decode(step.secret), new Date()) }, headers: { 'x-csrf-token': csrf } });
    expect(mfa.status()).toBe(204);

    const page = await newPage(context);
    await page.goto(`${base}/ops/audit`);
    await expect.poll(() => page.getByRole('heading', { name: '運用作業ログ', level: 1 }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('audit-table').innerText()).toContain('ops.breakglass.read');
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-verify-result').innerText()).toContain('改ざんは検出されませんでした');
    await expect.poll(() => page.getByTestId('clock-status').isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('audit-operator-log-ja.png'), fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary ?? ""}`).join(" | ")}`)).toEqual([]);
    await page.close();

    const outsider = await newPage();
    await outsider.goto(`${base}/ops/audit`);
    // The operator log sits inside the console: anyone without a staff session is sent to the staff sign-in.
    await outsider.waitForURL(/\/ops\/login\?next=%2Fops%2Faudit/);
    await expect.poll(() => outsider.getByTestId('ops-login-email').isVisible()).toBe(true);
    await outsider.close();
  });

  it('raised no Content Security Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
