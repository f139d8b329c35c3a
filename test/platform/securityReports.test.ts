import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { startSmtp, type Received } from '../support/smtp.js';
import { bootstrapAndSignInStaff, buildStaff } from '../support/staff.js';
import { base32Decode, totpAt } from '../support/totp.js';

const PUBLIC_URL = 'http://sotas.test';
const ALERTS = 'ops-alerts@provider.example';
const CONTACT = 'security@provider.example';

let nextIp = 10;

/** A visitor from their own address (the app trusts X-Forwarded-For here), so per-IP limits apply per visitor. */
class IpClient extends TestClient {
  readonly ip = `203.0.113.${nextIp++}`;
  override request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) {
    return super.request(method, url, body, { 'x-forwarded-for': this.ip, ...headers });
  }
}

const REPORT = {
  reporterName: '外部 研究者',
  reporterEmail: 'researcher@example.org',
  subject: 'ログイン画面に反射型XSSの疑い',
  description: '企業コード欄に <script> を含む値を入れると、エラー表示に反映されるように見えます。再現手順: 1. ログイン画面を開く 2. …',
  affected: 'https://app.example.jp/login',
};

describe(`security reports: public form, staff alert, staff inbox (16.1.2) (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let officer: TestClient;
  let officerId: string;
  const clock = new ManualClock('2026-11-27T01:00:00Z');

  beforeAll(async () => {
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, {
      clock,
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL, STAFF_ALERT_EMAIL: ALERTS, SECURITY_CONTACT: CONTACT, TRUST_PROXY: 'true' },
    });
    officer = (await bootstrapAndSignInStaff(app, tdb.db, clock)).client;
    officerId = (await officer.get('/api/ops/session')).json().staff.id;
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
    await smtp.close();
  });

  const count = (sql: string) => tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>(sql)).rows[0]!.n);
  const stored = async () => ({
    reports: await count('SELECT count(*)::int AS n FROM ops.security_reports'),
    alerts: await count('SELECT count(*)::int AS n FROM ops.staff_alerts'),
    mails: await count('SELECT count(*)::int AS n FROM ops.mail_outbox'),
    events: await count(`SELECT count(*)::int AS n FROM audit.operator_events WHERE action LIKE 'ops.security_report.%'`),
  });
  const events = (action: string) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ actor_type: string; actor_id: string | null; target_id: string; details: Record<string, unknown>; ip: string | null }>(
      'SELECT actor_type, actor_id, target_id, details, ip FROM audit.operator_events WHERE action = $1 ORDER BY seq',
      [action],
    )).rows);

  async function alertMails(): Promise<Received[]> {
    await app.jobs.drain();
    return smtp.received.filter((m) => m.to.includes(ALERTS));
  }

  /** A staff member with the given roles, signed in (password + TOTP). */
  async function staffWith(roles: string[]): Promise<TestClient> {
    const account = await buildStaff(tdb.db, roles);
    const client = new IpClient(app);
    const step = (await client.post('/api/ops/auth/login', account)).json().secondFactor;
    expect((await client.post('/api/ops/auth/mfa', { token: step.token, code: totpAt(base32Decode(step.secret), clock.now()) })).statusCode).toBe(204);
    return client;
  }

  let reportId: string;
  let reference: string;

  it('takes a report from anyone without signing in, answers with a reference, and mails the staff address once', async () => {
    const visitor = new IpClient(app);
    const res = await visitor.post('/api/security-reports', REPORT);
    expect(res.statusCode, res.body).toBe(201);
    reference = res.json().report.reference;
    expect(reference).toMatch(/^SR-20261127-[A-Z0-9]{6}$/);
    expect(res.json().report.receivedAt).toBe('2026-11-27T01:00:00.000Z');

    const inbox = await officer.get('/api/ops/security-reports');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json()).toMatchObject({ total: 1, counts: { new: 1, triaging: 0, resolved: 0, rejected: 0 } });
    expect(inbox.json().reports[0]).toMatchObject({ reference, subject: REPORT.subject, status: 'new', assignee: null, reporterName: '外部 研究者', notes: 0 });
    reportId = inbox.json().reports[0].id;
    const detail = (await officer.get(`/api/ops/security-reports/${reportId}`)).json();
    expect(detail.report).toMatchObject({ description: REPORT.description, reporterEmail: REPORT.reporterEmail, affected: REPORT.affected, lang: 'ja', noteList: [] });
    expect(detail.canManage).toBe(true);
    expect(detail.assignees).toEqual(expect.arrayContaining([{ id: officerId, displayName: '運用 太郎' }]));

    const mails = await alertMails();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`【運用アラート】セキュリティ報告を受け付けました（${reference}）`);
    expect(mails[0]!.text).toContain(`件名：${REPORT.subject}`);
    expect(mails[0]!.text).toContain(`${PUBLIC_URL}/ops`);
    expect(mails[0]!.text, 'the description stays in the console').not.toContain('再現手順');
    expect(smtp.received.some((m) => m.to.includes(REPORT.reporterEmail)), 'nothing is mailed to the address typed in the form').toBe(false);

    expect(await events('ops.security_report.received')).toEqual([
      expect.objectContaining({ actor_type: 'anonymous', target_id: reportId, ip: visitor.ip, details: { reference, withContact: true } }),
    ]);
    const alerts = (await officer.get('/api/ops/alerts')).json().alerts;
    expect(alerts).toEqual([expect.objectContaining({ kind: 'security_report', summary: { ja: `セキュリティ報告を受け付けました（${reference}）`, en: `Security report received (${reference})` }, resolvedAt: null })]);

    // A second report is a second alert and a second mail; the first is not mailed again.
    clock.advance(60_000);
    const second = await new IpClient(app, 'en').post('/api/security-reports', { subject: 'Open redirect on sign-out', description: 'The next parameter is not checked.' });
    expect(second.statusCode).toBe(201);
    expect(await alertMails()).toHaveLength(2);
    const stored2 = (await officer.get(`/api/ops/security-reports?status=new`)).json();
    expect(stored2.total).toBe(2);
    expect(stored2.reports[0]).toMatchObject({ subject: 'Open redirect on sign-out', reporterName: null });
  });

  it('needs the CSRF token like every other state-changing request', async () => {
    const before = await stored();
    const res = await app.http.inject({ method: 'POST', url: '/api/security-reports', payload: REPORT, headers: { 'x-forwarded-for': '203.0.113.200' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf.invalid');
    expect(await stored()).toEqual(before);
  });

  it('refuses bad input with a message in Japanese beside each field, storing and mailing nothing', async () => {
    const before = await stored();
    const bad = await new IpClient(app).post('/api/security-reports', { subject: ' ', description: '', reporterEmail: 'not-an-address', reporterName: 'x'.repeat(101) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('入力内容に誤りがあります。各項目のメッセージを確認してください。');
    expect(bad.json().error.fields).toEqual({
      subject: '入力してください。',
      description: '入力してください。',
      reporterEmail: 'メールアドレスの形式が正しくありません。',
      reporterName: '100文字以内で入力してください。',
    });
    const extra = await new IpClient(app).post('/api/security-reports', { ...REPORT, tenantId: 'x' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.fields._).toBe('不明な項目が含まれています: tenantId');

    const long = await new IpClient(app).post('/api/security-reports', { ...REPORT, description: 'あ'.repeat(20_001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.fields.description).toBe('20000文字以内で入力してください。');
    const huge = await new IpClient(app).request('POST', '/api/security-reports', { ...REPORT, description: 'x'.repeat(1_100_000) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.message).toBe('リクエストが大きすぎます。');
    expect(await stored()).toEqual(before);

    const longest = await new IpClient(app).post('/api/security-reports', { ...REPORT, description: 'あ'.repeat(20_000) });
    expect(longest.statusCode, 'exactly the limit is accepted').toBe(201);
  });

  it('limits each address to five submissions a minute, counting refused ones', async () => {
    const visitor = new IpClient(app);
    for (let i = 0; i < 5; i++) expect((await visitor.post('/api/security-reports', { subject: '', description: '' })).statusCode).toBe(400);
    const before = await stored();
    const limited = await visitor.post('/api/security-reports', REPORT);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.message).toBe('リクエストが多すぎます。しばらく待ってからもう一度お試しください。');
    expect(await stored()).toEqual(before);
    expect((await new IpClient(app).post('/api/security-reports', REPORT)).statusCode, 'another address is not affected').toBe(201);
  });

  it('lets staff assign, change the status and add notes, each in the operator log; taking a report up closes its alert', async () => {
    const assign = await officer.request('PUT', `/api/ops/security-reports/${reportId}/assignee`, { assigneeId: officerId });
    expect(assign.statusCode).toBe(204);
    expect((await officer.get('/api/ops/alerts?open=true')).json().alerts.map((a: { summary: { ja: string } }) => a.summary.ja)).not.toContain(`セキュリティ報告を受け付けました（${reference}）`);
    expect(await events('ops.security_report.assigned')).toEqual([expect.objectContaining({ actor_id: officerId, target_id: reportId, details: { reference, assigneeName: '運用 太郎' } })]);

    expect((await officer.request('PUT', `/api/ops/security-reports/${reportId}/status`, { status: 'triaging' })).statusCode).toBe(204);
    const same = await officer.request('PUT', `/api/ops/security-reports/${reportId}/status`, { status: 'triaging' });
    expect(same.statusCode).toBe(409);
    expect(same.json().error.message).toBe('この報告は既にその状態です。画面を再読み込みしてください。');
    const note = await officer.post(`/api/ops/security-reports/${reportId}/notes`, { body: '再現を確認。修正版を準備中。' });
    expect(note.statusCode).toBe(201);
    expect((await officer.request('PUT', `/api/ops/security-reports/${reportId}/status`, { status: 'resolved' })).statusCode).toBe(204);

    const detail = (await officer.get(`/api/ops/security-reports/${reportId}`)).json().report;
    expect(detail).toMatchObject({ status: 'resolved', assignee: { id: officerId, displayName: '運用 太郎' }, notes: 1 });
    expect(detail.noteList).toEqual([expect.objectContaining({ staffName: '運用 太郎', body: '再現を確認。修正版を準備中。' })]);
    const changes = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ changes: unknown }>(`SELECT changes FROM audit.operator_events WHERE action = 'ops.security_report.status_changed' ORDER BY seq`)).rows);
    expect(changes.map((c) => c.changes)).toEqual([
      { before: { status: 'new' }, after: { status: 'triaging' } },
      { before: { status: 'triaging' }, after: { status: 'resolved' } },
    ]);
    expect(await events('ops.security_report.note_added')).toEqual([expect.objectContaining({ target_id: reportId, details: expect.objectContaining({ reference }) })]);
    expect((await officer.get('/api/ops/security-reports?status=resolved')).json().reports.map((r: { id: string }) => r.id)).toEqual([reportId]);
  });

  it('refuses bad triage input and unknown reports, changing nothing', async () => {
    const before = await stored();
    const badStatus = await officer.request('PUT', `/api/ops/security-reports/${reportId}/status`, { status: 'closed' });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().error.fields.status).toBe('選択肢から選んでください。');
    const nobody = await officer.request('PUT', `/api/ops/security-reports/${reportId}/assignee`, { assigneeId: '00000000-0000-4000-8000-000000000000' });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error.fields.assigneeId).toBe('有効なスタッフを選んでください。');
    const emptyNote = await officer.post(`/api/ops/security-reports/${reportId}/notes`, { body: '   ' });
    expect(emptyNote.json().error.fields.body).toBe('入力してください。');
    expect((await officer.get('/api/ops/security-reports/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await officer.request('PUT', '/api/ops/security-reports/00000000-0000-4000-8000-000000000000/status', { status: 'triaging' })).statusCode).toBe(404);
    expect((await officer.get('/api/ops/security-reports?status=open')).statusCode).toBe(400);
    expect(await stored()).toEqual(before);
    expect((await officer.get(`/api/ops/security-reports/${reportId}`)).json().report).toMatchObject({ status: 'resolved', assignee: { id: officerId } });
  });

  it('gives auditors the inbox to read but no change (403), and operators both', async () => {
    const auditor = await staffWith(['auditor']);
    expect((await auditor.get('/api/ops/security-reports')).statusCode).toBe(200);
    const detail = await auditor.get(`/api/ops/security-reports/${reportId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().canManage).toBe(false);
    expect((await auditor.get('/api/ops/alerts')).statusCode).toBe(200);
    const before = await stored();
    for (const [method, url, body] of [
      ['PUT', `/api/ops/security-reports/${reportId}/status`, { status: 'triaging' }],
      ['PUT', `/api/ops/security-reports/${reportId}/assignee`, { assigneeId: null }],
      ['POST', `/api/ops/security-reports/${reportId}/notes`, { body: 'x' }],
    ] as const) {
      const res = await auditor.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.message).toBe('この操作を行う権限がありません。');
    }
    expect(await stored()).toEqual(before);
    const operator = await staffWith(['operator']);
    expect((await operator.request('PUT', `/api/ops/security-reports/${reportId}/assignee`, { assigneeId: null })).statusCode).toBe(204);
  });

  it('hides the inbox from tenant users and anonymous callers (404), and shows the configured security contact to everyone', async () => {
    const tenant = await buildTenant(tdb.db);
    const user = await buildUser(tdb.db, tenant);
    const tenantClient = new IpClient(app);
    expect((await tenantClient.login(tenant.code, user.email, user.password)).statusCode).toBe(200);
    for (const client of [tenantClient, new IpClient(app)]) {
      for (const [method, url] of [
        ['GET', '/api/ops/security-reports'],
        ['GET', `/api/ops/security-reports/${reportId}`],
        ['PUT', `/api/ops/security-reports/${reportId}/status`],
        ['PUT', `/api/ops/security-reports/${reportId}/assignee`],
        ['POST', `/api/ops/security-reports/${reportId}/notes`],
        ['GET', '/api/ops/alerts'],
      ] as const) {
        const res = await client.request(method, url, method === 'GET' ? undefined : { status: 'resolved', assigneeId: null, body: 'x' });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.json().error.code).toBe('route.not_found');
      }
    }
    expect((await new TestClient(app).get('/api/public/config')).json().securityContact).toBe(CONTACT);
  });
});
