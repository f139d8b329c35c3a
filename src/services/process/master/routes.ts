import { z } from 'zod';
import { withTenant } from '../../../core/db/index.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import type { ProcessDeps } from '../shared/deps.js';
import { createFormula, deleteFormula, formulaView, getFormula, listFormulas, updateFormula } from './formulas.js';
import { registerImportRoutes } from './importRoutes.js';
import { createItem, deleteItem, getItem, itemView, listItems, updateItem } from './items.js';
import type { MasterWrite } from './masterContext.js';
import {
  formulaCreateSchema,
  formulaUpdateSchema,
  itemCreateSchema,
  itemUpdateSchema,
  listQuery,
  routingCreateSchema,
  routingUpdateSchema,
  workstationCreateSchema,
  workstationUpdateSchema,
} from './masterSchemas.js';
import { createRouting, deleteRouting, getRouting, listRoutings, routingView, updateRouting } from './routings.js';
import { createWorkstation, deleteWorkstation, getWorkstation, listWorkstations, updateWorkstation, workstationView } from './workstations.js';

const MANAGE = { user: 'process:master:manage' };
const READ = { user: 'process:master:read' };
const idParams = z.object({ id: z.uuid() });
const flag = z.enum(['true', 'false']).optional().transform((v) => v === 'true');

