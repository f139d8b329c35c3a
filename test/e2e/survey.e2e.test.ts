import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { createTestApp, TestClient } from '../support/app.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { startSmtp, type Received } from '../support/smtp.js';
import { artifactPath, ensureWebBuilt, expectNoAxeViolations, launchBrowser, newCheckedPage } from '../support/browser.js';
import { freePort } from '../support/net.js';

const TENANT_TITLE = '2026年度 筐体部品の含有化学物質調査';
const OUTSIDE_TITLE = '2026年度 梱包材の含有化学物質調査';
const OUTSIDE_EMAIL = 'chosa@kita-shizai.example';

/**
 * The survey service from end to end, as the issue describes it, with the app's mail going to a
 * real SMTP peer: the requester's member asks a supplier on the platform (by company code) and
 * an outside company (by e-mail); the supplier's member reads the mail and drafts the answer,
 * its reviewer approves it and the member sends it; the outside company answers through the
 * link in its own mail; the requester's reviewer accepts, and the dashboard shows it.
 */
describe('survey journey in Chromium through SMTP', () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let browser: Browser;
  let base: string;
  let requester: BuiltTenant;
  let reqMember: BuiltUser;
  let reqReviewer: BuiltUser;
  let supplier: BuiltTenant;
  let supMember: BuiltUser;
  let supReviewer: BuiltUser;
  let listVersionId: string;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    tdb = await openTestDatabase();
    smtp = await startSmtp();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: base, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    await app.listen();

    const suffix = Math.random().toString(36).slice(2, 7).toUpperCase();
    requester = await buildTenant(tdb.db, { name: '日本電機株式会社', code: `NDK-${suffix}`, services: ['survey'] });
    const reqAdmin = await buildUser(tdb.db, requester, { email: 'admin@nihon-denki.example', displayName: '佐藤 健', memberships: [{ service: 'survey', role: 'org_admin' }] });
    reqMember = await buildUser(tdb.db, requester, { email: 'tanaka@nihon-denki.example', displayName: '田中 美咲', memberships: [{ service: 'survey', role: 'org_member' }] });
    reqReviewer = await buildUser(tdb.db, requester, { email: 'kato@nihon-denki.example', displayName: '加藤 誠', memberships: [{ service: 'survey', role: 'org_reviewer' }] });

    supplier = await buildTenant(tdb.db, { name: '東邦樹脂株式会社', code: `THJ-${suffix}`, services: ['survey'] });
    supMember = await buildUser(tdb.db, supplier, { email: 'yamada@toho-jushi.example', displayName: '山田 花子', memberships: [{ service: 'survey', role: 'org_member' }] });
    supReviewer = await buildUser(tdb.db, supplier, { email: 'suzuki@toho-jushi.example', displayName: '鈴木 一郎', memberships: [{ service: 'survey', role: 'org_reviewer' }] });

    // The requester's admin has loaded the RoHS starter list (its own screens have their own journey).
    const admin = new TestClient(app);
    expect((await admin.login(requester.code, reqAdmin.email, reqAdmin.password)).statusCode).toBe(200);
    const loaded = await admin.post('/api/survey/lists/starters/rohs_annex2', {});
    expect(loaded.statusCode, loaded.body).toBe(201);
    listVersionId = (loaded.json() as { version: { id: string } }).version.id;

    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await tdb?.close();
  });

  async function signIn(page: Page, tenant: BuiltTenant, user: BuiltUser): Promise<void> {
    await page.goto(`${base}/login`);
    await page.getByTestId('login-company').fill(tenant.code);
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${base}/`);
  }

  async function checkedPage(name: string): Promise<Page> {
    const page = await newCheckedPage(browser, cspViolations);
    onTestFailed(async () => {
      await page.screenshot({ path: artifactPath(`survey-journey-failure-${name}.png`), fullPage: true });
    });
    return page;
  }

  /** Delivers what is queued and returns the newest mail to `to` whose subject contains `subject`. */
  async function mailTo(to: string, subject: string): Promise<Received> {
    await app.jobs.drain();
    const mail = smtp.received.filter((m) => m.to.includes(to) && m.subject.includes(subject)).at(-1);
    if (!mail) throw new Error(`no mail to ${to} about ${subject}; received: ${smtp.received.map((m) => `${m.to.join(',')} ${m.subject}`).join(' | ')}`);
    return mail;
  }

  function linkIn(mail: Received, path: string): string {
    const match = new RegExp(`${base}/${path}[A-Za-z0-9._/-]+`).exec(mail.text);
    if (!match) throw new Error(`no ${path} link in:\n${mail.text}`);
    return match[0];
  }

  /** Fills the new-request form's common part: title, one item, format, list and deadline. */
  async function fillRequest(page: Page, title: string, item: { number: string; name: string }): Promise<void> {
    await page.getByTestId('request-title').fill(title);
    await page.getByTestId('request-item-number-0').fill(item.number);
    await page.getByTestId('request-item-name-0').fill(item.name);
    await page.getByTestId('request-format').selectOption('chemsherpa_ai');
    await expect.poll(() => page.getByTestId('request-list').isEnabled()).toBe(true);
    await page.getByTestId('request-list').selectOption(listVersionId);
    await page.getByTestId('request-respond-by').fill('2026-12-25');
    await page.getByTestId('request-ref').fill(`REF-${item.number}`);
  }

  async function saveAndSend(page: Page): Promise<string> {
    await page.getByTestId('request-save').click();
    await page.waitForURL(/\/s\/survey\/requests\/[0-9a-f-]{36}$/);
    const url = page.url();
    await expect.poll(() => page.getByTestId('request-notice').isVisible()).toBe(true);
    expect(await page.getByTestId('request-status').innerText()).toBe('下書き');
    await page.getByTestId('request-send').click();
    expect(await page.getByRole('dialog').innerText()).toContain('送信しますか');
    await page.getByTestId('request-send-confirm').click();
    await expect.poll(() => page.getByTestId('request-status').innerText()).toBe('依頼中');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    return url;
  }

  it('a request goes to a platform supplier and an outside company, whose answers the requester accepts', async () => {
    // 1. The requester's member asks the supplier on the platform, found by its company code.
    const member = await checkedPage('requester-member');
    await signIn(member, requester, reqMember);
    await member.goto(`${base}/s/survey`);
    await member.getByTestId('survey-nav-requests').click();
    await member.waitForURL(`${base}/s/survey/requests`);
    await expect.poll(() => member.getByTestId('request-empty').isVisible()).toBe(true);
    await member.getByTestId('request-new').click();
    await member.waitForURL(`${base}/s/survey/requests/new`);
    // The form says what is missing first and keeps what was typed.
    await member.getByTestId('request-title').fill(TENANT_TITLE);
    await member.getByTestId('request-save').click();
    await expect.poll(() => member.getByText('製品を 1 件以上入力してください').first().isVisible()).toBe(true);
    expect(await member.getByTestId('request-title').inputValue()).toBe(TENANT_TITLE);
    await member.getByTestId('request-supplier-code').fill('NO-SUCH-CO');
    await member.getByTestId('request-supplier-lookup').click();
    await expect.poll(() => member.getByText('エラーが発生しました').first().isVisible()).toBe(true);
    expect(await member.getByTestId('request-supplier-found').count()).toBe(0);
    await member.getByTestId('request-supplier-code').fill(supplier.code);
    await member.getByTestId('request-supplier-lookup').click();
    await expect.poll(() => member.getByTestId('request-supplier-found').innerText()).toContain('東邦樹脂株式会社');
    await fillRequest(member, TENANT_TITLE, { number: 'HSG-100', name: '筐体カバー（PP）' });
    await expectNoAxeViolations(member);
    await member.screenshot({ path: artifactPath('survey-request-new-ja.png'), fullPage: true });
    const tenantRequestUrl = await saveAndSend(member);
    expect(await member.getByTestId('request-snapshot-name').innerText()).toContain('RoHS');
    expect(await member.getByTestId('request-supplier').innerText()).toContain('東邦樹脂株式会社');
    await expectNoAxeViolations(member);

    // 2. … and an outside company, by name and e-mail.
    await member.goto(`${base}/s/survey/requests/new`);
    await member.getByTestId('request-supplier-outside').check();
    await member.getByTestId('request-supplier-name').fill('北資材株式会社');
    await member.getByTestId('request-supplier-email').fill(OUTSIDE_EMAIL);
    await fillRequest(member, OUTSIDE_TITLE, { number: 'PKG-7', name: '緩衝材' });
    const outsideRequestUrl = await saveAndSend(member);
    await expect.poll(() => member.getByTestId('request-links').innerText()).toContain(OUTSIDE_EMAIL);

    // 3. The supplier's member reads the mail, opens the request and drafts the answer.
    const received = await mailTo(supMember.email, '化学物質調査の依頼が届きました');
    expect(received.subject).toContain('日本電機株式会社');
    const supplierPage = await checkedPage('supplier-member');
    await signIn(supplierPage, supplier, supMember);
    await supplierPage.goto(linkIn(received, 's/survey/requests/'));
    await expect.poll(() => supplierPage.getByTestId('request-title-heading').innerText()).toBe(TENANT_TITLE);
    expect(await supplierPage.getByTestId('request-requester').innerText()).toBe('日本電機株式会社');
    await supplierPage.getByTestId('response-start').click();
    await supplierPage.waitForURL(/\/s\/survey\/responses\/[0-9a-f-]{36}$/);
    const responseUrl = supplierPage.url();
    await expect.poll(() => supplierPage.getByTestId('response-edit-product-0').isVisible()).toBe(true);
    const product = supplierPage.getByTestId('response-edit-product-0');
    await product.getByTestId('product-substance-add').click();
    await product.getByTestId('product-substance-name').last().fill('ポリプロピレン');
    await product.getByTestId('product-substance-cas').last().fill('9003-07-0');
    await product.getByTestId('product-substance-percent').last().fill('99.95');
    await product.getByTestId('product-substance-add').click();
    await product.getByTestId('product-substance-name').last().fill('鉛');
    await product.getByTestId('product-substance-cas').last().fill('7439-92-1');
    await product.getByTestId('product-substance-percent').last().fill('0.005');
    await supplierPage.getByTestId('response-judge').click();
    await supplierPage.getByTestId('response-contact-name').fill('山田 花子');
    await supplierPage.getByTestId('response-contact-email').fill(supMember.email);
    await supplierPage.getByTestId('response-attach-input').setInputFiles({ name: 'HSG-100_SDS.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% SDS HSG-100\n') });
    await expect.poll(() => supplierPage.getByTestId('response-edit-files').innerText()).toContain('HSG-100_SDS.pdf');
    await expectNoAxeViolations(supplierPage);
    await supplierPage.screenshot({ path: artifactPath('survey-response-editor-ja.png'), fullPage: true });
    await supplierPage.getByTestId('response-submit-review').click();
    await expect.poll(() => supplierPage.getByTestId('response-status').innerText()).toBe('承認待ち');
    // The drafter is told who approves instead of seeing approval buttons.
    expect(await supplierPage.getByTestId('response-awaiting-review').isVisible()).toBe(true);

    // 4. The supplier's reviewer approves it; the member sends it.
    const reviewerPage = await checkedPage('supplier-reviewer');
    await signIn(reviewerPage, supplier, supReviewer);
    await reviewerPage.goto(`${base}/s/survey/incoming`);
    await expect.poll(() => reviewerPage.getByTestId(`request-row-${TENANT_TITLE}`).innerText()).toContain('回答作成中');
    await reviewerPage.goto(responseUrl);
    await expect.poll(() => reviewerPage.getByTestId('response-review-panel').isVisible()).toBe(true);
    expect(await reviewerPage.getByTestId('response-approve').isEnabled()).toBe(true);
    await expectNoAxeViolations(reviewerPage);
    await reviewerPage.getByTestId('response-approve').click();
    await reviewerPage.getByTestId('response-approve-confirm').click();
    await expect.poll(() => reviewerPage.getByTestId('response-status').innerText()).toBe('承認済み');
    expect(await reviewerPage.getByTestId('response-authorizer').innerText()).toContain('鈴木 一郎');

    await supplierPage.reload();
    await expect.poll(() => supplierPage.getByTestId('response-send').isVisible()).toBe(true);
    await supplierPage.getByTestId('response-send').click();
    await supplierPage.getByTestId('response-send-confirm').click();
    await expect.poll(() => supplierPage.getByTestId('response-sent-note').isVisible()).toBe(true);

    // 5. The outside company opens the link from its own mail and answers there.
    const linkMail = await mailTo(OUTSIDE_EMAIL, '含有化学物質調査のご依頼');
    expect(linkMail.subject).toContain('日本電機株式会社');
    const outside = await checkedPage('outside');
    await outside.goto(linkIn(linkMail, 'survey/answer/'));
    await expect.poll(() => outside.getByTestId('outside-summary').innerText()).toContain(OUTSIDE_TITLE);
    expect(await outside.getByTestId('outside-summary').innerText()).toContain('日本電機株式会社');
    const item = outside.locator('[data-testid^="outside-item-"]').first();
    await item.locator('[data-testid^="outside-add-row-"]').click();
    const row = item.locator('[data-testid^="outside-row-"]').first();
    await row.getByLabel('物質名').fill('ポリエチレン');
    await row.getByLabel('CAS').fill('9002-88-4');
    await row.getByLabel('含有率', { exact: false }).fill('100');
    await outside.getByTestId('outside-company').fill('北資材株式会社');
    await outside.getByTestId('outside-contact-name').fill('北 太郎');
    await outside.getByTestId('outside-contact-email').fill(OUTSIDE_EMAIL);
    await expectNoAxeViolations(outside);
    await outside.screenshot({ path: artifactPath('survey-outside-answer-ja.png'), fullPage: true });
    await outside.getByTestId('outside-submit').click();
    await expect.poll(() => outside.getByTestId('outside-done').isVisible()).toBe(true);

    // 6. The requester's reviewer is told, reads both answers and accepts them.
    await mailTo(reqReviewer.email, TENANT_TITLE);
    const reqReviewerPage = await checkedPage('requester-reviewer');
    await signIn(reqReviewerPage, requester, reqReviewer);
    for (const [url, company] of [
      [tenantRequestUrl, '東邦樹脂株式会社'],
      [outsideRequestUrl, '北資材株式会社'],
    ] as const) {
      await reqReviewerPage.goto(url);
      await expect.poll(() => reqReviewerPage.getByTestId('request-status').innerText()).toBe('回答受領');
      await expect.poll(() => reqReviewerPage.getByTestId('received-response-company').first().innerText()).toBe(company);
      await expectNoAxeViolations(reqReviewerPage);
      if (company === '東邦樹脂株式会社') {
        expect(await reqReviewerPage.getByTestId('response-check').first().innerText()).toContain('閾値超えなし');
        expect(await reqReviewerPage.getByTestId('response-files').innerText()).toContain('HSG-100_SDS.pdf');
        await reqReviewerPage.screenshot({ path: artifactPath('survey-request-received-ja.png'), fullPage: true });
      }
      await reqReviewerPage.getByTestId('received-response-accept').first().click();
      await reqReviewerPage.getByTestId('accept-confirm').click();
      await expect.poll(() => reqReviewerPage.getByTestId('request-status').innerText()).toBe('受理済み');
      expect(await reqReviewerPage.getByTestId('request-notice').innerText()).toContain('受理しました');
    }

    // 7. The dashboard shows nothing open any more, and the list shows both accepted.
    await reqReviewerPage.goto(`${base}/s/survey/dashboard`);
    await expect.poll(() => reqReviewerPage.getByTestId('survey-count-outgoingOpen').innerText()).toContain('0');
    expect(await reqReviewerPage.getByTestId('survey-count-awaitingReview').innerText()).toContain('0');
    await expectNoAxeViolations(reqReviewerPage);
    await reqReviewerPage.screenshot({ path: artifactPath('survey-dashboard-ja.png'), fullPage: true });
    await reqReviewerPage.goto(`${base}/s/survey/requests?status=accepted`);
    await expect.poll(() => reqReviewerPage.getByTestId(`request-row-${TENANT_TITLE}`).innerText()).toContain('受理済み');
    expect(await reqReviewerPage.getByTestId(`request-row-${OUTSIDE_TITLE}`).innerText()).toContain('受理済み');
  });

  it('a supplier reviewer cannot approve an answer they drafted, in both languages', async () => {
    // The org admin both drafts and reviews; the server refuses approval of one's own draft.
    const supAdmin = await buildUser(tdb.db, supplier, { email: 'kanri@toho-jushi.example', displayName: '東邦 管理者', memberships: [{ service: 'survey', role: 'org_admin' }] });
    const reqApi = new TestClient(app);
    expect((await reqApi.login(requester.code, reqMember.email, reqMember.password)).statusCode).toBe(200);
    const created = await reqApi.post('/api/survey/requests', {
      title: '追加調査',
      supplier: { kind: 'tenant', code: supplier.code },
      items: [{ productNumber: 'X-1', name: '部品 X' }],
      formatWanted: 'any',
      listVersionId: null,
      respondBy: '2026-12-28',
    });
    expect(created.statusCode, created.body).toBe(201);
    const requestId = (created.json() as { request: { id: string } }).request.id;
    expect((await reqApi.post(`/api/survey/requests/${requestId}/send`, {})).statusCode).toBe(200);

    const page = await checkedPage('supplier-admin');
    await signIn(page, supplier, supAdmin);
    await page.goto(`${base}/s/survey/incoming/${requestId}`);
    await page.getByTestId('response-start').click();
    await page.waitForURL(/\/s\/survey\/responses\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('response-submit-review').isVisible()).toBe(true);
    await page.getByTestId('response-submit-review').click();
    await expect.poll(() => page.getByTestId('response-own-draft').innerText()).toContain('ご自身が作成した回答');
    expect(await page.getByTestId('response-approve').isDisabled()).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('response-own-draft').innerText()).toContain('You drafted this answer');
    expect(await page.getByTestId('response-status').innerText()).toBe('Awaiting approval');
    await page.screenshot({ path: artifactPath('survey-response-own-draft-en.png'), fullPage: true });
  });

  it('raised no Content Security Policy violation on any page', () => {
    expect(cspViolations).toEqual([]);
  });
});
