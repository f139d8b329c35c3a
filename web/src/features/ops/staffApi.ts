import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import type { LocalizedText } from '../../i18n';

export type StaffStatus = 'invited' | 'active' | 'disabled';

/** What the signed-in staff member may do to one account, as the server decides it. */
export interface StaffActions {
  changeRoles: boolean;
  disable: boolean;
  enable: boolean;
  resetMfa: boolean;
  unlock: boolean;
  resendSetup: boolean;
  recordTraining: boolean;
}

export interface StaffAccount {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  status: StaffStatus;
  mfaEnrolled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  lastSignInAt: string | null;
  createdAt: string;
  setupExpiresAt: string | null;
  overdueTraining: number;
  self: boolean;
  actions: StaffActions;
}

export interface StaffRoleInfo {
  id: string;
  name: LocalizedText;
  permissions: { id: string; name: LocalizedText }[];
}

export type TrainingState = 'overdue' | 'due_soon' | 'current' | 'superseded' | 'no_due_date';

export interface TrainingRecord {
  id: string;
  staffId: string;
  course: string;
  takenOn: string;
  score: number | null;
  nextDueOn: string | null;
  state: TrainingState;
  recordedByName: string;
  createdAt: string;
}

export interface TrainingInput {
  course: string;
  takenOn: string;
  score: number | null;
  nextDueOn: string | null;
}

export interface InviteStaffInput {
  email: string;
  displayName: string;
  roles: string[];
  lang: 'ja' | 'en';
}

const LIST_KEY = ['ops-staff'] as const;
const detailKey = (staffId: string) => ['ops-staff', staffId] as const;
const MY_TRAINING_KEY = ['ops-training-mine'] as const;

export function useStaffList() {
  return useQuery({
    queryKey: LIST_KEY,
    queryFn: () => api.get<{ staff: StaffAccount[]; roles: StaffRoleInfo[]; canManage: boolean }>('/api/ops/staff'),
  });
}

export function useStaffDetail(staffId: string) {
  return useQuery({
    queryKey: detailKey(staffId),
    queryFn: () => api.get<{ staff: StaffAccount; training: TrainingRecord[]; roles: StaffRoleInfo[] }>(`/api/ops/staff/${encodeURIComponent(staffId)}`),
  });
}

export function useMyTraining() {
  return useQuery({
    queryKey: MY_TRAINING_KEY,
    queryFn: async () => (await api.get<{ training: TrainingRecord[] }>('/api/ops/training')).training,
  });
}

/** After any change, the list, the account's page and the overview are fetched again. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: LIST_KEY }),
      queryClient.invalidateQueries({ queryKey: MY_TRAINING_KEY }),
      queryClient.invalidateQueries({ queryKey: ['ops-overview'] }),
    ]);
}

export function useInviteStaff() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async (input: InviteStaffInput) => (await api.post<{ staff: { id: string; setupExpiresAt: string } }>('/api/ops/staff', input)).staff,
    onSuccess: refresh,
  });
}

export function useChangeStaffRoles(staffId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (roles: string[]) => api.put<{ changed: boolean }>(`/api/ops/staff/${encodeURIComponent(staffId)}/roles`, { roles }),
    onSuccess: refresh,
  });
}

/** The one-click account actions; each confirms in the screen first. */
export type StaffCommand = 'disable' | 'enable' | 'mfa-reset' | 'unlock' | 'setup-link';

export function useStaffCommand(staffId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ command, lang }: { command: StaffCommand; lang: 'ja' | 'en' }) =>
      api.post<unknown>(`/api/ops/staff/${encodeURIComponent(staffId)}/${command}`, command === 'setup-link' ? { lang } : {}),
    onSuccess: refresh,
  });
}

export function useRecordTraining(staffId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: TrainingInput) => api.post<{ training: { id: string } }>(`/api/ops/staff/${encodeURIComponent(staffId)}/training`, input),
    onSuccess: refresh,
  });
}

export function useDeleteTraining(staffId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (recordId: string) => api.delete<void>(`/api/ops/staff/${encodeURIComponent(staffId)}/training/${encodeURIComponent(recordId)}`),
    onSuccess: refresh,
  });
}
