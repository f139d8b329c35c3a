import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/*
 * The process master-data screens as a person uses them: filling the item, workstation and
 * routing forms and saving them. The master-data browser test checks these screens in depth
 * (validation, keyboard, read-only); the journey uses the same steps to set up its data.
 */

export interface ItemOnScreen {
  code: string;
  name: string;
  kind: 'raw' | 'intermediate' | 'product';
  unit: string;
  /** Free labels, each typed and confirmed with Enter. */
  labels?: string[];
}

/** Fills the open item form (new or existing). */
export async function fillItemForm(page: Page, item: ItemOnScreen): Promise<void> {
  await page.getByTestId('item-code').fill(item.code);
  await page.getByTestId('item-name').fill(item.name);
  await page.getByTestId('item-kind').selectOption(item.kind);
  await page.getByTestId('item-unit').fill(item.unit);
  for (const label of item.labels ?? []) {
    await page.getByTestId('labels-tags').fill(label);
    await page.getByTestId('labels-tags').press('Enter');
  }
}

/** Registers an item from the item list and waits until the list shows it. */
export async function createItemOnScreen(page: Page, base: string, item: ItemOnScreen): Promise<void> {
  await page.goto(`${base}/s/process/items`);
  await page.getByTestId('item-new').click();
  await page.waitForURL(`${base}/s/process/items/new`);
  await fillItemForm(page, item);
  await page.getByTestId('item-save').click();
  await page.waitForURL(`${base}/s/process/items`);
  await expect.poll(() => page.getByTestId(`item-row-${item.code}`).isVisible()).toBe(true);
}

const WEEKDAYS_JA = ['月曜日', '火曜日', '水曜日', '木曜日', '金曜日', '土曜日', '日曜日'] as const;

export interface WorkstationOnScreen {
  code: string;
  name: string;
  setupMinutes?: number;
  cleanupMinutes?: number;
  powerKw?: number;
  /**
   * Working every day from 00:00 to 23:59 without holidays (the time inputs stop at 23:59),
   * so that a schedule made "now" is not pushed past a night or a weekend.
   */
  allDay?: boolean;
}

/** Fills the open workstation form (new or existing); the screen speaks Japanese. */
export async function fillWorkstationForm(page: Page, ws: WorkstationOnScreen): Promise<void> {
  await page.getByTestId('workstation-code').fill(ws.code);
  await page.getByTestId('workstation-name').fill(ws.name);
  if (ws.setupMinutes !== undefined) await page.getByTestId('workstation-setupMinutes').fill(String(ws.setupMinutes));
  if (ws.cleanupMinutes !== undefined) await page.getByTestId('workstation-cleanupMinutes').fill(String(ws.cleanupMinutes));
  if (ws.powerKw !== undefined) await page.getByTestId('workstation-powerKw').fill(String(ws.powerKw));
  if (!ws.allDay) return;
  for (const day of WEEKDAYS_JA) {
    // One range per day: extra ranges go, a day without one gets one.
    while ((await page.getByLabel(`${day} 2番目の時間帯を削除`).count()) > 0) await page.getByLabel(`${day} 2番目の時間帯を削除`).click();
    if ((await page.getByLabel(`${day} 1番目の時間帯の開始`).count()) === 0) await page.getByRole('button', { name: `${day}に時間帯を追加` }).click();
    await page.getByLabel(`${day} 1番目の時間帯の開始`).fill('00:00');
    await page.getByLabel(`${day} 1番目の時間帯の終了`).fill('23:59');
  }
  // The switch's input is drawn over by its track; it is set directly.
  await page.getByTestId('workstation-observeHolidays').setChecked(false, { force: true });
}

/** Registers a workstation from the workstation list and waits until the list shows it. */
export async function createWorkstationOnScreen(page: Page, base: string, ws: WorkstationOnScreen): Promise<void> {
  await page.goto(`${base}/s/process/workstations`);
  await page.getByTestId('workstation-new').click();
  await fillWorkstationForm(page, ws);
  await page.getByTestId('workstation-save').click();
  await page.waitForURL(`${base}/s/process/workstations`);
  await expect.poll(() => page.getByTestId(`workstation-row-${ws.code}`).isVisible()).toBe(true);
}

export interface RoutingStepOnScreen {
  name: string;
  /** The workstation as the step's list shows it, e.g. 'EX-01 — 押出機1号'. */
  workstation: string;
  timeBasis?: 'per_unit' | 'per_batch';
  minutes: number;
  batchSize?: number;
  electricity?: number;
}

export interface RoutingOnScreen {
  /** The item as the list shows it, e.g. 'PL-100 — 樹脂ペレット'. */
  item: string;
  code: string;
  name: string;
  steps: RoutingStepOnScreen[];
}

/** Fills the open routing form: its item, code, name and steps in order (steps beyond the first are added). */
export async function fillRoutingForm(page: Page, routing: RoutingOnScreen): Promise<void> {
  await page.getByTestId('routing-item').selectOption({ label: routing.item });
  await page.getByTestId('routing-code').fill(routing.code);
  await page.getByTestId('routing-name').fill(routing.name);
  const steps = page.getByTestId('routing-step');
  for (const [index, step] of routing.steps.entries()) {
    if ((await steps.count()) <= index) await page.getByTestId('routing-add-step').click();
    const row = steps.nth(index);
    await row.getByTestId('routing-step-name').fill(step.name);
    await row.getByTestId('routing-step-workstation').selectOption({ label: step.workstation });
    if (step.timeBasis) await row.getByTestId('routing-step-timeBasis').selectOption(step.timeBasis);
    await row.getByTestId('routing-step-minutes').fill(String(step.minutes));
    if (step.batchSize !== undefined) await row.getByTestId('routing-step-batchSize').fill(String(step.batchSize));
    if (step.electricity !== undefined) await row.getByTestId('routing-step-energy-electricity').fill(String(step.electricity));
  }
}

/** Registers a routing from the routing list and waits until the list shows it. */
export async function createRoutingOnScreen(page: Page, base: string, routing: RoutingOnScreen): Promise<void> {
  await page.goto(`${base}/s/process/routings`);
  await page.getByTestId('routing-new').click();
  await fillRoutingForm(page, routing);
  await page.getByTestId('routing-save').click();
  await page.waitForURL(/\/s\/process\/routings\?itemId=/);
  await expect.poll(() => page.getByTestId(`routing-row-${routing.code}`).isVisible()).toBe(true);
}
