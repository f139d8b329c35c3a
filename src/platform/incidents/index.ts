import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../http/index.js';

/** Incidents (16.1.1) and their notification deadlines. */
export async function registerIncidents(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  void app;
  void deps;
}
