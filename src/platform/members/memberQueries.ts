import { AppError } from '../../core/errors.js';
import { withTenant } from '../../core/db/index.js';
import type { UserActor } from '../identity/index.js';
import type { ServiceId } from '../services/index.js';
import { listPendingInvitations, type InvitationRow } from './invitationRepository.js';
import type { MemberDeps } from './memberContext.js';
import { authorizeMemberAction, memberPolicy } from './memberPolicy.js';
import { listMemberRows, type MemberListRow } from './memberRepository.js';

/** The members of one service in the actor's tenant, for the admins who may see them. */
export async function listServiceMembers(deps: MemberDeps, actor: UserActor, service: ServiceId): Promise<MemberListRow[]> {
  if (!memberPolicy(deps.registry, actor.memberships, service).view) {
    throw new AppError('auth.forbidden', { internal: `not an admin of ${service}` });
  }
  return withTenant(deps.db, actor.tenantId, (tx) => listMemberRows(tx, service));
}

/** Pending invitations of a service, for the admins who may invite to it. */
export async function listInvitationsFor(deps: MemberDeps, actor: UserActor, service: ServiceId): Promise<InvitationRow[]> {
  authorizeMemberAction(memberPolicy(deps.registry, actor.memberships, service), 'invite');
  return withTenant(deps.db, actor.tenantId, (tx) => listPendingInvitations(tx, service));
}
