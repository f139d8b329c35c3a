import { withoutTenant } from '../../core/db/index.js';
import { raiseAlert, resolveAlert } from '../alerts/index.js';
import { recordOperatorEvent } from '../audit/index.js';
import type { ComplianceContext } from './context.js';
import type { Control } from './controls.js';
import { STATUS_NAMES } from './render.js';
import type { ComplianceReport } from './report.js';
import { runComplianceReport } from './runReport.js';

export const SELF_CHECK_JOB = 'compliance.self_check';
export const SELF_CHECK_EVERY_MS = 24 * 60 * 60_000;

/** The staff alert of one control that is not met; it stays open (one mail) until the control recovers. */
export function complianceAlertKey(controlId: string): string {
  return `compliance:${controlId}`;
}

/**
 * The daily self-check: runs the report, records its outcome in the operator log (counts and
 * the controls not met or needing attention), raises a staff alert for each control not met
 * and resolves the alerts of controls that recovered; all in one transaction.
 */
export async function runSelfCheck(ctx: ComplianceContext, controls?: readonly Control[]): Promise<{ report: ComplianceReport; alertsOpened: number }> {
  const report = await runComplianceReport(ctx, controls);
  const alertsOpened = await withoutTenant(ctx.db, async (tx) => {
    let opened = 0;
    for (const row of report.controls) {
      if (row.status === 'not_met') {
        const raised = await raiseAlert(
          tx,
          { clock: ctx.clock, staffAlertEmail: ctx.config.staffAlertEmail, publicUrl: ctx.config.http.publicUrl },
          {
            key: complianceAlertKey(row.id),
            kind: 'compliance',
            summary: { ja: `コンプライアンス：${row.clause} ${row.title.ja} が${STATUS_NAMES.not_met.ja}`, en: `Compliance: ${row.clause} ${row.title.en} is not met` },
            detail: {
              ja: `${row.reason?.ja ?? ''}\n運用コンソールのコンプライアンス報告書（/ops/compliance）で証跡を確認してください。`,
              en: `${row.reason?.en ?? ''}\nSee the evidence in the compliance report of the operator console (/ops/compliance).`,
            },
          },
        );
        if (raised) opened++;
      } else {
        await resolveAlert(tx, ctx.clock, complianceAlertKey(row.id));
      }
    }
    await recordOperatorEvent(tx, ctx.clock, {}, {
      actor: { type: 'system', name: 'compliance self-check' },
      action: 'ops.compliance.checked',
      result: report.summary.not_met > 0 ? 'failure' : 'success',
      details: {
        summary: report.summary,
        notMet: report.controls.filter((c) => c.status === 'not_met').map((c) => c.id),
        attention: report.controls.filter((c) => c.status === 'attention').map((c) => c.id),
        unknown: report.controls.filter((c) => c.status === 'unknown').map((c) => c.id),
      },
    });
    return opened;
  });
  return { report, alertsOpened };
}
