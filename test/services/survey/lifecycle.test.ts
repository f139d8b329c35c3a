import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Tx } from '../../../src/core/db/index.js';
import type { ExportContext, ExportItem, ExportRow } from '../../../src/platform/services/index.js';
import { surveyExport } from '../../../src/services/survey/lifecycle/export.js';
import { purgeSurveyData } from '../../../src/services/survey/lifecycle/purge.js';
import { testDatabaseKind } from '../../support/db.js';
import { openSurveyWorld, type SurveyWorld } from './surveyWorld.js';

const SURVEY_TABLES = [
  'survey.settings',
  'survey.substance_lists',
  'survey.list_versions',
  'survey.list_entries',
  'survey.products',
  'survey.check_results',
  'survey.requests',
  'survey.responses',
  'survey.response_files',
  'survey.request_events',
  'survey.upload_links',
];

describe(`survey export and purge take the company's own rows only (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let world: SurveyWorld;
  let R: string;
  let S: string;
  let T: string;
  const ids: Record<string, string> = {};

  const owner = <R>(sql: string, params: unknown[] = []) => world.tdb.db.ownerTransaction(async (tx) => (await tx.query<R>(sql, params)).rows);
  const one = async (tx: Tx, sql: string, params: unknown[]) => (await tx.query<{ id: string }>(sql, params)).rows[0]!.id;

  /** Settings, a list with a version and an entry, a product with a check result: the company's own data. */
  async function ownData(tx: Tx, tenantId: string, tag: string): Promise<void> {
    await tx.query(`INSERT INTO survey.settings (tenant_id, company_name, updated_at) VALUES ($1, $2, now())`, [tenantId, `${tag} 株式会社`]);
    const list = await one(tx, `INSERT INTO survey.substance_lists (tenant_id, code, name, created_at, updated_at) VALUES ($1, 'RoHS', $2, now(), now()) RETURNING id`, [tenantId, `${tag} RoHS`]);
    const version = await one(tx, `INSERT INTO survey.list_versions (tenant_id, list_id, version_no, label, loaded_at) VALUES ($1, $2, 1, '2026', now()) RETURNING id`, [tenantId, list]);
    await tx.query(`INSERT INTO survey.list_entries (tenant_id, version_id, cas, name, threshold_percent) VALUES ($1, $2, '7439-92-1', '鉛', 0.1)`, [tenantId, version]);
    ids[`${tag}product`] = await one(
      tx,
      `INSERT INTO survey.products (tenant_id, product_number, name, composition, cas_numbers, created_at, updated_at) VALUES ($1, $2, $3, $4::jsonb, '{7439-92-1}', now(), now()) RETURNING id`,
      [tenantId, `${tag}-1`, `${tag} の部品`, JSON.stringify({ parts: [], substances: [{ name: '鉛', cas: '7439-92-1', massPercent: 0.05 }] })],
    );
    await tx.query(
      `INSERT INTO survey.check_results (tenant_id, subject_kind, subject_id, list_id, list_version_id, outcome, checked_at) VALUES ($1, 'product', $2, $3, $4, 'compliant', now())`,
      [tenantId, ids[`${tag}product`], list, version],
    );
  }
  const request = (tx: Tx, tenantId: string, title: string, status: string, supplierTenantId: string | null) =>
    one(
      tx,
      `INSERT INTO survey.requests (tenant_id, requester_name, supplier_tenant_id, supplier_name, supplier_email, title, format_wanted, respond_by, status, sent_at, created_at, updated_at)
       VALUES ($1, '依頼元', $2, '依頼先', $3, $4, 'any', '2026-12-31', $5, CASE WHEN $5 <> 'draft' THEN now() END, now(), now()) RETURNING id`,
      [tenantId, supplierTenantId, supplierTenantId ? '' : 'sales@outside.example', title, status],
    );
  const event = (tx: Tx, tenantId: string, requestId: string, what: string) =>
    one(tx, `INSERT INTO survey.request_events (tenant_id, request_id, event, actor_company, at) VALUES ($1, $2, $3, $4, now()) RETURNING id`, [tenantId, requestId, what, tenantId]);
  async function file(tx: Tx, tenantId: string, responseId: string, requestId: string, name: string): Promise<string> {
    const id = randomUUID();
    await tx.query(
      `INSERT INTO platform.files (tenant_id, id, service, name, content_type, bytes, sha256, storage_key, stored_bytes, key_version, created_at)
       VALUES ($1, $2, 'survey', $3, 'application/pdf', 4, $4, $5, 96, 1, now())`,
      [tenantId, id, name, 'e'.repeat(64), `tenant/${tenantId}/survey/${id}`],
    );
    await tx.query(`INSERT INTO survey.response_files (tenant_id, file_id, response_id, request_id, name, bytes, kind, created_at) VALUES ($1, $2, $3, $4, $5, 4, 'sds', now())`, [
      tenantId,
      id,
      responseId,
      requestId,
      name,
    ]);
    return id;
  }

  beforeAll(async () => {
    world = await openSurveyWorld();
    R = world.requester.tenant.id;
    S = world.supplier.tenant.id;
    T = world.third.tenant.id;
    await world.tdb.db.ownerTransaction(async (tx) => {
      await ownData(tx, R, 'R');
      await ownData(tx, S, 'S');
      await ownData(tx, T, 'T');
      // R asks S (S answers, sends a file, writes history) and an outside company (link, answer, file).
      ids.rToS = await request(tx, R, 'R から S へ', 'submitted', S);
      ids.rEvent = await event(tx, R, ids.rToS, 'sent');
      ids.sEvent = await event(tx, S, ids.rToS, 'submitted');
      ids.sResponse = await one(
        tx,
        `INSERT INTO survey.responses (tenant_id, request_id, request_tenant_id, status, drafted_by, authorizer_user_id, approved_at, sent_at, created_at, updated_at)
         VALUES ($1, $2, $3, 'sent', $4, $5, now(), now(), now(), now()) RETURNING id`,
        [S, ids.rToS, R, world.supplier.member.id, world.supplier.reviewer.id],
      );
      ids.sFile = await file(tx, S, ids.sResponse, ids.rToS, 'S-SDS.pdf');
      ids.rToOutside = await request(tx, R, 'R から社外へ', 'submitted', null);
      await tx.query(`INSERT INTO survey.upload_links (tenant_id, request_id, token_hash, email, expires_at, created_at) VALUES ($1, $2, $3, 'sales@outside.example', now(), now())`, [
        R,
        ids.rToOutside,
        'f'.repeat(64),
      ]);
      ids.outsideResponse = await one(
        tx,
        `INSERT INTO survey.responses (tenant_id, request_id, request_tenant_id, source, status, responder_company, sent_at, created_at, updated_at)
         VALUES ($1, $2, $1, 'outside', 'sent', '社外商事', now(), now(), now()) RETURNING id`,
        [R, ids.rToOutside],
      );
      ids.rFile = await file(tx, R, ids.outsideResponse, ids.rToOutside, 'chemSHERPA.shai');
      // T asks R; R drafts an answer.
      ids.tToR = await request(tx, T, 'T から R へ', 'answering', R);
      ids.tEvent = await event(tx, T, ids.tToR, 'sent');
      ids.rDraft = await one(tx, `INSERT INTO survey.responses (tenant_id, request_id, request_tenant_id, status, created_at, updated_at) VALUES ($1, $2, $3, 'draft', now(), now()) RETURNING id`, [
        R,
        ids.tToR,
        T,
      ]);
    });
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  async function exported(tenantId: string): Promise<Map<string, { count: number; rows: ExportRow[] }>> {
    const ctx: ExportContext = { tenantId, read: (fn) => withTenant(world.tdb.db, tenantId, fn) };
    const tables = new Map<string, { count: number; rows: ExportRow[] }>();
    const items: ExportItem[] = [];
    for await (const item of surveyExport(ctx)) items.push(item);
    for (const item of items) {
      if (item.kind !== 'table') continue;
      const rows: ExportRow[] = [];
      for await (const batch of item.table.rows()) rows.push(...batch);
      tables.set(item.table.name, { count: await item.table.count(), rows });
    }
    return tables;
  }
  const countsOf = (tenantId: string) =>
    owner<{ t: string; n: number }>(SURVEY_TABLES.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM ${t} WHERE tenant_id = $1`).join(' UNION ALL '), [tenantId]).then((rows) =>
      Object.fromEntries(rows.map((r) => [r.t, r.n])),
    );

  it('exports the requester’s own rows: not the supplier’s answer, file or history it can read', async () => {
    const t = await exported(R);
    expect([...t.keys()]).toEqual([
      'survey_settings',
      'survey_substance_lists',
      'survey_list_versions',
      'survey_list_entries',
      'survey_products',
      'survey_check_results',
      'survey_requests',
      'survey_responses',
      'survey_response_files',
      'survey_request_events',
      'survey_upload_links',
    ]);
    for (const [name, table] of t) {
      expect(table.count, name).toBe(table.rows.length);
      expect(table.count, name).toBeGreaterThan(0);
    }
    // What RLS shows R of S's work is really there, so leaving it out is the export's doing.
    const visible = await withTenant(world.tdb.db, R, async (tx) => (await tx.query<{ id: string }>('SELECT id FROM survey.responses')).rows.map((r) => r.id));
    expect(visible).toContain(ids.sResponse);

    expect(t.get('survey_settings')!.rows).toEqual([expect.objectContaining({ company_name: 'R 株式会社' })]);
    expect(t.get('survey_products')!.rows).toEqual([expect.objectContaining({ id: ids.Rproduct, product_number: 'R-1', cas_numbers: ['7439-92-1'] })]);
    expect(t.get('survey_products')!.rows[0]!.composition).toEqual({ parts: [], substances: [{ name: '鉛', cas: '7439-92-1', massPercent: 0.05 }] });
    expect(t.get('survey_substance_lists')!.rows.map((r) => r.name)).toEqual(['R RoHS']);
    expect(t.get('survey_requests')!.rows.map((r) => r.id).sort()).toEqual([ids.rToS, ids.rToOutside].sort());
    expect(t.get('survey_responses')!.rows.map((r) => r.id).sort()).toEqual([ids.outsideResponse, ids.rDraft].sort());
    expect(t.get('survey_response_files')!.rows).toEqual([expect.objectContaining({ file_id: ids.rFile, archive_path: `files/survey/${ids.rFile}-chemSHERPA.shai` })]);
    expect(t.get('survey_request_events')!.rows.map((r) => r.id)).toEqual([ids.rEvent]);
    const link = t.get('survey_upload_links')!.rows[0]!;
    expect(link).toMatchObject({ request_id: ids.rToOutside, email: 'sales@outside.example' });
    expect(Object.keys(link)).not.toContain('token_hash');
  });

  it('exports the supplier’s own rows: not the request addressed to it or the requester’s history', async () => {
    const t = await exported(S);
    expect(t.get('survey_requests')!.count).toBe(0);
    expect(t.get('survey_upload_links')!.count).toBe(0);
    expect(t.get('survey_responses')!.rows.map((r) => r.id)).toEqual([ids.sResponse]);
    expect(t.get('survey_response_files')!.rows.map((r) => r.file_id)).toEqual([ids.sFile]);
    expect(t.get('survey_request_events')!.rows.map((r) => r.id)).toEqual([ids.sEvent]);
    expect(t.get('survey_products')!.rows.map((r) => r.product_number)).toEqual(['S-1']);
  });

  it('purges the supplier’s rows, children first; the requester keeps its request and its own history', async () => {
    const rBefore = await countsOf(R);
    const tBefore = await countsOf(T);
    const counts = await withTenant(world.tdb.db, S, (tx) => purgeSurveyData(tx, S));
    expect(counts).toEqual({
      'survey.check_results': 1,
      'survey.list_entries': 1,
      'survey.list_versions': 1,
      'survey.substance_lists': 1,
      'survey.products': 1,
      'survey.upload_links': 0,
      'survey.response_files': 1,
      'survey.request_events': 1,
      'survey.responses': 1,
      'survey.requests': 0,
      'survey.settings': 1,
    });
    expect(Object.values(await countsOf(S)).every((n) => n === 0)).toBe(true);
    expect(await countsOf(R)).toEqual(rBefore);
    expect(await countsOf(T)).toEqual(tBefore);
    expect(await owner('SELECT id FROM survey.requests WHERE id = $1', [ids.rToS])).toHaveLength(1);
  });

  it('purges the requester’s rows; the company that asked it keeps its request and history, losing only the draft answer', async () => {
    const tBefore = await countsOf(T);
    const counts = await withTenant(world.tdb.db, R, (tx) => purgeSurveyData(tx, R));
    expect(counts).toMatchObject({ 'survey.requests': 2, 'survey.responses': 2, 'survey.response_files': 1, 'survey.upload_links': 1, 'survey.request_events': 1, 'survey.products': 1 });
    expect(Object.values(await countsOf(R)).every((n) => n === 0)).toBe(true);
    expect(await countsOf(T)).toEqual(tBefore);
    expect(await owner('SELECT id FROM survey.request_events WHERE request_id = $1', [ids.tToR])).toEqual([{ id: ids.tEvent }]);
    expect(await owner('SELECT 1 FROM survey.responses WHERE request_id = $1', [ids.tToR])).toEqual([]);
  });
});
