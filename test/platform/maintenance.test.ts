import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { sendDueReminders } from '../../src/platform/maintenance/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { startSmtp, type Received } from '../support/smtp.js';
import { bootstrapAndSignInStaff, buildStaff, signInStaff } from '../support/staff.js';

const DAY = 24 * 3_600_000;
const HOUR = 3_600_000;

function contactOf(tenant: BuiltTenant): string {
  return `rep@${tenant.code.toLowerCase()}.example`;
}

describe(`maintenance notices: lead time, mails through SMTP, reminder, change, cancel, banner (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let staff: TestClient;
  let staffAccount: { email: string; password: string; secret: Buffer };
  let auditor: TestClient;
  // Fri 27 Nov 2026, 10:00 JST.
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  /** process, active: affected by process maintenance. */
  let towa: BuiltTenant;
  /** catalog only: another service. */
  let kasei: BuiltTenant;
  /** process, but the contract ended before the window. */
  let former: BuiltTenant;
  /** process, tenant ended. */
  let closed: BuiltTenant;
  /** catalog and survey, suspended: still told. */
  let paused: BuiltTenant;
  let towaUser: BuiltUser;
  let kaseiUser: BuiltUser;
  let firstNoticeId: string;
  let secondNoticeId: string;

  const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

  beforeAll(async () => {
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL: 'http://sotas.test', BACKUP_ENABLED: 'false' } });
    const first = await bootstrapAndSignInStaff(app, tdb.db, clock);
    staff = first.client;
    staffAccount = first;
    auditor = (await signInStaff(app, clock, await buildStaff(tdb.db, ['auditor']))).client;
    towa = await buildTenant(tdb.db, { name: '東和樹脂株式会社', services: ['process'] });
    kasei = await buildTenant(tdb.db, { name: '化成データ株式会社', services: ['catalog'] });
    former = await buildTenant(tdb.db, { name: '旧契約株式会社', services: ['process'] });
    closed = await buildTenant(tdb.db, { name: '解約済株式会社', services: ['process'], status: 'ended' });
    paused = await buildTenant(tdb.db, { name: '休止中株式会社', services: ['catalog', 'survey'], status: 'suspended' });
    await tdb.db.ownerTransaction((tx) => tx.query(`UPDATE ops.contracts SET ends_on = '2026-10-31' WHERE customer_id = $1`, [former.id]));
    towaUser = await buildUser(tdb.db, towa);
    kaseiUser = await buildUser(tdb.db, kasei, { memberships: [{ service: 'catalog', role: 'admin' }] });
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.close();
    await smtp?.close();
  });

  /** Runs due jobs (recurring ones and mail delivery) until none is left. */
  async function drain(): Promise<void> {
    for (let i = 0; i < 20; i++) if ((await app.jobs.tick()) === 0) return;
    throw new Error('jobs kept coming');
  }

  /** The mails that reach the SMTP server while `action` runs and its jobs drain. */
  async function mailsDuring(action: () => Promise<unknown>): Promise<Received[]> {
    const before = smtp.received.length;
    await action();
    await drain();
    return smtp.received.slice(before);
  }

  const count = (sql: string, params: unknown[] = []) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>(sql, params)).rows[0]!.n);

  const stored = async () => ({
    notices: await count('SELECT count(*)::int AS n FROM ops.maintenance_notices'),
    notifications: await count('SELECT count(*)::int AS n FROM ops.maintenance_notifications'),
    mails: await count('SELECT count(*)::int AS n FROM ops.mail_outbox'),
    operatorEvents: await count(`SELECT count(*)::int AS n FROM audit.operator_events WHERE action LIKE 'ops.maintenance.%'`),
  });

  async function signIn(user: BuiltUser, tenant: BuiltTenant): Promise<TestClient> {
    const client = new TestClient(app);
    expect((await client.login(tenant.code, user.email, user.password)).statusCode).toBe(200);
    return client;
  }

  async function bannerOf(user: BuiltUser, tenant: BuiltTenant): Promise<{ id: string; services: string[]; startsAt: string; description: { ja: string; en: string }; inProgress: boolean }[]> {
    const res = await (await signIn(user, tenant)).get('/api/maintenance/notices');
    expect(res.statusCode).toBe(200);
    return res.json().notices;
  }

  async function staffAgain(): Promise<void> {
    staff = (await signInStaff(app, clock, staffAccount, staffAccount.secret)).client;
  }

  /** The first maintenance: Sat 5 Dec 2026, 22:00 to 02:00 JST, eight days and twelve hours ahead. */
  const FIRST_START = '2026-12-05T13:00:00.000Z';
  const base = () => ({
    startsAt: FIRST_START,
    endsAt: '2026-12-05T17:00:00.000Z',
    services: ['process'],
    descriptionJa: 'データベースサーバーのバージョンアップを行います。',
    descriptionEn: 'We will upgrade the database servers.',
  });

  it('refuses a start six days ahead in Japanese, storing and mailing nothing', async () => {
    const before = await stored();
    const mails = await mailsDuring(async () => {
      const res = await staff.post('/api/ops/maintenance', { ...base(), startsAt: at(6 * DAY), endsAt: at(6 * DAY + 2 * HOUR) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('maintenance.lead_time');
      expect(res.json().error.message).toContain('7日以上前にお知らせする決まり');
      expect(res.json().error.fields.startsAt).toMatch(/緊急/);
      const past = await staff.post('/api/ops/maintenance', { ...base(), startsAt: at(-HOUR), endsAt: at(HOUR), urgent: true, urgentReason: '障害対応' });
      expect(past.json().error.code).toBe('maintenance.start_past');
      const reversed = await staff.post('/api/ops/maintenance', { ...base(), endsAt: at(8 * DAY) });
      expect(reversed.statusCode).toBe(400);
      expect(reversed.json().error.fields.endsAt).toBe('終了日時は開始日時より後にしてください。');
      const noService = await staff.post('/api/ops/maintenance', { ...base(), services: [] });
      expect(noService.json().error.fields.services).toBe('1件以上指定してください。');
      const noEnglish = await staff.post('/api/ops/maintenance', { ...base(), descriptionEn: '  ' });
      expect(noEnglish.json().error.fields.descriptionEn).toBe('入力してください。');
    });
    expect(mails).toEqual([]);
    expect(await stored()).toEqual(before);
  });

  it('lets urgent work through the lead time only with a reason', async () => {
    const before = await stored();
    const urgentWindow = { ...base(), services: ['survey'], startsAt: at(2 * DAY), endsAt: at(2 * DAY + HOUR) };
    const noReason = await staff.post('/api/ops/maintenance', { ...urgentWindow, urgent: true });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields.urgentReason).toBe('緊急の場合は、通常の告知期間より短くなる理由を入力してください。');
    expect(await stored()).toEqual(before);

    const mails = await mailsDuring(async () => {
      const res = await staff.post('/api/ops/maintenance', { ...urgentWindow, urgent: true, urgentReason: '脆弱性（CVE-2026-0001）の修正を急ぐため' });
      expect(res.statusCode).toBe(201);
      expect(res.json().notice.notified).toBe(1);
    });
    // Only the suspended tenant has a survey contract.
    expect(mails.map((m) => m.to)).toEqual([[contactOf(paused)]]);
    const event = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ reason: string; details: { urgent: boolean } }>(`SELECT reason, details FROM audit.operator_events WHERE action = 'ops.maintenance.scheduled'`)).rows);
    expect(event).toEqual([expect.objectContaining({ reason: '脆弱性（CVE-2026-0001）の修正を急ぐため', details: expect.objectContaining({ urgent: true }) })]);
  });

  it('mails exactly the affected tenants’ contact addresses through SMTP, and logs it', async () => {
    const mails = await mailsDuring(async () => {
      const res = await staff.post('/api/ops/maintenance', base());
      expect(res.statusCode).toBe(201);
      firstNoticeId = res.json().notice.id;
    });
    expect(mails.map((m) => m.to)).toEqual([[contactOf(towa)]]);
    const [mail] = mails;
    expect(mail!.subject).toBe('【メンテナンスのお知らせ】2026/12/05(土) 22:00 (日本時間) ～ 2026/12/06(日) 02:00 (日本時間)');
    expect(mail!.text).toContain('東和樹脂株式会社');
    expect(mail!.text).toContain('対象サービス：工程管理');
    expect(mail!.text).toContain('データベースサーバーのバージョンアップを行います。');
    // English below the Japanese.
    expect(mail!.text).toContain('Window: Sat, 5 Dec 2026 22:00 JST – Sun, 6 Dec 2026 02:00 JST');
    expect(mail!.text).toContain('Services: Process management');
    expect(mail!.text.indexOf('We will upgrade the database servers.')).toBeGreaterThan(mail!.text.indexOf('データベースサーバー'));
    for (const other of [kasei, former, closed, paused]) expect(mails.flatMap((m) => m.to)).not.toContain(contactOf(other));

    const detail = await staff.get(`/api/ops/maintenance/${firstNoticeId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().notice).toMatchObject({ status: 'upcoming', services: ['process'], urgent: false, revision: 1, createdByName: '運用 太郎' });
    expect(detail.json().tenants).toEqual([expect.objectContaining({ customerId: towa.id, affected: true, contactEmail: contactOf(towa) })]);
    expect(detail.json().notifications).toEqual([expect.objectContaining({ customerId: towa.id, kind: 'scheduled', to: contactOf(towa), mailStatus: 'sent' })]);

    const operator = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ actor_name: string; target_id: string }>(`SELECT actor_name, target_id FROM audit.operator_events WHERE action = 'ops.maintenance.scheduled' AND target_id = $1`, [firstNoticeId])).rows,
    );
    expect(operator).toEqual([{ actor_name: '運用 太郎', target_id: firstNoticeId }]);
    const tenantEvents = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ tenant_id: string; details: { kind: string } }>(`SELECT tenant_id, details FROM audit.tenant_events WHERE action = 'maintenance.notice.received' AND target_id = $1`, [firstNoticeId])).rows,
    );
    expect(tenantEvents).toEqual([{ tenant_id: towa.id, details: expect.objectContaining({ kind: 'scheduled' }) }]);

    const list = await staff.get('/api/ops/maintenance?status=upcoming');
    expect(list.json()).toMatchObject({ total: 2, leadDays: 7 });
    // Coming ones soonest first: the urgent one (in two days), then this one.
    expect(list.json().notices.map((n: { affectedTenants: number }) => n.affectedTenants)).toEqual([1, 1]);
    expect(list.json().notices[1].id).toBe(firstNoticeId);
    const preview = await staff.get(`/api/ops/maintenance/affected?startsAt=${encodeURIComponent(base().startsAt)}&endsAt=${encodeURIComponent(base().endsAt)}&services=process,catalog`);
    expect(preview.json().tenants.map((t: { id: string }) => t.id).sort()).toEqual([towa.id, kasei.id, paused.id].sort());
    expect(preview.json().leadTimeKept).toBe(true);
  });

  it('shows the banner to users of the affected tenant only', async () => {
    const seen = await bannerOf(towaUser, towa);
    expect(seen.map((n) => n.id)).toEqual([firstNoticeId]);
    expect(seen[0]).toMatchObject({ services: ['process'], description: { ja: 'データベースサーバーのバージョンアップを行います。', en: 'We will upgrade the database servers.' }, inProgress: false });
    expect(seen[0]).not.toHaveProperty('urgentReason');
    expect(await bannerOf(kaseiUser, kasei)).toEqual([]);
    expect((await new TestClient(app).get('/api/maintenance/notices')).statusCode).toBe(401);
  });

  it('answers 404 to tenant users on every console route and refuses writes to auditors', async () => {
    const user = await signIn(towaUser, towa);
    const tries = [
      await user.get('/api/ops/maintenance'),
      await user.get(`/api/ops/maintenance/${firstNoticeId}`),
      await user.get(`/api/ops/maintenance/affected?startsAt=${encodeURIComponent(base().startsAt)}&endsAt=${encodeURIComponent(base().endsAt)}&services=process`),
      await user.post('/api/ops/maintenance', base()),
      await user.request('PUT', `/api/ops/maintenance/${firstNoticeId}`, base()),
      await user.post(`/api/ops/maintenance/${firstNoticeId}/cancel`, { reason: 'x' }),
    ];
    expect(tries.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404, 404]);

    const before = await stored();
    expect((await auditor.get('/api/ops/maintenance')).statusCode).toBe(200);
    expect((await auditor.get(`/api/ops/maintenance/${firstNoticeId}`)).statusCode).toBe(200);
    const writes = [
      await auditor.post('/api/ops/maintenance', base()),
      await auditor.request('PUT', `/api/ops/maintenance/${firstNoticeId}`, { ...base(), descriptionJa: '変更' }),
      await auditor.post(`/api/ops/maintenance/${firstNoticeId}/cancel`, { reason: '監査担当による中止' }),
    ];
    expect(writes.map((r) => r.statusCode)).toEqual([403, 403, 403]);
    expect(writes[0]!.json().error.message).toBe('この操作を行う権限がありません。');
    expect(await stored()).toEqual(before);

    expect((await staff.get('/api/ops/maintenance/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await staff.get('/api/ops/maintenance/not-a-uuid')).statusCode).toBe(400);
    const bogus = await staff.get(`/api/ops/maintenance/affected?startsAt=${encodeURIComponent(base().startsAt)}&endsAt=${encodeURIComponent(base().endsAt)}&services=process,mail`);
    expect(bogus.statusCode).toBe(400);
    expect(bogus.json().error.message).toBe('入力内容に誤りがあります。各項目のメッセージを確認してください。');
    const unknown = await staff.request('PUT', '/api/ops/maintenance/00000000-0000-4000-8000-000000000000', base());
    expect(unknown.statusCode).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it('sends the reminder once, the day before, however often the job runs', async () => {
    // 23 hours before the start: the reminder is due.
    clock.set(new Date(new Date(FIRST_START).getTime() - 23 * HOUR));
    const first = await mailsDuring(() => Promise.resolve());
    const reminders = first.filter((m) => m.subject.startsWith('【まもなくメンテナンスを実施します】'));
    expect(reminders.map((m) => m.to)).toEqual([[contactOf(towa)]]);
    expect(reminders[0]!.text).toContain('2026/12/05(土) 22:00 (日本時間)');
    expect(await count(`SELECT count(*)::int AS n FROM ops.jobs WHERE name = 'maintenance.reminders' AND status = 'done'`)).toBeGreaterThanOrEqual(1);
    expect(await count(`SELECT every_ms::int AS n FROM ops.job_schedules WHERE name = 'maintenance.reminders'`)).toBe(15 * 60_000);

    clock.advance(15 * 60_000);
    const second = await mailsDuring(() => Promise.resolve());
    expect(second.filter((m) => m.subject.startsWith('【まもなくメンテナンスを実施します】'))).toEqual([]);
    expect(await sendDueReminders({ db: tdb.db, clock, registry: app.registry })).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM ops.maintenance_notifications WHERE kind = 'reminder' AND notice_id = $1`, [firstNoticeId])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM audit.operator_events WHERE action = 'ops.maintenance.reminded' AND actor_type = 'system'`)).toBe(1);
  });

  it('changes a maintenance: newly affected tenants get the notice, others the change, a moved start keeps the lead time', async () => {
    await staffAgain();
    const far = { ...base(), startsAt: at(20 * DAY), endsAt: at(20 * DAY + 3 * HOUR), services: ['catalog'], descriptionJa: '検索機能の改修を行います。', descriptionEn: 'We will improve the search.' };
    const scheduled = await mailsDuring(async () => {
      const res = await staff.post('/api/ops/maintenance', far);
      expect(res.statusCode).toBe(201);
      secondNoticeId = res.json().notice.id;
    });
    expect(scheduled.flatMap((m) => m.to).sort()).toEqual([contactOf(kasei), contactOf(paused)].sort());

    const before = await stored();
    const tooSoon = await staff.request('PUT', `/api/ops/maintenance/${secondNoticeId}`, { ...far, startsAt: at(3 * DAY), endsAt: at(3 * DAY + HOUR) });
    expect(tooSoon.statusCode).toBe(400);
    expect(tooSoon.json().error.code).toBe('maintenance.lead_time');
    const same = await staff.request('PUT', `/api/ops/maintenance/${secondNoticeId}`, far);
    expect(same.json().error.code).toBe('maintenance.unchanged');
    await drain();
    expect(await stored()).toEqual(before);

    const moved = { ...far, startsAt: at(21 * DAY), endsAt: at(21 * DAY + 3 * HOUR), services: ['process'] };
    const changed = await mailsDuring(async () => {
      const res = await staff.request('PUT', `/api/ops/maintenance/${secondNoticeId}`, moved);
      expect(res.statusCode).toBe(200);
      expect(res.json().notice).toEqual({ revision: 2, notified: 3 });
    });
    const to = (tenant: BuiltTenant) => changed.find((m) => m.to.includes(contactOf(tenant)));
    expect(changed).toHaveLength(3);
    expect(to(towa)!.subject).toMatch(/^【メンテナンスのお知らせ】/);
    expect(to(kasei)!.subject).toMatch(/^【メンテナンス内容変更のお知らせ】/);
    expect(to(kasei)!.text).toContain('貴社がご契約のサービスは対象外となりました');
    expect(to(kasei)!.text).toContain('変更前の日時：2026/12/');
    expect(to(paused)!.subject).toMatch(/^【メンテナンス内容変更のお知らせ】/);

    const described = await mailsDuring(async () => {
      const res = await staff.request('PUT', `/api/ops/maintenance/${secondNoticeId}`, { ...moved, descriptionJa: '検索機能と帳票出力の改修を行います。', revision: 2 });
      expect(res.statusCode).toBe(200);
      // Made from the first version, a change would overwrite what tenants were told since.
      const stale = await staff.request('PUT', `/api/ops/maintenance/${secondNoticeId}`, { ...moved, descriptionJa: '古い版からの変更', revision: 2 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.message).toBe('他の操作と競合しました。再読み込みしてからもう一度お試しください。');
    });
    expect(described.map((m) => m.to)).toEqual([[contactOf(towa)]]);
    expect(described[0]!.text).toContain('変更後の内容でも、貴社がご契約のサービスが対象となります。');
    expect(described[0]!.text).toContain('検索機能と帳票出力の改修を行います。');

    const banner = await bannerOf(kaseiUser, kasei);
    expect(banner.map((n) => n.id)).not.toContain(secondNoticeId);
    expect((await bannerOf(towaUser, towa)).map((n) => n.id)).toEqual([firstNoticeId, secondNoticeId]);
    const events = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ changes: { before: { services: string[] }; after: { services: string[] } } }>(`SELECT changes FROM audit.operator_events WHERE action = 'ops.maintenance.changed' AND target_id = $1 ORDER BY seq`, [secondNoticeId])).rows,
    );
    expect(events.map((e) => [e.changes.before.services, e.changes.after.services])).toEqual([
      [['catalog'], ['process']],
      [['process'], ['process']],
    ]);
  });

  it('cancels a maintenance: the affected tenants are told, the banner goes, a second cancel is refused', async () => {
    const mails = await mailsDuring(async () => {
      const res = await staff.post(`/api/ops/maintenance/${secondNoticeId}/cancel`, { reason: '機器の納期遅延のため' });
      expect(res.statusCode).toBe(200);
    });
    expect(mails.map((m) => m.to)).toEqual([[contactOf(towa)]]);
    expect(mails[0]!.subject).toMatch(/^【メンテナンス中止のお知らせ】/);
    expect(mails[0]!.text).toContain('実施を取りやめました');
    expect((await bannerOf(towaUser, towa)).map((n) => n.id)).toEqual([firstNoticeId]);
    const again = await staff.post(`/api/ops/maintenance/${secondNoticeId}/cancel`, { reason: '二重' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('既に中止されたか、終了しています');
    const blank = await staff.post(`/api/ops/maintenance/${firstNoticeId}/cancel`, { reason: ' ' });
    expect(blank.json().error.fields.reason).toBe('入力してください。');
    const cancelled = await staff.get('/api/ops/maintenance?status=cancelled');
    expect(cancelled.json().notices.map((n: { id: string; cancelReason: string }) => [n.id, n.cancelReason])).toEqual([[secondNoticeId, '機器の納期遅延のため']]);
    const detail = (await staff.get(`/api/ops/maintenance/${secondNoticeId}`)).json();
    expect(detail.notifications.map((n: { kind: string }) => n.kind).sort()).toEqual(['cancelled', 'changed', 'changed', 'changed', 'scheduled', 'scheduled', 'scheduled']);
    expect(detail.tenants.map((t: { customerId: string; affected: boolean }) => [t.customerId, t.affected])).toEqual(
      expect.arrayContaining([[towa.id, true], [kasei.id, false], [paused.id, false]]),
    );
    expect(await count(`SELECT count(*)::int AS n FROM audit.operator_events WHERE action = 'ops.maintenance.cancelled' AND reason = '機器の納期遅延のため'`)).toBe(1);
  });

  it('shows the banner while the work runs and not after it ends; an ended maintenance cannot be changed', async () => {
    clock.set(new Date(new Date(FIRST_START).getTime() + HOUR));
    const during = await bannerOf(towaUser, towa);
    expect(during).toEqual([expect.objectContaining({ id: firstNoticeId, inProgress: true })]);
    await staffAgain();
    const list = await staff.get('/api/ops/maintenance?status=in_progress');
    expect(list.json().notices.map((n: { id: string }) => n.id)).toEqual([firstNoticeId]);

    clock.advance(4 * HOUR);
    expect(await bannerOf(towaUser, towa)).toEqual([]);
    await staffAgain();
    const late = await staff.request('PUT', `/api/ops/maintenance/${firstNoticeId}`, { ...base(), startsAt: at(8 * DAY), endsAt: at(8 * DAY + HOUR) });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('maintenance.closed');
    expect((await staff.get('/api/ops/maintenance?status=past')).json().notices.map((n: { id: string }) => n.id)).toContain(firstNoticeId);
  });
});
