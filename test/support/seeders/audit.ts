import { randomUUID } from 'node:crypto';
import type { App } from '../../../src/app.js';
import type { Clock } from '../../../src/core/clock.js';
import type { Database } from '../../../src/core/db/index.js';
import { hashPassword, issueStaffSetupLink } from '../../../src/platform/identity/index.js';
import { TestClient } from '../app.js';
import type { Seeder } from '../tenantRows.js';
import { base32Decode, totpAt } from '../totp.js';

const HASH = 'a'.repeat(64);

/** Seeders of the audit module's tenant tables (chain heads and checkpoints). */
export const seeders: Record<string, Seeder> = {
  'audit.tenant_chain_heads': async (tx, tenantId) => {
    await tx.query(
      `INSERT INTO audit.tenant_chain_heads (tenant_id, seq, prev_hash, hash, updated_at) VALUES ($1, 1, $2, $2, now()) ON CONFLICT (tenant_id) DO NOTHING`,
      [tenantId, HASH],
    );
  },
  'audit.tenant_checkpoints': async (tx, tenantId) => {
    await tx.query(
      `INSERT INTO audit.tenant_checkpoints (tenant_id, seq, kind, hash, signed_at, key_id, signature) VALUES ($1, 1, 'periodic', $2, now(), 'seed', 'seed')`,
      [tenantId, HASH],
    );
  },
};

// ---------------------------------------------------------------------------------------
// Helpers shared by the audit, break-glass and retention tests.

/** A staff member signed in (password + TOTP) through the real staff sign-in API. */
export async function signInStaff(
  app: App,
  clock: Clock,
  options: { roles?: string[]; email?: string; displayName?: string } = {},
): Promise<{ client: TestClient; staffId: string; displayName: string }> {
  const email = options.email ?? `staff-${randomUUID().slice(0, 8)}@provider.example`;
  const displayName = options.displayName ?? '運用 太郎';
  const password = 'Sound#Secret42';
  const link = await issueStaffSetupLink(app.db, clock);
  if (link.issued) {
    const res = await new TestClient(app).post('/api/setup/staff', { token: link.token, email, displayName, password });
    if (res.statusCode !== 201) throw new Error(`staff setup failed: ${res.body}`);
  } else {
    const hash = await hashPassword(password);
    await app.db.ownerTransaction((tx) =>
      tx.query(`INSERT INTO ops.staff (email, email_normalized, display_name, password_hash, roles) VALUES ($1, $1, $2, $3, $4)`, [
        email,
        displayName,
        hash,
        options.roles ?? ['operator', 'security_officer'],
      ]),
    );
  }
  if (link.issued && options.roles) {
    await app.db.ownerTransaction((tx) => tx.query('UPDATE ops.staff SET roles = $2 WHERE email_normalized = $1', [email, options.roles]));
  }
  const client = new TestClient(app);
  const first = await client.post('/api/ops/auth/login', { email, password });
  const step = first.json().secondFactor as { token: string; secret: string };
  const mfa = await client.post('/api/ops/auth/mfa', { token: step.token, code: totpAt(base32Decode(step.secret), clock.now()) });
  if (mfa.statusCode !== 204) throw new Error(`staff MFA failed: ${mfa.body}`);
  const staffId = (await client.get('/api/ops/session')).json().staff.id as string;
  return { client, staffId, displayName };
}

// The SMTP peer for these tests lives in test/support/smtp.ts.
export { startSmtp, textBody } from '../smtp.js';

/** Runs SQL as the owner inside a transaction that declared audit maintenance: what an attacker with the owner's rights could do. */
export async function tamper(db: Database, sql: string, params: unknown[] = []): Promise<void> {
  await db.ownerTransaction(async (tx) => {
    await tx.query("SELECT set_config('sotas.audit_maintenance', 'on', true)");
    await tx.query(sql, params);
  });
}
