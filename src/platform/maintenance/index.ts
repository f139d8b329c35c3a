import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../http/index.js';

/** Maintenance notices (12.1.2): scheduling, mails, reminders, the in-app banner. */
export async function registerMaintenance(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  void app;
  void deps;
}
