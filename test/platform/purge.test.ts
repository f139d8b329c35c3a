import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant, type Tx } from '../../src/core/db/index.js';
import { raiseAlert } from '../../src/platform/alerts/index.js';
import { createFileStore, storeTenantFile, type FileStore } from '../../src/platform/files/index.js';
import { masterKeyProvider, tenantDataKeyVersion, tenantKeyStoreOf, TenantKeyUnavailableError, type KeyProvider } from '../../src/platform/keys/index.js';
import { REGISTERED_DATA_SCHEMAS, runPurgeSweep, type SweepResult } from '../../src/platform/lifecycle/index.js';
import { queueMail } from '../../src/platform/mail/index.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser, type BuiltTenant } from '../support/factories.js';
import { signInStaff } from '../support/seeders/audit.js';
import { startSmtp } from '../support/smtp.js';
import { TENANT_TABLE_SEEDERS, tenantTables } from '../support/tenantRows.js';

/** Contract ended 2026-03-31 → purge from 2026-06-01 00:00 JST (2026-05-31T15:00Z). */
const ENDED_ON = '2026-03-31';
const PURGE_ON = '2026-06-01';

describe(`purge two months after contract end, with reminders and a certificate (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let files: FileStore;
  let keys: KeyProvider;
  const clock = new ManualClock('2026-05-01T00:00:00Z');
  let gone: BuiltTenant;
  let kept: BuiltTenant;
  let renewed: BuiltTenant;
  let cleared: BuiltTenant;
  let tables: string[];
  const before = new Map<string, Record<string, number>>();
  let certificateId: string;

  const sweep = (): Promise<SweepResult> =>
    runPurgeSweep(
      { db: tdb.db, clock, logger: app.logger, registry: app.registry, files, keys, publicUrl: 'http://sotas.test', staffAlertEmail: 'ops@provider.example' },
      'lifecycle.purge test',
    );

  /** Rows of the tenant per tenant table, counted as the owner (row-level security does not apply). */
  const countsOf = (tenantId: string) =>
    tdb.db.ownerTransaction(async (tx) => {
      const counts: Record<string, number> = {};
      for (const table of tables) counts[table] = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenantId])).rows[0]!.n;
      return counts;
    });

  /** The counts a purge may touch: registered data and the event log (audit jobs add checkpoints on their own). */
  const dataCountsOf = async (tenantId: string) => {
    const all = await countsOf(tenantId);
    return Object.fromEntries(Object.entries(all).filter(([t]) => !t.startsWith('audit.') || t === 'audit.tenant_events'));
  };
  const beforeData = (tenantId: string) =>
    Object.fromEntries(Object.entries(before.get(tenantId)!).filter(([t]) => !t.startsWith('audit.') || t === 'audit.tenant_events'));

  /** Runs queued jobs (mail delivery among them) until none is due. */
  const drainJobs = async () => {
    for (let i = 0; i < 20 && (await app.jobs.tick()) > 0; i++);
  };

  const objectsUnder = async (tenantId: string) => {
    const keysFound: string[] = [];
    for await (const object of files.list(`tenant/${tenantId}/`)) keysFound.push(object.key);
    return keysFound.sort();
  };

  const owner = <R>(sql: string, params: unknown[] = []) => tdb.db.ownerTransaction(async (tx: Tx) => (await tx.query<R>(sql, params)).rows);

  /** Fills every tenant table (one seeder each), stores two files and an export object, and queues a mail. */
  async function fill(tenant: BuiltTenant): Promise<void> {
    const admin = await buildUser(tdb.db, tenant, { displayName: '管理 花子' });
    for (const name of ['配合表.pdf', '検査成績書.txt']) {
      await storeTenantFile(
        { db: tdb.db, clock, files, keys, maxBytes: 1_000_000 },
        { tenantId: tenant.id, service: 'process', name, body: Buffer.from(`${name} の内容 ${tenant.code}`), actor: { type: 'user', id: admin.id, name: '管理 花子' }, origin: {} },
      );
    }
    await files.put(`tenant/${tenant.id}/exports/old-export.zip.sxe`, Buffer.from('sealed export'));
    await tdb.db.ownerTransaction(async (tx) => {
      for (const table of tables) {
        // The real data key was made by the first stored file; a seeded one would replace nothing.
        if (table === 'platform.tenant_keys') continue;
        await TENANT_TABLE_SEEDERS[table]!(tx, tenant.id);
      }
    });
    await tdb.db.transaction(async (tx) => {
      await queueMail(tx, clock, { to: 'member@example.com', template: 'test.ping', lang: 'ja', params: { sentAt: clock.now() }, customerId: tenant.id });
      await raiseAlert(tx, { clock, staffAlertEmail: 'ops@provider.example', publicUrl: 'http://sotas.test' }, {
        key: `capacity:${tenant.id}`,
        kind: 'capacity',
        customerId: tenant.id,
        summary: { ja: '容量', en: 'Capacity' },
        detail: { ja: '詳細', en: 'Detail' },
      });
    });
  }

  const endContracts = (tenant: BuiltTenant) => endContractsOf(tdb, tenant);

  beforeAll(async () => {
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL: 'http://sotas.test', BACKUP_ENABLED: 'false' } });
    files = createFileStore(app.config.files);
    keys = masterKeyProvider(app.config.masterKeyFile);
    tables = await tdb.db.ownerTransaction(tenantTables);
    gone = await buildTenant(tdb.db, { name: '閉鎖予定化学株式会社' });
    kept = await buildTenant(tdb.db, { name: '継続樹脂株式会社' });
    renewed = await buildTenant(tdb.db, { name: '更新工業株式会社' });
    cleared = await buildTenant(tdb.db, { name: '再契約化成株式会社' });
    for (const tenant of [gone, kept, renewed, cleared]) await fill(tenant);
    await endContracts(gone);
    // Renewed before the date: a new contract runs on (the purge date is still set).
    await endContracts(renewed);
    await tdb.db.ownerTransaction((tx) => tx.query(`INSERT INTO ops.contracts (customer_id, service, starts_on) VALUES ($1, 'process', '2026-04-01')`, [renewed.id]));
    // Renewed and the contracts module cleared the purge date.
    await endContracts(cleared);
    await tdb.db.ownerTransaction(async (tx) => {
      await tx.query(`UPDATE ops.contracts SET ends_on = NULL WHERE customer_id = $1`, [cleared.id]);
      await tx.query(`UPDATE ops.tenants SET purge_on = NULL WHERE id = $1`, [cleared.id]);
    });
    for (const tenant of [gone, kept, renewed, cleared]) before.set(tenant.id, await countsOf(tenant.id));
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.close();
    await smtp?.close();
  });

  const reminderMails = () => smtp.received.filter((m) => m.subject.includes('削除予定日'));

  it('finds every tenant table filled for the tenant before the purge', () => {
    const counts = before.get(gone.id)!;
    expect(Object.entries(counts).filter(([, n]) => n === 0).map(([t]) => t)).toEqual([]);
  });

  it('mails the contact 30 days before, once', async () => {
    clock.set('2026-05-01T15:00:00Z'); // 2026-05-02 00:00 JST: 30 days left
    expect((await sweep()).reminders).toBe(1);
    expect((await sweep()).reminders).toBe(0);
    clock.set('2026-05-02T15:00:00Z'); // 29 days left: the 30-day reminder went out already
    expect((await sweep()).reminders).toBe(0);
    await drainJobs();
    const mails = reminderMails();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual([`rep@${gone.code.toLowerCase()}.example`]);
    expect(mails[0]!.subject).toBe('【重要】ご登録データの削除予定日（2026年6月1日（月））のお知らせ');
    expect(mails[0]!.text).toContain('2026年3月31日（火）');
    expect(mails[0]!.text).toContain('残り 30 日');
    expect(mails[0]!.text).toContain('http://sotas.test/settings/export');
  });

  it('mails the contact again 7 days before, once, and never the renewed tenants', async () => {
    clock.set('2026-05-24T15:00:00Z'); // 2026-05-25 JST: 7 days left
    expect((await sweep()).reminders).toBe(1);
    expect((await sweep()).reminders).toBe(0);
    await drainJobs();
    const mails = reminderMails();
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text).toContain('残り 7 日');
    expect(mails.every((m) => m.to[0] === `rep@${gone.code.toLowerCase()}.example`)).toBe(true);
    const reminders = await owner<{ days_before: number; mail_id: string | null }>('SELECT days_before, mail_id FROM ops.purge_reminders WHERE customer_id = $1 ORDER BY days_before DESC', [gone.id]);
    expect(reminders.map((r) => r.days_before)).toEqual([30, 7]);
    expect(reminders.every((r) => r.mail_id !== null)).toBe(true);
    expect(await owner('SELECT 1 FROM ops.purge_reminders WHERE customer_id <> $1', [gone.id])).toEqual([]);
  });

  it('shows staff the pending purge with its dates and reminders; tenant users get 404', async () => {
    const staff = await signInStaff(app, clock, { roles: ['operator'] });
    const res = await staff.client.get('/api/ops/lifecycle/pending');
    expect(res.statusCode).toBe(200);
    const rows = res.json().tenants as { tenantId: string; purgeOn: string; contractEndedOn: string; daysLeft: number; renewed: boolean; reminders: { daysBefore: number }[] }[];
    const pending = rows.find((t) => t.tenantId === gone.id)!;
    expect(pending).toMatchObject({ purgeOn: PURGE_ON, contractEndedOn: ENDED_ON, daysLeft: 7, renewed: false });
    expect(pending.reminders.map((r) => r.daysBefore)).toEqual([30, 7]);
    expect(rows.find((t) => t.tenantId === renewed.id)).toMatchObject({ renewed: true, reminders: [] });
    expect(rows.find((t) => t.tenantId === cleared.id)).toBeUndefined();

    const outsider = await buildTenant(tdb.db);
    const user = await buildUser(tdb.db, outsider);
    const tenantClient = new TestClient(app);
    expect((await tenantClient.login(outsider.code, user.email, user.password)).statusCode).toBe(200);
    for (const url of ['/api/ops/lifecycle/pending', '/api/ops/lifecycle/certificates']) expect((await tenantClient.get(url)).statusCode).toBe(404);
  });

  it('does nothing before 00:00 JST on the purge date', async () => {
    clock.set('2026-05-31T14:59:59Z');
    expect((await sweep()).purged).toEqual([]);
    expect(await dataCountsOf(gone.id)).toEqual(beforeData(gone.id));
  });

  it('purges the tenant: no row in any tenant table, no stored file, no key; the others untouched', async () => {
    const mailsOfGone = (await owner<{ n: number }>('SELECT count(*)::int AS n FROM ops.mail_outbox WHERE customer_id = $1', [gone.id]))[0]!.n;
    const encrypted = (await owner<{ storage_key: string }>(`SELECT storage_key FROM platform.files WHERE tenant_id = $1 AND name = '配合表.pdf'`, [gone.id]))[0]!.storage_key;
    clock.set('2026-05-31T15:00:00Z'); // 2026-06-01 00:00 JST
    const result = await sweep();
    expect(result.purged).toEqual([gone.id]);

    // Every tenant table of the registered-data schemas is empty for the tenant.
    const after = await countsOf(gone.id);
    const registered = tables.filter((t) => (REGISTERED_DATA_SCHEMAS as readonly string[]).includes(t.split('.')[0]!));
    expect(registered).toEqual(expect.arrayContaining(['platform.users', 'platform.files', 'platform.tenant_keys', 'platform.data_exports']));
    expect(Object.fromEntries(registered.map((t) => [t, after[t]]))).toEqual(Object.fromEntries(registered.map((t) => [t, 0])));
    // The event log stays under the retention policy (ADR 0012).
    expect(after['audit.tenant_events']).toBe(before.get(gone.id)!['audit.tenant_events']);

    // No stored object under its prefix; the data key is gone, so a copy of a file (say, in a backup) cannot be opened.
    expect(await objectsUnder(gone.id)).toEqual([]);
    expect(await files.exists(encrypted)).toBe(false);
    await expect(withTenant(tdb.db, gone.id, (tx) => tenantDataKeyVersion(tx, { provider: keys, clock }, gone.id, 1))).rejects.toBeInstanceOf(TenantKeyUnavailableError);
    // Its key-encryption key, kept outside the database and its backups, is destroyed too; the others keep theirs.
    expect(await tenantKeyStoreOf(keys).exists(gone.id)).toBe(false);
    expect(await tenantKeyStoreOf(keys).destroyed(gone.id)).toBe(true);
    expect(await tenantKeyStoreOf(keys).exists(kept.id)).toBe(true);

    // The other tenants: every count as before, every file still there.
    for (const tenant of [kept, renewed, cleared]) {
      expect(await dataCountsOf(tenant.id), tenant.name).toEqual(beforeData(tenant.id));
      expect(await objectsUnder(tenant.id)).toHaveLength(3);
    }

    // The tenant row stays (its code reserved) without contact addresses.
    const [row] = await owner<{ status: string; code: string; representative_email: string; contact_email: string }>(
      'SELECT status, code, representative_email, contact_email FROM ops.tenants WHERE id = $1',
      [gone.id],
    );
    expect(row).toEqual({ status: 'purged', code: gone.code, representative_email: '', contact_email: '' });
    // Its mails are kept as records without addresses or bodies; its alerts are resolved.
    const mails = await owner<{ to_address: string; subject: string; text_body: string | null; html_body: string | null }>(
      'SELECT to_address, subject, text_body, html_body FROM ops.mail_outbox WHERE customer_id = $1',
      [gone.id],
    );
    expect(mails).toHaveLength(mailsOfGone);
    expect(mails.every((m) => m.to_address === '(purged)' && m.subject === '(purged)' && m.text_body === null && m.html_body === null)).toBe(true);
    expect(await owner('SELECT 1 FROM ops.staff_alerts WHERE customer_id = $1 AND resolved_at IS NULL', [gone.id])).toEqual([]);
    expect(await owner(`SELECT 1 FROM ops.jobs WHERE customer_id = $1`, [gone.id])).toEqual([]);
    expect((await owner<{ n: number }>(`SELECT count(*)::int AS n FROM ops.staff_alerts WHERE customer_id = $1 AND resolved_at IS NULL`, [kept.id]))[0]!.n).toBe(1);
    expect((await owner<{ to_address: string }>('SELECT to_address FROM ops.mail_outbox WHERE customer_id = $1', [kept.id]))[0]!.to_address).toBe('member@example.com');
  });

  it('records a certificate with the counts per table, files and key destruction, and the operator log', async () => {
    const [certificate] = await owner<{
      id: string;
      status: string;
      tenant_code: string;
      tenant_name: string;
      contact_email: string;
      rows_deleted: Record<string, number>;
      files_deleted: number;
      keys_destroyed: number;
      key_destroyed_at: Date;
      completed_at: Date;
      run_by: string;
    }>('SELECT * FROM ops.deletion_certificates WHERE customer_id = $1', [gone.id]);
    certificateId = certificate!.id;
    expect(certificate).toMatchObject({
      status: 'completed',
      tenant_code: gone.code,
      tenant_name: '閉鎖予定化学株式会社',
      contact_email: `rep@${gone.code.toLowerCase()}.example`,
      files_deleted: 3,
      // Its data key and its key-encryption key in the key store.
      keys_destroyed: 2,
      run_by: 'lifecycle.purge test',
    });
    expect(certificate!.key_destroyed_at.toISOString()).toBe('2026-05-31T15:00:00.000Z');
    const counted = before.get(gone.id)!;
    for (const [table, n] of Object.entries(counted)) {
      if (table.startsWith('audit.') || table === 'platform.tenant_keys') continue;
      expect(certificate!.rows_deleted[table], table).toBe(n);
    }
    const events = await owner<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit.operator_events WHERE customer_id = $1 AND action LIKE 'lifecycle.%' ORDER BY seq`,
      [gone.id],
    );
    expect(events.map((e) => e.action)).toEqual(['lifecycle.purge_reminder.sent', 'lifecycle.purge_reminder.sent', 'lifecycle.purge.started', 'lifecycle.tenant.purged']);
    expect(events[3]!.details).toMatchObject({ filesDeleted: 3, keysDestroyed: 2 });
  });

  it('is idempotent: another run purges nothing and changes nothing', async () => {
    const certificateBefore = await owner('SELECT * FROM ops.deletion_certificates');
    clock.advance(3_600_000);
    expect(await sweep()).toEqual({ reminders: 0, purged: [], failed: [] });
    expect(await owner('SELECT * FROM ops.deletion_certificates')).toEqual(certificateBefore);
    for (const tenant of [kept, renewed, cleared]) expect(await dataCountsOf(tenant.id)).toEqual(beforeData(tenant.id));
    const [row] = await owner<{ status: string }>('SELECT status FROM ops.tenants WHERE id = $1', [renewed.id]);
    expect(row!.status).toBe('active');
  });

  it('lets staff read the certificate and e-mail it to the former contact or another address', async () => {
    const staff = await signInStaff(app, clock, { roles: ['operator'] });
    const list = await staff.client.get('/api/ops/lifecycle/certificates');
    expect(list.statusCode).toBe(200);
    expect(list.json().certificates).toEqual([expect.objectContaining({ id: certificateId, tenantCode: gone.code, status: 'completed', filesDeleted: 3 })]);
    const detail = (await staff.client.get(`/api/ops/lifecycle/certificates/${certificateId}`)).json().certificate;
    expect(detail.tables).toEqual(expect.arrayContaining([{ table: 'platform.users', rows: before.get(gone.id)!['platform.users'] }]));
    expect(detail.providerRecords).toEqual(expect.arrayContaining([expect.objectContaining({ record: 'ops.mail_outbox' })]));
    expect(detail.keysDestroyed).toBe(2);

    const toContact = await staff.client.post(`/api/ops/lifecycle/certificates/${certificateId}/send`, { requestRef: 'REQ-2026-061' });
    expect(toContact.statusCode).toBe(202);
    expect(toContact.json().send.to).toBe(`rep@${gone.code.toLowerCase()}.example`);
    const toOther = await staff.client.post(`/api/ops/lifecycle/certificates/${certificateId}/send`, { to: 'legal@closing.example', lang: 'en' });
    expect(toOther.statusCode).toBe(202);
    await drainJobs();
    const certificates = smtp.received.filter((m) => /削除証明書|Certificate of data deletion/.test(m.subject));
    expect(certificates.map((m) => m.to[0]).sort()).toEqual(['legal@closing.example', `rep@${gone.code.toLowerCase()}.example`]);
    const ja = certificates.find((m) => m.to[0] !== 'legal@closing.example')!;
    expect(ja.subject).toBe('データ削除証明書（閉鎖予定化学株式会社 様）');
    expect(ja.text).toContain(certificateId);
    expect(ja.text).toContain('暗号鍵の破棄日時：2026/06/01(月) 00:00 (日本時間)');
    expect(ja.text).toContain(`platform.users: ${before.get(gone.id)!['platform.users']} 件`);
    expect(ja.text).toContain('保存されたファイル：3 件');
    expect(certificates.find((m) => m.to[0] === 'legal@closing.example')!.text).toContain('Encryption keys destroyed: 2');

    const sends = (await staff.client.get(`/api/ops/lifecycle/certificates/${certificateId}`)).json().certificate.sends;
    expect(sends).toHaveLength(2);
    const logged = await owner<{ actor_id: string; details: Record<string, unknown> }>(
      `SELECT actor_id, details FROM audit.operator_events WHERE action = 'ops.deletion_certificate.sent' ORDER BY seq`,
    );
    expect(logged).toEqual([
      { actor_id: staff.staffId, details: { recipient: 'former_contact', requestRef: 'REQ-2026-061' } },
      { actor_id: staff.staffId, details: { recipient: 'given_address' } },
    ]);
  });

  it('refuses bad input with a Japanese message, unknown ids with 404, auditors with 403, and changes nothing', async () => {
    const staff = await signInStaff(app, clock, { roles: ['operator'] });
    const sendsBefore = await owner('SELECT id FROM ops.deletion_certificate_sends');
    const bad = await staff.client.post(`/api/ops/lifecycle/certificates/${certificateId}/send`, { to: 'not-an-address' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/入力内容/);
    expect((await staff.client.post(`/api/ops/lifecycle/certificates/${certificateId}/send`, { to: 'a@b.example', extra: 1 })).statusCode).toBe(400);
    const unknown = await staff.client.post('/api/ops/lifecycle/certificates/00000000-0000-4000-8000-000000000000/send', {});
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe('見つかりません。');
    expect((await staff.client.get('/api/ops/lifecycle/certificates/not-a-uuid')).statusCode).toBe(400);

    const auditor = await signInStaff(app, clock, { roles: ['auditor'] });
    expect((await auditor.client.get(`/api/ops/lifecycle/certificates/${certificateId}`)).statusCode).toBe(200);
    const refused = await auditor.client.post(`/api/ops/lifecycle/certificates/${certificateId}/send`, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/権限/);

    const outsider = await buildTenant(tdb.db);
    const user = await buildUser(tdb.db, outsider);
    const tenantClient = new TestClient(app);
    expect((await tenantClient.login(outsider.code, user.email, user.password)).statusCode).toBe(200);
    expect((await tenantClient.post(`/api/ops/lifecycle/certificates/${certificateId}/send`, {})).statusCode).toBe(404);
    expect((await tenantClient.get(`/api/ops/lifecycle/certificates/${certificateId}`)).statusCode).toBe(404);
    expect(await owner('SELECT id FROM ops.deletion_certificate_sends')).toEqual(sendsBefore);
  });

  it('does not send a certificate for a purge still in progress', async () => {
    const staff = await signInStaff(app, clock, { roles: ['operator'] });
    const id = '11111111-1111-4111-8111-111111111111';
    await tdb.db.ownerTransaction((tx) =>
      tx.query(
        `INSERT INTO ops.deletion_certificates (id, customer_id, tenant_code, tenant_name, purge_on, status, started_at, run_by)
         VALUES ($1, $2, $3, $4, $5, 'in_progress', now(), 'test')`,
        [id, kept.id, kept.code, kept.name, PURGE_ON],
      ),
    );
    const res = await staff.client.post(`/api/ops/lifecycle/certificates/${id}/send`, { to: 'x@y.example' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/完了していない/);
    await tdb.db.ownerTransaction((tx) => tx.query('DELETE FROM ops.deletion_certificates WHERE id = $1', [id]));
  });
});

