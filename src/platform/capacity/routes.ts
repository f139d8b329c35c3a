import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withoutTenant, type Database } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { messageKey, messages } from '../../core/messages.js';
import { listAlerts } from '../alerts/index.js';
import { recordOperatorEvent } from '../audit/index.js';
import { createRegistrar, originOf, requireStaff } from '../http/index.js';
import { isStaffPermission } from '../staff/index.js';
import { measureSystem } from './measure.js';
import { sampleCapacity, thresholdValue, type CapacityDeps } from './sampling.js';
import { CAPACITY_METRIC_IDS, listThresholds, saveThreshold } from './thresholds.js';

messages.add({
  'capacity.percent_limit': { ja: '0〜100の範囲で入力してください。', en: 'Enter a value from 0 to 100.' },
});

const figuresView = z.object({
  dbSizeBytes: z.number().nullable(),
  diskUsedPercent: z.number().nullable(),
  diskFreeBytes: z.number().nullable(),
  diskTotalBytes: z.number().nullable(),
  requestsPerMinute: z.number().nullable(),
  errorRatePercent: z.number().nullable(),
  jobsQueued: z.number(),
  jobsRunning: z.number(),
  jobsFailed: z.number(),
  eventLoopLagMs: z.number().nullable(),
  memoryRssBytes: z.number(),
  heapUsedBytes: z.number(),
});

const thresholdView = z.object({
  metric: z.enum(CAPACITY_METRIC_IDS),
  unit: z.enum(['bytes', 'percent', 'count', 'ms']),
  limit: z.number(),
  defaultLimit: z.number(),
  enabled: z.boolean(),
  customized: z.boolean(),
  updatedAt: z.string().nullable(),
  /** The value checked against it now (the largest tenant for storage per tenant). */
  value: z.number().nullable(),
  breached: z.boolean(),
});

const capacityView = z.object({
  measuredAt: z.string(),
  node: z.string(),
  current: figuresView,
  thresholds: z.array(thresholdView),
  tenants: z.array(
    z.object({ id: z.uuid(), code: z.string(), name: z.string(), dbBytes: z.number(), fileBytes: z.number().nullable(), totalBytes: z.number(), measuredAt: z.string() }),
  ),
  history: z.array(z.object({ sampledAt: z.string(), node: z.string(), metrics: figuresView.extend({ tenantStorageMaxBytes: z.number().nullable() }).partial() })),
  alerts: z.array(
    z.object({ id: z.uuid(), key: z.string(), customerId: z.uuid().nullable(), summary: z.object({ ja: z.string(), en: z.string() }), openedAt: z.string(), resolvedAt: z.string().nullable() }),
  ),
});

/** How many tenants and samples the dashboard lists. */
const TENANTS_SHOWN = 100;
const HISTORY_SHOWN = 60;

async function storedFigures(db: Database) {
  return withoutTenant(db, async (tx) => {
    const tenants = (
      await tx.query<{ id: string; code: string; name: string; dbBytes: number; fileBytes: number | null; measuredAt: Date }>(
        `SELECT t.id, t.code, t.name, u.db_bytes::float8 AS "dbBytes", u.file_bytes::float8 AS "fileBytes", u.measured_at AS "measuredAt"
           FROM ops.capacity_tenant_usage u JOIN ops.tenants t ON t.id = u.customer_id
          ORDER BY u.db_bytes + COALESCE(u.file_bytes, 0) DESC, t.code
          LIMIT $1`,
        [TENANTS_SHOWN],
      )
    ).rows;
    const history = (
      await tx.query<{ sampledAt: Date; node: string; metrics: Record<string, number | null> }>(
        'SELECT sampled_at AS "sampledAt", node, metrics FROM ops.capacity_samples ORDER BY sampled_at DESC LIMIT $1',
        [HISTORY_SHOWN],
      )
    ).rows;
    return { tenants, history, thresholds: await listThresholds(tx), alerts: await listAlerts(tx, { kind: 'capacity', limit: 50 }) };
  });
}

/**
 * The capacity dashboard's API (12.1.3, CLD.12.4.5): current figures, thresholds staff can
 * change, storage per tenant, the recent samples and the capacity alerts.
 */
