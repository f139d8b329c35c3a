import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import type { UserActor } from '../../identity/index.js';
import type { ServiceId } from '../../services/index.js';
import { INVITATION_TTL_MS, invitationLink, queueInvitationMail } from '../invitationMail.js';
import { hasPendingInvitation, insertInvitation, lockInvitation, type InvitationRow } from '../invitationRepository.js';
import { newLinkToken } from '../linkToken.js';
import { assertRoleOf, currentMemberships, isUniqueViolation, userAuditActor, type MemberDeps } from '../memberContext.js';
import { authorizeMemberAction, memberPolicy } from '../memberPolicy.js';
import { findUserByEmail, lockMembership } from '../memberRepository.js';

export const inviteMemberSchema = z.strictObject({
  email: z.email().max(254),
  role: z.string().min(1).max(40).meta({ description: 'The role the invitee receives on accepting.' }),
});
export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;

/**
 * An admin invites someone by e-mail (white paper 9.2.1, `catalog`): one pending invitation
 * per address and service, a single-use link bound to that address that expires after
 * 7 days, stored only as a hash. The mail is queued in the same transaction.
 */
export async function inviteMember(deps: MemberDeps, actor: UserActor, service: ServiceId, input: InviteMemberInput, origin: AuditOrigin): Promise<InvitationRow> {
  const { db, clock, registry } = deps;
  authorizeMemberAction(memberPolicy(registry, actor.memberships, service), 'invite');
  assertRoleOf(registry, service, input.role);
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    authorizeMemberAction(memberPolicy(registry, await currentMemberships(tx, actor.tenantId, actor.userId, now), service), 'invite');
    const existing = await findUserByEmail(tx, input.email);
    if (existing && (await lockMembership(tx, existing.id, service)) !== undefined) throw new AppError('members.already_member');
    if (await hasPendingInvitation(tx, service, input.email)) throw new AppError('members.invitation_pending');
    const link = newLinkToken(actor.tenantId);
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    let id: string;
    try {
      id = await insertInvitation(tx, {
        tenantId: actor.tenantId,
        service,
        email: input.email,
        role: input.role,
        tokenHash: link.hash,
        expiresAt,
        invitedBy: actor.userId,
        invitedByName: actor.displayName,
        at: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('members.invitation_pending', { cause: error });
      throw error;
    }
    await queueInvitationMail(tx, clock, {
      tenantId: actor.tenantId,
      to: input.email.trim(),
      lang: actor.locale,
      inviterName: actor.displayName,
      tenantName: actor.tenantName,
      link: invitationLink(deps.publicUrl, link.token),
      expiresAt,
    });
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: userAuditActor(actor),
      action: 'tenant.invitation.sent',
      target: { type: 'invitation', id },
      result: 'success',
      details: { service, role: input.role, email: input.email, existingUser: existing !== undefined },
    });
    const row = await lockInvitation(tx, id);
    if (!row) throw new Error('inviteMember: the invitation is not readable in its own transaction');
    return row;
  });
}
