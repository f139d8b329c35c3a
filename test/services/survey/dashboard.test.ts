import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant, type Tx } from '../../../src/core/db/index.js';
import type { Dashboard } from '../../../src/services/survey/products/dashboard.js';
import type { ProductDetail } from '../../../src/services/survey/products/productSchemas.js';
import type { TestClient } from '../../support/app.js';
import { testDatabaseKind } from '../../support/db.js';
import { openSurveyWorld, type SurveyWorld } from './surveyWorld.js';

function ok<T = Record<string, unknown>>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

interface RequestSeed {
  title: string;
  status: string;
  respondBy: string;
  supplierTenantId?: string;
  supplierEmail?: string;
}

describe(`survey dashboard (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let world: SurveyWorld;
  let R: string;
  let S: string;
  let T: string;
  const ids: Record<string, string> = {};

  /** A request written as its requesting tenant (RLS applies), as the requests area would store it. */
  const request = (tx: Tx, tenantId: string, seed: RequestSeed) =>
    tx
      .query<{ id: string }>(
        `INSERT INTO survey.requests (tenant_id, requester_name, supplier_tenant_id, supplier_name, supplier_email, title, items, format_wanted, respond_by, status,
           sent_at, submitted_at, created_at, updated_at)
         VALUES ($1, '依頼元', $2, '依頼先', $3, $4, $5::jsonb, 'any', $6, $7,
           CASE WHEN $7 <> 'draft' THEN now() END, CASE WHEN $7 IN ('submitted', 'accepted') THEN now() END, now(), now()) RETURNING id`,
        [
          tenantId,
          seed.supplierTenantId ?? null,
          seed.supplierEmail ?? '',
          seed.title,
          JSON.stringify([
            { key: '1', productNumber: 'P-1', name: '部品1', supplierProductNumber: '' },
            { key: '2', productNumber: 'P-2', name: '部品2', supplierProductNumber: '' },
          ]),
          seed.respondBy,
          seed.status,
        ],
      )
      .then((r) => r.rows[0]!.id);

  const dashboardOf = async (client: TestClient) => ok<Dashboard>(await client.get('/api/survey/dashboard'));
  const titles = (items: { title: string }[]) => items.map((i) => i.title).sort();

  beforeAll(async () => {
    world = await openSurveyWorld(); // 2026-11-26 10:00 JST
    R = world.requester.tenant.id;
    S = world.supplier.tenant.id;
    T = world.third.tenant.id;
    const db = world.tdb.db;
    await withTenant(db, R, async (tx) => {
      ids.sent = await request(tx, R, { title: 'R→S 送信済み', status: 'sent', respondBy: '2026-12-10', supplierTenantId: S });
      ids.late = await request(tx, R, { title: 'R→S 回答中・期限切れ', status: 'answering', respondBy: '2026-11-20', supplierTenantId: S });
      ids.submitted = await request(tx, R, { title: 'R→S 回答済み', status: 'submitted', respondBy: '2026-11-01', supplierTenantId: S });
      ids.accepted = await request(tx, R, { title: 'R→S 受理済み', status: 'accepted', respondBy: '2026-11-01', supplierTenantId: S });
      ids.cancelled = await request(tx, R, { title: 'R→S 取消', status: 'cancelled', respondBy: '2026-11-01', supplierTenantId: S });
      ids.draft = await request(tx, R, { title: 'R→S 下書き', status: 'draft', respondBy: '2026-12-20', supplierTenantId: S });
      ids.outside = await request(tx, R, { title: 'R→社外 今日が期限', status: 'sent', respondBy: '2026-11-26', supplierEmail: 'sales@outside.example' });
    });
    await withTenant(db, T, async (tx) => {
      ids.tToS = await request(tx, T, { title: 'T→S 送信済み', status: 'returned', respondBy: '2026-12-01', supplierTenantId: S });
      ids.tToR = await request(tx, T, { title: 'T→R 送信済み', status: 'sent', respondBy: '2026-11-25', supplierTenantId: R });
    });
    // The supplier's answers: one in its own review, one sent to R's submitted request.
    await withTenant(db, S, async (tx) => {
      await tx.query(
        `INSERT INTO survey.responses (tenant_id, request_id, request_tenant_id, status, drafted_by, created_at, updated_at) VALUES ($1, $2, $3, 'in_review', $4, now(), now())`,
        [S, ids.late, R, world.supplier.member.id],
      );
      await tx.query(
        `INSERT INTO survey.responses (tenant_id, request_id, request_tenant_id, status, drafted_by, authorizer_user_id, approved_at, sent_at, created_at, updated_at)
         VALUES ($1, $2, $3, 'sent', $4, $5, now(), now(), now(), now())`,
        [S, ids.submitted, R, world.supplier.member.id, world.supplier.reviewer.id],
      );
    });
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('shows the requester its open, overdue and incoming requests and the answers waiting for it', async () => {
    const d = await dashboardOf(world.requester.reviewerClient);
    expect(titles(d.outgoingOpen)).toEqual(['R→S 回答中・期限切れ', 'R→S 回答済み', 'R→S 送信済み', 'R→社外 今日が期限']);
    expect(titles(d.incomingOpen)).toEqual(['T→R 送信済み']);
    expect(titles(d.overdue)).toEqual(['R→S 回答中・期限切れ', 'T→R 送信済み']);
    expect(d.counts).toEqual({ outgoingOpen: 4, incomingOpen: 1, overdue: 2, affected: 0, awaitingReview: 1 });
    expect(d.outgoingOpen.find((r) => r.id === ids.outside)).toMatchObject({
      box: 'outgoing',
      supplierKind: 'outside',
      status: 'sent',
      respondBy: '2026-11-26',
      overdue: false,
      itemCount: 2,
      submittedAt: null,
    });
    expect(d.overdue.find((r) => r.id === ids.late)).toMatchObject({ box: 'outgoing', supplierKind: 'tenant', overdue: true });
    expect(d.incomingOpen[0]).toMatchObject({ id: ids.tToR, box: 'incoming', overdue: true });
  });

  it('shows the supplier what it must answer and its own answer in review, and nothing of others', async () => {
    const d = await dashboardOf(world.supplier.memberClient);
    expect(d.outgoingOpen).toEqual([]);
    expect(titles(d.incomingOpen)).toEqual(['R→S 回答中・期限切れ', 'R→S 送信済み', 'T→S 送信済み']);
    expect(titles(d.overdue)).toEqual(['R→S 回答中・期限切れ']);
    expect(d.counts).toEqual({ outgoingOpen: 0, incomingOpen: 3, overdue: 1, affected: 0, awaitingReview: 1 });
    const third = await dashboardOf(world.third.memberClient);
    expect(third.counts).toEqual({ outgoingOpen: 2, incomingOpen: 0, overdue: 1, affected: 0, awaitingReview: 0 });
    expect(titles(third.overdue)).toEqual(['T→R 送信済み']);
  });

  it('lists the products hit on the newest version of each live list: above threshold or changed, not yet acknowledged', async () => {
    const create = async (productNumber: string) =>
      ok<{ product: ProductDetail }>(await world.requester.memberClient.post('/api/survey/products', { productNumber, name: `部品 ${productNumber}` }), 201).product.id;
    const [above, changed, acknowledged, oldOnly, fine] = [await create('A-1'), await create('A-2'), await create('A-3'), await create('A-4'), await create('A-5')];
    await world.tdb.db.ownerTransaction(async (tx) => {
      const list = async (code: string, archived = false) =>
        (await tx.query<{ id: string }>(`INSERT INTO survey.substance_lists (tenant_id, code, name, archived, created_at, updated_at) VALUES ($1, $2, $3, $4, now(), now()) RETURNING id`, [R, code, `${code} リスト`, archived])).rows[0]!.id;
      const version = async (listId: string, no: number) =>
        (await tx.query<{ id: string }>(`INSERT INTO survey.list_versions (tenant_id, list_id, version_no, label, loaded_at) VALUES ($1, $2, $3, $4, now()) RETURNING id`, [R, listId, no, `第${no}版`])).rows[0]!.id;
      const result = (productId: string, listId: string, versionId: string, outcome: string, changedFlag: boolean, acknowledgedAt: string | null = null) =>
        tx.query(
          `INSERT INTO survey.check_results (tenant_id, subject_kind, subject_id, list_id, list_version_id, outcome, changed, acknowledged_at, checked_at)
           VALUES ($1, 'product', $2, $3, $4, $5, $6, $7, now())`,
          [R, productId, listId, versionId, outcome, changedFlag, acknowledgedAt],
        );
      const svhc = await list('SVHC');
      const v1 = await version(svhc, 1);
      const v2 = await version(svhc, 2);
      const archived = await list('OLD', true);
      const av = await version(archived, 1);
      await result(above, svhc, v2, 'above_threshold', false);
      await result(changed, svhc, v2, 'compliant', true);
      await result(acknowledged, svhc, v2, 'above_threshold', true, '2026-11-25T00:00:00Z');
      await result(oldOnly, svhc, v1, 'above_threshold', false);
      await result(oldOnly, svhc, v2, 'compliant', false);
      await result(fine, archived, av, 'above_threshold', false);
    });
    const d = await dashboardOf(world.requester.memberClient);
    expect(d.counts.affected).toBe(2);
    expect(d.affected).toEqual([
      { productId: changed, productNumber: 'A-2', name: '部品 A-2', listCode: 'SVHC', listName: 'SVHC リスト', versionLabel: '第2版', outcome: 'compliant', changed: true },
      { productId: above, productNumber: 'A-1', name: '部品 A-1', listCode: 'SVHC', listName: 'SVHC リスト', versionLabel: '第2版', outcome: 'above_threshold', changed: false },
    ]);
    // Another company sees none of it.
    expect((await dashboardOf(world.supplier.memberClient)).affected).toEqual([]);
  });

  it('needs survey:read', async () => {
    expect([403, 404]).toContain((await world.outsider.client.get('/api/survey/dashboard')).statusCode);
  });

  it('counts days in Japan: a respond-by date of today turns overdue at midnight JST, not UTC', async () => {
    // Sessions idle out over the hours skipped, so each moment signs in afresh.
    world.clock.set('2026-11-26T14:59:00Z'); // 23:59 JST on the 26th
    expect((await dashboardOf(await world.clientFor(world.requester.member))).overdue.map((r) => r.id)).not.toContain(ids.outside);
    world.clock.set('2026-11-26T15:00:00Z'); // 00:00 JST on the 27th
    const d = await dashboardOf(await world.clientFor(world.requester.member));
    expect(d.overdue.find((r) => r.id === ids.outside)).toMatchObject({ overdue: true });
    expect(d.counts.overdue).toBe(3);
  });
});
