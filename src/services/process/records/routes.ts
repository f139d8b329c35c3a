import { withTenant } from '../../../core/db/index.js';
import { AppError } from '../../../core/errors.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import type { ProcessDeps } from '../shared/deps.js';
import { energyTypeList } from '../shared/energy.js';
import { defaultPeriod, orderCfp, productCfp } from './cfp.js';
import { createFactor, deleteFactor, ensureStarterFactors, listFactors, updateFactor } from './factors.js';
import { createPurchasedLot, findLot, genealogy, listLots } from './lots.js';
import { pactProductFootprint } from './pact.js';
import {
  createFactorSchema,
  createLotSchema,
  createWorkRecordSchema,
  genealogyQuery,
  idParams,
  itemIdParams,
  lotListQuery,
  productCfpQuery,
  updateFactorSchema,
  updateWorkRecordSchema,
  workQueueQuery,
  workRecordListQuery,
} from './schemas.js';
import { findWorkRecord, listWorkRecords, workQueue } from './workRecordQueries.js';
import { createWorkRecord, updateWorkRecord } from './workRecords.js';

const TAGS = ['process'];
const READ = 'process:master:read';
const RECORD = 'process:records:write';
const MANAGE = 'process:master:manage';
const REPORTS = 'process:reports:read';
/** The starter factors are installed on first use; reads that may install them name that action. */
const STARTER = { action: 'process.emission_factor.starter_installed' };

