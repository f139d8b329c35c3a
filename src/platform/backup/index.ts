import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../http/index.js';

/** Backups every five minutes kept thirty days (12.3.1): schedule, status, restore. */
export async function registerBackups(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  void app;
  void deps;
}
