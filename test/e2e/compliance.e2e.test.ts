import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, expectNoAxeViolations, firstStaffContext, openBrowserWorld, type BrowserWorld } from '../support/browser.js';
import { buildTenant } from '../support/factories.js';

/** Screens load lazily and the machine is shared: give each wait some room. */
const WAIT = { timeout: 30_000 };

describe('the compliance report in Chromium', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await openBrowserWorld({ BACKUP_ENABLED: 'false' });
    await buildTenant(world.tdb.db, { name: '東洋樹脂株式会社' });
  });
  afterAll(async () => world?.close());

  it('shows a security officer every control with its status and evidence, and prints', { timeout: 180_000 }, async () => {
    const context = await firstStaffContext(world.browser, world.base, world.tdb.db);
    const page = await context.newPage();
    await page.goto(`${world.base}/ops/compliance`);
    await expect.poll(() => page.getByRole('heading', { name: 'コンプライアンス報告書', level: 1 }).isVisible(), WAIT).toBe(true);
    expect(await page.locator('[data-testid^="control-"]').count()).toBe(42);
    expect(await page.getByTestId('control-rls').getAttribute('data-status')).toBe('met');
    expect(await page.getByTestId('control-training').getAttribute('data-status')).toBe('not_applicable');
    await page.getByTestId('control-rls').getByRole('button').click();
    await expect.poll(() => page.getByText(/RLS 有効かつ強制/).isVisible(), WAIT).toBe(true);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: artifactPath('compliance-ja.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('compliance-rerun').isVisible()).toBe(false);
    await page.screenshot({ path: artifactPath('compliance-print.png'), fullPage: true });
    await context.close();
  });
});
