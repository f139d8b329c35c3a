import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant, withoutTenant } from '../../src/core/db/index.js';
import {
  auditKeysDir,
  deploymentSigner,
  readTrustedKeys,
  recordOperatorEvent,
  recordTenantEvent,
  runRetention,
  verifyStoredChain,
  type ChainRef,
} from '../../src/platform/audit/index.js';
import { buildTenant, type BuiltTenant } from '../support/factories.js';
import { createTestApp } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { signInStaff } from '../support/seeders/audit.js';

const DAY = 86_400_000;
const T0 = new Date('2026-01-01T00:00:00Z').getTime();
const day = (n: number) => new Date(T0 + n * DAY);

describe(`retention: a scheduled job removes exactly what expired, never what is on hold, and leaves verifiable chains (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let a: BuiltTenant;
  let b: BuiltTenant;
  let officer: Awaited<ReturnType<typeof signInStaff>>;
  const clock = new ManualClock(day(0));

  const ids = (tenantId: string) =>
    tdb.db.ownerTransaction(async (tx) => (await tx.query<{ seq: number }>('SELECT seq::int AS seq FROM audit.tenant_events WHERE tenant_id = $1 ORDER BY seq', [tenantId])).rows.map((r) => r.seq));
  const verify = (ref: ChainRef) => verifyStoredChain(tdb.db, ref, readTrustedKeys(auditKeysDir(app.config)));
  const retention = () => runRetention(tdb.db, clock, deploymentSigner(app.config)());
  /** Keeps the officer's staff session alive across the jumps of the clock. */
  const signIn = async () => {
    officer = await signInStaff(app, clock, { roles: ['security_officer'] });
  };

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
    a = await buildTenant(tdb.db);
    b = await buildTenant(tdb.db);
    // One event a day for ten days in each tenant's log and in the operator log.
    for (let n = 0; n < 10; n++) {
      clock.set(day(n));
      for (const t of [a, b]) {
        await withTenant(tdb.db, t.id, (tx) => recordTenantEvent(tx, clock, t.id, {}, { actor: { type: 'system' }, action: 'test.daily', result: 'success', details: { n } }));
      }
      await withoutTenant(tdb.db, (tx) => recordOperatorEvent(tx, clock, {}, { actor: { type: 'system' }, action: 'ops.test.daily', result: 'success', details: { n } }));
    }
    clock.set(day(12));
    await signIn();
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.close();
  });

  it('lets only retention managers set a period, with a reason, within bounds', async () => {
    const operator = await signInStaff(app, clock, { roles: ['operator'] });
    expect((await operator.client.request('PUT', '/api/ops/retention/policies/tenant_events', { retainDays: 5, reason: 'test' })).statusCode).toBe(403);
    const bad = await officer.client.request('PUT', '/api/ops/retention/policies/tenant_events', { retainDays: 0, reason: 'test' });
    expect(bad.statusCode).toBe(400);
    expect((await officer.client.request('PUT', '/api/ops/retention/policies/nothing', { retainDays: 5, reason: 'x' })).statusCode).toBe(400);
    const ok = await officer.client.request('PUT', '/api/ops/retention/policies/tenant_events', { retainDays: 5, reason: '検証用に短縮' });
    expect(ok.statusCode).toBe(204);
    const listed = (await officer.client.get('/api/ops/retention')).json();
    expect(listed.policies.find((p: { recordType: string }) => p.recordType === 'tenant_events')).toMatchObject({ retainDays: 5, reason: '検証用に短縮', changedByName: '運用 太郎' });
    expect(listed.policies.map((p: { recordType: string }) => p.recordType)).toEqual(['tenant_events', 'operator_events', 'incident_records', 'evidence_exports', 'disclosure_records']);
  });

  it('removes exactly the entries older than the period and keeps the rest verifiable', async () => {
    const hold = await officer.client.post('/api/ops/legal-holds', { recordType: 'tenant_events', customerId: b.id, from: day(2).toISOString(), until: day(4).toISOString(), reason: '訴訟対応（事件番号 令和8年(ワ)第123号）' });
    expect(hold.statusCode).toBe(201);
    // Day 12 with five days kept: the cutoff is day 7, so days 0..6 (entries 1..7) have expired.
    const result = await retention();
    expect(await ids(a.id)).toEqual([8, 9, 10]);
    expect(result.tenantEvents).toBe(7 + 2);
    const report = await verify({ kind: 'tenant', tenantId: a.id });
    expect(report).toMatchObject({ ok: true, firstSeq: 8, lastSeq: 10 });
    await withTenant(tdb.db, a.id, (tx) => recordTenantEvent(tx, clock, a.id, {}, { actor: { type: 'system' }, action: 'test.after', result: 'success' }));
    expect(await verify({ kind: 'tenant', tenantId: a.id })).toMatchObject({ ok: true, firstSeq: 8, lastSeq: 11 });
  });

  it('never deletes entries under a legal hold, nor any entry after them', async () => {
    // Tenant B's days 2 and 3 are on hold: only days 0 and 1 went.
    expect(await ids(b.id)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await verify({ kind: 'tenant', tenantId: b.id })).ok).toBe(true);
    const holdId = (await officer.client.get('/api/ops/retention')).json().holds[0].id as string;
    expect((await officer.client.post(`/api/ops/legal-holds/${holdId}/release`, { reason: '判決確定' })).statusCode).toBe(204);
    expect((await officer.client.post(`/api/ops/legal-holds/${holdId}/release`, { reason: '判決確定' })).statusCode).toBe(409);
    await retention();
    expect(await ids(b.id)).toEqual([8, 9, 10]);
    expect((await verify({ kind: 'tenant', tenantId: b.id })).ok).toBe(true);
  });

  it('applies the operator log’s own period and a hold over the whole operator log', async () => {
    const hold = (await officer.client.post('/api/ops/legal-holds', { recordType: 'operator_events', reason: '監査法人による調査' })).json().id as string;
    await officer.client.request('PUT', '/api/ops/retention/policies/operator_events', { retainDays: 3, reason: '検証用に短縮' });
    await retention();
    const operator = await verify({ kind: 'operator' });
    expect(operator).toMatchObject({ ok: true, firstSeq: 1 });
    await officer.client.post(`/api/ops/legal-holds/${hold}/release`, { reason: '調査終了' });
    await retention();
    const after = await verify({ kind: 'operator' });
    expect(after.ok).toBe(true);
    // Day 12 with three days kept: days 0..8 (entries 1..9) expired.
    expect(after.firstSeq).toBe(10);
  });

  it('runs as the daily job, and removes expired disclosure records', async () => {
    await officer.client.post('/api/ops/disclosures', {
      customerId: a.id,
      requestedBy: '警視庁',
      legalBasis: '刑事訴訟法第197条第2項',
      receivedAt: day(1).toISOString(),
      disclosedItems: '該当なし',
    });
    await officer.client.request('PUT', '/api/ops/retention/policies/disclosure_records', { retainDays: 5, reason: '検証用に短縮' });
    clock.set(day(14));
    const before = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.operator_events WHERE action = 'ops.retention.applied'`)).rows[0]!.n);
    expect(await app.jobs.drain()).toBeGreaterThan(0);
    const runs = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ details: { disclosureRecords: number } }>(`SELECT details FROM audit.operator_events WHERE action = 'ops.retention.applied' ORDER BY seq`)).rows,
    );
    expect(runs.length).toBe(before + 1);
    expect(runs.at(-1)!.details.disclosureRecords).toBe(1);
    for (const ref of [{ kind: 'operator' as const }, { kind: 'tenant' as const, tenantId: a.id }, { kind: 'tenant' as const, tenantId: b.id }]) {
      expect((await verify(ref)).ok, JSON.stringify(ref)).toBe(true);
    }
  });

  it('refuses, in the database, a deletion the policy does not allow', async () => {
    const sqlState = async (sql: string, params: unknown[]) => {
      try {
        await withTenant(tdb.db, a.id, (tx) => tx.query(sql, params));
        return undefined;
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    // The job at day 14 kept days 9 and after (entries 10 and 11). No retention checkpoint is
    // sealed over entry 10, and it is not old enough anyway.
    expect(await ids(a.id)).toEqual([10, 11]);
    expect(await sqlState('SELECT audit.purge_tenant_segment($1, 10, $2)', [a.id, day(14)])).toBe('23514');
    // Another tenant's chain from this tenant's transaction.
    expect(await sqlState('SELECT audit.purge_tenant_segment($1, 10, $2)', [b.id, day(14)])).toBe('42501');
    expect(await sqlState('DELETE FROM audit.tenant_events WHERE tenant_id = $1', [a.id])).toBe('42501');
    expect(await ids(a.id)).toEqual([10, 11]);
  });
});
