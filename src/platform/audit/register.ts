import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../http/index.js';
import type { JobRunner } from '../jobs/index.js';
import { sealAllCheckpoints } from './checkpoints.js';
import { registerOpsAuditRoutes } from './opsRoutes.js';
import { runRetention, type RetentionPurger } from './retention.js';
import { auditKeysDir, deploymentSigner, readTrustedKeys } from './signingKey.js';
import { registerTenantAuditRoutes } from './tenantRoutes.js';

export const CHECKPOINT_JOB = 'audit.checkpoint';
/** Checkpoints are sealed hourly: a tail cut off after the last one is what the chain head still records. */
export const CHECKPOINT_EVERY_MS = 60 * 60_000;
export const RETENTION_JOB = 'audit.retention';
export const RETENTION_EVERY_MS = 24 * 60 * 60_000;

/**
 * Wires the audit module into the app: the tenant admins' event log, the operator
 * console's audit screens, and the hourly checkpoint and daily retention jobs. Kept out of
 * the module's index because every platform module imports that index to write events.
 */
export async function registerAudit(http: FastifyInstance, jobs: JobRunner, deps: ServerDeps, options: { purgers?: readonly RetentionPurger[] } = {}): Promise<void> {
  const signer = deploymentSigner(deps.config);
  const keysDir = auditKeysDir(deps.config);
  registerTenantAuditRoutes(http, deps);
  registerOpsAuditRoutes(http, { ...deps, keys: () => readTrustedKeys(keysDir) });
  jobs.register(CHECKPOINT_JOB, async () => {
    await sealAllCheckpoints(deps.db, deps.clock, signer());
  });
  await jobs.schedule(CHECKPOINT_JOB, CHECKPOINT_EVERY_MS);
  jobs.register(RETENTION_JOB, async () => {
    await runRetention(deps.db, deps.clock, signer(), options.purgers ?? []);
  });
  await jobs.schedule(RETENTION_JOB, RETENTION_EVERY_MS);
}
