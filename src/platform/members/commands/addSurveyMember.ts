import { z } from 'zod';
import type { Clock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import { withTenant, type Database } from '../../../core/db/index.js';
import type { AuditOrigin } from '../../audit/index.js';
import { hashPassword } from '../../identity/index.js';
import { queueMail } from '../../mail/index.js';
import type { ServiceRegistry } from '../../services/index.js';
import { findTenantById } from '../../tenancy/index.js';
import { assertContracted, assertRoleOf, isUniqueViolation, type StaffActorRef } from '../memberContext.js';
import { findUserByEmail, insertMembership, insertUser, lockMembership } from '../memberRepository.js';
import { recordStaffMemberEvent } from '../staffEvents.js';
import { generateTemporaryPassword, saveTemporaryPasswordExpiry, TEMPORARY_PASSWORD_TTL_MS } from '../temporaryPassword.js';

export const addSurveyMemberSchema = z.strictObject({
  tenantId: z.uuid(),
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(100),
  role: z.string().min(1).max(40).meta({ description: 'A survey role id: org_admin, org_reviewer or org_member.' }),
  lang: z.enum(['ja', 'en']).default('ja').meta({ description: 'Language of the mail and of a new account.' }),
  requestRef: z.string().trim().min(1).max(200).meta({ description: 'The tenant’s request this change answers (e.g. ticket number), for both logs.' }),
});
export type AddSurveyMemberInput = z.output<typeof addSurveyMemberSchema>;

/**
 * Staff add a member to a tenant's `survey` service at the tenant's request (white paper
 * 9.2.1). A person new to the tenant gets an account with a random temporary password that
 * meets the policy, expires after 72 hours and must be changed at first sign-in; it is sent
 * by e-mail only and never returned or logged. A user the tenant already has just gains
 * the membership.
 */
export async function addSurveyMember(
  db: Database,
  clock: Clock,
  input: AddSurveyMemberInput,
  staff: StaffActorRef,
  origin: AuditOrigin,
  env: { registry: ServiceRegistry; publicUrl: string },
): Promise<{ userId: string; newUser: boolean; temporaryPasswordExpiresAt: Date | null }> {
  assertRoleOf(env.registry, 'survey', input.role);
  const temporaryPassword = generateTemporaryPassword(input.email);
  const passwordHash = await hashPassword(temporaryPassword);
  return withTenant(db, input.tenantId, async (tx) => {
    const now = clock.now();
    const tenant = await findTenantById(tx, input.tenantId);
    if (!tenant) throw new AppError('not_found');
    await assertContracted(tx, tenant.id, 'survey', now);
    const existing = await findUserByEmail(tx, input.email);
    if (existing && (await lockMembership(tx, existing.id, 'survey')) !== undefined) throw new AppError('members.already_member');
    let userId = existing?.id;
    let expiresAt: Date | null = null;
    if (!userId) {
      try {
        userId = await insertUser(tx, {
          tenantId: tenant.id,
          email: input.email,
          displayName: input.displayName,
          locale: input.lang,
          passwordHash,
          mustChangePassword: true,
          at: now,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('members.email_taken', { cause: error });
        throw error;
      }
      expiresAt = new Date(now.getTime() + TEMPORARY_PASSWORD_TTL_MS);
      await saveTemporaryPasswordExpiry(tx, tenant.id, userId, now, expiresAt);
      await queueMail(tx, clock, {
        to: input.email.trim(),
        template: 'survey.temporary_password',
        lang: input.lang,
        params: { temporaryPassword, loginUrl: `${env.publicUrl}/login?company=${encodeURIComponent(tenant.code)}`, expiresAt },
        customerId: tenant.id,
      });
    }
    await insertMembership(tx, tenant.id, userId, 'survey', input.role, now);
    await recordStaffMemberEvent(tx, clock, origin, staff, {
      tenantId: tenant.id,
      tenantAction: 'tenant.member.created',
      operatorAction: 'ops.tenant_member.created',
      target: { type: 'user', id: userId },
      requestRef: input.requestRef,
      details: { service: 'survey', role: input.role, email: input.email, newUser: !existing },
    });
    return { userId, newUser: !existing, temporaryPasswordExpiresAt: expiresAt };
  });
}
