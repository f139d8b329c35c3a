import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import type { UserActor } from '../../identity/index.js';
import type { ServiceId } from '../../services/index.js';
import { assertAdminRemains, isAdminRole, lockAdminsOf } from '../lastAdminGuard.js';
import { currentMemberships, userAuditActor, type MemberDeps } from '../memberContext.js';
import { authorizeMemberAction, memberPolicy } from '../memberPolicy.js';
import { deleteMembership, deleteUser, lockMembership, lockUser } from '../memberRepository.js';

/**
 * An admin removes a member from their service. A user left without any membership is
 * deleted, and their sessions with them (foreign keys cascade), so they are out at once.
 * The last active admin cannot be removed.
 */
export async function removeMember(
  deps: MemberDeps,
  actor: UserActor,
  userId: string,
  service: ServiceId,
  origin: AuditOrigin,
): Promise<{ userDeleted: boolean }> {
  const { db, clock, registry } = deps;
  authorizeMemberAction(memberPolicy(registry, actor.memberships, service), 'remove');
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    await lockAdminsOf(tx, registry, [service]);
    authorizeMemberAction(memberPolicy(registry, await currentMemberships(tx, actor.tenantId, actor.userId, now), service), 'remove');
    const user = await lockUser(tx, userId);
    const role = user ? await lockMembership(tx, userId, service) : undefined;
    if (!user || role === undefined) throw new AppError('not_found');
    if (isAdminRole(registry, service, role)) await assertAdminRemains(tx, registry, service, [userId]);
    const remaining = await deleteMembership(tx, userId, service);
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: userAuditActor(actor),
      action: 'tenant.member.removed',
      target: { type: 'user', id: userId },
      result: 'success',
      details: { service, role },
    });
    if (remaining > 0) return { userDeleted: false };
    await deleteUser(tx, userId);
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: userAuditActor(actor),
      action: 'tenant.member.deleted',
      target: { type: 'user', id: userId },
      result: 'success',
      details: { email: user.email, displayName: user.displayName, reason: 'no_membership_left' },
    });
    return { userDeleted: true };
  });
}
