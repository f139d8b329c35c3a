import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { withoutTenant } from '../../core/db/index.js';
import type { ModuleDeps } from '../http/index.js';
import { ProcessProbe } from './measure.js';
import { registerCapacityRoutes } from './routes.js';
import { sampleCapacity, type CapacityDeps } from './sampling.js';

export const CAPACITY_SAMPLE_JOB = 'capacity.sample';
export const CAPACITY_SAMPLE_EVERY_MS = 60_000;

export { CAPACITY_METRICS, CAPACITY_METRIC_IDS, formatCapacityValue, type CapacityMetric } from './thresholds.js';
export { sampleCapacity, type SampleResult } from './sampling.js';

/**
 * Capacity and monitoring (12.1.3, CLD.12.4.5): the dashboard's routes, a sample every
 * minute that checks the thresholds and mails the staff address once per breach, and
 * Prometheus gauges for the database size and each tenant's storage.
 */
export async function registerCapacity(app: FastifyInstance, deps: ModuleDeps): Promise<void> {
  const probe = new ProcessProbe(deps.metrics, deps.clock);
  app.addHook('onClose', async () => probe.close());
  const capacity: CapacityDeps = {
    db: deps.db,
    clock: deps.clock,
    files: deps.files,
    probe,
    dataDir: deps.config.dataDir,
    node: `${os.hostname()}-${process.pid}`,
    alerts: { clock: deps.clock, staffAlertEmail: deps.config.staffAlertEmail, publicUrl: deps.config.http.publicUrl },
  };
  registerCapacityRoutes(app, capacity);
  deps.jobs.register(CAPACITY_SAMPLE_JOB, async () => {
    await sampleCapacity(capacity);
  });
  await deps.jobs.schedule(CAPACITY_SAMPLE_JOB, CAPACITY_SAMPLE_EVERY_MS);

  deps.metrics.gauge('database_size_bytes', 'Size of the database on disk', [], async (set) => {
    const bytes = await withoutTenant(deps.db, async (tx) => (await tx.query<{ bytes: number }>('SELECT pg_database_size(current_database())::float8 AS bytes')).rows[0]?.bytes ?? 0);
    set({}, bytes);
  });
  deps.metrics.gauge('tenant_storage_bytes', 'Storage used per tenant as last measured, by kind (database share, files)', ['tenant', 'kind'], async (set) => {
    const rows = await withoutTenant(
      deps.db,
      async (tx) =>
        (
          await tx.query<{ code: string; dbBytes: number; fileBytes: number | null }>(
            `SELECT t.code, u.db_bytes::float8 AS "dbBytes", u.file_bytes::float8 AS "fileBytes"
               FROM ops.capacity_tenant_usage u JOIN ops.tenants t ON t.id = u.customer_id`,
          )
        ).rows,
    );
    for (const row of rows) {
      set({ tenant: row.code, kind: 'database' }, row.dbBytes);
      if (row.fileBytes !== null) set({ tenant: row.code, kind: 'files' }, row.fileBytes);
    }
  });
}
