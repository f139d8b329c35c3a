import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import type { UserActor } from '../../identity/index.js';
import { lockInvitation, markInvitationRevoked } from '../invitationRepository.js';
import { currentMemberships, userAuditActor, type MemberDeps } from '../memberContext.js';
import { authorizeMemberAction, memberPolicy } from '../memberPolicy.js';

/** Withdraws a pending invitation: its link stops working at once. */
export async function revokeInvitation(deps: MemberDeps, actor: UserActor, invitationId: string, origin: AuditOrigin): Promise<void> {
  const { db, clock, registry } = deps;
  await withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    const invitation = await lockInvitation(tx, invitationId);
    if (!invitation) throw new AppError('not_found');
    authorizeMemberAction(memberPolicy(registry, await currentMemberships(tx, actor.tenantId, actor.userId, now), invitation.service), 'invite');
    if (invitation.status !== 'pending') throw new AppError('members.invitation_closed');
    await markInvitationRevoked(tx, invitation.id, now);
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: userAuditActor(actor),
      action: 'tenant.invitation.revoked',
      target: { type: 'invitation', id: invitation.id },
      result: 'success',
      details: { service: invitation.service, email: invitation.email },
    });
  });
}
