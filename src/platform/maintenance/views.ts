import type { Notice, NoticeListRow, NoticeTenant, NotificationRow } from './noticeRepository.js';
import { statusOf } from './noticeRepository.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A notice as the console shows it. */
export function noticeView(n: Notice, now: Date) {
  return {
    id: n.id,
    startsAt: n.startsAt.toISOString(),
    endsAt: n.endsAt.toISOString(),
    services: n.services,
    description: { ja: n.descriptionJa, en: n.descriptionEn },
    urgent: n.urgent,
    urgentReason: n.urgentReason,
    status: statusOf(n, now),
    revision: n.revision,
    createdByName: n.createdByName,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
    cancelledAt: iso(n.cancelledAt),
    cancelledByName: n.cancelledByName,
    cancelReason: n.cancelReason,
  };
}

export function noticeListItemView(n: NoticeListRow, now: Date) {
  return { ...noticeView(n, now), affectedTenants: n.affectedTenants };
}

export function noticeTenantView(t: NoticeTenant) {
  return {
    customerId: t.id,
    code: t.code,
    name: t.name,
    contactEmail: t.contactEmail,
    affected: t.affected,
    firstNotifiedAt: t.firstNotifiedAt.toISOString(),
    remindedAt: iso(t.remindedAt),
  };
}

export function notificationView(n: NotificationRow) {
  return {
    id: n.id,
    customerId: n.customerId,
    tenantCode: n.tenantCode,
    tenantName: n.tenantName,
    kind: n.kind,
    revision: n.revision,
    to: n.to,
    sentAt: n.sentAt.toISOString(),
    // A mail the outbox no longer holds (kept past its retention) has no status to show.
    mailStatus: n.mailStatus,
    mailSentAt: iso(n.mailSentAt),
  };
}

/** What a tenant's users see in the banner: never who scheduled it or why it was urgent. */
export function bannerView(n: Notice, now: Date) {
  return {
    id: n.id,
    startsAt: n.startsAt.toISOString(),
    endsAt: n.endsAt.toISOString(),
    services: n.services,
    description: { ja: n.descriptionJa, en: n.descriptionEn },
    inProgress: statusOf(n, now) === 'in_progress',
  };
}
