import type { Clock } from '../../core/clock.js';
import { withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import { raiseAlert, resolveAlert, type AlertDeps } from '../alerts/index.js';
import { recordOperatorEvent, type AuditOrigin } from '../audit/index.js';
import type { FileStore } from '../files/index.js';
import { measureSystem, measureTenantStorage, type ProcessProbe, type SystemFigures, type TenantUsage } from './measure.js';
import { CAPACITY_METRICS, formatCapacityValue, listThresholds, type CapacityMetric, type Threshold } from './thresholds.js';

/** How long samples are kept: the console shows the recent history, Prometheus keeps the long one. */
export const SAMPLE_KEEP_MS = 24 * 3_600_000;

/** What the sampler needs. */
export interface CapacityDeps {
  db: Database;
  clock: Clock;
  files: FileStore;
  probe: ProcessProbe;
  dataDir: string;
  /** Names this node in the samples. */
  node: string;
  alerts: AlertDeps;
}

/** The value each system-wide threshold is checked against. */
export function thresholdValue(metric: Exclude<CapacityMetric, 'tenant_storage_bytes'>, figures: SystemFigures): number | null {
  switch (metric) {
    case 'disk_used_percent':
      return figures.diskUsedPercent;
    case 'db_size_bytes':
      return figures.dbSizeBytes;
    case 'job_queue_depth':
      return figures.jobsQueued;
    case 'job_failures':
      return figures.jobsFailed;
    case 'error_rate_percent':
      return figures.errorRatePercent;
    case 'event_loop_lag_ms':
      return figures.eventLoopLagMs;
    case 'memory_rss_bytes':
      return figures.memoryRssBytes;
  }
}

export const TENANT_STORAGE_ALERT_PREFIX = 'capacity:tenant_storage:';

/** What one sampling run saw and did. */
export interface SampleResult {
  sampledAt: Date;
  figures: SystemFigures;
  tenantStorageMaxBytes: number | null;
  raised: string[];
  resolved: string[];
}

async function logAlertChange(tx: Tx, clock: Clock, change: 'raised' | 'resolved', key: string, details: Record<string, unknown>, customerId?: string): Promise<void> {
  await recordOperatorEvent(tx, clock, {}, {
    actor: { type: 'system' },
    action: `ops.capacity.alert_${change}`,
    target: { type: 'staff_alert', id: key },
    result: 'success',
    details,
    ...(customerId ? { customerId } : {}),
  });
}

/**
 * Raises the alert of a breached threshold (one mail per breach: raiseAlert does nothing
 * while it is open) or resolves it once the value is back under the threshold or the
 * threshold is switched off. A figure that could not be read changes nothing.
 */
async function checkThreshold(
  tx: Tx,
  deps: CapacityDeps,
  threshold: Threshold,
  subject: { key: string; value: number | null; customer?: { id: string; code: string; name: string } },
  result: SampleResult,
): Promise<void> {
  const def = CAPACITY_METRICS[threshold.metric];
  if (threshold.enabled && subject.value !== null && subject.value > threshold.limit) {
    const value = formatCapacityValue(def.unit, subject.value);
    const limit = formatCapacityValue(def.unit, threshold.limit);
    const summary = subject.customer
      ? { ja: `契約者 ${subject.customer.code}（${subject.customer.name}）の保存容量がしきい値を超えました`, en: `Storage of tenant ${subject.customer.code} (${subject.customer.name}) is above its threshold` }
      : { ja: `${def.name.ja}がしきい値を超えました`, en: `${def.name.en} is above its threshold` };
    const raised = await raiseAlert(tx, deps.alerts, {
      key: subject.key,
      kind: 'capacity',
      summary,
      detail: {
        ja: `現在値: ${value}\nしきい値: ${limit}\n運用コンソールの「容量・監視」画面で状況を確認し、容量の追加や不要データの整理などの対応を行ってください。`,
        en: `Current value: ${value}\nThreshold: ${limit}\nCheck the capacity screen of the operator console and add capacity or clean up as needed.`,
      },
      ...(subject.customer ? { customerId: subject.customer.id } : {}),
    });
    if (raised) {
      result.raised.push(subject.key);
      await logAlertChange(tx, deps.clock, 'raised', subject.key, { metric: threshold.metric, value: subject.value, limit: threshold.limit }, subject.customer?.id);
    }
    return;
  }
  if (subject.value === null && threshold.enabled) return;
  if (await resolveAlert(tx, deps.clock, subject.key)) {
    result.resolved.push(subject.key);
    await logAlertChange(tx, deps.clock, 'resolved', subject.key, { metric: threshold.metric, value: subject.value, limit: threshold.limit, enabled: threshold.enabled }, subject.customer?.id);
  }
}

async function saveUsage(tx: Tx, usage: readonly TenantUsage[], at: Date): Promise<void> {
  for (const u of usage) {
    await tx.query(
      `INSERT INTO ops.capacity_tenant_usage (customer_id, db_bytes, file_bytes, measured_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (customer_id) DO UPDATE SET db_bytes = EXCLUDED.db_bytes, file_bytes = EXCLUDED.file_bytes, measured_at = EXCLUDED.measured_at`,
      [u.customerId, u.dbBytes, u.fileBytes, at],
    );
  }
}

/**
 * One sampling run (every minute, and on a staff request): measures, stores the sample
 * and each tenant's storage, drops samples older than a day, and checks every threshold.
 * A run a staff member asked for is written to the operator log in the same transaction.
 */
export async function sampleCapacity(deps: CapacityDeps, requestedBy?: { staff: { id: string; name: string }; origin: AuditOrigin }): Promise<SampleResult> {
  const figures = await measureSystem({ db: deps.db, probe: deps.probe, dataDir: deps.dataDir }, true);
  const usage = await measureTenantStorage(deps.db, deps.files);
  const sampledAt = deps.clock.now();
  const totals = usage.map((u) => u.dbBytes + (u.fileBytes ?? 0));
  const result: SampleResult = { sampledAt, figures, tenantStorageMaxBytes: totals.length ? Math.max(...totals) : null, raised: [], resolved: [] };
  await withoutTenant(deps.db, async (tx) => {
    await saveUsage(tx, usage, sampledAt);
    await tx.query('INSERT INTO ops.capacity_samples (sampled_at, node, metrics) VALUES ($1, $2, $3::jsonb)', [
      sampledAt,
      deps.node,
      JSON.stringify({ ...figures, tenantStorageMaxBytes: result.tenantStorageMaxBytes }),
    ]);
    await tx.query('DELETE FROM ops.capacity_samples WHERE sampled_at < $1', [new Date(sampledAt.getTime() - SAMPLE_KEEP_MS)]);
    const tenants = new Map(
      (await tx.query<{ id: string; code: string; name: string }>('SELECT id, code, name FROM ops.tenants')).rows.map((t) => [t.id, t]),
    );
    for (const threshold of await listThresholds(tx)) {
      if (threshold.metric === 'tenant_storage_bytes') {
        const checked = new Set<string>();
        for (const u of usage) {
          const customer = tenants.get(u.customerId);
          if (!customer) continue;
          const key = `${TENANT_STORAGE_ALERT_PREFIX}${u.customerId}`;
          checked.add(key);
          await checkThreshold(tx, deps, threshold, { key, value: u.dbBytes + (u.fileBytes ?? 0), customer }, result);
        }
        // Alerts of tenants no longer measured (none left) close too.
        const { rows } = await tx.query<{ key: string }>(`SELECT key FROM ops.staff_alerts WHERE resolved_at IS NULL AND key LIKE $1`, [`${TENANT_STORAGE_ALERT_PREFIX}%`]);
        for (const { key } of rows) if (!checked.has(key)) await checkThreshold(tx, deps, { ...threshold, enabled: false }, { key, value: null }, result);
      } else {
        await checkThreshold(tx, deps, threshold, { key: `capacity:${threshold.metric}`, value: thresholdValue(threshold.metric, figures) }, result);
      }
    }
    if (requestedBy) {
      await recordOperatorEvent(tx, deps.clock, requestedBy.origin, {
        actor: { type: 'staff', id: requestedBy.staff.id, name: requestedBy.staff.name },
        action: 'ops.capacity.sampled',
        target: { type: 'capacity_sample', id: sampledAt.toISOString() },
        result: 'success',
        details: { raised: result.raised, resolved: result.resolved },
      });
    }
  });
  return result;
}
