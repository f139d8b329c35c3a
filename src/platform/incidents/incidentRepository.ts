import type { Tx } from '../../core/db/index.js';
import { SERVICE_IDS, type ServiceId } from '../services/index.js';
import { contractInForce } from '../tenancy/index.js';
import type { MessageKind, Severity } from './labels.js';

/** An incident as stored. */
export interface IncidentRow {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  services: ServiceId[];
  tenantScope: 'contracted' | 'selected';
  occurredAt: Date;
  confirmedAt: Date;
  deadline: Date;
  status: 'open' | 'closed';
  recordedAt: Date;
  recordedByName: string;
  closedAt: Date | null;
  closedByName: string | null;
}

/** One affected tenant of an incident, with its current contact (null once the tenant is gone). */
export interface AffectedTenantRow {
  customerId: string;
  code: string;
  name: string;
  contactEmail: string | null;
  notifiedAt: Date | null;
  metDeadline: boolean | null;
  notifiedMessageId: string | null;
  /** Delivery of the first notice: the outbox status, or null when it is no longer in the outbox. */
  mailStatus: string | null;
}

export interface MessageRow {
  id: string;
  kind: MessageKind;
  lang: 'ja' | 'en';
  message: string;
  sentAt: Date;
  sentByName: string;
  recipients: { customerId: string; toAddress: string; mailStatus: string | null }[];
}

/** A tenant staff can choose as affected: its current services and its contact address. */
export interface TenantChoice {
  id: string;
  code: string;
  name: string;
  status: string;
  services: ServiceId[];
}

const date = (value: Date | string) => new Date(value);
const dateOrNull = (value: Date | string | null) => (value === null ? null : new Date(value));

/** Both drivers return text[] as arrays; anything else is a driver change to notice. */
function textArray(value: unknown): string[] {
  if (!Array.isArray(value)) throw new Error('incidents: expected a text[] column to come back as an array');
  return value.map(String);
}

const INCIDENT_COLUMNS = `id, title, description, severity, services, tenant_scope, occurred_at, confirmed_at,
  notification_deadline, status, recorded_at, recorded_by_name, closed_at, closed_by_name`;

interface IncidentDbRow {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  services: unknown;
  tenant_scope: 'contracted' | 'selected';
  occurred_at: Date;
  confirmed_at: Date;
  notification_deadline: Date;
  status: 'open' | 'closed';
  recorded_at: Date;
  recorded_by_name: string;
  closed_at: Date | null;
  closed_by_name: string | null;
}

function incidentOf(r: IncidentDbRow): IncidentRow {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    severity: r.severity,
    services: textArray(r.services) as ServiceId[],
    tenantScope: r.tenant_scope,
    occurredAt: date(r.occurred_at),
    confirmedAt: date(r.confirmed_at),
    deadline: date(r.notification_deadline),
    status: r.status,
    recordedAt: date(r.recorded_at),
    recordedByName: r.recorded_by_name,
    closedAt: dateOrNull(r.closed_at),
    closedByName: r.closed_by_name,
  };
}

export async function insertIncident(
  tx: Tx,
  incident: Omit<IncidentRow, 'id' | 'status' | 'closedAt' | 'closedByName'> & { recordedBy: string },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO ops.incidents (title, description, severity, services, tenant_scope, occurred_at, confirmed_at,
        notification_deadline, recorded_at, recorded_by, recorded_by_name)
     VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9, $10, $11)
     RETURNING id`,
    [
      incident.title,
      incident.description,
      incident.severity,
      incident.services,
      incident.tenantScope,
      incident.occurredAt,
      incident.confirmedAt,
      incident.deadline,
      incident.recordedAt,
      incident.recordedBy,
      incident.recordedByName,
    ],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('insertIncident: the insert returned no id');
  return id;
}

export async function insertAffectedTenants(tx: Tx, incidentId: string, tenants: readonly { id: string; code: string; name: string }[]): Promise<void> {
  for (const tenant of tenants) {
    await tx.query('INSERT INTO ops.incident_tenants (incident_id, customer_id, tenant_code, tenant_name) VALUES ($1, $2, $3, $4)', [
      incidentId,
      tenant.id,
      tenant.code,
      tenant.name,
    ]);
  }
}

/** The incident, locked for the rest of the transaction when `forUpdate` (sends queue on it). */
export async function findIncident(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<IncidentRow | undefined> {
  const { rows } = await tx.query<IncidentDbRow>(`SELECT ${INCIDENT_COLUMNS} FROM ops.incidents WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? incidentOf(rows[0]) : undefined;
}

