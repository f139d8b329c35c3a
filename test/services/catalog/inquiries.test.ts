import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/core/db/index.js';
import { testDatabaseKind } from '../../support/db.js';
import { startSmtp, type Received } from '../../support/smtp.js';
import type { TestClient } from '../../support/app.js';
import { openCatalogWorld, type CatalogWorld } from './catalogWorld.js';

const PUBLIC_URL = 'http://sotas.test';

/** A product of the tenant, as the products area would leave it. */
async function insertProduct(db: Database, tenantId: string, name: string, status: 'draft' | 'published'): Promise<string> {
  return db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO catalog.products (tenant_id, name, category, form, status, published_at, created_at, updated_at)
       VALUES ($1, $2, 'PP', 'pellet', $3, CASE WHEN $3 = 'published' THEN now() END, now(), now()) RETURNING id`,
      [tenantId, name, status],
    );
    return rows[0]!.id;
  });
}

function upload(client: TestClient, inquiryId: string, name: string, bytes: Buffer) {
  return client.request('POST', `/api/catalog/inquiries/${inquiryId}/attachments`, bytes, {
    'content-type': 'application/octet-stream',
    'x-file-name': encodeURIComponent(name),
  });
}

describe(`catalog inquiries between a subscriber and a publisher (${testDatabaseKind()})`, () => {
  let world: CatalogWorld;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let productId: string;
  let draftId: string;
  let inquiryId: string;
  let publisherFileId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    world = await openCatalogWorld({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL } });
    const { db } = world.tdb;
    await db.ownerTransaction((tx) =>
      tx.query(`INSERT INTO catalog.publishers (tenant_id, display_name, created_at, updated_at) VALUES ($1, '東邦樹脂', now(), now())`, [world.publisher.tenant.id]),
    );
    productId = await insertProduct(db, world.publisher.tenant.id, 'トーホーPP J-300', 'published');
    draftId = await insertProduct(db, world.publisher.tenant.id, '開発中グレード', 'draft');
  });
  afterAll(async () => {
    await world.close();
    await smtp.close();
  });

  async function mailsTo(email: string): Promise<Received[]> {
    await world.app.jobs.drain();
    return smtp.received.filter((m) => m.to.includes(email));
  }

  const events = (tenantId: string, action: string) =>
    world.tdb.db.ownerTransaction(
      async (tx) =>
        (await tx.query<{ target_id: string; details: Record<string, unknown> }>(`SELECT target_id, details FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2 ORDER BY seq`, [tenantId, action])).rows,
    );

  it('refuses an inquiry about the company’s own product, a draft, or from a viewer, and writes nothing', async () => {
    const own = await world.publisher.editorClient.post('/api/catalog/inquiries', { productId, kind: 'question', subject: '自社', body: 'テスト' });
    expect(own.statusCode).toBe(400);
    expect(own.json().error).toMatchObject({ code: 'catalog.inquiry_own_product', message: '自社の製品には問い合わせできません。他社の製品を選んでください。' });
    const draft = await world.paid.editorClient.post('/api/catalog/inquiries', { productId: draftId, kind: 'question', subject: '下書き', body: 'テスト' });
    expect(draft.statusCode).toBe(404);
    const viewer = await world.paid.viewerClient.post('/api/catalog/inquiries', { productId, kind: 'question', subject: '閲覧者', body: 'テスト' });
    expect(viewer.statusCode).toBe(403);
    const empty = await world.paid.editorClient.post('/api/catalog/inquiries', { productId, kind: 'question', subject: '', body: 'テスト' });
    expect(empty.statusCode).toBe(400);
    const outsider = await world.outsider.client.post('/api/catalog/inquiries', { productId, kind: 'question', subject: '契約外', body: 'テスト' });
    expect(outsider.statusCode).toBe(403);
    const count = await world.tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog.inquiries')).rows[0]!.n);
    expect(count).toBe(0);
  });

  it('sends an inquiry: the asker owns it with the names as they were, the first message goes in, the publisher’s admins and editors are mailed', async () => {
    const longBody = `サンプルを 5 kg お願いできますでしょうか。${'詳細'.repeat(150)}末尾`;
    const res = await world.paid.editorClient.post('/api/catalog/inquiries', { productId, kind: 'sample', subject: 'サンプル依頼（J-300）', body: longBody });
    expect(res.statusCode, res.body).toBe(201);
    const inquiry = res.json().inquiry;
    inquiryId = inquiry.id;
    expect(inquiry).toMatchObject({
      box: 'sent',
      kind: 'sample',
      subject: 'サンプル依頼（J-300）',
      status: 'open',
      product: { id: productId, name: 'トーホーPP J-300' },
      counterpart: { tenantId: world.publisher.tenant.id, name: '東邦樹脂' },
    });

    const row = await world.tdb.db.ownerTransaction(async (tx) => (await tx.query(`SELECT tenant_id, publisher_tenant_id, publisher_name, product_name FROM catalog.inquiries WHERE id = $1`, [inquiryId])).rows[0]);
    expect(row).toEqual({ tenant_id: world.paid.tenant.id, publisher_tenant_id: world.publisher.tenant.id, publisher_name: '東邦樹脂', product_name: 'トーホーPP J-300' });

    const [sent] = await events(world.paid.tenant.id, 'catalog.inquiry.sent');
    expect(sent).toMatchObject({ target_id: inquiryId, details: { publisherTenantId: world.publisher.tenant.id, productId, notified: 2 } });

    for (const user of [world.publisher.admin, world.publisher.editor]) {
      const [mail] = await mailsTo(user.email);
      expect(mail, user.email).toBeDefined();
      expect(mail!.subject).toContain('有料購読株式会社 様から問い合わせが届きました：サンプル依頼（J-300）');
      expect(mail!.text).toContain('製品：トーホーPP J-300');
      expect(mail!.text).toContain('種別：サンプル依頼');
      expect(mail!.text).toContain(`${PUBLIC_URL}/s/catalog/inquiries/${inquiryId}`);
      expect(mail!.text).toContain('Kind: Sample request');
      // The first 200 characters of the message, not the rest.
      expect(mail!.text).toContain([...longBody].slice(0, 200).join(''));
      expect(mail!.text).not.toContain('末尾');
      expect(mail!.text.indexOf('Sotas DB で、')).toBeLessThan(mail!.text.indexOf('sent your company an inquiry'));
    }
    expect(await mailsTo(world.publisher.viewer.email)).toHaveLength(0);
    expect(await mailsTo(world.paid.admin.email)).toHaveLength(0);
  });

  it('lists it as sent for the asker and received for the publisher; a third company sees nothing of it', async () => {
    const sent = (await world.paid.viewerClient.get('/api/catalog/inquiries?box=sent')).json();
    expect(sent.total).toBe(1);
    expect(sent.items[0]).toMatchObject({ id: inquiryId, box: 'sent' });
    expect((await world.paid.viewerClient.get('/api/catalog/inquiries?box=received')).json()).toEqual({ items: [], total: 0 });

    const received = (await world.publisher.viewerClient.get('/api/catalog/inquiries')).json();
    expect(received.total).toBe(1);
    expect(received.items[0]).toMatchObject({ id: inquiryId, box: 'received', counterpart: { tenantId: world.paid.tenant.id, name: '有料購読株式会社' } });
    expect((await world.publisher.viewerClient.get('/api/catalog/inquiries?box=received&status=closed')).json().total).toBe(0);

    expect((await world.free.adminClient.get('/api/catalog/inquiries')).json()).toEqual({ items: [], total: 0 });
    for (const res of [
      await world.free.adminClient.get(`/api/catalog/inquiries/${inquiryId}`),
      await world.free.adminClient.post(`/api/catalog/inquiries/${inquiryId}/messages`, { body: '割り込み' }),
      await world.free.adminClient.post(`/api/catalog/inquiries/${inquiryId}/close`),
      await upload(world.free.adminClient, inquiryId, 'x.txt', Buffer.from('x')),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().error.code).toBe('catalog.inquiry_not_found');
    }
    const thread = await world.publisher.viewerClient.get(`/api/catalog/inquiries/${inquiryId}`);
    expect(thread.statusCode).toBe(200);
    expect(thread.json().messages).toEqual([
      expect.objectContaining({ own: false, authorName: '有料購読株式会社 編集者', companyName: '有料購読株式会社', attachments: [] }),
    ]);
  });

  it('the publisher answers with an attachment: status answered, the asker is mailed and downloads the file, nobody else can', async () => {
    const bytes = Buffer.from('%PDF-1.4 見積書\n', 'utf8');
    const uploaded = await upload(world.publisher.editorClient, inquiryId, '見積書.pdf', bytes);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    publisherFileId = uploaded.json().attachment.fileId;
    expect(uploaded.json().attachment).toMatchObject({ name: '見積書.pdf', bytes: bytes.length });

    // Not sent yet: the asker cannot fetch it.
    expect((await world.paid.viewerClient.get(`/api/catalog/inquiries/${inquiryId}/attachments/${publisherFileId}`)).statusCode).toBe(404);

    world.clock.advance(60_000);
    const reply = await world.publisher.editorClient.post(`/api/catalog/inquiries/${inquiryId}/messages`, { body: 'お見積りを添付します。', attachmentFileIds: [publisherFileId] });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().message).toMatchObject({ own: true, companyName: '東邦樹脂', attachments: [{ fileId: publisherFileId, name: '見積書.pdf', bytes: bytes.length }] });
    expect((await world.paid.viewerClient.get(`/api/catalog/inquiries/${inquiryId}`)).json().inquiry.status).toBe('answered');

    const [mail] = await mailsTo(world.paid.editor.email);
    expect(mail!.subject).toContain('東邦樹脂 様から問い合わせに返信がありました：サンプル依頼（J-300）');
    expect(mail!.text).toContain('お見積りを添付します。');
    expect(mail!.text).toContain(`${PUBLIC_URL}/s/catalog/inquiries/${inquiryId}`);
    expect(await mailsTo(world.paid.viewer.email)).toHaveLength(0);

    const download = await world.paid.viewerClient.get(`/api/catalog/inquiries/${inquiryId}/attachments/${publisherFileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(bytes)).toBe(true);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(await events(world.paid.tenant.id, 'catalog.inquiry.attachment_downloaded')).toHaveLength(1);
    // The file stays the publisher's: the asker's own file route does not know it.
    expect((await world.paid.viewerClient.get(`/api/files/${publisherFileId}`)).statusCode).toBe(404);
    expect((await world.free.adminClient.get(`/api/catalog/inquiries/${inquiryId}/attachments/${publisherFileId}`)).statusCode).toBe(404);

    // A file can go out once, and only from the company that uploaded it for this inquiry.
    const again = await world.publisher.editorClient.post(`/api/catalog/inquiries/${inquiryId}/messages`, { body: '再送', attachmentFileIds: [publisherFileId] });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('catalog.inquiry_attachment_invalid');
    const borrowed = await world.paid.editorClient.post(`/api/catalog/inquiries/${inquiryId}/messages`, { body: '流用', attachmentFileIds: [publisherFileId] });
    expect(borrowed.statusCode).toBe(400);
  });

  it('the asker writes again: status open; its attachment is its own file', async () => {
    const uploaded = await upload(world.paid.editorClient, inquiryId, '仕様書.txt', Buffer.from('仕様'));
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const fileId = uploaded.json().attachment.fileId as string;
    const files = await world.tdb.db.ownerTransaction(async (tx) => (await tx.query(`SELECT tenant_id, service FROM platform.files WHERE id = $1`, [fileId])).rows);
    expect(files).toEqual([{ tenant_id: world.paid.tenant.id, service: 'catalog' }]);

    world.clock.advance(60_000);
    const res = await world.paid.editorClient.post(`/api/catalog/inquiries/${inquiryId}/messages`, { body: '追加で質問です。', attachmentFileIds: [fileId] });
    expect(res.statusCode, res.body).toBe(201);
    const thread = (await world.publisher.viewerClient.get(`/api/catalog/inquiries/${inquiryId}`)).json();
    expect(thread.inquiry.status).toBe('open');
    expect(thread.messages.map((m: { own: boolean; body: string }) => [m.own, m.body.slice(0, 8)])).toEqual([
      [false, 'サンプルを 5 '],
      [true, 'お見積りを添付し'],
      [false, '追加で質問です。'],
    ]);
    const download = await world.publisher.viewerClient.get(`/api/catalog/inquiries/${inquiryId}/attachments/${fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('仕様');
    const messageRows = await world.tdb.db.ownerTransaction(async (tx) => (await tx.query<{ tenant_id: string }>(`SELECT tenant_id FROM catalog.inquiry_messages WHERE inquiry_id = $1 ORDER BY created_at, id`, [inquiryId])).rows);
    expect(messageRows.map((r) => r.tenant_id).sort()).toEqual([world.paid.tenant.id, world.paid.tenant.id, world.publisher.tenant.id].sort());
  });

  it('either side closes it; a closed inquiry takes no message (409 in the user’s language)', async () => {
    // Viewers read the thread but neither write nor close.
    expect((await world.publisher.viewerClient.post(`/api/catalog/inquiries/${inquiryId}/close`)).statusCode).toBe(403);
    expect((await world.paid.viewerClient.post(`/api/catalog/inquiries/${inquiryId}/messages`, { body: '閲覧者から' })).statusCode).toBe(403);
    expect((await upload(world.paid.viewerClient, inquiryId, 'v.txt', Buffer.from('v'))).statusCode).toBe(403);

    const closed = await world.publisher.editorClient.post(`/api/catalog/inquiries/${inquiryId}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().inquiry).toMatchObject({ status: 'closed', box: 'received' });
    expect(await events(world.publisher.tenant.id, 'catalog.inquiry.closed')).toHaveLength(1);

    const ja = await world.paid.editorClient.post(`/api/catalog/inquiries/${inquiryId}/messages`, { body: 'まだ質問があります。' });
    expect(ja.statusCode).toBe(409);
    expect(ja.json().error).toMatchObject({ code: 'catalog.inquiry_closed', message: 'この問い合わせは終了しているため、返信できません。新しい問い合わせを作成してください。' });
    const enClient = await world.clientFor(world.paid.editor, 'en');
    const en = await enClient.post(`/api/catalog/inquiries/${inquiryId}/messages`, { body: 'One more question.' });
    expect(en.json().error.message).toBe('This inquiry is closed, so it cannot be answered. Start a new inquiry.');
    expect((await upload(world.paid.editorClient, inquiryId, 'late.txt', Buffer.from('late'))).statusCode).toBe(409);

    // The asker may close its own too (here: a second inquiry).
    const second = await world.paid.editorClient.post('/api/catalog/inquiries', { productId, kind: 'quote', subject: '見積依頼', body: '100 kg の見積をお願いします。' });
    const secondId = second.json().inquiry.id as string;
    const byAsker = await world.paid.editorClient.post(`/api/catalog/inquiries/${secondId}/close`);
    expect(byAsker.json().inquiry).toMatchObject({ status: 'closed', box: 'sent' });
    expect((await world.publisher.viewerClient.get('/api/catalog/inquiries?status=closed')).json().total).toBe(2);
  });
});
