import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { withTenant, withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import { recordOperatorEvent, recordTenantEvent, staffAuditActor, type AuditOrigin, type StaffRef } from '../audit/index.js';
import { queueMail } from '../mail/index.js';
import { findActiveGrant, findCustomer, findGrant, insertGrant, markGrantClosed, markGrantNotified, type Grant } from './grantRepository.js';

/** The longest a grant may run (white paper: a few hours at most). */
export const MAX_GRANT_MINUTES = 240;

export const openGrantSchema = z.strictObject({
  tenantId: z.uuid(),
  /** Why staff need to look (support case, the tenant's request, an incident): shown to the tenant. */
  reason: z.string().trim().min(10).max(1000),
  durationMinutes: z.number().int().min(5).max(MAX_GRANT_MINUTES),
});

export interface BreakGlassDeps {
  db: Database;
  clock: Clock;
  /** The address users reach, for the link to the event log in the tenant's notice. */
  publicUrl: string;
}

/** What a read through a grant was for; the tenant's log names it. */
export type GrantPurpose = 'members' | 'events' | 'evidence_export' | 'evidence_download';

/**
 * Opens a grant: the staff member may read the tenant's registered data until it expires
 * (at most four hours). Recorded in the operator log and, so the tenant's admins see it,
 * in the tenant's own event log.
 */
export async function openGrant(deps: BreakGlassDeps, staff: StaffRef, input: z.infer<typeof openGrantSchema>, origin: AuditOrigin): Promise<Grant> {
  const { db, clock } = deps;
  return withTenant(db, input.tenantId, async (tx) => {
    const customer = await findCustomer(tx, input.tenantId);
    if (!customer) throw new AppError('not_found');
    const id = randomUUID();
    const openedAt = clock.now();
    const expiresAt = new Date(openedAt.getTime() + input.durationMinutes * 60_000);
    await insertGrant(tx, { id, staffId: staff.staffId, staffName: staff.displayName, customerId: customer.id, reason: input.reason, openedAt, expiresAt });
    const event = {
      actor: staffAuditActor(staff),
      target: { type: 'breakglass_grant', id },
      result: 'success' as const,
      reason: input.reason,
      details: { expiresAt: expiresAt.toISOString(), durationMinutes: input.durationMinutes },
    };
    await recordTenantEvent(tx, clock, customer.id, origin, { ...event, action: 'breakglass.grant.opened' });
    await recordOperatorEvent(tx, clock, origin, { ...event, action: 'ops.breakglass.opened', customerId: customer.id });
    return (await findGrant(tx, id))!;
  });
}

/** Ends a grant before its time; logged in both logs like its opening. */
export async function closeGrant(deps: BreakGlassDeps, staff: StaffRef, grantId: string, origin: AuditOrigin): Promise<void> {
  const { db, clock } = deps;
  const found = await withoutTenant(db, (tx) => findGrant(tx, grantId));
  if (!found) throw new AppError('not_found');
  await withTenant(db, found.customerId, async (tx) => {
    const grant = await findGrant(tx, grantId);
    const now = clock.now();
    if (!grant || grant.closedAt || grant.expiresAt <= now) throw new AppError('breakglass.grant_closed');
    await markGrantClosed(tx, grant.id, staff.staffId, now);
    const event = { actor: staffAuditActor(staff), target: { type: 'breakglass_grant', id: grant.id }, result: 'success' as const, details: { openedBy: grant.staffName } };
    await recordTenantEvent(tx, clock, grant.customerId, origin, { ...event, action: 'breakglass.grant.closed' });
    await recordOperatorEvent(tx, clock, origin, { ...event, action: 'ops.breakglass.closed', customerId: grant.customerId });
  });
}

type Outcome<T> = { kind: 'ok'; value: T } | { kind: 'unknown_tenant' } | { kind: 'no_grant' };

/**
 * The only way staff read a tenant's registered data. Without the staff member's own open
 * grant for the tenant nothing is read (403, and the refusal is logged). With one, `read`
 * runs in the tenant's transaction and the access is written to the operator log and to
 * the tenant's event log (who looked, why, when, what for); the first access through a
 * grant also e-mails the tenant's contact address.
 */
export async function readThroughGrant<T>(
  deps: BreakGlassDeps,
  staff: StaffRef,
  tenantId: string,
  purpose: GrantPurpose,
  origin: AuditOrigin,
  read: (tx: Tx, grant: Grant) => Promise<T>,
): Promise<T> {
  const { db, clock } = deps;
  const outcome = await withTenant(db, tenantId, async (tx): Promise<Outcome<T>> => {
    const customer = await findCustomer(tx, tenantId);
    if (!customer) return { kind: 'unknown_tenant' };
    const now = clock.now();
    const grant = await findActiveGrant(tx, staff.staffId, customer.id, now);
    if (!grant) return { kind: 'no_grant' };
    const event = {
      actor: staffAuditActor(staff),
      target: { type: 'breakglass_grant', id: grant.id },
      result: 'success' as const,
      reason: grant.reason,
      details: { purpose, grantExpiresAt: grant.expiresAt.toISOString() },
    };
    await recordTenantEvent(tx, clock, customer.id, origin, { ...event, action: 'breakglass.access' });
    await recordOperatorEvent(tx, clock, origin, { ...event, action: 'ops.breakglass.read', customerId: customer.id });
    // Read after logging: the tenant's chain head is then locked before the operator log's,
    // the order every command that writes both follows, so two such transactions never deadlock.
    const value = await read(tx, grant);
    if (!grant.notifiedAt) {
      await queueMail(tx, clock, {
        to: customer.contactEmail,
        template: 'breakglass.notice',
        lang: 'ja',
        customerId: customer.id,
        params: { tenantName: customer.name, staffName: staff.displayName, reason: grant.reason, accessedAt: now, expiresAt: grant.expiresAt, logUrl: `${deps.publicUrl}/audit` },
      });
      await markGrantNotified(tx, grant.id, now);
    }
    return { kind: 'ok', value };
  });
  if (outcome.kind === 'ok') return outcome.value;
  if (outcome.kind === 'unknown_tenant') throw new AppError('not_found');
  await withoutTenant(db, (tx) =>
    recordOperatorEvent(tx, clock, origin, {
      actor: staffAuditActor(staff),
      action: 'ops.breakglass.refused',
      customerId: tenantId,
      result: 'denied',
      reason: 'no_active_grant',
      details: { purpose },
    }),
  );
  throw new AppError('breakglass.grant_required');
}
