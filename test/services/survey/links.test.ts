import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/core/crypto.js';
import { withTenant } from '../../../src/core/db/index.js';
import { redactUrl } from '../../../src/core/logger.js';
import { LINK_RATE_LIMITS } from '../../../src/services/survey/links/routes.js';
import { LINK_TOTAL_MAX_BYTES } from '../../../src/services/survey/links/uploadLinks.js';
import { TestClient } from '../../support/app.js';
import { testDatabaseKind } from '../../support/db.js';
import { startSmtp, type Received } from '../../support/smtp.js';
import { openSurveyWorld, type SurveyWorld } from './surveyWorld.js';

const PUBLIC_URL = 'http://sotas.test';
const OUTSIDE_EMAIL = 'chem@outside-parts.example';
const ITEMS = [
  { key: 'i1', productNumber: 'CAP-100', name: 'コンデンサ 100µF', supplierProductNumber: 'OP-C100' },
  { key: 'i2', productNumber: 'RES-220', name: '抵抗 220Ω', supplierProductNumber: '' },
];

const lead = { name: '鉛', cas: '7439-92-1', massPercent: 0.05 };

describe(`survey upload links for outside companies (${testDatabaseKind()})`, () => {
  let world: SurveyWorld;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let requestId: string;
  let token: string;
  let linkId: string;
  /** A client with no session at all: the outside company's browser. */
  let outside: TestClient;

  const owner = <T>(sql: string, params: unknown[] = []) => world.tdb.db.ownerTransaction(async (tx) => (await tx.query<T & Record<string, unknown>>(sql, params)).rows);

  async function insertOutsideRequest(title: string, status = 'sent'): Promise<string> {
    const [row] = await owner<{ id: string }>(
      `INSERT INTO survey.requests (tenant_id, requester_name, supplier_name, supplier_email, title, message, items, format_wanted, respond_by, status, created_at, sent_at, updated_at)
       VALUES ($1, '日本電機株式会社', 'アウトサイド部品', $2, $3, '含有化学物質の調査にご協力ください。', $4::jsonb, 'chemsherpa_ai', '2026-12-20', $5, now(), now(), now()) RETURNING id`,
      [world.requester.tenant.id, OUTSIDE_EMAIL, title, JSON.stringify(ITEMS), status],
    );
    return row!.id;
  }

  async function mailsTo(email: string): Promise<Received[]> {
    await world.app.jobs.drain();
    return smtp.received.filter((m) => m.to.includes(email));
  }

  /** Issues a link through the route and reads its token out of the mail. */
  async function issue(id: string, body: Record<string, unknown> = {}): Promise<{ token: string; linkId: string }> {
    const before = (await mailsTo(OUTSIDE_EMAIL)).length;
    const res = await world.requester.memberClient.post(`/api/survey/requests/${id}/links`, body);
    expect(res.statusCode, res.body).toBe(201);
    const mails = await mailsTo(OUTSIDE_EMAIL);
    expect(mails).toHaveLength(before + 1);
    const match = mails.at(-1)!.text.match(/\/survey\/answer\/([A-Za-z0-9_-]+)/);
    expect(match).not.toBeNull();
    return { token: match![1]!, linkId: res.json().link.id };
  }

  function upload(client: TestClient, t: string, name: string, bytes: Buffer) {
    return client.request('POST', `/api/survey/upload/${t}/files?name=${encodeURIComponent(name)}`, bytes, { 'content-type': 'application/octet-stream' });
  }

  const answer = (fileIds: string[] = []) => ({
    responderCompany: 'アウトサイド部品株式会社',
    contact: { name: '品質保証部 担当', email: 'qa@outside-parts.example', phone: '03-0000-0000' },
    products: [{ key: 'i1', massG: 1.2, composition: { parts: [], substances: [lead] } }],
    compliance: [{ listCode: 'RoHS', listName: 'RoHS 指令', versionLabel: '2026', declarations: [{ name: '鉛', cas: '7439-92-1', aboveThreshold: false, massPercent: 0.05, exemption: null }] }],
    comment: '6(c) 適用なし',
    fileIds,
  });

  const fileCount = async () => (await owner<{ n: number }>(`SELECT count(*)::int AS n FROM platform.files WHERE tenant_id = $1`, [world.requester.tenant.id]))[0]!.n;
  const linkRow = async (id: string) => (await owner<{ bytes_received: string; last_opened_at: Date | null; submitted_at: Date | null; token_hash: string }>(`SELECT bytes_received, last_opened_at, submitted_at, token_hash FROM survey.upload_links WHERE id = $1`, [id]))[0]!;

  beforeAll(async () => {
    smtp = await startSmtp();
    world = await openSurveyWorld({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL } });
    outside = new TestClient(world.app);
    requestId = await insertOutsideRequest('2026年度 含有化学物質調査');
    ({ token, linkId } = await issue(requestId));
  }, 240_000);
  afterAll(async () => {
    await world?.close();
    await smtp?.close();
  });

  it('issues a link: only the hash of its random part is stored, the outside company gets it by mail, the event is recorded', async () => {
    expect(token.startsWith(`${world.requester.tenant.id}_`)).toBe(true);
    const secret = token.slice(world.requester.tenant.id.length + 1);
    const row = await linkRow(linkId);
    expect(row.token_hash).toBe(sha256Hex(secret));
    const stored = await owner(`SELECT count(*)::int AS n FROM survey.upload_links WHERE token_hash LIKE '%' || $1 || '%'`, [secret]);
    expect(stored[0]!.n).toBe(0);
    const mail = (await mailsTo(OUTSIDE_EMAIL)).at(-1)!;
    expect(mail.subject).toContain('日本電機株式会社 様から含有化学物質調査のご依頼：2026年度 含有化学物質調査');
    expect(mail.text).toContain(`${PUBLIC_URL}/survey/answer/${token}`);
    expect(mail.text).toContain('回答期限：2026-12-20');
    const events = await owner<{ target_id: string; details: Record<string, unknown> }>(
      `SELECT target_id, details FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'survey.link.issued'`,
      [world.requester.tenant.id],
    );
    expect(events).toEqual([expect.objectContaining({ target_id: linkId, details: expect.objectContaining({ requestId, email: OUTSIDE_EMAIL }) })]);
  });

  it('refuses links for another tenant’s request, to a reviewer, and for a request to a Sotas company', async () => {
    const third = await world.third.memberClient.post(`/api/survey/requests/${requestId}/links`, {});
    expect(third.statusCode).toBe(404);
    expect(third.json().error.code).toBe('survey.link_request_not_found');
    const reviewer = await world.requester.reviewerClient.post(`/api/survey/requests/${requestId}/links`, {});
    expect(reviewer.statusCode).toBe(403);
    const [tenantRequest] = await owner<{ id: string }>(
      `INSERT INTO survey.requests (tenant_id, requester_name, supplier_tenant_id, supplier_name, title, format_wanted, respond_by, status, created_at, updated_at)
       VALUES ($1, '日本電機株式会社', $2, '東邦樹脂株式会社', '契約企業宛て', 'any', '2026-12-20', 'sent', now(), now()) RETURNING id`,
      [world.requester.tenant.id, world.supplier.tenant.id],
    );
    const toTenant = await world.requester.memberClient.post(`/api/survey/requests/${tenantRequest!.id}/links`, {});
    expect(toTenant.statusCode).toBe(409);
    expect(toTenant.json().error.code).toBe('survey.link_not_outside');
    const links = await owner(`SELECT id FROM survey.upload_links WHERE request_id = $1`, [tenantRequest!.id]);
    expect(links).toHaveLength(0);
  });

  it('opens the request without a session and marks the link opened', async () => {
    const res = await outside.get(`/api/survey/upload/${token}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.request).toMatchObject({ title: '2026年度 含有化学物質調査', requesterName: '日本電機株式会社', respondBy: '2026-12-20', formatWanted: 'chemsherpa_ai', items: ITEMS });
    expect(body.submittedAt).toBeNull();
    expect(body.request).not.toHaveProperty('supplierEmail');
    expect((await linkRow(linkId)).last_opened_at).not.toBeNull();
  });

  it('opens nothing else: the token as a session cookie or bearer header is not signed in anywhere', async () => {
    const withCookie = new TestClient(world.app);
    withCookie.setCookie('sotas_session', token);
    for (const url of [`/api/survey/requests/${requestId}`, '/api/session', '/api/survey/requests?box=outgoing', '/api/survey/products']) {
      const res = await withCookie.get(url);
      expect([401, 404], `${url}: ${res.body}`).toContain(res.statusCode);
      const bearer = await outside.request('GET', url, undefined, { authorization: `Bearer ${token}`, 'x-upload-token': token });
      expect([401, 404], `${url}: ${bearer.body}`).toContain(bearer.statusCode);
    }
    expect((await withCookie.get('/api/session')).statusCode).toBe(401);
    expect((await withCookie.get(`/api/survey/requests/${requestId}`)).statusCode).toBe(401);
    // The token is no path into the requester's own routes either.
    expect((await outside.post(`/api/survey/requests/${requestId}/links`, {})).statusCode).toBe(401);
  });

  it('keeps the token out of the request log', () => {
    for (const url of [`/api/survey/upload/${token}`, `/api/survey/upload/${token}/files?name=a.csv`, `/survey/answer/${token}`]) {
      const logged = redactUrl(url);
      expect(logged).not.toContain(token.slice(37));
      expect(logged).toContain('[redacted]');
    }
  });

  it('answers one 404 for a wrong token, whatever is wrong with it', async () => {
    const secret = token.slice(37);
    const flipped = `${token.slice(0, 37)}${secret[0] === 'A' ? 'B' : 'A'}${secret.slice(1)}`;
    const otherTenant = `${world.third.tenant.id}_${secret}`;
    const expected = (await outside.get(`/api/survey/upload/${flipped}`)).json();
    expect(expected.error.code).toBe('survey.link_invalid');
    for (const bad of [flipped, otherTenant, `${world.requester.tenant.id}_short`, 'x'.repeat(80)]) {
      const res = await outside.get(`/api/survey/upload/${bad}`);
      expect(res.statusCode, bad).toBe(404);
      expect(res.json().error).toEqual({ ...expected.error, requestId: res.json().error.requestId });
    }
  });

  it('stores an uploaded file as the requester’s file and counts it against the link', async () => {
    const csv = Buffer.from('productNumber,name\nCAP-100,コンデンサ\n', 'utf8');
    const res = await upload(outside, token, '回答.csv', csv);
    expect(res.statusCode, res.body).toBe(201);
    const { file, parsed } = res.json();
    expect(file).toMatchObject({ name: '回答.csv', bytes: csv.length, kind: 'spreadsheet' });
    // Until the file readers land, or when a file is no survey file, nothing is read from it.
    expect(parsed === null || Array.isArray(parsed)).toBe(true);
    const [row] = await owner<{ tenant_id: string; service: string }>(`SELECT tenant_id, service FROM platform.files WHERE id = $1`, [file.fileId]);
    expect(row).toEqual({ tenant_id: world.requester.tenant.id, service: 'survey' });
    expect(Number((await linkRow(linkId)).bytes_received)).toBe(csv.length);
    const [request] = await owner<{ status: string }>(`SELECT status FROM survey.requests WHERE id = $1`, [requestId]);
    expect(request!.status).toBe('answering');
  });

  it('refuses a file over 20 MB and an upload past the link’s 100 MB, storing nothing', async () => {
    const filesBefore = await fileCount();
    const bytesBefore = Number((await linkRow(linkId)).bytes_received);
    const big = await upload(outside, token, 'big.pdf', Buffer.alloc(20 * 1024 * 1024 + 1, 1));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('files.too_large');
    expect(big.json().error.message).toContain('20 MB');

    await owner(`UPDATE survey.upload_links SET bytes_received = $2 WHERE id = $1`, [linkId, LINK_TOTAL_MAX_BYTES - 5]);
    const over = await upload(outside, token, 'sds.pdf', Buffer.alloc(10, 2));
    expect(over.statusCode).toBe(413);
    expect(over.json().error.code).toBe('survey.link_total_too_large');
    expect(await fileCount()).toBe(filesBefore);
    expect(Number((await linkRow(linkId)).bytes_received)).toBe(LINK_TOTAL_MAX_BYTES - 5);
    await owner(`UPDATE survey.upload_links SET bytes_received = $2 WHERE id = $1`, [linkId, bytesBefore]);
  });

  it('refuses bad answers in the user’s language and keeps the link usable', async () => {
    const english = new TestClient(world.app, 'en');
    const badCas = answer();
    badCas.compliance[0]!.declarations[0]!.cas = '7439-92-2';
    const cas = await english.post(`/api/survey/upload/${token}/submit`, badCas);
    expect(cas.statusCode).toBe(400);
    const unknownItem = await english.post(`/api/survey/upload/${token}/submit`, { ...answer(), products: [{ key: 'nope', massG: null, composition: { parts: [] } }] });
    expect(unknownItem.statusCode).toBe(400);
    expect(unknownItem.json().error.code).toBe('survey.link_item_unknown');
    expect(unknownItem.json().error.message).toMatch(/not in the request/);
    const strangerFile = await english.post(`/api/survey/upload/${token}/submit`, answer(['00000000-0000-4000-8000-000000000000']));
    expect(strangerFile.statusCode).toBe(400);
    expect(strangerFile.json().error.code).toBe('survey.link_file_unknown');
    const empty = await english.post(`/api/survey/upload/${token}/submit`, { ...answer(), products: [] });
    expect(empty.json().error.code).toBe('survey.link_answer_empty');
    expect(await owner(`SELECT id FROM survey.responses WHERE request_id = $1`, [requestId])).toHaveLength(0);
    expect((await outside.get(`/api/survey/upload/${token}`)).statusCode).toBe(200);
  });

  it('submits the answer into the requester’s tenant: a sent outside response with its files, the request submitted, reviewers mailed', async () => {
    const pdf = await upload(outside, token, 'SDS.pdf', Buffer.from('%PDF-1.4 test'));
    expect(pdf.statusCode, pdf.body).toBe(201);
    const fileId: string = pdf.json().file.fileId;
    const res = await outside.post(`/api/survey/upload/${token}/submit`, { ...answer([fileId]), fileKinds: { [fileId]: 'sds' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().submittedAt).toBe(world.clock.now().toISOString());

    const [response] = await owner<{ id: string; tenant_id: string; request_tenant_id: string; source: string; status: string; sent_at: Date; products: unknown; responder_company: string }>(
      `SELECT id, tenant_id, request_tenant_id, source, status, sent_at, products, responder_company FROM survey.responses WHERE request_id = $1`,
      [requestId],
    );
    expect(response).toMatchObject({ tenant_id: world.requester.tenant.id, request_tenant_id: world.requester.tenant.id, source: 'outside', status: 'sent', responder_company: 'アウトサイド部品株式会社' });
    expect(response!.sent_at).not.toBeNull();
    expect(response!.products).toEqual([{ key: 'i1', productNumber: 'CAP-100', name: 'コンデンサ 100µF', massG: 1.2, composition: { parts: [], substances: [lead] } }]);
    const files = await owner(`SELECT file_id, tenant_id, name, kind FROM survey.response_files WHERE response_id = $1`, [response!.id]);
    expect(files).toEqual([{ file_id: fileId, tenant_id: world.requester.tenant.id, name: 'SDS.pdf', kind: 'sds' }]);
    const [request] = await owner<{ status: string; submitted_at: Date | null }>(`SELECT status, submitted_at FROM survey.requests WHERE id = $1`, [requestId]);
    expect(request!.status).toBe('submitted');
    expect(request!.submitted_at).not.toBeNull();
    const events = await owner(`SELECT event, actor_company FROM survey.request_events WHERE request_id = $1 AND event = 'submitted'`, [requestId]);
    expect(events).toEqual([{ event: 'submitted', actor_company: 'アウトサイド部品株式会社' }]);
    const audit = await owner(`SELECT target_id FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'survey.link.submitted'`, [world.requester.tenant.id]);
    expect(audit).toEqual([{ target_id: response!.id }]);

    for (const user of [world.requester.admin, world.requester.reviewer]) {
      const [mail] = await mailsTo(user.email);
      expect(mail, user.email).toBeDefined();
      expect(mail!.subject).toContain('アウトサイド部品株式会社 様から回答が届きました');
      expect(mail!.text).toContain(`${PUBLIC_URL}/s/survey/requests/${requestId}`);
    }
    expect(await mailsTo(world.requester.member.email)).toHaveLength(0);
    expect(await mailsTo(world.supplier.admin.email)).toHaveLength(0);
  });

  it('closes the link after the answer: no second view, upload or answer; a new link only after the answer is returned', async () => {
    const view = await outside.get(`/api/survey/upload/${token}`);
    expect(view.statusCode).toBe(404);
    expect(view.json().error.code).toBe('survey.link_invalid');
    expect((await upload(outside, token, 'late.pdf', Buffer.from('late'))).statusCode).toBe(404);
    expect((await outside.post(`/api/survey/upload/${token}/submit`, answer())).statusCode).toBe(404);
    expect(await owner(`SELECT id FROM survey.responses WHERE request_id = $1`, [requestId])).toHaveLength(1);

    const early = await world.requester.memberClient.post(`/api/survey/requests/${requestId}/links`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('survey.link_request_closed');

    // As the requester returning the answer leaves it (the requests area does this through its route).
    await withTenant(world.tdb.db, world.requester.tenant.id, (tx) => tx.query(`UPDATE survey.requests SET status = 'returned', return_reason = '質量が不足しています' WHERE id = $1`, [requestId]));
    const second = await issue(requestId);
    expect(second.token).not.toBe(token);
    expect((await outside.get(`/api/survey/upload/${token}`)).statusCode).toBe(404);
    expect((await outside.get(`/api/survey/upload/${second.token}`)).statusCode).toBe(200);
  });

  it('stops a link when the requester revokes it or issues a new one', async () => {
    const id = await insertOutsideRequest('取り消し確認');
    const first = await issue(id);
    const second = await issue(id, { email: OUTSIDE_EMAIL, days: 3 });
    expect((await outside.get(`/api/survey/upload/${first.token}`)).statusCode).toBe(404);
    expect((await outside.get(`/api/survey/upload/${second.token}`)).statusCode).toBe(200);

    const byThird = await world.third.memberClient.request('DELETE', `/api/survey/requests/${id}/links/${second.linkId}`);
    expect(byThird.statusCode).toBe(404);
    expect((await outside.get(`/api/survey/upload/${second.token}`)).statusCode).toBe(200);

    const revoked = await world.requester.memberClient.request('DELETE', `/api/survey/requests/${id}/links/${second.linkId}`);
    expect(revoked.statusCode).toBe(204);
    const res = await outside.get(`/api/survey/upload/${second.token}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('survey.link_invalid');
    expect((await outside.post(`/api/survey/upload/${second.token}/submit`, answer())).statusCode).toBe(404);
    const events = await owner(`SELECT target_id FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'survey.link.revoked'`, [world.requester.tenant.id]);
    expect(events).toEqual([{ target_id: second.linkId }]);
  });

  it('limits requests per link and per IP address (429)', async () => {
    const id = await insertOutsideRequest('回数制限');
    const { token: limited } = await issue(id);
    const from = (remoteAddress: string, t: string) => world.app.http.inject({ method: 'GET', url: `/api/survey/upload/${t}`, remoteAddress });
    // One link opened from many addresses meets the per-link limit.
    const statuses: number[] = [];
    for (let i = 0; i < LINK_RATE_LIMITS.view.perToken; i++) statuses.push((await from(`198.51.100.${i + 1}`, limited)).statusCode);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const last = await from('198.51.100.200', limited);
    expect(last.statusCode).toBe(429);
    expect(last.json().error.code).toBe('rate_limited');
    // Another link is not held back by this one.
    expect((await from('198.51.100.201', token)).statusCode).not.toBe(429);

    // One address trying many tokens meets the per-IP limit.
    const fromOneAddress: number[] = [];
    for (let i = 0; i <= LINK_RATE_LIMITS.view.perIp; i++) {
      const guess = `${world.requester.tenant.id}_${String(i).padStart(43, 'A')}`;
      fromOneAddress.push((await from('192.0.2.7', guess)).statusCode);
    }
    expect(fromOneAddress.slice(0, LINK_RATE_LIMITS.view.perIp).every((s) => s === 404)).toBe(true);
    expect(fromOneAddress.at(-1)).toBe(429);
  });

  it('dies at its expiry', async () => {
    const id = await insertOutsideRequest('期限確認');
    const { token: expiring, linkId: expiringId } = await issue(id, { days: 2 });
    expect((await outside.get(`/api/survey/upload/${expiring}`)).statusCode).toBe(200);
    const [link] = await owner<{ expires_at: Date }>(`SELECT expires_at FROM survey.upload_links WHERE id = $1`, [expiringId]);
    expect(new Date(link!.expires_at).getTime() - world.clock.now().getTime()).toBe(2 * 86_400_000);
    world.clock.set(new Date(new Date(link!.expires_at).getTime() + 1000));
    const res = await outside.get(`/api/survey/upload/${expiring}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('survey.link_invalid');
    expect((await outside.post(`/api/survey/upload/${expiring}/submit`, answer())).statusCode).toBe(404);
  });
});
