import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { Lang, LocalizedText } from '../i18n';

export const SERVICE_IDS = ['process', 'catalog', 'survey'] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

/** How a service's members are added and removed (white paper 9.2.1). */
export type MemberManagement = 'admins' | 'admins-by-invitation' | 'staff';

export interface Permission {
  id: string;
  name: LocalizedText;
}

export interface Role {
  id: string;
  name: LocalizedText;
  permissions: Permission[];
}

export interface ServiceDefinition {
  id: ServiceId;
  name: LocalizedText;
  description: LocalizedText;
  memberManagement: MemberManagement;
  roles: Role[];
  /** The service's help: its important operations, in both languages. */
  help: { title: LocalizedText; body: LocalizedText }[];
}

/** Narrows a URL segment to a service id. */
export function isServiceId(value: string | undefined): value is ServiceId {
  return (SERVICE_IDS as readonly (string | undefined)[]).includes(value);
}

/** The services of the suite with their roles and permissions; public and static. */
export function useServices() {
  return useQuery({
    queryKey: ['services'],
    queryFn: async () => (await api.get<{ services: ServiceDefinition[] }>('/api/services')).services,
    staleTime: Infinity,
  });
}

/** The role's name in `lang`, or its id when the definition does not list it. */
export function roleName(service: ServiceDefinition | undefined, roleId: string, lang: Lang): string {
  const role = service?.roles.find((candidate) => candidate.id === roleId);
  return role ? role.name[lang] : roleId;
}
