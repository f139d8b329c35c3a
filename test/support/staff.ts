import type { App } from '../../src/app.js';
import type { Clock } from '../../src/core/clock.js';
import type { Database } from '../../src/core/db/index.js';
import { hashPassword, issueStaffSetupLink } from '../../src/platform/identity/index.js';
import { normalizeEmail } from '../../src/platform/tenancy/index.js';
import { TestClient } from './app.js';
import { base32Decode, totpAt } from './totp.js';

/** A staff member created directly (as the owner) with the given roles; for tests only. */
export async function buildStaff(db: Database, roles: string[], email = `staff-${Math.random().toString(36).slice(2, 8)}@provider.example`): Promise<{ email: string; password: string }> {
  const password = 'Staff#Secret42';
  const passwordHash = await hashPassword(password);
  await db.ownerTransaction((tx) =>
    tx.query(`INSERT INTO ops.staff (email, email_normalized, display_name, password_hash, roles) VALUES ($1, $2, 'Staff', $3, $4)`, [email, normalizeEmail(email), passwordHash, roles]),
  );
  return { email, password };
}

/** Signs a staff member in (enrolling TOTP on first sign-in); returns the client and the TOTP secret. */
export async function signInStaff(app: App, clock: Clock, staff: { email: string; password: string }, secret?: Buffer): Promise<{ client: TestClient; secret: Buffer }> {
  const client = new TestClient(app);
  const step = (await client.post('/api/ops/auth/login', { email: staff.email, password: staff.password })).json().secondFactor as { token: string; secret?: string };
  const key = step.secret ? base32Decode(step.secret) : secret;
  if (!key) throw new Error('signInStaff: this staff member has TOTP already; pass its secret');
  const res = await client.post('/api/ops/auth/mfa', { token: step.token, code: totpAt(key, clock.now()) });
  if (res.statusCode !== 204) throw new Error(`signInStaff: second factor refused (${res.statusCode} ${res.body})`);
  return { client, secret: key };
}

/** The first staff member through the one-time setup link, signed in. */
export async function bootstrapAndSignInStaff(app: App, db: Database, clock: Clock): Promise<{ client: TestClient; secret: Buffer; email: string; password: string }> {
  const link = await issueStaffSetupLink(db, clock);
  if (!link.issued) throw new Error('bootstrapAndSignInStaff: a staff account exists already');
  const email = 'first-staff@provider.example';
  const password = 'Sound#Secret42';
  await new TestClient(app).post('/api/setup/staff', { token: link.token, email, displayName: '運用 太郎', password });
  const signedIn = await signInStaff(app, clock, { email, password });
  return { ...signedIn, email, password };
}
