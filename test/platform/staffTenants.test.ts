import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { startSmtp, type Received } from '../support/smtp.js';
import { bootstrapAndSignInStaff, buildStaff, signInStaff } from '../support/staff.js';

const PUBLIC_URL = 'http://sotas.test';

describe(`staff open tenants and manage survey members over the API, mail through SMTP (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let staff: TestClient;
  let staffAccount: { email: string; password: string; secret: Buffer };
  let tenantId: string;
  const clock = new ManualClock('2026-11-27T01:00:00Z');

  beforeAll(async () => {
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL } });
    const first = await bootstrapAndSignInStaff(app, tdb.db, clock);
    staff = first.client;
    staffAccount = first;
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
    await smtp.close();
  });

  async function mailTo(to: string): Promise<Received> {
    await app.jobs.drain();
    const mail = smtp.received.filter((m) => m.to.includes(to)).at(-1);
    if (!mail) throw new Error(`no mail to ${to}`);
    return mail;
  }

  it('opens a tenant; the representative follows the first-login mail, sets a password and is admin of each service', async () => {
    const res = await staff.post('/api/ops/tenants', {
      code: 'ｔｏｗａ-01',
      name: '東和樹脂株式会社',
      representativeName: '東和 太郎',
      representativeEmail: 'rep@towa.example.jp',
      contactEmail: 'it@towa.example.jp',
      contracts: [
        { service: 'survey', startsOn: '2026-11-01' },
        { service: 'catalog', startsOn: '2026-11-01', endsOn: '2027-10-31' },
      ],
      requestRef: 'CONTRACT-2026-77',
    });
    expect(res.statusCode).toBe(201);
    tenantId = res.json().tenant.id;
    expect(res.json().tenant.code).toBe('TOWA-01');
    const mail = await mailTo('rep@towa.example.jp');
    expect(mail.text).toContain('TOWA-01');
    const token = new RegExp(`${PUBLIC_URL}/first-login/([A-Za-z0-9._-]+)`).exec(mail.text)![1]!;
    const rep = new TestClient(app);
    expect((await rep.post(`/api/first-login/${token}`, { password: 'Towa#Kaishi2026' })).statusCode).toBeLessThan(300);
    const login = await rep.login('TOWA-01', 'rep@towa.example.jp', 'Towa#Kaishi2026');
    expect(login.json().user.memberships).toEqual([
      { service: 'catalog', role: 'admin' },
      { service: 'survey', role: 'org_admin' },
    ]);
  });

  it('adds a survey member whose temporary password arrives by mail and must be changed; tenants cannot do this', async () => {
    const added = await staff.post(`/api/ops/tenants/${tenantId}/survey/members`, {
      email: 'qa@towa.example.jp',
      displayName: '品質 花子',
      role: 'org_member',
      requestRef: 'REQ-2026-200',
    });
    expect(added.statusCode).toBe(201);
    const mail = await mailTo('qa@towa.example.jp');
    const temporary = /([A-Za-z0-9!#$%&*+\-=?@_]{10,31})\s*$/m.exec(mail.text.split('\n').find((l) => /仮パスワード|Temporary password/i.test(l) && /[:：]/.test(l)) ?? '')?.[1];
    expect(temporary, mail.text).toBeDefined();
    const member = new TestClient(app);
    const login = await member.login('TOWA-01', 'qa@towa.example.jp', temporary!);
    expect(login.statusCode).toBe(200);
    expect(login.json().user.mustChangePassword).toBe(true);
    const ops = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ details: { requestRef?: string } }>(`SELECT details FROM audit.operator_events WHERE action LIKE 'ops.tenant_member.%' AND customer_id = $1`, [tenantId])).rows);
    expect(ops.map((o) => o.details.requestRef)).toContain('REQ-2026-200');

    const admin = new TestClient(app);
    await admin.login('TOWA-01', 'rep@towa.example.jp', 'Towa#Kaishi2026');
    expect((await admin.post(`/api/ops/tenants/${tenantId}/survey/members`, { email: 'x@towa.example.jp', displayName: 'X', role: 'org_member', requestRef: 'r' })).statusCode).toBe(404);
  });

  it('expires a temporary password after 72 hours with a clear message', async () => {
    await staff.post(`/api/ops/tenants/${tenantId}/survey/members`, { email: 'late@towa.example.jp', displayName: '遅刻 次郎', role: 'org_reviewer', requestRef: 'REQ-2026-201' });
    const mail = await mailTo('late@towa.example.jp');
    const line = mail.text.split('\n').find((l) => /仮パスワード|Temporary password/i.test(l) && /[:：]/.test(l)) ?? '';
    const temporary = /([A-Za-z0-9!#$%&*+\-=?@_]{10,31})\s*$/.exec(line)![1]!;
    clock.advance(73 * 3_600_000);
    const res = await new TestClient(app).login('TOWA-01', 'late@towa.example.jp', temporary);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.temporary_password_expired');
  });

  it('changes and removes survey members, keeping the last org admin', async () => {
    // The clock moved 73 hours: the staff session has long timed out; sign in again.
    expect((await staff.get('/api/ops/session')).statusCode).toBe(404);
    staff = (await signInStaff(app, clock, staffAccount, staffAccount.secret)).client;
    const members = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ id: string; email: string }>('SELECT id, email FROM platform.users WHERE tenant_id = $1', [tenantId])).rows);
    const rep = members.find((m) => m.email === 'rep@towa.example.jp')!;
    const qa = members.find((m) => m.email === 'qa@towa.example.jp')!;
    const demote = await staff.request('PUT', `/api/ops/tenants/${tenantId}/survey/members/${rep.id}`, { role: 'org_member', requestRef: 'REQ-3' });
    expect(demote.statusCode).toBe(409);
    expect((await staff.request('PUT', `/api/ops/tenants/${tenantId}/survey/members/${qa.id}`, { role: 'org_reviewer', requestRef: 'REQ-4' })).statusCode).toBe(204);
    expect((await staff.request('DELETE', `/api/ops/tenants/${tenantId}/survey/members/${qa.id}`, { requestRef: 'REQ-5' })).statusCode).toBe(204);
    const other = await buildTenant(tdb.db);
    const stranger = await buildUser(tdb.db, other, { memberships: [{ service: 'survey', role: 'org_member' }] });
    expect((await staff.request('DELETE', `/api/ops/tenants/${tenantId}/survey/members/${stranger.id}`, { requestRef: 'REQ-6' })).statusCode).toBe(404);
  });

  it('refuses read-only auditors', async () => {
    const auditor = await signInStaff(app, clock, await buildStaff(tdb.db, ['auditor']));
    const res = await auditor.client.post('/api/ops/tenants', { code: 'NOPE-1', name: 'x', representativeName: 'x', representativeEmail: 'a@b.jp', contactEmail: 'a@b.jp', contracts: [{ service: 'process', startsOn: '2026-11-01' }], requestRef: 'r' });
    expect(res.statusCode).toBe(403);
  });
});
