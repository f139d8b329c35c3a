import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/core/db/index.js';
import { hashPassword } from '../../src/platform/identity/index.js';
import { normalizeEmail } from '../../src/platform/tenancy/index.js';
import type { ServiceId } from '../../src/platform/services/index.js';

export interface BuiltTenant {
  id: string;
  code: string;
  name: string;
}

/** A tenant with contracts (all three services from 2020 on unless told otherwise). */
export async function buildTenant(
  db: Database,
  overrides: { code?: string; name?: string; services?: ServiceId[]; status?: string } = {},
): Promise<BuiltTenant> {
  const code = overrides.code ?? `T${randomUUID().slice(0, 8).toUpperCase()}`;
  const name = overrides.name ?? `テスト株式会社 ${code}`;
  return db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO ops.tenants (code, name, representative_email, contact_email, status)
       VALUES ($1, $2, $3, $3, $4) RETURNING id`,
      [code, name, `rep@${code.toLowerCase()}.example`, overrides.status ?? 'active'],
    );
    const id = rows[0]!.id;
    for (const service of overrides.services ?? ['process', 'catalog', 'survey']) {
      await tx.query(`INSERT INTO ops.contracts (customer_id, service, starts_on) VALUES ($1, $2, '2020-01-01')`, [id, service]);
    }
    return { id, code, name };
  });
}

export interface BuiltUser {
  id: string;
  tenantId: string;
  email: string;
  password: string;
}

const hashCache = new Map<string, Promise<string>>();

/** A user of the tenant with a password and memberships (process admin by default). */
export async function buildUser(
  db: Database,
  tenant: { id: string },
  overrides: { email?: string; password?: string; displayName?: string; status?: string; memberships?: { service: ServiceId; role: string }[] } = {},
): Promise<BuiltUser> {
  const email = overrides.email ?? `user-${randomUUID().slice(0, 8)}@example.com`;
  const password = overrides.password ?? 'Valid#Pass123';
  if (!hashCache.has(password)) hashCache.set(password, hashPassword(password));
  const passwordHash = await hashCache.get(password)!;
  return db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO platform.users (tenant_id, email, email_normalized, display_name, password_hash, status)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [tenant.id, email, normalizeEmail(email), overrides.displayName ?? 'テスト ユーザー', passwordHash, overrides.status ?? 'active'],
    );
    const id = rows[0]!.id;
    for (const m of overrides.memberships ?? [{ service: 'process', role: 'admin' }]) {
      await tx.query('INSERT INTO platform.memberships (tenant_id, user_id, service, role) VALUES ($1, $2, $3, $4)', [tenant.id, id, m.service, m.role]);
    }
    return { id, tenantId: tenant.id, email, password };
  });
}
