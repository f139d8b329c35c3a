import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant, type Tx } from '../../src/core/db/index.js';
import { recordTenantEvent } from '../../src/platform/audit/index.js';
import { createFileStore, storeTenantFile, type FileStore, type TenantFile } from '../../src/platform/files/index.js';
import { masterKeyProvider } from '../../src/platform/keys/index.js';
import { expireOldExports, runExport } from '../../src/platform/lifecycle/exportJob.js';
import { platformExportTables } from '../../src/platform/lifecycle/platformTables.js';
import { keysetPages, type ExportRow } from '../../src/platform/services/index.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { startSmtp } from '../support/smtp.js';

/** Every entry of a zip, by name. */
function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('not a zip'));
      const entries = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (openError, stream) => {
          if (openError || !stream) return reject(openError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF), enough to read what the export writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** What the CSV holds for a JSON value: text as written, a formula-like text defused with '. */
function csvText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

interface ExportJson {
  format: string;
  tenant: { id: string; code: string; name: string };
  tables: Record<string, Record<string, unknown>[]>;
}

describe(`tenant export: one zip of every table and file (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  let tenant: BuiltTenant;
  let other: BuiltTenant;
  let admin: BuiltUser;
  let member: BuiltUser;
  let adminClient: TestClient;
  let stored: TenantFile;
  const fileBytes = Buffer.from('%PDF-1.4\n配合表 A-12 の写し\n'.repeat(200), 'utf8');

  const ownerCount = (sql: string, params: unknown[] = []) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>(sql, params)).rows[0]!.n);

  beforeAll(async () => {
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL: 'http://sotas.test', BACKUP_ENABLED: 'false' } });
    tenant = await buildTenant(tdb.db, { name: '東和樹脂株式会社' });
    other = await buildTenant(tdb.db, { name: '他社化成株式会社' });
    admin = await buildUser(tdb.db, tenant, { displayName: '管理 花子', memberships: [{ service: 'catalog', role: 'admin' }] });
    member = await buildUser(tdb.db, tenant, { displayName: '=HYPERLINK("http://x")', memberships: [{ service: 'process', role: 'member' }] });
    await tdb.db.ownerTransaction(async (tx) => {
      await tx.query(`UPDATE platform.users SET remarks = $2 WHERE id = $1`, [member.id, '工場A "第2ライン", 夜勤\n備考あり']);
      await tx.query('INSERT INTO platform.tenant_settings (tenant_id, mfa_required, session_idle_minutes) VALUES ($1, false, 30)', [tenant.id]);
    });
    for (let i = 0; i < 25; i++) {
      await withTenant(tdb.db, tenant.id, (tx) =>
        recordTenantEvent(tx, clock, tenant.id, { ip: '192.0.2.10' }, {
          actor: { type: 'user', id: admin.id, name: '管理 花子' },
          action: 'process.order.updated',
          target: { type: 'order', id: `PO-${i}`, labels: ['社外秘'] },
          result: 'success',
          details: { lot: `A-${i}`, qty: i },
        }),
      );
    }
    const keys = masterKeyProvider(app.config.masterKeyFile);
    const files = createFileStore(app.config.files);
    stored = await storeTenantFile(
      { db: tdb.db, clock, files, keys, maxBytes: 10_000_000 },
      { tenantId: tenant.id, service: 'process', name: '配合表.pdf', body: fileBytes, actor: { type: 'user', id: admin.id, name: '管理 花子' }, origin: {} },
    );
    adminClient = new TestClient(app);
    expect((await adminClient.login(tenant.code, admin.email, admin.password)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.close();
    await smtp?.close();
  });

  let exportId: string;
  let zip: Buffer;

  it('builds the export in the background with progress, and mails the admin when it is ready', async () => {
    const started = await adminClient.post('/api/exports', {});
    expect(started.statusCode).toBe(202);
    exportId = started.json().export.id;
    expect(started.json().export).toMatchObject({ status: 'queued', rowsDone: 0, downloadable: false, requestedByName: '管理 花子' });

    // A second export while the first waits is refused, and nothing is added.
    const second = await adminClient.post('/api/exports', {});
    expect(second.statusCode).toBe(409);
    expect(second.json().error.message).toMatch(/実行中/);
    expect(await ownerCount('SELECT count(*)::int AS n FROM platform.data_exports WHERE tenant_id = $1', [tenant.id])).toBe(1);

    // Downloading before it is ready says so.
    const early = await adminClient.get(`/api/exports/${exportId}/download`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/完了していません/);

    await app.jobs.tick();
    await app.jobs.tick();
    const done = (await adminClient.get(`/api/exports/${exportId}`)).json().export;
    expect(done.status).toBe('ready');
    expect(done.downloadable).toBe(true);
    expect(done.rowsTotal).toBeGreaterThan(25);
    expect(done.rowsDone).toBe(done.rowsTotal);
    expect(done.filesDone).toBe(1);
    expect(new Date(done.expiresAt).getTime()).toBe(clock.now().getTime() + 7 * 86_400_000);
    const list = (await adminClient.get('/api/exports')).json().exports;
    expect(list.map((e: { id: string }) => e.id)).toEqual([exportId]);

    const mail = smtp.received.find((m) => m.to.includes(admin.email));
    expect(mail?.subject).toBe('データのエクスポートが完了しました');
    expect(mail?.text).toContain('http://sotas.test/settings/export');
  });

  it('stores the archive encrypted under the tenant’s prefix', async () => {
    const row = (
      await tdb.db.ownerTransaction((tx) => tx.query<{ storage_key: string }>('SELECT storage_key FROM platform.data_exports WHERE id = $1', [exportId]))
    ).rows[0]!;
    expect(row.storage_key).toBe(`tenant/${tenant.id}/exports/${exportId}.zip.sxe`);
    const raw = Buffer.concat(await (await createFileStore(app.config.files).get(row.storage_key)).toArray());
    expect(raw.subarray(0, 8).toString('latin1')).toBe('SOTASF01');
    // Not a zip, and none of the data in clear.
    expect(raw.includes(Buffer.from('PK\u0003\u0004', 'latin1'))).toBe(false);
    expect(raw.includes(Buffer.from(admin.email))).toBe(false);
  });

  it('downloads the zip and records the download in the company’s log', async () => {
    const res = await adminClient.get(`/api/exports/${exportId}/download`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain(`export-${tenant.code}-20261127.zip`);
    zip = res.rawPayload;
    expect(createHash('sha256').update(zip).digest('hex')).toBe(res.headers['x-content-sha256']);
    const actions = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ action: string; actor_type: string }>(`SELECT action, actor_type FROM audit.tenant_events WHERE tenant_id = $1 AND action LIKE 'tenant.export.%' ORDER BY seq`, [tenant.id])).rows,
    );
    expect(actions).toEqual([
      { action: 'tenant.export.requested', actor_type: 'user' },
      { action: 'tenant.export.completed', actor_type: 'system' },
      { action: 'tenant.export.downloaded', actor_type: 'user' },
    ]);
  });

  it('round-trips: the JSON, every CSV and the XLSX hold the same records as the database', async () => {
    const entries = await unzip(zip);
    expect([...entries.keys()]).toEqual(expect.arrayContaining(['README.txt', 'manifest.json', 'data.json', 'csv/platform_users.csv', 'xlsx/platform_users.xlsx']));
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as {
      tables: { name: string; rows: number; csv: string; xlsx: string; columns: { key: string; header: { ja: string } }[] }[];
      files: { path: string; bytes: number }[];
    };
    const data = JSON.parse(entries.get('data.json')!.toString('utf8')) as ExportJson;
    expect(data.format).toBe('sotas-tenant-export/1');
    expect(data.tenant).toEqual({ id: tenant.id, code: tenant.code, name: '東和樹脂株式会社' });

    // Users: the database's rows, without password hashes.
    const users = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ id: string; email: string; display_name: string; remarks: string; created_at: Date }>(
        'SELECT id, email, display_name, remarks, created_at FROM platform.users WHERE tenant_id = $1 ORDER BY id',
        [tenant.id],
      )).rows,
    );
    // Times are ISO 8601 in UTC as the database renders them (microseconds kept).
    expect(data.tables.platform_users!.every((u) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+00:00$/.test(String(u.created_at)))).toBe(true);
    expect(
      data.tables.platform_users!.map((u) => ({ id: u.id, email: u.email, display_name: u.display_name, remarks: u.remarks, created_at: new Date(String(u.created_at)).toISOString() })),
    ).toEqual(users.map((u) => ({ ...u, created_at: u.created_at.toISOString() })));
    expect(JSON.stringify(data)).not.toMatch(/password_hash|argon2|token_hash/);

    // Memberships and the event log, row for row.
    const memberships = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ user_id: string; service: string; role: string }>('SELECT user_id, service, role FROM platform.memberships WHERE tenant_id = $1 ORDER BY user_id, service', [tenant.id])).rows,
    );
    expect(data.tables.platform_memberships!.map(({ user_id, service, role }) => ({ user_id, service, role }))).toEqual(memberships);
    const events = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ seq: number; action: string; hash: string; details: unknown }>(
        'SELECT seq::float8 AS seq, action, hash, details FROM audit.tenant_events WHERE tenant_id = $1 ORDER BY seq',
        [tenant.id],
      )).rows,
    );
    // The export was built before its own completion and download events.
    const exported = data.tables.audit_tenant_events!;
    expect(exported.map(({ seq, action, hash, details }) => ({ seq, action, hash, details }))).toEqual(events.slice(0, exported.length));
    expect(exported.filter((e) => e.action === 'process.order.updated')).toHaveLength(25);
    expect(data.tables.platform_security_settings).toEqual([expect.objectContaining({ mfa_required: false, session_idle_minutes: 30 })]);

    // Each CSV: BOM, Japanese headers from the manifest, and the JSON's values cell for cell.
    for (const table of manifest.tables) {
      const text = entries.get(table.csv)!.toString('utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      const [header, ...rows] = parseCsv(text.slice(1));
      expect(header).toEqual(table.columns.map((c) => c.header.ja));
      expect(rows).toHaveLength(table.rows);
      expect(rows).toEqual(data.tables[table.name]!.map((row) => table.columns.map((c) => csvText(row[c.key]))));
    }
    const usersCsv = parseCsv(entries.get('csv/platform_users.csv')!.toString('utf8').slice(1));
    expect(usersCsv.flat()).toContain(`'=HYPERLINK("http://x")`);
    expect(usersCsv.flat()).toContain('工場A "第2ライン", 夜勤\n備考あり');

    // The XLSX of the users: the same rows, the formula-like name kept as plain text.
    const workbook = new ExcelJS.Workbook();
    const xlsx = entries.get('xlsx/platform_users.xlsx')!;
    await workbook.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(users.length + 1);
    const names = sheet.getColumn(3).values.slice(2);
    expect(names.sort()).toEqual(users.map((u) => u.display_name).sort());
    expect(sheet.getCell('C1').value).toBe('氏名');

    // The stored file, decrypted, byte for byte, and its metadata row.
    expect(manifest.files).toEqual([{ path: `files/process/${stored.id}-配合表.pdf`, contentType: stored.contentType, bytes: fileBytes.length }]);
    expect(entries.get(`files/process/${stored.id}-配合表.pdf`)!.equals(fileBytes)).toBe(true);
    expect(data.tables.platform_files).toEqual([expect.objectContaining({ id: stored.id, name: '配合表.pdf', bytes: fileBytes.length, sha256: stored.sha256 })]);

    const readme = entries.get('README.txt')!.toString('utf8');
    expect(readme).toContain('東和樹脂株式会社');
    expect(readme).toContain('パスワード');
  });

  it('answers 404 to another tenant and for unknown ids, and 403 to a member who is not an admin', async () => {
    const otherAdmin = await buildUser(tdb.db, other);
    const otherClient = new TestClient(app);
    expect((await otherClient.login(other.code, otherAdmin.email, otherAdmin.password)).statusCode).toBe(200);
    for (const url of [`/api/exports/${exportId}`, `/api/exports/${exportId}/download`]) {
      const res = await otherClient.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.message).toBe('見つかりません。');
    }
    expect((await otherClient.get('/api/exports')).json().exports).toEqual([]);
    expect((await adminClient.get('/api/exports/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);

    const memberClient = new TestClient(app);
    expect((await memberClient.login(tenant.code, member.email, member.password)).statusCode).toBe(200);
    const before = await ownerCount('SELECT count(*)::int AS n FROM platform.data_exports');
    for (const res of [await memberClient.post('/api/exports', {}), await memberClient.get('/api/exports'), await memberClient.get(`/api/exports/${exportId}/download`)]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toMatch(/管理者/);
    }
    expect(await ownerCount('SELECT count(*)::int AS n FROM platform.data_exports')).toBe(before);
    expect((await new TestClient(app).get('/api/exports')).statusCode).toBe(401);
  });

  it('refuses bad input with a Japanese message and changes nothing', async () => {
    const before = await ownerCount('SELECT count(*)::int AS n FROM platform.data_exports');
    const res = await adminClient.post('/api/exports', { everything: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/入力内容/);
    expect((await adminClient.get('/api/exports/not-an-id/download')).statusCode).toBe(400);
    expect(await ownerCount('SELECT count(*)::int AS n FROM platform.data_exports')).toBe(before);
  });

  it('refuses an expired link with 410 and a Japanese message; the sweep deletes the archive', async () => {
    clock.advance(7 * 86_400_000 + 60_000);
    // The session ran out too; sign in again.
    adminClient = new TestClient(app);
    expect((await adminClient.login(tenant.code, admin.email, admin.password)).statusCode).toBe(200);
    const res = await adminClient.get(`/api/exports/${exportId}/download`);
    expect(res.statusCode).toBe(410);
    expect(res.json().error.message).toMatch(/期限が過ぎた/);
    expect((await adminClient.get(`/api/exports/${exportId}`)).json().export).toMatchObject({ status: 'expired', downloadable: false });

    const files = createFileStore(app.config.files);
    const key = `tenant/${tenant.id}/exports/${exportId}.zip.sxe`;
    expect(await files.exists(key)).toBe(true);
    expect(await expireOldExports({ db: tdb.db, clock, files })).toBe(1);
    expect(await files.exists(key)).toBe(false);
    expect((await adminClient.get(`/api/exports/${exportId}/download`)).statusCode).toBe(410);
    expect(await ownerCount(`SELECT count(*)::int AS n FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'tenant.export.expired'`, [tenant.id])).toBe(1);
  });

  it('lets an admin export after the contract ended, until the purge', async () => {
    await tdb.db.ownerTransaction(async (tx) => {
      await tx.query(`UPDATE ops.contracts SET ends_on = '2026-11-30' WHERE customer_id = $1`, [tenant.id]);
      await tx.query(`UPDATE ops.tenants SET purge_on = '2027-01-31' WHERE id = $1`, [tenant.id]);
    });
    // 2026-12-04 JST: no contract runs, so the admin holds no service permission any more.
    const session = (await adminClient.get('/api/session')).json();
    expect(JSON.stringify(session)).not.toContain('"admin"');
    const res = await adminClient.post('/api/exports', {});
    expect(res.statusCode).toBe(202);
    const id = res.json().export.id as string;
    // The clock moved a week: recurring jobs are due too; run until the queue is empty.
    for (let i = 0; i < 20 && (await app.jobs.tick()) > 0; i++);
    expect((await adminClient.get(`/api/exports/${id}`)).json().export.status).toBe('ready');

    // An archive gone from the store answers like an expired one and records no download.
    await createFileStore(app.config.files).delete(`tenant/${tenant.id}/exports/${id}.zip.sxe`);
    const downloads = () => ownerCount(`SELECT count(*)::int AS n FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'tenant.export.downloaded'`, [tenant.id]);
    const before = await downloads();
    const gone = await adminClient.get(`/api/exports/${id}/download`);
    expect(gone.statusCode).toBe(410);
    expect(await downloads()).toBe(before);
  });

  it('reads every row exactly once across batches, on single, composite and microsecond keys', async () => {
    const read = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(tdb.db, tenant.id, fn);
    const all = async (pages: AsyncIterable<readonly ExportRow[]>) => {
      const rows: ExportRow[] = [];
      let batches = 0;
      for await (const page of pages) {
        expect(page.length).toBeLessThanOrEqual(2);
        rows.push(...page);
        batches++;
      }
      return { rows, batches };
    };
    const users = await all(keysetPages(read, { columns: 'id, email', from: 'platform.users', keys: [{ column: 'id', type: 'uuid' }], batchSize: 2 }));
    const expected = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ id: string }>('SELECT id FROM platform.users WHERE tenant_id = $1 ORDER BY id', [tenant.id])).rows.map((r) => r.id));
    expect(users.rows.map((r) => r.id)).toEqual(expected);
    expect(users.batches).toBe(Math.ceil(expected.length / 2));

    const memberships = await all(
      keysetPages(read, { columns: 'user_id, service', from: 'platform.memberships', keys: [{ column: 'user_id', type: 'uuid' }, { column: 'service', type: 'text' }], batchSize: 2 }),
    );
    expect(new Set(memberships.rows.map((r) => `${r.user_id}/${r.service}`)).size).toBe(memberships.rows.length);
    expect(memberships.rows.length).toBe(await ownerCount('SELECT count(*)::int AS n FROM platform.memberships WHERE tenant_id = $1', [tenant.id]));

    // Entries from before the hash chains: ordered by time, five of them within one millisecond.
    await tdb.db.ownerTransaction(async (tx) => {
      for (let i = 1; i <= 5; i++) {
        await tx.query(`INSERT INTO audit.tenant_events (tenant_id, occurred_at, actor_type, action, result) VALUES ($1, $2::timestamptz, 'system', 'legacy.imported', 'success')`, [
          tenant.id,
          `2020-01-01T00:00:00.00${i}1+00`,
        ]);
      }
    });
    const events = platformExportTables(read).find((t) => t.name === 'audit_tenant_events')!;
    const exported: ExportRow[] = [];
    for await (const page of events.rows()) exported.push(...page);
    expect(exported.length).toBe(await ownerCount('SELECT count(*)::int AS n FROM audit.tenant_events WHERE tenant_id = $1', [tenant.id]));
    const legacy = exported.filter((e) => e.action === 'legacy.imported');
    expect(legacy.map((e) => e.occurred_at)).toEqual([1, 2, 3, 4, 5].map((i) => `2020-01-01T00:00:00.00${i}1+00:00`));
    expect(exported.indexOf(legacy[0]!)).toBe(0);
  });

  it('marks an export failed after its last attempt when the file store refuses it, leaving nothing stored', async () => {
    const outsider = await buildTenant(tdb.db);
    const owner = await buildUser(tdb.db, outsider);
    const id = '22222222-2222-4222-8222-222222222222';
    await withTenant(tdb.db, outsider.id, (tx) =>
      tx.query(`INSERT INTO platform.data_exports (tenant_id, id, requested_by, requested_by_name, lang, status, created_at) VALUES ($1, $2, $3, 'x', 'ja', 'queued', $4)`, [
        outsider.id,
        id,
        owner.id,
        clock.now(),
      ]),
    );
    const real = createFileStore(app.config.files);
    const refusing: FileStore = {
      ...real,
      async put(_key, body) {
        (body as NodeJS.ReadableStream & { resume(): void }).resume();
        throw new Error('bucket unreachable');
      },
    };
    const deps = { db: tdb.db, clock, logger: app.logger, registry: app.registry, files: refusing, keys: masterKeyProvider(app.config.masterKeyFile), workRoot: `${app.config.dataDir}/tmp/exports`, publicUrl: 'http://sotas.test' };
    const status = async () => (await tdb.db.ownerTransaction((tx) => tx.query<{ status: string }>('SELECT status FROM platform.data_exports WHERE id = $1', [id]))).rows[0]!.status;

    await expect(runExport(deps, { tenantId: outsider.id, exportId: id, finalAttempt: false })).rejects.toThrow(/bucket unreachable/);
    expect(await status()).toBe('running');
    await expect(runExport(deps, { tenantId: outsider.id, exportId: id, finalAttempt: true })).rejects.toThrow(/bucket unreachable/);
    expect(await status()).toBe('failed');
    expect(await ownerCount(`SELECT count(*)::int AS n FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'tenant.export.failed'`, [outsider.id])).toBe(1);
    expect(await real.exists(`tenant/${outsider.id}/exports/${id}.zip.sxe`)).toBe(false);
    // The table files that waited for the archive (plain text) are gone too.
    expect(readdirSync(deps.workRoot)).toEqual([]);
    // A failed export is left alone by a late retry, and the next one may start.
    await runExport({ ...deps, files: real }, { tenantId: outsider.id, exportId: id, finalAttempt: true });
    expect(await status()).toBe('failed');
  });
});

