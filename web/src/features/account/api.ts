import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { SESSION_KEY, type Membership } from '../../data/session';

/** The signed-in user's account (GET /api/account). */
export interface Account {
  account: {
    id: string;
    email: string;
    displayName: string;
    tenant: { code: string; name: string };
    memberships: Membership[];
    mustChangePassword: boolean;
    passwordChangedAt: string | null;
  };
  /** What the server allows this user beyond their own account. */
  can: { manageSessions: boolean };
}

/** One open session, as listed to its owner or an admin. */
export interface OpenSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** The company's session lifetimes; null values fall back to the defaults. */
export interface SessionSettings {
  idleMinutes: number | null;
  absoluteHours: number | null;
  defaults: SessionPolicy;
  effective: SessionPolicy;
}

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

const ACCOUNT_KEY = ['account'] as const;
const SESSIONS_KEY = ['account-sessions'] as const;
const SETTINGS_KEY = ['session-settings'] as const;

export function useAccount() {
  return useQuery({ queryKey: ACCOUNT_KEY, queryFn: () => api.get<Account>('/api/account') });
}

/** Changes the password; afterwards the session (no longer "must change") and the account are read again. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ChangePasswordInput) => api.post<{ otherSessionsEnded: number }>('/api/account/password', input),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: SESSION_KEY }),
        queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY }),
        queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }),
      ]);
    },
  });
}

export function useOwnSessions() {
  return useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: async () => (await api.get<{ sessions: OpenSession[] }>('/api/account/sessions')).sessions,
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => api.delete<void>(`/api/account/sessions/${encodeURIComponent(sessionId)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}

export function useRevokeOtherSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ revoked: number }>('/api/account/sessions/revoke-others', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}

export function useSessionSettings(enabled: boolean) {
  return useQuery({ queryKey: SETTINGS_KEY, enabled, queryFn: () => api.get<SessionSettings>('/api/tenant/settings/sessions') });
}

export function useUpdateSessionSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { idleMinutes: number | null; absoluteHours: number | null }) =>
      api.put<SessionSettings>('/api/tenant/settings/sessions', input),
    onSuccess: (settings) => queryClient.setQueryData(SETTINGS_KEY, settings),
  });
}

/** Asks for a reset link; the answer is the same whether or not the account exists. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (input: { companyCode: string; email: string }) => api.post<{ accepted: true }>('/api/auth/password-reset', input),
  });
}

/** Checks a reset link; 404 means unknown, used or expired. */
export function useResetLink(token: string) {
  return useQuery({
    queryKey: ['password-reset', token],
    queryFn: () => api.get<{ valid: true; expiresAt: string; email: string }>(`/api/auth/password-reset/${encodeURIComponent(token)}`),
  });
}

export function useCompletePasswordReset() {
  return useMutation({
    mutationFn: (input: { token: string; newPassword: string }) => api.post<void>('/api/auth/password-reset/complete', input),
  });
}
