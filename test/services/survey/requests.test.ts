import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/core/db/index.js';
import { checkComposition } from '../../../src/services/survey/lists/checkEngine.js';
import type { TestClient } from '../../support/app.js';
import { testDatabaseKind } from '../../support/db.js';
import { openSurveyWorld, type SurveyWorld } from './surveyWorld.js';

const PUBLIC_URL = 'http://sotas.test';

/** A substance list with one version of two entries, as the lists area would load it. */
async function insertListVersion(db: Database, tenantId: string): Promise<string> {
  return db.ownerTransaction(async (tx) => {
    const list = await tx.query<{ id: string }>(
      `INSERT INTO survey.substance_lists (tenant_id, code, name, created_at, updated_at) VALUES ($1, 'ROHS', 'RoHS 指令 附属書II', now(), now()) RETURNING id`,
      [tenantId],
    );
    const version = await tx.query<{ id: string }>(
      `INSERT INTO survey.list_versions (tenant_id, list_id, version_no, label, entry_count, loaded_at) VALUES ($1, $2, 1, '2015/863', 2, now()) RETURNING id`,
      [tenantId, list.rows[0]!.id],
    );
    const versionId = version.rows[0]!.id;
    await tx.query(
      `INSERT INTO survey.list_entries (tenant_id, version_id, cas, name, threshold_percent, basis, sort_order)
       VALUES ($1, $2, '7439-92-1', '鉛', 0.1, 'material', 1), ($1, $2, '117-81-7', 'DEHP', 0.1, 'article', 2)`,
      [tenantId, versionId],
    );
    return versionId;
  });
}

interface OutboxMail {
  subject: string;
  text_body: string;
  template: string;
}

function requestBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '2026年度 含有化学物質調査',
    message: 'RoHS 10物質の含有をご回答ください。',
    items: [
      { productNumber: 'NE-1001', name: '樹脂筐体', supplierProductNumber: 'TH-ABS-01' },
      { productNumber: 'NE-1002', name: 'ゴム脚' },
    ],
    formatWanted: 'chemsherpa_ai',
    listVersionId: null,
    respondBy: '2026-12-10',
    requesterRef: 'PO-778',
    ...overrides,
  };
}

/** One part, one material, lead at the given mass percent of the material. */
function leadComposition(massPercent: number) {
  return {
    parts: [
      {
        name: '筐体',
        numberOfUnits: 1,
        isArticle: true,
        massG: 12,
        parts: [],
        materials: [{ name: 'ABS樹脂', massG: 12, substances: [{ name: '鉛', cas: '7439-92-1', massPercent }] }],
      },
    ],
  };
}

function uploadFile(client: TestClient, responseId: string, name: string, bytes: Buffer) {
  return client.request('POST', `/api/survey/responses/${responseId}/files?name=${encodeURIComponent(name)}&kind=sds`, bytes, { 'content-type': 'application/octet-stream' });
}

