import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES, type App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig, type Config } from '../../src/core/config.js';
import { withTenant } from '../../src/core/db/index.js';
import { AppError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import {
  attachmentDisposition,
  createFileStore,
  deleteTenantFile,
  findTenantFile,
  listTenantFiles,
  localFileStore,
  openTenantFile,
  purgeTenantFiles,
  receiveTenantFileUpload,
  sanitizeFileName,
  sealedFileSize,
  storeTenantFile,
  tenantFileDeps,
  tenantFileUsage,
  type FileStore,
  type TenantFileDeps,
} from '../../src/platform/files/index.js';
import { registerFileRoutes } from '../../src/platform/files/routes.js';
import { buildHttpServer, createRegistrar, originOf, registerPlatformRoutes, requireActor } from '../../src/platform/http/index.js';
import { createSession } from '../../src/platform/identity/index.js';
import { destroyTenantKey, masterKeyProvider, TenantKeyUnavailableError } from '../../src/platform/keys/index.js';
import { ServiceRegistry } from '../../src/platform/services/index.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { fileStoreContract, readAll } from '../support/fileStoreContract.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1d8b0a80000000049454e44ae426082', 'hex');
const actorOf = (u: BuiltUser) => ({ type: 'user' as const, id: u.id, name: 'テスト ユーザー' });

describe('local file store: the FileStore contract', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sotas-files-local-'));
  const store = localFileStore(root);
  fileStoreContract(() => store, 'contract/');

  it('writes through a temporary file: a reader never sees a half-written object', async () => {
    const key = 'atomic/one.bin';
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow() {
      yield randomBytes(200_000);
      await gate;
      yield randomBytes(200_000);
    }
    const writing = store.put(key, Readable.from(slow()));
    await new Promise((r) => setTimeout(r, 50));
    expect(await store.exists(key)).toBe(false);
    expect(existsSync(path.join(root, 'atomic', 'one.bin'))).toBe(false);
    release();
    expect(await writing).toEqual({ bytes: 400_000 });
    expect((await readAll(await store.get(key))).length).toBe(400_000);
    // No temporary file is left, and folders and files are private.
    expect(readdirSync(path.join(root, '.tmp'))).toEqual([]);
    expect(statSync(path.join(root, 'atomic', 'one.bin')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(root, 'atomic')).mode & 0o777).toBe(0o700);
  });

  it('keeps every object below its root whatever the key', async () => {
    await store.put('tenant/x/inside', Buffer.from('ok'));
    expect(readFileSync(path.join(root, 'tenant', 'x', 'inside'), 'utf8')).toBe('ok');
    await expect(store.put('../outside', Buffer.from('no'))).rejects.toThrow();
    expect(existsSync(path.join(root, '..', 'outside'))).toBe(false);
  });
});

describe('file names and types', () => {
  it('sanitises names: last segment, no controls or direction tricks, Japanese kept', () => {
    expect(sanitizeFileName('C:\\Users\\me\\試験成績書.pdf')).toBe('試験成績書.pdf');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('invoice\u202egpj.exe')).toBe('invoice_gpj.exe');
    expect(sanitizeFileName('a\u0000b\nc.txt')).toBe('a_b_c.txt');
    expect(sanitizeFileName('  ..hidden.  ')).toBe('hidden');
    expect(sanitizeFileName('...')).toBe('file');
    expect(sanitizeFileName('ｶﾞ')).toBe('ｶﾞ'.normalize('NFC'));
    const long = sanitizeFileName(`${'長'.repeat(300)}.xlsx`);
    expect([...long]).toHaveLength(200);
    expect(long.endsWith('.xlsx')).toBe(true);
  });

  it('builds an attachment header with an ASCII fallback and the UTF-8 name (RFC 6266/5987)', () => {
    expect(attachmentDisposition('配合表 (v2).csv')).toBe(`attachment; filename="___ (v2).csv"; filename*=UTF-8''%E9%85%8D%E5%90%88%E8%A1%A8%20%28v2%29.csv`);
    expect(attachmentDisposition('a"b\\c.txt')).toBe(`attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`);
  });
});

