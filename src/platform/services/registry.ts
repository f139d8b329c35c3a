import type { RoleDefinition, ServiceDefinition, ServiceId } from './contract.js';

export interface Membership {
  service: ServiceId;
  role: string;
}

/** Platform-wide permissions that any admin role of any service carries. */
export const TENANT_ADMIN_PERMISSIONS = ['tenant:members:read', 'tenant:security:manage', 'tenant:sessions:manage', 'tenant:audit:read'] as const;

/** The loaded services, and the questions the platform asks about roles and permissions. */
export class ServiceRegistry {
  private readonly byId: ReadonlyMap<ServiceId, ServiceDefinition>;

  constructor(readonly services: readonly ServiceDefinition[]) {
    const map = new Map<ServiceId, ServiceDefinition>();
    for (const s of services) {
      if (map.has(s.id)) throw new Error(`Service "${s.id}" is registered twice`);
      map.set(s.id, s);
    }
    this.byId = map;
  }

  get(id: ServiceId): ServiceDefinition | undefined {
    return this.byId.get(id);
  }

  role(service: ServiceId, roleId: string): RoleDefinition | undefined {
    return this.byId.get(service)?.roles.find((r) => r.id === roleId);
  }

  /** Every permission the memberships grant; unknown services or roles grant nothing. */
  permissionsOf(memberships: readonly Membership[]): Set<string> {
    const granted = new Set<string>();
    for (const m of memberships) {
      const role = this.role(m.service, m.role);
      if (!role) continue;
      for (const p of role.permissions) granted.add(p);
      if (role.admin) for (const p of TENANT_ADMIN_PERMISSIONS) granted.add(p);
    }
    return granted;
  }

  /** Every permission id any service declares, plus the platform's own. */
  allPermissions(): Set<string> {
    const all = new Set<string>(TENANT_ADMIN_PERMISSIONS);
    for (const s of this.services) for (const p of s.permissions) all.add(p.id);
    return all;
  }
}
