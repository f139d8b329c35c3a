import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { withTenant } from '../../../core/db/index.js';
import { recordTenantEvent, type AuditOrigin } from '../../audit/index.js';
import { addPasswordIssues, hashPassword, type UserActor } from '../../identity/index.js';
import type { ServiceId } from '../../services/index.js';
import { assertRoleOf, currentMemberships, isUniqueViolation, userAuditActor, type MemberDeps } from '../memberContext.js';
import { authorizeMemberAction, memberPolicy } from '../memberPolicy.js';
import { findMemberRow, findUserByEmail, insertMembership, insertUser, type MemberListRow } from '../memberRepository.js';

export const addMemberSchema = z
  .strictObject({
    email: z.email().max(254),
    displayName: z.string().trim().min(1).max(100),
    role: z.string().min(1).max(40).meta({ description: 'A role id of the service, e.g. `admin` or `member`.' }),
    // Checked exactly as typed against the one password policy, with the member's e-mail.
    initialPassword: z.string().max(1024).meta({ description: 'Initial password the admin tells the member; it must be changed at first sign-in.' }),
  })
  .superRefine((v, ctx) => addPasswordIssues(ctx, v.initialPassword, { email: v.email, path: ['initialPassword'] }));
export type AddMemberInput = z.infer<typeof addMemberSchema>;

/**
 * An admin adds a new person to a service whose admins add members (white paper 9.2.1,
 * `process`): the user is created with the initial password the admin chose and must change
 * it at first sign-in. The password is hashed before the transaction opens.
 */
export async function addMember(deps: MemberDeps, actor: UserActor, service: ServiceId, input: AddMemberInput, origin: AuditOrigin): Promise<MemberListRow> {
  const { db, clock, registry } = deps;
  authorizeMemberAction(memberPolicy(registry, actor.memberships, service), 'add');
  assertRoleOf(registry, service, input.role);
  const passwordHash = await hashPassword(input.initialPassword);
  return withTenant(db, actor.tenantId, async (tx) => {
    const now = clock.now();
    authorizeMemberAction(memberPolicy(registry, await currentMemberships(tx, actor.tenantId, actor.userId, now), service), 'add');
    if (await findUserByEmail(tx, input.email)) throw new AppError('members.email_taken');
    let userId: string;
    try {
      userId = await insertUser(tx, {
        tenantId: actor.tenantId,
        email: input.email,
        displayName: input.displayName,
        locale: actor.locale,
        passwordHash,
        mustChangePassword: true,
        at: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('members.email_taken', { cause: error });
      throw error;
    }
    await insertMembership(tx, actor.tenantId, userId, service, input.role, now);
    await recordTenantEvent(tx, clock, actor.tenantId, origin, {
      actor: userAuditActor(actor),
      action: 'tenant.member.created',
      target: { type: 'user', id: userId },
      result: 'success',
      details: { service, role: input.role, email: input.email, newUser: true },
    });
    const member = await findMemberRow(tx, userId);
    if (!member) throw new Error('addMember: the new member is not readable in its own transaction');
    return member;
  });
}