/** A page of incidents, newest occurrence first, with the total. */
export async function listIncidents(tx: Tx, filter: { status: 'open' | 'closed' | 'all'; limit: number; offset: number }): Promise<{ rows: IncidentRow[]; total: number }> {
  const status = filter.status === 'all' ? null : filter.status;
  const { rows } = await tx.query<IncidentDbRow & { total: number }>(
    `SELECT ${INCIDENT_COLUMNS}, count(*) OVER ()::int AS total
       FROM ops.incidents
      WHERE ($1::text IS NULL OR status = $1)
      ORDER BY occurred_at DESC, id
      LIMIT $2 OFFSET $3`,
    [status, filter.limit, filter.offset],
  );
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && filter.offset > 0) {
    total = (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ops.incidents WHERE ($1::text IS NULL OR status = $1)', [status])).rows[0]?.n ?? 0;
  }
  return { rows: rows.map(incidentOf), total };
}

/** Per incident: how many affected tenants, and how many were notified in time and late. */
export async function tenantCounts(tx: Tx, incidentIds: readonly string[]): Promise<Map<string, { total: number; notified: number; inTime: number }>> {
  const counts = new Map<string, { total: number; notified: number; inTime: number }>();
  if (incidentIds.length === 0) return counts;
  const { rows } = await tx.query<{ incident_id: string; total: number; notified: number; in_time: number }>(
    `SELECT incident_id, count(*)::int AS total, count(notified_at)::int AS notified,
            count(*) FILTER (WHERE met_deadline)::int AS in_time
       FROM ops.incident_tenants WHERE incident_id = ANY($1::uuid[]) GROUP BY incident_id`,
    [incidentIds],
  );
  for (const r of rows) counts.set(r.incident_id, { total: r.total, notified: r.notified, inTime: r.in_time });
  return counts;
}

export async function affectedTenants(tx: Tx, incidentId: string): Promise<AffectedTenantRow[]> {
  const { rows } = await tx.query<{
    customer_id: string;
    tenant_code: string;
    tenant_name: string;
    contact_email: string | null;
    notified_at: Date | null;
    met_deadline: boolean | null;
    notified_message_id: string | null;
    mail_status: string | null;
  }>(
    `SELECT it.customer_id, it.tenant_code, it.tenant_name, t.contact_email, it.notified_at, it.met_deadline,
            it.notified_message_id, o.status AS mail_status
       FROM ops.incident_tenants it
       LEFT JOIN ops.tenants t ON t.id = it.customer_id
       LEFT JOIN ops.incident_message_recipients r ON r.message_id = it.notified_message_id AND r.customer_id = it.customer_id
       LEFT JOIN ops.mail_outbox o ON o.id = r.mail_id
      WHERE it.incident_id = $1
      ORDER BY it.tenant_name, it.customer_id`,
    [incidentId],
  );
  return rows.map((r) => ({
    customerId: r.customer_id,
    code: r.tenant_code,
    name: r.tenant_name,
    contactEmail: r.contact_email,
    notifiedAt: dateOrNull(r.notified_at),
    metDeadline: r.met_deadline,
    notifiedMessageId: r.notified_message_id,
    mailStatus: r.mail_status,
  }));
}

export async function incidentMessages(tx: Tx, incidentId: string): Promise<MessageRow[]> {
  const { rows } = await tx.query<{
    id: string;
    kind: MessageKind;
    lang: 'ja' | 'en';
    message: string;
    sent_at: Date;
    sent_by_name: string;
    customer_id: string | null;
    to_address: string | null;
    mail_status: string | null;
  }>(
    `SELECT m.id, m.kind, m.lang, m.message, m.sent_at, m.sent_by_name, r.customer_id, r.to_address, o.status AS mail_status
       FROM ops.incident_messages m
       LEFT JOIN ops.incident_message_recipients r ON r.message_id = m.id
       LEFT JOIN ops.mail_outbox o ON o.id = r.mail_id
      WHERE m.incident_id = $1
      ORDER BY m.sent_at, m.id, r.customer_id`,
    [incidentId],
  );
  const byId = new Map<string, MessageRow>();
  for (const r of rows) {
    let message = byId.get(r.id);
    if (!message) {
      message = { id: r.id, kind: r.kind, lang: r.lang, message: r.message, sentAt: date(r.sent_at), sentByName: r.sent_by_name, recipients: [] };
      byId.set(r.id, message);
    }
    if (r.customer_id && r.to_address) message.recipients.push({ customerId: r.customer_id, toAddress: r.to_address, mailStatus: r.mail_status });
  }
  return [...byId.values()];
}

