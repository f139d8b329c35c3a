import { readFileSync } from 'node:fs';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { withTenant } from '../../src/core/db/index.js';
import { recordTenantEvent } from '../../src/platform/audit/index.js';
import { createFileStore, storeTenantFile } from '../../src/platform/files/index.js';
import { masterKeyProvider } from '../../src/platform/keys/index.js';
import { runPurgeSweep } from '../../src/platform/lifecycle/index.js';
import { jstDate } from '../../src/platform/tenancy/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { artifactPath, ensureWebBuilt, expectNoAxeViolations, firstStaffContext, launchBrowser, newCheckedPage } from '../support/browser.js';

/** The names of the entries of a zip file. */
function zipEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(readFileSync(file), { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('not a zip'));
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const dayAfter = (days: number) => jstDate(new Date(Date.now() + days * 86_400_000));

describe('data export and the console’s data deletion screens in Chromium', () => {
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
    // The job runner polls, as in production, so the export is built while the page watches.
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1', JOBS_ENABLED: 'true', BACKUP_ENABLED: 'false' } });
    base = (await app.listen()).http;
    tenant = await buildTenant(tdb.db, { code: 'TOWA-01', name: '東和樹脂株式会社' });
    admin = await buildUser(tdb.db, tenant, { displayName: '管理 花子', memberships: [{ service: 'catalog', role: 'admin' }] });
    for (let i = 0; i < 30; i++) await buildUser(tdb.db, tenant, { displayName: `利用者 ${i + 1}`, memberships: [{ service: 'catalog', role: 'viewer' }] });
    for (let i = 0; i < 200; i++) {
      await withTenant(tdb.db, tenant.id, (tx) =>
        recordTenantEvent(tx, systemClock, tenant.id, {}, { actor: { type: 'user', id: admin.id, name: '管理 花子' }, action: 'catalog.product.updated', target: { type: 'product', id: `P-${i}` }, result: 'success' }),
      );
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
  });

  it('lets a tenant admin start an export, watch the progress bar reach 100% and download the zip', async () => {
    const page = await newCheckedPage(browser, cspViolations);
    await page.goto(`${base}/login`);
    await page.getByTestId('login-company').fill(tenant.code);
    await page.getByTestId('login-email').fill(admin.email);
    await page.getByTestId('login-password').fill(admin.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${base}/`);
    await page.getByTestId('nav-export').click();
    await page.waitForURL(`${base}/settings/export`);
    await expect.poll(() => page.getByRole('heading', { name: 'データのエクスポート', level: 1 }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('export-empty').isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('export-empty-ja.png'), fullPage: true });

    await page.getByTestId('export-start').click();
    await expect.poll(() => page.getByTestId('export-active').isVisible()).toBe(true);
    expect(await page.getByTestId('export-start').isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('export-active').getAttribute('data-status'), { timeout: 30_000 }).toBe('ready');
    expect(await page.getByTestId('export-progress').getAttribute('aria-valuenow')).toBe('100');
    expect(await page.getByTestId('export-percent').innerText()).toBe('100%');
    expect(await page.getByTestId('export-active').innerText()).toContain('エクスポートが完了しました');
    await expect.poll(() => page.getByTestId('export-row').count()).toBe(1);
    expect(await page.getByTestId('export-status').innerText()).toBe('完了');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('export-ready-ja.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download-latest').click()]);
    expect(download.suggestedFilename()).toMatch(/^export-TOWA-01-\d{8}\.zip$/);
    const saved = artifactPath('export-download.zip');
    await download.saveAs(saved);
    const names = await zipEntries(saved);
    expect(names).toEqual(expect.arrayContaining(['README.txt', 'manifest.json', 'data.json', 'csv/platform_users.csv', 'xlsx/platform_users.xlsx', 'csv/audit_tenant_events.csv']));

    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.getByRole('heading', { name: 'Data export', level: 1 }).isVisible()).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: artifactPath('export-ready-en.png'), fullPage: true });
    await page.close();
  });

  it('shows staff the scheduled deletions with their reminders, and a certificate they can e-mail', async () => {
    // One tenant 20 days before its deletion (its 30-day reminder goes out), one past its date (purged now).
    const soon = await buildTenant(tdb.db, { code: 'HOKUYO-03', name: '北洋ケミカル株式会社' });
    const closed = await buildTenant(tdb.db, { code: 'YAMADA-02', name: '山田化成工業株式会社' });
    const closedUser = await buildUser(tdb.db, closed);
    const files = createFileStore(app.config.files);
    await storeTenantFile(
      { db: tdb.db, clock: systemClock, files, keys: masterKeyProvider(app.config.masterKeyFile), maxBytes: 1_000_000 },
      { tenantId: closed.id, service: 'process', name: '工程表.txt', body: Buffer.from('工程表'), actor: { type: 'user', id: closedUser.id }, origin: {} },
    );
    await tdb.db.ownerTransaction(async (tx) => {
      await tx.query(`UPDATE ops.contracts SET ends_on = $2 WHERE customer_id = $1`, [soon.id, dayAfter(-40)]);
      await tx.query(`UPDATE ops.tenants SET purge_on = $2 WHERE id = $1`, [soon.id, dayAfter(20)]);
      await tx.query(`UPDATE ops.contracts SET ends_on = $2 WHERE customer_id = $1`, [closed.id, dayAfter(-70)]);
      await tx.query(`UPDATE ops.tenants SET purge_on = $2 WHERE id = $1`, [closed.id, dayAfter(-1)]);
    });
    const result = await runPurgeSweep(
      { db: tdb.db, clock: systemClock, logger: app.logger, registry: app.registry, files, keys: masterKeyProvider(app.config.masterKeyFile), publicUrl: base, staffAlertEmail: 'ops@provider.example' },
      'lifecycle.purge e2e',
    );
    expect(result.purged).toEqual([closed.id]);

    const context = await firstStaffContext(browser, base, tdb.db);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.goto(`${base}/ops/lifecycle`);
    await expect.poll(() => page.getByRole('heading', { name: 'データ削除', level: 1 }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('pending-row').count()).toBe(1);
    const row = await page.getByTestId('pending-row').innerText();
    expect(row).toContain('北洋ケミカル株式会社');
    expect(row).toContain('あと20日');
    expect(await page.getByTestId('reminder-30').innerText()).toContain('30日前：送信済み');
    expect(await page.getByTestId('reminder-7').innerText()).toContain('7日前：未送信');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('lifecycle-pending-ja.png'), fullPage: true });

    await page.getByTestId('tab-certificates').click();
    await page.waitForURL(/tab=certificates/);
    await expect.poll(() => page.getByTestId('certificate-row').count()).toBe(1);
    await page.getByTestId('certificate-row').getByRole('link', { name: '山田化成工業株式会社' }).click();
    await page.waitForURL(/\/ops\/lifecycle\/certificates\//);
    await expect.poll(() => page.getByRole('heading', { name: '削除証明書：山田化成工業株式会社', level: 1 }).isVisible()).toBe(true);
    expect(await page.getByTestId('certificate-tables').innerText()).toContain('platform.users');
    expect(await page.getByTestId('certificate-facts').innerText()).toContain('2件を破棄');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('lifecycle-certificate-ja.png'), fullPage: true });

    await page.getByTestId('certificate-send-open').click();
    await expect.poll(() => page.getByTestId('certificate-send-submit').isVisible()).toBe(true);
    expect(await page.getByTestId('certificate-send-submit').innerText()).toContain('rep@yamada-02.example');
    await expectNoAxeViolations(page);
    await page.getByTestId('certificate-send-ref').fill('REQ-2026-0612');
    await page.getByTestId('certificate-send-submit').click();
    await expect.poll(() => page.getByTestId('certificate-sent').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('certificate-sends').innerText()).toContain('rep@yamada-02.example');
    await page.screenshot({ path: artifactPath('lifecycle-certificate-sent-ja.png'), fullPage: true });
    await page.close();
  });

  it('raised no Content Security Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
