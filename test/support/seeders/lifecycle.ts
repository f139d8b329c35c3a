import { randomUUID } from 'node:crypto';
import type { Seeder } from '../tenantRows.js';

/** Seeders of the lifecycle module's tenant tables (the company's exports). */
export const seeders: Record<string, Seeder> = {
  'platform.data_exports': async (tx, tenantId) => {
    await tx.query(
      `INSERT INTO platform.data_exports (tenant_id, id, requested_by, requested_by_name, lang, status, rows_done, rows_total, created_at, finished_at)
       VALUES ($1, $2, $3, 'Seed', 'ja', 'failed', 0, 10, now(), now())`,
      [tenantId, randomUUID(), randomUUID()],
    );
  },
};
