import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import type { UserActor } from '../../identity/index.js';
import type { ServiceId } from '../../services/index.js';
import { assertAdminRemains, isAdminRole, lockAdminsOf } from '../lastAdminGuard.js';
import { assertRoleOf, currentMemberships, userAuditActor, type MemberDeps } from '../memberContext.js';
import { authorizeMemberAction, memberPolicy } from '../memberPolicy.js';
import { findMemberRow, lockMembership, updateMembershipRole, type MemberListRow } from '../memberRepository.js';

export const changeMemberRoleSchema = z.strictObject({
  role: z.string().min(1).max(40).meta({ description: 'The new role id in the service.' }),
});
export type ChangeMemberRoleInput = z.infer<typeof changeMemberRoleSchema>;

/**
 * An admin changes a member's role in their service (white paper 9.4.1). The last active
 * admin cannot be demoted. The change applies on the member's next request, since sessions
 * re-read memberships on every request.
 */
export async function changeMemberRole(
  deps: MemberDeps,
  actor: UserActor,
  userId: string,
  service: ServiceId,
  input: ChangeMemberRoleInput,
  origin: AuditOrigin,
): Promise<MemberListRow> {
  const { db, clock, registry } = deps;
  authorizeMemberAction(memberPolicy(registry, actor.memberships, service), 'changeRole');
  assertRoleOf(registry, service, input.role);
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    await lockAdminsOf(tx, registry, [service]);
    authorizeMemberAction(memberPolicy(registry, await currentMemberships(tx, actor.tenantId, actor.userId, now), service), 'changeRole');
    const from = await lockMembership(tx, userId, service);
    if (from === undefined) throw new AppError('not_found');
    if (from !== input.role) {
      if (isAdminRole(registry, service, from) && !isAdminRole(registry, service, input.role)) {
        await assertAdminRemains(tx, registry, service, [userId]);
      }
      await updateMembershipRole(tx, userId, service, input.role);
      await recordTenantEvent(tx, clock, actor.tenantId, origin, {
        actor: userAuditActor(actor),
        action: 'tenant.member.role_changed',
        target: { type: 'user', id: userId },
        result: 'success',
        details: { service, from, to: input.role },
      });
    }
    const member = await findMemberRow(tx, userId);
    if (!member) throw new Error('changeMemberRole: the member is not readable in its own transaction');
    return member;
  });
}