describe(`survey requests and responses between two companies (${testDatabaseKind()})`, () => {
  let world: SurveyWorld;
  let versionId: string;
  let requestId: string;
  let firstResponseId: string;
  let secondResponseId: string;
  let fileId: string;

  beforeAll(async () => {
    world = await openSurveyWorld({ env: { PUBLIC_URL } });
    versionId = await insertListVersion(world.tdb.db, world.requester.tenant.id);
  }, 240_000);
  afterAll(async () => {
    await world.close();
  });

  const owner = <T>(sql: string, params: unknown[]) => world.tdb.db.ownerTransaction(async (tx) => (await tx.query<T>(sql, params)).rows);
  const mailsTo = (email: string) => owner<OutboxMail>(`SELECT subject, text_body, template FROM ops.mail_outbox WHERE to_address = $1 ORDER BY created_at, id`, [email]);
  const auditActions = async (tenantId: string) =>
    (await owner<{ action: string }>(`SELECT action FROM audit.tenant_events WHERE tenant_id = $1 AND action LIKE 'survey.%' ORDER BY seq`, [tenantId])).map((r) => r.action);
  const countRequests = async () => (await owner<{ n: number }>('SELECT count(*)::int AS n FROM survey.requests', []))[0]!.n;
  const step = () => world.clock.advance(60_000);

  it('refuses bad requests in the user’s language and writes nothing', async () => {
    const { requester, supplier, third, outsider } = world;
    const past = await requester.memberClient.post('/api/survey/requests', requestBody({ respondBy: '2026-11-25', supplier: { kind: 'tenant', code: supplier.tenant.code } }));
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatchObject({ code: 'survey.respond_by_past', message: '回答期限には今日以降の日付を指定してください。', fields: { respondBy: '今日以降の日付を指定してください。' } });
    const en = await (await world.clientFor(requester.member, 'en')).post('/api/survey/requests', requestBody({ respondBy: '2026-11-25', supplier: { kind: 'tenant', code: supplier.tenant.code } }));
    expect(en.json().error.message).toBe('The respond-by date must be today or later.');

    const unknown = await requester.memberClient.post('/api/survey/requests', requestBody({ supplier: { kind: 'tenant', code: 'NO-SUCH' } }));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('survey.supplier_not_found');
    const noContract = await requester.memberClient.post('/api/survey/requests', requestBody({ supplier: { kind: 'tenant', code: outsider.tenant.code } }));
    expect(noContract.json().error.code).toBe('survey.supplier_not_found');
    const self = await requester.memberClient.post('/api/survey/requests', requestBody({ supplier: { kind: 'tenant', code: requester.tenant.code } }));
    expect(self.statusCode).toBe(400);
    expect(self.json().error.code).toBe('survey.supplier_is_self');

    const otherList = await insertListVersion(world.tdb.db, third.tenant.id);
    const foreignList = await requester.memberClient.post('/api/survey/requests', requestBody({ listVersionId: otherList, supplier: { kind: 'tenant', code: supplier.tenant.code } }));
    expect(foreignList.statusCode).toBe(404);
    expect(foreignList.json().error.code).toBe('survey.request_list_version_not_found');

    const tooMany = await requester.memberClient.post(
      '/api/survey/requests',
      requestBody({ items: Array.from({ length: 201 }, (_, i) => ({ productNumber: `P${i}`, name: `品目${i}` })), supplier: { kind: 'tenant', code: supplier.tenant.code } }),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.fields.items).toBe('200件以内で指定してください。');
    const none = await requester.memberClient.post('/api/survey/requests', requestBody({ items: [], supplier: { kind: 'tenant', code: supplier.tenant.code } }));
    expect(none.statusCode).toBe(400);

    expect((await requester.reviewerClient.post('/api/survey/requests', requestBody({ supplier: { kind: 'tenant', code: supplier.tenant.code } }))).statusCode).toBe(403);
    expect((await outsider.client.post('/api/survey/requests', requestBody({ supplier: { kind: 'tenant', code: supplier.tenant.code } }))).statusCode).toBe(403);
    expect(await countRequests()).toBe(0);
  });

  it('finds a supplier by company code as people type it', async () => {
    const code = world.supplier.tenant.code;
    const res = await world.requester.memberClient.get(`/api/survey/suppliers?code=${encodeURIComponent(` ${code.toLowerCase()} `)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().supplier).toEqual({ tenantId: world.supplier.tenant.id, name: '東邦樹脂株式会社', code });
    expect((await world.requester.memberClient.get(`/api/survey/suppliers?code=${world.outsider.tenant.code}`)).statusCode).toBe(404);
  });

  it('creates a draft only the requester sees, and changes it with the version read', async () => {
    const { requester, supplier, third } = world;
    const created = await requester.memberClient.post('/api/survey/requests', requestBody({ listVersionId: versionId, supplier: { kind: 'tenant', code: supplier.tenant.code } }));
    expect(created.statusCode, created.body).toBe(201);
    const request = created.json().request;
    requestId = request.id;
    expect(request).toMatchObject({
      box: 'outgoing',
      status: 'draft',
      requesterName: '日本電機株式会社',
      supplierName: '東邦樹脂株式会社',
      supplierKind: 'tenant',
      supplierEmail: '',
      itemCount: 2,
      respondBy: '2026-12-10',
      overdue: false,
      listVersionId: versionId,
      listSnapshot: null,
      version: 1,
      items: [
        { key: '1', productNumber: 'NE-1001', name: '樹脂筐体', supplierProductNumber: 'TH-ABS-01' },
        { key: '2', productNumber: 'NE-1002', name: 'ゴム脚', supplierProductNumber: '' },
      ],
    });

    for (const client of [supplier.adminClient, third.adminClient]) {
      const res = await client.get(`/api/survey/requests/${requestId}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('survey.request_not_found');
      expect((await client.get('/api/survey/requests')).json()).toEqual({ items: [], total: 0 });
    }
    // The supplier cannot start an answer to a draft either.
    expect((await supplier.memberClient.post(`/api/survey/requests/${requestId}/responses`)).statusCode).toBe(404);

    step();
    const updated = await requester.memberClient.request('PUT', `/api/survey/requests/${requestId}`, {
      ...requestBody({ listVersionId: versionId, supplier: { kind: 'tenant', code: supplier.tenant.code } }),
      title: '2026年度 含有化学物質調査（改）',
      version: 1,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().request).toMatchObject({ title: '2026年度 含有化学物質調査（改）', version: 2 });
    const stale = await requester.memberClient.request('PUT', `/api/survey/requests/${requestId}`, { ...requestBody({ supplier: { kind: 'tenant', code: supplier.tenant.code } }), version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
  });

  it('sends it: the list is copied in, the supplier’s admins and members are mailed, a third company sees nothing', async () => {
    const { requester, supplier, third } = world;
    step();
    const sent = await requester.memberClient.post(`/api/survey/requests/${requestId}/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().request).toMatchObject({
      status: 'sent',
      listSnapshot: {
        listCode: 'ROHS',
        listName: 'RoHS 指令 附属書II',
        versionLabel: '2015/863',
        entries: [
          { name: '鉛', cas: '7439-92-1', internalId: null, thresholdPercent: 0.1, basis: 'material' },
          { name: 'DEHP', cas: '117-81-7', internalId: null, thresholdPercent: 0.1, basis: 'article' },
        ],
      },
    });
    expect(sent.json().request.sentAt).toBe(world.clock.now().toISOString());
    expect((await requester.memberClient.post(`/api/survey/requests/${requestId}/send`)).json().error.code).toBe('survey.request_not_draft');

    for (const user of [supplier.admin, supplier.member]) {
      const mails = await mailsTo(user.email);
      expect(mails, user.email).toHaveLength(1);
      expect(mails[0]!.subject).toContain('日本電機株式会社 様から化学物質調査の依頼が届きました：2026年度 含有化学物質調査（改）');
      expect(mails[0]!.text_body).toContain('回答期限：2026/12/10');
      expect(mails[0]!.text_body).toContain(`${PUBLIC_URL}/s/survey/requests/${requestId}`);
      expect(mails[0]!.text_body).toContain('Respond by: 2026/12/10');
    }
    expect(await mailsTo(supplier.reviewer.email)).toHaveLength(0);
    expect(await mailsTo(requester.admin.email)).toHaveLength(0);

    const incoming = (await supplier.reviewerClient.get('/api/survey/requests?box=incoming')).json();
    expect(incoming.total).toBe(1);
    expect(incoming.items[0]).toMatchObject({ id: requestId, box: 'incoming', status: 'sent', requesterName: '日本電機株式会社' });
    const detail = (await supplier.reviewerClient.get(`/api/survey/requests/${requestId}`)).json();
    expect(detail.request.supplierEmail).toBe('');
    expect(detail.links).toEqual([]);
    expect((await supplier.reviewerClient.get('/api/survey/requests?box=outgoing')).json().total).toBe(0);
    expect((await requester.memberClient.get('/api/survey/requests?box=outgoing&q=ＰＯ-778')).json().total).toBe(1);

    expect((await third.adminClient.get(`/api/survey/requests/${requestId}`)).statusCode).toBe(404);
    expect((await third.adminClient.get('/api/survey/requests')).json().total).toBe(0);
    expect((await third.memberClient.post(`/api/survey/requests/${requestId}/responses`)).statusCode).toBe(404);
  });

  it('the supplier drafts from the requested items; a member cannot send it unapproved nor approve it', async () => {
    const { supplier, requester, third } = world;
    // The requester does not answer its own request.
    expect((await requester.memberClient.post(`/api/survey/requests/${requestId}/responses`)).statusCode).toBe(403);

    step();
    const drafted = await supplier.memberClient.post(`/api/survey/requests/${requestId}/responses`);
    expect(drafted.statusCode, drafted.body).toBe(201);
    const response = drafted.json().response;
    firstResponseId = response.id;
    expect(response).toMatchObject({
      status: 'draft',
      source: 'tenant',
      responderCompany: '東邦樹脂株式会社',
      draftedByName: '東邦樹脂株式会社 メンバー',
      products: [
        { key: '1', productNumber: 'TH-ABS-01', name: '樹脂筐体', massG: null, composition: { parts: [] } },
        { key: '2', productNumber: 'NE-1002', name: 'ゴム脚', massG: null, composition: { parts: [] } },
      ],
      compliance: [{ listCode: 'ROHS', listName: 'RoHS 指令 附属書II', versionLabel: '2015/863', declarations: [] }],
      contact: { name: '東邦樹脂株式会社 メンバー', email: supplier.member.email, phone: '' },
    });
    expect((await supplier.memberClient.post(`/api/survey/requests/${requestId}/responses`)).json().error.code).toBe('survey.response_open_exists');
    expect((await requester.memberClient.get(`/api/survey/requests/${requestId}`)).json().request.status).toBe('answering');
    // A draft is the supplier's own: neither the requester nor a third company can read it.
    expect((await requester.adminClient.get(`/api/survey/responses/${firstResponseId}`)).statusCode).toBe(404);
    expect((await third.adminClient.get(`/api/survey/responses/${firstResponseId}`)).statusCode).toBe(404);

    const unknownKey = await supplier.memberClient.request('PUT', `/api/survey/responses/${firstResponseId}`, {
      products: [{ key: '9', productNumber: 'X', name: 'X', massG: null, composition: { parts: [] } }],
      compliance: [],
      contact: { name: '担当', email: '', phone: '' },
      comment: '',
      version: 1,
    });
    expect(unknownKey.statusCode).toBe(400);
    expect(unknownKey.json().error).toMatchObject({ code: 'survey.response_product_unknown', fields: { 'products.0.key': '調査依頼にない品目です。' } });

    const saved = await supplier.memberClient.request('PUT', `/api/survey/responses/${firstResponseId}`, {
      products: [
        { key: '1', productNumber: 'TH-ABS-01', name: '樹脂筐体', massG: 12, composition: leadComposition(0.5) },
        { key: '2', productNumber: 'NE-1002', name: 'ゴム脚', massG: 3, composition: { parts: [] } },
      ],
      compliance: [{ listCode: 'ROHS', listName: 'RoHS 指令 附属書II', versionLabel: '2015/863', declarations: [{ name: '鉛', cas: '７４３９－９２－１', aboveThreshold: true, massPercent: 0.5, exemption: null }] }],
      contact: { name: '品質保証部 山田', email: 'qa@toho.example', phone: '03-0000-0000' },
      comment: '鉛は除外なし。',
      version: 1,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().response).toMatchObject({ version: 2, compliance: [{ declarations: [{ cas: '7439-92-1' }] }], contact: { name: '品質保証部 山田' } });

    const bytes = Buffer.from('%PDF-1.4 SDS\n', 'utf8');
    const uploaded = await uploadFile(supplier.memberClient, firstResponseId, 'SDS 筐体.pdf', bytes);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    fileId = uploaded.json().file.fileId;
    expect(uploaded.json().file).toMatchObject({ name: 'SDS 筐体.pdf', bytes: bytes.length, kind: 'sds' });
    expect((await uploadFile(third.memberClient, firstResponseId, 'x.txt', Buffer.from('x'))).statusCode).toBe(404);

    const unapproved = await supplier.memberClient.post(`/api/survey/responses/${firstResponseId}/send`);
    expect(unapproved.statusCode).toBe(409);
    expect(unapproved.json().error).toMatchObject({ code: 'survey.response_not_approved', message: 'この回答はまだ承認されていないため送信できません。承認者の承認を受けてから送信してください。' });

    step();
    const submitted = await supplier.memberClient.post(`/api/survey/responses/${firstResponseId}/submit-for-review`);
    expect(submitted.json().response.status).toBe('in_review');
    expect((await supplier.memberClient.post(`/api/survey/responses/${firstResponseId}/send`)).statusCode).toBe(409);
    // Members hold no approval right; in review the answer cannot be changed.
    expect((await supplier.memberClient.post(`/api/survey/responses/${firstResponseId}/approve`)).statusCode).toBe(403);
    const locked = await supplier.memberClient.request('PUT', `/api/survey/responses/${firstResponseId}`, {
      products: [],
      compliance: [],
      contact: { name: '', email: '', phone: '' },
      comment: '',
      version: 3,
    });
    expect(locked.json().error.code).toBe('survey.response_not_editable');
  });

  it('the reviewer approves as authorizer, the member sends: the request is submitted and the requester’s reviewers are mailed', async () => {
    const { supplier, requester, third } = world;
    step();
    const approved = await supplier.reviewerClient.post(`/api/survey/responses/${firstResponseId}/approve`, { comment: '確認しました。' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().response).toMatchObject({ status: 'approved', authorizerName: '東邦樹脂株式会社 レビュワー', reviewComment: '確認しました。', approvedAt: world.clock.now().toISOString() });
    const stored = await owner<{ authorizer_user_id: string }>('SELECT authorizer_user_id FROM survey.responses WHERE id = $1', [firstResponseId]);
    expect(stored[0]!.authorizer_user_id).toBe(supplier.reviewer.id);

    step();
    const sent = await supplier.memberClient.post(`/api/survey/responses/${firstResponseId}/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().response).toMatchObject({ status: 'sent', sentAt: world.clock.now().toISOString() });
    // Sent is final: no change, no file, no second send.
    expect((await uploadFile(supplier.memberClient, firstResponseId, 'late.txt', Buffer.from('late'))).statusCode).toBe(409);
    expect((await supplier.memberClient.post(`/api/survey/responses/${firstResponseId}/send`)).statusCode).toBe(409);

    const request = (await requester.reviewerClient.get(`/api/survey/requests/${requestId}`)).json();
    expect(request.request).toMatchObject({ status: 'submitted', submittedAt: world.clock.now().toISOString() });
    expect(request.responses).toEqual([expect.objectContaining({ id: firstResponseId, status: 'sent', authorizerName: '東邦樹脂株式会社 レビュワー' })]);

    for (const user of [requester.admin, requester.reviewer]) {
      const mails = await mailsTo(user.email);
      expect(mails.map((m) => m.template), user.email).toEqual(['survey.response_received']);
      expect(mails[0]!.subject).toContain('東邦樹脂株式会社 様から調査の回答が届きました');
      expect(mails[0]!.text_body).toContain('承認者：東邦樹脂株式会社 レビュワー');
    }
    expect(await mailsTo(requester.member.email)).toHaveLength(0);

    // The requester reads the sent answer and its file; the file stays the supplier's.
    const read = await requester.reviewerClient.get(`/api/survey/responses/${firstResponseId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().request).toMatchObject({ id: requestId, box: 'outgoing' });
    expect(read.json().response.files).toEqual([{ fileId, name: 'SDS 筐体.pdf', bytes: 13, kind: 'sds' }]);
    const download = await requester.reviewerClient.get(`/api/survey/responses/${firstResponseId}/files/${fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('%PDF-1.4 SDS\n');
    expect((await requester.reviewerClient.get(`/api/files/${fileId}`)).statusCode).toBe(404);
    expect((await supplier.memberClient.get(`/api/survey/responses/${firstResponseId}/files/${fileId}`)).statusCode).toBe(200);
    for (const url of [`/api/survey/responses/${firstResponseId}`, `/api/survey/responses/${firstResponseId}/files/${fileId}`, `/api/survey/requests/${requestId}`]) {
      expect((await third.adminClient.get(url)).statusCode, url).toBe(404);
    }

    // Reading it as the requester stored the check of each answered product against the list snapshot.
    const checks = await owner<{ subject_key: string; outcome: string; list_version_id: string }>(
      `SELECT subject_key, outcome, list_version_id FROM survey.check_results WHERE tenant_id = $1 AND subject_kind = 'response' AND subject_id = $2 ORDER BY subject_key`,
      [requester.tenant.id, firstResponseId],
    );
    const entries = request.request.listSnapshot.entries;
    expect(checks).toEqual([
      { subject_key: '1', outcome: checkComposition({ composition: leadComposition(0.5), productMassG: 12 }, entries).outcome, list_version_id: versionId },
      { subject_key: '2', outcome: checkComposition({ composition: { parts: [] }, productMassG: 3 }, entries).outcome, list_version_id: versionId },
    ]);
  });

  it('the requester returns it; the supplier answers again in a new response, and the drafter cannot approve it', async () => {
    const { supplier, requester } = world;
    expect((await requester.memberClient.post(`/api/survey/requests/${requestId}/return`, { responseId: firstResponseId, reason: 'x' })).statusCode).toBe(403);
    expect((await supplier.adminClient.post(`/api/survey/requests/${requestId}/return`, { responseId: firstResponseId, reason: 'x' })).statusCode).toBe(403);
    step();
    const returned = await requester.reviewerClient.post(`/api/survey/requests/${requestId}/return`, { responseId: firstResponseId, reason: 'ゴム脚の組成が空です。' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().request).toMatchObject({ status: 'returned', returnReason: 'ゴム脚の組成が空です。' });
    const notice = (await mailsTo(supplier.member.email)).at(-1)!;
    expect(notice.template).toBe('survey.request_returned');
    expect(notice.text_body).toContain('ゴム脚の組成が空です。');

    step();
    const again = await supplier.adminClient.post(`/api/survey/requests/${requestId}/responses`);
    expect(again.statusCode, again.body).toBe(201);
    secondResponseId = again.json().response.id;
    expect(secondResponseId).not.toBe(firstResponseId);
    step();
    await supplier.adminClient.post(`/api/survey/responses/${secondResponseId}/submit-for-review`);
    const own = await supplier.adminClient.post(`/api/survey/responses/${secondResponseId}/approve`);
    expect(own.statusCode).toBe(403);
    expect(own.json().error).toMatchObject({ code: 'survey.cannot_approve_own', message: '自分で作成した回答は承認できません。別の承認者に承認を依頼してください。' });

    step();
    const back = await supplier.reviewerClient.post(`/api/survey/responses/${secondResponseId}/return`, { comment: '質量を入れてください。' });
    expect(back.json().response).toMatchObject({ status: 'returned', reviewComment: '質量を入れてください。' });
    step();
    const fixed = await supplier.memberClient.request('PUT', `/api/survey/responses/${secondResponseId}`, {
      products: [
        { key: '1', productNumber: 'TH-ABS-01', name: '樹脂筐体', massG: 12, composition: leadComposition(0.05) },
        { key: '2', productNumber: 'NE-1002', name: 'ゴム脚', massG: 3, composition: leadComposition(0) },
      ],
      compliance: [],
      contact: { name: '品質保証部 山田', email: 'qa@toho.example', phone: '' },
      comment: '再回答します。',
      version: back.json().response.version,
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().response.draftedByName).toBe('東邦樹脂株式会社 メンバー');
    step();
    await supplier.memberClient.post(`/api/survey/responses/${secondResponseId}/submit-for-review`);
    // The admin did not write this version, so the admin may approve it; the reviewer sends it.
    step();
    expect((await supplier.adminClient.post(`/api/survey/responses/${secondResponseId}/approve`)).statusCode).toBe(200);
    step();
    expect((await supplier.reviewerClient.post(`/api/survey/responses/${secondResponseId}/send`)).statusCode).toBe(200);

    const detail = (await requester.reviewerClient.get(`/api/survey/requests/${requestId}`)).json();
    expect(detail.request.status).toBe('submitted');
    expect(detail.responses.map((r: { id: string }) => r.id)).toEqual([firstResponseId, secondResponseId]);
  });

  it('the requester accepts the second answer; both sides read the whole history', async () => {
    const { supplier, requester } = world;
    expect((await requester.reviewerClient.post(`/api/survey/requests/${requestId}/accept`, { responseId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    step();
    const accepted = await requester.reviewerClient.post(`/api/survey/requests/${requestId}/accept`, { responseId: secondResponseId, comment: '受理します。' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().request).toMatchObject({ status: 'accepted', acceptedResponseId: secondResponseId });
    const closed = await owner<{ closed_at: Date | null }>('SELECT closed_at FROM survey.requests WHERE id = $1', [requestId]);
    expect(closed[0]!.closed_at).not.toBeNull();
    expect((await supplier.memberClient.post(`/api/survey/requests/${requestId}/responses`)).json().error.code).toBe('survey.request_not_open');
    expect((await requester.memberClient.post(`/api/survey/requests/${requestId}/cancel`, {})).json().error.code).toBe('survey.request_closed');

    const expected = [
      ['created', '日本電機株式会社'],
      ['sent', '日本電機株式会社'],
      ['answering', '東邦樹脂株式会社'],
      ['submitted_for_review', '東邦樹脂株式会社'],
      ['approved', '東邦樹脂株式会社'],
      ['response_sent', '東邦樹脂株式会社'],
      ['returned', '日本電機株式会社'],
      ['answering', '東邦樹脂株式会社'],
      ['submitted_for_review', '東邦樹脂株式会社'],
      ['returned_by_reviewer', '東邦樹脂株式会社'],
      ['submitted_for_review', '東邦樹脂株式会社'],
      ['approved', '東邦樹脂株式会社'],
      ['response_sent', '東邦樹脂株式会社'],
      ['accepted', '日本電機株式会社'],
    ];
    for (const client of [requester.memberClient, supplier.memberClient]) {
      const events = (await client.get(`/api/survey/requests/${requestId}`)).json().events as { event: string; actorCompany: string; comment: string }[];
      expect(events.map((e) => [e.event, e.actorCompany])).toEqual(expected);
      expect(events.at(-1)!.comment).toBe('受理します。');
    }

    expect(await auditActions(requester.tenant.id)).toEqual([
      'survey.request.created',
      'survey.request.updated',
      'survey.request.sent',
      'survey.response.file_downloaded',
      'survey.request.returned',
      'survey.request.accepted',
    ]);
    expect(await auditActions(supplier.tenant.id)).toEqual([
      'survey.response.drafted',
      'survey.response.updated',
      'survey.response.file_uploaded',
      'survey.response.submitted_for_review',
      'survey.response.approved',
      'survey.response.sent',
      'survey.response.file_downloaded',
      'survey.response.drafted',
      'survey.response.submitted_for_review',
      'survey.response.returned',
      'survey.response.updated',
      'survey.response.submitted_for_review',
      'survey.response.approved',
      'survey.response.sent',
    ]);
  });

  it('an outside company gets an upload link by mail; the supplier’s reference and a cancel', async () => {
    const { requester, supplier } = world;
    const created = await requester.memberClient.post('/api/survey/requests', requestBody({ supplier: { kind: 'outside', name: '北村化成', email: 'sales@kitamura.example' } }));
    expect(created.statusCode, created.body).toBe(201);
    const outsideId = created.json().request.id as string;
    expect(created.json().request).toMatchObject({ supplierKind: 'outside', supplierEmail: 'sales@kitamura.example', supplierName: '北村化成' });
    const sent = await requester.memberClient.post(`/api/survey/requests/${outsideId}/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    const mails = await mailsTo('sales@kitamura.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text_body).toContain(`${PUBLIC_URL}/survey/answer/`);
    const detail = (await requester.memberClient.get(`/api/survey/requests/${outsideId}`)).json();
    expect(detail.links).toHaveLength(1);
    expect(detail.links[0]).toMatchObject({ email: 'sales@kitamura.example', revokedAt: null });

    // A second request to the supplier: it sets its own reference, which starts answering; then it is cancelled.
    const second = await requester.memberClient.post('/api/survey/requests', requestBody({ supplier: { kind: 'tenant', code: supplier.tenant.code } }));
    const secondId = second.json().request.id as string;
    await requester.memberClient.post(`/api/survey/requests/${secondId}/send`);
    expect((await requester.memberClient.request('PATCH', `/api/survey/requests/${secondId}/responder-ref`, { responderRef: 'X' })).statusCode).toBe(403);
    const ref = await supplier.memberClient.request('PATCH', `/api/survey/requests/${secondId}/responder-ref`, { responderRef: 'TH-2026-0042' });
    expect(ref.statusCode, ref.body).toBe(200);
    expect(ref.json().request).toMatchObject({ responderRef: 'TH-2026-0042', status: 'answering', box: 'incoming' });
    expect((await supplier.memberClient.post(`/api/survey/requests/${secondId}/cancel`, {})).statusCode).toBe(403);
    const cancelled = await requester.memberClient.post(`/api/survey/requests/${secondId}/cancel`, { reason: '発注取消のため' });
    expect(cancelled.json().request.status).toBe('cancelled');
    expect((await supplier.memberClient.get(`/api/survey/requests/${secondId}`)).json().events.at(-1)).toMatchObject({ event: 'cancelled', comment: '発注取消のため' });
  });
});
