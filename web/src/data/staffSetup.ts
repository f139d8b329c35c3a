import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../api';

export interface StaffSetupInput {
  token: string;
  email: string;
  displayName: string;
  password: string;
}

export interface CreatedStaff {
  id: string;
  email: string;
  displayName: string;
}

/** A usable setup link; `invited` names the staff member it was mailed to (absent for the first-staff link). */
export interface StaffSetupLink {
  valid: true;
  expiresAt: string;
  invited?: { email: string; displayName: string };
}

/** Checks the one-time setup link; a 404 means it is unknown, used or expired. */
export function useStaffSetupLink(token: string) {
  return useQuery({
    queryKey: ['setup-staff', token],
    queryFn: () => api.get<StaffSetupLink>(`/api/setup/staff/${encodeURIComponent(token)}`),
  });
}

/** An invited staff member sets their password through the link mailed to them. */
export function useCompleteInvitedStaff() {
  return useMutation({
    mutationFn: async (input: StaffSetupInput) =>
      (await api.post<{ staff: CreatedStaff }>('/api/setup/staff/invited', input)).staff,
  });
}

export function useCreateFirstStaff() {
  return useMutation({
    mutationFn: async (input: StaffSetupInput) =>
      (await api.post<{ staff: CreatedStaff }>('/api/setup/staff', input)).staff,
  });
}
