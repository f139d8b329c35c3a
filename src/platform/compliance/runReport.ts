import type { ComplianceContext } from './context.js';
import { CONTROLS, type Control } from './controls.js';
import { sharedReads } from './reads.js';
import { loc, summarise, type ComplianceReport, type ControlRow } from './report.js';

/**
 * Runs every control's check against the running system and returns the report. A check
 * that fails to run reports `unknown` with the error, never `met`; checks run one after
 * another so the report never holds more than one database connection.
 */
export async function runComplianceReport(ctx: ComplianceContext, controls: readonly Control[] = CONTROLS): Promise<ComplianceReport> {
  const reads = sharedReads(ctx);
  const rows: ControlRow[] = [];
  for (const control of controls) {
    const head = { id: control.id, clause: control.clause, section: control.section, title: control.title };
    try {
      const outcome = await control.check(ctx, reads);
      rows.push({ ...head, ...outcome, checkedAt: ctx.clock.now().toISOString() });
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 300) ?? '';
      rows.push({
        ...head,
        status: 'unknown',
        evidence: [],
        reason: loc(`確認の実行に失敗しました：${message}`, `The check failed to run: ${message}`),
        checkedAt: ctx.clock.now().toISOString(),
      });
    }
  }
  return {
    generatedAt: ctx.clock.now().toISOString(),
    deployment: { env: ctx.config.env, database: ctx.db.kind, fileStore: ctx.config.files.kind, publicUrl: ctx.config.http.publicUrl },
    summary: summarise(rows),
    controls: rows,
  };
}
