import type { Clock } from '../../core/clock.js';
import { withoutTenant, type Database } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { messageKey } from '../../core/messages.js';
import { recordOperatorEvent, staffAuditActor, type AuditOrigin, type StaffRef } from '../audit/index.js';
import { jstDay, notificationDeadline } from './deadline.js';
import { insertAffectedTenants, insertIncident, tenantsByIds, tenantsContractedOn } from './incidentRepository.js';
import type { RecordIncidentInput } from './schemas.js';

/** A browser's clock may run a little ahead of the server's; more than this is a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * Records an incident with its affected tenants and its notification deadline (counted from
 * the occurrence, 16.1.1), and writes the operator log, in one transaction. The affected
 * tenants are fixed here: chosen by the staff member, or every tenant with a contract for
 * an affected service on the JST day it occurred.
 */
export async function recordIncident(db: Database, clock: Clock, staff: StaffRef, input: RecordIncidentInput, origin: AuditOrigin): Promise<string> {
  const now = clock.now();
  const occurredAt = new Date(input.occurredAt);
  const confirmedAt = new Date(input.confirmedAt);
  const future: Record<string, string> = {};
  if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) future.occurredAt = messageKey('incidents.time_in_future');
  if (confirmedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) future.confirmedAt = messageKey('incidents.time_in_future');
  if (Object.keys(future).length > 0) throw new AppError('validation.failed', { fields: future });

  const deadline = notificationDeadline(occurredAt);
  return withoutTenant(db, async (tx) => {
    let tenants: { id: string; code: string; name: string }[];
    if (input.tenantScope === 'selected') {
      const ids = input.tenantIds ?? [];
      tenants = await tenantsByIds(tx, ids);
      if (tenants.length !== ids.length) throw new AppError('incidents.tenant_unknown');
    } else {
      tenants = await tenantsContractedOn(tx, input.services, jstDay(occurredAt));
      if (tenants.length === 0) throw new AppError('incidents.no_affected_tenants');
    }
    const id = await insertIncident(tx, {
      title: input.title,
      description: input.description,
      severity: input.severity,
      services: input.services,
      tenantScope: input.tenantScope,
      occurredAt,
      confirmedAt,
      deadline,
      recordedAt: now,
      recordedBy: staff.staffId,
      recordedByName: staff.displayName,
    });
    await insertAffectedTenants(tx, id, tenants);
    await recordOperatorEvent(tx, clock, origin, {
      actor: staffAuditActor(staff),
      action: 'ops.incident.recorded',
      target: { type: 'incident', id },
      result: 'success',
      details: {
        title: input.title,
        severity: input.severity,
        services: input.services,
        tenantScope: input.tenantScope,
        occurredAt: occurredAt.toISOString(),
        confirmedAt: confirmedAt.toISOString(),
        deadline: deadline.toISOString(),
        confirmedAfterDeadline: confirmedAt.getTime() > deadline.getTime(),
        tenants: tenants.map((t) => t.id),
      },
    });
    return id;
  });
}
