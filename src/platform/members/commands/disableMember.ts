import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import { revokeUserSessions, type UserActor } from '../../identity/index.js';
import { SERVICE_IDS } from '../../services/index.js';
import { assertAdminRemains, isAdminRole, lockAdminsOf } from '../lastAdminGuard.js';
import { contractedMemberships, currentMemberships, userAuditActor, type MemberDeps } from '../memberContext.js';
import { authorizeWholeUserAction } from '../memberPolicy.js';
import { findMemberRow, lockUser, setUserStatus, type MemberListRow } from '../memberRepository.js';

/**
 * An admin disables a user: every session ends at once and sign-in is refused until the
 * user is enabled again. It reaches all the user's services, so the actor must manage each
 * of them; the last active admin of a service cannot be disabled.
 */
export async function disableMember(deps: MemberDeps, actor: UserActor, userId: string, origin: AuditOrigin): Promise<MemberListRow> {
  const { db, clock, registry } = deps;
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    // Every service's admins first, then the user: the same lock order as the other commands.
    await lockAdminsOf(tx, registry, SERVICE_IDS);
    const user = await lockUser(tx, userId);
    if (!user) throw new AppError('not_found');
    const theirs = await contractedMemberships(tx, actor.tenantId, userId, now);
    authorizeWholeUserAction(registry, await currentMemberships(tx, actor.tenantId, actor.userId, now), theirs.map((m) => m.service));
    if (userId === actor.userId) throw new AppError('members.cannot_disable_self');
    if (user.status !== 'disabled') {
      for (const m of theirs) {
        if (isAdminRole(registry, m.service, m.role)) await assertAdminRemains(tx, registry, m.service, [userId]);
      }
      await setUserStatus(tx, userId, 'disabled', now);
      const sessionsEnded = await revokeUserSessions(tx, clock, userId);
      await recordTenantEvent(tx, clock, actor.tenantId, origin, {
        actor: userAuditActor(actor),
        action: 'tenant.member.disabled',
        target: { type: 'user', id: userId },
        result: 'success',
        details: { sessionsEnded },
      });
    }
    const member = await findMemberRow(tx, userId);
    if (!member) throw new Error('disableMember: the member is not readable in its own transaction');
    return member;
  });
}
