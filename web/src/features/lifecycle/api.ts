import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import type { Lang } from '../../i18n';

export type ExportStatus = 'queued' | 'running' | 'ready' | 'failed' | 'expired';

/** One export of the company's data, as the API returns it. */
export interface DataExport {
  id: string;
  status: ExportStatus;
  rowsDone: number;
  rowsTotal: number;
  filesDone: number;
  bytes: number | null;
  sha256: string | null;
  requestedByName: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string | null;
  downloadCount: number;
  downloadable: boolean;
}

const EXPORTS_KEY = ['data-exports'];

export function isActive(status: ExportStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** The company's recent exports; polled every second while one is being built. */
export function useExports() {
  return useQuery({
    queryKey: EXPORTS_KEY,
    queryFn: async () => (await api.get<{ exports: DataExport[] }>('/api/exports')).exports,
    refetchInterval: (query) => (query.state.data?.some((e) => isActive(e.status)) ? 1_000 : false),
  });
}

export function useStartExport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => (await api.post<{ export: DataExport }>('/api/exports', {})).export,
    onSuccess: () => client.invalidateQueries({ queryKey: EXPORTS_KEY }),
  });
}

/** Where a finished export is downloaded (the browser sends the session cookie). */
export function downloadUrl(exportId: string): string {
  return `/api/exports/${encodeURIComponent(exportId)}/download`;
}

/** A tenant waiting for its purge, as the console lists it. */
export interface PendingPurge {
  tenantId: string;
  code: string;
  name: string;
  status: string;
  contractEndedOn: string | null;
  purgeOn: string;
  daysLeft: number;
  renewed: boolean;
  reminders: { daysBefore: number; sentAt: string }[];
  purgeInProgress: boolean;
}

export function usePendingPurges() {
  return useQuery({
    queryKey: ['ops-lifecycle-pending'],
    queryFn: async () => (await api.get<{ tenants: PendingPurge[] }>('/api/ops/lifecycle/pending')).tenants,
  });
}

export interface CertificateSummary {
  id: string;
  tenantId: string;
  tenantCode: string;
  tenantName: string;
  status: 'in_progress' | 'completed';
  purgeOn: string;
  startedAt: string;
  completedAt: string | null;
  rowsDeleted: number;
  filesDeleted: number | null;
  keyDestroyedAt: string | null;
  lastSentAt: string | null;
}

export interface Certificate extends CertificateSummary {
  contactEmail: string | null;
  contractEndedOn: string | null;
  keysDestroyed: number | null;
  tables: { table: string; rows: number }[];
  providerRecords: { record: string; count: number }[];
  runBy: string;
  sends: { id: string; to: string; sentAt: string; sentByName: string }[];
}

export function useCertificates() {
  return useQuery({
    queryKey: ['ops-lifecycle-certificates'],
    queryFn: async () => (await api.get<{ certificates: CertificateSummary[] }>('/api/ops/lifecycle/certificates')).certificates,
  });
}

export function useCertificate(id: string) {
  return useQuery({
    queryKey: ['ops-lifecycle-certificate', id],
    queryFn: async () => (await api.get<{ certificate: Certificate }>(`/api/ops/lifecycle/certificates/${encodeURIComponent(id)}`)).certificate,
  });
}

export interface SendCertificateInput {
  to?: string;
  lang: Lang;
  requestRef?: string;
}

export function useSendCertificate(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: SendCertificateInput) =>
      (await api.post<{ send: { sendId: string; to: string } }>(`/api/ops/lifecycle/certificates/${encodeURIComponent(id)}/send`, input)).send,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['ops-lifecycle-certificate', id] });
      void client.invalidateQueries({ queryKey: ['ops-lifecycle-certificates'] });
    },
  });
}

/** A calendar date (YYYY-MM-DD) in the UI's date style: `2026/06/01(月)`. */
export function formatCalendarDate(date: string, lang: Lang): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  const weekday = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { timeZone: 'UTC', weekday: 'short' }).format(d);
  return `${date.replace(/-/g, '/')}(${weekday})`;
}

/** A byte count for people: `12.3 MB`. */
export function formatBytes(bytes: number, lang: Lang): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}