describe(`an interrupted purge resumes and still certifies everything (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-06-01T00:00:00Z');

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock, env: { BACKUP_ENABLED: 'false' } });
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.close();
  });

  it('keeps the counts of a run that failed at the files, raises one staff alert, and completes on the next run', async () => {
    const files = createFileStore(app.config.files);
    const keys = masterKeyProvider(app.config.masterKeyFile);
    const tenant = await buildTenant(tdb.db);
    const user = await buildUser(tdb.db, tenant);
    await storeTenantFile(
      { db: tdb.db, clock, files, keys, maxBytes: 1_000_000 },
      { tenantId: tenant.id, service: 'process', name: 'a.txt', body: Buffer.from('a'), actor: { type: 'user', id: user.id }, origin: {} },
    );
    await endContractsOf(tdb, tenant);
    let failures = 1;
    const flaky: FileStore = {
      ...files,
      async deletePrefix(prefix) {
        if (failures-- > 0) throw new Error('store unreachable');
        return files.deletePrefix(prefix);
      },
    };
    const deps = { db: tdb.db, clock, logger: app.logger, registry: app.registry, files: flaky, keys, publicUrl: 'http://sotas.test', staffAlertEmail: 'ops@provider.example' };
    await expect(runPurgeSweep(deps, 'first run')).rejects.toThrow(/purge failed for 1 tenant/);
    const owner = <R>(sql: string, params: unknown[]) => tdb.db.ownerTransaction(async (tx) => (await tx.query<R>(sql, params)).rows);
    const [halfway] = await owner<{ status: string; rows_deleted: Record<string, number> }>('SELECT status, rows_deleted FROM ops.deletion_certificates WHERE customer_id = $1', [tenant.id]);
    expect(halfway!.status).toBe('in_progress');
    expect(halfway!.rows_deleted['platform.users']).toBe(1);
    expect(await owner('SELECT key FROM ops.staff_alerts WHERE customer_id = $1 AND resolved_at IS NULL', [tenant.id])).toEqual([{ key: `purge_failed:${tenant.id}` }]);
    // The key is still there: nothing is shredded before the files are gone.
    expect((await owner<{ n: number }>('SELECT count(*)::int AS n FROM platform.tenant_keys WHERE tenant_id = $1', [tenant.id]))[0]!.n).toBe(1);

    expect((await runPurgeSweep(deps, 'second run')).purged).toEqual([tenant.id]);
    const [done] = await owner<{ status: string; rows_deleted: Record<string, number>; files_deleted: number; keys_destroyed: number }>(
      'SELECT status, rows_deleted, files_deleted, keys_destroyed FROM ops.deletion_certificates WHERE customer_id = $1',
      [tenant.id],
    );
    expect(done).toMatchObject({ status: 'completed', files_deleted: 1, keys_destroyed: 2 });
    expect(done!.rows_deleted['platform.users']).toBe(1);
    expect(done!.rows_deleted['platform.files']).toBe(1);
    expect(await owner('SELECT key FROM ops.staff_alerts WHERE customer_id = $1 AND resolved_at IS NULL', [tenant.id])).toEqual([]);
  });
});

/** Ends every contract of the tenant on ENDED_ON and sets the purge date, as the contracts module does. */
async function endContractsOf(tdb: TestDatabase, tenant: BuiltTenant): Promise<void> {
  await tdb.db.ownerTransaction(async (tx) => {
    await tx.query(`UPDATE ops.contracts SET ends_on = $2 WHERE customer_id = $1`, [tenant.id, ENDED_ON]);
    await tx.query(`UPDATE ops.tenants SET purge_on = $2 WHERE id = $1`, [tenant.id, PURGE_ON]);
  });
}
