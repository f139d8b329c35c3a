import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { runHousekeeping } from '../../src/platform/housekeeping/index.js';
import { queueMail } from '../../src/platform/mail/index.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

describe(`local mailbox and housekeeping (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-11-27T00:00:00Z');

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('shows captured mail to this machine only', async () => {
    await tdb.db.transaction((tx) => queueMail(tx, clock, { to: 'rep@example.com', template: 'test.ping', lang: 'ja', params: { sentAt: clock.now() } }));
    await app.jobs.drain();
    const local = await app.http.inject({ method: 'GET', url: '/api/dev/mailbox' });
    expect(local.statusCode).toBe(200);
    const [mail] = local.json().messages;
    expect(mail.to).toBe('rep@example.com');
    expect(mail.text.length).toBeGreaterThan(0);
    const remote = await app.http.inject({ method: 'GET', url: '/api/dev/mailbox', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(404);
    const proxied = await app.http.inject({ method: 'GET', url: '/api/dev/mailbox', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.statusCode).toBe(404);
  });

  it('does not exist when an SMTP server is configured', async () => {
    const withSmtp = await createTestApp(tdb.db, { env: { SMTP_URL: 'smtp://127.0.0.1:2525' } });
    try {
      expect((await withSmtp.http.inject({ method: 'GET', url: '/api/dev/mailbox' })).statusCode).toBe(404);
      expect((await withSmtp.http.inject({ method: 'GET', url: '/api/public/config' })).json().mailboxEnabled).toBe(false);
    } finally {
      await withSmtp.close();
    }
  });

  it('removes sessions ended over 30 days ago in every tenant, keeps the rest, and logs the counts', async () => {
    const tenants = [await buildTenant(tdb.db), await buildTenant(tdb.db)];
    for (const t of tenants) {
      const u = await buildUser(tdb.db, t);
      const client = new TestClient(app);
      expect((await client.login(t.code, u.email, u.password)).statusCode).toBe(200);
    }
    clock.advance(31 * 24 * 3_600_000);
    for (const t of tenants) {
      const u = await buildUser(tdb.db, t);
      expect((await new TestClient(app).login(t.code, u.email, u.password)).statusCode).toBe(200);
    }
    const result = await runHousekeeping(tdb.db, clock);
    expect(result.sessions).toBe(2);
    const left = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM platform.sessions')).rows[0]!.n);
    expect(left).toBe(2);
    const events = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ details: { sessions: number } }>(`SELECT details FROM audit.operator_events WHERE action = 'ops.housekeeping.completed'`)).rows);
    expect(events.at(-1)!.details.sessions).toBe(2);
  });
});
