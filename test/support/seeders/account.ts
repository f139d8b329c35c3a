import { randomUUID } from 'node:crypto';
import type { Seeder } from '../tenantRows.js';

/** Seeders of the account tables (password-reset links). */
export const seeders: Record<string, Seeder> = {
  'platform.password_reset_tokens': async (tx, tenantId) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO platform.users (tenant_id, email, email_normalized, display_name) VALUES ($1, $2, $2, 'Seed') RETURNING id`,
      [tenantId, `seed-${randomUUID().slice(0, 8)}@example.com`],
    );
    await tx.query(
      `INSERT INTO platform.password_reset_tokens (tenant_id, user_id, token_hash, created_at, expires_at)
       VALUES ($1, $2, $3, now(), now() + interval '1 hour')`,
      [tenantId, rows[0]!.id, randomUUID()],
    );
  },
};
