import { randomUUID } from 'node:crypto';
import type { Seeder } from '../tenantRows.js';

/** Seeders of the platform's foundation tables. */
export const seeders: Record<string, Seeder> = {
  'platform.users': async (tx, tenantId) => {
    await tx.query(
      `INSERT INTO platform.users (tenant_id, email, email_normalized, display_name) VALUES ($1, $2, $2, 'Seed')`,
      [tenantId, `seed-${randomUUID().slice(0, 8)}@example.com`],
    );
  },
  'platform.memberships': async (tx, tenantId) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO platform.users (tenant_id, email, email_normalized, display_name) VALUES ($1, $2, $2, 'Seed') RETURNING id`,
      [tenantId, `seed-${randomUUID().slice(0, 8)}@example.com`],
    );
    await tx.query(`INSERT INTO platform.memberships (tenant_id, user_id, service, role) VALUES ($1, $2, 'process', 'member')`, [tenantId, rows[0]!.id]);
  },
  'platform.sessions': async (tx, tenantId) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO platform.users (tenant_id, email, email_normalized, display_name) VALUES ($1, $2, $2, 'Seed') RETURNING id`,
      [tenantId, `seed-${randomUUID().slice(0, 8)}@example.com`],
    );
    await tx.query(
      `INSERT INTO platform.sessions (tenant_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 hour')`,
      [tenantId, rows[0]!.id, randomUUID()],
    );
  },
  'audit.tenant_events': async (tx, tenantId) => {
    await tx.query(
      `INSERT INTO audit.tenant_events (tenant_id, occurred_at, actor_type, action, result) VALUES ($1, now(), 'system', 'test.seeded', 'success')`,
      [tenantId],
    );
  },
  'platform.tenant_settings': async (tx, tenantId) => {
    await tx.query('INSERT INTO platform.tenant_settings (tenant_id, mfa_required) VALUES ($1, true)', [tenantId]);
  },
};
