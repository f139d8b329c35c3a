import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import type { ServiceId } from '../../data/services';
import { filterQuery, type TenantFilter } from './tenantFilters';

export type TenantStatus = 'active' | 'suspended' | 'ended' | 'purged';
export type ContractState = 'scheduled' | 'active' | 'ending' | 'ended';
/** How a catalog contract subscribes to the product database. */
export type CatalogSubscription = 'none' | 'free' | 'paid';
export const CATALOG_SUBSCRIPTIONS: readonly CatalogSubscription[] = ['none', 'free', 'paid'];

/** The plan a catalog contract carries: may publish, and how it subscribes. */
export interface CatalogPlan {
  catalogPublisher: boolean;
  catalogSubscription: CatalogSubscription;
}

/** One row of the tenant list. */
export interface TenantSummary {
  id: string;
  code: string;
  name: string;
  status: TenantStatus;
  contactEmail: string;
  services: ServiceId[];
  /** The day the tenant's data may be deleted (YYYY-MM-DD), once every contract has an end. */
  purgeOn: string | null;
  createdAt: string;
}

export interface TenantPage {
  tenants: TenantSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Contract {
  id: string;
  service: ServiceId;
  startsOn: string;
  endsOn: string | null;
  purgeOn: string | null;
  state: ContractState;
  /** Catalog contracts only. */
  catalogPublisher?: boolean;
  /** Catalog contracts only. */
  catalogSubscription?: CatalogSubscription;
}

/** A tenant as the console shows it: provider records, contracts and user counts only. */
export interface TenantDetail {
  id: string;
  code: string;
  name: string;
  representativeEmail: string;
  contactEmail: string;
  status: TenantStatus;
  suspendedAt: string | null;
  suspensionReason: string | null;
  purgeOn: string | null;
  mfaRequired: boolean;
  contracts: Contract[];
  users: { total: number; byService: { service: ServiceId; users: number }[] };
}

export interface SurveyMember {
  id: string;
  displayName: string;
  email: string;
  role: string;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
}

export interface NewTenantInput {
  code: string;
  name: string;
  representativeName: string;
  representativeEmail: string;
  contactEmail: string;
  lang: 'ja' | 'en';
  contracts: { service: ServiceId; startsOn: string; endsOn?: string }[];
  requestRef: string;
}

const LIST_KEY = ['ops-tenants'] as const;
const detailKey = (tenantId: string) => ['ops-tenant', tenantId] as const;
const surveyKey = (tenantId: string) => ['ops-tenant-survey', tenantId] as const;

export function useTenantList(filter: TenantFilter) {
  return useQuery({
    queryKey: [...LIST_KEY, filter],
    queryFn: () => api.get<TenantPage>(`/api/ops/tenants?${filterQuery(filter)}`),
    placeholderData: (previous) => previous,
  });
}

/** The address of the CSV export of the filtered list. */
export function tenantCsvUrl(filter: TenantFilter): string {
  const query = filterQuery({ ...filter, page: 1 });
  return `/api/ops/tenants/csv${query ? `?${query}` : ''}`;
}

export function useTenant(tenantId: string) {
  return useQuery({
    queryKey: detailKey(tenantId),
    queryFn: async () => (await api.get<{ tenant: TenantDetail }>(`/api/ops/tenants/${tenantId}`)).tenant,
  });
}

export function useSurveyMembers(tenantId: string, enabled: boolean) {
  return useQuery({
    queryKey: surveyKey(tenantId),
    enabled,
    queryFn: async () => (await api.get<{ members: SurveyMember[] }>(`/api/ops/tenants/${tenantId}/survey/members`)).members,
  });
}

export function useOpenTenant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewTenantInput) => api.post<{ tenant: { id: string; code: string; firstLoginExpiresAt: string } }>('/api/ops/tenants', input),
    onSuccess: () => client.invalidateQueries({ queryKey: LIST_KEY }),
  });
}

/** A change to one tenant: afterwards its detail, its survey list and the list are read again. */
function useTenantMutation<TInput, TResult>(tenantId: string, mutationFn: (input: TInput) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: detailKey(tenantId) }),
        client.invalidateQueries({ queryKey: surveyKey(tenantId) }),
        client.invalidateQueries({ queryKey: LIST_KEY }),
      ]);
    },
  });
}

export function useChangeContacts(tenantId: string) {
  return useTenantMutation(tenantId, (input: { representativeEmail?: string; contactEmail?: string; requestRef: string }) =>
    api.put<{ changed: string[] }>(`/api/ops/tenants/${tenantId}/contacts`, input),
  );
}

export interface ContractAnswer {
  contract: Contract;
  tenantPurgeOn: string | null;
}

export function useAddContract(tenantId: string) {
  return useTenantMutation(tenantId, (input: { service: ServiceId; startsOn: string; endsOn?: string; requestRef: string } & Partial<CatalogPlan>) =>
    api.post<ContractAnswer>(`/api/ops/tenants/${tenantId}/contracts`, input),
  );
}

/** Changes the plan of a catalog contract (its dates stay as they are). */
export function useChangeCatalogPlan(tenantId: string) {
  return useTenantMutation(tenantId, ({ contractId, ...input }: { contractId: string; requestRef: string } & CatalogPlan) =>
    api.put<ContractAnswer>(`/api/ops/tenants/${tenantId}/contracts/${contractId}`, input),
  );
}

export function useChangeContractEnd(tenantId: string) {
  return useTenantMutation(tenantId, ({ contractId, ...input }: { contractId: string; endsOn: string | null; requestRef: string }) =>
    api.put<ContractAnswer>(`/api/ops/tenants/${tenantId}/contracts/${contractId}`, input),
  );
}

export function useSuspendTenant(tenantId: string) {
  return useTenantMutation(tenantId, (input: { reason: string; requestRef: string }) => api.post<{ sessionsEnded: number }>(`/api/ops/tenants/${tenantId}/suspend`, input));
}

export function useResumeTenant(tenantId: string) {
  return useTenantMutation(tenantId, (input: { requestRef: string }) => api.post<{ status: 'active' }>(`/api/ops/tenants/${tenantId}/resume`, input));
}

export function useSetMfaRequired(tenantId: string) {
  return useTenantMutation(tenantId, (input: { required: boolean; requestReference: string }) =>
    api.put<{ mfaRequired: boolean; changed: boolean }>(`/api/ops/tenants/${tenantId}/mfa-required`, input),
  );
}

export function useAddSurveyMember(tenantId: string) {
  return useTenantMutation(tenantId, (input: { email: string; displayName: string; role: string; lang: 'ja' | 'en'; requestRef: string }) =>
    api.post<{ member: { userId: string; newUser: boolean } }>(`/api/ops/tenants/${tenantId}/survey/members`, input),
  );
}

export function useChangeSurveyRole(tenantId: string) {
  return useTenantMutation(tenantId, ({ userId, ...input }: { userId: string; role: string; requestRef: string }) =>
    api.put<void>(`/api/ops/tenants/${tenantId}/survey/members/${userId}`, input),
  );
}

export function useDeleteSurveyMember(tenantId: string) {
  return useTenantMutation(tenantId, ({ userId, ...input }: { userId: string; requestRef: string }) =>
    api.delete<void>(`/api/ops/tenants/${tenantId}/survey/members/${userId}`, input),
  );
}
