import type { FastifyInstance } from 'fastify';
import { createRegistrar, type ServerDeps } from '../http/index.js';
import { registerInvitationRoutes } from './invitationRoutes.js';
import { registerLinkRoutes } from './linkRoutes.js';
import type { MemberDeps } from './memberContext.js';
import { registerMemberManagementRoutes } from './memberRoutes.js';

export type { MemberDeps, StaffActorRef } from './memberContext.js';
export { memberPolicy, authorizeMemberAction, managePermission, type ServiceMemberPolicy, type MemberAction } from './memberPolicy.js';
export { openTenant, openTenantSchema, FIRST_LOGIN_TTL_MS, type OpenTenantInput, type OpenedTenant } from './commands/openTenant.js';
export { addSurveyMember, addSurveyMemberSchema, type AddSurveyMemberInput } from './commands/addSurveyMember.js';
export { changeSurveyRole, changeSurveyRoleSchema, type ChangeSurveyRoleInput } from './commands/changeSurveyRole.js';
export { deleteSurveyMember, deleteSurveyMemberSchema, type DeleteSurveyMemberInput } from './commands/deleteSurveyMember.js';
export { temporaryPasswordExpired, generateTemporaryPassword, TEMPORARY_PASSWORD_TTL_MS } from './temporaryPassword.js';
export { INVITATION_TTL_MS } from './invitationMail.js';

/**
 * Routes of member management per service (white paper 9.2.1, 9.2.2, 9.2.4, 9.4.1): the
 * member list, adding members with an initial password (process), invitations (catalog),
 * role changes, removal and disabling, and the public pages reached from mails.
 * Staff-side commands (`openTenant`, the survey member commands) are exported for the
 * operator console.
 */
export function registerMemberRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { config, db, clock, registry } = deps;
  const memberDeps: MemberDeps = { db, clock, registry, publicUrl: config.http.publicUrl };
  const r = createRegistrar(app, { permissionExists: (p) => registry.allPermissions().has(p) });
  registerMemberManagementRoutes(r, memberDeps);
  registerInvitationRoutes(r, memberDeps);
  registerLinkRoutes(r, memberDeps);
}
