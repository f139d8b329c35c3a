import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../http/index.js';
import { registerOverviewRoutes } from './overviewRoutes.js';
import { registerReportRoutes } from './reportRoutes.js';

export { REPORT_DESCRIPTION_MAX, REPORT_STATUSES, type ReportStatus } from './securityReports.js';
export { REPORTS_PER_MINUTE } from './reportRoutes.js';

/** Security reports (16.1.2): the public form and the staff inbox; and the console overview and alert list. */
export function registerSecurityReports(app: FastifyInstance, deps: ModuleDeps): void {
  registerReportRoutes(app, deps);
  registerOverviewRoutes(app, deps);
}
