import { randomUUID } from 'node:crypto';
import type { Tx } from '../../../src/core/db/index.js';
import type { Seeder } from '../tenantRows.js';

async function seedUser(tx: Tx, tenantId: string): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO platform.users (tenant_id, email, email_normalized, display_name) VALUES ($1, $2, $2, 'Seed') RETURNING id`,
    [tenantId, `seed-${randomUUID().slice(0, 8)}@example.com`],
  );
  return rows[0]!.id;
}

/** Seeders of the MFA tables and the tenant data keys. */
export const seeders: Record<string, Seeder> = {
  'platform.tenant_keys': async (tx, tenantId) => {
    await tx.query(`INSERT INTO platform.tenant_keys (tenant_id, version, wrapped_key, created_at) VALUES ($1, 1, 'mk1.seed', now())`, [tenantId]);
  },
  'platform.mfa_totp': async (tx, tenantId) => {
    const userId = await seedUser(tx, tenantId);
    await tx.query(`INSERT INTO platform.mfa_totp (tenant_id, user_id, secret_encrypted, created_at) VALUES ($1, $2, 'tk1.1.seed', now())`, [tenantId, userId]);
  },
  'platform.mfa_recovery_codes': async (tx, tenantId) => {
    const userId = await seedUser(tx, tenantId);
    await tx.query(`INSERT INTO platform.mfa_recovery_codes (tenant_id, user_id, code_hash, created_at) VALUES ($1, $2, $3, now())`, [tenantId, userId, randomUUID()]);
  },
  'platform.passkeys': async (tx, tenantId) => {
    const userId = await seedUser(tx, tenantId);
    await tx.query(
      `INSERT INTO platform.passkeys (tenant_id, user_id, credential_id, public_key, name, created_at) VALUES ($1, $2, $3, 'pk', 'Seed key', now())`,
      [tenantId, userId, randomUUID()],
    );
  },
  'platform.mfa_challenges': async (tx, tenantId) => {
    const userId = await seedUser(tx, tenantId);
    await tx.query(
      `INSERT INTO platform.mfa_challenges (tenant_id, user_id, token_hash, enrolment_required, created_at, expires_at)
       VALUES ($1, $2, $3, false, now(), now() + interval '10 minutes')`,
      [tenantId, userId, randomUUID()],
    );
  },
  'platform.webauthn_ceremonies': async (tx, tenantId) => {
    const userId = await seedUser(tx, tenantId);
    await tx.query(
      `INSERT INTO platform.webauthn_ceremonies (tenant_id, user_id, challenge, created_at, expires_at) VALUES ($1, $2, 'seed', now(), now() + interval '5 minutes')`,
      [tenantId, userId],
    );
  },
};
