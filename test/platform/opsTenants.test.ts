import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant } from '../../src/core/db/index.js';
import { createSession } from '../../src/platform/identity/index.js';
import { purgeDateFor } from '../../src/platform/lifecycle/index.js';
import { buildTenant, buildUser, type BuiltTenant } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { startSmtp, type Received } from '../support/smtp.js';
import { signInStaff } from '../support/seeders/audit.js';

const PUBLIC_URL = 'http://sotas.test';
const JAPANESE = /[ぁ-んァ-ヶ一-龠]/;

describe(`operator console: tenants and contracts over the API (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let staff: TestClient;
  let auditor: TestClient;
  let tenantId: string;
  let other: BuiltTenant;
  const clock = new ManualClock('2026-11-27T01:00:00Z');

  beforeAll(async () => {
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL } });
    staff = (await signInStaff(app, clock, { roles: ['operator', 'security_officer'], displayName: '運用 太郎' })).client;
    auditor = (await signInStaff(app, clock, { roles: ['auditor'], displayName: '監査 次郎' })).client;
    other = await buildTenant(tdb.db, { name: '別会社株式会社', services: ['process'] });
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.close();
    await smtp?.close();
  });

  /** Delivers what is queued (mail jobs) and returns every mail to `to` so far. */
  async function mailsTo(to: string): Promise<Received[]> {
    await app.jobs.drain();
    return smtp.received.filter((m) => m.to.includes(to));
  }

  const owner = <R>(sql: string, params: unknown[] = []) => tdb.db.ownerTransaction(async (tx) => (await tx.query<R>(sql, params)).rows);
  const tenantRow = async (id: string) =>
    (await owner<{ status: string; purge_on: string | null; contact_email: string; representative_email: string }>(
      `SELECT status, to_char(purge_on, 'YYYY-MM-DD') AS purge_on, contact_email, representative_email FROM ops.tenants WHERE id = $1`,
      [id],
    ))[0]!;
  const provider = () =>
    owner<{ row: string }>(
      `SELECT t::text AS row FROM ops.tenants t UNION ALL SELECT c::text FROM ops.contracts c ORDER BY 1`,
    );
  const operatorActions = async (customerId: string) =>
    (await owner<{ action: string; details: { requestRef?: string } }>(`SELECT action, details FROM audit.operator_events WHERE customer_id = $1 ORDER BY seq`, [customerId])).map(
      (e) => `${e.action}:${e.details.requestRef ?? ''}`,
    );
  const tenantActions = async (id: string) =>
    (await owner<{ action: string; actor_type: string }>(`SELECT action, actor_type FROM audit.tenant_events WHERE tenant_id = $1 ORDER BY seq`, [id])).map((e) => `${e.action}:${e.actor_type}`);

  it('opens a tenant through the API and the first-login mail reaches the representative through SMTP', async () => {
    const res = await staff.post('/api/ops/tenants', {
      code: 'ｓａｋｕｒａ-01',
      name: 'さくら化成株式会社',
      representativeName: '桜井 一郎',
      representativeEmail: 'rep@sakura.example.jp',
      contactEmail: 'it@sakura.example.jp',
      lang: 'ja',
      contracts: [
        { service: 'process', startsOn: '2026-11-01' },
        { service: 'survey', startsOn: '2026-11-01' },
      ],
      requestRef: 'CONTRACT-2026-001',
    });
    expect(res.statusCode).toBe(201);
    tenantId = res.json().tenant.id;
    const [mail] = await mailsTo('rep@sakura.example.jp');
    expect(mail?.subject).toBe('ご利用開始（初回ログイン）のお手続きのご案内');
    expect(mail?.text).toContain('SAKURA-01');
    const token = new RegExp(`${PUBLIC_URL}/first-login/([A-Za-z0-9._-]+)`).exec(mail!.text)![1]!;
    const rep = new TestClient(app);
    expect((await rep.post(`/api/first-login/${token}`, { password: 'Sakura#Kaishi2026' })).statusCode).toBeLessThan(300);
    expect((await rep.login('SAKURA-01', 'rep@sakura.example.jp', 'Sakura#Kaishi2026')).statusCode).toBe(200);
    // Open-ended contracts: no purge date.
    expect((await tenantRow(tenantId)).purge_on).toBeNull();
  });

  it('lists tenants with search (width and kana folded), status filter, sort, paging and CSV', async () => {
    const byCode = (await staff.get('/api/ops/tenants?q=ｓａｋｕｒａ')).json();
    expect(byCode.tenants.map((t: { code: string }) => t.code)).toEqual(['SAKURA-01']);
    expect(byCode.tenants[0].services).toEqual(['process', 'survey']);
    const byKana = (await staff.get(`/api/ops/tenants?q=${encodeURIComponent('サクラ化成')}`)).json();
    expect(byKana.total).toBe(1);
    const suspended = (await staff.get('/api/ops/tenants?status=suspended')).json();
    expect(suspended.total).toBe(0);
    const paged = (await staff.get('/api/ops/tenants?pageSize=1&page=2&sort=code')).json();
    expect(paged.tenants).toHaveLength(1);
    expect(paged.total).toBeGreaterThanOrEqual(2);
    const csv = await staff.get('/api/ops/tenants/csv?q=SAKURA');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('"企業コード"');
    expect(csv.body).toContain('"SAKURA-01","さくら化成株式会社","利用中"');
    // The auditor reads.
    expect((await auditor.get('/api/ops/tenants')).statusCode).toBe(200);
    const nul = await staff.get('/api/ops/tenants?q=%00abc');
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.fields.q).toMatch(JAPANESE);
    const bad = await staff.get('/api/ops/tenants?status=gone&pageSize=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(JAPANESE);
  });

  it('shows a tenant: provider records, contracts, MFA policy and user counts only', async () => {
    await staff.request('PUT', `/api/ops/tenants/${tenantId}/mfa-required`, { required: true, requestReference: 'REQ-MFA-1' });
    const res = await auditor.get(`/api/ops/tenants/${tenantId}`);
    expect(res.statusCode).toBe(200);
    const { tenant } = res.json();
    expect(tenant).toMatchObject({ code: 'SAKURA-01', name: 'さくら化成株式会社', representativeEmail: 'rep@sakura.example.jp', contactEmail: 'it@sakura.example.jp', status: 'active', mfaRequired: true, purgeOn: null });
    expect(tenant.contracts.map((c: { service: string; state: string }) => `${c.service}:${c.state}`)).toEqual(['process:active', 'survey:active']);
    expect(tenant.users).toEqual({ total: 1, byService: [{ service: 'process', users: 1 }, { service: 'survey', users: 1 }] });
    // No user names of the tenant appear (the representative's name is tenant data).
    expect(res.body).not.toContain('桜井');
    expect((await staff.get(`/api/ops/tenants/${crypto.randomUUID()}`)).statusCode).toBe(404);
    await staff.request('PUT', `/api/ops/tenants/${tenantId}/mfa-required`, { required: false, requestReference: 'REQ-MFA-2' });
    expect((await staff.get(`/api/ops/tenants/${tenantId}`)).json().tenant.mfaRequired).toBe(false);
  });

  it('changes contact addresses at the tenant’s request: both logs, mails to old and new addresses; bad input changes nothing', async () => {
    const before = await provider();
    for (const body of [{ requestRef: 'R-1' }, { contactEmail: 'not-an-address', requestRef: 'R-1' }, { contactEmail: 'x@sakura.example.jp' }, { contactEmail: 'x@sakura.example.jp', requestRef: 'R', extra: 1 }]) {
      const bad = await staff.request('PUT', `/api/ops/tenants/${tenantId}/contacts`, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(bad.json().error.message).toMatch(JAPANESE);
    }
    const missing = await staff.request('PUT', `/api/ops/tenants/${tenantId}/contacts`, { requestRef: 'R-1' });
    expect(missing.json().error.fields.contactEmail).toBe('代表者メールアドレスか連絡先メールアドレスの少なくとも一方を入力してください。');
    expect(await provider()).toEqual(before);

    const res = await staff.request('PUT', `/api/ops/tenants/${tenantId}/contacts`, { contactEmail: 'system@sakura.example.jp', requestRef: 'REQ-2026-310' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ contactEmail: 'system@sakura.example.jp', representativeEmail: 'rep@sakura.example.jp', changed: ['contactEmail'] });
    expect((await tenantRow(tenantId)).contact_email).toBe('system@sakura.example.jp');
    const [oldMail] = await mailsTo('it@sakura.example.jp');
    const [newMail] = await mailsTo('system@sakura.example.jp');
    for (const mail of [oldMail, newMail]) expect(mail?.text).toContain('it@sakura.example.jp → system@sakura.example.jp');
    expect(await operatorActions(tenantId)).toContain('ops.tenant.contacts_changed:REQ-2026-310');
    expect(await tenantActions(tenantId)).toContain('tenant.contacts.changed:staff');
    // The auditor cannot write; another tenant's user does not even see the route.
    expect((await auditor.request('PUT', `/api/ops/tenants/${tenantId}/contacts`, { contactEmail: 'a@b.jp', requestRef: 'R' })).statusCode).toBe(403);
    expect((await staff.request('PUT', `/api/ops/tenants/${crypto.randomUUID()}/contacts`, { contactEmail: 'a@b.jp', requestRef: 'R' })).statusCode).toBe(404);
  });

  it('ends contracts with the purge date in the answer; the tenant’s purge date is set once all have ended, and a renewal clears it', async () => {
    const { tenant } = (await staff.get(`/api/ops/tenants/${tenantId}`)).json();
    const process = tenant.contracts.find((c: { service: string }) => c.service === 'process');
    const survey = tenant.contracts.find((c: { service: string }) => c.service === 'survey');

    // Bad input: an end before the start, a malformed date, another tenant's contract.
    const before = await provider();
    const early = await staff.request('PUT', `/api/ops/tenants/${tenantId}/contracts/${process.id}`, { endsOn: '2026-10-31', requestRef: 'R' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.fields.endsOn).toBe('終了日は開始日以降の日付にしてください。');
    expect((await staff.request('PUT', `/api/ops/tenants/${tenantId}/contracts/${process.id}`, { endsOn: '2026-02-30', requestRef: 'R' })).statusCode).toBe(400);
    const otherContract = (await owner<{ id: string }>('SELECT id FROM ops.contracts WHERE customer_id = $1', [other.id]))[0]!.id;
    expect((await staff.request('PUT', `/api/ops/tenants/${tenantId}/contracts/${otherContract}`, { endsOn: '2026-12-31', requestRef: 'R' })).statusCode).toBe(404);
    expect((await auditor.request('PUT', `/api/ops/tenants/${tenantId}/contracts/${process.id}`, { endsOn: '2026-12-31', requestRef: 'R' })).statusCode).toBe(403);
    expect(await provider()).toEqual(before);

    const ended = await staff.request('PUT', `/api/ops/tenants/${tenantId}/contracts/${process.id}`, { endsOn: '2026-12-30', requestRef: 'REQ-END-1' });
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ contract: { service: 'process', endsOn: '2026-12-30', purgeOn: '2027-03-01', state: 'ending' }, tenantPurgeOn: null });
    // Survey still runs open-ended: no purge date for the tenant yet.
    expect((await tenantRow(tenantId)).purge_on).toBeNull();
    const notice = (await mailsTo('system@sakura.example.jp')).find((m) => m.subject.includes('工程管理'));
    expect(notice?.text).toContain('2026/12/30');
    expect(notice?.text).toContain('2027/03/01');

    const last = await staff.request('PUT', `/api/ops/tenants/${tenantId}/contracts/${survey.id}`, { endsOn: '2027-03-31', requestRef: 'REQ-END-2' });
    expect(last.json()).toMatchObject({ contract: { purgeOn: '2027-06-01' }, tenantPurgeOn: '2027-06-01' });
    expect((await tenantRow(tenantId)).purge_on).toBe(purgeDateFor('2027-03-31'));
    const detail = (await staff.get(`/api/ops/tenants/${tenantId}`)).json().tenant;
    expect(detail.purgeOn).toBe('2027-06-01');
    expect((await staff.get('/api/ops/tenants?q=SAKURA')).json().tenants[0].purgeOn).toBe('2027-06-01');

    // Renewal by making the survey contract open-ended again clears it…
    const renewed = await staff.request('PUT', `/api/ops/tenants/${tenantId}/contracts/${survey.id}`, { endsOn: null, requestRef: 'REQ-RENEW-1' });
    expect(renewed.json()).toMatchObject({ contract: { endsOn: null, purgeOn: null }, tenantPurgeOn: null });
    expect((await tenantRow(tenantId)).purge_on).toBeNull();
    // …and so does a new contract once everything has an end again.
    await staff.request('PUT', `/api/ops/tenants/${tenantId}/contracts/${survey.id}`, { endsOn: '2027-03-31', requestRef: 'REQ-END-3' });
    expect((await tenantRow(tenantId)).purge_on).toBe('2027-06-01');
    const overlap = await staff.post(`/api/ops/tenants/${tenantId}/contracts`, { service: 'process', startsOn: '2026-12-01', requestRef: 'R' });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.message).toMatch(JAPANESE);
    const reversed = await staff.post(`/api/ops/tenants/${tenantId}/contracts`, { service: 'catalog', startsOn: '2027-01-01', endsOn: '2026-12-01', requestRef: 'R' });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.fields.endsOn).toMatch(JAPANESE);
    const added = await staff.post(`/api/ops/tenants/${tenantId}/contracts`, { service: 'process', startsOn: '2026-12-31', requestRef: 'REQ-RENEW-2' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ contract: { service: 'process', startsOn: '2026-12-31', endsOn: null, state: 'scheduled' }, tenantPurgeOn: null });
    expect((await tenantRow(tenantId)).purge_on).toBeNull();

    expect(await operatorActions(tenantId)).toEqual(
      expect.arrayContaining(['ops.contract.end_changed:REQ-END-1', 'ops.contract.end_changed:REQ-END-2', 'ops.contract.end_changed:REQ-RENEW-1', 'ops.contract.added:REQ-RENEW-2']),
    );
    expect(await tenantActions(tenantId)).toEqual(expect.arrayContaining(['tenant.contract.end_changed:staff', 'tenant.contract.added:staff']));
  });

  it('makes the representative admin of a newly contracted service nobody administers', async () => {
    const res = await staff.post(`/api/ops/tenants/${tenantId}/contracts`, { service: 'catalog', startsOn: '2026-11-27', requestRef: 'REQ-CAT-1' });
    expect(res.statusCode).toBe(201);
    const rep = new TestClient(app);
    const login = await rep.login('SAKURA-01', 'rep@sakura.example.jp', 'Sakura#Kaishi2026');
    expect(login.json().user.memberships).toEqual(expect.arrayContaining([{ service: 'catalog', role: 'admin' }]));
  });

  it('carries the catalog plan on catalog contracts only: not a publisher and free by default; staff set paid and the tenant reads paid', async () => {
    const readerPlan = (id: string) =>
      withTenant(tdb.db, id, async (tx) => (await tx.query<{ plan: string | null; publisher: boolean }>('SELECT catalog.reader_plan() AS plan, catalog.may_publish() AS publisher')).rows[0]!);
    const contracts = (await staff.get(`/api/ops/tenants/${tenantId}`)).json().tenant.contracts as { id: string; service: string; catalogPublisher?: boolean; catalogSubscription?: string }[];
    const catalog = contracts.find((c) => c.service === 'catalog')!;
    const process = contracts.find((c) => c.service === 'process')!;
    expect(catalog).toMatchObject({ catalogPublisher: false, catalogSubscription: 'free' });
    expect(process).not.toHaveProperty('catalogSubscription');
    expect(await readerPlan(tenantId)).toEqual({ plan: 'free', publisher: false });

    // The plan means nothing on another service's contract, and an empty change is refused.
    const before = await provider();
    const onProcess = await staff.request('PUT', `/api/ops/tenants/${tenantId}/contracts/${process.id}`, { catalogSubscription: 'paid', requestRef: 'R' });
    expect(onProcess.statusCode).toBe(400);
    expect(onProcess.json().error.fields.catalogSubscription).toBe('掲載企業・購読プランはデータベース（Sotas DB）の契約でのみ指定できます。');
    const added = await staff.post(`/api/ops/tenants/${other.id}/contracts`, { service: 'survey', startsOn: '2026-12-01', catalogPublisher: true, requestRef: 'R' });
    expect(added.statusCode).toBe(400);
    expect(added.json().error.fields.catalogPublisher).toMatch(JAPANESE);
    expect((await staff.request('PUT', `/api/ops/tenants/${tenantId}/contracts/${catalog.id}`, { requestRef: 'R' })).statusCode).toBe(400);
    expect((await staff.request('PUT', `/api/ops/tenants/${tenantId}/contracts/${catalog.id}`, { catalogSubscription: 'gold', requestRef: 'R' })).statusCode).toBe(400);
    expect(await provider()).toEqual(before);

    const paid = await staff.request('PUT', `/api/ops/tenants/${tenantId}/contracts/${catalog.id}`, { catalogSubscription: 'paid', catalogPublisher: true, requestRef: 'REQ-PLAN-1' });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().contract).toMatchObject({ service: 'catalog', endsOn: null, catalogPublisher: true, catalogSubscription: 'paid' });
    expect(await readerPlan(tenantId)).toEqual({ plan: 'paid', publisher: true });
    const [logged] = await owner<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit.operator_events WHERE customer_id = $1 AND action = 'ops.contract.catalog_plan_changed' ORDER BY seq`,
      [tenantId],
    );
    expect(logged!.details).toMatchObject({
      requestRef: 'REQ-PLAN-1',
      before: { catalogPublisher: false, catalogSubscription: 'free' },
      after: { catalogPublisher: true, catalogSubscription: 'paid' },
    });
    expect(await tenantActions(tenantId)).toContain('tenant.contract.catalog_plan_changed:staff');
    // Only the plan changed: no end-date event for this request.
    expect(await operatorActions(tenantId)).not.toContain('ops.contract.end_changed:REQ-PLAN-1');

    const none = await staff.request('PUT', `/api/ops/tenants/${tenantId}/contracts/${catalog.id}`, { catalogSubscription: 'none', requestRef: 'REQ-PLAN-2' });
    expect(none.json().contract).toMatchObject({ catalogPublisher: true, catalogSubscription: 'none' });
    expect(await readerPlan(tenantId)).toEqual({ plan: null, publisher: true });

    // A tenant opened with a catalog contract starts as a free subscriber that does not publish.
    const opened = await staff.post('/api/ops/tenants', {
      code: 'CATALOG-01',
      name: 'データベース利用株式会社',
      representativeName: '利用 一郎',
      representativeEmail: 'rep@catalog.example.jp',
      contactEmail: 'it@catalog.example.jp',
      contracts: [{ service: 'catalog', startsOn: '2026-11-01' }],
      requestRef: 'CONTRACT-2026-003',
    });
    expect(opened.statusCode).toBe(201);
    const openedId = opened.json().tenant.id as string;
    expect((await staff.get(`/api/ops/tenants/${openedId}`)).json().tenant.contracts).toEqual([
      expect.objectContaining({ service: 'catalog', catalogPublisher: false, catalogSubscription: 'free' }),
    ]);
    expect(await readerPlan(openedId)).toEqual({ plan: 'free', publisher: false });

    // Added with a plan, the contract starts with it and the operator log says so.
    const later = await staff.post(`/api/ops/tenants/${other.id}/contracts`, { service: 'catalog', startsOn: '2026-11-01', catalogSubscription: 'paid', requestRef: 'REQ-PLAN-3' });
    expect(later.statusCode, later.body).toBe(201);
    expect(later.json().contract).toMatchObject({ catalogPublisher: false, catalogSubscription: 'paid' });
    const [addedLog] = await owner<{ details: Record<string, unknown> }>(`SELECT details FROM audit.operator_events WHERE customer_id = $1 AND action = 'ops.contract.added' ORDER BY seq DESC`, [other.id]);
    expect(addedLog!.details).toMatchObject({ service: 'catalog', catalogPublisher: false, catalogSubscription: 'paid' });
    expect(await readerPlan(other.id)).toEqual({ plan: 'paid', publisher: false });
  });

  it('sets the purge date at opening when every contract has an end date', async () => {
    const res = await staff.post('/api/ops/tenants', {
      code: 'FIXED-01',
      name: '期間契約株式会社',
      representativeName: '期間 花子',
      representativeEmail: 'rep@fixed.example.jp',
      contactEmail: 'it@fixed.example.jp',
      contracts: [{ service: 'process', startsOn: '2026-04-01', endsOn: '2027-03-31' }],
      requestRef: 'CONTRACT-2026-002',
    });
    expect(res.statusCode).toBe(201);
    expect((await tenantRow(res.json().tenant.id)).purge_on).toBe('2027-06-01');
  });

  it('suspends a tenant: sign-in and open sessions stop; resuming lets users sign in again', async () => {
    const user = await buildUser(tdb.db, { id: tenantId }, { email: 'worker@sakura.example.jp', memberships: [{ service: 'survey', role: 'org_member' }] });
    const signedIn = new TestClient(app);
    expect((await signedIn.login('SAKURA-01', user.email, user.password)).statusCode).toBe(200);
    expect((await signedIn.get('/api/session')).statusCode).toBe(200);
    const session = await withTenant(tdb.db, tenantId, (tx) => createSession(tx, clock, app.config.session, { tenantId, userId: user.id }));

    for (const body of [{ reason: '', requestRef: 'R' }, { reason: '依頼\u0000', requestRef: 'R' }, { reason: '依頼', requestRef: 'R\tX' }]) {
      const bad = await staff.post(`/api/ops/tenants/${tenantId}/suspend`, body);
      expect(bad.statusCode).toBe(400);
      expect(Object.values(bad.json().error.fields).join('')).toMatch(JAPANESE);
    }
    expect((await tenantRow(tenantId)).status).toBe('active');
    expect((await auditor.post(`/api/ops/tenants/${tenantId}/suspend`, { reason: '依頼', requestRef: 'R' })).statusCode).toBe(403);

    const res = await staff.post(`/api/ops/tenants/${tenantId}/suspend`, { reason: '契約者からの一時停止依頼', requestRef: 'REQ-STOP-1' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'suspended' });
    expect(res.json().sessionsEnded).toBeGreaterThanOrEqual(2);
    expect((await signedIn.get('/api/session')).statusCode).toBe(401);
    const cookie = new TestClient(app);
    cookie.setCookie('sotas_session', session.cookieValue);
    expect((await cookie.get('/api/session')).statusCode).toBe(401);
    const refused = await new TestClient(app).login('SAKURA-01', user.email, user.password);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('auth.invalid_credentials');
    expect((await staff.post(`/api/ops/tenants/${tenantId}/suspend`, { reason: 'x', requestRef: 'R' })).statusCode).toBe(409);
    const detail = (await staff.get(`/api/ops/tenants/${tenantId}`)).json().tenant;
    expect(detail).toMatchObject({ status: 'suspended', suspensionReason: '契約者からの一時停止依頼' });
    const stopped = (await mailsTo('system@sakura.example.jp')).find((m) => m.subject.includes('一時停止'));
    expect(stopped?.text).toContain('SAKURA-01');
    expect(stopped?.text).not.toContain('契約者からの一時停止依頼');

    const resumed = await staff.post(`/api/ops/tenants/${tenantId}/resume`, { requestRef: 'REQ-STOP-2' });
    expect(resumed.statusCode).toBe(200);
    expect((await staff.post(`/api/ops/tenants/${tenantId}/resume`, { requestRef: 'REQ-STOP-3' })).statusCode).toBe(409);
    expect((await new TestClient(app).login('SAKURA-01', user.email, user.password)).statusCode).toBe(200);
    // Sessions ended by the suspension stay ended.
    expect((await cookie.get('/api/session')).statusCode).toBe(401);
    expect((await mailsTo('system@sakura.example.jp')).some((m) => m.subject === 'ご利用再開のお知らせ')).toBe(true);
    expect(await operatorActions(tenantId)).toEqual(expect.arrayContaining(['ops.tenant.suspended:REQ-STOP-1', 'ops.tenant.resumed:REQ-STOP-2']));
    expect(await tenantActions(tenantId)).toEqual(expect.arrayContaining(['tenant.suspended:staff', 'tenant.resumed:staff']));
  });

  it('lists the survey users staff manage (names, addresses, roles of that service only)', async () => {
    await buildUser(tdb.db, { id: tenantId }, { email: 'process-only@sakura.example.jp', displayName: '工程 専任', memberships: [{ service: 'process', role: 'member' }] });
    const added = await staff.post(`/api/ops/tenants/${tenantId}/survey/members`, { email: 'chem@sakura.example.jp', displayName: '化学 花子', role: 'org_reviewer', requestRef: 'REQ-SV-1' });
    expect(added.statusCode).toBe(201);
    const res = await staff.get(`/api/ops/tenants/${tenantId}/survey/members`);
    expect(res.statusCode).toBe(200);
    const members = res.json().members as { email: string; role: string; displayName: string }[];
    expect(members.map((m) => `${m.email}:${m.role}`).sort()).toEqual(['chem@sakura.example.jp:org_reviewer', 'rep@sakura.example.jp:org_admin', 'worker@sakura.example.jp:org_member']);
    expect(res.body).not.toContain('process-only@sakura.example.jp');
    // A tenant without a survey contract, another tenant's id, an auditor (no survey management).
    expect((await staff.get(`/api/ops/tenants/${other.id}/survey/members`)).statusCode).toBe(409);
    expect((await staff.get(`/api/ops/tenants/${crypto.randomUUID()}/survey/members`)).statusCode).toBe(404);
    expect((await auditor.get(`/api/ops/tenants/${tenantId}/survey/members`)).statusCode).toBe(403);
  });

  it('shows a purged tenant but changes nothing of it', async () => {
    const purged = await buildTenant(tdb.db, { code: 'GONE-01', name: '削除済株式会社', services: ['process'] });
    await owner(`UPDATE ops.tenants SET status = 'purged' WHERE id = $1`, [purged.id]);
    expect((await staff.get(`/api/ops/tenants/${purged.id}`)).json().tenant.status).toBe('purged');
    expect((await staff.get('/api/ops/tenants?status=purged')).json().tenants.map((t: { code: string }) => t.code)).toEqual(['GONE-01']);
    const res = await staff.request('PUT', `/api/ops/tenants/${purged.id}/contacts`, { contactEmail: 'new@gone.example.jp', requestRef: 'R' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('contracts.tenant_purged');
    expect((await staff.post(`/api/ops/tenants/${purged.id}/contracts`, { service: 'catalog', startsOn: '2026-12-01', requestRef: 'R' })).statusCode).toBe(409);
  });

  it('answers 404 to tenant users and anonymous callers on every route of the console', async () => {
    const admin = await buildUser(tdb.db, other, { memberships: [{ service: 'process', role: 'admin' }] });
    const user = new TestClient(app);
    expect((await user.login(other.code, admin.email, admin.password)).statusCode).toBe(200);
    const contractId = (await owner<{ id: string }>('SELECT id FROM ops.contracts WHERE customer_id = $1', [other.id]))[0]!.id;
    const calls: [method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown][] = [
      ['GET', '/api/ops/tenants'],
      ['GET', '/api/ops/tenants/csv'],
      ['GET', `/api/ops/tenants/${other.id}`],
      ['PUT', `/api/ops/tenants/${other.id}/contacts`, { contactEmail: 'a@b.jp', requestRef: 'R' }],
      ['POST', `/api/ops/tenants/${other.id}/contracts`, { service: 'catalog', startsOn: '2026-12-01', requestRef: 'R' }],
      ['PUT', `/api/ops/tenants/${other.id}/contracts/${contractId}`, { endsOn: '2026-12-31', requestRef: 'R' }],
      ['POST', `/api/ops/tenants/${other.id}/suspend`, { reason: 'x', requestRef: 'R' }],
      ['POST', `/api/ops/tenants/${other.id}/resume`, { requestRef: 'R' }],
      ['GET', `/api/ops/tenants/${other.id}/survey/members`],
    ];
    const before = await provider();
    for (const client of [user, new TestClient(app)]) {
      for (const [method, url, body] of calls) {
        const res = await client.request(method, url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(404);
      }
    }
    expect(await provider()).toEqual(before);
    // The read-only auditor reads but cannot change anything.
    for (const [method, url, body] of calls) {
      const res = await auditor.request(method, url, body);
      expect(res.statusCode, `auditor ${method} ${url}`).toBe(method === 'GET' ? (url.endsWith('/survey/members') ? 403 : 200) : 403);
    }
    expect(await provider()).toEqual(before);
  });
});
