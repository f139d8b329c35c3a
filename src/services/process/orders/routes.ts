import type { FastifyReply } from 'fastify';
import { withTenant } from '../../../core/db/index.js';
import { errorMessage } from '../../../core/errors.js';
import type { Lang } from '../../../core/i18n.js';
import { originOf, requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import type { ProcessDeps } from '../shared/deps.js';
import { createOrder, transitionOrder, updateOrder } from './orderCommands.js';
import { lateSql, ORDER_COLUMNS, ORDER_FROM, orderDetail, orderView, orderVisibility, type OrderRow } from './orderRepository.js';
import {
  changeParams, createOrderSchema, dispatchQuery, ganttQuery, loadQuery, orderListQuery, orderParams, rescheduleSchema, scheduleRunSchema, scheduleSchema,
  transitionSchema, updateOrderSchema,
} from './orderSchemas.js';
import { dispatchView, ganttView, loadView } from './planningViews.js';
import { rescheduleOperation, runSchedule, ScheduleConflictError, scheduleOrder, undoScheduleChange } from './scheduling/scheduleCommands.js';

const WRITE = 'process:orders:write';
const READ = 'process:master:read';
const TAGS = ['process'];

/** Sends a 409 schedule conflict with its list of overlapping operations, or rethrows. */
async function conflictAware<T>(reply: FastifyReply, lang: Lang, requestId: string, run: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ScheduleConflictError)) throw error;
    return reply.status(409).type('application/json; charset=utf-8').send({
      code: error.code,
      message: errorMessage(error.code, lang),
      conflicts: error.conflicts,
      error: { code: error.code, message: errorMessage(error.code, lang), requestId },
    });
  }
}

