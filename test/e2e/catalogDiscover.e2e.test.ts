import type { LightMyRequestResponse } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createTestApp, TestClient } from '../support/app.js';
import { artifactPath, ensureWebBuilt, expectNoAxeViolations, launchBrowser, newCheckedPage } from '../support/browser.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { setCatalogPlan } from '../services/catalog/catalogWorld.js';

const PDF = Buffer.from('%PDF-1.4\n% SDS\n%%EOF\n', 'utf8');

function ok<T>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

describe('catalog search, product, comparison and lists screens in Chromium', () => {
  let tdb: TestDatabase;
  let app: App;
  let browser: Browser;
  let base: string;
  let publisher: BuiltTenant;
  let subscriber: BuiltTenant;
  let buyer: BuiltUser;
  let freeTenant: BuiltTenant;
  let freeReader: BuiltUser;
  let unsubscribed: BuiltTenant;
  let unsubscribedUser: BuiltUser;
  const ids = { ppInjection: '', ppFilm: '', pa6: '' };
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1', BACKUP_ENABLED: 'false' } });
    base = (await app.listen()).http;

    publisher = await buildTenant(tdb.db, { name: '東邦樹脂株式会社' });
    await setCatalogPlan(tdb.db, publisher.id, { publisher: true, subscription: 'free' });
    const editor = await buildUser(tdb.db, publisher, { email: 'sato@toho-jushi.example', displayName: '佐藤 健', memberships: [{ service: 'catalog', role: 'editor' }] });
    const admin = await buildUser(tdb.db, publisher, { email: 'ito@toho-jushi.example', displayName: '伊藤 誠', memberships: [{ service: 'catalog', role: 'admin' }] });
    subscriber = await buildTenant(tdb.db, { name: '北陸成形株式会社' });
    await setCatalogPlan(tdb.db, subscriber.id, { publisher: false, subscription: 'paid' });
    buyer = await buildUser(tdb.db, subscriber, { email: 'mori@hokuriku-seikei.example', displayName: '森 由美', memberships: [{ service: 'catalog', role: 'viewer' }] });
    freeTenant = await buildTenant(tdb.db, { name: '山陰化工株式会社' });
    await setCatalogPlan(tdb.db, freeTenant.id, { publisher: false, subscription: 'free' });
    freeReader = await buildUser(tdb.db, freeTenant, { email: 'kato@sanin-kako.example', displayName: '加藤 真一', memberships: [{ service: 'catalog', role: 'viewer' }] });
    unsubscribed = await buildTenant(tdb.db, { name: '九州ポリマー株式会社' });
    await setCatalogPlan(tdb.db, unsubscribed.id, { publisher: true, subscription: 'none' });
    unsubscribedUser = await buildUser(tdb.db, unsubscribed, { email: 'abe@kyushu-polymer.example', displayName: '阿部 光', memberships: [{ service: 'catalog', role: 'admin' }] });

    // The publisher's side goes through the API: its profile, three published products, an SDS.
    const adminClient = new TestClient(app);
    expect((await adminClient.login(publisher.code, admin.email, admin.password)).statusCode).toBeLessThan(300);
    ok(
      await adminClient.request('PUT', '/api/catalog/profile', {
        displayName: '東邦樹脂株式会社',
        description: 'ポリオレフィンとエンジニアリングプラスチックのコンパウンドメーカーです。',
        website: 'https://toho-jushi.example',
        certifications: ['ISO 9001', 'ISO 14001'],
        contacts: [{ name: '佐藤 健', department: '営業部', email: 'sato@toho-jushi.example', topics: 'サンプル・見積' }],
      }),
    );
    const client = new TestClient(app);
    expect((await client.login(publisher.code, editor.email, editor.password)).statusCode).toBeLessThan(300);
    const publish = async (input: Record<string, unknown>): Promise<string> => {
      const draft = ok<{ product: { id: string; version: number } }>(await client.post('/api/catalog/products', input), 201).product;
      ok(await client.post(`/api/catalog/products/${draft.id}/publish`, { version: draft.version }));
      return draft.id;
    };
    ids.ppInjection = await publish({
      name: 'トーホーPP 射出成形グレード',
      grade: 'MA3',
      brand: 'トーホーPP',
      category: 'PP',
      form: 'pellet',
      description: '自動車内装部品向けの高流動ポリプロピレン。',
      applications: ['自動車', '家電'],
      processingMethods: ['injection_molding', '二色成形'],
      regulatoryFlags: ['rohs', 'reach_svhc_free'],
      components: [
        { casNumber: '9003-07-0', name: 'ポリプロピレン', minPct: 95, maxPct: 100 },
        { casNumber: '14807-96-6', name: 'タルク', minPct: 0, maxPct: 5 },
      ],
      properties: [
        { key: 'density', name: '密度', valueMin: 0.9, valueMax: 0.91, unit: 'g/cm3', testMethod: 'ISO 1183' },
        { key: 'mfr', name: 'MFR', valueMin: 11, valueMax: 11, unit: 'g/10min', conditions: '230℃, 2.16kg' },
      ],
    });
    ids.ppFilm = await publish({
      name: 'トーホーPP フィルムグレード',
      grade: 'FL2',
      category: 'PP',
      form: 'pellet',
      description: '食品包装フィルム向けのポリプロピレン。',
      applications: ['包装'],
      regulatoryFlags: ['food_contact', 'rohs'],
      components: [{ casNumber: '9003-07-0', name: 'ポリプロピレン', minPct: 100, maxPct: 100 }],
      properties: [{ key: 'density', name: '密度', valueMin: 0.9, valueMax: 0.9, unit: 'g/cm3' }],
    });
    ids.pa6 = await publish({
      name: 'トーホーナイロン6 ガラス強化',
      grade: 'GF30',
      category: 'PA6',
      form: 'pellet',
      applications: ['自動車'],
      regulatoryFlags: ['rohs'],
      components: [
        { casNumber: '25038-54-4', name: 'ナイロン6', minPct: 65, maxPct: 75 },
        { casNumber: '65997-17-3', name: 'ガラス繊維', minPct: 25, maxPct: 35 },
      ],
    });
    ok(
      await client.request('POST', `/api/catalog/products/${ids.ppInjection}/documents?kind=sds&language=ja&docVersion=2.0&issuedOn=2026-04-01`, PDF, {
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent('SDS_トーホーPP_MA3.pdf'),
      }),
      201,
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
  });

  async function signIn(tenant: BuiltTenant, user: BuiltUser): Promise<Page> {
    const page = await newCheckedPage(browser, cspViolations);
    await page.goto(`${base}/login`);
    await page.getByTestId('login-company').fill(tenant.code);
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${base}/`);
    return page;
  }

  const visible = (page: Page, testId: string) => page.getByTestId(testId).first().isVisible();

  // The subscriber's steps build on each other in one signed-in page.
  let page: Page;

  it('a paid subscriber searches in Japanese, narrows by a facet and looks up a CAS number', async () => {
    page = await signIn(subscriber, buyer);
    await page.goto(`${base}/s/catalog`);
    await page.getByTestId('catalog-nav-search').click();
    await page.waitForURL(`${base}/s/catalog/search`);
    await expect.poll(() => page.getByTestId('search-total').innerText()).toBe('3件');
    expect(await visible(page, 'search-prop-filter')).toBe(true);

    // Hiragana finds the katakana component names and descriptions: the server folds the two.
    await page.getByTestId('search-q').fill('ぽりぷろぴれん');
    await page.getByTestId('search-submit').click();
    await expect.poll(() => page.getByTestId('search-total').innerText()).toBe('2件');
    expect(await page.getByTestId(`hit-${ids.pa6}`).count()).toBe(0);
    expect(await page.getByTestId(`hit-${ids.ppInjection}`).innerText()).toContain('東邦樹脂株式会社');
    expect(page.url()).toContain('q=');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('catalog-discover-search-ja.png'), fullPage: true });

    // 用途 = 包装 leaves the film grade; the facet shows its count and the choice is in the URL.
    expect(await page.getByTestId('facet-application').innerText()).toContain('包装 (1)');
    // The box follows the URL, which the router updates a moment after the click.
    await page.getByTestId('facet-application-包装').click();
    await expect.poll(() => page.getByTestId('search-total').innerText()).toBe('1件');
    expect(await visible(page, `hit-${ids.ppFilm}`)).toBe(true);
    expect(decodeURIComponent(page.url())).toContain('application=包装');
    expect(await page.getByTestId('facet-application-包装').isChecked()).toBe(true);
    await page.getByTestId('facet-application-包装').click();
    await expect.poll(() => page.getByTestId('search-total').innerText()).toBe('2件');

    // CAS lookup: full-width digits are accepted; a wrong check digit is called out.
    await page.getByTestId('cas-number').fill('９００３－０７－０');
    await page.getByTestId('cas-submit').click();
    await expect.poll(() => visible(page, 'cas-valid')).toBe(true);
    expect(await page.getByTestId('cas-result').innerText()).toContain('トーホーPP フィルムグレード');
    await page.getByTestId('cas-number').fill('9003-07-1');
    await page.getByTestId('cas-submit').click();
    await expect.poll(() => visible(page, 'cas-invalid')).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByTestId('cas-close').click();
    await expect.poll(() => page.getByTestId('cas-result').count()).toBe(0);
  });

  it('opens a product with its properties and documents, then compares two products', async () => {
    await page.getByTestId(`hit-link-${ids.ppInjection}`).click();
    await page.waitForURL(`${base}/s/catalog/p/${ids.ppInjection}`);
    await expect.poll(() => page.getByTestId('catalog-product-name').innerText()).toBe('トーホーPP 射出成形グレード');
    expect(await page.getByTestId('product-basics').innerText()).toContain('射出成形、二色成形');
    expect(await page.getByTestId('product-composition').innerText()).toContain('14807-96-6');
    expect(await page.getByTestId('product-properties').innerText()).toContain('ISO 1183');
    expect(await page.getByTestId('product-documents').innerText()).toContain('SDS_トーホーPP_MA3.pdf');
    expect(await page.getByTestId('product-paid-note').count()).toBe(0);
    expect(await page.getByTestId('product-inquire').getAttribute('href')).toBe(`/s/catalog/inquiries/new?product=${ids.ppInjection}`);
    // A product page belongs to the search tab.
    expect(await page.getByTestId('catalog-nav-search').getAttribute('aria-current')).toBe('page');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('catalog-discover-product-ja.png'), fullPage: true });

    await page.goBack();
    await page.waitForURL(/\/s\/catalog\/search\?/);
    await page.getByTestId(`compare-${ids.ppInjection}`).click();
    await expect.poll(() => page.getByTestId(`compare-${ids.ppInjection}`).isChecked()).toBe(true);
    await page.getByTestId(`compare-${ids.ppFilm}`).click();
    await expect.poll(() => page.getByTestId('compare-tray').innerText()).toContain('2 / 5');
    await page.getByTestId('compare-open').click();
    await page.waitForURL(/\/s\/catalog\/compare\?ids=/);
    await expect.poll(() => visible(page, 'compare-table')).toBe(true);
    expect(await page.getByTestId('catalog-nav-search').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('catalog-nav-lists').getAttribute('aria-current')).toBeNull();
    expect(await visible(page, `compare-col-${ids.ppInjection}`)).toBe(true);
    expect(await visible(page, `compare-col-${ids.ppFilm}`)).toBe(true);
    expect(await page.getByTestId('compare-prop-density').innerText()).toContain('0.9');
    expect(await page.getByTestId('compare-table').innerText()).toContain('食品接触対応');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('catalog-discover-compare-ja.png'), fullPage: true });

    // Taking one out leaves too few to compare, with the way back to the search.
    await page.getByTestId(`compare-remove-${ids.ppFilm}`).click();
    await expect.poll(() => visible(page, 'compare-too-few')).toBe(true);
  });

  it('adds a product to 検討中 with a note, and opens its publisher', async () => {
    await page.goto(`${base}/s/catalog/p/${ids.ppFilm}`);
    await expect.poll(() => page.getByTestId('catalog-product-name').innerText()).toBe('トーホーPP フィルムグレード');
    const toggle = page.getByTestId(`list-toggle-watching-${ids.ppFilm}`);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');

    await page.getByTestId('catalog-nav-lists').click();
    await page.waitForURL(`${base}/s/catalog/lists/in_use`);
    await expect.poll(() => visible(page, 'lists-empty')).toBe(true);
    await page.getByTestId('lists-tab-watching').click();
    await page.waitForURL(`${base}/s/catalog/lists/watching`);
    await expect.poll(() => visible(page, `list-entry-${ids.ppFilm}`)).toBe(true);
    await page.getByTestId(`list-note-${ids.ppFilm}`).fill('2027年度から包装ラインで評価');
    await page.getByTestId(`list-note-save-${ids.ppFilm}`).click();
    await expect.poll(() => page.getByText('メモを保存しました。').isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByTestId(`list-note-${ids.ppFilm}`).inputValue()).toBe('2027年度から包装ラインで評価');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('catalog-discover-lists-ja.png'), fullPage: true });

    await page.getByTestId(`list-entry-${ids.ppFilm}`).getByRole('link', { name: '東邦樹脂株式会社' }).click();
    await page.waitForURL(`${base}/s/catalog/publishers/${publisher.id}`);
    await expect.poll(() => page.getByTestId('publisher-name').innerText()).toBe('東邦樹脂株式会社');
    expect(await page.getByTestId('publisher-contacts').innerText()).toContain('sato@toho-jushi.example');
    await expect.poll(() => page.getByTestId('search-results').locator('tbody tr').count()).toBe(3);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('catalog-discover-publisher-ja.png'), fullPage: true });
    expect(cspViolations).toEqual([]);
  });

  it('a free reader is told what the paid plan adds instead of meeting empty tables; a tenant without a subscription is told so', async () => {
    const free = await signIn(freeTenant, freeReader);
    await free.goto(`${base}/s/catalog/p/${ids.ppInjection}`);
    await expect.poll(() => free.getByTestId('catalog-product-name').innerText()).toBe('トーホーPP 射出成形グレード');
    expect(await free.getByTestId('product-paid-note').innerText()).toContain('有料プラン');
    expect(await free.getByTestId('product-paid-note').innerText()).toContain('SDS');
    expect(await free.getByTestId('product-properties').count()).toBe(0);
    expect(await free.getByTestId('product-documents').count()).toBe(0);
    expect(await free.getByTestId('product-composition').innerText()).toContain('9003-07-0');
    await expectNoAxeViolations(free);
    await free.screenshot({ path: artifactPath('catalog-discover-product-free-ja.png'), fullPage: true });

    await free.goto(`${base}/s/catalog/search`);
    await expect.poll(() => free.getByTestId('search-total').innerText()).toBe('3件');
    expect(await free.getByTestId('search-prop-paid-note').innerText()).toContain('物性値での絞り込みは有料プラン');
    expect(await free.getByTestId('search-prop-filter').count()).toBe(0);

    await free.goto(`${base}/s/catalog/publishers/${publisher.id}`);
    await expect.poll(() => free.getByTestId('publisher-paid-note').isVisible()).toBe(true);
    expect(await free.getByTestId('publisher-contacts').count()).toBe(0);
    await free.context().close();

    const none = await signIn(unsubscribed, unsubscribedUser);
    await none.goto(`${base}/s/catalog/search`);
    await expect.poll(() => none.getByTestId('discover-no-subscription').innerText()).toContain('購読契約がありません');
    await expectNoAxeViolations(none);
    await none.context().close();
    expect(cspViolations).toEqual([]);
  });
});
