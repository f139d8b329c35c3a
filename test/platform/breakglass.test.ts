import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { signInStaff, startSmtp, textBody } from '../support/seeders/audit.js';

const REASON = 'サポート依頼 #4711: 会員一覧の表示不具合の調査';

describe(`break-glass: staff see a tenant's data only through a logged, time-limited grant (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  let tenant: BuiltTenant;
  let other: BuiltTenant;
  let admin: BuiltUser;
  let adminClient: TestClient;
  let staff: Awaited<ReturnType<typeof signInStaff>>;

  beforeAll(async () => {
    tdb = await openTestDatabase();
    smtp = await startSmtp();
    app = await createTestApp(tdb.db, { clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL: 'https://app.example.jp' } });
    tenant = await buildTenant(tdb.db, { name: '東洋樹脂株式会社' });
    other = await buildTenant(tdb.db);
    admin = await buildUser(tdb.db, tenant, { displayName: '管理 花子' });
    await buildUser(tdb.db, tenant, { email: 'member@toyo.example', displayName: '現場 一郎', memberships: [{ service: 'process', role: 'member' }] });
    adminClient = new TestClient(app);
    expect((await adminClient.login(tenant.code, admin.email, admin.password)).statusCode).toBe(200);
    staff = await signInStaff(app, clock, { displayName: '運用 太郎' });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await tdb?.close();
  });

  const membersUrl = (id: string) => `/api/ops/tenants/${id}/members`;
  /** Moves the clock in steps short enough to keep the staff (15 min idle) and admin sessions alive. */
  const advance = async (ms: number) => {
    for (let left = ms; left > 0; left -= 10 * 60_000) {
      clock.advance(Math.min(left, 10 * 60_000));
      expect((await staff.client.get('/api/ops/session')).statusCode).toBe(200);
      expect((await adminClient.get('/api/session')).statusCode).toBe(200);
    }
  };
  const operatorActions = async (action: string) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit.operator_events WHERE action = $1', [action])).rows[0]!.n);

  it('gives staff nothing without a grant: 403, no member data, and the refusal is logged', async () => {
    for (const url of [membersUrl(tenant.id), `/api/ops/tenants/${tenant.id}/events`]) {
      const res = await staff.client.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('breakglass.grant_required');
      expect(res.body).not.toContain('member@toyo.example');
    }
    expect(await operatorActions('ops.breakglass.refused')).toBe(2);
    expect((await staff.client.get(membersUrl('00000000-0000-4000-8000-000000000000'))).statusCode).toBe(404);
  });

  it('hides the staff routes from tenant users (404) and refuses staff without the permission (403)', async () => {
    expect((await adminClient.get(membersUrl(tenant.id))).statusCode).toBe(404);
    const auditor = await signInStaff(app, clock, { roles: ['auditor'] });
    expect((await auditor.client.get(membersUrl(tenant.id))).statusCode).toBe(403);
    expect((await auditor.client.post('/api/ops/breakglass/grants', { tenantId: tenant.id, reason: REASON, durationMinutes: 30 })).statusCode).toBe(403);
  });

  it('refuses a grant longer than four hours, without a real reason, or for an unknown tenant, writing nothing', async () => {
    const before = await operatorActions('ops.breakglass.opened');
    const long = await staff.client.post('/api/ops/breakglass/grants', { tenantId: tenant.id, reason: REASON, durationMinutes: 241 });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.fields.durationMinutes).toBe('240以下の値を入力してください。');
    const terse = await staff.client.post('/api/ops/breakglass/grants', { tenantId: tenant.id, reason: 'check', durationMinutes: 60 });
    expect(terse.json().error.fields.reason).toBe('10文字以上で入力してください。');
    expect((await staff.client.post('/api/ops/breakglass/grants', { tenantId: '00000000-0000-4000-8000-000000000000', reason: REASON, durationMinutes: 60 })).statusCode).toBe(404);
    expect(await operatorActions('ops.breakglass.opened')).toBe(before);
  });

  it('with a grant: returns the members, shows the tenant admin who looked, why and when, and e-mails the contact address once', async () => {
    const opened = await staff.client.post('/api/ops/breakglass/grants', { tenantId: tenant.id, reason: REASON, durationMinutes: 60 });
    expect(opened.statusCode).toBe(201);
    const grant = opened.json().grant;
    expect(grant).toMatchObject({ staffName: '運用 太郎', tenant: { id: tenant.id, name: '東洋樹脂株式会社' }, reason: REASON, active: true, expiresAt: '2026-11-27T02:00:00.000Z' });

    const res = await staff.client.get(membersUrl(tenant.id));
    expect(res.statusCode).toBe(200);
    expect(res.json().members.map((m: { email: string }) => m.email)).toContain('member@toyo.example');
    expect((await staff.client.get(`/api/ops/tenants/${tenant.id}/events?action=auth`)).statusCode).toBe(200);

    const log = await adminClient.get('/api/audit/events?actorType=staff');
    expect(log.statusCode).toBe(200);
    const events = log.json().events as { action: string; actorName: string; reason: string; occurredAt: string; details: { purpose?: string } }[];
    const accesses = events.filter((e) => e.action === 'breakglass.access');
    expect(accesses.map((e) => e.details.purpose).sort()).toEqual(['events', 'members']);
    for (const e of accesses) expect(e).toMatchObject({ actorName: '運用 太郎', reason: REASON, occurredAt: '2026-11-27T01:00:00.000Z' });
    expect(events.some((e) => e.action === 'breakglass.grant.opened')).toBe(true);
    expect(await operatorActions('ops.breakglass.read')).toBe(2);

    expect(await app.jobs.drain()).toBeGreaterThan(0);
    const mails = smtp.received.filter((m) => m.to.includes(`rep@${tenant.code.toLowerCase()}.example`));
    expect(mails).toHaveLength(1);
    const body = textBody(mails[0]!.raw);
    expect(body).toContain('運用 太郎');
    expect(body).toContain(REASON);
    expect(body).toContain('https://app.example.jp/audit');
  });

  it('opens only the named tenant, and only for the staff member who holds the grant', async () => {
    expect((await staff.client.get(membersUrl(other.id))).statusCode).toBe(403);
    const colleague = await signInStaff(app, clock, { roles: ['operator'] });
    expect((await colleague.client.get(membersUrl(tenant.id))).statusCode).toBe(403);
  });

  it('expires on time', async () => {
    await advance(59 * 60_000);
    expect((await staff.client.get(membersUrl(tenant.id))).statusCode).toBe(200);
    await advance(60_000);
    const res = await staff.client.get(membersUrl(tenant.id));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('breakglass.grant_required');
    const list = await staff.client.get('/api/ops/breakglass/grants?active=true');
    expect(list.json().grants).toEqual([]);
  });

  it('can be ended early, which the tenant also sees', async () => {
    const grant = (await staff.client.post('/api/ops/breakglass/grants', { tenantId: tenant.id, reason: REASON, durationMinutes: 240 })).json().grant;
    expect((await staff.client.get(membersUrl(tenant.id))).statusCode).toBe(200);
    expect((await staff.client.post(`/api/ops/breakglass/grants/${grant.id}/close`, {})).statusCode).toBe(204);
    expect((await staff.client.get(membersUrl(tenant.id))).statusCode).toBe(403);
    expect((await staff.client.post(`/api/ops/breakglass/grants/${grant.id}/close`, {})).statusCode).toBe(409);
    const log = (await adminClient.get('/api/audit/events?action=breakglass.grant.closed')).json();
    expect(log.total).toBe(1);
  });
});
