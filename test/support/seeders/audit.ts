import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
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

/** A real SMTP server on loopback that keeps what it receives. */
export async function startSmtp(): Promise<{ port: number; received: { to: string[]; raw: string }[]; close(): Promise<void> }> {
  const received: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('latin1') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The decoded text/plain part of a message (quoted-printable or base64). */
export function textBody(raw: string): string {
  const message = raw.replace(/\r\n/g, '\n');
  const part = /Content-Type: text\/plain[^\n]*\n(?:[^\n]+\n)*?Content-Transfer-Encoding: ([\w-]+)\n\n([\s\S]*?)\n(?:--|$)/i.exec(message);
  if (!part) throw new Error('no text/plain part in the message');
  const [, encoding, body] = part;
  if (encoding!.toLowerCase() === 'base64') return Buffer.from(body!.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding!.toLowerCase() === 'quoted-printable') {
    const bytes = body!.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return Buffer.from(body!, 'latin1').toString('utf8');
}

/** Runs SQL as the owner inside a transaction that declared audit maintenance: what an attacker with the owner's rights could do. */
export async function tamper(db: Database, sql: string, params: unknown[] = []): Promise<void> {
  await db.ownerTransaction(async (tx) => {
    await tx.query("SELECT set_config('sotas.audit_maintenance', 'on', true)");
    await tx.query(sql, params);
  });
}
