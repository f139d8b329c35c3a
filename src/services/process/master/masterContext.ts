import { AppError } from '../../../core/errors.js';
import type { Tx } from '../../../core/db/index.js';
import { messageKey } from '../../../core/messages.js';
import { auditUserChange, type ServiceWrite } from '../../../platform/services/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { visibleCondition } from '../shared/labels.js';

/** What a master-data write runs in: the tenant's transaction, who acts, and from where. */
export type MasterWrite = ServiceWrite;

/** Records the change's audit event in the write's transaction. */
export const auditMaster = auditUserChange;

/** A 400 naming the fields at fault (messages are catalog keys, shown in the user's language). */
export function fieldError(fields: Record<string, string>): AppError {
  return new AppError('validation.failed', { fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, messageKey(v)])) });
}

/** Throws `process.code_taken` when another row of the table has the code. */
export async function assertCodeFree(tx: Tx, table: string, code: string, exceptId?: string): Promise<void> {
  const { rows } = await tx.query(`SELECT 1 FROM ${table} WHERE code = $1 AND id <> coalesce($2::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`, [code, exceptId ?? null]);
  if (rows.length > 0) throw new AppError('process.code_taken', { fields: { code: messageKey('process.master.code_taken') } });
}

/** Timestamps read from either driver (Date or text) as ISO 8601 UTC. */
export function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

/** Rounds a numeric read as float8 so binary noise never reaches the API. */
export function num(value: unknown): number {
  return Number(Number(value).toPrecision(15));
}

/** `process.items` reads as 404 for ids that are not UUIDs, other tenants' rows and hidden ones. */
export function notFound(): AppError {
  return new AppError('not_found');
}

/** Offset of a 1-based page. */
export function pageOffset(page: number, pageSize: number): number {
  return (page - 1) * pageSize;
}

/**
 * The labels visibility rule on `alias` with the actor's user id as `$1`. `$1` is always
 * referenced, so the parameter has a type even when the actor is an admin (who sees all).
 */
export function visibleTo(actor: UserActor, alias: string): string {
  return `($1::uuid IS NOT NULL AND ${visibleCondition(actor, alias, '$1')})`;
}
