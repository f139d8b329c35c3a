import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../http/index.js';

/** Security reports (16.1.2): the public form and the staff inbox. */
export function registerSecurityReports(app: FastifyInstance, deps: ModuleDeps): void {
  void app;
  void deps;
}
