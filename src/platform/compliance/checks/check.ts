import type { Localized } from '../../../core/i18n.js';
import type { ComplianceContext } from '../context.js';
import type { SharedReads } from '../reads.js';
import { loc, type CheckOutcome } from '../report.js';

/** A control's check: reads the running system, never changes it. */
export type Check = (ctx: ComplianceContext, reads: SharedReads) => Promise<CheckOutcome>;

/** A control shown by tests in CI rather than by the running system: reported as unknown, with where the proof is. */
export function shownByTests(where: string): Check {
  return async () => ({
    status: 'unknown',
    evidence: [{ label: loc('検証方法', 'Shown by'), value: where }],
    reason: loc(
      `稼働中のシステムからは測定できない振る舞いです。CI のテスト（${where}）で確認しています。`,
      `A behaviour the running system cannot measure about itself; the CI tests (${where}) show it.`,
    ),
  });
}

/** A provider process outside the software. */
export function notSoftware(reason: Localized): Check {
  return async () => ({ status: 'not_applicable', evidence: [], reason });
}

export function iso(value: Date | string | null | undefined): string | null {
  if (!value) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
