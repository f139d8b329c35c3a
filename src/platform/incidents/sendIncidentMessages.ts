import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import { withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import type { Lang } from '../../core/i18n.js';
import { resolveAlert } from '../alerts/index.js';
import { recordOperatorEvent, recordTenantEvent, staffAuditActor, type AuditOrigin, type StaffRef } from '../audit/index.js';
import { queueMail } from '../mail/index.js';
import type { ServiceRegistry } from '../services/index.js';
import { deadlineAlertKey } from './deadlineAlerts.js';
import { affectedTenants, findIncident, insertMessage, insertRecipient, markClosed, markNotified, type AffectedTenantRow, type IncidentRow } from './incidentRepository.js';
import { incidentMail, type IncidentMail } from './incidentMail.js';
import type { MessageKind } from './labels.js';
import type { IncidentMessageInput, NotifyTenantsInput } from './schemas.js';

export interface IncidentCommandDeps {
  db: Database;
  clock: Clock;
  config: Config;
  registry: ServiceRegistry;
}

/** What each kind of message writes to the tenant's log and to the operator log. */
const ACTIONS: Readonly<Record<MessageKind, { tenant: string; operator: string }>> = {
  notification: { tenant: 'incident.notification.sent', operator: 'ops.incident.notified' },
  update: { tenant: 'incident.update.sent', operator: 'ops.incident.update_sent' },
  closure: { tenant: 'incident.closure.sent', operator: 'ops.incident.closure_sent' },
};

/**
 * Sets the tenant whose log the next entry goes to, for the rest of this transaction only
 * (as withTenant does at its start; `set_config(…, true)` ends with the transaction). One
 * message to several tenants is one command, so their log entries commit with it or not at all.
 */
async function enterTenant(tx: Tx, tenantId: string | null): Promise<void> {
  await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId ?? '']);
}

function queueIncidentMail(tx: Tx, clock: Clock, to: string, lang: Lang, mail: IncidentMail, customerId: string): Promise<string> {
  switch (mail.template) {
    case 'incident.notification':
      return queueMail(tx, clock, { to, lang, customerId, template: mail.template, params: mail.params });
    case 'incident.update':
      return queueMail(tx, clock, { to, lang, customerId, template: mail.template, params: mail.params });
    case 'incident.closed':
      return queueMail(tx, clock, { to, lang, customerId, template: mail.template, params: mail.params });
  }
}

/**
 * Mails one message to each recipient's current contact address and records it: the message,
 * each recipient with its outbox mail, the first notice's time and whether it met the
 * deadline, and for each tenant an entry in its own event log followed by the operator log.
 */
async function sendMessage(
  tx: Tx,
  deps: IncidentCommandDeps,
  staff: StaffRef,
  origin: AuditOrigin,
  incident: IncidentRow,
  kind: MessageKind,
  input: { lang: Lang; message: string },
  recipients: readonly AffectedTenantRow[],
): Promise<string> {
  const { clock } = deps;
  const now = clock.now();
  if (recipients.some((r) => !r.contactEmail)) throw new AppError('incidents.tenant_gone');
  const messageId = await insertMessage(tx, {
    incidentId: incident.id,
    kind,
    lang: input.lang,
    message: input.message,
    sentAt: now,
    sentBy: staff.staffId,
    sentByName: staff.displayName,
  });
  const metDeadline = now.getTime() <= incident.deadline.getTime();
  for (const recipient of recipients) {
    const to = recipient.contactEmail ?? '';
    const mail = incidentMail(kind, input.lang, incident, recipient.name, input.message, { registry: deps.registry, now });
    const mailId = await queueIncidentMail(tx, clock, to, input.lang, mail, recipient.customerId);
    await insertRecipient(tx, { messageId, customerId: recipient.customerId, toAddress: to, mailId });
    if (kind === 'notification') {
      if (!(await markNotified(tx, { incidentId: incident.id, customerId: recipient.customerId, messageId, at: now, metDeadline }))) {
        throw new AppError('incidents.already_notified');
      }
      await resolveAlert(tx, clock, deadlineAlertKey(incident.id, recipient.customerId));
    }
    const target = { type: 'incident', id: incident.id };
    const details = {
      title: incident.title,
      severity: incident.severity,
      to,
      lang: input.lang,
      messageId,
      ...(kind === 'notification' ? { deadline: incident.deadline.toISOString(), metDeadline } : {}),
    };
    await enterTenant(tx, recipient.customerId);
    await recordTenantEvent(tx, clock, recipient.customerId, origin, { actor: staffAuditActor(staff), action: ACTIONS[kind].tenant, target, result: 'success', details });
    await enterTenant(tx, null);
    await recordOperatorEvent(tx, clock, origin, {
      actor: staffAuditActor(staff),
      action: ACTIONS[kind].operator,
      customerId: recipient.customerId,
      target,
      result: 'success',
      details,
    });
  }
  return messageId;
}

