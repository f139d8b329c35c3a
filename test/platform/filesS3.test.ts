import { createHash, randomBytes } from 'node:crypto';
import { GetObjectCommand, ListMultipartUploadsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import {
  createFileStore,
  openTenantFile,
  purgeTenantFiles,
  s3FileStore,
  sealedFileSize,
  storeTenantFile,
  tenantFileDeps,
  type FileStore,
  type TenantFileDeps,
} from '../../src/platform/files/index.js';
import { masterKeyProvider } from '../../src/platform/keys/index.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { fileStoreContract, randomStream, readAll } from '../support/fileStoreContract.js';
import { S3RVER_CREDENTIALS, startS3 } from '../support/s3.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/*
 * The same contract and tenant-file round trips as the local store, against a real
 * S3-compatible server over HTTP (s3rver: the S3 REST API, objects on disk, access keys checked).
 */
describe(`S3 file store against an S3-compatible server (${testDatabaseKind()})`, () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  let store: FileStore;
  let raw: S3Client;

  beforeAll(async () => {
    s3 = await startS3();
    // Built from the environment exactly as the app does.
    const config = loadConfig({ NODE_ENV: 'test', ...s3.env });
    expect(config.files).toMatchObject({ kind: 's3', bucket: 'sotas-test', endpoint: s3.endpoint, forcePathStyle: true });
    store = createFileStore(config.files);
    expect(store.kind).toBe('s3');
    raw = new S3Client({ endpoint: s3.endpoint, region: 'ap-northeast-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  });
  afterAll(async () => {
    raw?.destroy();
    await s3?.close();
  });

  fileStoreContract(() => store, 'contract/');

  it('uploads a stream above the part size as a multipart upload and leaves no upload open', async () => {
    const { stream, sha256 } = randomStream(17 * 1024 * 1024 + 5);
    await store.put('multipart/large.bin', stream);
    const object = await raw.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'multipart/large.bin' }));
    expect(object.ContentLength).toBe(17 * 1024 * 1024 + 5);
    expect(sha(await readAll(object.Body as Readable))).toBe(sha256);
    const uploads = await raw.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket })).catch(() => ({ Uploads: [] }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });

  it('fails (and stores nothing) with credentials the server does not know', async () => {
    const wrong = s3FileStore({ endpoint: s3.endpoint, region: 'ap-northeast-1', bucket: s3.bucket, accessKeyId: 'UNKNOWNKEY', secretAccessKey: 'wrong-secret', forcePathStyle: true });
    await expect(wrong.put('denied/x', Buffer.from('x'))).rejects.toThrow();
    expect(await store.exists('denied/x')).toBe(false);
  });

  describe('tenant files on S3', () => {
    let tdb: TestDatabase;
    let deps: TenantFileDeps;
    beforeAll(async () => {
      tdb = await openTestDatabase();
      const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'sotas-s3keys-')), UPLOAD_MAX_MB: '20', ...s3.env });
      deps = tenantFileDeps({ config, db: tdb.db, clock: systemClock, keys: masterKeyProvider(config.masterKeyFile), files: store });
    });
    afterAll(async () => tdb.close());

    it('round-trips small and multipart-sized files, encrypted in the bucket, and purges a tenant', async () => {
      const tenant = await buildTenant(tdb.db);
      const other = await buildTenant(tdb.db);
      const user = await buildUser(tdb.db, tenant);
      const actor = { type: 'user' as const, id: user.id };
      const small = Buffer.from('S3 上の小さなファイル');
      const big = randomBytes(9 * 1024 * 1024 + 3);
      const f1 = await storeTenantFile(deps, { tenantId: tenant.id, service: 'process', name: 'small.txt', body: small, actor, origin: {} });
      const f2 = await storeTenantFile(deps, { tenantId: tenant.id, service: 'catalog', name: 'big.bin', body: Readable.from([big.subarray(0, 5_000_000), big.subarray(5_000_000)]), actor, origin: {} });
      const kept = await storeTenantFile(deps, { tenantId: other.id, service: 'process', name: 'other.txt', body: Buffer.from('other'), actor: { type: 'system' }, origin: {} });
      for (const [file, body] of [[f1, small], [f2, big]] as const) {
        expect((await readAll((await openTenantFile(deps, { tenantId: tenant.id, fileId: file.id })).stream)).equals(body)).toBe(true);
        const object = await raw.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `tenant/${tenant.id}/${file.service}/${file.id}` }));
        const stored = await readAll(object.Body as Readable);
        expect(stored.length).toBe(sealedFileSize(body.length));
        expect(stored.includes(body.subarray(0, 32))).toBe(false);
      }
      expect(f2.sha256).toBe(sha(big));

      // Tampering with the object in the bucket is detected when it is read.
      const key = `tenant/${tenant.id}/process/${f1.id}`;
      const sealed = await readAll((await raw.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))).Body as Readable);
      const flipped = Buffer.from(sealed);
      flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 1;
      await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: flipped }));
      await expect(readAll((await openTenantFile(deps, { tenantId: tenant.id, fileId: f1.id })).stream)).rejects.toThrow();

      expect(await purgeTenantFiles(deps, tenant.id)).toBe(2);
      const left = [];
      for await (const o of store.list(`tenant/${tenant.id}/`)) left.push(o);
      expect(left).toEqual([]);
      expect((await readAll((await openTenantFile(deps, { tenantId: other.id, fileId: kept.id })).stream)).toString()).toBe('other');
    });
  });

  describe('the app configured with FILE_STORE=s3', () => {
    let tdb: TestDatabase;
    let app: App;
    beforeAll(async () => {
      tdb = await openTestDatabase();
      app = await createTestApp(tdb.db, { env: s3.env });
    });
    afterAll(async () => {
      await app.close();
      await tdb.close();
    });

    it('serves a file stored in the bucket through GET /api/files/:fileId', async () => {
      const tenant = await buildTenant(tdb.db);
      const user = await buildUser(tdb.db, tenant);
      const deps = tenantFileDeps({ config: app.config, db: tdb.db, clock: systemClock, keys: masterKeyProvider(app.config.masterKeyFile), files: createFileStore(app.config.files) });
      const file = await storeTenantFile(deps, { tenantId: tenant.id, service: 'process', name: '報告書.txt', body: Buffer.from('バケットから'), actor: { type: 'user', id: user.id }, origin: {} });
      const client = new TestClient(app);
      expect((await client.login(tenant.code, user.email, user.password)).statusCode).toBe(200);
      const res = await client.get(`/api/files/${file.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('バケットから');
    });
  });
});
