import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { buildTenant, buildUser, type BuiltTenant } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { bootstrapAndSignInStaff, buildStaff, signInStaff } from '../support/staff.js';

describe(`staff switch a tenant's MFA requirement on request (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let tenant: BuiltTenant;
  let operator: TestClient;
  const clock = new ManualClock('2026-11-27T01:00:00Z');

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
    tenant = await buildTenant(tdb.db);
    operator = (await bootstrapAndSignInStaff(app, tdb.db, clock)).client;
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('records the change with the request reference in both logs', async () => {
    const res = await operator.request('PUT', `/api/ops/tenants/${tenant.id}/mfa-required`, { required: true, requestReference: 'REQ-2026-118' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ mfaRequired: true, changed: true });
    const rows = await tdb.db.ownerTransaction(async (tx) => ({
      setting: (await tx.query<{ mfa_required: boolean }>('SELECT mfa_required FROM platform.tenant_settings WHERE tenant_id = $1', [tenant.id])).rows[0],
      op: (await tx.query<{ details: { requestReference: string }; customer_id: string }>(`SELECT details, customer_id FROM audit.operator_events WHERE action = 'ops.tenant.mfa_policy_changed'`)).rows,
      tenantLog: (await tx.query<{ actor_type: string }>(`SELECT actor_type FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'tenant.mfa_policy.changed'`, [tenant.id])).rows,
    }));
    expect(rows.setting?.mfa_required).toBe(true);
    expect(rows.op).toEqual([expect.objectContaining({ customer_id: tenant.id, details: expect.objectContaining({ requestReference: 'REQ-2026-118' }) })]);
    expect(rows.tenantLog).toEqual([{ actor_type: 'staff' }]);
  });

  it('requires a request reference, and answers an unknown tenant with 404', async () => {
    const missing = await operator.request('PUT', `/api/ops/tenants/${tenant.id}/mfa-required`, { required: false });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.requestReference).toBeDefined();
    const unknown = await operator.request('PUT', '/api/ops/tenants/00000000-0000-4000-8000-000000000000/mfa-required', { required: false, requestReference: 'x' });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses read-only auditors (403) and tenant users (404)', async () => {
    const auditor = await signInStaff(app, clock, await buildStaff(tdb.db, ['auditor']));
    expect((await auditor.client.request('PUT', `/api/ops/tenants/${tenant.id}/mfa-required`, { required: false, requestReference: 'x' })).statusCode).toBe(403);
    const other = await buildTenant(tdb.db);
    const user = await buildUser(tdb.db, other);
    const client = new TestClient(app);
    expect((await client.login(other.code, user.email, user.password)).json().user.id).toBe(user.id);
    expect((await client.request('PUT', `/api/ops/tenants/${tenant.id}/mfa-required`, { required: false, requestReference: 'x' })).statusCode).toBe(404);
  });
});