/** Routes of the process service's master area, under /api/process. */
export function registerMasterRoutes(r: RouteRegistrar, deps: ProcessDeps): void {
  const read = <T>(request: { actor: UserActor | null }, fn: (tx: MasterWrite['tx'], actor: UserActor) => Promise<T>) => {
    const actor = requireActor(request);
    return withTenant(deps.db, actor.tenantId, (tx) => fn(tx, actor));
  };
  const write = <T>(request: Parameters<typeof originOf>[0] & { actor: UserActor | null }, fn: (w: MasterWrite) => Promise<T>) => {
    const actor = requireActor(request);
    const origin = originOf(request);
    return withTenant(deps.db, actor.tenantId, (tx) => fn({ tx, clock: deps.clock, actor, origin }));
  };

  // 品目
  r.route({
    method: 'GET',
    url: '/items',
    summary: 'Items (raw materials, intermediates, products) the caller may see, by code',
    tags: ['process'],
    access: READ,
    audit: { readOnly: true },
    schema: {
      querystring: z.object({ q: z.string().max(100).optional(), kind: z.enum(['raw', 'intermediate', 'product']).optional(), includeArchived: flag, ...listQuery }),
      response: { 200: z.object({ items: z.array(itemView), total: z.number() }) },
    },
    handler: (request) => read(request, (tx, actor) => listItems(tx, actor, request.query)),
  });
  r.route({
    method: 'POST',
    url: '/items',
    summary: 'Create an item',
    tags: ['process'],
    access: MANAGE,
    audit: { action: 'process.item.created' },
    schema: { body: itemCreateSchema, response: { 201: z.object({ item: itemView }) } },
    async handler(request, reply) {
      const item = await write(request, (w) => createItem(w, request.body));
      return reply.status(201).send({ item });
    },
  });
  r.route({
    method: 'GET',
    url: '/items/:id',
    summary: 'One item (404 when confidential and the caller is neither an admin nor named on it)',
    tags: ['process'],
    access: READ,
    audit: { readOnly: true },
    schema: { params: idParams, response: { 200: z.object({ item: itemView }) } },
    handler: async (request) => ({ item: await read(request, (tx, actor) => getItem(tx, actor, request.params.id)) }),
  });
  r.route({
    method: 'PUT',
    url: '/items/:id',
    summary: 'Update an item at the version read (409 when someone changed it meanwhile)',
    tags: ['process'],
    access: MANAGE,
    audit: { action: 'process.item.updated' },
    schema: { params: idParams, body: itemUpdateSchema, response: { 200: z.object({ item: itemView }) } },
    handler: async (request) => ({ item: await write(request, (w) => updateItem(w, request.params.id, request.body)) }),
  });
  r.route({
    method: 'DELETE',
    url: '/items/:id',
    summary: 'Delete an unused item, or archive one that formulas, routings, orders or lots refer to',
    tags: ['process'],
    access: MANAGE,
    audit: { action: 'process.item.deleted' },
    schema: { params: idParams, response: { 200: z.object({ item: itemView.optional(), deleted: z.boolean() }) } },
    handler: (request) => write(request, (w) => deleteItem(w, request.params.id)),
  });

  // 配合 / BOM
  r.route({
    method: 'GET',
    url: '/formulas',
    summary: 'Formulas (bills of materials) with their lines, optionally of one item',
    tags: ['process'],
    access: READ,
    audit: { readOnly: true },
    schema: { querystring: z.object({ itemId: z.uuid().optional(), ...listQuery }), response: { 200: z.object({ formulas: z.array(formulaView), total: z.number() }) } },
    handler: (request) => read(request, (tx, actor) => listFormulas(tx, actor, request.query)),
  });
  r.route({
    method: 'POST',
    url: '/formulas',
    summary: 'Create a formula with its component lines, yield and scrap',
    tags: ['process'],
    access: MANAGE,
    audit: { action: 'process.formula.created' },
    schema: { body: formulaCreateSchema, response: { 201: z.object({ formula: formulaView }) } },
    async handler(request, reply) {
      const formula = await write(request, (w) => createFormula(w, request.body));
      return reply.status(201).send({ formula });
    },
  });
  r.route({
    method: 'GET',
    url: '/formulas/:id',
    summary: 'One formula with its lines',
    tags: ['process'],
    access: READ,
    audit: { readOnly: true },
    schema: { params: idParams, response: { 200: z.object({ formula: formulaView }) } },
    handler: async (request) => ({ formula: await read(request, (tx, actor) => getFormula(tx, actor, request.params.id)) }),
  });
  r.route({
    method: 'PUT',
    url: '/formulas/:id',
    summary: 'Replace a formula and its lines at the version read',
    tags: ['process'],
    access: MANAGE,
    audit: { action: 'process.formula.updated' },
    schema: { params: idParams, body: formulaUpdateSchema, response: { 200: z.object({ formula: formulaView }) } },
    handler: async (request) => ({ formula: await write(request, (w) => updateFormula(w, request.params.id, request.body)) }),
  });
  r.route({
    method: 'DELETE',
    url: '/formulas/:id',
    summary: 'Delete a formula that no production order uses',
    tags: ['process'],
    access: MANAGE,
    audit: { action: 'process.formula.deleted' },
    schema: { params: idParams, response: { 200: z.object({ deleted: z.boolean() }) } },
    handler: (request) => write(request, (w) => deleteFormula(w, request.params.id)),
  });

  // 設備
  r.route({
    method: 'GET',
    url: '/workstations',
    summary: 'Workstations with their weekly hours and day exceptions',
    tags: ['process'],
    access: READ,
    audit: { readOnly: true },
    schema: {
      querystring: z.object({ q: z.string().max(100).optional(), includeArchived: flag, ...listQuery }),
      response: { 200: z.object({ workstations: z.array(workstationView), total: z.number() }) },
    },
    handler: (request) => read(request, (tx) => listWorkstations(tx, request.query)),
  });
  r.route({
    method: 'POST',
    url: '/workstations',
    summary: 'Create a workstation with its working calendar',
    tags: ['process'],
    access: MANAGE,
    audit: { action: 'process.workstation.created' },
    schema: { body: workstationCreateSchema, response: { 201: z.object({ workstation: workstationView }) } },
    async handler(request, reply) {
      const workstation = await write(request, (w) => createWorkstation(w, request.body));
      return reply.status(201).send({ workstation });
    },
  });
  r.route({
    method: 'GET',
    url: '/workstations/:id',
    summary: 'One workstation',
    tags: ['process'],
    access: READ,
    audit: { readOnly: true },
    schema: { params: idParams, response: { 200: z.object({ workstation: workstationView }) } },
    handler: async (request) => ({ workstation: await read(request, (tx) => getWorkstation(tx, request.params.id)) }),
  });
  r.route({
    method: 'PUT',
    url: '/workstations/:id',
    summary: 'Replace a workstation and its calendar at the version read',
    tags: ['process'],
    access: MANAGE,
    audit: { action: 'process.workstation.updated' },
    schema: { params: idParams, body: workstationUpdateSchema, response: { 200: z.object({ workstation: workstationView }) } },
    handler: async (request) => ({ workstation: await write(request, (w) => updateWorkstation(w, request.params.id, request.body)) }),
  });
  r.route({
    method: 'DELETE',
    url: '/workstations/:id',
    summary: 'Delete an unused workstation, or archive one that routings or operations refer to',
    tags: ['process'],
    access: MANAGE,
    audit: { action: 'process.workstation.deleted' },
    schema: { params: idParams, response: { 200: z.object({ workstation: workstationView.optional(), deleted: z.boolean() }) } },
    handler: (request) => write(request, (w) => deleteWorkstation(w, request.params.id)),
  });

  // 工程表
  r.route({
    method: 'GET',
    url: '/routings',
    summary: 'Routings with their ordered steps, optionally of one item',
    tags: ['process'],
    access: READ,
    audit: { readOnly: true },
    schema: { querystring: z.object({ itemId: z.uuid().optional(), ...listQuery }), response: { 200: z.object({ routings: z.array(routingView), total: z.number() }) } },
    handler: (request) => read(request, (tx, actor) => listRoutings(tx, actor, request.query)),
  });
  r.route({
    method: 'POST',
    url: '/routings',
    summary: 'Create a routing; steps are numbered in the order given',
    tags: ['process'],
    access: MANAGE,
    audit: { action: 'process.routing.created' },
    schema: { body: routingCreateSchema, response: { 201: z.object({ routing: routingView }) } },
    async handler(request, reply) {
      const routing = await write(request, (w) => createRouting(w, request.body));
      return reply.status(201).send({ routing });
    },
  });
  r.route({
    method: 'GET',
    url: '/routings/:id',
    summary: 'One routing with its steps',
    tags: ['process'],
    access: READ,
    audit: { readOnly: true },
    schema: { params: idParams, response: { 200: z.object({ routing: routingView }) } },
    handler: async (request) => ({ routing: await read(request, (tx, actor) => getRouting(tx, actor, request.params.id)) }),
  });
  r.route({
    method: 'PUT',
    url: '/routings/:id',
    summary: 'Replace a routing and its steps at the version read',
    tags: ['process'],
    access: MANAGE,
    audit: { action: 'process.routing.updated' },
    schema: { params: idParams, body: routingUpdateSchema, response: { 200: z.object({ routing: routingView }) } },
    handler: async (request) => ({ routing: await write(request, (w) => updateRouting(w, request.params.id, request.body)) }),
  });
  r.route({
    method: 'DELETE',
    url: '/routings/:id',
    summary: 'Delete a routing that no production order uses',
    tags: ['process'],
    access: MANAGE,
    audit: { action: 'process.routing.deleted' },
    schema: { params: idParams, response: { 200: z.object({ deleted: z.boolean() }) } },
    handler: (request) => write(request, (w) => deleteRouting(w, request.params.id)),
  });

  registerImportRoutes(r, deps);
}
