import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createRegistrar, originOf, requireStaff, type ModuleDeps } from '../http/index.js';
import { isStaffPermission } from '../staff/index.js';
import { jstDate } from '../tenancy/index.js';
import { addContract } from './commands/addContract.js';
import { changeContacts } from './commands/changeContacts.js';
import { changeContractEnd } from './commands/changeContractEnd.js';
import { resumeTenant, suspendTenant } from './commands/suspension.js';
import type { ContractDeps } from './contractContext.js';
import {
  addContractSchema,
  changeContactsSchema,
  changeContractEndSchema,
  contractParams,
  resumeTenantSchema,
  suspendTenantSchema,
  tenantListQuery,
  tenantParams,
} from './schemas.js';
import { tenantListCsv } from './tenantCsv.js';
import { contractView, presentContract, surveyMembersOf, surveyMembersView, tenantDetail, tenantDetailView, tenantListForExport, tenantListPage, tenantListView } from './tenantViews.js';

const contractAnswer = z.object({ contract: contractView, tenantPurgeOn: z.string().nullable() });

/**
 * The operator console's tenants and contracts (white paper 9.2.1, 9.2.3, 9.4.1, CLD.8.1.5):
 * list and detail (provider records, contracts with purge dates, user counts only),
 * contact addresses, contracts, suspension, and the survey members staff manage. Every
 * change writes the tenant's event log and the operator work log in its transaction.
 */
export function registerContractRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const { db, clock, registry, config } = deps;
  const contractDeps: ContractDeps = { db, clock, registry, publicUrl: config.http.publicUrl };
  const r = createRegistrar(app, { permissionExists: isStaffPermission });

  r.route({
    method: 'GET',
    url: '/api/ops/tenants',
    summary: 'Tenants, searched by code, name or contact address and filtered by status, one page',
    tags: ['ops'],
    access: { staff: 'ops:tenants:read' },
    audit: { readOnly: true },
    schema: { querystring: tenantListQuery, response: { 200: tenantListView } },
    async handler(request) {
      return tenantListPage(db, clock.now(), request.query);
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/tenants/csv',
    summary: 'The filtered tenant list as CSV (UTF-8 with BOM, opens in Excel)',
    tags: ['ops'],
    access: { staff: 'ops:tenants:read' },
    audit: { readOnly: true },
    schema: { querystring: tenantListQuery },
    async handler(request, reply) {
      const rows = await tenantListForExport(db, clock.now(), request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tenants-${jstDate(clock.now())}.csv"`)
        .header('cache-control', 'no-store')
        .send(tenantListCsv(rows, request.lang));
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/tenants/:tenantId',
    summary: 'One tenant: provider records, contracts with purge dates, MFA policy, user counts per service',
    tags: ['ops'],
    access: { staff: 'ops:tenants:read' },
    audit: { readOnly: true },
    schema: { params: tenantParams, response: { 200: tenantDetailView } },
    async handler(request) {
      return tenantDetail(db, clock.now(), request.params.tenantId);
    },
  });

  r.route({
    method: 'PUT',
    url: '/api/ops/tenants/:tenantId/contacts',
    summary: 'Change the representative’s and/or the contact address at the tenant’s request',
    tags: ['ops'],
    access: { staff: 'ops:tenants:write' },
    audit: { action: 'ops.tenant.contacts_changed' },
    schema: { params: tenantParams, body: changeContactsSchema },
    async handler(request) {
      return changeContacts(contractDeps, requireStaff(request), request.params.tenantId, request.body, originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/tenants/:tenantId/contracts',
    summary: 'Add a contract for a service (periods of one service never overlap); a catalog contract carries its plan (publisher, subscription)',
    tags: ['ops'],
    access: { staff: 'ops:tenants:write' },
    audit: { action: 'ops.contract.added' },
    schema: { params: tenantParams, body: addContractSchema, response: { 201: contractAnswer } },
    async handler(request, reply) {
      const result = await addContract(contractDeps, requireStaff(request), request.params.tenantId, request.body, originOf(request));
      return reply.status(201).send({ contract: presentContract(result.contract, jstDate(clock.now())), tenantPurgeOn: result.tenantPurgeOn });
    },
  });

  r.route({
    method: 'PUT',
    url: '/api/ops/tenants/:tenantId/contracts/:contractId',
    summary: 'Set, move or clear a contract’s end date and, on a catalog contract, change its plan (publisher, subscription); answers the purge date that follows',
    tags: ['ops'],
    access: { staff: 'ops:tenants:write' },
    audit: { action: 'ops.contract.end_changed' },
    schema: { params: contractParams, body: changeContractEndSchema, response: { 200: contractAnswer } },
    async handler(request) {
      const result = await changeContractEnd(contractDeps, requireStaff(request), request.params.tenantId, request.params.contractId, request.body, originOf(request));
      return { contract: presentContract(result.contract, jstDate(clock.now())), tenantPurgeOn: result.tenantPurgeOn };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/tenants/:tenantId/suspend',
    summary: 'Suspend a tenant: no sign-in, open sessions end (reason and request recorded)',
    tags: ['ops'],
    access: { staff: 'ops:tenants:write' },
    audit: { action: 'ops.tenant.suspended' },
    schema: { params: tenantParams, body: suspendTenantSchema },
    async handler(request) {
      const result = await suspendTenant(contractDeps, requireStaff(request), request.params.tenantId, request.body, originOf(request));
      return { status: result.status, suspendedAt: result.suspendedAt.toISOString(), sessionsEnded: result.sessionsEnded };
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/tenants/:tenantId/resume',
    summary: 'Resume a suspended tenant: its users can sign in again',
    tags: ['ops'],
    access: { staff: 'ops:tenants:write' },
    audit: { action: 'ops.tenant.resumed' },
    schema: { params: tenantParams, body: resumeTenantSchema },
    async handler(request) {
      return resumeTenant(contractDeps, requireStaff(request), request.params.tenantId, request.body, originOf(request));
    },
  });

  r.route({
    method: 'GET',
    url: '/api/ops/tenants/:tenantId/survey/members',
    summary: 'The tenant’s chemical-survey members (names, addresses, roles), which staff manage on request',
    tags: ['ops'],
    access: { staff: 'ops:survey_members:manage' },
    audit: { readOnly: true },
    schema: { params: tenantParams, response: { 200: surveyMembersView } },
    async handler(request) {
      return surveyMembersOf(db, clock.now(), request.params.tenantId);
    },
  });
}

