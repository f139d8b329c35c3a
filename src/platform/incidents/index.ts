import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../http/index.js';
import { checkNotificationDeadlines, DEADLINE_CHECK_EVERY_MS, DEADLINE_CHECK_JOB } from './deadlineAlerts.js';
import { registerIncidentRoutes } from './routes.js';

export {
  BUSINESS_HOURS,
  DEADLINE_ALERT_LEAD_MS,
  isBusinessDay,
  isBusinessTime,
  nextBusinessWindowStart,
  notificationDeadline,
  NOTIFY_WITHIN_MS,
  notificationStatus,
  timeLeft,
  type NotificationStatus,
} from './deadline.js';
export { checkNotificationDeadlines, deadlineAlertKey, DEADLINE_CHECK_EVERY_MS, DEADLINE_CHECK_JOB } from './deadlineAlerts.js';
export { SEVERITIES, type Severity } from './labels.js';
export { incidentRecordsPurger } from './retention.js';

/**
 * Incidents (16.1.1) and their notification deadlines: the console API, and a check every
 * five minutes that alerts staff to a first notice due within the hour or overdue.
 */
export async function registerIncidents(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  registerIncidentRoutes(app, deps);
  deps.jobs.register(DEADLINE_CHECK_JOB, async () => {
    await checkNotificationDeadlines({
      db: deps.db,
      clock: deps.clock,
      staffAlertEmail: deps.config.staffAlertEmail,
      publicUrl: deps.config.http.publicUrl,
    });
  });
  await deps.jobs.schedule(DEADLINE_CHECK_JOB, DEADLINE_CHECK_EVERY_MS);
}
