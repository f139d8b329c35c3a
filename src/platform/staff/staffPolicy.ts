import { staffPermissionsOf } from './roles.js';

/** The staff member acting in the console. */
export interface StaffPolicyActor {
  staffId: string;
  roles: readonly string[];
}

/** What the policy needs to know about the staff account acted on. */
export interface StaffPolicyTarget {
  id: string;
  status: 'invited' | 'active' | 'disabled';
  roles: readonly string[];
  locked: boolean;
  mfaEnrolled: boolean;
}

/** What the acting staff member may do to one staff account; the console shows only these. */
export interface StaffActions {
  changeRoles: boolean;
  disable: boolean;
  enable: boolean;
  resetMfa: boolean;
  unlock: boolean;
  resendSetup: boolean;
  recordTraining: boolean;
}

export const SECURITY_OFFICER_ROLE = 'security_officer';

/**
 * Whether the account is the last active security officer: removing that role or
 * disabling the account would leave nobody able to manage staff.
 */
export function isLastSecurityOfficer(target: Pick<StaffPolicyTarget, 'status' | 'roles'>, activeSecurityOfficers: number): boolean {
  return target.status === 'active' && target.roles.includes(SECURITY_OFFICER_ROLE) && activeSecurityOfficers <= 1;
}

/**
 * Staff account actions, decided from the actor's roles and the target's state. Only holders
 * of `ops:staff:manage` act on accounts; nobody disables or resets the authenticator of
 * their own account, and the last active security officer cannot be disabled. (Role changes
 * are offered; the command refuses the two role changes that the rules forbid and says why.)
 */
export function staffActionsFor(actor: StaffPolicyActor, target: StaffPolicyTarget, activeSecurityOfficers: number): StaffActions {
  const manage = staffPermissionsOf(actor.roles).has('ops:staff:manage');
  const self = actor.staffId === target.id;
  return {
    changeRoles: manage,
    disable: manage && !self && target.status !== 'disabled' && !isLastSecurityOfficer(target, activeSecurityOfficers),
    enable: manage && target.status === 'disabled',
    resetMfa: manage && !self && target.mfaEnrolled,
    unlock: manage && target.locked,
    resendSetup: manage && target.status === 'invited',
    recordTraining: manage,
  };
}

/** Whether a role set still lets its holder manage staff. */
export function rolesCanManageStaff(roles: readonly string[]): boolean {
  return staffPermissionsOf(roles).has('ops:staff:manage');
}
