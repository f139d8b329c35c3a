import type { Clock } from '../../core/clock.js';
import type { Database, Tx } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { recordOperatorEvent, recordTenantEvent, type AuditActor, type AuditOrigin } from '../audit/index.js';
import type { ServiceRegistry } from '../services/index.js';
import type { StaffActor } from '../staff/index.js';
import { findTenantRecord, type TenantRecord } from './contractRepository.js';

/** What the contract commands need; nothing else of the server. */
export interface ContractDeps {
  db: Database;
  clock: Clock;
  registry: ServiceRegistry;
  /** The address users reach (`PUBLIC_URL`), for links in mails. */
  publicUrl: string;
}

/** How a staff member appears in the tenant's and the operator's logs. */
export function staffActorOf(staff: Pick<StaffActor, 'staffId' | 'displayName'>): AuditActor {
  return { type: 'staff', id: staff.staffId, name: staff.displayName };
}

/** The tenant's record under its row lock; an unknown id answers 404, a purged tenant 409 (nothing left to change). */
export async function lockTenant(tx: Tx, tenantId: string): Promise<TenantRecord> {
  const tenant = await findTenantRecord(tx, tenantId, true);
  if (!tenant) throw new AppError('not_found', { internal: `tenant ${tenantId} not found` });
  if (tenant.status === 'purged') throw new AppError('contracts.tenant_purged');
  return tenant;
}

/**
 * A staff change to a tenant is written twice in its transaction: first in the tenant's
 * own event log (its admins see what the provider did), then in the operator work log
 * (12.4.3), both naming the tenant's request it answers.
 */
export async function recordContractEvent(
  tx: Tx,
  clock: Clock,
  origin: AuditOrigin,
  staff: Pick<StaffActor, 'staffId' | 'displayName'>,
  event: { tenantId: string; tenantAction: string; operatorAction: string; target: { type: string; id: string }; requestRef: string; details: Record<string, unknown> },
): Promise<void> {
  const details = { ...event.details, requestRef: event.requestRef };
  const actor = staffActorOf(staff);
  await recordTenantEvent(tx, clock, event.tenantId, origin, { actor, action: event.tenantAction, target: event.target, result: 'success', details });
  await recordOperatorEvent(tx, clock, origin, { actor, action: event.operatorAction, customerId: event.tenantId, target: event.target, result: 'success', details });
}

/** A JST calendar date as mails show it: `2027/03/31`. */
export function mailDate(date: string): string {
  return date.replaceAll('-', '/');
}
