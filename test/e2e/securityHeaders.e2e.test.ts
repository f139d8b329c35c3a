import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { systemClock } from '../../src/core/clock.js';
import { STAFF_ROLES } from '../../src/platform/staff/roles.js';
import { openBrowserWorld, signInOnScreen, type BrowserWorld } from '../support/browser.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { buildStaff } from '../support/staff.js';
import { base32Decode, totpAt } from '../support/totp.js';

/*
 * Every main page a tenant user (member of all three services) and a staff member (every role)
 * can reach from the navigation, loaded in Chromium as a user would open it: the page itself
 * must raise no Content Security Policy violation, hold no inline script, load nothing from
 * another origin, and its document must carry the security headers.
 */

/** Where navigation lives on every screen: header, nav landmarks, footer, open menus, the home page's service cards. */
const NAVIGATION_LINKS = 'header a[href], nav a[href], footer a[href], [role="menu"] a[href], [data-testid^="service-card-"] a[href]';
/** Paths that are not pages to look at: the API and the sign-in pages (which would end the session's crawl). */
const NOT_A_PAGE = /^\/(api\/|login$|ops\/login$)/;
/** A bound on the crawl, far above the app's number of main pages, so a link loop cannot run away. */
const MAX_PAGES = 80;

interface Visit {
  path: string;
  finalPath: string;
  headers: Record<string, string>;
  inlineScripts: number;
  foreignRequests: string[];
}

/** Records CSP violations in every page of the context: the DOM event and the console message. */
async function watchViolations(context: BrowserContext, violations: string[]): Promise<void> {
  await context.exposeBinding('reportCspViolation', ({ page }, text: string) => violations.push(`${new URL(page.url()).pathname}: ${text}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  context.on('page', (page) => {
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(`${new URL(page.url()).pathname}: ${m.text()}`);
    });
  });
}

/** The same-origin page paths the navigation of the current page links to. */
async function navigationPaths(page: Page, base: string): Promise<string[]> {
  const hrefs = await page.locator(NAVIGATION_LINKS).evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href).filter(Boolean));
  const paths = new Set<string>();
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin !== base || url.pathname === '') continue;
    if (!NOT_A_PAGE.test(url.pathname)) paths.add(url.pathname + url.search);
  }
  return [...paths];
}

/**
 * Opens `start` and every page linked from the navigation of the pages opened, breadth first.
 * `menus` are buttons whose menus hold navigation links (rendered only while open).
 */
async function crawl(page: Page, base: string, start: string[], menus: string[] = []): Promise<Visit[]> {
  const queue = [...start];
  const seen = new Set(queue);
  const visits: Visit[] = [];
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${base}/`) && !url.startsWith('data:')) foreign.push(url);
  });
  while (queue.length > 0 && visits.length < MAX_PAGES) {
    const path = queue.shift()!;
    foreign.length = 0;
    const response = await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
    expect(response, path).not.toBeNull();
    expect(response!.status(), path).toBe(200);
    await expect.poll(() => page.locator('#root > *').count(), { message: path }).toBeGreaterThan(0);
    const found = await navigationPaths(page, base);
    for (const menu of menus) {
      const button = page.getByTestId(menu);
      if ((await button.count()) === 0) continue;
      await button.click();
      await page.locator('[role="menu"] a[href]').first().waitFor();
      found.push(...(await navigationPaths(page, base)));
      await page.keyboard.press('Escape');
    }
    for (const next of found) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
    visits.push({
      path,
      finalPath: new URL(page.url()).pathname,
      headers: await response!.allHeaders(),
      inlineScripts: await page.locator('script:not([src])').count(),
      foreignRequests: [...foreign],
    });
  }
  return visits;
}

/** The directives of a Content-Security-Policy header, by name. */
function cspDirectives(header: string | undefined): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

