import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { Database } from '../../core/db/index.js';
import { createRegistrar, originOf, requireStaff } from '../http/index.js';
import { isStaffPermission } from '../staff/index.js';
import { getCertificate, listCertificates, listPendingPurges, sendCertificate, sendCertificateSchema } from './certificates.js';

const certificateParams = z.object({ certificateId: z.uuid() });

/**
 * The console's view of the data lifecycle: tenants waiting for their purge (with the
 * reminders sent), and the deletion certificates, which staff can e-mail.
 */
export function registerLifecycleOpsRoutes(app: FastifyInstance, deps: { db: Database; clock: Clock }): void {
  const { db, clock } = deps;
  const r = createRegistrar(app, { permissionExists: isStaffPermission });

  r.route({
    method: 'GET',
    url: '/api/ops/lifecycle/pending',
    summary: 'Tenants with a purge date: contract end, purge date, reminders sent',
    tags: ['ops'],
    access: { staff: 'ops:tenants:read' },
    audit: { readOnly: true },
    async handler() {
      return { tenants: await listPendingPurges(db, clock) };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/lifecycle/certificates',
    summary: 'Deletion certificates, newest first',
    tags: ['ops'],
    access: { staff: 'ops:tenants:read' },
    audit: { readOnly: true },
    async handler() {
      return { certificates: await listCertificates(db) };
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/lifecycle/certificates/:certificateId',
    summary: 'One deletion certificate: counts per table, files, key destruction, mailings',
    tags: ['ops'],
    access: { staff: 'ops:tenants:read' },
    audit: { readOnly: true },
    schema: { params: certificateParams },
    async handler(request) {
      return { certificate: await getCertificate(db, request.params.certificateId) };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/lifecycle/certificates/:certificateId/send',
    summary: 'E-mail a deletion certificate to the former contact or a given address',
    tags: ['ops'],
    access: { staff: 'ops:tenants:write' },
    audit: { action: 'ops.deletion_certificate.sent' },
    schema: { params: certificateParams, body: sendCertificateSchema },
    rateLimitPerMinute: 20,
    async handler(request, reply) {
      const sent = await sendCertificate(db, clock, request.params.certificateId, request.body, requireStaff(request), originOf(request));
      return reply.status(202).send({ send: sent });
    },
  });
}
