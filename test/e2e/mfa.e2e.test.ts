import { createHmac } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { artifactPath, ensureWebBuilt, launchBrowser } from '../support/browser.js';
import { freePort } from '../support/net.js';

/** TOTP computed in the test with node:crypto (RFC 6238, SHA-1, 6 digits), not with the product's code. */
function totp(secretBase32: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretBase32.trim()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(step));
  const hs = createHmac('sha1', key).update(message).digest();
  const offset = hs[hs.length - 1]! & 0x0f;
  return String((hs.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const currentStep = () => Math.floor(Date.now() / 30_000);

describe('multi-factor sign-in in Chromium', () => {
  let tdb: TestDatabase;
  let app: App;
  let browser: Browser;
  let base: string;
  let tenant: BuiltTenant;
  let user: BuiltUser;
  let context: BrowserContext;
  let page: Page;
  let secret = '';
  let lastStep = 0;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    tdb = await openTestDatabase();
    const port = await freePort();
    // http://localhost is a secure context, so WebAuthn works without TLS; RP ID = localhost.
    base = `http://localhost:${port}`;
    app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: base } });
    await app.listen();
    tenant = await buildTenant(tdb.db, { name: '東洋樹脂株式会社' });
    user = await buildUser(tdb.db, tenant, { displayName: '鈴木 花子', memberships: [{ service: 'process', role: 'admin' }] });
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'ja-JP' });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await tdb?.close();
  });

  async function signIn(who: BuiltUser): Promise<void> {
    await page.goto(`${base}/login`);
    await page.getByTestId('login-company').fill(tenant.code);
    await page.getByTestId('login-email').fill(who.email);
    await page.getByTestId('login-password').fill(who.password);
    await page.getByTestId('login-submit').click();
  }

  async function signOut(): Promise<void> {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login$/);
  }

  async function axeViolations(): Promise<string[]> {
    const axe = await new AxeBuilder({ page }).analyze();
    return axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }

  const lastLogin = () =>
    tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ details: { method: string } }>(
        `SELECT details FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'auth.login.succeeded' AND actor_id = $2 ORDER BY occurred_at DESC LIMIT 1`,
        [tenant.id, user.id],
      )).rows[0]?.details.method,
    );

  it('sets up an authenticator app from the security page, reading the key off the page', async () => {
    await signIn(user);
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/account/mfa`);
    await expect.poll(() => page.getByRole('heading', { name: 'ログインのセキュリティ' }).isVisible()).toBe(true);
    await page.getByTestId('totp-start').click();
    await expect.poll(() => page.getByTestId('totp-secret').isVisible()).toBe(true);
    expect(await page.getByTestId('totp-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.screenshot({ path: artifactPath('mfa-totp-setup-ja.png'), fullPage: true });

    lastStep = currentStep();
    await page.getByTestId('totp-code').fill(totp(secret, lastStep));
    await page.getByTestId('totp-confirm').click();
    await expect.poll(() => page.getByTestId('recovery-codes').isVisible()).toBe(true);
    const codes = (await page.getByTestId('recovery-codes').innerText()).split('\n').filter((line) => line.trim() !== '');
    expect(codes).toHaveLength(10);
    expect(await page.getByTestId('totp-status').innerText()).toBe('設定済み');
    await page.screenshot({ path: artifactPath('mfa-recovery-codes-ja.png'), fullPage: true });
    await page.getByTestId('recovery-codes-done').click();
    expect(await axeViolations()).toEqual([]);
  });

  it('registers a passkey with the virtual authenticator', async () => {
    await page.getByTestId('passkey-name').fill('テスト用パスキー');
    await page.getByTestId('passkey-add').click();
    await expect.poll(() => page.getByTestId('passkey-added').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('passkey-row').count()).toBe(1);
    expect(await page.getByTestId('passkey-list').innerText()).toContain('テスト用パスキー');
    await page.screenshot({ path: artifactPath('mfa-security-page-ja.png'), fullPage: true });
    expect(await axeViolations()).toEqual([]);
  });

  it('signs out, then signs in with a code computed in the test', async () => {
    await signOut();
    await signIn(user);
    await page.waitForURL(`${base}/login/mfa`);
    await expect.poll(() => page.getByRole('heading', { name: '2段階目の認証' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('mfa-passkey').isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('mfa-challenge-ja.png'), fullPage: true });
    expect(await axeViolations()).toEqual([]);

    // The code of the enrolment's step was used; the next step's code is within the window.
    const step = Math.max(currentStep(), lastStep + 1);
    await page.getByTestId('mfa-code').fill(totp(secret, step));
    await page.getByTestId('mfa-submit').click();
    await page.waitForURL(`${base}/`);
    await expect.poll(() => page.getByTestId('user-menu').isVisible()).toBe(true);
    expect(await lastLogin()).toBe('totp');
  });

  it('signs in with the passkey as the second factor', async () => {
    await signOut();
    await signIn(user);
    await page.waitForURL(`${base}/login/mfa`);
    await page.getByTestId('mfa-passkey').click();
    await page.waitForURL(`${base}/`);
    await expect.poll(() => page.getByTestId('user-menu').isVisible()).toBe(true);
    expect(await lastLogin()).toBe('passkey');
  });

  it('lets the admin require MFA; a user without a factor enrols at sign-in', async () => {
    await page.goto(`${base}/account/mfa`);
    await page.getByTestId('mfa-policy-switch').click();
    await expect.poll(() => page.getByTestId('mfa-required-notice').isVisible()).toBe(true);
    await signOut();

    const newcomer = await buildUser(tdb.db, tenant, { displayName: '田中 一郎', memberships: [{ service: 'process', role: 'member' }] });
    await signIn(newcomer);
    await page.waitForURL(`${base}/login/mfa/enrol`);
    await expect.poll(() => page.getByTestId('enrol-totp').isVisible()).toBe(true);
    expect(await axeViolations()).toEqual([]);
    await page.getByTestId('enrol-totp').click();
    await expect.poll(() => page.getByTestId('totp-secret').isVisible()).toBe(true);
    const newcomerSecret = (await page.getByTestId('totp-secret').innerText()).trim();
    await page.getByTestId('totp-code').fill(totp(newcomerSecret, currentStep()));
    await page.getByTestId('totp-confirm').click();
    await expect.poll(() => page.getByTestId('recovery-codes').isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('mfa-enrol-done-ja.png'), fullPage: true });
    await page.getByTestId('recovery-codes-done').click();
    await page.waitForURL(`${base}/`);
    await expect.poll(() => page.getByTestId('user-menu').innerText()).toContain('田中 一郎');
  });

  it('raised no Content Security Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