/** Routes of the process service's orders area, under /api/process. */
export function registerOrdersRoutes(r: RouteRegistrar, deps: ProcessDeps): void {
  const { db, clock } = deps;

  r.route({
    method: 'GET',
    url: '/orders',
    summary: 'Production orders with filters (status, text, late, due range), newest due last',
    tags: TAGS,
    access: { user: READ },
    audit: { readOnly: true },
    schema: { querystring: orderListQuery },
    async handler(request) {
      const actor = requireActor(request);
      const { status, q, late, from, to, page, pageSize } = request.query;
      const now = clock.now();
      return withTenant(db, actor.tenantId, async (tx) => {
        const params: unknown[] = [actor.userId, now];
        const where = [orderVisibility(actor, '$1')];
        if (status) where.push(`o.status = $${params.push(status)}`);
        if (q) where.push(`(o.order_no ILIKE $${params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} OR i.code ILIKE $${params.length} OR i.name ILIKE $${params.length} OR o.lot_no ILIKE $${params.length})`);
        if (late !== undefined) where.push(late ? lateSql('$2') : `NOT ${lateSql('$2')}`);
        if (from) where.push(`o.due_at >= $${params.push(from)}`);
        if (to) where.push(`o.due_at < $${params.push(to)}`);
        const cond = where.join(' AND ');
        const total = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ORDER_FROM} WHERE ${cond} AND $2::timestamptz IS NOT NULL`, params)).rows[0]?.n ?? 0;
        const { rows } = await tx.query<OrderRow>(
          `SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE ${cond} AND $2::timestamptz IS NOT NULL ORDER BY o.due_at, o.order_no LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
          params,
        );
        return { orders: rows.map((row) => orderView(row, now)), total, page, pageSize };
      });
    },
  });

  r.route({
    method: 'POST',
    url: '/orders',
    summary: 'Create a production order: operations from the routing, materials from the formula',
    tags: TAGS,
    access: { user: WRITE },
    audit: { action: 'process.order.created' },
    schema: { body: createOrderSchema },
    async handler(request, reply) {
      const detail = await createOrder(deps, requireActor(request), request.body, originOf(request));
      return reply.status(201).send(detail);
    },
  });

  r.route({
    method: 'GET',
    url: '/orders/:id',
    summary: 'An order with its operations, materials, schedule changes and allowed transitions',
    tags: TAGS,
    access: { user: READ },
    audit: { readOnly: true },
    schema: { params: orderParams },
    async handler(request) {
      const actor = requireActor(request);
      return withTenant(db, actor.tenantId, (tx) => orderDetail(tx, actor, request.params.id, clock.now()));
    },
  });

  r.route({
    method: 'PUT',
    url: '/orders/:id',
    summary: 'Change a draft or planned order (with its version)',
    tags: TAGS,
    access: { user: WRITE },
    audit: { action: 'process.order.updated' },
    schema: { params: orderParams, body: updateOrderSchema },
    async handler(request) {
      return updateOrder(deps, requireActor(request), request.params.id, request.body, originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/orders/:id/transitions',
    summary: 'Move an order along draft → planned → released → in progress → done, or cancel it',
    tags: TAGS,
    access: { user: WRITE },
    audit: { action: 'process.order.transitioned' },
    schema: { params: orderParams, body: transitionSchema },
    async handler(request) {
      return transitionOrder(deps, requireActor(request), request.params.id, request.body.to, originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/orders/:id/schedule',
    summary: 'Schedule an order on its workstations, forward from a release time or backward from its due date',
    tags: TAGS,
    access: { user: WRITE },
    audit: { action: 'process.order.scheduled' },
    schema: { params: orderParams, body: scheduleSchema },
    async handler(request) {
      return scheduleOrder(deps, requireActor(request), request.params.id, request.body, originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/schedule/run',
    summary: 'Schedule many orders (the given ones or every draft order) by due date',
    tags: TAGS,
    access: { user: WRITE },
    audit: { action: 'process.schedule.run' },
    schema: { body: scheduleRunSchema },
    async handler(request) {
      return runSchedule(deps, requireActor(request), request.body, originOf(request));
    },
  });

  r.route({
    method: 'POST',
    url: '/orders/:id/reschedule',
    summary: 'Move one operation (Gantt drag); later operations follow; 409 with the overlapping operations',
    tags: TAGS,
    access: { user: WRITE },
    audit: { action: 'process.order.rescheduled' },
    schema: { params: orderParams, body: rescheduleSchema },
    async handler(request, reply) {
      const actor = requireActor(request);
      return conflictAware(reply, request.lang, request.id, () => rescheduleOperation(deps, actor, request.params.id, request.body, originOf(request)));
    },
  });

  r.route({
    method: 'POST',
    url: '/schedule-changes/:id/undo',
    summary: 'Undo a reschedule when its old slots are still free',
    tags: TAGS,
    access: { user: WRITE },
    audit: { action: 'process.schedule_change.undone' },
    schema: { params: changeParams },
    async handler(request, reply) {
      const actor = requireActor(request);
      return conflictAware(reply, request.lang, request.id, () => undoScheduleChange(deps, actor, request.params.id, originOf(request)));
    },
  });

  r.route({
    method: 'GET',
    url: '/gantt',
    summary: 'Workstations with their non-working time, orders and operations in a period (both Gantt views)',
    tags: TAGS,
    access: { user: READ },
    audit: { readOnly: true },
    schema: { querystring: ganttQuery },
    async handler(request) {
      const actor = requireActor(request);
      return withTenant(db, actor.tenantId, (tx) => ganttView(tx, actor, new Date(request.query.from), new Date(request.query.to), clock.now()));
    },
  });

  r.route({
    method: 'GET',
    url: '/dispatch',
    summary: 'The operations of one workstation on one day (JST), in order (dispatch list)',
    tags: TAGS,
    access: { user: READ },
    audit: { readOnly: true },
    schema: { querystring: dispatchQuery },
    async handler(request) {
      const actor = requireActor(request);
      return withTenant(db, actor.tenantId, (tx) => dispatchView(tx, actor, request.query.workstationId, request.query.day));
    },
  });

  r.route({
    method: 'GET',
    url: '/load',
    summary: 'Booked against available working minutes per workstation and ISO week',
    tags: TAGS,
    access: { user: READ },
    audit: { readOnly: true },
    schema: { querystring: loadQuery },
    async handler(request) {
      const actor = requireActor(request);
      return withTenant(db, actor.tenantId, (tx) => loadView(tx, request.query.from, request.query.weeks));
    },
  });
}
