import type { Localized } from '../../core/i18n.js';
import type { Tx } from '../../core/db/index.js';
import type { RouteRegistrar } from '../http/index.js';

export const SERVICE_IDS = ['process', 'catalog', 'survey'] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

/** One permission a role may hold, e.g. `process:orders:write`. */
export interface PermissionDefinition {
  id: string;
  name: Localized;
}

export interface RoleDefinition {
  id: string;
  name: Localized;
  /** Admin roles can manage the service; the last admin cannot be removed or demoted. */
  admin: boolean;
  permissions: readonly string[];
}

/**
 * Who adds members and how a new member gets a password (white paper 9.2.1):
 * `process`: admins add members and set an initial password;
 * `catalog`: admins invite by e-mail and the invitee sets a password;
 * `survey`: staff add members and a temporary password is e-mailed.
 */
export type MemberManagement =
  | { by: 'admins'; initialPassword: 'set-by-admin' }
  | { by: 'admins-by-invitation'; initialPassword: 'invitation-link' }
  | { by: 'staff'; initialPassword: 'temporary-by-email' };

/** One file of a tenant export. */
export interface ExportFile {
  path: string;
  contentType: string;
  body: AsyncIterable<Uint8Array | string> | Uint8Array | string;
}

/** Tenant data → files. Runs inside the tenant's transaction. */
export type Exporter = (ctx: { tx: Tx; tenantId: string }) => AsyncIterable<ExportFile>;

/** Deletes every row of the tenant in the service's tables; returns counts per table. */
export type Purger = (ctx: { tx: Tx; tenantId: string }) => Promise<Record<string, number>>;

export interface HelpSection {
  title: Localized;
  body: Localized;
}

/** What a service hands the platform. Adding a service means adding one such definition. */
export interface ServiceDefinition {
  id: ServiceId;
  name: Localized;
  description: Localized;
  permissions: readonly PermissionDefinition[];
  roles: readonly RoleDefinition[];
  memberManagement: MemberManagement;
  /** Registers the service's routes under `/api/<id>/…`; every route is declared (see http/routes). */
  routes: (router: RouteRegistrar) => void;
  exporter: Exporter;
  purger: Purger;
  help: readonly HelpSection[];
}

/**
 * Checks a definition's internal consistency at load: unique ids, roles naming only
 * declared permissions, permissions namespaced by the service, at least one admin role.
 */
export function defineService(def: ServiceDefinition): ServiceDefinition {
  const problems: string[] = [];
  const permissionIds = new Set<string>();
  for (const p of def.permissions) {
    if (!p.id.startsWith(`${def.id}:`)) problems.push(`permission "${p.id}" must start with "${def.id}:"`);
    if (permissionIds.has(p.id)) problems.push(`permission "${p.id}" is declared twice`);
    permissionIds.add(p.id);
  }
  const roleIds = new Set<string>();
  for (const role of def.roles) {
    if (roleIds.has(role.id)) problems.push(`role "${role.id}" is declared twice`);
    roleIds.add(role.id);
    for (const p of role.permissions) {
      if (!permissionIds.has(p)) problems.push(`role "${role.id}" names undeclared permission "${p}"`);
    }
  }
  if (!def.roles.some((r) => r.admin)) problems.push('at least one role must be an admin role');
  if (problems.length) throw new Error(`Service "${def.id}" definition is invalid: ${problems.join('; ')}`);
  return Object.freeze(def);
}
