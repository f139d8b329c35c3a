import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import type { Database } from '../../src/core/db/index.js';
import { issueStaffSetupLink } from '../../src/platform/identity/index.js';
import type { App } from '../../src/app.js';
import { createTestApp } from './app.js';
import { openTestDatabase, type TestDatabase } from './db.js';
import { base32Decode, totpAt } from './totp.js';
import { freePort } from './net.js';

/** Debian's Chromium; the project never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve('test-artifacts');

/** Launches headless Chromium with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Builds the web app once if it is not built yet. */
export function ensureWebBuilt(): void {
  if (existsSync(path.resolve('dist/web/index.html'))) return;
  const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed');
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/**
 * A page in a fresh browser context (its own cookies) that records every Content Security
 * Policy violation the page reports into `violations`.
 */
export async function newCheckedPage(browser: Browser, violations: string[]): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return page;
}

/**
 * Asserts that axe finds no accessibility violation on the page (or inside `include`), each
 * named with its rule, help text and failing nodes. The mouse is moved away first, so axe sees
 * the page at rest rather than the hover colours of whatever was just clicked, and only once
 * every transition has ended.
 */
export async function expectNoAxeViolations(page: Page, options: { include?: string } = {}): Promise<void> {
  await page.mouse.move(0, 0);
  // A dialog fading in or out has colours between two states: wait for every finite
  // transition to end (a spinner's endless animation is left running).
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
  );
  const builder = new AxeBuilder({ page });
  const axe = await (options.include ? builder.include(options.include) : builder).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')})`)).toEqual([]);
}

/**
 * A browser context signed in as the first staff member, made through the one-time setup link
 * (password + TOTP through the API; the cookies are the browser's). Only once per database.
 */
export async function firstStaffContext(browser: Browser, base: string, db: Database): Promise<BrowserContext> {
  const context = await browser.newContext();
  const api = context.request;
  await api.get(`${base}/api/csrf`);
  const csrf = (await context.cookies()).find((c) => c.name === 'sotas_csrf')!.value;
  const headers = { 'x-csrf-token': csrf };
  const link = await issueStaffSetupLink(db, systemClock);
  if (!link.issued) throw new Error('a staff member exists already');
  const email = 'unyou@provider.example';
  const password = 'Sound#Secret42';
  expect((await api.post(`${base}/api/setup/staff`, { data: { token: link.token, email, displayName: '運用 太郎', password }, headers })).status()).toBe(201);
  const step = (await (await api.post(`${base}/api/ops/auth/login`, { data: { email, password }, headers })).json()).secondFactor;
  const mfa = await api.post(`${base}/api/ops/auth/mfa`, { data: { token: step.token, code: totpAt(base32Decode(step.secret), new Date()) }, headers });
  expect(mfa.status()).toBe(204);
  return context;
}


export { freePort };

/** A served app with its own database and a Chromium to drive it. */
export interface BrowserWorld {
  tdb: TestDatabase;
  app: App;
  browser: Browser;
  /** The app's public URL, e.g. http://127.0.0.1:43123. */
  base: string;
  close(): Promise<void>;
}

/**
 * Builds the web app if needed, opens a fresh test database and serves the app on a free
 * loopback port that is also its public URL (links in mails point back to it), then launches
 * Chromium. `env` adds settings, e.g. `{ BACKUP_ENABLED: 'false' }`.
 */
export async function openBrowserWorld(env: Record<string, string> = {}): Promise<BrowserWorld> {
  ensureWebBuilt();
  const tdb = await openTestDatabase();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = await createTestApp(tdb.db, { env: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: base, ...env } });
  await app.listen();
  const browser = await launchBrowser();
  return {
    tdb,
    app,
    browser,
    base,
    async close() {
      await browser.close();
      await app.close();
      await tdb.close();
    },
  };
}

/** Signs a tenant user in through the login screen and waits for the home page. */
export async function signInOnScreen(page: Page, base: string, companyCode: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-company').fill(companyCode);
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${base}/`);
}

/**
 * A page in a fresh browser context (its own cookies; `viewport` e.g. a tablet's), recording
 * Content Security Policy violations into `violations`, signed in as the tenant user.
 */
export async function signedInPage(
  browser: Browser,
  base: string,
  companyCode: string,
  user: { email: string; password: string },
  violations: string[],
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext(options.viewport ? { viewport: options.viewport } : {});
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await signInOnScreen(page, base, companyCode, user);
  return page;
}
