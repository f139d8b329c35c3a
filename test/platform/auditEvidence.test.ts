import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant } from '../../src/core/db/index.js';
import { deploymentSigner, recordTenantEvent, sealAllCheckpoints, verifyEvidenceContent, verifyEvidencePath } from '../../src/platform/audit/index.js';
import { buildTenant, buildUser, type BuiltTenant } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { signInStaff } from '../support/seeders/audit.js';

describe(`evidence packages: export, verify offline, detect any changed byte (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let tenant: BuiltTenant;
  let staff: Awaited<ReturnType<typeof signInStaff>>;
  let bundle: Buffer;
  let exportId: string;
  const clock = new ManualClock('2026-11-27T00:00:00Z');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sotas-evidence-'));
  const start = new Date('2026-11-27T00:00:00Z').getTime();
  const at = (minute: number) => new Date(start + minute * 60_000).toISOString();

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
    tenant = await buildTenant(tdb.db, { name: '山田化成工業株式会社' });
    for (let i = 1; i <= 30; i++) {
      clock.set(at(i));
      await withTenant(tdb.db, tenant.id, (tx) =>
        recordTenantEvent(tx, clock, tenant.id, { ip: '198.51.100.4', requestId: `req-${i}-abcdef` }, {
          actor: { type: 'user', id: '0b6f3f5e-8a9e-4a49-9a43-9d2b7d3c8f10', name: '山田 太郎' },
          action: i % 3 ? 'process.order.updated' : 'auth.login.failed',
          target: { type: 'order', id: `PO-${i}`, labels: ['社外秘'] },
          result: i % 3 ? 'success' : 'failure',
          details: { i, note: 'ロット番号 A-12' },
        }),
      );
      if (i === 15) await sealAllCheckpoints(tdb.db, clock, deploymentSigner(app.config)());
    }
    clock.set(at(40));
    staff = await signInStaff(app, clock);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.close();
  });

  const exportUrl = () => `/api/ops/tenants/${tenant.id}/evidence-exports`;
  const request = { from: at(6), to: at(26), requestRef: '貴社依頼書 2026-118号' };

  it('needs a break-glass grant: the event log is the tenant’s data', async () => {
    const res = await staff.client.post(exportUrl(), request);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('breakglass.grant_required');
    const bad = await staff.client.post(exportUrl(), { ...request, to: request.from });
    expect(bad.statusCode).toBe(400);
  });

  it('exports the period as a signed manifest and JSON Lines, and logs it for the tenant and the operator', async () => {
    await staff.client.post('/api/ops/breakglass/grants', { tenantId: tenant.id, reason: '証跡提出のご依頼（依頼書 2026-118号）への対応', durationMinutes: 120 });
    const res = await staff.client.post(exportUrl(), request);
    expect(res.statusCode).toBe(201);
    const manifest = res.json().export.manifest;
    exportId = res.json().export.id;
    expect(manifest).toMatchObject({
      format: 'sotas-audit-evidence/1',
      chain: `tenant:${tenant.id}`,
      tenant: { id: tenant.id, code: tenant.code, name: '山田化成工業株式会社' },
      period: { from: request.from, to: request.to },
      requestRef: request.requestRef,
      entries: { count: 20, firstSeq: 6, lastSeq: 25 },
      exportedBy: { name: '運用 太郎' },
    });
    expect(manifest.checkpoints).toHaveLength(1);
    expect(manifest.publicKeys[0].publicKeyPem).toMatch(/BEGIN PUBLIC KEY/);

    const download = await staff.client.get(`/api/ops/evidence-exports/${exportId}/package`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(new RegExp(`attachment; filename="evidence-${tenant.code}-2026-11-27-[0-9a-f]{8}\\.evidence\\.jsonl"`));
    bundle = download.rawPayload;
    const lines = bundle.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(21);
    expect(JSON.parse(lines[1]!)).toMatchObject({ seq: 6, tenant_id: tenant.id, action: 'auth.login.failed', result: 'failure', details: { i: 6 } });

    const list = (await staff.client.get('/api/ops/evidence-exports')).json().exports;
    expect(list[0]).toMatchObject({ id: exportId, customerCode: tenant.code, requestRef: request.requestRef, eventCount: 20 });
    const purposes = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ p: string }>(`SELECT details->>'purpose' AS p FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'breakglass.access' ORDER BY seq`, [tenant.id])).rows.map((r) => r.p),
    );
    expect(purposes).toEqual(['evidence_export', 'evidence_download']);
    const operator = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ action: string }>(`SELECT action FROM audit.operator_events WHERE action LIKE 'ops.evidence.%' ORDER BY seq`)).rows.map((r) => r.action),
    );
    expect(operator).toEqual(['ops.evidence.exported', 'ops.evidence.downloaded']);
  });

  it('verifies offline, as one file and as a directory, without the database', async () => {
    const file = path.join(dir, 'package.evidence.jsonl');
    writeFileSync(file, bundle);
    const report = await verifyEvidencePath(file);
    expect(report).toMatchObject({ ok: true, entries: 20, problems: [], tenant: { code: tenant.code } });

    const folder = path.join(dir, 'unpacked');
    mkdirSync(folder);
    const newline = bundle.indexOf(0x0a);
    writeFileSync(path.join(folder, 'manifest.json'), bundle.subarray(0, newline));
    writeFileSync(path.join(folder, 'events.jsonl'), bundle.subarray(newline + 1));
    expect((await verifyEvidencePath(folder)).ok).toBe(true);
  });

  it('fails when any single byte is flipped, in the manifest or in the events', async () => {
    const newline = bundle.indexOf(0x0a);
    const positions = new Set<number>([0, newline - 1, newline, newline + 1, bundle.length - 1, bundle.length - 2]);
    for (let p = 0; p < bundle.length; p += Math.max(1, Math.floor(bundle.length / 400))) positions.add(p);
    for (const p of positions) {
      const copy = Buffer.from(bundle);
      copy[p] = copy[p]! ^ 0x01;
      const nl = copy.indexOf(0x0a);
      const report = nl < 0 ? { ok: false } : await verifyEvidenceContent(copy.subarray(0, nl).toString('utf8'), copy.subarray(nl + 1));
      expect(report.ok, `byte ${p} flipped`).toBe(false);
    }
  });

  it('is checked by the documented command `sotas verify-evidence`, which exits 1 on a changed package', () => {
    const good = path.join(dir, 'cli.evidence.jsonl');
    writeFileSync(good, bundle);
    const run = (file: string) => spawnSync('npx', ['tsx', 'src/cli.ts', 'verify-evidence', file], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
    const ok = run(good);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/OK: 20 entries verified/);
    const tampered = Buffer.from(bundle);
    const target = tampered.indexOf('ロット番号');
    tampered.write('ロッテ番号', target, 'utf8');
    const bad = path.join(dir, 'tampered.evidence.jsonl');
    writeFileSync(bad, tampered);
    const failed = run(bad);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/FAILED/);
  });

  it('records a legal disclosure request with what was disclosed', async () => {
    const input = {
      customerId: tenant.id,
      requestedBy: '東京地方裁判所',
      legalBasis: '民事訴訟法第186条（調査嘱託）',
      receivedAt: '2026-11-20T00:00:00Z',
      disclosedAt: '2026-11-27T00:40:00Z',
      disclosedItems: '2026年11月27日 00:06〜00:26 のイベントログ（証跡パッケージ）',
      evidenceExportId: exportId,
    };
    const res = await staff.client.post('/api/ops/disclosures', input);
    expect(res.statusCode).toBe(201);
    const list = (await staff.client.get('/api/ops/disclosures')).json().disclosures;
    expect(list[0]).toMatchObject({ requestedBy: '東京地方裁判所', legalBasis: input.legalBasis, evidenceExportId: exportId, customerName: '山田化成工業株式会社', recordedByName: '運用 太郎' });
    const wrong = await staff.client.post('/api/ops/disclosures', { ...input, evidenceExportId: '00000000-0000-4000-8000-000000000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('disclosure.reference_invalid');
    const tenantUser = await buildUser(tdb.db, tenant);
    const client = new TestClient(app);
    await client.login(tenant.code, tenantUser.email, tenantUser.password);
    expect((await client.get('/api/ops/disclosures')).statusCode).toBe(404);
  });
});
