import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { randomToken, sha256Hex } from '../../core/crypto.js';
import { isUuid, withTenant, type Database, type Tx } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { messageKey, messages } from '../../core/messages.js';
import { recordTenantEvent, type AuditOrigin } from '../audit/index.js';
import { contractInForce, findMember, getTenantSettings, jstDate, updateTenantSettings, type TenantSettings } from '../tenancy/index.js';
import type { Membership } from '../services/index.js';

export const SESSION_COOKIE = 'sotas_session';

/** Session lifetimes: sign-out after `idleMinutes` without a request, and `absoluteHours` after sign-in at the latest. */
export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** The bounds a tenant's session settings must stay within (the same as the deployment's). */
export const SESSION_BOUNDS = Object.freeze({
  idleMinutes: Object.freeze({ min: 5, max: 480 }),
  absoluteHours: Object.freeze({ min: 1, max: 72 }),
});

function clamp(value: number, bounds: { min: number; max: number }): number {
  return Math.min(bounds.max, Math.max(bounds.min, value));
}

/**
 * The lifetimes that apply to a tenant's sessions: its own settings where it has saved
 * them, the deployment's defaults otherwise, always within SESSION_BOUNDS.
 */
export function effectiveSessionPolicy(defaults: SessionPolicy, settings: Pick<TenantSettings, 'sessionIdleMinutes' | 'sessionAbsoluteHours'>): SessionPolicy {
  return {
    idleMinutes: clamp(settings.sessionIdleMinutes ?? defaults.idleMinutes, SESSION_BOUNDS.idleMinutes),
    absoluteHours: clamp(settings.sessionAbsoluteHours ?? defaults.absoluteHours, SESSION_BOUNDS.absoluteHours),
  };
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
const TOUCH_AFTER_SECONDS = 60;

/**
 * Creates a session: an opaque random token (returned once, for the cookie) stored only
 * as its SHA-256. The cookie value carries the tenant id so the lookup runs under RLS.
 * `policy` is the deployment's default; the tenant's own absolute lifetime, when it has
 * set one, decides the expiry. Runs in the tenant's transaction.
 */
export async function createSession(
  tx: Tx,
  clock: Clock,
  policy: SessionPolicy,
  input: { tenantId: string; userId: string; ip?: string; userAgent?: string },
): Promise<{ sessionId: string; cookieValue: string; expiresAt: Date }> {
  const token = randomToken();
  const now = clock.now();
  const effective = effectiveSessionPolicy(policy, await getTenantSettings(tx));
  const expiresAt = new Date(now.getTime() + effective.absoluteHours * 3_600_000);
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
  user_id: string;
  email: string;
  display_name: string;
  locale: 'ja' | 'en';
  must_change_password: boolean;
  tenant_id: string;
  tenant_code: string;
  tenant_name: string;
  /** json: the user's memberships in the services the tenant has a running contract for. */
  memberships: Membership[];
}

/**
 * A session still in force at `$2` (the clock's now): not revoked, before its expiry,
 * younger than the tenant's absolute lifetime and used within its idle timeout (tenant
 * settings, else the defaults `$3` minutes and `$4` hours). Needs `platform.sessions s`
 * and `platform.tenant_settings ts` (LEFT JOIN) in the query.
 */
const SESSION_IN_FORCE = `s.revoked_at IS NULL AND s.expires_at > $2
  AND s.last_seen_at > $2::timestamptz - make_interval(mins => LEAST(GREATEST(COALESCE(ts.session_idle_minutes, $3::int), ${SESSION_BOUNDS.idleMinutes.min}), ${SESSION_BOUNDS.idleMinutes.max}))
  AND s.created_at > $2::timestamptz - make_interval(hours => LEAST(GREATEST(COALESCE(ts.session_absolute_hours, $4::int), ${SESSION_BOUNDS.absoluteHours.min}), ${SESSION_BOUNDS.absoluteHours.max}))`;

/**
 * The whole session check in one statement (under the tenant `$5`, by the token's hash `$1`
 * on the (tenant_id, token_hash) unique index): the session in force, its user active, the
 * tenant active, the memberships in services contracted on the JST date `$6`; and, in the
 * same statement, `last_seen_at` moved to now when it is more than `$7` seconds old (so
 * most reads write nothing, and a minute's precision is kept for the idle timeout).
 */
const RESOLVE_SESSION = `WITH found AS (
    SELECT s.id AS session_id, u.id AS user_id, u.email, u.display_name, u.locale, u.must_change_password,
           t.id AS tenant_id, t.code AS tenant_code, t.name AS tenant_name
      FROM platform.sessions s
      JOIN ops.tenants t ON t.id = s.tenant_id
      JOIN platform.users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
      LEFT JOIN platform.tenant_settings ts ON ts.tenant_id = s.tenant_id
     WHERE s.tenant_id = $5::uuid AND s.token_hash = $1 AND ${SESSION_IN_FORCE}
       AND u.status = 'active' AND t.status = 'active'
  ), touched AS (
    UPDATE platform.sessions SET last_seen_at = $2
     WHERE tenant_id = $5::uuid AND id = (SELECT session_id FROM found)
       AND last_seen_at < $2::timestamptz - make_interval(secs => $7::int)
    RETURNING id
  )
  SELECT f.session_id, f.user_id, f.email, f.display_name, f.locale, f.must_change_password, f.tenant_id, f.tenant_code, f.tenant_name,
         COALESCE((
           SELECT json_agg(json_build_object('service', m.service, 'role', m.role) ORDER BY m.service)
             FROM platform.memberships m
            WHERE m.tenant_id = $5::uuid AND m.user_id = f.user_id
              AND EXISTS (SELECT 1 FROM ops.contracts c
                           WHERE c.customer_id = $5::uuid AND c.service = m.service AND ${contractInForce('c', '$6')})
         ), '[]'::json) AS memberships
    FROM found f`;

/**
 * The actor behind a session cookie, or undefined when the cookie is absent, unknown,
 * revoked, idle too long, past its absolute lifetime, or its user or tenant is not active.
 * The tenant's session settings apply on every request, so a shorter setting ends
 * longer-running sessions at once; `policy` holds the deployment's defaults.
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
  // Every authenticated request starts here: one round trip (tenant set and statement in one
  // message). Every value is ours (a hash in hex, the clock, numbers, the cookie's uuid checked above).
  const { rows } = await db.tenantStatement<SessionRow>(parsed.tenantId, RESOLVE_SESSION, [
    sha256Hex(parsed.token),
    now,
    policy.idleMinutes,
    policy.absoluteHours,
    parsed.tenantId,
    jstDate(now),
    TOUCH_AFTER_SECONDS,
  ]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    kind: 'user',
    tenantId: row.tenant_id,
    tenantCode: row.tenant_code,
    tenantName: row.tenant_name,
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale,
    sessionId: row.session_id,
    mustChangePassword: row.must_change_password,
    memberships: row.memberships,
  };
}

/** Ends one session (sign-out). */
export async function revokeSession(tx: Tx, clock: Clock, sessionId: string): Promise<void> {
  await tx.query('UPDATE platform.sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, clock.now()]);
}

/** One session as its owner or an admin sees it. */
export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** The user's sessions still in force (transaction's tenant), most recently used first. */
export async function listUserSessions(tx: Tx, clock: Clock, defaults: SessionPolicy, userId: string): Promise<SessionSummary[]> {
  const { rows } = await tx.query<SessionSummary>(
    `SELECT s.id, s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt", s.ip, s.user_agent AS "userAgent"
       FROM platform.sessions s
       LEFT JOIN platform.tenant_settings ts ON ts.tenant_id = s.tenant_id
      WHERE s.user_id = $1 AND ${SESSION_IN_FORCE}
      ORDER BY s.last_seen_at DESC, s.created_at DESC`,
    [userId, clock.now(), defaults.idleMinutes, defaults.absoluteHours],
  );
  return rows;
}

/** Ends one of the user's sessions; false when the user has no such open session. */
export async function revokeUserSession(tx: Tx, clock: Clock, userId: string, sessionId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    'UPDATE platform.sessions SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL',
    [sessionId, userId, clock.now()],
  );
  return rowCount > 0;
}

