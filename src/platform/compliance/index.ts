import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { readClockSync } from '../../core/clockSync.js';
import { auditKeysDir, readTrustedKeys } from '../audit/index.js';
import type { ModuleDeps } from '../http/index.js';
import type { ComplianceContext } from './context.js';
import { registerComplianceRoutes } from './routes.js';
import { runSelfCheck, SELF_CHECK_EVERY_MS, SELF_CHECK_JOB } from './selfCheck.js';

export { CONTROL_STATUSES, type ComplianceReport, type ControlRow, type ControlStatus, type Evidence } from './report.js';
export type { ComplianceContext, ProbeResponse } from './context.js';
export { CONTROLS, type Control } from './controls.js';
export { runComplianceReport } from './runReport.js';
export { renderReport, REPORT_FORMATS, type ReportFormat } from './render.js';
export { complianceAlertKey, runSelfCheck, SELF_CHECK_EVERY_MS, SELF_CHECK_JOB } from './selfCheck.js';
export { COMPLIANCE_PERMISSION } from './routes.js';
export { PASSWORD_PATHS, passwordProbes } from './passwordPaths.js';
export { BACKUP_ATTENTION_SECONDS, BACKUP_NOT_MET_SECONDS } from './checks/operations.js';

/** The project root (package.json), from src/platform/compliance or dist/platform/compliance alike. */
const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The report's view of a running app: its config and database, and requests to its own public listener. */
export function complianceContext(app: FastifyInstance, deps: Pick<ModuleDeps, 'config' | 'db' | 'clock' | 'registry'>, overrides: Partial<ComplianceContext> = {}): ComplianceContext {
  return {
    config: deps.config,
    db: deps.db,
    clock: deps.clock,
    registry: deps.registry,
    probe: async (url) => {
      const res = await app.inject({ method: 'GET', url });
      return { statusCode: res.statusCode, headers: res.headers };
    },
    bodyLimit: app.initialConfig.bodyLimit ?? 1_048_576,
    readClockSync: () => readClockSync({ clock: deps.clock }),
    auditKeys: () => readTrustedKeys(auditKeysDir(deps.config)),
    projectRoot: PROJECT_ROOT,
    ...overrides,
  };
}

/** The compliance report (18.2.1): every control of the white paper with live evidence, its console page, CLI and daily self-check. */
export async function registerCompliance(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const context = () => complianceContext(app, deps);
  registerComplianceRoutes(app, context);
  deps.jobs.register(SELF_CHECK_JOB, async ({ logger }) => {
    const { report, alertsOpened } = await runSelfCheck(context());
    logger.info({ summary: report.summary, alertsOpened }, 'compliance self-check done');
  });
  await deps.jobs.schedule(SELF_CHECK_JOB, SELF_CHECK_EVERY_MS);
}
