import { randomUUID } from 'node:crypto';
import type { Tx } from '../../../src/core/db/index.js';
import type { Seeder } from '../tenantRows.js';

async function seedUser(tx: Tx, tenantId: string): Promise<string> {
  const email = `seed-${randomUUID().slice(0, 8)}@example.com`;
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO platform.users (tenant_id, email, email_normalized, display_name) VALUES ($1, $2, $2, 'Seed') RETURNING id`,
    [tenantId, email],
  );
  return rows[0]!.id;
}

/** Seeders of the member-management tables (invitations, first sign-in links, temporary passwords). */
export const seeders: Record<string, Seeder> = {
  'platform.invitations': async (tx, tenantId) => {
    const email = `invitee-${randomUUID().slice(0, 8)}@example.com`;
    await tx.query(
      `INSERT INTO platform.invitations (tenant_id, service, email, email_normalized, role, token_hash, expires_at, invited_by_name, created_at, last_sent_at)
       VALUES ($1, 'catalog', $2, $2, 'viewer', $3, now() + interval '7 days', 'Seed', now(), now())`,
      [tenantId, email, randomUUID()],
    );
  },
  'platform.first_login_links': async (tx, tenantId) => {
    const userId = await seedUser(tx, tenantId);
    await tx.query(
      `INSERT INTO platform.first_login_links (tenant_id, user_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, now() + interval '3 days', now())`,
      [tenantId, userId, randomUUID()],
    );
  },
  'platform.temporary_passwords': async (tx, tenantId) => {
    const userId = await seedUser(tx, tenantId);
    await tx.query(
      `INSERT INTO platform.temporary_passwords (tenant_id, user_id, issued_at, expires_at) VALUES ($1, $2, now(), now() + interval '3 days')`,
      [tenantId, userId],
    );
  },
};
