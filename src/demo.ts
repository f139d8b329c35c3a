import { randomInt } from 'node:crypto';
import type { Clock } from './core/clock.js';
import { withTenant, withoutTenant, type Database } from './core/db/index.js';
import { recordOperatorEvent, recordTenantEvent } from './platform/audit/index.js';
import { checkPassword, hashPassword, PASSWORD_SYMBOLS } from './platform/identity/index.js';
import { jstDate, normalizeEmail } from './platform/tenancy/index.js';
import type { ServiceId } from './platform/services/index.js';

/** The two demo tenants `npm run demo` creates. */
export const DEMO_TENANTS = [
  { code: 'DEMO-CHEM', name: 'デモ化学株式会社', adminEmail: 'admin@demo-chem.example', adminName: '山田 管理者' },
  { code: 'DEMO-RESIN', name: 'サンプル樹脂工業株式会社', adminEmail: 'admin@demo-resin.example', adminName: '佐藤 管理者' },
] as const;

const ADMIN_ROLE: Record<ServiceId, string> = { process: 'admin', catalog: 'admin', survey: 'org_admin' };

/** A random password that meets the policy (one of each class, the rest mixed). */
export function generatePassword(length = 16): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', PASSWORD_SYMBOLS];
  const all = classes.join('');
  const pick = (set: string) => set[randomInt(set.length)] ?? 'a';
  const chars = classes.map(pick);
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  const password = chars.join('');
  if (checkPassword(password).length) return generatePassword(length);
  return password;
}

export interface DemoAccount {
  companyCode: string;
  tenantName: string;
  email: string;
  password: string;
}

/**
 * Seeds the demo tenants with contracts for all three services (in データベース as publishers
 * and paid subscribers) and one admin each, with
 * a freshly generated password (there are no default passwords). Tenants that already
 * exist are left alone and reported without a password.
 */
export async function seedDemo(db: Database, clock: Clock): Promise<{ created: DemoAccount[]; existing: string[] }> {
  const created: DemoAccount[] = [];
  const existing: string[] = [];
  for (const demo of DEMO_TENANTS) {
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    const now = clock.now();
    const tenantId = await withoutTenant(db, async (tx) => {
      const found = await tx.query<{ id: string }>('SELECT id FROM ops.tenants WHERE code = $1', [demo.code]);
      if (found.rows[0]) return undefined;
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO ops.tenants (code, name, representative_email, contact_email, created_at, updated_at)
         VALUES ($1, $2, $3, $3, $4, $4) RETURNING id`,
        [demo.code, demo.name, demo.adminEmail, now],
      );
      const id = rows[0]?.id;
      if (!id) throw new Error('seedDemo: tenant insert returned no row');
      // In データベース both may publish and read as paid subscribers, so each can try both sides.
      for (const service of Object.keys(ADMIN_ROLE)) {
        const catalog = service === 'catalog';
        await tx.query('INSERT INTO ops.contracts (customer_id, service, starts_on, catalog_publisher, catalog_subscription) VALUES ($1, $2, $3, $4, $5)', [
          id,
          service,
          jstDate(now),
          catalog,
          catalog ? 'paid' : 'free',
        ]);
      }
      await recordOperatorEvent(tx, clock, {}, {
        actor: { type: 'system', name: 'demo' },
        action: 'ops.tenant.created',
        customerId: id,
        target: { type: 'tenant', id },
        result: 'success',
        details: { code: demo.code, demo: true },
      });
      return id;
    });
    if (!tenantId) {
      existing.push(demo.code);
      continue;
    }
    await withTenant(db, tenantId, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO platform.users (tenant_id, email, email_normalized, display_name, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
        [tenantId, demo.adminEmail, normalizeEmail(demo.adminEmail), demo.adminName, passwordHash, now],
      );
      const userId = rows[0]?.id;
      if (!userId) throw new Error('seedDemo: user insert returned no row');
      for (const [service, role] of Object.entries(ADMIN_ROLE)) {
        await tx.query('INSERT INTO platform.memberships (tenant_id, user_id, service, role) VALUES ($1, $2, $3, $4)', [tenantId, userId, service, role]);
      }
      await recordTenantEvent(tx, clock, tenantId, {}, {
        actor: { type: 'system', name: 'demo' },
        action: 'tenant.member.created',
        target: { type: 'user', id: userId },
        result: 'success',
        details: { roles: ADMIN_ROLE },
      });
    });
    created.push({ companyCode: demo.code, tenantName: demo.name, email: demo.adminEmail, password });
  }
  return { created, existing };
}
