import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant } from '../../src/core/db/index.js';
import { recordTenantEvent } from '../../src/platform/audit/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { signInStaff } from '../support/seeders/audit.js';

describe(`event log screens: tenant admins' log with filters and CSV, the staff's operator log (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let tenant: BuiltTenant;
  let other: BuiltTenant;
  let admin: BuiltUser;
  let member: BuiltUser;
  let client: TestClient;
  const clock = new ManualClock('2026-11-27T01:00:00Z');

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
    tenant = await buildTenant(tdb.db);
    other = await buildTenant(tdb.db);
    admin = await buildUser(tdb.db, tenant, { displayName: '管理 花子' });
    member = await buildUser(tdb.db, tenant, { displayName: 'カトウ ジロウ', memberships: [{ service: 'process', role: 'member' }] });
    const write = (t: BuiltTenant, minute: number, over: { action: string; result?: 'success' | 'failure' | 'denied'; name?: string; reason?: string }) => {
      clock.set(new Date(Date.UTC(2026, 10, 26, 0, minute)));
      return withTenant(tdb.db, t.id, (tx) =>
        recordTenantEvent(tx, clock, t.id, { ip: '192.0.2.10' }, {
          actor: { type: 'user', id: member.id, name: over.name ?? 'カトウ ジロウ' },
          action: over.action,
          result: over.result ?? 'success',
          ...(over.reason ? { reason: over.reason } : {}),
        }),
      );
    };
    for (let m = 0; m < 30; m++) await write(tenant, m, { action: m % 2 ? 'process.order.created' : 'process.order.updated' });
    await write(tenant, 40, { action: 'auth.login.failed', result: 'failure', reason: 'wrong_password' });
    await write(tenant, 41, { action: 'auth.login.failed', result: 'failure', reason: '=HYPERLINK("http://evil.example","x")' });
    await write(other, 42, { action: 'auth.login.failed', result: 'failure', name: 'よそ の人' });
    clock.set('2026-11-27T01:00:00Z');
    client = new TestClient(app);
    expect((await client.login(tenant.code, admin.email, admin.password)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.close();
  });

  it('pages the tenant’s own events, newest first, with the total', async () => {
    const res = await client.get('/api/audit/events?pageSize=10');
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({ page: 1, pageSize: 10 });
    expect(page.total).toBeGreaterThanOrEqual(32);
    expect(page.events).toHaveLength(10);
    const times = page.events.map((e: { occurredAt: string }) => e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    const all = (await client.get('/api/audit/events?pageSize=200')).json().events as { actorName: string | null }[];
    expect(all.some((e) => e.actorName === 'よそ の人')).toBe(false);
  });

  it('filters by who (folding width and kana), what, when and result', async () => {
    const get = async (query: string) => (await client.get(`/api/audit/events?${query}`)).json();
    expect((await get(`actor=${encodeURIComponent('かとう')}&action=process`)).total).toBe(30);
    expect((await get(`actor=${encodeURIComponent('ｶﾄｳ')}&action=process`)).total).toBe(30);
    expect((await get(`actor=${member.id}&action=process`)).total).toBe(30);
    expect((await get('action=process.order.created')).total).toBe(15);
    expect((await get('result=failure')).total).toBe(2);
    const from = encodeURIComponent('2026-11-26T00:10:00Z');
    const to = encodeURIComponent('2026-11-26T00:20:00Z');
    expect((await get(`from=${from}&to=${to}`)).total).toBe(10);
    expect((await get('actor=%25')).total).toBe(0);
  });

  it('answers a bad filter with a message in the user’s language', async () => {
    const res = await client.get(`/api/audit/events?from=${encodeURIComponent('2026-11-26T00:20:00Z')}&to=${encodeURIComponent('2026-11-26T00:10:00Z')}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.to).toBe('終了日時は開始日時より後にしてください。');
    const en = new TestClient(app, 'en');
    await en.login(tenant.code, admin.email, admin.password);
    const bad = await en.get('/api/audit/events?action=DROP%20TABLE&pageSize=1000');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toMatchObject({ action: expect.stringMatching(/lower-case letters/), pageSize: 'Enter a value of at most 200.' });
  });

  it('is for admins: a member is refused', async () => {
    const c = new TestClient(app);
    await c.login(tenant.code, member.email, member.password);
    expect((await c.get('/api/audit/events')).statusCode).toBe(403);
    expect((await c.get('/api/audit/events/csv')).statusCode).toBe(403);
  });

  it('exports the filtered log as CSV for Excel, in the user’s language, with formulas defused', async () => {
    const res = await client.get('/api/audit/events/csv?result=failure');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="event-log-${tenant.code}-2026-11-27.csv"`);
    expect(res.body.startsWith('\uFEFF"日時（日本時間）","日時（UTC）"')).toBe(true);
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"2026/11/26 09:41:00","2026-11-26T00:41:00.000Z","user","カトウ ジロウ"');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    const en = new TestClient(app, 'en');
    await en.login(tenant.code, admin.email, admin.password);
    expect((await en.get('/api/audit/events/csv')).body.startsWith('\uFEFF"Time (JST)","Time (UTC)"')).toBe(true);
  });

  describe('the operator console', () => {
    let staff: Awaited<ReturnType<typeof signInStaff>>;
    beforeAll(async () => {
      staff = await signInStaff(app, clock, { roles: ['auditor'] });
    });

    it('shows staff the operator work log with filters, and nobody else', async () => {
      const res = await staff.client.get('/api/ops/audit/events?action=ops.staff.login');
      expect(res.statusCode).toBe(200);
      expect(res.json().events.length).toBeGreaterThan(0);
      expect(res.json().events.every((e: { action: string }) => e.action.startsWith('ops.staff.login'))).toBe(true);
      expect((await client.get('/api/ops/audit/events')).statusCode).toBe(404);
    });

    it('verifies every chain from the staff screen and records that it did', async () => {
      const res = await staff.client.post('/api/ops/audit/verify', {});
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ ok: true, broken: [] });
      expect(res.json().chains).toBeGreaterThanOrEqual(3);
      const log = (await staff.client.get('/api/ops/audit/events?action=ops.audit.verified')).json();
      expect(log.events[0]).toMatchObject({ result: 'success', actorType: 'staff' });
    });

    it('reports the host clock’s NTP state, or unknown with the reason', async () => {
      const res = await staff.client.get('/api/ops/audit/clock');
      expect(res.statusCode).toBe(200);
      const { clock: state } = res.json();
      expect(['synchronised', 'unsynchronised', 'unknown']).toContain(state.status);
      if (state.status === 'unknown') expect(state.reason).toMatch(/chronyc: .+; timedatectl: .+/);
    });
  });
});
