import { z } from 'zod';
import { SERVICE_IDS } from '../services/index.js';
import type { InvitationRow } from './invitationRepository.js';
import type { ServiceMemberPolicy } from './memberPolicy.js';
import type { MemberListRow } from './memberRepository.js';

const membership = z.object({ service: z.enum(SERVICE_IDS), role: z.string() });

export const memberView = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'disabled']),
  /** Still on the initial or temporary password. */
  mustChangePassword: z.boolean(),
  lastSignInAt: z.string().nullable().meta({ description: 'Start of the newest session (ISO 8601), null if never signed in.' }),
  memberships: z.array(membership),
});

export const policyView = z.object({
  service: z.enum(SERVICE_IDS),
  how: z.enum(['admins', 'admins-by-invitation', 'staff']),
  view: z.boolean(),
  add: z.boolean(),
  invite: z.boolean(),
  changeRole: z.boolean(),
  remove: z.boolean(),
});

export const invitationView = z.object({
  id: z.uuid(),
  service: z.enum(SERVICE_IDS),
  email: z.string(),
  role: z.string(),
  invitedByName: z.string(),
  sendCount: z.number().int(),
  createdAt: z.string(),
  lastSentAt: z.string(),
  expiresAt: z.string(),
  /** The link has expired; resending issues a new one. */
  expired: z.boolean(),
});

/** The member as the API shows it (dates as ISO 8601). */
export function presentMember(row: MemberListRow): z.infer<typeof memberView> {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    status: row.status,
    mustChangePassword: row.mustChangePassword,
    lastSignInAt: row.lastSignInAt ? new Date(row.lastSignInAt).toISOString() : null,
    memberships: row.memberships,
  };
}

/** The member policy as the API shows it. */
export function presentPolicy(policy: ServiceMemberPolicy): z.infer<typeof policyView> {
  return { ...policy };
}

/** The invitation as the API shows it, with whether its link has expired at `now`. */
export function presentInvitation(row: InvitationRow, now: Date): z.infer<typeof invitationView> {
  return {
    id: row.id,
    service: row.service,
    email: row.email,
    role: row.role,
    invitedByName: row.invitedByName,
    sendCount: row.sendCount,
    createdAt: row.createdAt.toISOString(),
    lastSentAt: row.lastSentAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    expired: row.expiresAt.getTime() <= now.getTime(),
  };
}
