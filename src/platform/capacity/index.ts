import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../http/index.js';

/** Capacity and monitoring (12.1.3, CLD.12.4.5): dashboard and threshold alerts. */
export async function registerCapacity(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  void app;
  void deps;
}
