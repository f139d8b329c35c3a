import type { Tx } from '../../core/db/index.js';
import type { Localized } from '../../core/i18n.js';

const GIB = 1024 ** 3;

/** How a figure is counted; the console and the alert mails format values by it. */
export type CapacityUnit = 'bytes' | 'percent' | 'count' | 'ms';

/**
 * The figures staff set thresholds on (12.1.3, CLD.12.4.5). A value above its enabled
 * threshold raises one staff alert until it falls back under it. `tenant_storage_bytes`
 * is checked per tenant.
 */
export const CAPACITY_METRICS = {
  disk_used_percent: { unit: 'percent', defaultLimit: 85, name: { ja: 'ディスク使用率', en: 'Disk used' } },
  db_size_bytes: { unit: 'bytes', defaultLimit: 20 * GIB, name: { ja: 'データベース容量', en: 'Database size' } },
  tenant_storage_bytes: { unit: 'bytes', defaultLimit: 5 * GIB, name: { ja: '契約者ごとの保存容量', en: 'Storage per tenant' } },
  job_queue_depth: { unit: 'count', defaultLimit: 1000, name: { ja: '待機中のジョブ数', en: 'Queued jobs' } },
  job_failures: { unit: 'count', defaultLimit: 20, name: { ja: '失敗したジョブ数', en: 'Failed jobs' } },
  error_rate_percent: { unit: 'percent', defaultLimit: 5, name: { ja: 'サーバーエラー率（5xx）', en: 'Server error rate (5xx)' } },
  event_loop_lag_ms: { unit: 'ms', defaultLimit: 1000, name: { ja: 'イベントループ遅延（p99）', en: 'Event-loop lag (p99)' } },
  memory_rss_bytes: { unit: 'bytes', defaultLimit: 2 * GIB, name: { ja: 'メモリ使用量（RSS）', en: 'Memory (RSS)' } },
} as const satisfies Record<string, { unit: CapacityUnit; defaultLimit: number; name: Localized }>;

export type CapacityMetric = keyof typeof CAPACITY_METRICS;
export const CAPACITY_METRIC_IDS = Object.keys(CAPACITY_METRICS) as [CapacityMetric, ...CapacityMetric[]];

/** A threshold in force: the staff's setting, or the default. */
export interface Threshold {
  metric: CapacityMetric;
  unit: CapacityUnit;
  limit: number;
  defaultLimit: number;
  enabled: boolean;
  /** Whether staff changed it from the default. */
  customized: boolean;
  updatedAt: Date | null;
}

/** Every threshold, in the order of CAPACITY_METRICS. */
export async function listThresholds(tx: Tx): Promise<Threshold[]> {
  const { rows } = await tx.query<{ metric: string; limit: number; enabled: boolean; updatedAt: Date }>(
    'SELECT metric, limit_value AS "limit", enabled, updated_at AS "updatedAt" FROM ops.capacity_thresholds',
  );
  const saved = new Map(rows.map((r) => [r.metric, r]));
  return CAPACITY_METRIC_IDS.map((metric) => {
    const def = CAPACITY_METRICS[metric];
    const row = saved.get(metric);
    return {
      metric,
      unit: def.unit,
      limit: row ? Number(row.limit) : def.defaultLimit,
      defaultLimit: def.defaultLimit,
      enabled: row ? row.enabled : true,
      customized: row !== undefined,
      updatedAt: row ? new Date(row.updatedAt) : null,
    };
  });
}

/** Saves a threshold (the row lock of the upsert serialises two staff changing it at once). */
export async function saveThreshold(tx: Tx, metric: CapacityMetric, value: { limit: number; enabled: boolean }, staffId: string, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO ops.capacity_thresholds (metric, limit_value, enabled, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (metric) DO UPDATE SET limit_value = EXCLUDED.limit_value, enabled = EXCLUDED.enabled,
       updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
    [metric, value.limit, value.enabled, at, staffId],
  );
}

/** A value as staff read it, e.g. `12.3 GB`, `87.5%`, `1,204`, `350 ms`. */
export function formatCapacityValue(unit: CapacityUnit, value: number): string {
  if (unit === 'percent') return `${value.toFixed(1)}%`;
  if (unit === 'ms') return `${Math.round(value).toLocaleString('en-US')} ms`;
  if (unit === 'count') return Math.round(value).toLocaleString('en-US');
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = value;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}
