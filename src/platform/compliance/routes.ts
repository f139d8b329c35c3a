import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createRegistrar } from '../http/index.js';
import { isStaffPermission } from '../staff/index.js';
import type { ComplianceContext } from './context.js';
import { REPORT_FORMATS, renderReport } from './render.js';
import { runComplianceReport } from './runReport.js';

/**
 * Who reads the report: security officers and auditors (the staff roles holding
 * `ops:staff:read`; operators do not).
 */
export const COMPLIANCE_PERMISSION = 'ops:staff:read';

const CONTENT_TYPES = { json: 'application/json; charset=utf-8', md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8' } as const;

/** GET /api/ops/compliance/report: a fresh run of every check, as JSON, Markdown or printable HTML. */
export function registerComplianceRoutes(app: FastifyInstance, context: () => ComplianceContext): void {
  const r = createRegistrar(app, { permissionExists: isStaffPermission });
  r.route({
    method: 'GET',
    url: '/api/ops/compliance/report',
    summary: 'The compliance report: every control of the white paper with live evidence (a fresh run)',
    tags: ['ops'],
    access: { staff: COMPLIANCE_PERMISSION },
    audit: { readOnly: true },
    rateLimitPerMinute: 20,
    schema: { querystring: z.strictObject({ format: z.enum(REPORT_FORMATS).default('json'), download: z.enum(['0', '1']).default('0') }) },
    async handler(request, reply) {
      const report = await runComplianceReport(context());
      const { format, download } = request.query;
      if (format === 'json' && download === '0') return { report };
      reply.type(CONTENT_TYPES[format]);
      if (download === '1') {
        const day = report.generatedAt.slice(0, 10);
        reply.header('content-disposition', `attachment; filename="compliance-report-${day}.${format}"`);
      }
      return renderReport(report, format, request.lang);
    },
  });
}
