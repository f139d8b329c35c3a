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

/** Checks the one-time setup link; a 404 means it is unknown, used or expired. */
export function useStaffSetupLink(token: string) {
  return useQuery({
    queryKey: ['setup-staff', token],
    queryFn: () => api.get<{ valid: true; expiresAt: string }>(`/api/setup/staff/${encodeURIComponent(token)}`),
  });
}

export function useCreateFirstStaff() {
  return useMutation({
    mutationFn: async (input: StaffSetupInput) =>
      (await api.post<{ staff: CreatedStaff }>('/api/setup/staff', input)).staff,
  });
}
