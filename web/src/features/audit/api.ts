import { useMutation, useQuery } from '@tanstack/react-query';
import { api, isApiStatus } from '../../api';
import { filterQuery, type EventFilter } from './filters';

/** One event of a log, as the API returns it. */
export interface LogEvent {
  id: string;
  seq: number | null;
  occurredAt: string;
  actorType: 'user' | 'staff' | 'system' | 'anonymous';
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabels: string[];
  result: 'success' | 'failure' | 'denied';
  reason: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  changes: Record<string, unknown> | null;
  customerId?: string | null;
}

export interface EventPage {
  events: LogEvent[];
  total: number;
  page: number;
  pageSize: number;
}

/** The tenant's event log (admins). */
export function useTenantEvents(filter: EventFilter) {
  return useQuery({
    queryKey: ['audit-events', filter],
    queryFn: () => api.get<EventPage>(`/api/audit/events?${filterQuery(filter)}`),
    placeholderData: (previous) => previous,
  });
}

/** The address of the CSV export of the filtered tenant log. */
export function tenantCsvUrl(filter: EventFilter): string {
  const query = filterQuery({ ...filter, page: 1 });
  return `/api/audit/events/csv${query ? `?${query}` : ''}`;
}

/** The signed-in staff member, or null for anyone else (the operator API answers 404). */
export interface StaffSession {
  id: string;
  email: string;
  displayName: string;
  permissions: string[];
}

export function useStaffSession() {
  return useQuery({
    queryKey: ['ops-session'],
    queryFn: async (): Promise<StaffSession | null> => {
      try {
        return (await api.get<{ staff: StaffSession }>('/api/ops/session')).staff;
      } catch (error) {
        if (isApiStatus(error, 404)) return null;
        throw error;
      }
    },
  });
}

/** The operator work log. */
export function useOperatorEvents(filter: EventFilter, enabled: boolean) {
  return useQuery({
    queryKey: ['ops-audit-events', filter],
    queryFn: () => api.get<EventPage>(`/api/ops/audit/events?${filterQuery(filter)}`),
    placeholderData: (previous) => previous,
    enabled,
  });
}

export interface Verification {
  ok: boolean;
  chains: number;
  entries: number;
  preChain: number;
  broken: { chain: string; entries: number; firstSeq: number | null; lastSeq: number | null; break: { seq: number | null; kind: string; message: string } }[];
}

/** Walks every chain (verify-audit) on the server. */
export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.post<Verification>('/api/ops/audit/verify', {}) });
}

export type ClockState =
  | { status: 'synchronised' | 'unsynchronised'; source: string; offsetMs: number | null; checkedAt: string; detail: string }
  | { status: 'unknown'; source: null; offsetMs: null; checkedAt: string; reason: string };

/** Whether the host clock is NTP-synchronised. */
export function useClockState(enabled: boolean) {
  return useQuery({
    queryKey: ['ops-clock'],
    queryFn: async () => (await api.get<{ clock: ClockState }>('/api/ops/audit/clock')).clock,
    enabled,
  });
}
