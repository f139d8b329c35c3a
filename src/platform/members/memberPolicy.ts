import { AppError } from '../../core/errors.js';
import type { Membership, ServiceId, ServiceRegistry } from '../services/index.js';

/** What a tenant user may do to the members of one service. */
export interface ServiceMemberPolicy {
  service: ServiceId;
  /** How the service takes members in (white paper 9.2.1). */
  how: 'admins' | 'admins-by-invitation' | 'staff';
  /** See the service's member list (its admins, including those of staff-managed services). */
  view: boolean;
  /** Add a member with an initial password (`process`). */
  add: boolean;
  /** Invite by e-mail, resend and revoke invitations (`catalog`). */
  invite: boolean;
  changeRole: boolean;
  remove: boolean;
}

/** The member actions a policy answers for. */
export type MemberAction = 'add' | 'invite' | 'changeRole' | 'remove';

/**
 * The coarse gate of every member-management route: an admin of some service (the platform
 * permission every admin role carries). What that admin may do to which service is then
 * decided per service by `memberPolicy` inside each command.
 */
export const MEMBER_ROUTE_GATE = { user: 'tenant:members:read' } as const;

/** The permission that lets a service's admins manage its members, e.g. `process:members:manage`. */
export function managePermission(service: ServiceId): string {
  return `${service}:members:manage`;
}

/**
 * The policy of one service for a user holding `memberships`. Pure and synchronous: the
 * UI receives it to show only what the server allows, and every command asserts it.
 * Staff-managed services (`survey`) allow no tenant user any change, admins included.
 */
export function memberPolicy(registry: ServiceRegistry, memberships: readonly Membership[], service: ServiceId): ServiceMemberPolicy {
  const definition = registry.get(service);
  const how = definition?.memberManagement.by ?? 'staff';
  const own = memberships.find((m) => m.service === service);
  const isAdmin = own ? registry.role(service, own.role)?.admin === true : false;
  const manage = how !== 'staff' && registry.permissionsOf(memberships).has(managePermission(service));
  return {
    service,
    how,
    view: isAdmin || manage,
    add: manage && how === 'admins',
    invite: manage && how === 'admins-by-invitation',
    changeRole: manage,
    remove: manage,
  };
}

/** Throws the 403 that says why `action` is refused, or returns when it is allowed. */
export function authorizeMemberAction(policy: ServiceMemberPolicy, action: MemberAction): void {
  if (policy[action]) return;
  const internal = `member action ${action} on ${policy.service} refused`;
  if (policy.how === 'staff') throw new AppError('members.staff_managed', { internal });
  if (policy.changeRole && action === 'add') throw new AppError('members.invitation_only', { internal });
  if (policy.changeRole && action === 'invite') throw new AppError('members.direct_add_only', { internal });
  throw new AppError('auth.forbidden', { internal });
}

/**
 * Disabling a user reaches every service they belong to, so the actor must manage all of
 * them; a member of a staff-managed service is the provider's to disable.
 */
export function authorizeWholeUserAction(registry: ServiceRegistry, actorMemberships: readonly Membership[], targetServices: readonly ServiceId[]): void {
  const policies = targetServices.map((s) => memberPolicy(registry, actorMemberships, s));
  if (policies.length === 0) {
    // A user without memberships: any admin who can manage some service may act on them.
    const any = registry.services.some((s) => memberPolicy(registry, actorMemberships, s.id).remove);
    if (!any) throw new AppError('auth.forbidden', { internal: 'no service the actor manages' });
    return;
  }
  if (policies.some((p) => !p.remove)) {
    const managesSome = registry.services.some((s) => memberPolicy(registry, actorMemberships, s.id).remove);
    throw new AppError(managesSome ? 'members.not_all_services' : 'auth.forbidden', { internal: 'target belongs to a service the actor cannot manage' });
  }
}
