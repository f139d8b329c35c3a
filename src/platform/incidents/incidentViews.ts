import { isBusinessTime, notificationStatus, type NotificationStatus } from './deadline.js';
import type { AffectedTenantRow, IncidentRow, MessageRow } from './incidentRepository.js';

/** How the notifications of an incident stand, in counts and as the one status that matters most. */
export interface NotificationSummary {
  total: number;
  notified: number;
  inTime: number;
  late: number;
  unsent: number;
  /** overdue, then pending, then late, then in time: what needs attention first. */
  status: NotificationStatus;
}

export function summarize(incident: IncidentRow, counts: { total: number; notified: number; inTime: number }, now: Date): NotificationSummary {
  const unsent = counts.total - counts.notified;
  const late = counts.notified - counts.inTime;
  const status: NotificationStatus =
    unsent > 0 ? notificationStatus(incident.deadline, null, now) : late > 0 ? 'sent_late' : 'sent_in_time';
  return { total: counts.total, notified: counts.notified, inTime: counts.inTime, late, unsent, status };
}

/** An incident as lists show it. */
export function incidentListView(incident: IncidentRow, summary: NotificationSummary) {
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    services: incident.services,
    occurredAt: incident.occurredAt.toISOString(),
    confirmedAt: incident.confirmedAt.toISOString(),
    deadline: incident.deadline.toISOString(),
    /** Confirmed only after the deadline had passed: overdue from the start. */
    confirmedAfterDeadline: incident.confirmedAt.getTime() > incident.deadline.getTime(),
    recordedAt: incident.recordedAt.toISOString(),
    closedAt: incident.closedAt?.toISOString() ?? null,
    notifications: summary,
  };
}

/** An incident with every affected tenant's notification and the messages sent. */
export function incidentDetailView(incident: IncidentRow, tenants: readonly AffectedTenantRow[], messages: readonly MessageRow[], now: Date) {
  const counts = { total: tenants.length, notified: tenants.filter((t) => t.notifiedAt).length, inTime: tenants.filter((t) => t.metDeadline).length };
  return {
    ...incidentListView(incident, summarize(incident, counts, now)),
    description: incident.description,
    tenantScope: incident.tenantScope,
    /** Whether it occurred within standard business hours (which decides the deadline rule). */
    occurredInBusinessHours: isBusinessTime(incident.occurredAt),
    recordedByName: incident.recordedByName,
    closedByName: incident.closedByName,
    tenants: tenants.map((t) => ({
      customerId: t.customerId,
      code: t.code,
      name: t.name,
      contactEmail: t.contactEmail,
      deadline: incident.deadline.toISOString(),
      status: notificationStatus(incident.deadline, t.notifiedAt, now),
      notifiedAt: t.notifiedAt?.toISOString() ?? null,
      mailStatus: t.mailStatus,
    })),
    messages: messages.map((m) => ({
      id: m.id,
      kind: m.kind,
      lang: m.lang,
      message: m.message,
      sentAt: m.sentAt.toISOString(),
      sentByName: m.sentByName,
      recipients: m.recipients,
    })),
  };
}
