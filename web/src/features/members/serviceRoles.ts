import type { Lang } from '../../i18n';
import type { ServiceDefinition } from '../../data/services';

/** A role as `/api/services` describes it; the admin flag marks roles that manage the service. */
interface RoleWithAdmin {
  id: string;
  name: { ja: string; en: string };
  admin?: boolean;
}

/** The service's roles as options for a role picker, in the service's own order. */
export function roleOptions(service: ServiceDefinition, lang: Lang): { value: string; label: string }[] {
  return service.roles.map((role) => ({ value: role.id, label: role.name[lang] }));
}

/** The role a new member gets unless the admin picks another: the first role that is not an admin role. */
export function defaultRole(service: ServiceDefinition): string {
  const roles: readonly RoleWithAdmin[] = service.roles;
  return roles.find((role) => role.admin !== true)?.id ?? roles[0]?.id ?? '';
}

/** Whether the role manages the service (its admins see the member screens). */
export function isAdminRole(service: ServiceDefinition, roleId: string | undefined): boolean {
  const roles: readonly RoleWithAdmin[] = service.roles;
  return roles.some((role) => role.id === roleId && role.admin === true);
}
