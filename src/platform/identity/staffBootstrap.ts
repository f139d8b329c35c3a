import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { randomToken, sha256Hex } from '../../core/crypto.js';
import { AppError } from '../../core/errors.js';
import { withoutTenant, type Database } from '../../core/db/index.js';
import { recordOperatorEvent, type AuditOrigin } from '../audit/index.js';
import { normalizeEmail } from '../tenancy/index.js';
import { addPasswordIssues } from './passwordPolicy.js';
import { hashPassword } from './passwordHashing.js';

/** How long a first-staff setup link stays valid. */
export const STAFF_SETUP_TTL_MS = 24 * 3_600_000;

/** Staff roles the very first account receives: everything, so it can create the others. */
export const BOOTSTRAP_STAFF_ROLES = ['operator', 'security_officer'] as const;

export async function staffExists(db: Database): Promise<boolean> {
  return withoutTenant(db, async (tx) => {
    const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ops.staff');
    return (rows[0]?.n ?? 0) > 0;
  });
}

export type SetupLinkResult = { issued: true; token: string; expiresAt: Date } | { issued: false; reason: 'staff_exists' };

/**
 * Issues a one-time link to create the first staff account, only while no staff account
 * exists. Earlier unused links are withdrawn so only the newest works. The token is
 * returned once (to print) and stored only as its hash.
 */
export async function issueStaffSetupLink(db: Database, clock: Clock, origin: AuditOrigin = {}): Promise<SetupLinkResult> {
  return withoutTenant(db, async (tx) => {
    await tx.query('LOCK TABLE ops.staff_setup_tokens IN SHARE ROW EXCLUSIVE MODE');
    const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ops.staff');
    const now = clock.now();
    if ((rows[0]?.n ?? 0) > 0) {
      await recordOperatorEvent(tx, clock, origin, {
        actor: { type: 'system' },
        action: 'ops.staff_setup.refused',
        result: 'denied',
        reason: 'a staff account already exists',
      });
      return { issued: false, reason: 'staff_exists' } as const;
    }
    await tx.query('UPDATE ops.staff_setup_tokens SET expires_at = $1 WHERE staff_id IS NULL AND used_at IS NULL AND expires_at > $1', [now]);
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + STAFF_SETUP_TTL_MS);
    const inserted = await tx.query<{ id: string }>(
      'INSERT INTO ops.staff_setup_tokens (token_hash, expires_at, created_at) VALUES ($1, $2, $3) RETURNING id',
      [sha256Hex(token), expiresAt, now],
    );
    await recordOperatorEvent(tx, clock, origin, {
      actor: { type: 'system' },
      action: 'ops.staff_setup.link_issued',
      target: { type: 'staff_setup_token', id: inserted.rows[0]?.id ?? '' },
      result: 'success',
      details: { expiresAt: expiresAt.toISOString() },
    });
    return { issued: true, token, expiresAt } as const;
  });
}

/** A usable setup link: its expiry, and the invited staff member when it is not the bootstrap link. */
export interface StaffSetupLink {
  expiresAt: Date;
  invited?: { email: string; displayName: string };
}

/**
 * Whether a setup link can still be used. A link without a staff member bootstraps the
 * first account (only while none exists); one issued to an invited staff member works while
 * that member has not set a password yet.
 */
export async function checkStaffSetupLink(db: Database, clock: Clock, token: string): Promise<StaffSetupLink> {
  const row = await withoutTenant(db, async (tx) => {
    const { rows } = await tx.query<{ expires_at: Date; staff_id: string | null; email: string | null; display_name: string | null; status: string | null }>(
      `SELECT t.expires_at, t.staff_id, s.email, s.display_name, s.status
         FROM ops.staff_setup_tokens t LEFT JOIN ops.staff s ON s.id = t.staff_id
        WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2`,
      [sha256Hex(token), clock.now()],
    );
    return rows[0];
  });
  if (!row) throw new AppError('setup.link_invalid');
  if (row.staff_id === null) {
    if (await staffExists(db)) throw new AppError('setup.link_invalid');
    return { expiresAt: row.expires_at };
  }
  if (row.status !== 'invited' || row.email === null || row.display_name === null) throw new AppError('setup.link_invalid');
  return { expiresAt: row.expires_at, invited: { email: row.email, displayName: row.display_name } };
}

export const staffSetupSchema = z
  .strictObject({
    token: z.string().min(20).max(100),
    email: z.email().max(254),
    displayName: z.string().trim().min(1).max(100),
    password: z.string().max(1024),
  })
  .superRefine((v, ctx) => addPasswordIssues(ctx, v.password, { email: v.email, path: ['password'] }));
export type StaffSetupInput = z.infer<typeof staffSetupSchema>;

/**
 * Creates the very first staff account through a setup link. Happens once: the
 * `ops.staff_bootstrap` row (at most one) makes a second bootstrap fail even when two
 * requests race. Recorded in the operator work log.
 */
export async function bootstrapFirstStaff(
  db: Database,
  clock: Clock,
  input: StaffSetupInput,
  origin: AuditOrigin,
): Promise<{ id: string; email: string; displayName: string }> {
  const passwordHash = await hashPassword(input.password);
  return withoutTenant(db, async (tx) => {
    const now = clock.now();
    const token = await tx.query<{ id: string }>(
      `SELECT id FROM ops.staff_setup_tokens
        WHERE token_hash = $1 AND staff_id IS NULL AND used_at IS NULL AND expires_at > $2 FOR UPDATE`,
      [sha256Hex(input.token), now],
    );
    const tokenRow = token.rows[0];
    if (!tokenRow) throw new AppError('setup.link_invalid');
    const done = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ops.staff_bootstrap');
    if ((done.rows[0]?.n ?? 0) > 0) throw new AppError('setup.already_done');
    const staff = await tx.query<{ id: string }>(
      `INSERT INTO ops.staff (email, email_normalized, display_name, password_hash, roles, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.email, normalizeEmail(input.email), input.displayName, passwordHash, [...BOOTSTRAP_STAFF_ROLES], now],
    );
    const staffId = staff.rows[0]?.id;
    if (!staffId) throw new Error('bootstrapFirstStaff: insert returned no row');
    try {
      await tx.query('INSERT INTO ops.staff_bootstrap (id, staff_id, done_at) VALUES (1, $1, $2)', [staffId, now]);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new AppError('setup.already_done', { cause: error });
      throw error;
    }
    await tx.query('UPDATE ops.staff_setup_tokens SET used_at = $2 WHERE id = $1', [tokenRow.id, now]);
    await recordOperatorEvent(tx, clock, origin, {
      actor: { type: 'staff', id: staffId, name: input.displayName },
      action: 'ops.staff.bootstrapped',
      target: { type: 'staff', id: staffId },
      result: 'success',
      details: { roles: [...BOOTSTRAP_STAFF_ROLES] },
    });
    return { id: staffId, email: input.email, displayName: input.displayName };
  });
}