export function registerCapacityRoutes(app: FastifyInstance, deps: CapacityDeps): void {
  const { db, clock } = deps;
  const r = createRegistrar(app, { permissionExists: isStaffPermission });

  r.route({
    method: 'GET',
    url: '/api/ops/capacity',
    summary: 'Capacity dashboard: current figures, thresholds, storage per tenant, recent samples and alerts',
    tags: ['ops'],
    access: { staff: 'ops:tenants:read' },
    audit: { readOnly: true },
    schema: { response: { 200: capacityView } },
    async handler() {
      const current = await measureSystem({ db, probe: deps.probe, dataDir: deps.dataDir }, false);
      const stored = await storedFigures(db);
      const largestTenant = stored.tenants.reduce<number | null>((max, t) => Math.max(max ?? 0, t.dbBytes + (t.fileBytes ?? 0)), null);
      return {
        measuredAt: clock.now().toISOString(),
        node: deps.node,
        current,
        thresholds: stored.thresholds.map((t) => {
          const value = t.metric === 'tenant_storage_bytes' ? largestTenant : thresholdValue(t.metric, current);
          return { ...t, updatedAt: t.updatedAt?.toISOString() ?? null, value, breached: t.enabled && value !== null && value > t.limit };
        }),
        tenants: stored.tenants.map((t) => ({ ...t, totalBytes: t.dbBytes + (t.fileBytes ?? 0), measuredAt: new Date(t.measuredAt).toISOString() })),
        history: stored.history.map((h) => ({ sampledAt: new Date(h.sampledAt).toISOString(), node: h.node, metrics: h.metrics })),
        alerts: stored.alerts.map((a) => ({ id: a.id, key: a.key, customerId: a.customerId, summary: a.summary, openedAt: a.openedAt.toISOString(), resolvedAt: a.resolvedAt?.toISOString() ?? null })),
      };
    },
  });

  r.route({
    method: 'PUT',
    url: '/api/ops/capacity/thresholds/:metric',
    summary: 'Change a capacity threshold (its value, or switch it off)',
    tags: ['ops'],
    access: { staff: 'ops:tenants:write' },
    audit: { action: 'ops.capacity.threshold_changed' },
    schema: {
      params: z.object({ metric: z.enum(CAPACITY_METRIC_IDS) }),
      body: z.strictObject({
        limit: z.number().min(0).max(1e15).meta({ description: 'The threshold in the metric’s unit (bytes, percent, count or milliseconds).' }),
        enabled: z.boolean(),
      }),
    },
    async handler(request) {
      const staff = requireStaff(request);
      const { metric } = request.params;
      const { limit, enabled } = request.body;
      return withoutTenant(db, async (tx) => {
        const before = (await listThresholds(tx)).find((t) => t.metric === metric);
        if (!before) throw new AppError('not_found');
        if (before.unit === 'percent' && limit > 100) throw new AppError('validation.failed', { fields: { limit: messageKey('capacity.percent_limit') } });
        await saveThreshold(tx, metric, { limit, enabled }, staff.staffId, clock.now());
        await recordOperatorEvent(tx, clock, originOf(request), {
          actor: { type: 'staff', id: staff.staffId, name: staff.displayName },
          action: 'ops.capacity.threshold_changed',
          target: { type: 'capacity_threshold', id: metric },
          result: 'success',
          details: { before: { limit: before.limit, enabled: before.enabled }, after: { limit, enabled } },
        });
        const after = (await listThresholds(tx)).find((t) => t.metric === metric) ?? before;
        return { threshold: { ...after, updatedAt: after.updatedAt?.toISOString() ?? null } };
      });
    },
  });

  r.route({
    method: 'POST',
    url: '/api/ops/capacity/samples',
    summary: 'Measure now instead of waiting for the next minute (thresholds are checked as usual)',
    tags: ['ops'],
    access: { staff: 'ops:tenants:write' },
    audit: { action: 'ops.capacity.sampled' },
    schema: { body: z.strictObject({}) },
    async handler(request, reply) {
      const staff = requireStaff(request);
      const result = await sampleCapacity(deps, { staff: { id: staff.staffId, name: staff.displayName }, origin: originOf(request) });
      return reply.status(201).send({ sampledAt: result.sampledAt.toISOString(), raised: result.raised.length, resolved: result.resolved.length });
    },
  });
}
