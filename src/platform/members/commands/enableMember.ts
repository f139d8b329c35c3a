import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import type { UserActor } from '../../identity/index.js';
import { contractedMemberships, currentMemberships, userAuditActor, type MemberDeps } from '../memberContext.js';
import { authorizeWholeUserAction } from '../memberPolicy.js';
import { findMemberRow, lockUser, setUserStatus, type MemberListRow } from '../memberRepository.js';

/** An admin enables a disabled user again; the same admins who may disable them may do so. */
export async function enableMember(deps: MemberDeps, actor: UserActor, userId: string, origin: AuditOrigin): Promise<MemberListRow> {
  const { db, clock, registry } = deps;
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    const user = await lockUser(tx, userId);
    if (!user) throw new AppError('not_found');
    const theirs = await contractedMemberships(tx, actor.tenantId, userId, now);
    authorizeWholeUserAction(registry, await currentMemberships(tx, actor.tenantId, actor.userId, now), theirs.map((m) => m.service));
    if (user.status !== 'active') {
      await setUserStatus(tx, userId, 'active', now);
      await recordTenantEvent(tx, clock, actor.tenantId, origin, {
        actor: userAuditActor(actor),
        action: 'tenant.member.enabled',
        target: { type: 'user', id: userId },
        result: 'success',
      });
    }
    const member = await findMemberRow(tx, userId);
    if (!member) throw new Error('enableMember: the member is not readable in its own transaction');
    return member;
  });
}
