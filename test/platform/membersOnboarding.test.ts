import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant } from '../../src/core/db/index.js';
import { redactUrl } from '../../src/core/logger.js';
import { createSession } from '../../src/platform/identity/index.js';
import { addSurveyMember, openTenant, openTenantSchema, temporaryPasswordExpired, type StaffActorRef } from '../../src/platform/members/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { startSmtp, type Received } from '../support/smtp.js';

const PUBLIC_URL = 'http://sotas.test';
const STAFF: StaffActorRef = { type: 'staff', id: '3f9a7c2e-0b1d-4e5f-8a6b-7c8d9e0f1a2b', name: '運用 次郎' };

describe(`onboarding through a real SMTP server (9.2.1, 9.2.4) (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let tenant: BuiltTenant;
  let catalogAdmin: BuiltUser;
  let adminClient: TestClient;
  const clock = new ManualClock('2026-11-26T01:00:00.000Z');

  beforeAll(async () => {
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL } });
    tenant = await buildTenant(tdb.db, { name: '東和樹脂株式会社' });
    catalogAdmin = await buildUser(tdb.db, tenant, { displayName: '鈴木 一郎', memberships: [{ service: 'catalog', role: 'admin' }] });
    adminClient = await clientFor(catalogAdmin);
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
    await smtp.close();
  });

  async function clientFor(user: BuiltUser, lang: 'ja' | 'en' = 'ja'): Promise<TestClient> {
    const session = await withTenant(tdb.db, user.tenantId, (tx) =>
      createSession(tx, clock, app.config.session, { tenantId: user.tenantId, userId: user.id }),
    );
    const client = new TestClient(app, lang);
    client.setCookie('sotas_session', session.cookieValue);
    return client;
  }

  /** Delivers what is queued and returns the newest mail to `to`. */
  async function mailTo(to: string): Promise<Received> {
    await app.jobs.drain();
    const mail = smtp.received.filter((m) => m.to.includes(to)).at(-1);
    if (!mail) throw new Error(`no mail to ${to}; received: ${smtp.received.map((m) => m.to).join(', ')}`);
    return mail;
  }

  function linkIn(mail: Received, page: 'invitations' | 'first-login'): string {
    const match = new RegExp(`${PUBLIC_URL}/${page}/([A-Za-z0-9._-]+)`).exec(mail.text);
    if (!match) throw new Error(`no ${page} link in:\n${mail.text}`);
    return match[1]!;
  }

  const secretsStored = (secret: string) =>
    tdb.db.ownerTransaction(async (tx) => {
      const { rows } = await tx.query<{ n: number }>(
        `SELECT (SELECT count(*)::int FROM audit.tenant_events WHERE details::text LIKE $1)
              + (SELECT count(*)::int FROM audit.operator_events WHERE details::text LIKE $1)
              + (SELECT count(*)::int FROM platform.invitations WHERE token_hash LIKE $1)
              + (SELECT count(*)::int FROM platform.first_login_links WHERE token_hash LIKE $1) AS n`,
        [`%${secret}%`],
      );
      return rows[0]!.n;
    });

  it('catalog: invite → mail → link → accept with a password → sign in with the role', async () => {
    const sent = await adminClient.post('/api/services/catalog/invitations', { email: 'yamada@partner.example.jp', role: 'editor' });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().invitation).toMatchObject({ email: 'yamada@partner.example.jp', role: 'editor', sendCount: 1, expired: false, invitedByName: '鈴木 一郎' });
    const mail = await mailTo('yamada@partner.example.jp');
    expect(mail.subject).toBe('東和樹脂株式会社 の 鈴木 一郎 様から Sotas DB への招待が届いています');
    expect(mail.text).toContain('2026/12/03(木) 10:00 (日本時間)');
    const token = linkIn(mail, 'invitations');
    expect(await secretsStored(token.slice(37))).toBe(0);
    // The link's token is one path segment that the request log redacts.
    expect(redactUrl(`/api/invitation-links/${token}/accept`)).toBe('/api/invitation-links/[redacted]/accept');

    const visitor = new TestClient(app);
    const view = await visitor.get(`/api/invitation-links/${token}`);
    expect(view.statusCode).toBe(200);
    expect(view.json().invitation).toMatchObject({ tenantName: '東和樹脂株式会社', companyCode: tenant.code, email: 'yamada@partner.example.jp', service: 'catalog', role: 'editor', accountExists: false });

    const weak = await visitor.post(`/api/invitation-links/${token}/accept`, { displayName: '山田 花子', password: 'yamada#Pass2026' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields.password).toContain('メールアドレスの@より前の部分');
    const accepted = await visitor.post(`/api/invitation-links/${token}/accept`, { displayName: '山田 花子', password: 'Hanako#Sotas2026' });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json()).toEqual({ companyCode: tenant.code, email: 'yamada@partner.example.jp' });

    expect((await visitor.post(`/api/invitation-links/${token}/accept`, { displayName: '再利用', password: 'Hanako#Sotas2026' })).statusCode).toBe(404);
    expect((await visitor.get(`/api/invitation-links/${token}`)).json().error.code).toBe('members.invitation_invalid');

    const invitee = new TestClient(app);
    const login = await invitee.login(tenant.code, 'yamada@partner.example.jp', 'Hanako#Sotas2026');
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().user).toMatchObject({ displayName: '山田 花子', mustChangePassword: false, memberships: [{ service: 'catalog', role: 'editor' }] });
    expect((await adminClient.get('/api/services/catalog/invitations')).json().invitations).toEqual([]);
  });

  it('catalog: resending keeps one invitation and only the newest link works', async () => {
    const sent = await adminClient.post('/api/services/catalog/invitations', { email: 'kato@partner.example.jp', role: 'viewer' });
    const id = sent.json().invitation.id as string;
    const first = linkIn(await mailTo('kato@partner.example.jp'), 'invitations');
    const duplicate = await adminClient.post('/api/services/catalog/invitations', { email: 'KATO@partner.example.jp', role: 'editor' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('members.invitation_pending');

    clock.advance(60_000);
    expect((await adminClient.post(`/api/invitations/${id}/resend`)).json().invitation.sendCount).toBe(2);
    const second = linkIn(await mailTo('kato@partner.example.jp'), 'invitations');
    clock.advance(60_000);
    expect((await adminClient.post(`/api/invitations/${id}/resend`)).statusCode).toBe(200);
    const newest = linkIn(await mailTo('kato@partner.example.jp'), 'invitations');
    expect(new Set([first, second, newest]).size).toBe(3);

    const list = (await adminClient.get('/api/services/catalog/invitations')).json().invitations as { id: string; sendCount: number }[];
    expect(list.filter((i) => i.id === id)).toEqual([expect.objectContaining({ id, sendCount: 3 })]);
    const visitor = new TestClient(app);
    for (const old of [first, second]) {
      const res = await visitor.post(`/api/invitation-links/${old}/accept`, { displayName: '加藤 三郎', password: 'Saburo#Sotas2026' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('members.invitation_invalid');
    }
    expect((await visitor.post(`/api/invitation-links/${newest}/accept`, { displayName: '加藤 三郎', password: 'Saburo#Sotas2026' })).statusCode).toBe(201);
    expect((await new TestClient(app).login(tenant.code, 'kato@partner.example.jp', 'Saburo#Sotas2026')).statusCode).toBe(200);
  });

  it('catalog: a revoked invitation’s link fails, and it cannot be resent', async () => {
    const sent = await adminClient.post('/api/services/catalog/invitations', { email: 'revoked@partner.example.jp', role: 'viewer' });
    const id = sent.json().invitation.id as string;
    const token = linkIn(await mailTo('revoked@partner.example.jp'), 'invitations');
    expect((await adminClient.post(`/api/invitations/${id}/revoke`)).statusCode).toBe(204);
    const visitor = new TestClient(app, 'en');
    const view = await visitor.get(`/api/invitation-links/${token}`);
    expect(view.statusCode).toBe(404);
    expect(view.json().error.message).toMatch(/invalid, has expired or has already been used/);
    expect((await visitor.post(`/api/invitation-links/${token}/accept`, { displayName: 'X', password: 'Revoked#Pass2026' })).statusCode).toBe(404);
    expect((await adminClient.post(`/api/invitations/${id}/resend`)).json().error.code).toBe('members.invitation_closed');
    expect((await adminClient.get('/api/services/catalog/invitations')).json().invitations.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it('catalog: a link expires after 7 days; a resend brings a working one', async () => {
    const sent = await adminClient.post('/api/services/catalog/invitations', { email: 'late@partner.example.jp', role: 'viewer' });
    const id = sent.json().invitation.id as string;
    const token = linkIn(await mailTo('late@partner.example.jp'), 'invitations');
    clock.advance(7 * 24 * 3_600_000 + 1_000);
    expect((await new TestClient(app).get(`/api/invitation-links/${token}`)).statusCode).toBe(404);
    // A week later the admin signs in again.
    adminClient = await clientFor(catalogAdmin);
    const listed = (await adminClient.get('/api/services/catalog/invitations')).json().invitations.find((i: { id: string }) => i.id === id);
    expect(listed.expired).toBe(true);
    await adminClient.post(`/api/invitations/${id}/resend`);
    const fresh = linkIn(await mailTo('late@partner.example.jp'), 'invitations');
    expect((await new TestClient(app).get(`/api/invitation-links/${fresh}`)).statusCode).toBe(200);
  });

  it('catalog: an existing user accepts only while signed in as the invited address', async () => {
    const existing = await buildUser(tdb.db, tenant, { email: 'kogyo@toowa.example.jp', memberships: [{ service: 'process', role: 'member' }] });
    const other = await buildUser(tdb.db, tenant, { email: 'someone-else@toowa.example.jp', memberships: [{ service: 'process', role: 'member' }] });
    await adminClient.post('/api/services/catalog/invitations', { email: 'kogyo@toowa.example.jp', role: 'viewer' });
    const token = linkIn(await mailTo('kogyo@toowa.example.jp'), 'invitations');
    const visitor = new TestClient(app);
    expect((await visitor.get(`/api/invitation-links/${token}`)).json().invitation.accountExists).toBe(true);
    const anonymous = await visitor.post(`/api/invitation-links/${token}/accept`, { displayName: '乗っ取り', password: 'Takeover#2026x' });
    expect(anonymous.statusCode).toBe(409);
    expect(anonymous.json().error.code).toBe('members.invitation_sign_in_required');
    expect((await visitor.post(`/api/invitation-links/${token}/join`)).statusCode).toBe(401);

    const wrong = await (await clientFor(other)).post(`/api/invitation-links/${token}/join`);
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('members.invitation_wrong_account');

    const elsewhere: BuiltTenant = await buildTenant(tdb.db);
    const twin = await buildUser(tdb.db, elsewhere, { email: 'kogyo@toowa.example.jp', memberships: [{ service: 'process', role: 'member' }] });
    expect((await (await clientFor(twin)).post(`/api/invitation-links/${token}/join`)).statusCode).toBe(404);

    const owner = await clientFor(existing);
    const joined = await owner.post(`/api/invitation-links/${token}/join`);
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json()).toEqual({ service: 'catalog', role: 'viewer' });
    expect((await owner.get('/api/session')).json().user.memberships).toEqual([
      { service: 'catalog', role: 'viewer' },
      { service: 'process', role: 'member' },
    ]);
    expect((await owner.post(`/api/invitation-links/${token}/join`)).statusCode).toBe(404);
  });

  it('first login: openTenant mails the representative a single-use link; they set a password and sign in as admin of each service', async () => {
    const input = openTenantSchema.parse({
      code: 'ｙａｍａｄａ-01',
      name: '山田化成工業株式会社',
      representativeName: '山田 太郎',
      representativeEmail: 'daihyo@yamada-kasei.example.jp',
      contactEmail: 'it@yamada-kasei.example.jp',
      contracts: [
        { service: 'process', startsOn: '2026-11-01' },
        { service: 'catalog', startsOn: '2026-11-01', endsOn: '2027-10-31' },
        { service: 'survey', startsOn: '2026-11-01' },
      ],
      requestRef: '契約番号 C-2026-118',
    });
    const env = { registry: app.registry, publicUrl: app.config.http.publicUrl };
    const opened = await openTenant(tdb.db, clock, input, STAFF, { ip: '10.0.0.5', requestId: 'req-open-1' }, env);
    expect(opened.code).toBe('YAMADA-01');

    const mail = await mailTo('daihyo@yamada-kasei.example.jp');
    expect(mail.subject).toBe('ご利用開始（初回ログイン）のお手続きのご案内');
    expect(mail.text).toContain('企業コード：YAMADA-01');
    const token = linkIn(mail, 'first-login');
    expect(await secretsStored(token.slice(37))).toBe(0);

    const rep = new TestClient(app);
    expect((await rep.login('YAMADA-01', 'daihyo@yamada-kasei.example.jp', 'Anything#2026x')).statusCode).toBe(401);
    const view = await rep.get(`/api/first-login/${token}`);
    expect(view.json().firstLogin).toMatchObject({ tenantName: '山田化成工業株式会社', companyCode: 'YAMADA-01', email: 'daihyo@yamada-kasei.example.jp', displayName: '山田 太郎' });
    const weak = await rep.post(`/api/first-login/${token}`, { password: 'password' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields.password).toMatch(/英大文字/);
    const done = await rep.post(`/api/first-login/${token}`, { password: 'Sotas#Kaishi2026' });
    expect(done.statusCode, done.body).toBe(200);
    expect((await rep.post(`/api/first-login/${token}`, { password: 'Another#Pass2026' })).statusCode).toBe(404);

    const login = await rep.login('YAMADA-01', 'daihyo@yamada-kasei.example.jp', 'Sotas#Kaishi2026');
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().user.memberships).toEqual([
      { service: 'catalog', role: 'admin' },
      { service: 'process', role: 'admin' },
      { service: 'survey', role: 'org_admin' },
    ]);
    for (const service of ['process', 'catalog', 'survey']) expect((await rep.get(`/api/services/${service}/members`)).statusCode).toBe(200);

    const logs = await tdb.db.ownerTransaction(async (tx) => ({
      operator: (await tx.query<{ action: string; actor_type: string; customer_id: string; details: { requestRef: string } }>(
        'SELECT action, actor_type, customer_id, details FROM audit.operator_events WHERE customer_id = $1 ORDER BY action', [opened.tenantId])).rows,
      tenant: (await tx.query<{ action: string; actor_type: string }>('SELECT action, actor_type FROM audit.tenant_events WHERE tenant_id = $1 ORDER BY action', [opened.tenantId])).rows,
    }));
    expect(logs.operator.map((e) => [e.action, e.actor_type, e.details.requestRef])).toEqual([
      ['ops.tenant.opened', 'staff', '契約番号 C-2026-118'],
      ['ops.tenant_member.created', 'staff', '契約番号 C-2026-118'],
    ]);
    expect(logs.tenant.map((e) => e.action)).toEqual(expect.arrayContaining(['tenant.opened', 'tenant.member.created', 'tenant.first_login.completed', 'auth.login.succeeded']));
  });

  it('first login: the link expires after 72 hours; a taken company code opens nothing', async () => {
    const base = {
      name: '期限切れ化学株式会社',
      representativeName: '期限 切子',
      representativeEmail: 'rep@expired.example.jp',
      contactEmail: 'it@expired.example.jp',
      contracts: [{ service: 'process', startsOn: '2026-11-01' }],
      requestRef: 'C-2026-119',
    };
    const env = { registry: app.registry, publicUrl: app.config.http.publicUrl };
    await openTenant(tdb.db, clock, openTenantSchema.parse({ ...base, code: 'EXPIRED-01' }), STAFF, {}, env);
    const token = linkIn(await mailTo('rep@expired.example.jp'), 'first-login');
    clock.advance(72 * 3_600_000 + 1_000);
    expect((await new TestClient(app).post(`/api/first-login/${token}`, { password: 'Kigen#Kireta2026' })).statusCode).toBe(404);

    const countTenants = () => tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ops.tenants')).rows[0]!.n);
    const before = await countTenants();
    await expect(openTenant(tdb.db, clock, openTenantSchema.parse({ ...base, code: 'expired-01', representativeEmail: 'x@expired.example.jp' }), STAFF, {}, env)).rejects.toMatchObject({
      code: 'members.company_code_taken',
    });
    expect(await countTenants()).toBe(before);
    expect(openTenantSchema.safeParse({ ...base, code: 'DUP-01', contracts: [{ service: 'process', startsOn: '2026-11-01' }, { service: 'process', startsOn: '2026-12-01' }] }).success).toBe(false);
  });

  it('survey: staff add a member; the temporary password arrives by mail, signs in, and must be changed', async () => {
    const surveyTenant = await buildTenant(tdb.db, { code: `SV${Date.now().toString(36).toUpperCase()}` });
    await buildUser(tdb.db, surveyTenant, { memberships: [{ service: 'survey', role: 'org_admin' }] });
    const env = { registry: app.registry, publicUrl: app.config.http.publicUrl };
    const added = await addSurveyMember(
      tdb.db,
      clock,
      { tenantId: surveyTenant.id, email: 'chosa@supplier.example.jp', displayName: '調査 担当', role: 'org_member', lang: 'ja', requestRef: '依頼票 R-0042' },
      STAFF,
      { ip: '10.0.0.5' },
      env,
    );
    expect(added).toMatchObject({ newUser: true });
    const mail = await mailTo('chosa@supplier.example.jp');
    expect(mail.subject).toBe('化学調査サービスの仮パスワードのお知らせ');
    const password = /仮パスワード：(\S+)/.exec(mail.text)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9!#$%&*+\-=?@_]{16}$/);
    expect(mail.text).toContain(`${PUBLIC_URL}/login?company=${surveyTenant.code}`);
    expect(await secretsStored(password!)).toBe(0);

    const user = new TestClient(app);
    const login = await user.login(surveyTenant.code, 'chosa@supplier.example.jp', password!);
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().user).toMatchObject({ mustChangePassword: true, memberships: [{ service: 'survey', role: 'org_member' }] });
    const blocked = await user.get(`/api/members/${added.userId}`);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('auth.password_change_required');

    const expiredAt = (at: Date) => withTenant(tdb.db, surveyTenant.id, (tx) => temporaryPasswordExpired(tx, added.userId, at));
    expect(await expiredAt(clock.now())).toBe(false);
    expect(await expiredAt(new Date(clock.now().getTime() + 72 * 3_600_000))).toBe(true);
    expect((await user.post('/api/account/password', { currentPassword: password, newPassword: 'Jibun#Kimeta2026' })).statusCode).toBe(200);
    expect(await expiredAt(new Date(clock.now().getTime() + 72 * 3_600_000))).toBe(false);
  });
});
