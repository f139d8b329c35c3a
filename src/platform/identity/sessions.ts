import type { Clock } from '../../core/clock.js';
import { randomToken, sha256Hex } from '../../core/crypto.js';
import { isUuid, withTenant, type Database, type Tx } from '../../core/db/index.js';
import { contractedServices, findTenantById } from '../tenancy/index.js';
import type { Membership } from '../services/index.js';

export const SESSION_COOKIE = 'sotas_session';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** A signed-in tenant user, resolved afresh on every request (role changes apply at once). */
export interface UserActor {
  kind: 'user';
  tenantId: string;
  tenantCode: string;
  tenantName: string;
  userId: string;
  email: string;
  displayName: string;
  locale: 'ja' | 'en';
  sessionId: string;
  mustChangePassword: boolean;
  /** Memberships in services the tenant has a running contract for. */
  memberships: Membership[];
}

/** Don't write `last_seen_at` on every request; a minute's precision is enough for idle timeout. */
const TOUCH_AFTER_MS = 60_000;

/**
 * Creates a session: an opaque random token (returned once, for the cookie) stored only
 * as its SHA-256. The cookie value carries the tenant id so the lookup runs under RLS.
 */
export async function createSession(
  tx: Tx,
  clock: Clock,
  policy: SessionPolicy,
  input: { tenantId: string; userId: string; ip?: string; userAgent?: string },
): Promise<{ sessionId: string; cookieValue: string; expiresAt: Date }> {
  const token = randomToken();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + policy.absoluteHours * 3_600_000);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO platform.sessions (tenant_id, user_id, token_hash, created_at, last_seen_at, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING id`,
    [input.tenantId, input.userId, sha256Hex(token), now, expiresAt, input.ip ?? null, input.userAgent?.slice(0, 500) ?? null],
  );
  const row = rows[0];
  if (!row) throw new Error('createSession: insert returned no row');
  return { sessionId: row.id, cookieValue: `${input.tenantId}.${token}`, expiresAt };
}

export function parseSessionCookie(value: string | undefined): { tenantId: string; token: string } | undefined {
  if (!value) return undefined;
  const dot = value.indexOf('.');
  if (dot <= 0) return undefined;
  const tenantId = value.slice(0, dot);
  const token = value.slice(dot + 1);
  if (!isUuid(tenantId) || !/^[A-Za-z0-9_-]{32,64}$/.test(token)) return undefined;
  return { tenantId, token };
}

interface SessionRow {
  session_id: string;
  last_seen_at: Date;
  user_id: string;
  email: string;
  display_name: string;
  locale: 'ja' | 'en';
  must_change_password: boolean;
}

/**
 * The actor behind a session cookie, or undefined when the cookie is absent, unknown,
 * revoked, idle too long, past its absolute lifetime, or its user or tenant is not active.
 */
export async function resolveSession(
  db: Database,
  clock: Clock,
  policy: SessionPolicy,
  cookieValue: string | undefined,
): Promise<UserActor | undefined> {
  const parsed = parseSessionCookie(cookieValue);
  if (!parsed) return undefined;
  const now = clock.now();
  return withTenant(db, parsed.tenantId, async (tx) => {
    const tenant = await findTenantById(tx, parsed.tenantId);
    if (!tenant || tenant.status !== 'active') return undefined;
    const { rows } = await tx.query<SessionRow>(
      `SELECT s.id AS session_id, s.last_seen_at, u.id AS user_id, u.email, u.display_name, u.locale, u.must_change_password
         FROM platform.sessions s
         JOIN platform.users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2
          AND s.last_seen_at > $3 AND u.status = 'active'`,
      [sha256Hex(parsed.token), now, new Date(now.getTime() - policy.idleMinutes * 60_000)],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
      await tx.query('UPDATE platform.sessions SET last_seen_at = $2 WHERE id = $1', [row.session_id, now]);
    }
    const services = new Set(await contractedServices(tx, parsed.tenantId, now));
    const memberships = (
      await tx.query<Membership>('SELECT service, role FROM platform.memberships WHERE user_id = $1 ORDER BY service', [row.user_id])
    ).rows.filter((m) => services.has(m.service));
    return {
      kind: 'user',
      tenantId: tenant.id,
      tenantCode: tenant.code,
      tenantName: tenant.name,
      userId: row.user_id,
      email: row.email,
      displayName: row.display_name,
      locale: row.locale,
      sessionId: row.session_id,
      mustChangePassword: row.must_change_password,
      memberships,
    };
  });
}

/** Ends one session (sign-out). */
export async function revokeSession(tx: Tx, clock: Clock, sessionId: string): Promise<void> {
  await tx.query('UPDATE platform.sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, clock.now()]);
}
