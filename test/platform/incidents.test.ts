import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { withoutTenant, withTenant } from '../../src/core/db/index.js';
import { createSession } from '../../src/platform/identity/index.js';
import { createStaffSession, STAFF_SESSION_COOKIE } from '../../src/platform/staff/index.js';
import { deploymentSigner, runRetention } from '../../src/platform/audit/index.js';
import { DEADLINE_CHECK_EVERY_MS, DEADLINE_CHECK_JOB, incidentRecordsPurger } from '../../src/platform/incidents/index.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser, type BuiltTenant } from '../support/factories.js';
import { signInStaff } from '../support/seeders/audit.js';
import { startSmtp } from '../support/smtp.js';

const ALERTS = 'incident-alerts@provider.example';
const jst = (local: string) => new Date(`${local}+09:00`);
const iso = (local: string) => `${local}:00+09:00`;

describe(`incidents and notification deadlines (16.1.1) (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let operator: TestClient;
  let towa: BuiltTenant;
  let kasei: BuiltTenant;
  let catalogOnly: BuiltTenant;
  let ended: BuiltTenant;
  // Tue 24 Nov 2026, 10:00 JST: business hours.
  const clock = new ManualClock(jst('2026-11-24T10:00'));

  const contactOf = (t: BuiltTenant) => `incident-desk@${t.code.toLowerCase()}.example`;

  beforeAll(async () => {
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL: 'http://sotas.test', STAFF_ALERT_EMAIL: ALERTS } });
    towa = await buildTenant(tdb.db, { name: '東和樹脂株式会社', services: ['process', 'catalog'] });
    kasei = await buildTenant(tdb.db, { name: '山田化成工業株式会社', services: ['process'] });
    catalogOnly = await buildTenant(tdb.db, { name: '北洋ケミカル株式会社', services: ['catalog'] });
    ended = await buildTenant(tdb.db, { name: '旧契約化学株式会社', services: ['process'] });
    await tdb.db.ownerTransaction(async (tx) => {
      for (const t of [towa, kasei, catalogOnly, ended]) await tx.query('UPDATE ops.tenants SET contact_email = $2 WHERE id = $1', [t.id, contactOf(t)]);
      // The process contract of this tenant ended before the incident occurred.
      await tx.query(`UPDATE ops.contracts SET ends_on = '2026-10-31' WHERE customer_id = $1`, [ended.id]);
    });
    operator = await staffClient('operator');
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.close();
    await smtp?.close();
  });

  const staffIds: Partial<Record<'operator' | 'auditor', string>> = {};

  /**
   * A client with a staff session started now. The first time, the staff member signs in
   * through the real password + TOTP API; staff sessions end after 15 idle minutes and these
   * tests jump hours, so later sessions are started directly (the sign-in API is rate limited).
   */
  async function staffClient(role: 'operator' | 'auditor'): Promise<TestClient> {
    const known = staffIds[role];
    if (!known) {
      const signedIn = await signInStaff(app, clock, { roles: [role], displayName: role === 'operator' ? '運用 太郎' : '監査 花子' });
      staffIds[role] = signedIn.staffId;
      return signedIn.client;
    }
    const session = await withoutTenant(tdb.db, (tx) => createStaffSession(tx, clock, { staffId: known }));
    const client = new TestClient(app);
    client.setCookie(STAFF_SESSION_COOKIE, session.token);
    return client;
  }

  /** Moves the clock to a JST time and gives the operator a live session. */
  async function at(local: string): Promise<void> {
    clock.set(jst(local));
    operator = await staffClient('operator');
  }

  /** Runs due jobs until none is left: a check may queue mails that the next pass delivers. */
  async function runJobs(): Promise<void> {
    for (let pass = 0; pass < 20; pass++) if ((await app.jobs.tick()) === 0) return;
    throw new Error('runJobs: jobs kept coming after 20 passes');
  }

  const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

  const count = (sql: string, params: unknown[] = []) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>(sql, params)).rows[0]!.n);

  const incidentRows = () => count('SELECT count(*)::int AS n FROM ops.incidents');
  const outboxRows = () => count('SELECT count(*)::int AS n FROM ops.mail_outbox');

  const operatorActions = async (incidentId: string) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ action: string; customer_id: string | null }>(
      `SELECT action, customer_id FROM audit.operator_events WHERE target_type = 'incident' AND target_id = $1 ORDER BY seq`,
      [incidentId],
    )).rows);

  const tenantActions = async (tenantId: string, incidentId: string) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ action: string; actor_name: string; details: Record<string, unknown> }>(
      `SELECT action, actor_name, details FROM audit.tenant_events WHERE tenant_id = $1 AND target_type = 'incident' AND target_id = $2 ORDER BY seq`,
      [tenantId, incidentId],
    )).rows);

  it('declares the deadline check as a job every five minutes', async () => {
    const rows = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ every_ms: number }>('SELECT every_ms::int AS every_ms FROM ops.job_schedules WHERE name = $1', [DEADLINE_CHECK_JOB])).rows);
    expect(rows).toEqual([{ every_ms: DEADLINE_CHECK_EVERY_MS }]);
    expect(DEADLINE_CHECK_EVERY_MS).toBe(5 * 60_000);
  });

  it('records an incident for every tenant of the affected service, notifies two tenants through SMTP in time, and not a third', async () => {
    const deadline = await operator.get(`/api/ops/incidents/deadline?occurredAt=${encodeURIComponent(iso('2026-11-24T09:40'))}`);
    expect(deadline.json()).toEqual({ occurredAt: jst('2026-11-24T09:40').toISOString(), deadline: jst('2026-11-24T15:40').toISOString(), occurredInBusinessHours: true });

    const recorded = await operator.post('/api/ops/incidents', {
      title: '工程管理サービスに接続しにくい状態',
      description: '工程管理サービスの画面が表示されにくい状態が続いています。',
      severity: 'high',
      occurredAt: iso('2026-11-24T09:40'),
      confirmedAt: iso('2026-11-24T09:55'),
      services: ['process'],
      tenantScope: 'contracted',
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const incident = recorded.json().incident;
    expect(incident).toMatchObject({
      severity: 'high',
      status: 'open',
      occurredAt: jst('2026-11-24T09:40').toISOString(),
      confirmedAt: jst('2026-11-24T09:55').toISOString(),
      deadline: jst('2026-11-24T15:40').toISOString(),
      occurredInBusinessHours: true,
      confirmedAfterDeadline: false,
      recordedByName: '運用 太郎',
      notifications: { total: 2, notified: 0, unsent: 2, status: 'pending' },
    });
    // Tenants with a process contract on the day: not the catalog-only one, not the ended one.
    expect(incident.tenants.map((t: { customerId: string }) => t.customerId).sort()).toEqual([towa.id, kasei.id].sort());
    expect(incident.tenants.every((t: { status: string; deadline: string }) => t.status === 'pending' && t.deadline === incident.deadline)).toBe(true);

    const preview = (await operator.get(`/api/ops/incidents/${incident.id}/mail-preview?kind=notification&lang=ja`)).json().preview;
    expect(preview.subject).toBe('【重要】障害発生のお知らせ：工程管理サービスに接続しにくい状態');
    expect(preview.before).toContain('発生日時：2026/11/24(火) 09:40 (日本時間)');
    expect(preview.before).toContain('確認日時：2026/11/24(火) 09:55 (日本時間)');
    expect(preview.before).toContain('重大度：高');
    expect(preview.before).toContain('影響のあるサービス：工程管理');
    expect(preview.after).toContain('続報にてお知らせいたします');
    expect(preview.defaultMessage).toContain('工程管理サービスの画面が表示されにくい状態が続いています。');

    await at('2026-11-24T10:20');
    const message = '工程管理サービスの画面表示が遅くなっております。\n11時までの復旧を見込んでおります。';
    const sent = await operator.post(`/api/ops/incidents/${incident.id}/notifications`, { tenantIds: [towa.id, kasei.id], lang: 'ja', message });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().sent).toBe(2);

    await runJobs();
    for (const tenant of [towa, kasei]) {
      const mails = mailsTo(contactOf(tenant));
      expect(mails, tenant.name).toHaveLength(1);
      expect(mails[0]!.subject).toBe('【重要】障害発生のお知らせ：工程管理サービスに接続しにくい状態');
      expect(mails[0]!.text).toContain(tenant.name);
      expect(mails[0]!.text).toContain('11時までの復旧を見込んでおります。');
      expect(mails[0]!.text).toContain('発生日時：2026/11/24(火) 09:40 (日本時間)');
    }
    expect(mailsTo(contactOf(catalogOnly))).toEqual([]);
    expect(mailsTo(contactOf(ended))).toEqual([]);

    const detail = (await operator.get(`/api/ops/incidents/${incident.id}`)).json().incident;
    expect(detail.notifications).toMatchObject({ total: 2, notified: 2, inTime: 2, late: 0, unsent: 0, status: 'sent_in_time' });
    for (const t of detail.tenants) {
      expect(t).toMatchObject({ status: 'sent_in_time', notifiedAt: jst('2026-11-24T10:20').toISOString(), mailStatus: 'sent' });
    }
    expect(detail.messages).toHaveLength(1);
    expect(detail.messages[0]).toMatchObject({ kind: 'notification', lang: 'ja', message, sentByName: '運用 太郎' });
    expect(detail.messages[0].recipients.map((r: { toAddress: string }) => r.toAddress).sort()).toEqual([contactOf(towa), contactOf(kasei)].sort());

    // The tenant's own log says the provider notified it; the operator log has every step.
    const towaLog = await tenantActions(towa.id, incident.id);
    expect(towaLog).toHaveLength(1);
    expect(towaLog[0]).toMatchObject({ action: 'incident.notification.sent', actor_name: '運用 太郎', details: { to: contactOf(towa), metDeadline: true } });
    expect(await tenantActions(catalogOnly.id, incident.id)).toEqual([]);
    const ops = await operatorActions(incident.id);
    expect(ops.map((e) => e.action)).toEqual(['ops.incident.recorded', 'ops.incident.notified', 'ops.incident.notified']);
    expect(ops.slice(1).map((e) => e.customer_id).sort()).toEqual([towa.id, kasei.id].sort());

    // A second first notice to a notified tenant is refused and sends nothing.
    const outbox = await outboxRows();
    const again = await operator.post(`/api/ops/incidents/${incident.id}/notifications`, { tenantIds: [towa.id], lang: 'ja', message: '再送' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('すでに第一報を送信');
    expect(await outboxRows()).toBe(outbox);

    // An update goes to every notified tenant, in the language chosen.
    await at('2026-11-24T10:50');
    const update = await operator.post(`/api/ops/incidents/${incident.id}/updates`, { lang: 'en', message: 'The cause was a load spike on a database server.' });
    expect(update.statusCode, update.body).toBe(200);
    expect(update.json().sent).toBe(2);

    // Closing mails the closure to every affected tenant and ends the incident.
    await at('2026-11-24T11:05');
    const closePreview = (await operator.get(`/api/ops/incidents/${incident.id}/mail-preview?kind=closure&lang=ja`)).json().preview;
    expect(closePreview.before).toContain('2026/11/24(火) 11:05 (日本時間) をもって収束いたしました');
    const closed = await operator.post(`/api/ops/incidents/${incident.id}/close`, { lang: 'ja', message: closePreview.defaultMessage });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().incident).toMatchObject({ status: 'closed', closedAt: jst('2026-11-24T11:05').toISOString(), closedByName: '運用 太郎' });
    await runJobs();
    for (const tenant of [towa, kasei]) {
      expect(mailsTo(contactOf(tenant)).map((m) => m.subject)).toEqual([
        '【重要】障害発生のお知らせ：工程管理サービスに接続しにくい状態',
        '[Update] Incident notice: 工程管理サービスに接続しにくい状態',
        '【収束のご報告】障害に関するお知らせ：工程管理サービスに接続しにくい状態',
      ]);
    }
    expect(mailsTo(contactOf(towa))[1]!.text).toContain('The cause was a load spike on a database server.');
    expect((await tenantActions(towa.id, incident.id)).map((e) => e.action)).toEqual(['incident.notification.sent', 'incident.update.sent', 'incident.closure.sent']);
    expect((await operatorActions(incident.id)).map((e) => e.action)).toEqual([
      'ops.incident.recorded',
      'ops.incident.notified',
      'ops.incident.notified',
      'ops.incident.update_sent',
      'ops.incident.update_sent',
      'ops.incident.closure_sent',
      'ops.incident.closure_sent',
      'ops.incident.closed',
    ]);

    const afterClose = await operator.post(`/api/ops/incidents/${incident.id}/updates`, { lang: 'ja', message: '追加のお知らせ' });
    expect(afterClose.statusCode).toBe(409);
    expect(afterClose.json().error.code).toBe('incidents.closed');

    const list = (await operator.get('/api/ops/incidents?status=closed')).json();
    expect(list.incidents.map((i: { id: string }) => i.id)).toContain(incident.id);
    expect((await operator.get('/api/ops/incidents')).json().incidents.map((i: { id: string }) => i.id)).not.toContain(incident.id);
  });

  it('shows an unsent notice as overdue once the deadline passes, then late when sent; alerts staff once, an hour before', async () => {
    // Fri 27 Nov 2026, 17:00 JST, in business hours: the deadline is 23:00 the same day.
    await at('2026-11-27T17:30');
    const recorded = await operator.post('/api/ops/incidents', {
      title: 'データベースの検索結果が表示されない',
      description: '一部の契約者で検索結果が空になる事象を確認しました。',
      severity: 'medium',
      occurredAt: iso('2026-11-27T17:00'),
      confirmedAt: iso('2026-11-27T17:20'),
      services: ['catalog'],
      tenantScope: 'selected',
      tenantIds: [catalogOnly.id],
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const incident = recorded.json().incident;
    expect(incident.deadline).toBe(jst('2026-11-27T23:00').toISOString());
    expect(incident.tenants.map((t: { customerId: string }) => t.customerId)).toEqual([catalogOnly.id]);

    const alertMails = () => mailsTo(ALERTS).filter((m) => m.subject.includes('北洋ケミカル株式会社'));
    await runJobs();
    expect(alertMails()).toEqual([]);

    // Scheduled checks run on five-minute boundaries; at 22:05 the deadline is within the hour.
    await at('2026-11-27T22:05');
    await runJobs();
    expect(alertMails()).toHaveLength(1);
    expect(alertMails()[0]!.subject).toBe('【運用アラート】インシデント通知の期限が近づいています：北洋ケミカル株式会社');
    expect(alertMails()[0]!.text).toContain('2026/11/27(金) 23:00 (日本時間)');
    await at('2026-11-27T22:10');
    await runJobs();
    expect(alertMails()).toHaveLength(1);

    await at('2026-11-27T23:00');
    expect((await operator.get(`/api/ops/incidents/${incident.id}`)).json().incident.tenants[0].status).toBe('pending');
    await at('2026-11-27T23:05');
    await runJobs();
    expect(alertMails()).toHaveLength(1);
    const overdue = (await operator.get(`/api/ops/incidents/${incident.id}`)).json().incident;
    expect(overdue.tenants[0].status).toBe('overdue');
    expect(overdue.notifications.status).toBe('overdue');
    expect((await operator.get('/api/ops/incidents')).json().incidents.find((i: { id: string }) => i.id === incident.id).notifications.status).toBe('overdue');

    await at('2026-11-27T23:30');
    const sent = await operator.post(`/api/ops/incidents/${incident.id}/notifications`, { tenantIds: [catalogOnly.id], lang: 'ja', message: '検索結果が表示されない事象が発生しております。' });
    expect(sent.statusCode, sent.body).toBe(200);
    const late = sent.json().incident;
    expect(late.tenants[0]).toMatchObject({ status: 'sent_late', notifiedAt: jst('2026-11-27T23:30').toISOString() });
    expect(late.notifications).toMatchObject({ late: 1, inTime: 0, status: 'sent_late' });
    expect((await tenantActions(catalogOnly.id, incident.id))[0]).toMatchObject({ details: { metDeadline: false } });

    // Sending resolved the alert; later checks mail nothing more.
    const alerts = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ kind: string; resolved_at: Date | null }>(
      'SELECT kind, resolved_at FROM ops.staff_alerts WHERE key = $1',
      [`incident:${incident.id}:${catalogOnly.id}`],
    )).rows);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.kind).toBe('incident_deadline');
    expect(alerts[0]!.resolved_at).not.toBeNull();
    await at('2026-11-27T23:40');
    await runJobs();
    expect(alertMails()).toHaveLength(1);
  });

  it('shows an incident confirmed after its deadline as overdue at once, and refuses to close it before every tenant is notified', async () => {
    // Sat 28 Nov 2026 04:00: outside business hours, so the deadline is Mon 30 Nov 09:00; confirmed Mon 10:00.
    await at('2026-11-30T10:05');
    const recorded = await operator.post('/api/ops/incidents', {
      title: '化学調査の回答ファイルの一部が読み込めない',
      description: '週末のバッチ処理で一部の回答ファイルが破損していたことを確認しました。',
      severity: 'critical',
      occurredAt: iso('2026-11-28T04:00'),
      confirmedAt: iso('2026-11-30T10:00'),
      services: ['survey'],
      tenantScope: 'selected',
      tenantIds: [towa.id, kasei.id],
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const incident = recorded.json().incident;
    expect(incident).toMatchObject({ deadline: jst('2026-11-30T09:00').toISOString(), occurredInBusinessHours: false, confirmedAfterDeadline: true });
    expect(incident.notifications.status).toBe('overdue');
    expect(incident.tenants.map((t: { status: string }) => t.status)).toEqual(['overdue', 'overdue']);

    const outbox = await outboxRows();
    const update = await operator.post(`/api/ops/incidents/${incident.id}/updates`, { lang: 'ja', message: '続報です。' });
    expect(update.statusCode).toBe(409);
    expect(update.json().error.message).toBe('まだどの契約者にも第一報を送信していません。先に第一報を送信してください。');
    expect((await operator.post(`/api/ops/incidents/${incident.id}/notifications`, { tenantIds: [towa.id], lang: 'ja', message: '破損を確認しました。' })).statusCode).toBe(200);
    const close = await operator.post(`/api/ops/incidents/${incident.id}/close`, { lang: 'ja', message: '収束しました。' });
    expect(close.statusCode).toBe(409);
    expect(close.json().error.message).toBe('第一報を送信していない契約者が1社あります。影響を受けるすべての契約者に通知してから終結してください。');
    const detail = (await operator.get(`/api/ops/incidents/${incident.id}`)).json().incident;
    expect(detail.status).toBe('open');
    expect(detail.tenants.find((t: { customerId: string }) => t.customerId === towa.id).status).toBe('sent_late');
    expect(detail.tenants.find((t: { customerId: string }) => t.customerId === kasei.id).status).toBe('overdue');
    // Only the one notice left the outbox.
    expect(await outboxRows()).toBe(outbox + 1);
  });

  it('refuses bad input with a Japanese message beside the field and stores nothing', async () => {
    await at('2026-12-01T10:00');
    const valid = {
      title: '接続障害',
      description: '接続しにくい状態です。',
      severity: 'low',
      occurredAt: iso('2026-12-01T09:00'),
      confirmedAt: iso('2026-12-01T09:10'),
      services: ['process'],
      tenantScope: 'selected',
      tenantIds: [towa.id],
    };
    const before = { incidents: await incidentRows(), outbox: await outboxRows() };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...valid, confirmedAt: iso('2026-12-01T08:59') }, 'confirmedAt', '確認日時は発生日時と同じか、それより後にしてください。'],
      [{ ...valid, occurredAt: iso('2026-12-01T11:00'), confirmedAt: iso('2026-12-01T11:00') }, 'occurredAt', '未来の日時は指定できません。'],
      [{ ...valid, title: '   ' }, 'title', '入力してください。'],
      [{ ...valid, severity: 'urgent' }, 'severity', '選択肢から選んでください。'],
      [{ ...valid, services: [] }, 'services', '1件以上指定してください。'],
      [{ ...valid, services: ['process', 'process'] }, 'services', '同じ項目が重複しています。'],
      [{ ...valid, tenantIds: [] }, 'tenantIds', '影響を受ける契約者を1社以上選んでください。'],
      [{ ...valid, tenantScope: 'contracted' }, 'tenantIds', '「対象サービスの契約者すべて」を選んだ場合は、契約者を個別に指定できません。'],
      [{ ...valid, occurredAt: '2026-12-01 09:00' }, 'occurredAt', '日付の形式が正しくありません（例: 2026-11-27）。'],
      [{ ...valid, occurredAt: iso('1999-12-31T09:00') }, 'occurredAt', '2000年以降の日時を指定してください。'],
      [{ ...valid, extra: 'x' }, '_', '不明な項目が含まれています: extra'],
    ];
    for (const [body, field, text] of cases) {
      const res = await operator.post('/api/ops/incidents', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.message).toBe('入力内容に誤りがあります。各項目のメッセージを確認してください。');
      expect(res.json().error.fields[field], JSON.stringify(res.json().error.fields)).toBe(text);
    }
    const unknown = await operator.post('/api/ops/incidents', { ...valid, tenantIds: [randomUUID()] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toBe('選択した契約者の中に、見つからない契約者があります。画面を再読み込みしてから選び直してください。');
    const nobody = await operator.post('/api/ops/incidents', { ...valid, services: ['survey'], tenantScope: 'contracted', tenantIds: undefined, occurredAt: iso('2019-12-01T09:00'), confirmedAt: iso('2019-12-01T09:00') });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().error.code).toBe('incidents.no_affected_tenants');
    expect({ incidents: await incidentRows(), outbox: await outboxRows() }).toEqual(before);

    // Sends: an empty message, a tenant that is not affected, an incident that does not exist.
    const created = (await operator.post('/api/ops/incidents', valid)).json().incident;
    const messages = () => count('SELECT count(*)::int AS n FROM ops.incident_messages WHERE incident_id = $1', [created.id]);
    const empty = await operator.post(`/api/ops/incidents/${created.id}/notifications`, { tenantIds: [towa.id], lang: 'ja', message: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.message).toBe('お知らせの本文を入力してください。');
    const other = await operator.post(`/api/ops/incidents/${created.id}/notifications`, { tenantIds: [kasei.id], lang: 'ja', message: 'お知らせ' });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('incidents.tenant_not_affected');
    expect((await operator.post(`/api/ops/incidents/${randomUUID()}/notifications`, { tenantIds: [towa.id], lang: 'ja', message: 'お知らせ' })).statusCode).toBe(404);
    expect((await operator.get(`/api/ops/incidents/${randomUUID()}`)).statusCode).toBe(404);
    expect((await operator.get(`/api/ops/incidents/${randomUUID()}/mail-preview?kind=update&lang=ja`)).statusCode).toBe(404);
    expect(await messages()).toBe(0);
    expect(await tenantActions(towa.id, created.id)).toEqual([]);
  });

  it('removes closed incidents past their retention period, except those a legal hold covers, and never open ones', async () => {
    const idOf = async (title: string) =>
      tdb.db.ownerTransaction(async (tx) => (await tx.query<{ id: string }>('SELECT id FROM ops.incidents WHERE title = $1', [title])).rows[0]!.id);
    const closedLongAgo = await idOf('工程管理サービスに接続しにくい状態');
    const held = await idOf('データベースの検索結果が表示されない');
    const open = await idOf('化学調査の回答ファイルの一部が読み込めない');
    await at('2026-12-01T12:00');
    expect((await operator.post(`/api/ops/incidents/${held}/close`, { lang: 'ja', message: '復旧しました。' })).statusCode).toBe(200);
    await tdb.db.ownerTransaction((tx) =>
      tx.query(
        `INSERT INTO audit.legal_holds (id, record_type, customer_id, reason, placed_at, placed_by_name) VALUES ($1, 'incident_records', $2, '係争中の案件の証拠保全', now(), '運用 太郎')`,
        [randomUUID(), catalogOnly.id],
      ),
    );
    const childRows = (id: string) =>
      count(
        `SELECT ((SELECT count(*) FROM ops.incident_tenants WHERE incident_id = $1) + (SELECT count(*) FROM ops.incident_messages WHERE incident_id = $1))::int AS n`,
        [id],
      );
    expect(await childRows(closedLongAgo)).toBeGreaterThan(0);

    // The default period for incident records is 1,825 days; one day more and the first closed incident goes.
    clock.set(new Date(jst('2026-11-24T11:05').getTime() + 1826 * 86_400_000));
    const result = await runRetention(tdb.db, clock, deploymentSigner(app.config)(), [incidentRecordsPurger]);
    expect(result.other.incident_records).toBe(1);
    const left = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ id: string }>('SELECT id FROM ops.incidents')).rows.map((r) => r.id));
    expect(left).not.toContain(closedLongAgo);
    expect(left).toEqual(expect.arrayContaining([held, open]));
    expect(await childRows(closedLongAgo)).toBe(0);
    await at('2026-12-01T12:00');
  });

  it('lets auditors read but not write, and answers 404 to tenant users on every incident route', async () => {
    const auditor = await staffClient('auditor');
    const list = await auditor.get('/api/ops/incidents?status=all');
    expect(list.statusCode).toBe(200);
    const incident = list.json().incidents[0];
    expect((await auditor.get(`/api/ops/incidents/${incident.id}`)).statusCode).toBe(200);
    expect((await auditor.get('/api/ops/incidents/tenant-choices')).json().tenants.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining([towa.id, kasei.id, catalogOnly.id]),
    );
    const before = { incidents: await incidentRows(), outbox: await outboxRows() };
    const writes: [string, unknown][] = [
      ['/api/ops/incidents', { title: 'x', description: 'x', severity: 'low', occurredAt: iso('2026-12-01T09:00'), confirmedAt: iso('2026-12-01T09:00'), services: ['process'], tenantScope: 'contracted' }],
      [`/api/ops/incidents/${incident.id}/notifications`, { tenantIds: [towa.id], lang: 'ja', message: 'x' }],
      [`/api/ops/incidents/${incident.id}/updates`, { lang: 'ja', message: 'x' }],
      [`/api/ops/incidents/${incident.id}/close`, { lang: 'ja', message: 'x' }],
    ];
    for (const [url, body] of writes) {
      const res = await auditor.post(url, body);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.message).toBe('この操作を行う権限がありません。');
    }

    // A signed-in admin of an affected tenant: the operator API does not exist for them.
    const user = await buildUser(tdb.db, towa, { memberships: [{ service: 'process', role: 'admin' }] });
    const session = await withTenant(tdb.db, towa.id, (tx) => createSession(tx, clock, app.config.session, { tenantId: towa.id, userId: user.id }));
    const tenantUser = new TestClient(app);
    tenantUser.setCookie('sotas_session', session.cookieValue);
    expect((await tenantUser.get('/api/session')).statusCode).toBe(200);
    const routes = app.routes.filter((r) => r.url.startsWith('/api/ops/incidents') && r.method !== 'HEAD');
    expect(routes.length).toBe(9);
    for (const route of routes) {
      const url = route.url.replace(':incidentId', incident.id);
      const res = await tenantUser.request(route.method as 'GET' | 'POST', url, route.method === 'GET' ? undefined : { lang: 'ja', message: 'x', tenantIds: [towa.id] });
      expect(res.statusCode, `${route.method} ${url}`).toBe(404);
      expect(JSON.stringify(res.json())).not.toContain(incident.title);
    }
    expect({ incidents: await incidentRows(), outbox: await outboxRows() }).toEqual(before);
  });
});
