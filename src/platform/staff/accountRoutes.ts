import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { withoutTenant } from '../../core/db/index.js';
import { createRegistrar, originOf, requireStaff, type ModuleDeps } from '../http/index.js';
import { staffSetupSchema } from '../identity/index.js';
import { jstDate } from '../tenancy/index.js';
import { isStaffPermission, STAFF_PERMISSIONS, STAFF_ROLES, type StaffPermission } from './roles.js';
import type { StaffActor } from './sessions.js';
import {
  changeStaffRoles,
  changeStaffRolesSchema,
  disableStaff,
  enableStaff,
  inviteStaff,
  inviteStaffSchema,
  resendStaffSetupLink,
  resetStaffMfa,
  unlockStaff,
  type StaffCommander,
} from './staffCommands.js';
import { completeInvitedStaffSetup } from './staffInvitations.js';
import { rolesCanManageStaff, staffActionsFor } from './staffPolicy.js';
import { activeSecurityOfficerIds, findStaffAccount, listStaffAccounts, type StaffAccount } from './staffQueries.js';
import { deleteTraining, listTraining, recordTraining, trainingRecordSchema, type TrainingRecord } from './training.js';

const staffParams = z.object({ staffId: z.uuid() });
const trainingParams = z.object({ staffId: z.uuid(), recordId: z.uuid() });
const noBody = z.strictObject({});

function commander(staff: StaffActor): StaffCommander {
  return { staffId: staff.staffId, displayName: staff.displayName };
}

function presentAccount(account: StaffAccount, actor: StaffActor, activeOfficers: number) {
  return {
    id: account.id,
    email: account.email,
    displayName: account.displayName,
    roles: account.roles,
    status: account.status,
    mfaEnrolled: account.mfaEnrolled,
    locked: account.locked,
    lockedUntil: account.lockedUntil?.toISOString() ?? null,
    lastSignInAt: account.lastSignInAt?.toISOString() ?? null,
    createdAt: account.createdAt.toISOString(),
    setupExpiresAt: account.setupExpiresAt?.toISOString() ?? null,
    overdueTraining: account.overdueTraining,
    self: account.id === actor.staffId,
    actions: staffActionsFor(actor, account, activeOfficers),
  };
}

function presentTraining(record: TrainingRecord) {
  return { ...record, createdAt: record.createdAt.toISOString() };
}

/** The staff roles with their names and permissions, for the console's role pickers and help. */
function roleCatalog() {
  return Object.entries(STAFF_ROLES).map(([id, role]) => ({
    id,
    name: role.name,
    permissions: role.permissions.map((p: StaffPermission) => ({ id: p, name: STAFF_PERMISSIONS[p] })),
  }));
}

/**
 * Staff accounts and training records in the operator console (7.2.2, 9.2.x for staff):
 * security officers invite staff, change roles, disable, reset authenticators and unlock;
 * every change is in the operator work log. Invited staff set their password through the
 * one-time setup link of the first-staff flow, generalised to invitations.
 */
