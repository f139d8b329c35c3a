import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

export const REPORT_STATUSES = ['new', 'triaging', 'resolved', 'rejected'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The longest description the form accepts (the server checks the same limit). */
export const REPORT_DESCRIPTION_MAX = 20_000;

export interface SecurityReportInput {
  reporterName: string;
  reporterEmail: string;
  subject: string;
  description: string;
  affected: string;
}

export interface ReportSummary {
  id: string;
  reference: string;
  subject: string;
  status: ReportStatus;
  reporterName: string | null;
  assignee: { id: string; displayName: string } | null;
  notes: number;
  receivedAt: string;
  updatedAt: string;
}

export interface ReportDetail extends ReportSummary {
  reporterEmail: string | null;
  description: string;
  affected: string | null;
  lang: 'ja' | 'en';
  noteList: { id: string; staffName: string; body: string; createdAt: string }[];
}

export interface ReportPage {
  reports: ReportSummary[];
  total: number;
  counts: Record<ReportStatus, number>;
  page: number;
  pageSize: number;
}

/** Sends the public form; answers with the reference the reporter can quote. */
export function useSubmitReport() {
  return useMutation({
    mutationFn: async (input: SecurityReportInput) => (await api.post<{ report: { reference: string; receivedAt: string } }>('/api/security-reports', input)).report,
  });
}

export function useReportInbox(status: ReportStatus | null, page: number) {
  const query = new URLSearchParams({ page: String(page) });
  if (status) query.set('status', status);
  return useQuery({
    queryKey: ['ops-reports', status, page],
    queryFn: () => api.get<ReportPage>(`/api/ops/security-reports?${query.toString()}`),
    placeholderData: (previous) => previous,
  });
}

export function useReportDetail(reportId: string) {
  return useQuery({
    queryKey: ['ops-reports', 'detail', reportId],
    queryFn: () =>
      api.get<{ report: ReportDetail; assignees: { id: string; displayName: string }[]; canManage: boolean }>(`/api/ops/security-reports/${encodeURIComponent(reportId)}`),
  });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: ['ops-reports'] }), queryClient.invalidateQueries({ queryKey: ['ops-overview'] }), queryClient.invalidateQueries({ queryKey: ['ops-alerts'] })]);
}

export function useChangeReportStatus(reportId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (status: ReportStatus) => api.put<void>(`/api/ops/security-reports/${encodeURIComponent(reportId)}/status`, { status }),
    onSuccess: refresh,
  });
}

export function useAssignReport(reportId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (assigneeId: string | null) => api.put<void>(`/api/ops/security-reports/${encodeURIComponent(reportId)}/assignee`, { assigneeId }),
    onSuccess: refresh,
  });
}

export function useAddReportNote(reportId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: string) => api.post<{ note: { id: string } }>(`/api/ops/security-reports/${encodeURIComponent(reportId)}/notes`, { body }),
    onSuccess: refresh,
  });
}
