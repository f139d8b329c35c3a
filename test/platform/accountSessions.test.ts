import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface SessionJson {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

describe(`sessions: lifetimes, listing and revocation (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let clock: ManualClock;
  let tenant: BuiltTenant;
  let admin: BuiltUser;
  let member: BuiltUser;

  beforeEach(async () => {
    tdb = await openTestDatabase();
    clock = new ManualClock('2030-04-01T00:00:00Z');
    // The deployment's defaults: 30 minutes idle, 12 hours at most.
    app = await createTestApp(tdb.db, { clock, env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '12' } });
    tenant = await buildTenant(tdb.db);
    admin = await buildUser(tdb.db, tenant, { email: 'admin@kasei.example', memberships: [{ service: 'process', role: 'admin' }] });
    member = await buildUser(tdb.db, tenant, { email: 'member@kasei.example', memberships: [{ service: 'process', role: 'member' }] });
  });
  afterEach(async () => {
    await app.close();
    await tdb.close();
  });

  async function signIn(user: BuiltUser, userAgent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0', lang: 'ja' | 'en' = 'ja'): Promise<TestClient> {
    const client = new TestClient(app, lang);
    const res = await client.request('POST', '/api/auth/login', { companyCode: tenant.code, email: user.email, password: user.password }, { 'user-agent': userAgent });
    expect(res.statusCode).toBe(200);
    return client;
  }
  const status = async (client: TestClient) => (await client.get('/api/session')).statusCode;
  const events = (action: string) =>
    tdb.db.ownerTransaction(async (tx) => (
      await tx.query<{ actor_id: string; target_id: string; details: Record<string, unknown> }>(
        'SELECT actor_id, target_id, details FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2 ORDER BY occurred_at',
        [tenant.id, action],
      )
    ).rows);
  const setSessionSettings = async (idleMinutes: number | null, absoluteHours: number | null) => {
    const client = await signIn(admin);
    const res = await client.request('PUT', '/api/tenant/settings/sessions', { idleMinutes, absoluteHours });
    expect(res.statusCode).toBe(200);
    return res.json() as { effective: { idleMinutes: number; absoluteHours: number } };
  };

  describe('idle timeout and absolute lifetime', () => {
    it('ends a session idle longer than the default 30 minutes, and keeps a used one alive', async () => {
      const client = await signIn(member);
      clock.advance(29 * MINUTE);
      expect(await status(client)).toBe(200);
      clock.advance(29 * MINUTE);
      expect(await status(client), 'each request restarts the idle clock').toBe(200);
      clock.advance(31 * MINUTE);
      expect(await status(client)).toBe(401);
    });

    it('ends even a busy session after the default 12 hours', async () => {
      const client = await signIn(member);
      for (let elapsed = 0; elapsed < 12 * HOUR - 20 * MINUTE; elapsed += 20 * MINUTE) {
        clock.advance(20 * MINUTE);
        expect(await status(client)).toBe(200);
      }
      clock.advance(20 * MINUTE);
      expect(await status(client)).toBe(401);
    });

    it('applies the tenant’s own idle timeout, also to sessions already open', async () => {
      const open = await signIn(member);
      expect((await setSessionSettings(10, null)).effective).toEqual({ idleMinutes: 10, absoluteHours: 12 });
      const later = await signIn(member);
      clock.advance(9 * MINUTE);
      expect(await status(later)).toBe(200);
      clock.advance(11 * MINUTE);
      expect(await status(later)).toBe(401);
      expect(await status(open)).toBe(401);
    });

    it('applies the tenant’s absolute lifetime to new sessions and shortens open ones at once', async () => {
      const open = await signIn(member);
      for (let i = 0; i < 5; i++) {
        clock.advance(20 * MINUTE);
        expect(await status(open)).toBe(200);
      }
      await setSessionSettings(null, 1);
      expect(await status(open), 'older than the new one-hour lifetime').toBe(401);

      const fresh = await signIn(member);
      const [session] = ((await fresh.get('/api/account/sessions')).json() as { sessions: SessionJson[] }).sessions;
      expect(Date.parse(session!.expiresAt) - clock.now().getTime()).toBe(HOUR);
      clock.advance(25 * MINUTE);
      expect(await status(fresh)).toBe(200);
      clock.advance(25 * MINUTE);
      expect(await status(fresh)).toBe(200);
      clock.advance(11 * MINUTE);
      expect(await status(fresh)).toBe(401);
    });

    it('returns to the defaults when the tenant clears its settings', async () => {
      await setSessionSettings(10, 2);
      const view = await setSessionSettings(null, null);
      expect(view.effective).toEqual({ idleMinutes: 30, absoluteHours: 12 });
      const client = await signIn(member);
      clock.advance(25 * MINUTE);
      expect(await status(client)).toBe(200);
    });
  });

  describe('session settings (tenant admins)', () => {
    it('reads and writes the settings, recording tenant.settings.updated', async () => {
      const client = await signIn(admin);
      const before = await client.get('/api/tenant/settings/sessions');
      expect(before.json()).toEqual({ idleMinutes: null, absoluteHours: null, defaults: { idleMinutes: 30, absoluteHours: 12 }, effective: { idleMinutes: 30, absoluteHours: 12 } });
      const res = await client.request('PUT', '/api/tenant/settings/sessions', { idleMinutes: 15, absoluteHours: 8 });
      expect(res.json()).toMatchObject({ idleMinutes: 15, absoluteHours: 8, effective: { idleMinutes: 15, absoluteHours: 8 } });
      const [event] = await events('tenant.settings.updated');
      expect(event).toMatchObject({ actor_id: admin.id, details: { section: 'sessions', before: { idleMinutes: null, absoluteHours: null }, after: { idleMinutes: 15, absoluteHours: 8 } } });
    });

    it('refuses values outside the bounds, in the user’s language, and changes nothing', async () => {
      const ja = await signIn(admin);
      const en = await signIn(admin, 'x', 'en');
      const cases: [unknown, string, RegExp, RegExp][] = [
        [{ idleMinutes: 4, absoluteHours: 12 }, 'idleMinutes', /5以上/, /at least 5/],
        [{ idleMinutes: 481, absoluteHours: 12 }, 'idleMinutes', /480以下/, /at most 480/],
        [{ idleMinutes: 30, absoluteHours: 0 }, 'absoluteHours', /1以上/, /at least 1/],
        [{ idleMinutes: 30, absoluteHours: 73 }, 'absoluteHours', /72以下/, /at most 72/],
        [{ idleMinutes: 30.5, absoluteHours: 12 }, 'idleMinutes', /.+/, /.+/],
        [{ idleMinutes: 180, absoluteHours: 2 }, 'idleMinutes', /最長有効期間以下/, /must not be longer than the absolute/],
      ];
      for (const [body, field, jaMessage, enMessage] of cases) {
        for (const [client, message] of [[ja, jaMessage], [en, enMessage]] as const) {
          const res = await client.request('PUT', '/api/tenant/settings/sessions', body);
          expect(res.statusCode, JSON.stringify(body)).toBe(400);
          expect(res.json().error.fields[field]).toMatch(message);
        }
      }
      expect((await ja.get('/api/tenant/settings/sessions')).json()).toMatchObject({ idleMinutes: null, absoluteHours: null });
      expect(await events('tenant.settings.updated')).toEqual([]);
    });

    it('is for admins only', async () => {
      const client = await signIn(member);
      expect((await client.get('/api/tenant/settings/sessions')).statusCode).toBe(403);
      expect((await client.request('PUT', '/api/tenant/settings/sessions', { idleMinutes: 60, absoluteHours: 24 })).statusCode).toBe(403);
    });
  });

  describe('own sessions', () => {
    it('ends the session a browser held when it signs in again, as the same or another user, recorded', async () => {
      const browser = await signIn(member);
      const first = browser.cookie('sotas_session')!;
      const again = await browser.request('POST', '/api/auth/login', { companyCode: tenant.code, email: member.email, password: member.password });
      expect(again.statusCode).toBe(200);
      const second = browser.cookie('sotas_session')!;
      expect(second).not.toBe(first);
      const stale = new TestClient(app);
      stale.setCookie('sotas_session', first);
      expect(await status(stale), 'the replaced session is dead').toBe(401);
      expect(await status(browser)).toBe(200);
      expect((await events('auth.session.revoked')).at(-1)).toMatchObject({ actor_id: member.id, details: { by: 'self', scope: 'replaced', count: 1 } });

      // Another user on the same browser: the member's session ends too.
      expect((await browser.request('POST', '/api/auth/login', { companyCode: tenant.code, email: admin.email, password: admin.password })).statusCode).toBe(200);
      stale.setCookie('sotas_session', second);
      expect(await status(stale)).toBe(401);
      expect((await browser.get('/api/session')).json().user.email).toBe(admin.email);

      // A failed sign-in ends nothing, and a dead or forged cookie is ignored.
      const kept = browser.cookie('sotas_session')!;
      expect((await browser.request('POST', '/api/auth/login', { companyCode: tenant.code, email: admin.email, password: 'Wrong#Pass123' })).statusCode).toBe(401);
      expect(await status(browser)).toBe(200);
      const forged = new TestClient(app);
      forged.setCookie('sotas_session', `${tenant.id}.${'A'.repeat(43)}`);
      expect((await forged.request('POST', '/api/auth/login', { companyCode: tenant.code, email: member.email, password: member.password })).statusCode).toBe(200);
      expect(browser.cookie('sotas_session')).toBe(kept);
    });

    it('lists the user’s open sessions with device, IP, times and the current one marked', async () => {
      const laptop = await signIn(member, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0');
      clock.advance(5 * MINUTE);
      const phone = await signIn(member, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1');
      await signIn(admin);
      const res = await phone.get('/api/account/sessions');
      expect(res.statusCode).toBe(200);
      const { sessions } = res.json() as { sessions: SessionJson[] };
      expect(sessions).toHaveLength(2);
      expect(sessions.map((s) => s.current)).toEqual([true, false]);
      expect(sessions[0]!.userAgent).toContain('iPhone');
      expect(sessions[1]!.userAgent).toContain('Windows');
      expect(sessions[0]!.ip).toBe('127.0.0.1');
      expect(sessions[1]!.createdAt).toBe('2030-04-01T00:00:00.000Z');
      expect(sessions[0]!.createdAt).toBe('2030-04-01T00:05:00.000Z');
      expect(((await laptop.get('/api/account/sessions')).json() as { sessions: SessionJson[] }).sessions.find((s) => s.current)?.userAgent).toContain('Windows');
    });

    it('ends another of the own sessions, and refuses someone else’s session id with 404', async () => {
      const laptop = await signIn(member);
      const phone = await signIn(member, 'phone');
      const adminClient = await signIn(admin);
      const { sessions } = (await phone.get('/api/account/sessions')).json() as { sessions: SessionJson[] };
      const laptopSession = sessions.find((s) => !s.current)!;
      const adminSession = ((await adminClient.get('/api/account/sessions')).json() as { sessions: SessionJson[] }).sessions[0]!;

      expect((await phone.request('DELETE', `/api/account/sessions/${adminSession.id}`)).statusCode).toBe(404);
      expect(await status(adminClient)).toBe(200);
      expect((await phone.request('DELETE', `/api/account/sessions/${laptopSession.id}`)).statusCode).toBe(204);
      expect(await status(laptop)).toBe(401);
      expect(await status(phone)).toBe(200);
      expect((await phone.request('DELETE', `/api/account/sessions/${laptopSession.id}`)).statusCode, 'already ended').toBe(404);
      const [event] = await events('auth.session.revoked');
      expect(event).toMatchObject({ actor_id: member.id, target_id: laptopSession.id, details: { by: 'self', scope: 'one', count: 1 } });
    });

    it('signs out when the current session is ended', async () => {
      const client = await signIn(member);
      const [own] = ((await client.get('/api/account/sessions')).json() as { sessions: SessionJson[] }).sessions;
      const res = await client.request('DELETE', `/api/account/sessions/${own!.id}`);
      expect(res.statusCode).toBe(204);
      expect(res.cookies.find((c) => c.name === 'sotas_session')?.value).toBe('');
      expect(await status(client)).toBe(401);
    });

    it('ends every other session at once', async () => {
      const others = [await signIn(member, 'a'), await signIn(member, 'b'), await signIn(member, 'c')];
      const keep = await signIn(member, 'keep');
      const adminClient = await signIn(admin);
      const res = await keep.post('/api/account/sessions/revoke-others', {});
      expect(res.json()).toEqual({ revoked: 3 });
      for (const other of others) expect(await status(other)).toBe(401);
      expect(await status(keep)).toBe(200);
      expect(await status(adminClient), 'another user’s sessions are untouched').toBe(200);
      expect(((await keep.get('/api/account/sessions')).json() as { sessions: SessionJson[] }).sessions).toHaveLength(1);
      expect((await events('auth.session.revoked'))[0]).toMatchObject({ details: { by: 'self', scope: 'others', count: 3 } });
    });
  });

  describe('an admin and a member’s sessions', () => {
    it('lists and ends one or all of a member’s sessions', async () => {
      const m1 = await signIn(member, 'one');
      const m2 = await signIn(member, 'two');
      const adminClient = await signIn(admin);
      const listed = await adminClient.get(`/api/members/${member.id}/sessions`);
      expect(listed.statusCode).toBe(200);
      const { sessions } = listed.json() as { sessions: SessionJson[] };
      expect(sessions.map((s) => s.userAgent).sort()).toEqual(['one', 'two']);
      expect(sessions.every((s) => !s.current)).toBe(true);

      const one = sessions.find((s) => s.userAgent === 'one')!;
      expect((await adminClient.request('DELETE', `/api/members/${member.id}/sessions/${one.id}`)).statusCode).toBe(204);
      expect(await status(m1)).toBe(401);
      expect(await status(m2)).toBe(200);

      clock.advance(MINUTE);
      const m3 = await signIn(member, 'three');
      expect((await adminClient.post(`/api/members/${member.id}/sessions/revoke`, {})).json()).toEqual({ revoked: 2 });
      expect(await status(m2)).toBe(401);
      expect(await status(m3)).toBe(401);
      expect(await status(adminClient)).toBe(200);
      const revoked = await events('auth.session.revoked');
      expect(revoked.map((e) => e.details)).toEqual([
        { by: 'admin', scope: 'one', count: 1, userId: member.id },
        { by: 'admin', scope: 'all', count: 2, userId: member.id },
      ]);
    });

    it('answers 404 for another tenant’s member or session, and 403 to a non-admin', async () => {
      const other = await buildTenant(tdb.db);
      const stranger = await buildUser(tdb.db, other, { email: 'stranger@other.example' });
      const strangerClient = new TestClient(app);
      expect((await strangerClient.login(other.code, stranger.email, stranger.password)).statusCode).toBe(200);
      const strangerSession = ((await strangerClient.get('/api/account/sessions')).json() as { sessions: SessionJson[] }).sessions[0]!;

      const adminClient = await signIn(admin);
      expect((await adminClient.get(`/api/members/${stranger.id}/sessions`)).statusCode).toBe(404);
      expect((await adminClient.post(`/api/members/${stranger.id}/sessions/revoke`, {})).statusCode).toBe(404);
      expect((await adminClient.request('DELETE', `/api/members/${stranger.id}/sessions/${strangerSession.id}`)).statusCode).toBe(404);
      expect((await adminClient.request('DELETE', `/api/members/${member.id}/sessions/${strangerSession.id}`)).statusCode).toBe(404);
      expect((await adminClient.request('DELETE', `/api/account/sessions/${strangerSession.id}`)).statusCode).toBe(404);
      expect(await status(strangerClient)).toBe(200);

      const memberClient = await signIn(member);
      expect((await memberClient.get(`/api/members/${admin.id}/sessions`)).statusCode).toBe(403);
      expect((await memberClient.post(`/api/members/${admin.id}/sessions/revoke`, {})).statusCode).toBe(403);
      expect(await status(adminClient)).toBe(200);
    });
  });

  it('puts a disabled user out at once, on every session', async () => {
    const a = await signIn(member, 'a');
    const b = await signIn(member, 'b');
    await tdb.db.ownerTransaction((tx) => tx.query(`UPDATE platform.users SET status = 'disabled' WHERE id = $1`, [member.id]));
    expect(await status(a)).toBe(401);
    expect(await status(b)).toBe(401);
    expect((await a.get('/api/account/sessions')).statusCode).toBe(401);
  });

  it('puts a deleted user out at once', async () => {
    const client = await signIn(member);
    await tdb.db.ownerTransaction((tx) => tx.query('DELETE FROM platform.users WHERE id = $1', [member.id]));
    expect(await status(client)).toBe(401);
  });
});
