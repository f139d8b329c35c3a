import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { SESSION_KEY, type Membership } from '../../data/session';
import type { ServiceId } from '../../data/services';

/** How a service takes members in (white paper 9.2.1). */
export type MemberManagementMode = 'admins' | 'admins-by-invitation' | 'staff';

/** A member as the member screens list them. */
export interface Member {
  id: string;
  email: string;
  displayName: string;
  status: 'active' | 'disabled';
  /** Still on the initial or temporary password. */
  mustChangePassword: boolean;
  lastSignInAt: string | null;
  memberships: Membership[];
}

/** What the signed-in user may do to the members of one service, as the server decides it. */
export interface MemberPolicy {
  service: ServiceId;
  how: MemberManagementMode;
  view: boolean;
  add: boolean;
  invite: boolean;
  changeRole: boolean;
  remove: boolean;
}

export interface Invitation {
  id: string;
  service: ServiceId;
  email: string;
  role: string;
  invitedByName: string;
  sendCount: number;
  createdAt: string;
  lastSentAt: string;
  expiresAt: string;
  expired: boolean;
}

export interface AddMemberInput {
  email: string;
  displayName: string;
  role: string;
  initialPassword: string;
}

/** What an invitation link opens. */
export interface InvitationDetails {
  tenantName: string;
  companyCode: string;
  email: string;
  service: ServiceId;
  role: string;
  expiresAt: string;
  accountExists: boolean;
}

export interface FirstLoginDetails {
  tenantName: string;
  companyCode: string;
  email: string;
  displayName: string;
  expiresAt: string;
}

/** Where to sign in once an account is ready. */
export interface SignInHint {
  companyCode: string;
  email: string;
}

const membersKey = (service: ServiceId) => ['service-members', service] as const;
const invitationsKey = (service: ServiceId) => ['service-invitations', service] as const;
const TENANT_MEMBERS_KEY = ['tenant-members'] as const;

export function useServiceMembers(service: ServiceId) {
  return useQuery({
    queryKey: membersKey(service),
    queryFn: () => api.get<{ members: Member[]; policy: MemberPolicy }>(`/api/services/${service}/members`),
  });
}

/** Every user of the company, for adding one who already uses another service. */
export function useTenantMembers(enabled: boolean) {
  return useQuery({
    queryKey: TENANT_MEMBERS_KEY,
    enabled,
    queryFn: async () => (await api.get<{ members: Pick<Member, 'id' | 'email' | 'displayName' | 'memberships'>[] }>('/api/members')).members,
  });
}

export function useInvitations(service: ServiceId, enabled: boolean) {
  return useQuery({
    queryKey: invitationsKey(service),
    enabled,
    queryFn: async () => (await api.get<{ invitations: Invitation[] }>(`/api/services/${service}/invitations`)).invitations,
  });
}

/** Member changes touch the service list, the company list and the invitations. */
function useMemberMutation<TInput, TResult>(service: ServiceId, mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['service-members'] }),
        queryClient.invalidateQueries({ queryKey: TENANT_MEMBERS_KEY }),
        queryClient.invalidateQueries({ queryKey: invitationsKey(service) }),
      ]);
    },
  });
}

export function useAddMember(service: ServiceId) {
  return useMemberMutation(service, (input: AddMemberInput) => api.post<{ member: Member }>(`/api/services/${service}/members`, input));
}

export function useAddExistingMember(service: ServiceId) {
  return useMemberMutation(service, (input: { userId: string; role: string }) => api.post<{ member: Member }>(`/api/services/${service}/memberships`, input));
}

export function useChangeRole(service: ServiceId) {
  return useMemberMutation(service, ({ userId, role }: { userId: string; role: string }) =>
    api.put<{ member: Member }>(`/api/services/${service}/members/${encodeURIComponent(userId)}`, { role }),
  );
}

export function useRemoveMember(service: ServiceId) {
  return useMemberMutation(service, (userId: string) => api.delete<{ userDeleted: boolean }>(`/api/services/${service}/members/${encodeURIComponent(userId)}`));
}

export function useSetMemberStatus(service: ServiceId) {
  return useMemberMutation(service, ({ userId, enable }: { userId: string; enable: boolean }) =>
    api.post<{ member: Member }>(`/api/members/${encodeURIComponent(userId)}/${enable ? 'enable' : 'disable'}`),
  );
}

export function useInvite(service: ServiceId) {
  return useMemberMutation(service, (input: { email: string; role: string }) => api.post<{ invitation: Invitation }>(`/api/services/${service}/invitations`, input));
}

export function useResendInvitation(service: ServiceId) {
  return useMemberMutation(service, (id: string) => api.post<{ invitation: Invitation }>(`/api/invitations/${encodeURIComponent(id)}/resend`));
}

export function useRevokeInvitation(service: ServiceId) {
  return useMemberMutation(service, (id: string) => api.post<void>(`/api/invitations/${encodeURIComponent(id)}/revoke`));
}

export function useInvitationDetails(token: string) {
  return useQuery({
    queryKey: ['invitation-link', token],
    queryFn: async () => (await api.get<{ invitation: InvitationDetails }>(`/api/invitation-links/${encodeURIComponent(token)}`)).invitation,
  });
}

export function useAcceptInvitation(token: string) {
  return useMutation({
    mutationFn: (input: { displayName: string; password: string }) => api.post<SignInHint>(`/api/invitation-links/${encodeURIComponent(token)}/accept`, input),
  });
}

/** Accepting as the signed-in user adds a membership: the session is read again. */
export function useJoinByInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ service: ServiceId; role: string }>(`/api/invitation-links/${encodeURIComponent(token)}/join`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSION_KEY }),
  });
}

export function useFirstLoginDetails(token: string) {
  return useQuery({
    queryKey: ['first-login-link', token],
    queryFn: async () => (await api.get<{ firstLogin: FirstLoginDetails }>(`/api/first-login/${encodeURIComponent(token)}`)).firstLogin,
  });
}

export function useCompleteFirstLogin(token: string) {
  return useMutation({
    mutationFn: (input: { password: string }) => api.post<SignInHint>(`/api/first-login/${encodeURIComponent(token)}`, input),
  });
}
