import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import type { Database } from '../../src/core/db/index.js';
import { addSurveyMember, changeSurveyRole, deleteSurveyMember, type StaffActorRef } from '../../src/platform/members/index.js';
import { ServiceRegistry } from '../../src/platform/services/index.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

const STAFF: StaffActorRef = { type: 'staff', id: '5c1e2d3f-4a5b-4c6d-8e7f-901a2b3c4d5e', name: '運用 花子' };
const env = { registry: new ServiceRegistry(SERVICES), publicUrl: 'https://app.example.jp' };
const origin = { ip: '10.0.0.7', requestId: 'req-staff-1' };

describe(`survey members are managed by staff only (9.2.1, 12.4.3) (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let db: Database;
  let tenant: BuiltTenant;
  let orgAdmin: BuiltUser;
  const clock = new ManualClock('2026-11-26T01:00:00.000Z');

  beforeAll(async () => {
    tdb = await openTestDatabase();
    db = tdb.db;
    tenant = await buildTenant(db);
    orgAdmin = await buildUser(db, tenant, { memberships: [{ service: 'survey', role: 'org_admin' }] });
  });
  afterAll(async () => tdb.close());

  const logs = (target: string) =>
    db.ownerTransaction(async (tx) => ({
      tenant: (await tx.query<{ action: string; actor_type: string; actor_id: string; details: Record<string, unknown> }>(
        'SELECT action, actor_type, actor_id, details FROM audit.tenant_events WHERE tenant_id = $1 AND target_id = $2 ORDER BY occurred_at, action', [tenant.id, target])).rows,
      operator: (await tx.query<{ action: string; customer_id: string; details: Record<string, unknown> }>(
        'SELECT action, customer_id, details FROM audit.operator_events WHERE target_id = $1 ORDER BY occurred_at, action', [target])).rows,
    }));
  const memberships = (userId: string) =>
    db.ownerTransaction(async (tx) => (await tx.query('SELECT service, role FROM platform.memberships WHERE user_id = $1 ORDER BY service', [userId])).rows);
  const outbox = () => db.ownerTransaction(async (tx) => (await tx.query<{ to_address: string; template: string }>('SELECT to_address, template FROM ops.mail_outbox ORDER BY created_at')).rows);

  it('records every staff change in the tenant log (actor: staff) and the operator log, with the request reference', async () => {
    const added = await addSurveyMember(db, clock, { tenantId: tenant.id, email: 'member@supplier.example.jp', displayName: '調査 一郎', role: 'org_member', lang: 'ja', requestRef: 'R-100' }, STAFF, origin, env);
    clock.advance(1_000);
    expect(await changeSurveyRole(db, clock, { tenantId: tenant.id, userId: added.userId, role: 'org_reviewer', requestRef: 'R-101' }, STAFF, origin, env)).toEqual({ from: 'org_member', to: 'org_reviewer' });
    expect(await memberships(added.userId)).toEqual([{ service: 'survey', role: 'org_reviewer' }]);
    clock.advance(1_000);
    expect(await deleteSurveyMember(db, clock, { tenantId: tenant.id, userId: added.userId, requestRef: 'R-102' }, STAFF, origin, env)).toEqual({ userDeleted: true });

    const { tenant: tenantLog, operator } = await logs(added.userId);
    expect(tenantLog.map((e) => [e.action, e.actor_type, e.actor_id, e.details.requestRef])).toEqual([
      ['tenant.member.created', 'staff', STAFF.id, 'R-100'],
      ['tenant.member.role_changed', 'staff', STAFF.id, 'R-101'],
      ['tenant.member.deleted', 'staff', STAFF.id, 'R-102'],
      ['tenant.member.removed', 'staff', STAFF.id, 'R-102'],
    ]);
    expect(operator.map((e) => [e.action, e.customer_id, e.details.requestRef])).toEqual([
      ['ops.tenant_member.created', tenant.id, 'R-100'],
      ['ops.tenant_member.role_changed', tenant.id, 'R-101'],
      ['ops.tenant_member.deleted', tenant.id, 'R-102'],
      ['ops.tenant_member.removed', tenant.id, 'R-102'],
    ]);
    const users = await db.ownerTransaction(async (tx) => (await tx.query('SELECT id FROM platform.users WHERE id = $1', [added.userId])).rows);
    expect(users).toEqual([]);
  });

  it('gives an existing user the survey role without a new password or mail; refuses a second survey role', async () => {
    const existing = await buildUser(db, tenant, { email: 'koutei@own.example.jp', memberships: [{ service: 'process', role: 'member' }] });
    const mailsBefore = (await outbox()).length;
    const result = await addSurveyMember(db, clock, { tenantId: tenant.id, email: 'KOUTEI@own.example.jp', displayName: '無視される名前', role: 'org_member', lang: 'ja', requestRef: 'R-200' }, STAFF, origin, env);
    expect(result).toEqual({ userId: existing.id, newUser: false, temporaryPasswordExpiresAt: null });
    expect(await memberships(existing.id)).toEqual([{ service: 'process', role: 'member' }, { service: 'survey', role: 'org_member' }]);
    expect((await outbox()).length).toBe(mailsBefore);
    await expect(addSurveyMember(db, clock, { tenantId: tenant.id, email: 'koutei@own.example.jp', displayName: 'x', role: 'org_admin', lang: 'ja', requestRef: 'R-201' }, STAFF, origin, env)).rejects.toMatchObject({ code: 'members.already_member' });
    // Removing the survey role keeps a user who still has another service.
    expect(await deleteSurveyMember(db, clock, { tenantId: tenant.id, userId: existing.id, requestRef: 'R-202' }, STAFF, origin, env)).toEqual({ userDeleted: false });
  });

  it('keeps the last org admin even for staff', async () => {
    await expect(changeSurveyRole(db, clock, { tenantId: tenant.id, userId: orgAdmin.id, role: 'org_member', requestRef: 'R-300' }, STAFF, origin, env)).rejects.toMatchObject({ code: 'members.last_admin' });
    await expect(deleteSurveyMember(db, clock, { tenantId: tenant.id, userId: orgAdmin.id, requestRef: 'R-301' }, STAFF, origin, env)).rejects.toMatchObject({ code: 'members.last_admin' });
    expect(await memberships(orgAdmin.id)).toEqual([{ service: 'survey', role: 'org_admin' }]);
  });

  it('refuses unknown roles, tenants without a survey contract, and another tenant’s user', async () => {
    const base = { tenantId: tenant.id, email: 'new@supplier.example.jp', displayName: '新規', lang: 'ja' as const, requestRef: 'R-400' };
    await expect(addSurveyMember(db, clock, { ...base, role: 'admin' }, STAFF, origin, env)).rejects.toMatchObject({ statusCode: 400 });
    const noSurvey = await buildTenant(db, { services: ['process'] });
    await expect(addSurveyMember(db, clock, { ...base, tenantId: noSurvey.id, role: 'org_member' }, STAFF, origin, env)).rejects.toMatchObject({ code: 'members.service_not_contracted' });
    const other = await buildTenant(db);
    const stranger = await buildUser(db, other, { memberships: [{ service: 'survey', role: 'org_member' }] });
    await expect(changeSurveyRole(db, clock, { tenantId: tenant.id, userId: stranger.id, role: 'org_reviewer', requestRef: 'R-401' }, STAFF, origin, env)).rejects.toMatchObject({ code: 'not_found' });
    await expect(deleteSurveyMember(db, clock, { tenantId: tenant.id, userId: stranger.id, requestRef: 'R-402' }, STAFF, origin, env)).rejects.toMatchObject({ code: 'not_found' });
    expect(await memberships(stranger.id)).toEqual([{ service: 'survey', role: 'org_member' }]);
    const mails = (await outbox()).filter((m) => m.to_address === 'new@supplier.example.jp');
    expect(mails).toEqual([]);
  });
});
