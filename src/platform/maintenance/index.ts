import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../http/index.js';
import { registerMaintenanceBannerRoute } from './bannerRoute.js';
import { sendDueReminders } from './commands/sendReminders.js';
import { registerMaintenanceOpsRoutes } from './opsRoutes.js';

export { sendDueReminders } from './commands/sendReminders.js';
export { scheduleMaintenance } from './commands/scheduleMaintenance.js';
export { noticeInputSchema, type NoticeInput } from './schemas.js';

/** The recurring job that sends the reminder the day before a maintenance. */
export const MAINTENANCE_REMINDER_JOB = 'maintenance.reminders';
/** Every quarter of an hour: a reminder leaves within 15 minutes of the day before the start. */
export const MAINTENANCE_REMINDER_EVERY_MS = 15 * 60_000;

/** Maintenance notices (12.1.2): scheduling, mails, reminders, the in-app banner. */
export async function registerMaintenance(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const { db, clock, registry, config, jobs } = deps;
  registerMaintenanceOpsRoutes(app, { db, clock, registry, leadDays: config.maintenance.leadDays });
  registerMaintenanceBannerRoute(app, { db, clock });
  jobs.register(MAINTENANCE_REMINDER_JOB, async () => {
    await sendDueReminders({ db, clock, registry });
  });
  await jobs.schedule(MAINTENANCE_REMINDER_JOB, MAINTENANCE_REMINDER_EVERY_MS);
}
