import { z } from 'zod';
import type { Clock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import { withTenant, type Database } from '../../../core/db/index.js';
import type { AuditOrigin } from '../../audit/index.js';
import type { ServiceRegistry } from '../../services/index.js';
import { assertAdminRemains, isAdminRole, lockAdminsOf } from '../lastAdminGuard.js';
import type { StaffActorRef } from '../memberContext.js';
import { deleteMembership, deleteUser, lockMembership, lockUser } from '../memberRepository.js';
import { recordStaffMemberEvent } from '../staffEvents.js';

export const deleteSurveyMemberSchema = z.strictObject({
  tenantId: z.uuid(),
  userId: z.uuid(),
  requestRef: z.string().trim().min(1).max(200),
});
export type DeleteSurveyMemberInput = z.output<typeof deleteSurveyMemberSchema>;

/**
 * Staff remove a member from a tenant's `survey` service at the tenant's request. A user
 * left without any membership is deleted with their sessions. The last org admin stays.
 */
export async function deleteSurveyMember(
  db: Database,
  clock: Clock,
  input: DeleteSurveyMemberInput,
  staff: StaffActorRef,
  origin: AuditOrigin,
  env: { registry: ServiceRegistry },
): Promise<{ userDeleted: boolean }> {
  return withTenant(db, input.tenantId, async (tx) => {
    await lockAdminsOf(tx, env.registry, ['survey']);
    const user = await lockUser(tx, input.userId);
    const role = user ? await lockMembership(tx, input.userId, 'survey') : undefined;
    if (!user || role === undefined) throw new AppError('not_found');
    if (isAdminRole(env.registry, 'survey', role)) await assertAdminRemains(tx, env.registry, 'survey', [input.userId]);
    const remaining = await deleteMembership(tx, input.userId, 'survey');
    const target = { type: 'user', id: input.userId };
    await recordStaffMemberEvent(tx, clock, origin, staff, {
      tenantId: input.tenantId,
      tenantAction: 'tenant.member.removed',
      operatorAction: 'ops.tenant_member.removed',
      target,
      requestRef: input.requestRef,
      details: { service: 'survey', role },
    });
    if (remaining > 0) return { userDeleted: false };
    await deleteUser(tx, input.userId);
    await recordStaffMemberEvent(tx, clock, origin, staff, {
      tenantId: input.tenantId,
      tenantAction: 'tenant.member.deleted',
      operatorAction: 'ops.tenant_member.deleted',
      target,
      requestRef: input.requestRef,
      details: { email: user.email, displayName: user.displayName, reason: 'no_membership_left' },
    });
    return { userDeleted: true };
  });
}
