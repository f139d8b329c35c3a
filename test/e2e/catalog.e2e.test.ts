import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { createTestApp, TestClient } from '../support/app.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { startSmtp, type Received } from '../support/smtp.js';
import { artifactPath, ensureWebBuilt, expectNoAxeViolations, launchBrowser, newCheckedPage } from '../support/browser.js';
import { setCatalogPlan } from '../services/catalog/catalogWorld.js';
import { freePort } from '../support/net.js';

const EDITOR_EMAIL = 'yamada@toho-jushi.example';
const EDITOR_PASSWORD = 'Hanako#Sotas2026';
const PRODUCT_NAME = 'ポリプロピレン TH-200';
const SUBJECT = 'TH-200 のサンプル 5 kg のお願い';

/**
 * The catalog service from end to end, as the issue's "done" describes it, with the app's mail
 * going to a real SMTP peer: the publisher's admin invites an editor, who joins through the mail's
 * link and publishes a product with its SDS; a paid subscriber of another company finds it,
 * compares it with another product and sends an inquiry; the publisher is told by mail, answers
 * with an attachment, and the subscriber reads the answer and closes the inquiry.
 */
describe('catalog journey in Chromium through SMTP', () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let browser: Browser;
  let base: string;
  let publisher: BuiltTenant;
  let publisherAdmin: BuiltUser;
  let subscriber: BuiltTenant;
  let buyer: BuiltUser;
  let buyerViewer: BuiltUser;
  let otherProductId: string;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    tdb = await openTestDatabase();
    smtp = await startSmtp();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: base, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    await app.listen();

    publisher = await buildTenant(tdb.db, { name: '東邦樹脂株式会社' });
    await setCatalogPlan(tdb.db, publisher.id, { publisher: true, subscription: 'free' });
    publisherAdmin = await buildUser(tdb.db, publisher, { email: 'suzuki@toho-jushi.example', displayName: '鈴木 一郎', memberships: [{ service: 'catalog', role: 'admin' }] });

    subscriber = await buildTenant(tdb.db, { name: '大和化成株式会社' });
    await setCatalogPlan(tdb.db, subscriber.id, { publisher: false, subscription: 'paid' });
    buyer = await buildUser(tdb.db, subscriber, { email: 'tanaka@yamato-kasei.example', displayName: '田中 美咲', memberships: [{ service: 'catalog', role: 'editor' }] });
    buyerViewer = await buildUser(tdb.db, subscriber, { email: 'kato@yamato-kasei.example', displayName: '加藤 誠', memberships: [{ service: 'catalog', role: 'viewer' }] });

    // The product it is compared with: another publisher's, already published (its screens are
    // the same ones the journey goes through below).
    const rival = await buildTenant(tdb.db, { name: '北陸ポリマー株式会社' });
    await setCatalogPlan(tdb.db, rival.id, { publisher: true, subscription: 'free' });
    const rivalAdmin = await buildUser(tdb.db, rival, { email: 'admin@hokuriku-polymer.example', memberships: [{ service: 'catalog', role: 'admin' }] });
    const api = new TestClient(app);
    expect((await api.login(rival.code, rivalAdmin.email, rivalAdmin.password)).statusCode).toBe(200);
    const profile = await api.request('PUT', '/api/catalog/profile', { displayName: '北陸ポリマー株式会社' });
    expect(profile.statusCode, profile.body).toBe(200);
    const created = await api.post('/api/catalog/products', { name: 'ポリプロピレン HX-10', grade: 'HX-10', category: 'PP', form: 'pellet' });
    expect(created.statusCode, created.body).toBe(201);
    const product = (created.json() as { product: { id: string; version: number } }).product;
    otherProductId = product.id;
    const published = await api.post(`/api/catalog/products/${product.id}/publish`, { version: product.version });
    expect(published.statusCode, published.body).toBe(200);

    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await tdb?.close();
  });

  async function signIn(page: Page, tenant: BuiltTenant, email: string, password: string): Promise<void> {
    await page.goto(`${base}/login`);
    await page.getByTestId('login-company').fill(tenant.code);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${base}/`);
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

  it('a product goes from an invited editor to a paid subscriber, whose inquiry the publisher answers', async () => {
    const admin = await newCheckedPage(browser, cspViolations);
    onTestFailed(async () => {
      await admin.screenshot({ path: artifactPath('catalog-journey-failure-admin.png'), fullPage: true });
    });

    // 1. The publisher's catalog admin names the company as readers will see it.
    await signIn(admin, publisher, publisherAdmin.email, publisherAdmin.password);
    await admin.goto(`${base}/s/catalog/profile`);
    await admin.getByTestId('profile-display-name').fill('東邦樹脂株式会社');
    await admin.getByTestId('profile-save').click();
    await expect.poll(() => admin.getByTestId('profile-saved').isVisible()).toBe(true);

    // 2. … and invites an editor on the members screen; the invitation goes out by SMTP.
    await admin.goto(`${base}/s/catalog`);
    await admin.getByTestId('service-members-link').click();
    await admin.waitForURL(`${base}/members/catalog`);
    await admin.getByTestId('member-invite-open').click();
    await admin.getByTestId('invite-email').fill(EDITOR_EMAIL);
    await admin.getByTestId('invite-role').selectOption('editor');
    await admin.getByTestId('invite-submit').click();
    await expect.poll(() => admin.getByTestId('members-notice').innerText()).toContain(EDITOR_EMAIL);
    const invitation = await mailTo(EDITOR_EMAIL, '招待');

    // 3. The editor follows the mail's link, sets a password and signs in.
    const editor = await newCheckedPage(browser, cspViolations);
    onTestFailed(async () => {
      await editor.screenshot({ path: artifactPath('catalog-journey-failure-editor.png'), fullPage: true });
    });
    await editor.goto(linkIn(invitation, 'invitations/'));
    await expect.poll(() => editor.getByTestId('invitation-summary').isVisible()).toBe(true);
    await editor.getByTestId('invitation-name').fill('山田 花子');
    await editor.getByTestId('invitation-password').fill(EDITOR_PASSWORD);
    await editor.getByTestId('invitation-password-confirm').fill(EDITOR_PASSWORD);
    await editor.getByTestId('invitation-submit').click();
    await expect.poll(() => editor.getByTestId('invitation-done').isVisible()).toBe(true);
    await signIn(editor, publisher, EDITOR_EMAIL, EDITOR_PASSWORD);

    // 4. The editor creates the product on the product screens, attaches its SDS and publishes it.
    await editor.goto(`${base}/s/catalog`);
    await editor.getByTestId('catalog-nav-products').click();
    await editor.waitForURL(`${base}/s/catalog/products`);
    await editor.getByTestId('own-product-new').click();
    await editor.waitForURL(`${base}/s/catalog/products/new`);
    await editor.getByTestId('own-product-name').fill(PRODUCT_NAME);
    await editor.getByTestId('own-product-grade').fill('TH-200');
    await expect.poll(() => editor.getByTestId('own-product-category').isEnabled()).toBe(true);
    await editor.getByTestId('own-product-category').selectOption('PP');
    await editor.getByTestId('own-product-form').selectOption('pellet');
    await expectNoAxeViolations(editor);
    await editor.getByTestId('own-product-save').click();
    await editor.waitForURL(/\/s\/catalog\/products\/[0-9a-f-]{36}$/);
    const productId = editor.url().split('/').pop()!;
    await expect.poll(() => editor.getByTestId('documents-panel').isVisible()).toBe(true);
    await editor.getByTestId('document-kind').selectOption('sds');
    await editor.getByTestId('document-version').fill('1.0');
    await editor.getByTestId('documents-panel').locator('input[type="file"]').setInputFiles({ name: 'TH-200_SDS.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% SDS TH-200\n') });
    await editor.getByTestId('document-upload').click();
    await expect.poll(() => editor.getByTestId('document-uploaded').isVisible()).toBe(true);
    await editor.getByTestId('own-product-publish').click();
    await editor.getByTestId('publish-confirm').click();
    await expect.poll(() => editor.getByTestId('own-product-status').first().innerText()).toBe('公開中');
    await expectNoAxeViolations(editor);
    await editor.screenshot({ path: artifactPath('catalog-product-published-ja.png'), fullPage: true });

    // 5. A paid subscriber of another company finds it and compares it with another product.
    const buyerPage = await newCheckedPage(browser, cspViolations);
    onTestFailed(async () => {
      await buyerPage.screenshot({ path: artifactPath('catalog-journey-failure-buyer.png'), fullPage: true });
    });
    await signIn(buyerPage, subscriber, buyer.email, buyer.password);
    await buyerPage.goto(`${base}/s/catalog`);
    await buyerPage.getByTestId('catalog-nav-search').click();
    await buyerPage.waitForURL(/\/s\/catalog\/search/);
    await buyerPage.getByTestId('search-q').fill('ポリプロピレン');
    await buyerPage.getByTestId('search-submit').click();
    await expect.poll(() => buyerPage.getByTestId(`hit-${productId}`).isVisible()).toBe(true);
    await expect.poll(() => buyerPage.getByTestId(`hit-${otherProductId}`).isVisible()).toBe(true);
    expect(await buyerPage.getByTestId(`hit-${productId}`).innerText()).toContain('東邦樹脂株式会社');
    await expectNoAxeViolations(buyerPage);
    await buyerPage.screenshot({ path: artifactPath('catalog-search-ja.png'), fullPage: true });
    // The choice to compare lives in the URL, so the box shows it once the page has navigated.
    for (const id of [productId, otherProductId]) {
      await buyerPage.getByTestId(`compare-${id}`).click();
      await expect.poll(() => buyerPage.getByTestId(`compare-${id}`).isChecked()).toBe(true);
    }
    await buyerPage.getByTestId('compare-open').click();
    await buyerPage.waitForURL(/\/s\/catalog\/compare\?ids=/);
    await expect.poll(() => buyerPage.getByTestId(`compare-col-${productId}`).isVisible()).toBe(true);
    expect(await buyerPage.getByTestId(`compare-col-${otherProductId}`).innerText()).toContain('HX-10');
    await expectNoAxeViolations(buyerPage);
    await buyerPage.screenshot({ path: artifactPath('catalog-compare-ja.png'), fullPage: true });

    // 6. … opens the product and sends an inquiry; the form says what is missing first.
    await buyerPage.goto(`${base}/s/catalog/p/${productId}`);
    await buyerPage.getByTestId('product-inquire').click();
    await buyerPage.waitForURL(`${base}/s/catalog/inquiries/new?product=${productId}`);
    await expect.poll(() => buyerPage.getByTestId('inquiry-publisher').innerText()).toBe('東邦樹脂株式会社');
    expect(await buyerPage.getByTestId('inquiry-product-title').innerText()).toBe(PRODUCT_NAME);
    await buyerPage.getByTestId('inquiry-subject').fill(SUBJECT);
    await buyerPage.getByTestId('inquiry-submit').click();
    await expect.poll(() => buyerPage.getByText('種別を選んでください。').first().isVisible()).toBe(true);
    await expect.poll(() => buyerPage.getByText('入力してください。').first().isVisible()).toBe(true);
    expect(await buyerPage.getByTestId('inquiry-subject').inputValue()).toBe(SUBJECT);
    await expectNoAxeViolations(buyerPage);
    await buyerPage.screenshot({ path: artifactPath('catalog-inquiry-new-errors-ja.png'), fullPage: true });
    await buyerPage.getByTestId('inquiry-kind-sample').check();
    await buyerPage.getByTestId('inquiry-body').fill('試作評価のため、TH-200 のサンプルを 5 kg いただけますでしょうか。\n納期のご都合もお知らせください。');
    await buyerPage.getByTestId('inquiry-submit').click();
    await buyerPage.waitForURL(/\/s\/catalog\/inquiries\/[0-9a-f-]{36}$/);
    const inquiryUrl = buyerPage.url();
    await expect.poll(() => buyerPage.getByTestId('inquiry-notice').isVisible()).toBe(true);
    expect(await buyerPage.getByTestId('inquiry-message-own').innerText()).toContain('サンプルを 5 kg');
    expect(await buyerPage.getByTestId('inquiry-status').innerText()).toBe('未回答');

    // 7. The publisher's admin and editor are told by mail; the editor opens the thread from it
    //    and answers with an attachment uploaded before sending.
    const received = await mailTo(EDITOR_EMAIL, '問い合わせが届きました');
    expect(received.subject).toContain('大和化成株式会社');
    expect(received.text).toContain(PRODUCT_NAME);
    await mailTo(publisherAdmin.email, '問い合わせが届きました');
    const threadLink = linkIn(received, 's/catalog/inquiries/');
    expect(threadLink).toBe(inquiryUrl);
    await editor.goto(threadLink);
    await expect.poll(() => editor.getByTestId('inquiry-message-other').innerText()).toContain('サンプルを 5 kg');
    expect(await editor.getByTestId('inquiry-counterpart').innerText()).toBe('大和化成株式会社');
    await editor.getByTestId('inquiry-attach-input').setInputFiles({ name: 'TH-200_出荷条件.txt', mimeType: 'text/plain', buffer: Buffer.from('サンプル出荷: 5 kg / 3営業日\n', 'utf8') });
    await expect.poll(() => editor.getByTestId('inquiry-pending-attachments').innerText()).toContain('TH-200_出荷条件.txt');
    await editor.getByTestId('inquiry-reply-body').fill('お問い合わせありがとうございます。5 kg を 3 営業日以内に出荷いたします。出荷条件を添付します。');
    await expectNoAxeViolations(editor);
    await editor.screenshot({ path: artifactPath('catalog-inquiry-reply-ja.png'), fullPage: true });
    await editor.getByTestId('inquiry-reply-submit').click();
    await expect.poll(() => editor.getByTestId('inquiry-message-own').innerText()).toContain('3 営業日以内に出荷');
    await expect.poll(() => editor.getByTestId('inquiry-status').innerText()).toBe('回答済み');

    // The received box lists it for the publisher.
    await editor.goto(`${base}/s/catalog/inquiries?box=received`);
    await expect.poll(() => editor.getByTestId(`inquiry-row-${SUBJECT}`).isVisible()).toBe(true);
    const receivedRow = await editor.getByTestId(`inquiry-row-${SUBJECT}`).innerText();
    expect(receivedRow).toContain('サンプル依頼');
    expect(receivedRow).toContain('大和化成株式会社');
    expect(receivedRow).toContain(PRODUCT_NAME);
    expect(receivedRow).toMatch(/\d{4}\/\d{2}\/\d{2}\([日月火水木金土]\) \d{2}:\d{2}/);
    await expectNoAxeViolations(editor);
    await editor.screenshot({ path: artifactPath('catalog-inquiries-received-ja.png'), fullPage: true });

    // 8. The subscriber is told by mail, sees the answer and its attachment, and closes the inquiry.
    const answered = await mailTo(buyer.email, '返信がありました');
    expect(linkIn(answered, 's/catalog/inquiries/')).toBe(inquiryUrl);
    await buyerPage.goto(`${base}/s/catalog/inquiries`);
    await expect.poll(() => buyerPage.getByTestId(`inquiry-row-${SUBJECT}`).innerText()).toContain('回答済み');
    expect(await buyerPage.getByTestId(`inquiry-row-${SUBJECT}`).innerText()).toContain('東邦樹脂株式会社');
    await expectNoAxeViolations(buyerPage);
    await buyerPage.screenshot({ path: artifactPath('catalog-inquiries-sent-ja.png'), fullPage: true });
    await buyerPage.getByRole('link', { name: SUBJECT }).click();
    await buyerPage.waitForURL(inquiryUrl);
    await expect.poll(() => buyerPage.getByTestId('inquiry-message-other').innerText()).toContain('3 営業日以内に出荷');
    const download = buyerPage.waitForEvent('download');
    await buyerPage.getByTestId('inquiry-attachment-link').click();
    expect((await download).suggestedFilename()).toBe('TH-200_出荷条件.txt');
    await expectNoAxeViolations(buyerPage);
    await buyerPage.screenshot({ path: artifactPath('catalog-inquiry-answered-ja.png'), fullPage: true });
    await buyerPage.getByTestId('inquiry-close').click();
    expect(await buyerPage.getByRole('dialog').innerText()).toContain(`「${SUBJECT}」を完了にしますか？`);
    await buyerPage.getByTestId('inquiry-close-confirm').click();
    await expect.poll(() => buyerPage.getByTestId('inquiry-closed-note').isVisible()).toBe(true);
    expect(await buyerPage.getByTestId('inquiry-status').innerText()).toBe('完了');
    expect(await buyerPage.getByTestId('inquiry-reply-body').count()).toBe(0);
    await expectNoAxeViolations(buyerPage);
  });

  it('a viewer is told that sending inquiries needs the editor role, in both languages', async () => {
    const page = await newCheckedPage(browser, cspViolations);
    await signIn(page, subscriber, buyerViewer.email, buyerViewer.password);
    await page.goto(`${base}/s/catalog/inquiries/new?product=${otherProductId}`);
    await expect.poll(() => page.getByTestId('inquiry-viewer-note').innerText()).toContain('編集権限または管理者');
    expect(await page.getByTestId('inquiry-submit').count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('inquiry-viewer-note').innerText()).toContain('editor or administrator role');
    await page.goto(`${base}/s/catalog/inquiries`);
    await expect.poll(() => page.getByTestId('inquiry-row-' + SUBJECT).innerText()).toContain('Closed');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('catalog-inquiries-viewer-en.png'), fullPage: true });
  });

  it('raised no Content Security Policy violation on any page', () => {
    expect(cspViolations).toEqual([]);
  });
});
