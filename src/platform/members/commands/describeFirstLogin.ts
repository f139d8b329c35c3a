import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { findTenantById } from '../../tenancy/index.js';
import { parseLinkToken } from '../linkToken.js';
import type { MemberDeps } from '../memberContext.js';
import { findOpenFirstLoginLink } from '../onboardingRepository.js';

/** What the first sign-in page shows: whose account the link opens, and until when. */
export interface FirstLoginView {
  tenantName: string;
  companyCode: string;
  email: string;
  displayName: string;
  expiresAt: Date;
}

/** The first sign-in link while unused and unexpired; anything else is `members.first_login_invalid`. */
export async function describeFirstLogin(deps: Pick<MemberDeps, 'db' | 'clock'>, token: string): Promise<FirstLoginView> {
  const parsed = parseLinkToken(token);
  if (!parsed) throw new AppError('members.first_login_invalid', { internal: 'malformed first-login token' });
  return withTenant(deps.db, parsed.tenantId, async (tx) => {
    const tenant = await findTenantById(tx, parsed.tenantId);
    const link = tenant?.status === 'active' ? await findOpenFirstLoginLink(tx, parsed.hash, deps.clock.now()) : undefined;
    if (!tenant || !link) throw new AppError('members.first_login_invalid');
    return { tenantName: tenant.name, companyCode: tenant.code, email: link.email, displayName: link.displayName, expiresAt: link.expiresAt };
  });
}
