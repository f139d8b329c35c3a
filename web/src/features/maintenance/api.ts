import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import type { ServiceId } from '../../data/services';
import type { LocalizedText } from '../../i18n';

export type NoticeStatus = 'upcoming' | 'in_progress' | 'past' | 'cancelled';
export const NOTICE_STATUSES: readonly NoticeStatus[] = ['upcoming', 'in_progress', 'past', 'cancelled'];

/** A maintenance notice as the console shows it. */
export interface MaintenanceNotice {
  id: string;
  startsAt: string;
  endsAt: string;
  services: ServiceId[];
  description: LocalizedText;
  urgent: boolean;
  urgentReason: string | null;
  status: NoticeStatus;
  revision: number;
  createdByName: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelledByName: string | null;
  cancelReason: string | null;
}

export interface NoticeListItem extends MaintenanceNotice {
  affectedTenants: number;
}

export interface NoticePage {
  notices: NoticeListItem[];
  total: number;
  page: number;
  pageSize: number;
  leadDays: number;
}

export interface NoticeTenant {
  customerId: string;
  code: string;
  name: string;
  contactEmail: string;
  affected: boolean;
  firstNotifiedAt: string;
  remindedAt: string | null;
}

export type NotificationKind = 'scheduled' | 'reminder' | 'changed' | 'cancelled';
export type MailStatus = 'queued' | 'sent' | 'failed' | 'captured';

export interface NoticeNotification {
  id: string;
  customerId: string;
  tenantCode: string | null;
  tenantName: string | null;
  kind: NotificationKind;
  revision: number;
  to: string;
  sentAt: string;
  mailStatus: MailStatus | null;
  mailSentAt: string | null;
}

export interface NoticeDetail {
  notice: MaintenanceNotice;
  tenants: NoticeTenant[];
  notifications: NoticeNotification[];
  leadDays: number;
}

/** What staff enter to schedule or change a maintenance (times as ISO 8601 with offset). */
export interface NoticeInput {
  startsAt: string;
  endsAt: string;
  services: ServiceId[];
  descriptionJa: string;
  descriptionEn: string;
  urgent: boolean;
  urgentReason?: string;
  /** On a change: the version shown in the form; a newer one on the server answers 409. */
  revision?: number;
}

export interface AffectedPreview {
  tenants: { id: string; code: string; name: string }[];
  leadDays: number;
  leadTimeKept: boolean;
}

/** A notice the signed-in user's company is affected by (the banner). */
export interface BannerNotice {
  id: string;
  startsAt: string;
  endsAt: string;
  services: ServiceId[];
  description: LocalizedText;
  inProgress: boolean;
}

const LIST_KEY = 'ops-maintenance';

export function useNotices(filter: { status?: NoticeStatus; page: number }) {
  const query = new URLSearchParams();
  if (filter.status) query.set('status', filter.status);
  if (filter.page > 1) query.set('page', String(filter.page));
  return useQuery({
    queryKey: [LIST_KEY, filter],
    queryFn: () => api.get<NoticePage>(`/api/ops/maintenance${query.size > 0 ? `?${query.toString()}` : ''}`),
    placeholderData: (previous) => previous,
  });
}

export function useNotice(id: string) {
  return useQuery({
    queryKey: [LIST_KEY, 'detail', id],
    queryFn: () => api.get<NoticeDetail>(`/api/ops/maintenance/${encodeURIComponent(id)}`),
    // Mails leave within seconds; the delivery state is worth refreshing while staff look.
    refetchInterval: 15_000,
  });
}

/** The tenants a window would concern; asked only once the window is complete. */
export function useAffectedPreview(window: { startsAt: string; endsAt: string; services: ServiceId[] } | null) {
  return useQuery({
    queryKey: [LIST_KEY, 'affected', window],
    queryFn: () => {
      const query = new URLSearchParams({ startsAt: window!.startsAt, endsAt: window!.endsAt, services: window!.services.join(',') });
      return api.get<AffectedPreview>(`/api/ops/maintenance/affected?${query.toString()}`);
    },
    enabled: window !== null,
    placeholderData: (previous) => previous,
  });
}

export function useScheduleNotice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NoticeInput) => api.post<{ notice: { id: string; notified: number } }>('/api/ops/maintenance', input),
    onSuccess: () => client.invalidateQueries({ queryKey: [LIST_KEY] }),
  });
}

export function useChangeNotice(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NoticeInput) => api.put<{ notice: { revision: number; notified: number } }>(`/api/ops/maintenance/${encodeURIComponent(id)}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: [LIST_KEY] }),
  });
}

export function useCancelNotice(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => api.post<{ notice: { notified: number } }>(`/api/ops/maintenance/${encodeURIComponent(id)}/cancel`, { reason }),
    onSuccess: () => client.invalidateQueries({ queryKey: [LIST_KEY] }),
  });
}

/** Maintenance affecting the signed-in user's company; looked at again every few minutes. */
export function useBannerNotices() {
  return useQuery({
    queryKey: ['maintenance-banner'],
    queryFn: async () => (await api.get<{ notices: BannerNotice[] }>('/api/maintenance/notices')).notices,
    refetchInterval: 5 * 60_000,
    staleTime: 60_000,
  });
}
