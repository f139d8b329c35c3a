import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { readClockSync } from '../../core/clockSync.js';
import { withoutTenant } from '../../core/db/index.js';
import { createRegistrar, originOf, requireStaff, type ServerDeps } from '../http/index.js';
import { isStaffPermission, type StaffActor } from '../staff/index.js';
import { disclosureSchema, listDisclosures } from './disclosures.js';
import { listOperatorEvents, operatorEventFilterSchema } from './eventQueries.js';
import type { AuditOrigin } from './events.js';
import { listEvidenceExports } from './evidenceExports.js';
import {
  changeRetentionPolicy,
  holdReleaseSchema,
  legalHoldSchema,
  placeLegalHold,
  recordDisclosure,
  releaseLegalHold,
  retentionPolicySchema,
  verifyAuditAsStaff,
} from './opsCommands.js';
import { currentPolicies, listHolds, RECORD_TYPES } from './retention.js';
import type { TrustedKey } from './signingKey.js';
import { eventPageView, presentEventPage, presentVerification, verificationView } from './views.js';

/** The audit origin of a staff request, with the staff session (stored hashed). */
export function staffOrigin(request: Parameters<typeof originOf>[0], staff: StaffActor): AuditOrigin {
  return { ...originOf(request), sessionId: staff.sessionId };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The operator console's audit screens: the operator work log, verification, clock, retention, disclosures. */
export function registerOpsAuditRoutes(app: FastifyInstance, deps: ServerDeps & { keys: () => TrustedKey[] }): void {
  const { db, clock } = deps;
  const r = createRegistrar(app, { permissionExists: (p) => isStaffPermission(p) });

  r.route({
    method: 'GET',
    url: '/api/ops/audit/events',
    summary: 'The operator work log, newest first, filtered by who, what, when, result and customer',
    tags: ['ops'],
    access: { staff: 'ops:audit:read' },
    audit: { readOnly: true },
    schema: { querystring: operatorEventFilterSchema, response: { 200: eventPageView } },
    async handler(request) {
      return presentEventPage(await withoutTenant(db, (tx) => listOperatorEvents(tx, request.query)));
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/audit/verify',
    summary: 'Walk every log chain and report the first break of each (verify-audit)',
    tags: ['ops'],
    access: { staff: 'ops:audit:read' },
    audit: { action: 'ops.audit.verified' },
    schema: { body: z.strictObject({}), response: { 200: verificationView } },
    async handler(request) {
      const staff = requireStaff(request);
      return presentVerification(await verifyAuditAsStaff(deps, staff, staffOrigin(request, staff)));
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/audit/clock',
    summary: 'Whether the host clock is NTP-synchronised, and its offset where the host measures one',
    tags: ['ops'],
    access: { staff: 'ops:audit:read' },
    audit: { readOnly: true },
    async handler() {
      return { clock: await readClockSync({ clock }) };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/retention',
    summary: 'Retention period per record type and the legal holds',
    tags: ['ops'],
    access: { staff: 'ops:audit:read' },
    audit: { readOnly: true },
    async handler() {
      return withoutTenant(db, async (tx) => ({
        policies: (await currentPolicies(tx)).map((p) => ({ ...p, changedAt: p.changedAt.toISOString() })),
        holds: (await listHolds(tx)).map((h) => ({ ...h, fromAt: iso(h.fromAt), untilAt: iso(h.untilAt), placedAt: h.placedAt.toISOString(), releasedAt: iso(h.releasedAt) })),
      }));
    },
  });

  r.route({
    method: 'PUT',
    url: '/api/ops/retention/policies/:recordType',
    summary: 'Set the retention period of a record type (with the reason)',
    tags: ['ops'],
    access: { staff: 'ops:retention:manage' },
    audit: { action: 'ops.retention.policy_changed' },
    schema: { params: z.object({ recordType: z.enum(RECORD_TYPES) }), body: retentionPolicySchema },
    async handler(request, reply) {
      const staff = requireStaff(request);
      await changeRetentionPolicy(deps, staff, request.params.recordType, request.body, staffOrigin(request, staff));
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/legal-holds',
    summary: 'Place a legal hold: the records it covers are never deleted until it is released',
    tags: ['ops'],
    access: { staff: 'ops:retention:manage' },
    audit: { action: 'ops.legal_hold.placed' },
    schema: { body: legalHoldSchema, response: { 201: z.object({ id: z.uuid() }) } },
    async handler(request, reply) {
      const staff = requireStaff(request);
      return reply.status(201).send({ id: await placeLegalHold(deps, staff, request.body, staffOrigin(request, staff)) });
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/legal-holds/:holdId/release',
    summary: 'Release a legal hold',
    tags: ['ops'],
    access: { staff: 'ops:retention:manage' },
    audit: { action: 'ops.legal_hold.released' },
    schema: { params: z.object({ holdId: z.uuid() }), body: holdReleaseSchema },
    async handler(request, reply) {
      const staff = requireStaff(request);
      await releaseLegalHold(deps, staff, request.params.holdId, request.body.reason, staffOrigin(request, staff));
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/disclosures',
    summary: 'Legal disclosure requests: who asked, the legal basis, what was disclosed and when',
    tags: ['ops'],
    access: { staff: 'ops:evidence:export' },
    audit: { readOnly: true },
    async handler() {
      const rows = await withoutTenant(db, listDisclosures);
      return { disclosures: rows.map((d) => ({ ...d, receivedAt: d.receivedAt.toISOString(), disclosedAt: iso(d.disclosedAt), createdAt: d.createdAt.toISOString() })) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/disclosures',
    summary: 'Record a legal disclosure request (court, police) and what was disclosed',
    tags: ['ops'],
    access: { staff: 'ops:evidence:export' },
    audit: { action: 'ops.disclosure.recorded' },
    schema: { body: disclosureSchema, response: { 201: z.object({ id: z.uuid() }) } },
    async handler(request, reply) {
      const staff = requireStaff(request);
      return reply.status(201).send({ id: await recordDisclosure(deps, staff, request.body, staffOrigin(request, staff)) });
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/evidence-exports',
    summary: 'Evidence packages exported so far (what, for whom, on whose request; no events)',
    tags: ['ops'],
    access: { staff: 'ops:evidence:export' },
    audit: { readOnly: true },
    async handler() {
      const rows = await withoutTenant(db, listEvidenceExports);
      return { exports: rows.map((e) => ({ ...e, periodFrom: e.periodFrom.toISOString(), periodTo: e.periodTo.toISOString(), createdAt: e.createdAt.toISOString() })) };
    },
  });
}
