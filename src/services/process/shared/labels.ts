import { z } from 'zod';
import type { UserActor } from '../../../platform/identity/index.js';

/**
 * Labels on items, orders and work records (white paper 8.2.2): free remarks and labels, and a
 * classification. A confidential (機密) record is visible only to the service's admins and to
 * the users named on it; general (一般) and internal (社外秘) records to every member.
 */
export const CLASSIFICATIONS = ['general', 'internal', 'confidential'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** The label fields as a request body carries them (all optional on update). */
export const labelFields = {
  remarks: z.string().trim().max(2000).optional(),
  labels: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  classification: z.enum(CLASSIFICATIONS).optional(),
  namedUsers: z.array(z.uuid()).max(50).optional(),
};

/** The label fields of a record as the API returns them. */
export const labelView = {
  remarks: z.string(),
  labels: z.array(z.string()),
  classification: z.enum(CLASSIFICATIONS),
  namedUsers: z.array(z.string()),
};

/** Whether the actor is an admin of the process service (admins see every record). */
export function isProcessAdmin(actor: UserActor): boolean {
  return actor.memberships.some((m) => m.service === 'process' && m.role === 'admin');
}

/**
 * SQL condition that hides confidential records from whoever may not see them. `alias` is
 * the table alias; `userParam` the placeholder holding the actor's user id (e.g. `$3`).
 * Admins get `true`. Use it in every list and every read by id (a hidden record answers 404).
 */
export function visibleCondition(actor: UserActor, alias: string, userParam: string): string {
  if (isProcessAdmin(actor)) return 'true';
  return `(${alias}.classification <> 'confidential' OR ${userParam}::uuid = ANY (${alias}.named_users))`;
}

/** Whether one loaded record is visible to the actor (same rule as `visibleCondition`). */
export function canSee(actor: UserActor, record: { classification: string; named_users: readonly string[] }): boolean {
  return isProcessAdmin(actor) || record.classification !== 'confidential' || record.named_users.includes(actor.userId);
}
