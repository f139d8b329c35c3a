import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import type { ServiceId } from '../../services/index.js';
import { findTenantById } from '../../tenancy/index.js';
import { findOpenInvitationByHash } from '../invitationRepository.js';
import { parseLinkToken } from '../linkToken.js';
import type { MemberDeps } from '../memberContext.js';
import { findUserByEmail } from '../memberRepository.js';

/** What the invitation page shows before the invitee accepts. */
export interface InvitationView {
  tenantName: string;
  companyCode: string;
  email: string;
  service: ServiceId;
  role: string;
  expiresAt: Date;
  /** The address already has an account in this tenant: accept by signing in with it. */
  accountExists: boolean;
}

/**
 * The invitation a link names, while it is pending and unexpired. The link is the
 * credential; an unknown, used, revoked or expired one answers `members.invitation_invalid`.
 */
export async function describeInvitation(deps: Pick<MemberDeps, 'db' | 'clock'>, token: string): Promise<InvitationView> {
  const parsed = parseLinkToken(token);
  if (!parsed) throw new AppError('members.invitation_invalid', { internal: 'malformed invitation token' });
  return withTenant(deps.db, parsed.tenantId, async (tx) => {
    const tenant = await findTenantById(tx, parsed.tenantId);
    const invitation = tenant?.status === 'active' ? await findOpenInvitationByHash(tx, parsed.hash, deps.clock.now()) : undefined;
    if (!tenant || !invitation) throw new AppError('members.invitation_invalid');
    return {
      tenantName: tenant.name,
      companyCode: tenant.code,
      email: invitation.email,
      service: invitation.service,
      role: invitation.role,
      expiresAt: invitation.expiresAt,
      accountExists: (await findUserByEmail(tx, invitation.email)) !== undefined,
    };
  });
}
