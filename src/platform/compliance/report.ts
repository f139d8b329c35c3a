import type { Localized } from '../../core/i18n.js';

/** How a control stands. `unknown`: it could not be measured (the reason says why); never shown as met. */
export const CONTROL_STATUSES = ['met', 'attention', 'not_met', 'not_applicable', 'unknown'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** One piece of evidence read from the running system. */
export interface Evidence {
  label: Localized;
  /** Language-neutral value (numbers, ISO times, names); a Localized value where words are needed. */
  value: string | Localized;
}

/** What a check found. */
export interface CheckOutcome {
  status: ControlStatus;
  evidence: Evidence[];
  /** Why the control is not met, needs attention or could not be measured; absent when met. */
  reason?: Localized;
}

/** One row of the report: a control of requirements.md and what was found. */
export interface ControlRow extends CheckOutcome {
  /** Stable id (used by alerts and tests), e.g. `backup`, `rls`. */
  id: string;
  /** The clause as the white paper numbers it, e.g. `12.3.1`. */
  clause: string;
  section: Localized;
  title: Localized;
  checkedAt: string;
}

export interface ComplianceReport {
  generatedAt: string;
  deployment: { env: string; database: string; fileStore: string; publicUrl: string };
  summary: Record<ControlStatus, number>;
  controls: ControlRow[];
}

export function summarise(rows: readonly ControlRow[]): Record<ControlStatus, number> {
  const summary = { met: 0, attention: 0, not_met: 0, not_applicable: 0, unknown: 0 } satisfies Record<ControlStatus, number>;
  for (const row of rows) summary[row.status]++;
  return summary;
}

/** Evidence with the same words in both languages apart from the label. */
export function ev(ja: string, en: string, value: string | number | boolean | Localized | null): Evidence {
  const text = value === null ? '—' : typeof value === 'object' ? value : String(value);
  return { label: { ja, en }, value: text };
}

export function loc(ja: string, en: string): Localized {
  return { ja, en };
}

/** The worse of two statuses (not_met > unknown > attention > met > not_applicable). */
export function worst(...statuses: ControlStatus[]): ControlStatus {
  const rank: Record<ControlStatus, number> = { not_applicable: 0, met: 1, attention: 2, unknown: 3, not_met: 4 };
  return statuses.reduce((a, b) => (rank[b] > rank[a] ? b : a), 'not_applicable' as ControlStatus);
}
