import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { withoutTenant } from '../../core/db/index.js';
import { createRegistrar, originOf, requireStaff, type ModuleDeps } from '../http/index.js';
import { isStaffPermission, listActiveStaffNames, staffPermissionsOf, type StaffActor } from '../staff/index.js';
import {
  addReportNote,
  assignReport,
  changeReportStatus,
  findSecurityReport,
  listSecurityReports,
  reportAssigneeSchema,
  reportListQuerySchema,
  reportNoteSchema,
  reportStatusSchema,
  securityReportSchema,
  submitSecurityReport,
  type ReportDetail,
  type ReportSummary,
} from './securityReports.js';

const reportParams = z.object({ reportId: z.uuid() });

/** Submissions per minute from one address: enough for a person, too few for a flood. */
export const REPORTS_PER_MINUTE = 5;

function handler(staff: StaffActor) {
  return { staffId: staff.staffId, displayName: staff.displayName };
}

function presentSummary(r: ReportSummary) {
  return { ...r, receivedAt: r.receivedAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

function presentDetail(r: ReportDetail) {
  const { noteList, ...rest } = r;
  return {
    ...presentSummary(rest),
    reporterEmail: r.reporterEmail,
    description: r.description,
    affected: r.affected,
    lang: r.lang,
    noteList: noteList.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
  };
}

/** The public security-report form (16.1.2) and the staff inbox that triages what it receives. */
export function registerReportRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const { db, clock, config } = deps;
  const alerts = { clock, staffAlertEmail: config.staffAlertEmail, publicUrl: config.http.publicUrl };
  const r = createRegistrar(app, { permissionExists: isStaffPermission });

  r.route({
    method: 'POST',
    url: '/api/security-reports',
    summary: 'Send a security report to the provider (anyone; answers with a reference number)',
    tags: ['public'],
    access: { public: 'users and outsiders report security issues without an account (16.1.2); limited per IP and in size' },
    audit: { action: 'ops.security_report.received' },
    rateLimitPerMinute: REPORTS_PER_MINUTE,
    schema: {
      body: securityReportSchema,
      response: { 201: z.object({ report: z.object({ reference: z.string(), receivedAt: z.string() }) }) },
    },
    async handler(request, reply) {
      const received = await submitSecurityReport({ db, alerts }, request.body, request.lang, originOf(request));
      return reply.status(201).send({ report: { reference: received.reference, receivedAt: received.receivedAt.toISOString() } });
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/security-reports',
    summary: 'The security-report inbox, newest first, by status',
    tags: ['ops'],
    access: { staff: 'ops:security_reports:read' },
    audit: { readOnly: true },
    schema: { querystring: reportListQuerySchema },
    async handler(request) {
      const list = await withoutTenant(db, (tx) => listSecurityReports(tx, request.query));
      return { reports: list.reports.map(presentSummary), total: list.total, counts: list.counts, page: request.query.page, pageSize: request.query.pageSize };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/security-reports/:reportId',
    summary: 'One security report with its notes, and the staff it can be assigned to',
    tags: ['ops'],
    access: { staff: 'ops:security_reports:read' },
    audit: { readOnly: true },
    schema: { params: reportParams },
    async handler(request) {
      const staff = requireStaff(request);
      return withoutTenant(db, async (tx) => {
        const report = await findSecurityReport(tx, request.params.reportId);
        if (!report) throw new AppError('not_found');
        return {
          report: presentDetail(report),
          assignees: await listActiveStaffNames(tx),
          canManage: staffPermissionsOf(staff.roles).has('ops:security_reports:manage'),
        };
      });
    },
  });

  r.route({
    method: 'PUT',
    url: '/api/ops/security-reports/:reportId/status',
    summary: 'Change a report’s status (new, triaging, resolved, rejected)',
    tags: ['ops'],
    access: { staff: 'ops:security_reports:manage' },
    audit: { action: 'ops.security_report.status_changed' },
    schema: { params: reportParams, body: reportStatusSchema },
    async handler(request, reply) {
      await changeReportStatus(db, clock, handler(requireStaff(request)), request.params.reportId, request.body.status, originOf(request));
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'PUT',
    url: '/api/ops/security-reports/:reportId/assignee',
    summary: 'Assign a report to an active staff member (or nobody)',
    tags: ['ops'],
    access: { staff: 'ops:security_reports:manage' },
    audit: { action: 'ops.security_report.assigned' },
    schema: { params: reportParams, body: reportAssigneeSchema },
    async handler(request, reply) {
      await assignReport(db, clock, handler(requireStaff(request)), request.params.reportId, request.body.assigneeId, originOf(request));
      return reply.status(204).send();
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/security-reports/:reportId/notes',
    summary: 'Add a staff note to a report',
    tags: ['ops'],
    access: { staff: 'ops:security_reports:manage' },
    audit: { action: 'ops.security_report.note_added' },
    schema: { params: reportParams, body: reportNoteSchema },
    async handler(request, reply) {
      const note = await addReportNote(db, clock, handler(requireStaff(request)), request.params.reportId, request.body.body, originOf(request));
      return reply.status(201).send({ note });
    },
  });
}
