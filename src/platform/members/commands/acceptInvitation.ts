import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import type { Lang } from '../../../core/i18n.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import { hashPassword } from '../../identity/index.js';
import { findOpenInvitationByHash, markInvitationAccepted } from '../invitationRepository.js';
import { parseLinkToken } from '../linkToken.js';
import { assertPasswordPolicy, isUniqueViolation, type MemberDeps } from '../memberContext.js';
import { findUserByEmail, insertMembership, insertUser } from '../memberRepository.js';
import { describeInvitation } from './describeInvitation.js';

export const acceptInvitationSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(100),
  // Checked exactly as typed against the password policy with the invited e-mail.
  password: z.string().max(1024),
});
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;

/**
 * A person new to the tenant accepts an invitation: they choose their display name and
 * password (the one password policy, with the invited e-mail) and become a user with the
 * invited role. The link works once. An address that already has an account must sign in
 * and accept as that user instead (`joinByInvitation`).
 */
export async function acceptInvitation(
  deps: Pick<MemberDeps, 'db' | 'clock'>,
  token: string,
  input: AcceptInvitationInput & { lang: Lang },
  origin: AuditOrigin,
): Promise<{ companyCode: string; email: string }> {
  const { db, clock } = deps;
  const view = await describeInvitation(deps, token);
  if (view.accountExists) throw new AppError('members.invitation_sign_in_required');
  assertPasswordPolicy(input.password, view.email);
  const passwordHash = await hashPassword(input.password);
  const parsed = parseLinkToken(token);
  if (!parsed) throw new AppError('members.invitation_invalid');
  return withTenant(db, parsed.tenantId, async (tx) => {
    const now = clock.now();
    // Checked again under lock: two tabs accepting at once create one user, once.
    const invitation = await findOpenInvitationByHash(tx, parsed.hash, now, true);
    if (!invitation) throw new AppError('members.invitation_invalid');
    if (await findUserByEmail(tx, invitation.email)) throw new AppError('members.invitation_sign_in_required');
    let userId: string;
    try {
      userId = await insertUser(tx, {
        tenantId: parsed.tenantId,
        email: invitation.email,
        displayName: input.displayName,
        locale: input.lang,
        passwordHash,
        mustChangePassword: false,
        at: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('members.invitation_sign_in_required', { cause: error });
      throw error;
    }
    await insertMembership(tx, parsed.tenantId, userId, invitation.service, invitation.role, now);
    await markInvitationAccepted(tx, invitation.id, userId, now);
    const actor = { type: 'user' as const, id: userId, name: input.displayName };
    await recordTenantEvent(tx, clock, parsed.tenantId, origin, {
      actor,
      action: 'tenant.invitation.accepted',
      target: { type: 'invitation', id: invitation.id },
      result: 'success',
      details: { service: invitation.service, role: invitation.role, newUser: true },
    });
    await recordTenantEvent(tx, clock, parsed.tenantId, origin, {
      actor,
      action: 'tenant.member.created',
      target: { type: 'user', id: userId },
      result: 'success',
      details: { service: invitation.service, role: invitation.role, email: invitation.email, newUser: true, invitationId: invitation.id },
    });
    return { companyCode: view.companyCode, email: invitation.email };
  });
}