/** Ends every open session of the user, but `exceptSessionId` when given; returns how many ended. */
export async function revokeUserSessions(tx: Tx, clock: Clock, userId: string, exceptSessionId?: string): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE platform.sessions SET revoked_at = $2
      WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND ($3::uuid IS NULL OR id <> $3::uuid)`,
    [userId, clock.now(), exceptSessionId ?? null],
  );
  return rowCount;
}

const actorOf = (actor: UserActor) => ({ type: 'user' as const, id: actor.userId, name: actor.displayName });

/**
 * The signed-in user ends one of their own sessions (another device, or this one).
 * Another user's or tenant's session id answers 404. Returns whether it was this session.
 */
export async function revokeOwnSession(db: Database, clock: Clock, actor: UserActor, sessionId: string, origin: AuditOrigin): Promise<{ current: boolean }> {
  return withTenant(db, actor.tenantId, async (tx) => {
    if (!(await revokeUserSession(tx, clock, actor.userId, sessionId))) throw new AppError('not_found');
    const current = sessionId === actor.sessionId;
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: actorOf(actor),
      action: 'auth.session.revoked',
      target: { type: 'session', id: sessionId },
      result: 'success',
      details: { by: 'self', scope: current ? 'current' : 'one', count: 1 },
    });
    return { current };
  });
}

/**
 * A sign-in from a browser that already held a session: that session ends, as the new one
 * replaces it, recorded as `auth.session.revoked` (scope `replaced`) in its tenant's log. So a
 * shared computer never keeps the previous user's session alive behind the new one. An absent,
 * unknown or dead cookie changes nothing.
 */
async function endReplacedSession(db: Database, clock: Clock, policy: SessionPolicy, cookieValue: string | undefined, origin: AuditOrigin): Promise<void> {
  const previous = await resolveSession(db, clock, policy, cookieValue);
  if (!previous) return;
  await withTenant(db, previous.tenantId, async (tx) => {
    await revokeSession(tx, clock, previous.sessionId);
    await recordTenantEvent(tx, clock, previous.tenantId, origin, {
      actor: actorOf(previous),
      action: 'auth.session.revoked',
      target: { type: 'session', id: previous.sessionId },
      result: 'success',
      details: { by: 'self', scope: 'replaced', count: 1 },
    });
  });
}

/**
 * Hands the browser the cookie of a session a sign-in just created, after ending the session
 * that browser held (`previousCookie`). Every route that completes a sign-in issues its cookie
 * here, so none can leave the replaced session alive.
 */
export async function issueSessionCookie(
  reply: FastifyReply,
  deps: { db: Database; clock: Clock; session: SessionPolicy; secure: boolean },
  previousCookie: string | undefined,
  session: { cookieValue: string; expiresAt: Date },
  origin: AuditOrigin,
): Promise<void> {
  await endReplacedSession(deps.db, deps.clock, deps.session, previousCookie, origin);
  reply.setCookie(SESSION_COOKIE, session.cookieValue, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.secure, expires: session.expiresAt });
}

/** The signed-in user ends every session but the one making the request. */
export async function revokeOtherOwnSessions(db: Database, clock: Clock, actor: UserActor, origin: AuditOrigin): Promise<number> {
  return withTenant(db, actor.tenantId, async (tx) => {
    const count = await revokeUserSessions(tx, clock, actor.userId, actor.sessionId);
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: actorOf(actor),
      action: 'auth.session.revoked',
      target: { type: 'user', id: actor.userId },
      result: 'success',
      details: { by: 'self', scope: 'others', count },
    });
    return count;
  });
}

/** The signed-in user's own open sessions. */
export async function listOwnSessions(db: Database, clock: Clock, defaults: SessionPolicy, actor: UserActor): Promise<SessionSummary[]> {
  return withTenant(db, actor.tenantId, (tx) => listUserSessions(tx, clock, defaults, actor.userId));
}

/** A member's open sessions, for an admin holding `tenant:sessions:manage`; 404 for a user of another tenant. */
export async function listMemberSessions(db: Database, clock: Clock, defaults: SessionPolicy, actor: UserActor, userId: string): Promise<SessionSummary[]> {
  return withTenant(db, actor.tenantId, async (tx) => {
    if (!(await findMember(tx, userId))) throw new AppError('not_found');
    return listUserSessions(tx, clock, defaults, userId);
  });
}

/**
 * An admin ends a member's sessions: one (`sessionId`) or all of them. A member of another
 * tenant, or a session that is not the member's, answers 404. Returns how many ended.
 */
export async function revokeMemberSessions(
  db: Database,
  clock: Clock,
  actor: UserActor,
  target: { userId: string; sessionId?: string },
  origin: AuditOrigin,
): Promise<number> {
  return withTenant(db, actor.tenantId, async (tx) => {
    if (!(await findMember(tx, target.userId))) throw new AppError('not_found');
    let count: number;
    if (target.sessionId) {
      if (!(await revokeUserSession(tx, clock, target.userId, target.sessionId))) throw new AppError('not_found');
      count = 1;
    } else {
      count = await revokeUserSessions(tx, clock, target.userId);
    }
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: actorOf(actor),
      action: 'auth.session.revoked',
      target: target.sessionId ? { type: 'session', id: target.sessionId } : { type: 'user', id: target.userId },
      result: 'success',
      details: { by: 'admin', scope: target.sessionId ? 'one' : 'all', count, userId: target.userId },
    });
    return count;
  });
}

messages.add({
  'account.settings.idle_exceeds_absolute': {
    ja: '無操作タイムアウトは、セッションの最長有効期間以下にしてください。',
    en: 'The idle timeout must not be longer than the absolute session lifetime.',
  },
});

/** A tenant admin's session settings; null returns a value to the deployment's default. */
export const sessionSettingsSchema = z
  .strictObject({
    idleMinutes: z
      .number()
      .int()
      .min(SESSION_BOUNDS.idleMinutes.min)
      .max(SESSION_BOUNDS.idleMinutes.max)
      .nullable()
      .meta({ description: 'Sign-out after this many minutes without a request (5–480); null for the default.' }),
    absoluteHours: z
      .number()
      .int()
      .min(SESSION_BOUNDS.absoluteHours.min)
      .max(SESSION_BOUNDS.absoluteHours.max)
      .nullable()
      .meta({ description: 'Longest life of a session in hours (1–72); null for the default.' }),
  })
  .superRefine((v, ctx) => {
    if (v.idleMinutes !== null && v.absoluteHours !== null && v.idleMinutes > v.absoluteHours * 60) {
      ctx.addIssue({ code: 'custom', message: messageKey('account.settings.idle_exceeds_absolute'), path: ['idleMinutes'] });
    }
  });
export type SessionSettingsInput = z.infer<typeof sessionSettingsSchema>;

/** A tenant's session lifetimes: what it saved (null = default), the defaults, and what applies. */
export interface SessionSettingsView {
  idleMinutes: number | null;
  absoluteHours: number | null;
  defaults: SessionPolicy;
  effective: SessionPolicy;
}

function presentSettings(settings: TenantSettings, defaults: SessionPolicy): SessionSettingsView {
  return {
    idleMinutes: settings.sessionIdleMinutes,
    absoluteHours: settings.sessionAbsoluteHours,
    defaults,
    effective: effectiveSessionPolicy(defaults, settings),
  };
}

/** The signed-in user's tenant's session settings (admins holding `tenant:sessions:manage`). */
export async function getSessionSettings(db: Database, defaults: SessionPolicy, actor: UserActor): Promise<SessionSettingsView> {
  return withTenant(db, actor.tenantId, async (tx) => presentSettings(await getTenantSettings(tx), defaults));
}

/**
 * Sets the tenant's idle timeout and absolute lifetime (null returns to the default);
 * the caller has validated them against SESSION_BOUNDS. They apply to every open session
 * at its next request. Recorded as `tenant.settings.updated` with the old and new values.
 */
export async function updateSessionSettings(
  db: Database,
  clock: Clock,
  defaults: SessionPolicy,
  actor: UserActor,
  input: SessionSettingsInput,
  origin: AuditOrigin,
): Promise<SessionSettingsView> {
  return withTenant(db, actor.tenantId, async (tx) => {
    const before = await getTenantSettings(tx);
    const after = await updateTenantSettings(tx, actor.tenantId, clock.now(), {
      sessionIdleMinutes: input.idleMinutes,
      sessionAbsoluteHours: input.absoluteHours,
    });
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: actorOf(actor),
      action: 'tenant.settings.updated',
      target: { type: 'tenant', id: actor.tenantId },
      result: 'success',
      details: {
        section: 'sessions',
        before: { idleMinutes: before.sessionIdleMinutes, absoluteHours: before.sessionAbsoluteHours },
        after: { idleMinutes: after.sessionIdleMinutes, absoluteHours: after.sessionAbsoluteHours },
      },
    });
    return presentSettings(after, defaults);
  });
}