describe(`tenant files: encrypted storage, limits, access (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let config: Config;
  let filesDir: string;
  let deps: TenantFileDeps;
  let store: FileStore;
  let http: FastifyInstance;
  let a: BuiltTenant;
  let b: BuiltTenant;
  let alice: BuiltUser; // process member of A
  let carol: BuiltUser; // catalog only, in A
  let bob: BuiltUser; // process admin of B

  beforeAll(async () => {
    tdb = await openTestDatabase();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-files-'));
    config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, UPLOAD_MAX_MB: '1' });
    filesDir = path.join(dataDir, 'files');
    expect(config.files).toEqual({ kind: 'local', dir: filesDir, maxBytes: 1024 * 1024 });
    store = createFileStore(config.files);
    const keys = masterKeyProvider(config.masterKeyFile);
    const serverDeps = { config, db: tdb.db, clock: systemClock, logger: createLogger('silent'), registry: new ServiceRegistry(SERVICES) };
    deps = tenantFileDeps({ ...serverDeps, keys, files: store });
    // The download route as the app registers it, and an upload route as a service would write one.
    ({ app: http } = await buildHttpServer(serverDeps));
    registerPlatformRoutes(http, serverDeps, { mailboxEnabled: false });
    registerFileRoutes(http, { ...serverDeps, keys, files: store });
    createRegistrar(http, { permissionExists: (p) => serverDeps.registry.allPermissions().has(p) }).route({
      method: 'POST',
      url: '/api/process/test-attachments',
      summary: 'test upload route',
      access: { user: 'process:orders:write' },
      audit: { action: 'process.attachment.added' },
      handler: async (request) => {
        const actor = requireActor(request);
        const file = await receiveTenantFileUpload(request, deps, {
          tenantId: actor.tenantId,
          service: 'process',
          actor: { type: 'user', id: actor.userId, name: actor.displayName },
          origin: originOf(request),
          action: 'process.attachment.added',
        });
        return { id: file.id, name: file.name, contentType: file.contentType, bytes: file.bytes, sha256: file.sha256 };
      },
    });
    await http.ready();
    a = await buildTenant(tdb.db);
    b = await buildTenant(tdb.db);
    alice = await buildUser(tdb.db, a, { memberships: [{ service: 'process', role: 'member' }] });
    carol = await buildUser(tdb.db, a, { memberships: [{ service: 'catalog', role: 'viewer' }] });
    bob = await buildUser(tdb.db, b, { memberships: [{ service: 'process', role: 'admin' }] });
  });
  afterAll(async () => {
    await http.close();
    await tdb.close();
  });

  const clientFor = async (user: BuiltUser, lang: 'ja' | 'en' = 'ja') => {
    const session = await withTenant(tdb.db, user.tenantId, (tx) => createSession(tx, systemClock, config.session, { tenantId: user.tenantId, userId: user.id }));
    const client = new TestClient({ http } as unknown as App, lang);
    client.setCookie('sotas_session', session.cookieValue);
    return client;
  };
  const storedPath = (key: string) => path.join(filesDir, ...key.split('/'));
  const storeFor = (tenant: BuiltTenant, user: BuiltUser, name: string, body: Buffer | Readable, service = 'process') =>
    storeTenantFile(deps, { tenantId: tenant.id, service, name, body, actor: actorOf(user), origin: {} });
  const open = async (tenantId: string, fileId: string) => readAll((await openTenantFile(deps, { tenantId, fileId })).stream);
  const events = (tenantId: string, action: string) =>
    tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ target_id: string; actor_id: string; details: Record<string, unknown> }>('SELECT target_id, actor_id, details FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2 ORDER BY occurred_at', [tenantId, action])).rows,
    );
  const rowsOf = (tenantId: string) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ id: string; deleted_at: Date | null }>('SELECT id, deleted_at FROM platform.files WHERE tenant_id = $1', [tenantId])).rows);
  const objectsOf = async (tenantId: string) => {
    const out: string[] = [];
    for await (const o of store.list(`tenant/${tenantId}/`)) out.push(o.key);
    return out;
  };

  it('round-trips files of every size through per-chunk encryption, recording hash, size and event', async () => {
    for (const size of [0, 1, 65_535, 65_536, 65_537, 200_000]) {
      const body = randomBytes(size);
      const file = await storeFor(a, alice, `data-${size}.bin`, size % 2 ? Readable.from([body]) : body);
      expect(file).toMatchObject({ tenantId: a.id, service: 'process', name: `data-${size}.bin`, bytes: size, sha256: sha(body), createdBy: alice.id });
      expect((await open(a.id, file.id)).equals(body)).toBe(true);
      const stored = readFileSync(storedPath(`tenant/${a.id}/process/${file.id}`));
      expect(stored.length).toBe(sealedFileSize(size));
      if (size >= 64) expect(stored.includes(body.subarray(0, 64))).toBe(false);
    }
    const recorded = await events(a.id, 'files.file.stored');
    expect(recorded.length).toBeGreaterThanOrEqual(6);
    expect(recorded[0]).toMatchObject({ actor_id: alice.id, details: { service: 'process', name: 'data-0.bin', bytes: 0 } });
  });

  it('never stores the plaintext: a text file is unreadable in the store and its name is not in the key', async () => {
    const text = Buffer.from('機密: 配合比 A=42%, B=58%\n'.repeat(100));
    const file = await storeFor(a, alice, '機密配合.txt', text);
    const key = `tenant/${a.id}/process/${file.id}`;
    const stored = readFileSync(storedPath(key));
    expect(stored.includes(Buffer.from('配合比'))).toBe(false);
    expect(stored.subarray(0, 8).toString('latin1')).toBe('SOTASF01');
    expect(file.contentType).toBe('text/plain');
  });

  it('detects the type from the first bytes and neutralises active content', async () => {
    const cases: [string, Buffer, string][] = [
      ['photo.jpg', PNG, 'image/png'],
      ['配合表.csv', Buffer.from('a,b\n1,2\n'), 'text/csv'],
      ['page.html', Buffer.from('<!doctype html><script>alert(1)</script>'), 'application/octet-stream'],
      ['logo.svg', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'application/octet-stream'],
      ['tool.exe', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), randomBytes(200)]), 'application/octet-stream'],
      ['notes.txt', Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(100)]), 'application/pdf'],
      ['unknown.xyz', randomBytes(100), 'application/octet-stream'],
    ];
    for (const [name, body, type] of cases) expect((await storeFor(a, alice, name, body)).contentType, name).toBe(type);
  });

  it('fails to decrypt altered, truncated, reordered or extended contents', async () => {
    const body = randomBytes(3 * 65_536 + 100);
    const file = await storeFor(a, alice, 'chunks.bin', body);
    const file2 = await storeFor(a, alice, 'other.bin', randomBytes(3 * 65_536 + 100));
    const target = storedPath(`tenant/${a.id}/process/${file.id}`);
    const original = readFileSync(target);
    const header = 76;
    const sealedChunk = 65_536 + 16;
    const variants: [string, Buffer][] = [
      ['flipped byte in a chunk', Buffer.from(original).fill(original[header + 10]! ^ 1, header + 10, header + 11)],
      ['flipped byte in the header', Buffer.from(original).fill(original[9]! ^ 1, 9, 10)],
      ['last chunk cut off', original.subarray(0, header + 3 * sealedChunk)],
      ['tail cut', original.subarray(0, original.length - 5)],
      ['only the header', original.subarray(0, header)],
      ['chunks swapped', Buffer.concat([original.subarray(0, header), original.subarray(header + sealedChunk, header + 2 * sealedChunk), original.subarray(header, header + sealedChunk), original.subarray(header + 2 * sealedChunk)])],
      ['bytes appended', Buffer.concat([original, randomBytes(20)])],
      ['another file of the tenant', readFileSync(storedPath(`tenant/${a.id}/process/${file2.id}`))],
    ];
    for (const [label, bytes] of variants) {
      writeFileSync(target, bytes);
      await expect(open(a.id, file.id), label).rejects.toThrow();
    }
    writeFileSync(target, original);
    expect((await open(a.id, file.id)).equals(body)).toBe(true);
  });

  it('keeps tenants apart: another tenant’s id is not found, and its key cannot open the object', async () => {
    const file = await storeFor(a, alice, 'a-only.txt', Buffer.from('A'));
    await expect(openTenantFile(deps, { tenantId: b.id, fileId: file.id })).rejects.toMatchObject({ code: 'files.not_found' });
    expect(await findTenantFile(deps, b.id, file.id)).toBeUndefined();
    // Copy A's object over one of B's: B's key (and ids) cannot open it.
    const mine = await storeFor(b, bob, 'b.txt', Buffer.from('B'));
    writeFileSync(storedPath(`tenant/${b.id}/process/${mine.id}`), readFileSync(storedPath(`tenant/${a.id}/process/${file.id}`)));
    await expect(open(b.id, mine.id)).rejects.toThrow();
  });

  it('refuses a file over the limit with a Japanese 413 and leaves nothing behind', async () => {
    const before = { rows: (await rowsOf(a.id)).length, objects: (await objectsOf(a.id)).length };
    const error = await storeFor(a, alice, 'big.bin', Readable.from([randomBytes(700_000), randomBytes(700_000)])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(413);
    expect((error as AppError).messageIn('ja')).toBe('ファイルが大きすぎます。1 MB 以下のファイルを選んでください。');
    expect({ rows: (await rowsOf(a.id)).length, objects: (await objectsOf(a.id)).length }).toEqual(before);
    expect(readdirSync(path.join(filesDir, '.tmp'))).toEqual([]);
  });

  it('deletes a file: row marked, contents gone, event recorded; a second delete is not found', async () => {
    const file = await storeFor(a, alice, 'to-delete.txt', Buffer.from('bye'));
    await deleteTenantFile(deps, { tenantId: a.id, fileId: file.id, actor: actorOf(alice), origin: {} });
    expect((await rowsOf(a.id)).find((r) => r.id === file.id)?.deleted_at).toBeTruthy();
    expect(await store.exists(`tenant/${a.id}/process/${file.id}`)).toBe(false);
    await expect(openTenantFile(deps, { tenantId: a.id, fileId: file.id })).rejects.toMatchObject({ code: 'files.not_found' });
    await expect(deleteTenantFile(deps, { tenantId: a.id, fileId: file.id, actor: actorOf(alice), origin: {} })).rejects.toMatchObject({ code: 'files.not_found' });
    expect((await events(a.id, 'files.file.deleted')).map((e) => e.target_id)).toContain(file.id);
    expect((await listTenantFiles(deps, a.id)).map((f) => f.id)).not.toContain(file.id);
  });

  describe('over HTTP', () => {
    it('downloads a file to a member of its service as a nosniff attachment with the UTF-8 name, and logs it', async () => {
      const body = Buffer.from('品番,数量\nA-1,10\n');
      const file = await storeFor(a, alice, '試験成績書 (v2).csv', body);
      const res = await (await clientFor(alice)).get(`/api/files/${file.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(body)).toBe(true);
      expect(res.headers['content-type']).toBe('text/csv');
      expect(res.headers['content-length']).toBe(String(body.length));
      expect(res.headers['content-disposition']).toBe(attachmentDisposition('試験成績書 (v2).csv'));
      expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%E8%A9%A6%E9%A8%93");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(String(res.headers['content-security-policy'])).toContain('sandbox');
      expect((await events(a.id, 'files.file.downloaded')).find((e) => e.target_id === file.id)).toMatchObject({ actor_id: alice.id, details: { service: 'process' } });
    });

    it('answers 404 to a non-member of the service, another tenant and unknown ids; 400 to a bad id; 401 without a session', async () => {
      const file = await storeFor(a, alice, 'secret.txt', Buffer.from('s'));
      const downloadsBefore = (await events(a.id, 'files.file.downloaded')).length;
      for (const [user, lang] of [[carol, 'ja'], [bob, 'ja']] as const) {
        const res = await (await clientFor(user, lang)).get(`/api/files/${file.id}`);
        expect(res.statusCode).toBe(404);
        expect(res.json().error).toMatchObject({ code: 'files.not_found', message: 'ファイルが見つかりません。削除されたか、このファイルを見る権限がありません。' });
      }
      expect((await (await clientFor(alice, 'en')).get('/api/files/00000000-0000-4000-8000-000000000000')).json().error.message).toBe('The file was not found. It was deleted, or you may not view it.');
      expect((await (await clientFor(alice)).get('/api/files/not-a-uuid')).statusCode).toBe(400);
      expect((await new TestClient({ http } as unknown as App).get(`/api/files/${file.id}`)).statusCode).toBe(401);
      expect((await events(a.id, 'files.file.downloaded')).length).toBe(downloadsBefore);
    });

    const upload = (client: TestClient, body: Buffer | Readable, headers: Record<string, string>) =>
      client.request('POST', '/api/process/test-attachments', body, { 'content-type': 'application/octet-stream', ...headers });

    it('accepts a raw-body upload with its name in X-File-Name, streams it in, and serves it back', async () => {
      const client = await clientFor(alice);
      const body = Buffer.concat([PNG, randomBytes(150_000)]);
      const res = await upload(client, body, { 'x-file-name': encodeURIComponent('写真 1.png') });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ name: '写真 1.png', contentType: 'image/png', bytes: body.length, sha256: sha(body) });
      const back = await client.get(`/api/files/${res.json().id}`);
      expect(back.rawPayload.equals(body)).toBe(true);
      expect((await events(a.id, 'process.attachment.added')).map((e) => e.target_id)).toContain(res.json().id);
    });

    it('refuses uploads that are too large, nameless, of another type or without CSRF, storing nothing', async () => {
      const client = await clientFor(alice);
      const before = { rows: (await rowsOf(a.id)).length, objects: (await objectsOf(a.id)).length };
      const declared = await upload(client, randomBytes(1024 * 1024 + 1), { 'x-file-name': 'big.bin' });
      expect(declared.statusCode).toBe(413);
      expect(declared.json().error.message).toBe('ファイルが大きすぎます。1 MB 以下のファイルを選んでください。');
      // A stream has no Content-Length: the limit is enforced while it arrives.
      const streamed = await upload(client, Readable.from([randomBytes(600_000), randomBytes(600_000)]), { 'x-file-name': 'big.bin' });
      expect(streamed.statusCode).toBe(413);
      const nameless = await upload(client, Buffer.from('x'), {});
      expect(nameless.statusCode).toBe(400);
      expect(nameless.json().error.message).toContain('ファイル名を受け取れませんでした');
      expect((await upload(client, Buffer.from('x'), { 'x-file-name': '%E0%A4%A' })).statusCode).toBe(400);
      const json = await client.request('POST', '/api/process/test-attachments', { name: 'x' }, { 'x-file-name': 'a.txt' });
      expect(json.statusCode).toBe(415);
      const noCsrf = await http.inject({ method: 'POST', url: '/api/process/test-attachments', payload: Buffer.from('x'), headers: { 'content-type': 'application/octet-stream', 'x-file-name': 'a.txt', cookie: `sotas_session=${client.cookie('sotas_session')}` } });
      expect(noCsrf.statusCode).toBe(403);
      // Another tenant's admin without process:orders:write in A cannot upload into A: the session decides the tenant.
      expect({ rows: (await rowsOf(a.id)).length, objects: (await objectsOf(a.id)).length }).toEqual(before);
      // JSON routes still refuse raw bodies.
      const login = await http.inject({ method: 'POST', url: '/api/auth/login', payload: Buffer.from('{}'), headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': 't', cookie: 'sotas_csrf=t' } });
      expect(login.statusCode).toBe(415);
    });

    it('refuses an upload from a user without the route’s permission', async () => {
      const res = await upload(await clientFor(carol), Buffer.from('x'), { 'x-file-name': 'a.txt' });
      expect(res.statusCode).toBe(403);
    });
  });

  it('counts usage, and purges every object and row of a tenant, leaving the other tenant whole', async () => {
    const c = await buildTenant(tdb.db);
    const cUser = await buildUser(tdb.db, c);
    for (let i = 0; i < 3; i++) await storeFor(c, cUser, `f${i}.bin`, randomBytes(1000));
    await store.put(`tenant/${c.id}/exports/old.zip`, Buffer.from('sealed export'));
    expect(await tenantFileUsage(deps, c.id)).toEqual({ files: 3, storedBytes: 3 * sealedFileSize(1000) });
    const bObjects = await objectsOf(b.id);
    expect(await purgeTenantFiles(deps, c.id)).toBe(4);
    expect(await objectsOf(c.id)).toEqual([]);
    expect(await rowsOf(c.id)).toEqual([]);
    expect(existsSync(path.join(filesDir, 'tenant', c.id))).toBe(false);
    expect(await objectsOf(b.id)).toEqual(bObjects);
  });

  it('cannot read a file once the tenant’s data key is destroyed (crypto-shredding)', async () => {
    const d = await buildTenant(tdb.db);
    const dUser = await buildUser(tdb.db, d);
    const file = await storeFor(d, dUser, 'kept-in-backup.txt', Buffer.from('backup copy'));
    // The data key row and the tenant's key-encryption key in the key store.
    expect(await withTenant(tdb.db, d.id, (tx) => destroyTenantKey(tx, d.id, deps.keys))).toBe(2);
    await expect(openTenantFile(deps, { tenantId: d.id, fileId: file.id })).rejects.toBeInstanceOf(TenantKeyUnavailableError);
    await expect(withTenant(tdb.db, a.id, (tx) => destroyTenantKey(tx, d.id, deps.keys))).rejects.toThrow(/inside withTenant/);
  });
});

describe(`the app serves GET /api/files/:fileId from its configured store (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db);
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('is declared, and downloads what the file layer stored with the app’s keys and folder', async () => {
    expect(app.routes.find((r) => r.url === '/api/files/:fileId' && r.method === 'GET')?.declaration).toMatchObject({ access: { user: 'self' }, audit: { action: 'files.file.downloaded' } });
    const tenant = await buildTenant(tdb.db);
    const user = await buildUser(tdb.db, tenant);
    const deps = tenantFileDeps({ config: app.config, db: tdb.db, clock: systemClock, keys: masterKeyProvider(app.config.masterKeyFile), files: createFileStore(app.config.files) });
    const file = await storeTenantFile(deps, { tenantId: tenant.id, service: 'process', name: 'a.txt', body: Buffer.from('hello'), actor: actorOf(user), origin: {} });
    const client = new TestClient(app);
    expect((await client.login(tenant.code, user.email, user.password)).statusCode).toBe(200);
    const res = await client.get(`/api/files/${file.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('hello');
  });
});
