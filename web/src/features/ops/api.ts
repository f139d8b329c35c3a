import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiStatus } from '../../api';
import type { LocalizedText } from '../../i18n';
import type { StaffSession } from '../audit/api';

/** The query of the signed-in staff member; shared with every console screen. */
export const OPS_SESSION_KEY = ['ops-session'] as const;

export interface StaffRoleRef {
  id: string;
  name: LocalizedText;
}

/** The staff session with the role names the console header shows. */
export interface OpsSession extends StaffSession {
  roles: StaffRoleRef[];
}

/** The signed-in staff member, or null for anyone else (the operator API answers 404). */
export function useOpsSession() {
  return useQuery({
    queryKey: OPS_SESSION_KEY,
    queryFn: async (): Promise<OpsSession | null> => {
      try {
        return (await api.get<{ staff: OpsSession }>('/api/ops/session')).staff;
      } catch (error) {
        if (isApiStatus(error, 404)) return null;
        throw error;
      }
    },
  });
}

/** What the password step answers: a single-use challenge, with a new secret on first sign-in. */
export interface StaffSecondFactor {
  token: string;
  expiresAt: string;
  enrolmentRequired: boolean;
  otpauthUri?: string;
  secret?: string;
}

export function useStaffPasswordStep() {
  return useMutation({
    mutationFn: async (input: { email: string; password: string }) =>
      (await api.post<{ secondFactor: StaffSecondFactor }>('/api/ops/auth/login', input)).secondFactor,
  });
}

export function useStaffCodeStep() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { token: string; code: string }) => api.post<void>('/api/ops/auth/mfa', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: OPS_SESSION_KEY }),
  });
}

/** Signs the staff member out; every console query is forgotten with the session. */
export function useStaffLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/ops/auth/logout', {}),
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (query) => String(query.queryKey[0]).startsWith('ops-') && query.queryKey[0] !== OPS_SESSION_KEY[0] });
      queryClient.setQueryData(OPS_SESSION_KEY, null);
    },
  });
}

/** Counts for the console home; a section the staff member may not see is null. */
export interface OpsOverview {
  tenants: { active: number; total: number } | null;
  securityReports: { new: number; open: number } | null;
  alerts: { open: number } | null;
  staff: { locked: number; invited: number; overdueTraining: number } | null;
}

export function useOpsOverview() {
  return useQuery({ queryKey: ['ops-overview'], queryFn: () => api.get<OpsOverview>('/api/ops/overview') });
}

export interface StaffAlert {
  id: string;
  key: string;
  kind: string;
  customerId: string | null;
  summary: LocalizedText;
  openedAt: string;
  resolvedAt: string | null;
}

export function useOpenAlerts(enabled: boolean) {
  return useQuery({
    queryKey: ['ops-alerts', 'open'],
    queryFn: async () => (await api.get<{ alerts: StaffAlert[] }>('/api/ops/alerts?open=true&limit=20')).alerts,
    enabled,
  });
}
