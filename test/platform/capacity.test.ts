import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { buildTenant, buildUser, type BuiltTenant } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { startSmtp } from '../support/smtp.js';
import { signInStaff } from '../support/seeders/audit.js';

const ALERTS_TO = 'ops-alerts@provider.example';
const JAPANESE = /[ぁ-んァ-ヶ一-龠]/;

interface Threshold {
  metric: string;
  limit: number;
  defaultLimit: number;
  enabled: boolean;
  customized: boolean;
  value: number | null;
  breached: boolean;
}

describe(`capacity dashboard, thresholds and one alert mail per breach (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let staff: TestClient;
  let auditor: TestClient;
  let big: BuiltTenant;
  let small: BuiltTenant;
  const clock = new ManualClock('2026-11-27T01:00:30Z');

  beforeAll(async () => {
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, STAFF_ALERT_EMAIL: ALERTS_TO } });
    staff = (await signInStaff(app, clock, { roles: ['operator'] })).client;
    auditor = (await signInStaff(app, clock, { roles: ['auditor'] })).client;
    big = await buildTenant(tdb.db, { code: 'BIG-01', name: '大手化学株式会社' });
    small = await buildTenant(tdb.db, { code: 'SMALL-01', name: '小規模樹脂株式会社' });
    for (let i = 0; i < 12; i++) await buildUser(tdb.db, big, { displayName: `利用者 ${i}` });
    await buildUser(tdb.db, small);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.close();
    await smtp?.close();
  });

  const owner = <R>(sql: string, params: unknown[] = []) => tdb.db.ownerTransaction(async (tx) => (await tx.query<R>(sql, params)).rows);
  const alertMails = (about = '') => smtp.received.filter((m) => m.to.includes(ALERTS_TO) && m.subject.includes(about));
  const dashboard = async () => {
    const res = await staff.get('/api/ops/capacity');
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const threshold = async (metric: string): Promise<Threshold> => (await dashboard()).thresholds.find((t: Threshold) => t.metric === metric);

  /** The next minute's sampling run, then the mail delivery it queued. */
  async function nextMinute(): Promise<void> {
    clock.advance(60_000);
    await app.jobs.drain();
    await app.jobs.drain();
  }

  it('shows current figures and the default thresholds; samples every minute with storage per tenant', async () => {
    const first = await dashboard();
    expect(first.current.dbSizeBytes).toBeGreaterThan(0);
    expect(first.current.memoryRssBytes).toBeGreaterThan(0);
    expect(first.current.diskUsedPercent).toBeGreaterThan(0);
    expect(first.current.jobsFailed).toBe(0);
    expect(first.thresholds.map((t: Threshold) => t.metric)).toEqual([
      'disk_used_percent',
      'db_size_bytes',
      'tenant_storage_bytes',
      'job_queue_depth',
      'job_failures',
      'error_rate_percent',
      'event_loop_lag_ms',
      'memory_rss_bytes',
    ]);
    expect(first.thresholds.every((t: Threshold) => t.enabled && !t.customized && t.limit === t.defaultLimit && !t.breached)).toBe(true);
    expect(first.history).toEqual([]);

    await nextMinute();
    for (let i = 0; i < 25; i++) await staff.get('/api/ops/tenants');
    await nextMinute();
    const after = await dashboard();
    expect(after.history).toHaveLength(2);
    expect(after.history[0].metrics.requestsPerMinute).toBeGreaterThanOrEqual(25);
    expect(after.history[0].metrics.errorRatePercent).toBe(0);
    const byCode = Object.fromEntries(after.tenants.map((t: { code: string; dbBytes: number }) => [t.code, t.dbBytes]));
    expect(byCode['BIG-01']).toBeGreaterThan(byCode['SMALL-01']);
    expect(byCode['SMALL-01']).toBeGreaterThan(0);
    // The figures reach Prometheus too.
    const metrics = (await app.ops.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/tenant_storage_bytes\{tenant="BIG-01",kind="database"\} \d+/);
    expect(metrics).toMatch(/database_size_bytes \d+/);
  });

  it('mails the staff address once per breach, resolves when it clears, and mails again on the next breach', async () => {
    const set = (limit: number, enabled = true) => staff.request('PUT', '/api/ops/capacity/thresholds/db_size_bytes', { limit, enabled });
    expect((await set(1)).statusCode).toBe(200);
    expect(await threshold('db_size_bytes')).toMatchObject({ limit: 1, customized: true, breached: true });
    for (let i = 0; i < 4; i++) await nextMinute();
    expect(alertMails('データベース容量')).toHaveLength(1);
    expect(alertMails('データベース容量')[0]!.subject).toBe('【運用アラート】データベース容量がしきい値を超えました');
    expect(alertMails('データベース容量')[0]!.text).toContain('しきい値: 1 B');
    let alerts = (await dashboard()).alerts.filter((a: { key: string }) => a.key === 'capacity:db_size_bytes');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].resolvedAt).toBeNull();

    expect((await set(1e15)).statusCode).toBe(200);
    await nextMinute();
    alerts = (await dashboard()).alerts.filter((a: { key: string }) => a.key === 'capacity:db_size_bytes');
    expect(alerts[0].resolvedAt).not.toBeNull();
    expect(alertMails('データベース容量')).toHaveLength(1);

    await set(1);
    await nextMinute();
    await nextMinute();
    expect(alertMails('データベース容量')).toHaveLength(2);
    // Switching the threshold off closes the open alert.
    await set(1, false);
    await nextMinute();
    const open = (await dashboard()).alerts.filter((a: { key: string; resolvedAt: string | null }) => a.key === 'capacity:db_size_bytes' && !a.resolvedAt);
    expect(open).toEqual([]);
    const log = await owner<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit.operator_events
        WHERE action LIKE 'ops.capacity.%' AND (target_id = 'db_size_bytes' OR details->>'metric' = 'db_size_bytes') GROUP BY action ORDER BY action`,
    );
    expect(log).toEqual([
      { action: 'ops.capacity.alert_raised', n: 2 },
      { action: 'ops.capacity.alert_resolved', n: 2 },
      { action: 'ops.capacity.threshold_changed', n: 4 },
    ]);
  });

  it('alerts per tenant on storage, naming the tenant, and staff can measure at once', async () => {
    const largest = (await dashboard()).tenants[0];
    expect(largest.code).toBe('BIG-01');
    const limit = Math.floor((largest.totalBytes + (await dashboard()).tenants.find((t: { code: string }) => t.code === 'SMALL-01').totalBytes) / 2);
    expect((await staff.request('PUT', '/api/ops/capacity/thresholds/tenant_storage_bytes', { limit, enabled: true })).statusCode).toBe(200);
    const sampled = await staff.post('/api/ops/capacity/samples', {});
    expect(sampled.statusCode).toBe(201);
    expect(sampled.json().raised).toBe(1);
    await app.jobs.drain();
    const mails = alertMails('保存容量');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('【運用アラート】契約者 BIG-01（大手化学株式会社）の保存容量がしきい値を超えました');
    const [alert] = await owner<{ customer_id: string }>(`SELECT customer_id FROM ops.staff_alerts WHERE key = $1`, [`capacity:tenant_storage:${big.id}`]);
    expect(alert?.customer_id).toBe(big.id);
    expect(await owner(`SELECT 1 FROM ops.staff_alerts WHERE key = $1`, [`capacity:tenant_storage:${small.id}`])).toEqual([]);
    const [logged] = await owner<{ actor_type: string }>(`SELECT actor_type FROM audit.operator_events WHERE action = 'ops.capacity.sampled'`);
    expect(logged?.actor_type).toBe('staff');
  });

  it('refuses bad thresholds with a Japanese message and changes nothing; auditors only read', async () => {
    const before = await owner('SELECT * FROM ops.capacity_thresholds ORDER BY metric');
    for (const [metric, body] of [
      ['disk_used_percent', { limit: 120, enabled: true }],
      ['disk_used_percent', { limit: -1, enabled: true }],
      ['db_size_bytes', { limit: '10GB', enabled: true }],
      ['db_size_bytes', { limit: 10, enabled: true, extra: 1 }],
      ['no_such_metric', { limit: 10, enabled: true }],
    ] as const) {
      const res = await staff.request('PUT', `/api/ops/capacity/thresholds/${metric}`, body);
      expect(res.statusCode, `${metric} ${JSON.stringify(body)}`).toBe(400);
      expect(res.json().error.message).toMatch(JAPANESE);
    }
    const percent = await staff.request('PUT', '/api/ops/capacity/thresholds/disk_used_percent', { limit: 120, enabled: true });
    expect(percent.json().error.fields.limit).toBe('0〜100の範囲で入力してください。');
    expect(await owner('SELECT * FROM ops.capacity_thresholds ORDER BY metric')).toEqual(before);

    expect((await auditor.get('/api/ops/capacity')).statusCode).toBe(200);
    expect((await auditor.request('PUT', '/api/ops/capacity/thresholds/db_size_bytes', { limit: 5, enabled: true })).statusCode).toBe(403);
    expect((await auditor.post('/api/ops/capacity/samples', {})).statusCode).toBe(403);
    expect(await owner('SELECT * FROM ops.capacity_thresholds ORDER BY metric')).toEqual(before);
  });

  it('answers 404 to tenant users and anonymous callers', async () => {
    const admin = await buildUser(tdb.db, small);
    const user = new TestClient(app);
    expect((await user.login(small.code, admin.email, admin.password)).statusCode).toBe(200);
    for (const client of [user, new TestClient(app)]) {
      expect((await client.get('/api/ops/capacity')).statusCode).toBe(404);
      expect((await client.request('PUT', '/api/ops/capacity/thresholds/db_size_bytes', { limit: 5, enabled: true })).statusCode).toBe(404);
      expect((await client.post('/api/ops/capacity/samples', {})).statusCode).toBe(404);
    }
  });
});
