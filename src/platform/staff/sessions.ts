import type { Clock } from '../../core/clock.js';
import { randomToken, sha256Hex } from '../../core/crypto.js';
import { withoutTenant, type Database, type Tx } from '../../core/db/index.js';

export const STAFF_SESSION_COOKIE = 'sotas_staff';

/** Staff sessions are short: 15 minutes idle, 8 hours at most. */
export const STAFF_SESSION_POLICY = { idleMinutes: 15, absoluteHours: 8 } as const;

/** A signed-in staff member, resolved afresh on every request. */
export interface StaffActor {
  kind: 'staff';
  staffId: string;
  email: string;
  displayName: string;
  roles: string[];
  sessionId: string;
}

const TOUCH_AFTER_MS = 60_000;

/** Creates a staff session after both factors; the token is returned once, stored hashed. */
export async function createStaffSession(
  tx: Tx,
  clock: Clock,
  input: { staffId: string; ip?: string; userAgent?: string },
): Promise<{ sessionId: string; token: string; expiresAt: Date }> {
  const token = randomToken();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_POLICY.absoluteHours * 3_600_000);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO ops.staff_sessions (staff_id, token_hash, created_at, last_seen_at, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, $3, $4, $5, $6) RETURNING id`,
    [input.staffId, sha256Hex(token), now, expiresAt, input.ip ?? null, input.userAgent?.slice(0, 500) ?? null],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('createStaffSession: insert returned no row');
  return { sessionId: id, token, expiresAt };
}

/** The staff member behind a staff cookie, or undefined (absent, unknown, ended, idle, disabled). */
export async function resolveStaffSession(db: Database, clock: Clock, token: string | undefined): Promise<StaffActor | undefined> {
  if (!token || !/^[A-Za-z0-9_-]{32,64}$/.test(token)) return undefined;
  const now = clock.now();
  return withoutTenant(db, async (tx) => {
    const { rows } = await tx.query<{ session_id: string; last_seen_at: Date; staff_id: string; email: string; display_name: string; roles: string[] }>(
      `SELECT s.id AS session_id, s.last_seen_at, st.id AS staff_id, st.email, st.display_name, st.roles
         FROM ops.staff_sessions s JOIN ops.staff st ON st.id = s.staff_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3 AND st.status = 'active'`,
      [sha256Hex(token), now, new Date(now.getTime() - STAFF_SESSION_POLICY.idleMinutes * 60_000)],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
      await tx.query('UPDATE ops.staff_sessions SET last_seen_at = $2 WHERE id = $1', [row.session_id, now]);
    }
    return { kind: 'staff', staffId: row.staff_id, email: row.email, displayName: row.display_name, roles: row.roles, sessionId: row.session_id };
  });
}

export async function revokeStaffSession(tx: Tx, clock: Clock, sessionId: string): Promise<void> {
  await tx.query('UPDATE ops.staff_sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, clock.now()]);
}
