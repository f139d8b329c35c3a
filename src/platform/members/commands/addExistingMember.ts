import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import type { UserActor } from '../../identity/index.js';
import type { ServiceId } from '../../services/index.js';
import { assertRoleOf, currentMemberships, userAuditActor, type MemberDeps } from '../memberContext.js';
import { authorizeMemberAction, memberPolicy } from '../memberPolicy.js';
import { findMemberRow, insertMembership, lockMembership, lockUser, type MemberListRow } from '../memberRepository.js';

export const addExistingMemberSchema = z.strictObject({
  userId: z.uuid(),
  role: z.string().min(1).max(40).meta({ description: 'A role id of the service.' }),
});
export type AddExistingMemberInput = z.infer<typeof addExistingMemberSchema>;

/**
 * An admin gives a user who already belongs to the tenant (through another service) a role
 * in a service whose admins add members. The user keeps their password; one role per service.
 */
export async function addExistingMember(
  deps: MemberDeps,
  actor: UserActor,
  service: ServiceId,
  input: AddExistingMemberInput,
  origin: AuditOrigin,
): Promise<MemberListRow> {
  const { db, clock, registry } = deps;
  authorizeMemberAction(memberPolicy(registry, actor.memberships, service), 'add');
  assertRoleOf(registry, service, input.role);
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    authorizeMemberAction(memberPolicy(registry, await currentMemberships(tx, actor.tenantId, actor.userId, now), service), 'add');
    const user = await lockUser(tx, input.userId);
    if (!user) throw new AppError('not_found');
    if ((await lockMembership(tx, input.userId, service)) !== undefined) throw new AppError('members.already_member');
    await insertMembership(tx, actor.tenantId, input.userId, service, input.role, now);
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: userAuditActor(actor),
      action: 'tenant.member.created',
      target: { type: 'user', id: input.userId },
      result: 'success',
      details: { service, role: input.role, newUser: false },
    });
    const member = await findMemberRow(tx, input.userId);
    if (!member) throw new Error('addExistingMember: the member is not readable in its own transaction');
    return member;
  });
}