export async function insertMessage(
  tx: Tx,
  message: { incidentId: string; kind: MessageKind; lang: 'ja' | 'en'; message: string; sentAt: Date; sentBy: string; sentByName: string },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO ops.incident_messages (incident_id, kind, lang, message, sent_at, sent_by, sent_by_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [message.incidentId, message.kind, message.lang, message.message, message.sentAt, message.sentBy, message.sentByName],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('insertMessage: the insert returned no id');
  return id;
}

export async function insertRecipient(tx: Tx, recipient: { messageId: string; customerId: string; toAddress: string; mailId: string }): Promise<void> {
  await tx.query('INSERT INTO ops.incident_message_recipients (message_id, customer_id, to_address, mail_id) VALUES ($1, $2, $3, $4)', [
    recipient.messageId,
    recipient.customerId,
    recipient.toAddress,
    recipient.mailId,
  ]);
}

/** Records a tenant's first notice; false when it had one already. */
export async function markNotified(tx: Tx, n: { incidentId: string; customerId: string; messageId: string; at: Date; metDeadline: boolean }): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE ops.incident_tenants SET notified_at = $3, notified_message_id = $4, met_deadline = $5
      WHERE incident_id = $1 AND customer_id = $2 AND notified_at IS NULL`,
    [n.incidentId, n.customerId, n.at, n.messageId, n.metDeadline],
  );
  return rowCount === 1;
}

export async function markClosed(tx: Tx, c: { incidentId: string; at: Date; by: string; byName: string }): Promise<void> {
  await tx.query(`UPDATE ops.incidents SET status = 'closed', closed_at = $2, closed_by = $3, closed_by_name = $4 WHERE id = $1 AND status = 'open'`, [
    c.incidentId,
    c.at,
    c.by,
    c.byName,
  ]);
}

/** Tenants by id (those that exist). */
export async function tenantsByIds(tx: Tx, ids: readonly string[]): Promise<{ id: string; code: string; name: string }[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.query<{ id: string; code: string; name: string }>('SELECT id, code, name FROM ops.tenants WHERE id = ANY($1::uuid[]) ORDER BY name, id', [ids]);
  return rows;
}

/** Tenants with a contract for any of `services` in force on the JST day `day` (YYYY-MM-DD). */
export async function tenantsContractedOn(tx: Tx, services: readonly ServiceId[], day: string): Promise<{ id: string; code: string; name: string }[]> {
  const { rows } = await tx.query<{ id: string; code: string; name: string }>(
    `SELECT t.id, t.code, t.name FROM ops.tenants t
      WHERE EXISTS (SELECT 1 FROM ops.contracts c
                     WHERE c.customer_id = t.id AND c.service = ANY($1::text[])
                       AND ${contractInForce('c', '$2')})
      ORDER BY t.name, t.id`,
    [services, day],
  );
  return rows;
}

/** Every tenant not ended, with the services of its contracts in force on `day`. */
export async function tenantChoices(tx: Tx, day: string): Promise<TenantChoice[]> {
  const { rows } = await tx.query<{ id: string; code: string; name: string; status: string; services: unknown }>(
    `SELECT t.id, t.code, t.name, t.status,
            coalesce(array_agg(DISTINCT c.service ORDER BY c.service) FILTER (WHERE c.service IS NOT NULL), '{}'::text[]) AS services
       FROM ops.tenants t
       LEFT JOIN ops.contracts c ON c.customer_id = t.id AND ${contractInForce('c', '$1')}
      WHERE t.status <> 'ended'
      GROUP BY t.id, t.code, t.name, t.status
      ORDER BY t.name, t.id
      LIMIT 5000`,
    [day],
  );
  // Services in the suite's menu order, as every screen lists them.
  const inOrder = (services: string[]) => SERVICE_IDS.filter((id) => services.includes(id));
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, status: r.status, services: inOrder(textArray(r.services)) }));
}

/** Unsent notifications of open incidents whose deadline is at or before `horizon`. */
export async function unsentNearDeadline(
  tx: Tx,
  horizon: Date,
): Promise<{ incidentId: string; title: string; deadline: Date; customerId: string; tenantName: string }[]> {
  const { rows } = await tx.query<{ incident_id: string; title: string; notification_deadline: Date; customer_id: string; tenant_name: string }>(
    `SELECT i.id AS incident_id, i.title, i.notification_deadline, it.customer_id, it.tenant_name
       FROM ops.incidents i JOIN ops.incident_tenants it ON it.incident_id = i.id
      WHERE i.status = 'open' AND it.notified_at IS NULL AND i.notification_deadline <= $1
      ORDER BY i.notification_deadline, i.id, it.customer_id`,
    [horizon],
  );
  return rows.map((r) => ({ incidentId: r.incident_id, title: r.title, deadline: date(r.notification_deadline), customerId: r.customer_id, tenantName: r.tenant_name }));
}
