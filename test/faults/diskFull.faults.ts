import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/db/index.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { HttpUser, PgCluster, report, ServerProcess, sessionFor, tempDir } from './support/harness.js';

const FS_SIZE = '2m';
const UPLOAD_BYTES = 300 * 1024;

/**
 * The app's file store sits on a tiny filesystem of its own: a 2 MB tmpfs mounted in a
 * private mount namespace of the server process (`unshare --user --map-root-user --mount`),
 * so nothing on the machine changes. When neither that nor a loop device can be mounted the
 * test is skipped and says why.
 */
function mountMethod(): { kind: 'unshare' } | { kind: 'none'; reason: string } {
  const probe = tempDir('probe');
  const result = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', `mount -t tmpfs -o size=${FS_SIZE} tmpfs "$0"`, probe], { encoding: 'utf8' });
  rmSync(probe, { recursive: true, force: true });
  if (result.status === 0) return { kind: 'unshare' };
  return {
    kind: 'none',
    reason: `unshare --user --map-root-user --mount could not mount a tmpfs (exit ${result.status}: ${(result.stderr || String(result.error ?? '')).trim()}); a loop device needs root in the machine's own mount namespace, which these tests do not touch`,
  };
}

const method = mountMethod();
if (method.kind === 'none') console.log(`[faults] disk-full test skipped: ${method.reason}`);

/** Every regular file below `dir`, relative to it (the `.tmp` folder included). */
function filesBelow(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return filesBelow(path.join(dir, entry.name), rel);
    return entry.isFile() ? [rel] : [];
  });
}

describe.skipIf(method.kind === 'none')('file store disk full', () => {
  let cluster: PgCluster;
  let db: Database;
  let server: ServerProcess | undefined;
  const dataDir = tempDir('diskfull');
  const filesDir = path.join(dataDir, 'files');
  mkdirSync(filesDir, { recursive: true });

  beforeAll(async () => {
    cluster = await PgCluster.create();
  });

  afterAll(async () => {
    await server?.stop();
    await db?.close();
    cluster?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses uploads cleanly once the disk is full, leaves nothing half-stored and keeps serving reads', async () => {
    server = await ServerProcess.start({
      databaseUrl: cluster.ownerUrl,
      dataDir,
      env: { FILES_DIR: filesDir },
      wrap: (command) => ['unshare', '--user', '--map-root-user', '--mount', 'sh', '-c', `mount -t tmpfs -o size=${FS_SIZE} tmpfs "$0" && exec "$@"`, filesDir, ...command],
    });
    // The server's view of its files folder (its own mount namespace).
    const storeRoot = `/proc/${server.pid}/root${filesDir}`;
    const fs = statfsSync(storeRoot);
    expect(fs.blocks * fs.bsize).toBeLessThanOrEqual(2 * 1024 * 1024);

    db = cluster.open();
    const tenant = await buildTenant(db);
    await db.ownerTransaction((tx) => tx.query(`UPDATE ops.contracts SET catalog_publisher = true, catalog_subscription = 'free' WHERE customer_id = $1 AND service = 'catalog'`, [tenant.id]));
    const editor = await buildUser(db, tenant, { memberships: [{ service: 'catalog', role: 'admin' }] });
    const ja = new HttpUser(server.baseUrl, await sessionFor(db, editor), 'ja');
    const en = new HttpUser(server.baseUrl, ja.session, 'en');
    const created = await ja.request('POST', '/api/catalog/products', { name: 'ディスク試験 PP', category: 'PP', form: 'pellet' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const productId = (created.body as { product: { id: string } }).product.id;

    const stored: { documentId: string; content: Buffer }[] = [];
    const refusals: { status: number; code: string; message: string }[] = [];
    for (let n = 0; n < 20 && refusals.length < 3; n++) {
      const content = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(UPLOAD_BYTES)]);
      const user = n % 2 === 0 ? ja : en;
      const answer = await user.request('POST', `/api/catalog/products/${productId}/documents?kind=sds&language=${n % 2 === 0 ? 'ja' : 'en'}&docVersion=${n + 1}&issuedOn=2026-01-01`, undefined, {
        headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(`sds-${n}.pdf`) },
        raw: content,
      });
      if (answer.status === 201) {
        stored.push({ documentId: (answer.body as { document: { id: string } }).document.id, content });
        continue;
      }
      const error = (answer.body as { error?: { code: string; message: string } }).error;
      refusals.push({ status: answer.status, code: error?.code ?? '(no JSON error)', message: error?.message ?? JSON.stringify(answer.body) });
      // A refusal is clean: a storage answer with a message in the user's language, never a 500.
      expect(answer.status, `${JSON.stringify(answer.body)}\n${server.log()}`).toBe(507);
      expect(error?.code).toBe('files.storage_full');
      expect(error?.message).toBe(
        user.lang === 'ja'
          ? 'ファイルの保存領域がいっぱいのため、保存できませんでした。時間をおいてもう一度お試しいただくか、管理者に連絡してください。'
          : 'The file could not be saved because file storage is full. Try again later or contact your administrator.',
      );
    }
    expect(stored.length).toBeGreaterThan(0);
    expect(refusals.length).toBeGreaterThan(0);

    // Nothing half-stored: no unfinished write, one stored object per file row, every row's object there.
    const onDisk = filesBelow(storeRoot);
    expect(onDisk.filter((f) => f.startsWith('.tmp/'))).toEqual([]);
    const rows = (await db.ownerTransaction((tx) => tx.query<{ storage_key: string }>('SELECT storage_key FROM platform.files WHERE tenant_id = $1', [tenant.id]))).rows;
    expect(rows).toHaveLength(stored.length);
    for (const row of rows) expect(existsSync(path.join(storeRoot, row.storage_key)), `${row.storage_key} is on disk`).toBe(true);
    expect(onDisk.sort()).toEqual(rows.map((r) => r.storage_key).sort());
    const documents = (await db.ownerTransaction((tx) => tx.query('SELECT id FROM catalog.product_documents WHERE tenant_id = $1', [tenant.id]))).rows;
    expect(documents).toHaveLength(stored.length);

    // Reads still work while the disk is full: the list and every stored file, byte for byte.
    const listed = await ja.request('GET', `/api/catalog/products/${productId}/documents?all=true`);
    expect(listed.status).toBe(200);
    expect((listed.body as { documents: unknown[] }).documents).toHaveLength(stored.length);
    for (const file of stored) {
      const res = await fetch(`${server.baseUrl}/api/catalog/documents/${file.documentId}/download`, { headers: { cookie: `sotas_session=${ja.session}` } });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(file.content)).toBe(true);
    }
    expect(server.child.exitCode).toBeNull();

    report('file store on a full 2 MB filesystem', {
      'uploads stored (300 KB each)': stored.length,
      'uploads refused': refusals.length,
      'refusal answers': [...new Set(refusals.map((r) => `${r.status} ${r.code}`))].join(', '),
      'unfinished temp files left': onDisk.filter((f) => f.startsWith('.tmp/')).length,
      'file rows / stored objects': `${rows.length} / ${onDisk.length}`,
      'store used (KB)': Math.round(onDisk.reduce((sum, f) => sum + statSync(path.join(storeRoot, f)).size, 0) / 1024),
      'downloads after full (200, same bytes)': stored.length,
    });
  });
});
