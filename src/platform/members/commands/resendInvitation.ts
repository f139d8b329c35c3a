import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import type { UserActor } from '../../identity/index.js';
import { INVITATION_TTL_MS, invitationLink, queueInvitationMail } from '../invitationMail.js';
import { lockInvitation, replaceInvitationToken, type InvitationRow } from '../invitationRepository.js';
import { newLinkToken } from '../linkToken.js';
import { currentMemberships, userAuditActor, type MemberDeps } from '../memberContext.js';
import { authorizeMemberAction, memberPolicy } from '../memberPolicy.js';

/**
 * Sends a pending invitation again with a new link and a new 7-day expiry. The same row is
 * kept (no duplicates in the list) and its previous link stops working.
 */
export async function resendInvitation(deps: MemberDeps, actor: UserActor, invitationId: string, origin: AuditOrigin): Promise<InvitationRow> {
  const { db, clock, registry } = deps;
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    const invitation = await lockInvitation(tx, invitationId);
    if (!invitation) throw new AppError('not_found');
    authorizeMemberAction(memberPolicy(registry, await currentMemberships(tx, actor.tenantId, actor.userId, now), invitation.service), 'invite');
    if (invitation.status !== 'pending') throw new AppError('members.invitation_closed');
    const link = newLinkToken(actor.tenantId);
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    await replaceInvitationToken(tx, invitation.id, link.hash, expiresAt, now);
    await queueInvitationMail(tx, clock, {
      tenantId: actor.tenantId,
      to: invitation.email,
      lang: actor.locale,
      inviterName: actor.displayName,
      tenantName: actor.tenantName,
      link: invitationLink(deps.publicUrl, link.token),
      expiresAt,
    });
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: userAuditActor(actor),
      action: 'tenant.invitation.resent',
      target: { type: 'invitation', id: invitation.id },
      result: 'success',
      details: { service: invitation.service, email: invitation.email, sendCount: invitation.sendCount + 1 },
    });
    const row = await lockInvitation(tx, invitation.id);
    if (!row) throw new Error('resendInvitation: the invitation is not readable in its own transaction');
    return row;
  });
}
