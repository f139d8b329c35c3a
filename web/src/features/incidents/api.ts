import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import type { ServiceId } from '../../data/services';
import type { Lang } from '../../i18n';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Where a tenant's first notice stands against the deadline (16.1.1). */
export type NotificationStatus = 'pending' | 'overdue' | 'sent_in_time' | 'sent_late';
export type MessageKind = 'notification' | 'update' | 'closure';
export type ListStatus = 'open' | 'closed' | 'all';
export const LIST_STATUSES: readonly ListStatus[] = ['open', 'closed', 'all'];

export interface NotificationSummary {
  total: number;
  notified: number;
  inTime: number;
  late: number;
  unsent: number;
  status: NotificationStatus;
}

/** An incident as the list shows it. */
export interface IncidentSummary {
  id: string;
  title: string;
  severity: Severity;
  status: 'open' | 'closed';
  services: ServiceId[];
  occurredAt: string;
  confirmedAt: string;
  deadline: string;
  confirmedAfterDeadline: boolean;
  recordedAt: string;
  closedAt: string | null;
  notifications: NotificationSummary;
}

export interface AffectedTenant {
  customerId: string;
  code: string;
  name: string;
  /** The tenant's current contact address; null once the tenant's record is gone. */
  contactEmail: string | null;
  deadline: string;
  status: NotificationStatus;
  notifiedAt: string | null;
  mailStatus: MailStatus | null;
}

export type MailStatus = 'queued' | 'sent' | 'failed' | 'captured';

export interface IncidentMessage {
  id: string;
  kind: MessageKind;
  lang: Lang;
  message: string;
  sentAt: string;
  sentByName: string;
  recipients: { customerId: string; toAddress: string; mailStatus: MailStatus | null }[];
}

export interface IncidentDetail extends IncidentSummary {
  description: string;
  tenantScope: 'contracted' | 'selected';
  occurredInBusinessHours: boolean;
  recordedByName: string;
  closedByName: string | null;
  tenants: AffectedTenant[];
  messages: IncidentMessage[];
}

export interface IncidentPage {
  incidents: IncidentSummary[];
  total: number;
  page: number;
  pageSize: number;
  /** The server's time, so countdowns do not depend on the browser's clock. */
  now: string;
}

export interface TenantChoice {
  id: string;
  code: string;
  name: string;
  status: string;
  services: ServiceId[];
}

export interface RecordIncidentInput {
  title: string;
  description: string;
  severity: Severity;
  occurredAt: string;
  confirmedAt: string;
  services: ServiceId[];
  tenantScope: 'contracted' | 'selected';
  tenantIds?: string[];
}

export interface MailPreview {
  subject: string;
  before: string;
  after: string;
  tenantName: string;
  defaultMessage: string;
}

type DetailAnswer = { incident: IncidentDetail; now: string };

const LIST_KEY = ['ops-incidents'] as const;
const detailKey = (id: string) => ['ops-incident', id] as const;

export function useIncidents(filter: { status: ListStatus; page: number }) {
  return useQuery({
    queryKey: [...LIST_KEY, filter],
    queryFn: () => api.get<IncidentPage>(`/api/ops/incidents?status=${filter.status}&page=${filter.page}`),
    placeholderData: (previous) => previous,
  });
}

export function useIncident(id: string) {
  return useQuery({ queryKey: detailKey(id), queryFn: () => api.get<DetailAnswer>(`/api/ops/incidents/${id}`) });
}

export function useTenantChoices(enabled: boolean) {
  return useQuery({
    queryKey: ['ops-incident-tenant-choices'],
    queryFn: async () => (await api.get<{ tenants: TenantChoice[] }>('/api/ops/incidents/tenant-choices')).tenants,
    enabled,
  });
}

/** The deadline the server computes for an occurrence time (null until a time is entered). */
export function useDeadlinePreview(occurredAt: string | null) {
  return useQuery({
    queryKey: ['ops-incident-deadline', occurredAt],
    queryFn: () => api.get<{ deadline: string; occurredInBusinessHours: boolean }>(`/api/ops/incidents/deadline?occurredAt=${encodeURIComponent(occurredAt ?? '')}`),
    enabled: occurredAt !== null,
    staleTime: Infinity,
  });
}

export function useMailPreview(id: string, kind: MessageKind, lang: Lang) {
  return useQuery({
    queryKey: ['ops-incident-preview', id, kind, lang],
    queryFn: async () => (await api.get<{ preview: MailPreview }>(`/api/ops/incidents/${id}/mail-preview?kind=${kind}&lang=${lang}`)).preview,
  });
}

export function useRecordIncident() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordIncidentInput) => api.post<DetailAnswer>('/api/ops/incidents', input),
    onSuccess: (answer) => {
      client.setQueryData(detailKey(answer.incident.id), answer);
      void client.invalidateQueries({ queryKey: LIST_KEY });
    },
  });
}

const SEND_PATH: Record<MessageKind, string> = { notification: 'notifications', update: 'updates', closure: 'close' };

/** Sends a first notice (to the chosen tenants), an update or the closure. */
export function useSendMessage(id: string, kind: MessageKind) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { lang: Lang; message: string; tenantIds?: string[] }) => api.post<DetailAnswer & { sent: number }>(`/api/ops/incidents/${id}/${SEND_PATH[kind]}`, input),
    onSuccess: (answer) => {
      client.setQueryData(detailKey(id), { incident: answer.incident, now: answer.now });
      void client.invalidateQueries({ queryKey: LIST_KEY });
    },
  });
}
