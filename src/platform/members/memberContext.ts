import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { Database, Tx } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import type { AuditActor } from '../audit/index.js';
import { RequestValidationError } from '../http/index.js';
import { addPasswordIssues, type UserActor } from '../identity/index.js';
import type { Membership, ServiceId, ServiceRegistry } from '../services/index.js';
import { contractedServices } from '../tenancy/index.js';
import { ROLE_UNKNOWN } from './memberMessages.js';
import { membershipsOf, userStatus } from './memberRepository.js';

/** What the member commands need; each takes only this, never the whole server. */
export interface MemberDeps {
  db: Database;
  clock: Clock;
  registry: ServiceRegistry;
  /** The address users reach (`PUBLIC_URL`), for links in mails. */
  publicUrl: string;
}

/** A provider staff member acting on a tenant's request (operator console). */
export interface StaffActorRef {
  type: 'staff';
  id: string;
  name: string;
}

/** How a tenant user appears in the event log. */
export function userAuditActor(actor: UserActor): AuditActor {
  return { type: 'user', id: actor.userId, name: actor.displayName };
}

/** How a staff member appears in the tenant's and the operator's event logs. */
export function staffAuditActor(staff: StaffActorRef): AuditActor {
  return { type: 'staff', id: staff.id, name: staff.name };
}

/**
 * The actor's memberships as stored now, in services under contract. The session read them
 * at the start of the request; a command re-reads them inside its transaction (after taking
 * its locks) so an admin demoted a moment ago cannot still act as one.
 */
export async function currentMemberships(tx: Tx, tenantId: string, userId: string, now: Date): Promise<Membership[]> {
  // A user disabled a moment ago holds no authority, whatever their memberships say.
  if ((await userStatus(tx, userId)) !== 'active') return [];
  return contractedMemberships(tx, tenantId, userId, now);
}

/** A user's memberships in services under contract, whatever the user's status. */
export async function contractedMemberships(tx: Tx, tenantId: string, userId: string, now: Date): Promise<Membership[]> {
  const services = new Set(await contractedServices(tx, tenantId, now));
  return (await membershipsOf(tx, userId)).filter((m) => services.has(m.service));
}

/** Refuses a change to a service the tenant has no running contract for. */
export async function assertContracted(tx: Tx, tenantId: string, service: ServiceId, now: Date): Promise<void> {
  const services = await contractedServices(tx, tenantId, now);
  if (!services.includes(service)) throw new AppError('members.service_not_contracted', { internal: `${service} not contracted` });
}

/** The role must be one the service defines; said beside the field otherwise. */
export function assertRoleOf(registry: ServiceRegistry, service: ServiceId, role: string, field = 'role'): void {
  if (registry.role(service, role)) return;
  throw new RequestValidationError(
    [{ code: 'custom', message: ROLE_UNKNOWN, path: [field], input: role } as z.core.$ZodIssue],
    { [field]: role },
  );
}

/**
 * Checks a password that is set where the e-mail is not part of the request (a link's
 * owner) against the one password policy, and answers like a body validation error: one
 * message per broken rule beside the field.
 */
export function assertPasswordPolicy(password: string, email: string, field = 'password'): void {
  const schema = z.string().superRefine((value, ctx) => addPasswordIssues(ctx, value, { email, path: [field] }));
  const result = schema.safeParse(password);
  if (!result.success) throw new RequestValidationError(result.error.issues, { [field]: password });
}

/** True for PostgreSQL's unique violation (a taken e-mail, a second pending invitation). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}
