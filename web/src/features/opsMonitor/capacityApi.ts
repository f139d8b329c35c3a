import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import type { LocalizedText } from '../../i18n';

export type CapacityUnit = 'bytes' | 'percent' | 'count' | 'ms';
export type CapacityMetric =
  | 'disk_used_percent'
  | 'db_size_bytes'
  | 'tenant_storage_bytes'
  | 'job_queue_depth'
  | 'job_failures'
  | 'error_rate_percent'
  | 'event_loop_lag_ms'
  | 'memory_rss_bytes';

/** The figures of one measurement; null where a figure is not available. */
export interface CapacityFigures {
  dbSizeBytes: number | null;
  diskUsedPercent: number | null;
  diskFreeBytes: number | null;
  diskTotalBytes: number | null;
  requestsPerMinute: number | null;
  errorRatePercent: number | null;
  jobsQueued: number;
  jobsRunning: number;
  jobsFailed: number;
  eventLoopLagMs: number | null;
  memoryRssBytes: number;
  heapUsedBytes: number;
}

export interface CapacityThreshold {
  metric: CapacityMetric;
  unit: CapacityUnit;
  limit: number;
  defaultLimit: number;
  enabled: boolean;
  customized: boolean;
  updatedAt: string | null;
  value: number | null;
  breached: boolean;
}

export interface CapacityDashboard {
  measuredAt: string;
  node: string;
  current: CapacityFigures;
  thresholds: CapacityThreshold[];
  tenants: { id: string; code: string; name: string; dbBytes: number; fileBytes: number | null; totalBytes: number; measuredAt: string }[];
  history: { sampledAt: string; node: string; metrics: Partial<CapacityFigures & { tenantStorageMaxBytes: number | null }> }[];
  alerts: { id: string; key: string; customerId: string | null; summary: LocalizedText; openedAt: string; resolvedAt: string | null }[];
}

const KEY = ['ops-capacity'] as const;

/** The dashboard, read again every minute (the sampling period). */
export function useCapacity() {
  return useQuery({
    queryKey: KEY,
    queryFn: () => api.get<CapacityDashboard>('/api/ops/capacity'),
    refetchInterval: 60_000,
  });
}

export function useSetThreshold() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ metric, ...input }: { metric: CapacityMetric; limit: number; enabled: boolean }) => api.put<unknown>(`/api/ops/capacity/thresholds/${metric}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useSampleNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ sampledAt: string; raised: number; resolved: number }>('/api/ops/capacity/samples', {}),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}
