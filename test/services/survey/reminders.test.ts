import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendSurveyReminders } from '../../../src/services/survey/requests/reminders.js';
import { testDatabaseKind } from '../../support/db.js';
import { openSurveyWorld, type SurveyWorld } from './surveyWorld.js';

const PUBLIC_URL = 'http://sotas.test';

describe(`survey reminders before and after the respond-by date (${testDatabaseKind()})`, () => {
  let world: SurveyWorld;
  let tenantRequestId: string;
  let answeredRequestId: string;

  beforeAll(async () => {
    world = await openSurveyWorld({ env: { PUBLIC_URL } });
  }, 240_000);
  afterAll(async () => {
    await world.close();
  });

  const owner = <T>(sql: string, params: unknown[]) => world.tdb.db.ownerTransaction(async (tx) => (await tx.query<T>(sql, params)).rows);
  const reminders = (email: string) =>
    owner<{ template: string; subject: string; text_body: string }>(
      `SELECT template, subject, text_body FROM ops.mail_outbox WHERE to_address = $1 AND template LIKE 'survey.request_reminder%' ORDER BY created_at, id`,
      [email],
    );
  const run = () => sendSurveyReminders({ db: world.tdb.db, clock: world.clock, publicUrl: PUBLIC_URL });
  const body = (supplier: Record<string, string>) => ({
    title: '部品調査',
    supplier,
    items: [{ productNumber: 'NE-1', name: '筐体' }],
    formatWanted: 'any',
    listVersionId: null,
    respondBy: '2026-12-10',
  });

  it('sends nothing before the window or for an answered request', async () => {
    const { requester, supplier } = world;
    await owner(`INSERT INTO survey.settings (tenant_id, remind_days_before, remind_days_after, updated_at) VALUES ($1, 3, 2, now())`, [requester.tenant.id]);
    const a = await requester.memberClient.post('/api/survey/requests', body({ kind: 'tenant', code: supplier.tenant.code }));
    tenantRequestId = a.json().request.id;
    const b = await requester.memberClient.post('/api/survey/requests', { ...body({ kind: 'tenant', code: supplier.tenant.code }), title: '回答済みの調査' });
    answeredRequestId = b.json().request.id;
    for (const id of [tenantRequestId, answeredRequestId]) expect((await requester.memberClient.post(`/api/survey/requests/${id}/send`)).statusCode).toBe(200);
    // The second one is answered (submitted) by the supplier: it owes nothing and is never reminded.
    await owner(`UPDATE survey.requests SET status = 'submitted', submitted_at = now() WHERE id = $1`, [answeredRequestId]);

    expect(await run()).toBe(0);
    // 2026-12-06 JST: four days before.
    world.clock.set('2026-12-06T00:30:00.000Z');
    expect(await run()).toBe(0);
    expect(await reminders(supplier.member.email)).toHaveLength(0);
  });

  it('reminds the supplier’s admins and members once, three days before', async () => {
    const { supplier } = world;
    world.clock.set('2026-12-07T00:30:00.000Z');
    expect(await run()).toBe(1);
    expect(await run()).toBe(0);
    world.clock.set('2026-12-09T00:30:00.000Z');
    expect(await run()).toBe(0);
    for (const user of [supplier.admin, supplier.member]) {
      const mails = await reminders(user.email);
      expect(mails, user.email).toHaveLength(1);
      expect(mails[0]!.template).toBe('survey.request_reminder');
      expect(mails[0]!.subject).toContain('調査の回答期限（2026/12/10）が近づいています：部品調査');
      expect(mails[0]!.text_body).toContain(`${PUBLIC_URL}/s/survey/requests/${tenantRequestId}`);
    }
    expect(await reminders(supplier.reviewer.email)).toHaveLength(0);
  });

  it('reminds once more two days after, then never again; the history records both', async () => {
    const { supplier, requester } = world;
    world.clock.set('2026-12-11T00:30:00.000Z');
    expect(await run()).toBe(0);
    world.clock.set('2026-12-12T00:30:00.000Z');
    expect(await run()).toBe(1);
    world.clock.set('2026-12-20T00:30:00.000Z');
    expect(await run()).toBe(0);
    const mails = await reminders(supplier.member.email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toContain('を過ぎています');
    expect(mails[1]!.text_body).toContain('overdue');

    const rows = await owner<{ reminded_before_at: Date | null; reminded_after_at: Date | null }>('SELECT reminded_before_at, reminded_after_at FROM survey.requests WHERE id = $1', [tenantRequestId]);
    expect(new Date(rows[0]!.reminded_before_at!).toISOString()).toBe('2026-12-07T00:30:00.000Z');
    expect(new Date(rows[0]!.reminded_after_at!).toISOString()).toBe('2026-12-12T00:30:00.000Z');
    const events = await owner<{ event: string; comment: string; tenant_id: string }>(`SELECT event, comment, tenant_id FROM survey.request_events WHERE request_id = $1 AND event = 'reminded' ORDER BY at`, [
      tenantRequestId,
    ]);
    expect(events).toEqual([
      { event: 'reminded', comment: 'before', tenant_id: requester.tenant.id },
      { event: 'reminded', comment: 'after', tenant_id: requester.tenant.id },
    ]);
    const audit = await owner<{ n: number }>(`SELECT count(*)::int AS n FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'survey.request.reminded'`, [requester.tenant.id]);
    expect(audit[0]!.n).toBe(2);
    const answered = await owner<{ reminded_before_at: Date | null }>('SELECT reminded_before_at FROM survey.requests WHERE id = $1', [answeredRequestId]);
    expect(answered[0]!.reminded_before_at).toBeNull();
  });

  it('reminds an outside company at its address, without a link, not on the day it was sent', async () => {
    const { requester } = world;
    world.clock.set('2026-12-20T00:30:00.000Z');
    const client = await world.clientFor(requester.member);
    const created = await client.post('/api/survey/requests', { ...body({ kind: 'outside', name: '北村化成', email: 'sales@kitamura.example' }), respondBy: '2026-12-22' });
    expect(created.statusCode, created.body).toBe(201);
    expect((await client.post(`/api/survey/requests/${created.json().request.id}/send`)).statusCode).toBe(200);
    // Inside the window already, but sent today: the invitation itself is enough.
    expect(await run()).toBe(0);
    world.clock.set('2026-12-21T00:30:00.000Z');
    expect(await run()).toBe(1);
    const mails = await reminders('sales@kitamura.example');
    expect(mails.map((m) => m.template)).toEqual(['survey.request_reminder_outside']);
    expect(mails[0]!.text_body).not.toContain('http');
  });
});