/** Routes of the process service's records area, under /api/process. */
export function registerRecordsRoutes(r: RouteRegistrar, deps: ProcessDeps): void {
  const { db } = deps;

  r.route({
    method: 'GET',
    url: '/energy-types',
    summary: 'Energy types with their units and labels (ja/en)',
    tags: TAGS,
    access: { user: READ },
    audit: { readOnly: true },
    async handler() {
      return { energyTypes: energyTypeList() };
    },
  });

  // 実績 (work records)
  r.route({
    method: 'GET',
    url: '/work-queue',
    summary: 'Operations of released and in-progress orders, with their work records (for the shop-floor tablet)',
    tags: TAGS,
    access: { user: RECORD },
    audit: { readOnly: true },
    schema: { querystring: workQueueQuery },
    async handler(request) {
      const actor = requireActor(request);
      return { operations: await withTenant(db, actor.tenantId, (tx) => workQueue(tx, actor, request.query.workstationId)) };
    },
  });

  r.route({
    method: 'GET',
    url: '/work-records',
    summary: 'Work records, newest first, by order or operation',
    tags: TAGS,
    access: { user: READ },
    audit: { readOnly: true },
    schema: { querystring: workRecordListQuery },
    async handler(request) {
      const actor = requireActor(request);
      const { orderId, operationId, page, pageSize } = request.query;
      const result = await withTenant(db, actor.tenantId, (tx) => listWorkRecords(tx, actor, { orderId, operationId, limit: pageSize, offset: (page - 1) * pageSize }));
      return { ...result, page, pageSize };
    },
  });

  r.route({
    method: 'POST',
    url: '/work-records',
    summary: 'Record work on an operation: times, good and scrap quantity, energy, consumed and produced lots',
    tags: TAGS,
    access: { user: RECORD },
    audit: { action: 'process.work_record.created' },
    schema: { body: createWorkRecordSchema },
    async handler(request, reply) {
      const actor = requireActor(request);
      const record = await createWorkRecord(deps, actor, request.body, originOf(request));
      return reply.status(201).send({ record });
    },
  });

  r.route({
    method: 'GET',
    url: '/work-records/:id',
    summary: 'One work record',
    tags: TAGS,
    access: { user: READ },
    audit: { readOnly: true },
    schema: { params: idParams },
    async handler(request) {
      const actor = requireActor(request);
      const record = await withTenant(db, actor.tenantId, (tx) => findWorkRecord(tx, actor, request.params.id));
      if (!record) throw new AppError('not_found');
      return { record };
    },
  });

  r.route({
    method: 'PUT',
    url: '/work-records/:id',
    summary: 'Correct a work record (with its version) while its order accepts records',
    tags: TAGS,
    access: { user: RECORD },
    audit: { action: 'process.work_record.updated' },
    schema: { params: idParams, body: updateWorkRecordSchema },
    async handler(request) {
      const actor = requireActor(request);
      return { record: await updateWorkRecord(deps, actor, request.params.id, request.body, originOf(request)) };
    },
  });

  // ロット (lots and genealogy)
  r.route({
    method: 'GET',
    url: '/lots',
    summary: 'Lots, newest first, by item or lot number',
    tags: TAGS,
    access: { user: READ },
    audit: { readOnly: true },
    schema: { querystring: lotListQuery },
    async handler(request) {
      const actor = requireActor(request);
      const { itemId, q, page, pageSize } = request.query;
      const result = await withTenant(db, actor.tenantId, (tx) => listLots(tx, { itemId, q, limit: pageSize, offset: (page - 1) * pageSize }));
      return { ...result, page, pageSize };
    },
  });

  r.route({
    method: 'POST',
    url: '/lots',
    summary: 'Register a purchased lot of an item',
    tags: TAGS,
    access: { user: RECORD },
    audit: { action: 'process.lot.created' },
    schema: { body: createLotSchema },
    async handler(request, reply) {
      const actor = requireActor(request);
      return reply.status(201).send({ lot: await createPurchasedLot(deps, actor, request.body, originOf(request)) });
    },
  });

  r.route({
    method: 'GET',
    url: '/lots/:id',
    summary: 'One lot',
    tags: TAGS,
    access: { user: READ },
    audit: { readOnly: true },
    schema: { params: idParams },
    async handler(request) {
      const actor = requireActor(request);
      const lot = await withTenant(db, actor.tenantId, (tx) => findLot(tx, request.params.id));
      if (!lot) throw new AppError('not_found');
      return { lot };
    },
  });

  r.route({
    method: 'GET',
    url: '/lots/:id/genealogy',
    summary: 'Lot genealogy: the lots that went into this lot (backward) or that were made from it (forward), with depth',
    tags: TAGS,
    access: { user: READ },
    audit: { readOnly: true },
    schema: { params: idParams, querystring: genealogyQuery },
    async handler(request) {
      const actor = requireActor(request);
      const result = await withTenant(db, actor.tenantId, (tx) => genealogy(tx, actor, request.params.id, request.query.direction));
      return { direction: request.query.direction, ...result };
    },
  });

  // 排出係数 (emission factors)
  r.route({
    method: 'GET',
    url: '/emission-factors',
    summary: 'Emission factors per energy type and material; a starter set is installed on first use',
    tags: TAGS,
    access: { user: READ },
    audit: STARTER,
    async handler(request) {
      const actor = requireActor(request);
      const factors = await withTenant(db, actor.tenantId, async (tx) => {
        await ensureStarterFactors(tx, deps.clock, actor.tenantId, originOf(request), actor);
        return listFactors(tx);
      });
      return { factors };
    },
  });

  r.route({
    method: 'POST',
    url: '/emission-factors',
    summary: 'Add an emission factor for an energy type or a material (admins)',
    tags: TAGS,
    access: { user: MANAGE },
    audit: { action: 'process.emission_factor.created' },
    schema: { body: createFactorSchema },
    async handler(request, reply) {
      const actor = requireActor(request);
      return reply.status(201).send({ factor: await createFactor(deps, actor, request.body, originOf(request)) });
    },
  });

  r.route({
    method: 'PUT',
    url: '/emission-factors/:id',
    summary: 'Change an emission factor (admins, with its version)',
    tags: TAGS,
    access: { user: MANAGE },
    audit: { action: 'process.emission_factor.updated' },
    schema: { params: idParams, body: updateFactorSchema },
    async handler(request) {
      const actor = requireActor(request);
      return { factor: await updateFactor(deps, actor, request.params.id, request.body, originOf(request)) };
    },
  });

  r.route({
    method: 'DELETE',
    url: '/emission-factors/:id',
    summary: 'Delete an emission factor (admins)',
    tags: TAGS,
    access: { user: MANAGE },
    audit: { action: 'process.emission_factor.deleted' },
    schema: { params: idParams },
    async handler(request) {
      const actor = requireActor(request);
      await deleteFactor(deps, actor, request.params.id, originOf(request));
      return { deleted: true };
    },
  });

  // CFP
  r.route({
    method: 'GET',
    url: '/cfp/orders/:id',
    summary: 'Carbon footprint of a production order, planned and actual, by material and by step',
    tags: TAGS,
    access: { user: REPORTS },
    audit: STARTER,
    schema: { params: idParams },
    async handler(request) {
      const actor = requireActor(request);
      return withTenant(db, actor.tenantId, async (tx) => {
        await ensureStarterFactors(tx, deps.clock, actor.tenantId, originOf(request), actor);
        return orderCfp(tx, actor, request.params.id);
      });
    },
  });

  r.route({
    method: 'GET',
    url: '/cfp/products/:itemId',
    summary: 'Carbon footprint of a product per declared unit over completed orders, with the monthly trend',
    tags: TAGS,
    access: { user: REPORTS },
    audit: STARTER,
    schema: { params: itemIdParams, querystring: productCfpQuery },
    async handler(request) {
      const actor = requireActor(request);
      const period = defaultPeriod(deps.clock.now(), request.query.from, request.query.to);
      return withTenant(db, actor.tenantId, async (tx) => {
        await ensureStarterFactors(tx, deps.clock, actor.tenantId, originOf(request), actor);
        return productCfp(tx, actor, request.params.itemId, period);
      });
    },
  });

  r.route({
    method: 'GET',
    url: '/cfp/products/:itemId/pact',
    summary: 'The product footprint as a PACT v3 ProductFootprint JSON file',
    tags: TAGS,
    access: { user: REPORTS },
    audit: STARTER,
    schema: { params: itemIdParams, querystring: productCfpQuery },
    async handler(request, reply) {
      const actor = requireActor(request);
      const period = defaultPeriod(deps.clock.now(), request.query.from, request.query.to);
      const footprint = await withTenant(db, actor.tenantId, async (tx) => {
        await ensureStarterFactors(tx, deps.clock, actor.tenantId, originOf(request), actor);
        return pactProductFootprint(actor, await productCfp(tx, actor, request.params.itemId, period), deps.clock.now());
      });
      return reply
        .header('content-disposition', `attachment; filename="pact-${request.params.itemId}-${period.from}-${period.to}.json"`)
        .type('application/json; charset=utf-8')
        .send(footprint);
    },
  });
}
