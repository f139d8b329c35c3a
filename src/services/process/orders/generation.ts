/**
 * What an order needs, computed from its routing and formula (pure functions).
 *
 * Operation times: per_unit → standardMinutes × quantity; per_batch → ceil(quantity / batchSize)
 * × standardMinutes; setup and cleanup minutes come from the workstation. Planned energy per
 * type = energyPerUnit × quantity. Material requirement of a formula line = line quantity ×
 * order quantity / base quantity / (yield / 100) / (1 − scrap / 100).
 */

/** Rounds to 6 decimals (numeric columns keep them; floating noise goes). */
export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export interface StepInput {
  timeBasis: 'per_unit' | 'per_batch';
  standardMinutes: number;
  batchSize: number;
  energyPerUnit: Readonly<Record<string, number>>;
}

export function runMinutes(step: StepInput, quantity: number): number {
  if (step.timeBasis === 'per_batch') return round6(Math.ceil(round6(quantity / step.batchSize)) * step.standardMinutes);
  return round6(step.standardMinutes * quantity);
}

export function plannedEnergy(step: StepInput, quantity: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [type, perUnit] of Object.entries(step.energyPerUnit)) {
    if (typeof perUnit === 'number' && Number.isFinite(perUnit)) out[type] = round6(perUnit * quantity);
  }
  return out;
}

export interface FormulaInput {
  baseQuantity: number;
  yieldPct: number;
  lines: readonly { componentItemId: string; quantity: number; scrapPct: number }[];
}

/** Required quantity per component item (lines of one item added up). */
export function materialRequirements(formula: FormulaInput, orderQuantity: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of formula.lines) {
    const required = (line.quantity * orderQuantity) / formula.baseQuantity / (formula.yieldPct / 100) / (1 - line.scrapPct / 100);
    out.set(line.componentItemId, (out.get(line.componentItemId) ?? 0) + required);
  }
  for (const [k, v] of out) out.set(k, round6(v));
  return out;
}