async function openIncident(tx: Tx, incidentId: string): Promise<IncidentRow> {
  const incident = await findIncident(tx, incidentId, { forUpdate: true });
  if (!incident) throw new AppError('not_found');
  if (incident.status === 'closed') throw new AppError('incidents.closed');
  return incident;
}

/**
 * The first notice to the chosen affected tenants, each at its contact address. Every chosen
 * tenant must be affected and not yet notified; otherwise nothing is sent.
 */
export async function notifyTenants(deps: IncidentCommandDeps, staff: StaffRef, incidentId: string, input: NotifyTenantsInput, origin: AuditOrigin): Promise<number> {
  return withoutTenant(deps.db, async (tx) => {
    const incident = await openIncident(tx, incidentId);
    const affected = new Map((await affectedTenants(tx, incidentId)).map((t) => [t.customerId, t]));
    const chosen = input.tenantIds.map((id) => affected.get(id.toLowerCase()));
    if (chosen.some((t) => t === undefined)) throw new AppError('incidents.tenant_not_affected');
    const recipients = chosen.filter((t): t is AffectedTenantRow => t !== undefined);
    if (recipients.some((t) => t.notifiedAt)) throw new AppError('incidents.already_notified');
    await sendMessage(tx, deps, staff, origin, incident, 'notification', input, recipients);
    return recipients.length;
  });
}

/** An update to every tenant notified so far. */
export async function sendIncidentUpdate(deps: IncidentCommandDeps, staff: StaffRef, incidentId: string, input: IncidentMessageInput, origin: AuditOrigin): Promise<number> {
  return withoutTenant(deps.db, async (tx) => {
    const incident = await openIncident(tx, incidentId);
    const notified = (await affectedTenants(tx, incidentId)).filter((t) => t.notifiedAt);
    if (notified.length === 0) throw new AppError('incidents.nobody_notified');
    await sendMessage(tx, deps, staff, origin, incident, 'update', input, notified);
    return notified.length;
  });
}

/**
 * Closes the incident and mails the closure to every affected tenant. Every affected tenant
 * must have had its first notice: closing does not replace notifying (16.1.1).
 */
export async function closeIncident(deps: IncidentCommandDeps, staff: StaffRef, incidentId: string, input: IncidentMessageInput, origin: AuditOrigin): Promise<number> {
  return withoutTenant(deps.db, async (tx) => {
    const incident = await openIncident(tx, incidentId);
    const tenants = await affectedTenants(tx, incidentId);
    const unnotified = tenants.filter((t) => !t.notifiedAt).length;
    if (unnotified > 0) throw new AppError('incidents.unnotified_tenants', { params: { count: unnotified } });
    const now = deps.clock.now();
    await markClosed(tx, { incidentId, at: now, by: staff.staffId, byName: staff.displayName });
    const closed: IncidentRow = { ...incident, status: 'closed', closedAt: now, closedByName: staff.displayName };
    await sendMessage(tx, deps, staff, origin, closed, 'closure', input, tenants);
    await recordOperatorEvent(tx, deps.clock, origin, {
      actor: staffAuditActor(staff),
      action: 'ops.incident.closed',
      target: { type: 'incident', id: incidentId },
      result: 'success',
      details: { title: incident.title, tenants: tenants.length },
    });
    return tenants.length;
  });
}
