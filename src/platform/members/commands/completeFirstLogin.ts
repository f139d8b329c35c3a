import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import { hashPassword } from '../../identity/index.js';
import { parseLinkToken } from '../linkToken.js';
import { assertPasswordPolicy, type MemberDeps } from '../memberContext.js';
import { findOpenFirstLoginLink, markFirstLoginLinkUsed, setFirstPassword } from '../onboardingRepository.js';
import { describeFirstLogin } from './describeFirstLogin.js';

export const completeFirstLoginSchema = z.strictObject({
  // Checked exactly as typed against the password policy with the representative's e-mail.
  password: z.string().max(1024),
});
export type CompleteFirstLoginInput = z.infer<typeof completeFirstLoginSchema>;

/**
 * The representative of a new tenant sets their password through the first sign-in link
 * (white paper 9.2.4). The link works once; afterwards they sign in with company code,
 * e-mail and this password.
 */
export async function completeFirstLogin(
  deps: Pick<MemberDeps, 'db' | 'clock'>,
  token: string,
  input: CompleteFirstLoginInput,
  origin: AuditOrigin,
): Promise<{ companyCode: string; email: string }> {
  const { db, clock } = deps;
  const view = await describeFirstLogin(deps, token);
  assertPasswordPolicy(input.password, view.email);
  const passwordHash = await hashPassword(input.password);
  const parsed = parseLinkToken(token);
  if (!parsed) throw new AppError('members.first_login_invalid');
  return withTenant(db, parsed.tenantId, async (tx) => {
    const now = clock.now();
    // Checked again under lock so a link used in two tabs at once sets one password, once.
    const link = await findOpenFirstLoginLink(tx, parsed.hash, now, true);
    if (!link) throw new AppError('members.first_login_invalid');
    await setFirstPassword(tx, link.userId, passwordHash, now);
    await markFirstLoginLinkUsed(tx, link.id, now);
    await recordTenantEvent(tx, clock, parsed.tenantId, origin, {
      actor: { type: 'user', id: link.userId, name: link.displayName },
      action: 'tenant.first_login.completed',
      target: { type: 'user', id: link.userId },
      result: 'success',
    });
    return { companyCode: view.companyCode, email: link.email };
  });
}
