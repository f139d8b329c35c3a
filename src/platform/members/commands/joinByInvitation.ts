import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import type { UserActor } from '../../identity/index.js';
import type { ServiceId } from '../../services/index.js';
import { normalizeEmail } from '../../tenancy/index.js';
import { findOpenInvitationByHash, markInvitationAccepted } from '../invitationRepository.js';
import { parseLinkToken } from '../linkToken.js';
import { userAuditActor, type MemberDeps } from '../memberContext.js';
import { insertMembership, lockMembership } from '../memberRepository.js';

/**
 * A user who already belongs to the tenant accepts an invitation while signed in: they gain
 * the invited membership and keep their password. The invitation is bound to its e-mail, so
 * a user signed in with another address cannot take it; another tenant's link finds nothing.
 */
export async function joinByInvitation(
  deps: Pick<MemberDeps, 'db' | 'clock'>,
  actor: UserActor,
  token: string,
  origin: AuditOrigin,
): Promise<{ service: ServiceId; role: string }> {
  const { db, clock } = deps;
  const parsed = parseLinkToken(token);
  if (!parsed || parsed.tenantId !== actor.tenantId) throw new AppError('members.invitation_invalid');
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    const invitation = await findOpenInvitationByHash(tx, parsed.hash, now, true);
    if (!invitation) throw new AppError('members.invitation_invalid');
    if (normalizeEmail(invitation.email) !== normalizeEmail(actor.email)) throw new AppError('members.invitation_wrong_account');
    if ((await lockMembership(tx, actor.userId, invitation.service)) !== undefined) throw new AppError('members.already_member');
    await insertMembership(tx, actor.tenantId, actor.userId, invitation.service, invitation.role, now);
    await markInvitationAccepted(tx, invitation.id, actor.userId, now);
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: userAuditActor(actor),
      action: 'tenant.invitation.accepted',
      target: { type: 'invitation', id: invitation.id },
      result: 'success',
      details: { service: invitation.service, role: invitation.role, newUser: false },
    });
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: userAuditActor(actor),
      action: 'tenant.member.created',
      target: { type: 'user', id: actor.userId },
      result: 'success',
      details: { service: invitation.service, role: invitation.role, newUser: false, invitationId: invitation.id },
    });
    return { service: invitation.service, role: invitation.role };
  });
}