export function registerStaffAccountRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const { db, clock, config } = deps;
  const commandDeps = { db, clock, publicUrl: config.http.publicUrl };
  const r = createRegistrar(app, { permissionExists: (p) => p === 'ops:self' || isStaffPermission(p) });
  const today = () => jstDate(clock.now());

  r.route({
    method: 'GET',
    url: '/api/ops/staff',
    summary: 'Staff accounts with roles, status, MFA, lockout and last sign-in, and what the caller may do to each',
    tags: ['ops'],
    access: { staff: 'ops:staff:read' },
    audit: { readOnly: true },
    async handler(request) {
      const staff = requireStaff(request);
      return withoutTenant(db, async (tx) => {
        const officers = await activeSecurityOfficerIds(tx);
        const accounts = await listStaffAccounts(tx, clock.now(), today());
        return {
          staff: accounts.map((a) => presentAccount(a, staff, officers.length)),
          roles: roleCatalog(),
          canManage: rolesCanManageStaff(staff.roles),
        };
      });
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/staff/:staffId',
    summary: 'One staff account with its training records',
    tags: ['ops'],
    access: { staff: 'ops:staff:read' },
    audit: { readOnly: true },
    schema: { params: staffParams },
    async handler(request) {
      const staff = requireStaff(request);
      return withoutTenant(db, async (tx) => {
        const account = await findStaffAccount(tx, request.params.staffId, clock.now(), today());
        if (!account) throw new AppError('not_found');
        const officers = await activeSecurityOfficerIds(tx);
        const training = await listTraining(tx, account.id, today());
        return { staff: presentAccount(account, staff, officers.length), training: training.map(presentTraining), roles: roleCatalog() };
      });
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/training',
    summary: 'The signed-in staff member’s own training records',
    tags: ['ops'],
    access: { staff: 'ops:self' },
    audit: { readOnly: true },
    async handler(request) {
      const staff = requireStaff(request);
      const training = await withoutTenant(db, (tx) => listTraining(tx, staff.staffId, today()));
      return { training: training.map(presentTraining) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/staff',
    summary: 'Create a staff account; the new staff member gets a one-time setup link by mail',
    tags: ['ops'],
    access: { staff: 'ops:staff:manage' },
    audit: { action: 'ops.staff.invited' },
    schema: { body: inviteStaffSchema },
    async handler(request, reply) {
      const created = await inviteStaff(commandDeps, commander(requireStaff(request)), request.body, originOf(request));
      return reply.status(201).send({ staff: { id: created.id, setupExpiresAt: created.setupExpiresAt.toISOString() } });
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/staff/:staffId/setup-link',
    summary: 'Send an invited staff member a new setup link (the earlier one stops working)',
    tags: ['ops'],
    access: { staff: 'ops:staff:manage' },
    audit: { action: 'ops.staff.setup_link_resent' },
    schema: { params: staffParams, body: z.strictObject({ lang: z.enum(['ja', 'en']).default('ja') }) },
    async handler(request) {
      const sent = await resendStaffSetupLink(commandDeps, commander(requireStaff(request)), request.params.staffId, request.body.lang, originOf(request));
      return { setupExpiresAt: sent.setupExpiresAt.toISOString() };
    },
  });

  r.route({
    method: 'PUT',
    url: '/api/ops/staff/:staffId/roles',
    summary: 'Change a staff member’s roles (not one’s own staff management; the last security officer stays)',
    tags: ['ops'],
    access: { staff: 'ops:staff:manage' },
    audit: { action: 'ops.staff.roles_changed' },
    schema: { params: staffParams, body: changeStaffRolesSchema },
    async handler(request) {
      return changeStaffRoles(commandDeps, commander(requireStaff(request)), request.params.staffId, request.body.roles, originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/staff/:staffId/disable',
    summary: 'Disable a staff account: its sessions end at once (not one’s own; not the last security officer)',
    tags: ['ops'],
    access: { staff: 'ops:staff:manage' },
    audit: { action: 'ops.staff.disabled' },
    schema: { params: staffParams, body: noBody },
    async handler(request) {
      return disableStaff(commandDeps, commander(requireStaff(request)), request.params.staffId, originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/staff/:staffId/enable',
    summary: 'Enable a disabled staff account again',
    tags: ['ops'],
    access: { staff: 'ops:staff:manage' },
    audit: { action: 'ops.staff.enabled' },
    schema: { params: staffParams, body: noBody },
    async handler(request) {
      return enableStaff(commandDeps, commander(requireStaff(request)), request.params.staffId, originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/staff/:staffId/mfa-reset',
    summary: 'Remove a staff member’s authenticator: sessions end and the next sign-in enrols a new one',
    tags: ['ops'],
    access: { staff: 'ops:staff:manage' },
    audit: { action: 'ops.staff.mfa_reset' },
    schema: { params: staffParams, body: noBody },
    async handler(request) {
      return resetStaffMfa(commandDeps, commander(requireStaff(request)), request.params.staffId, originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/staff/:staffId/unlock',
    summary: 'Lift a staff account’s lockout before it runs out',
    tags: ['ops'],
    access: { staff: 'ops:staff:manage' },
    audit: { action: 'ops.staff.unlocked' },
    schema: { params: staffParams, body: noBody },
    async handler(request, reply) {
      await unlockStaff(commandDeps, commander(requireStaff(request)), request.params.staffId, originOf(request));
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/staff/:staffId/training',
    summary: 'Record a training a staff member took (7.2.2)',
    tags: ['ops'],
    access: { staff: 'ops:staff:manage' },
    audit: { action: 'ops.staff.training_recorded' },
    schema: { params: staffParams, body: trainingRecordSchema },
    async handler(request, reply) {
      const created = await recordTraining(commandDeps, commander(requireStaff(request)), request.params.staffId, request.body, originOf(request));
      return reply.status(201).send({ training: created });
    },
  });

  r.route({
    method: 'DELETE',
    url: '/api/ops/staff/:staffId/training/:recordId',
    summary: 'Delete a mistaken training record',
    tags: ['ops'],
    access: { staff: 'ops:staff:manage' },
    audit: { action: 'ops.staff.training_deleted' },
    schema: { params: trainingParams },
    async handler(request, reply) {
      await deleteTraining(commandDeps, commander(requireStaff(request)), request.params.staffId, request.params.recordId, originOf(request));
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'POST',
    url: '/api/setup/staff/invited',
    summary: 'An invited staff member sets their password through their one-time setup link',
    tags: ['setup'],
    access: { public: 'the one-time setup link mailed to the invited staff member is itself the credential' },
    audit: { action: 'ops.staff.setup_completed' },
    rateLimitPerMinute: 10,
    schema: {
      body: staffSetupSchema,
      response: { 201: z.object({ staff: z.object({ id: z.uuid(), email: z.string(), displayName: z.string() }) }) },
    },
    async handler(request, reply) {
      const staff = await completeInvitedStaffSetup(db, clock, request.body, originOf(request));
      return reply.status(201).send({ staff });
    },
  });
}
