import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../http/index.js';

/** Tenant exports and the purge two months after contract end (CLD.8.1.5). */
export async function registerLifecycle(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  void app;
  void deps;
}

export { purgeDateFor, purgeInstantFor } from './purgeDate.js';