/** What every page must be: its document's headers, no inline script, nothing from elsewhere. */
function expectSafePage(visit: Visit): void {
  const what = visit.path;
  const csp = cspDirectives(visit.headers['content-security-policy']);
  expect(csp.get('script-src'), `${what}: script-src`).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'none'"]);
  expect(csp.get('object-src'), `${what}: object-src`).toEqual(["'none'"]);
  expect(csp.get('base-uri'), `${what}: base-uri`).toEqual(["'self'"]);
  expect(visit.headers['x-content-type-options'], `${what}: nosniff`).toBe('nosniff');
  expect(visit.headers['referrer-policy'], `${what}: Referrer-Policy`).toBe('same-origin');
  expect(visit.headers['x-frame-options'], `${what}: X-Frame-Options`).toBe('DENY');
  expect(visit.headers['cross-origin-opener-policy'], `${what}: COOP`).toBe('same-origin');
  expect(visit.headers['x-powered-by'], `${what}: X-Powered-By`).toBeUndefined();
  // The shell is revalidated on every load, so a deployment is picked up at once.
  expect(visit.headers['cache-control'], `${what}: Cache-Control`).toBe('no-cache');
  expect(visit.inlineScripts, `${what}: inline <script> elements`).toBe(0);
  expect(visit.foreignRequests, `${what}: requests to other origins`).toEqual([]);
}

describe('security headers and CSP on every main page, in Chromium', () => {
  // One served app per journey: a crawl loads many pages in a short time from one address,
  // and each journey should start with the rate limit's allowance unspent.
  let world: BrowserWorld | undefined;

  beforeEach(async () => {
    world = await openBrowserWorld({ BACKUP_ENABLED: 'false' });
  });
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  const opened = (): BrowserWorld => {
    if (!world) throw new Error('the app is not served');
    return world;
  };

  it('tenant user in all three services: every page from the navigation is clean', async () => {
    const world = opened();
    const tenant = await buildTenant(world.tdb.db, { name: '東洋樹脂株式会社' });
    const user = await buildUser(world.tdb.db, tenant, {
      displayName: '鈴木 花子',
      memberships: [
        { service: 'process', role: 'admin' },
        { service: 'catalog', role: 'admin' },
        { service: 'survey', role: 'org_admin' },
      ],
    });
    const violations: string[] = [];
    const context = await world.browser.newContext();
    await watchViolations(context, violations);
    const page = await context.newPage();
    await signInOnScreen(page, world.base, tenant.code, user);

    const visits = await crawl(page, world.base, ['/'], ['service-switcher', 'user-menu']);
    const visited = visits.map((v) => v.path);
    // The crawl really went through every service and the account pages.
    for (const expected of ['/', '/s/process', '/s/catalog', '/s/survey', '/account']) expect(visited, expected).toContain(expected);
    expect(visits.length).toBeGreaterThan(8);
    // Still signed in everywhere: no page sent the user back to the sign-in.
    expect(visits.filter((v) => v.finalPath === '/login').map((v) => v.path)).toEqual([]);
    for (const visit of visits) expectSafePage(visit);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('staff member with every role: every console page from the navigation is clean', async () => {
    const world = opened();
    const staff = await buildStaff(world.tdb.db, Object.keys(STAFF_ROLES));
    const violations: string[] = [];
    const context = await world.browser.newContext();
    await watchViolations(context, violations);
    // Password and TOTP enrolment through the API; the session cookie is the browser's.
    const api = context.request;
    await api.get(`${world.base}/api/csrf`);
    const headers = { 'x-csrf-token': (await context.cookies()).find((c) => c.name === 'sotas_csrf')!.value };
    const step = (await (await api.post(`${world.base}/api/ops/auth/login`, { data: staff, headers })).json()).secondFactor as { token: string; secret: string };
    const mfa = await api.post(`${world.base}/api/ops/auth/mfa`, { data: { token: step.token, code: totpAt(base32Decode(step.secret), systemClock.now()) }, headers });
    expect(mfa.status()).toBe(204);
    const page = await context.newPage();

    const visits = await crawl(page, world.base, ['/ops']);
    const visited = visits.map((v) => v.path);
    for (const expected of ['/ops', '/ops/tenants', '/ops/audit', '/ops/staff']) expect(visited, expected).toContain(expected);
    expect(visits.filter((v) => v.finalPath === '/ops/login').map((v) => v.path)).toEqual([]);
    for (const visit of visits) expectSafePage(visit);
    expect(violations).toEqual([]);
    await context.close();
  });
});
