import { z } from 'zod';
import type { Clock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import { withTenant, type Database } from '../../../core/db/index.js';
import type { AuditOrigin } from '../../audit/index.js';
import type { ServiceRegistry } from '../../services/index.js';
import { assertAdminRemains, isAdminRole, lockAdminsOf } from '../lastAdminGuard.js';
import { assertRoleOf, type StaffActorRef } from '../memberContext.js';
import { lockMembership, updateMembershipRole } from '../memberRepository.js';
import { recordStaffMemberEvent } from '../staffEvents.js';

export const changeSurveyRoleSchema = z.strictObject({
  tenantId: z.uuid(),
  userId: z.uuid(),
  role: z.string().min(1).max(40),
  requestRef: z.string().trim().min(1).max(200),
});
export type ChangeSurveyRoleInput = z.output<typeof changeSurveyRoleSchema>;

/**
 * Staff change a member's `survey` role at the tenant's request (white paper 9.4.1: survey
 * roles change only by staff). The last org admin cannot be demoted.
 */
export async function changeSurveyRole(
  db: Database,
  clock: Clock,
  input: ChangeSurveyRoleInput,
  staff: StaffActorRef,
  origin: AuditOrigin,
  env: { registry: ServiceRegistry },
): Promise<{ from: string; to: string }> {
  assertRoleOf(env.registry, 'survey', input.role);
  return withTenant(db, input.tenantId, async (tx) => {
    await lockAdminsOf(tx, env.registry, ['survey']);
    const from = await lockMembership(tx, input.userId, 'survey');
    if (from === undefined) throw new AppError('not_found');
    if (from !== input.role) {
      if (isAdminRole(env.registry, 'survey', from) && !isAdminRole(env.registry, 'survey', input.role)) {
        await assertAdminRemains(tx, env.registry, 'survey', [input.userId]);
      }
      await updateMembershipRole(tx, input.userId, 'survey', input.role);
      await recordStaffMemberEvent(tx, clock, origin, staff, {
        tenantId: input.tenantId,
        tenantAction: 'tenant.member.role_changed',
        operatorAction: 'ops.tenant_member.role_changed',
        target: { type: 'user', id: input.userId },
        requestRef: input.requestRef,
        details: { service: 'survey', from, to: input.role },
      });
    }
    return { from, to: input.role };
  });
}
