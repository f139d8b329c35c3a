import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

export type BackupTrigger = 'schedule' | 'console' | 'cli';

/** One backup (kept) or failed run, as GET /api/ops/backups lists it. */
export interface BackupRun {
  id: string;
  trigger: BackupTrigger;
  status: 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string;
  takenAt: string | null;
  engine: 'pglite' | 'postgres';
  includesDatabase: boolean;
  fileCount: number;
  totalBytes: number;
  bytesAdded: number;
  durationMs: number;
  error: string | null;
  pruned: boolean;
}

export interface BackupCheck {
  id: string;
  kind: 'verify' | 'drill' | 'restore';
  backupId: string | null;
  targetTime: string | null;
  finishedAt: string;
  ok: boolean;
  backupsChecked: number;
  chunksChecked: number;
  bytesChecked: number;
  problems: { backupId: string; message: string }[];
  summary: Record<string, unknown>;
  actorName: string | null;
}

export interface WalArchiver {
  archiveMode: string;
  archiveTimeoutSeconds: number;
  archivedCount: number;
  lastArchivedWal: string | null;
  lastArchivedAt: string | null;
  ageSeconds: number | null;
  failedCount: number;
  lastFailedWal: string | null;
  lastFailedAt: string | null;
  state: 'ok' | 'off' | 'none_yet' | 'failing' | 'stale';
  staleAfterSeconds: number;
}

export interface BackupStatus {
  mode: 'snapshot' | 'wal';
  database: 'pglite' | 'postgres';
  fileStore: 'local' | 's3';
  takesSnapshots: boolean;
  enabled: boolean;
  intervalMinutes: number;
  retentionDays: number;
  lastSuccess: BackupRun | null;
  lastSuccessAgeSeconds: number | null;
  lastFailure: BackupRun | null;
  failuresLast24h: number;
  kept: number;
  oldestKeptAt: string | null;
  storeBytes: number | null;
  lastVerify: BackupCheck | null;
  lastDrill: BackupCheck | null;
  lastRestore: BackupCheck | null;
  wal: WalArchiver | null;
  backupAgeSeconds: number | null;
  current: boolean;
}

export interface VerifyReport {
  ok: boolean;
  backups: number;
  chunks: number;
  bytes: number;
  problems: { backupId: string; message: string }[];
}

export interface DrillReport {
  ok: boolean;
  backupId: string;
  takenAt: string;
  database: { restored: boolean; bytes: number; tenants: number; users: number; auditChains: number; auditEntries: number; auditOk: boolean } | null;
  files: { count: number; bytes: number };
  problems: string[];
  durationMs: number;
}

export type RunFilter = { status: 'all' | 'succeeded' | 'failed'; page: number };

export const PAGE_SIZE = 20;
const STATUS_KEY = ['ops-backups-status'] as const;
const RUNS_KEY = ['ops-backups-runs'] as const;

/** Status of backups, read again every half minute (a backup runs every few minutes). */
export function useBackupStatus() {
  return useQuery({
    queryKey: STATUS_KEY,
    queryFn: async () => (await api.get<{ status: BackupStatus }>('/api/ops/backups/status')).status,
    refetchInterval: 30_000,
  });
}

export function useBackupRuns(filter: RunFilter) {
  return useQuery({
    queryKey: [...RUNS_KEY, filter],
    queryFn: () => api.get<{ runs: BackupRun[]; total: number; page: number; pageSize: number }>(`/api/ops/backups?status=${filter.status}&page=${filter.page}&pageSize=${PAGE_SIZE}`),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}

function useRefreshing<T, V>(fn: (input: V) => Promise<T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: STATUS_KEY });
      await client.invalidateQueries({ queryKey: RUNS_KEY });
    },
  });
}

/** Reads back one backup (or all) on the server and checks every chunk. */
export function useVerifyBackups() {
  return useRefreshing(async (backupId: string | undefined) => (await api.post<{ verification: VerifyReport }>('/api/ops/backups/verify', backupId ? { backupId } : {})).verification);
}

/** Restores the newest backup into a scratch place on the server and checks it. */
export function useRestoreDrill() {
  return useRefreshing(async () => (await api.post<{ drill: DrillReport }>('/api/ops/backups/drill', {})).drill);
}

/** Queues a backup now. */
export function useBackupNow() {
  return useRefreshing(async () => api.post<{ jobId: string | null }>('/api/ops/backups/run', {}));
}
