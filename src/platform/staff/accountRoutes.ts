import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../http/index.js';

/** Staff accounts and training records in the operator console. */
export function registerStaffAccountRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  void app;
  void deps;
}
