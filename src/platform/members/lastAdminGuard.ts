import { AppError } from '../../core/errors.js';
import type { Tx } from '../../core/db/index.js';
import { SERVICE_IDS, type ServiceId, type ServiceRegistry } from '../services/index.js';
import { lockAdminsAndCountRemaining } from './memberRepository.js';

/** The admin role ids of a service (e.g. `admin`, or `org_admin` for survey). */
export function adminRolesOf(registry: ServiceRegistry, service: ServiceId): string[] {
  return (registry.get(service)?.roles ?? []).filter((r) => r.admin).map((r) => r.id);
}

/** The role a tenant's representative receives in a service: its first admin role. */
export function representativeRoleOf(registry: ServiceRegistry, service: ServiceId): string {
  const role = adminRolesOf(registry, service)[0];
  if (!role) throw new Error(`Service "${service}" has no admin role; defineService() should have refused it`);
  return role;
}

/**
 * Serialises changes to the admins of `services`: locks their admin memberships in the
 * fixed service order. Commands call it first, before reading the rows their change
 * depends on, so two admins acting on each other at once are handled one after the other.
 */
export async function lockAdminsOf(tx: Tx, registry: ServiceRegistry, services: readonly ServiceId[]): Promise<void> {
  for (const service of SERVICE_IDS.filter((s) => services.includes(s))) {
    await lockAdminsAndCountRemaining(tx, service, adminRolesOf(registry, service), []);
  }
}

/**
 * Throws `members.last_admin` when no active admin of `service` would remain once `leaving`
 * lose admin rights there (white paper 9.4.1: the last admin cannot be removed, demoted or
 * disabled). Call it after `lockAdminsOf`.
 */
export async function assertAdminRemains(tx: Tx, registry: ServiceRegistry, service: ServiceId, leaving: readonly string[]): Promise<void> {
  const remaining = await lockAdminsAndCountRemaining(tx, service, adminRolesOf(registry, service), leaving);
  if (remaining > 0) return;
  const name = registry.get(service)?.name ?? { ja: service, en: service };
  throw new AppError('members.last_admin', { params: { service_ja: name.ja, service_en: name.en }, internal: `last admin of ${service}` });
}

/** Whether `role` is an admin role of the service. */
export function isAdminRole(registry: ServiceRegistry, service: ServiceId, role: string | undefined): boolean {
  return role !== undefined && registry.role(service, role)?.admin === true;
}
