import type { Clock } from '../../../core/clock.js';
import type { Tx } from '../../../core/db/index.js';
import type { Composition } from '../shared/composition.js';

export type Outcome = 'compliant' | 'above_threshold' | 'exempted' | 'no_data';

/** A list entry as the engine reads it. */
export interface EngineEntry {
  name: string;
  cas: string | null;
  internalId: string | null;
  thresholdPercent: number;
  basis: 'material' | 'article';
}

export interface Finding {
  entryName: string;
  cas: string | null;
  internalId: string | null;
  thresholdPercent: number;
  basis: 'material' | 'article';
  concentrationPercent: number;
  massG: number | null;
  path: string[];
  aboveThreshold: boolean;
  exemption: string | null;
}

export interface RecheckSummary {
  checked: number;
  changed: number;
  aboveThreshold: number;
}

/** Checks one composition against a list's entries. (Placeholder until the engine lands.) */
export function checkComposition(_input: { composition: Composition; productMassG: number | null }, _entries: readonly EngineEntry[]): { outcome: Outcome; findings: Finding[] } {
  return { outcome: 'no_data', findings: [] };
}

/** Re-checks every product (and received response) of the tenant against a list version. (Placeholder.) */
export async function recheckVersion(_tx: Tx, _tenantId: string, _versionId: string, _clock: Clock): Promise<RecheckSummary> {
  return { checked: 0, changed: 0, aboveThreshold: 0 };
}
