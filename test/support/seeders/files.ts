import { randomUUID } from 'node:crypto';
import type { Seeder } from '../tenantRows.js';

/** Seeder of the stored-file metadata table (the contents live in the file store). */
export const seeders: Record<string, Seeder> = {
  'platform.files': async (tx, tenantId) => {
    const id = randomUUID();
    await tx.query(
      `INSERT INTO platform.files (tenant_id, id, service, name, content_type, bytes, sha256, storage_key, stored_bytes, key_version, created_at)
       VALUES ($1, $2, 'process', 'seed.txt', 'text/plain', 4, $3, $4, 96, 1, now())`,
      [tenantId, id, 'a'.repeat(64), `tenant/${tenantId}/process/${id}`],
    );
  },
};
