import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../http/index.js';

/** Tenants and contracts in the operator console. */
export function registerContractRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  void app;
  void deps;
}
