import type { Tx } from '../../core/db/index.js';
import type { ServiceId } from '../services/index.js';
import type { ListQuery, NoticeStatus } from './schemas.js';

/** A maintenance notice as stored. */
export interface Notice {
  id: string;
  startsAt: Date;
  endsAt: Date;
  services: ServiceId[];
  descriptionJa: string;
  descriptionEn: string;
  urgent: boolean;
  urgentReason: string | null;
  revision: number;
  createdByName: string;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  cancelledByName: string | null;
  cancelReason: string | null;
}

/** A tenant that a window concerns, with where its notices go. */
export interface TenantContact {
  id: string;
  code: string;
  name: string;
  contactEmail: string;
}

/** One tenant of a notice: affected now, or taken out by a change (and told so). */
export interface NoticeTenant extends TenantContact {
  affected: boolean;
  firstNotifiedAt: Date;
  remindedAt: Date | null;
}

export type NotificationKind = 'scheduled' | 'reminder' | 'changed' | 'cancelled';

/** One mail sent about a notice, with the delivery state the outbox holds. */
export interface NotificationRow {
  id: string;
  customerId: string;
  tenantCode: string | null;
  tenantName: string | null;
  kind: NotificationKind;
  revision: number;
  to: string;
  sentAt: Date;
  mailStatus: 'queued' | 'sent' | 'failed' | 'captured' | null;
  mailSentAt: Date | null;
}

/** The columns of a notice as `Notice` names them, of the table aliased `p` (or unaliased). */
function noticeColumns(p = ''): string {
  const a = p ? `${p}.` : '';
  return `${a}id, ${a}starts_at AS "startsAt", ${a}ends_at AS "endsAt", ${a}services, ${a}description_ja AS "descriptionJa",
    ${a}description_en AS "descriptionEn", ${a}urgent, ${a}urgent_reason AS "urgentReason", ${a}revision,
    ${a}created_by_name AS "createdByName", ${a}created_at AS "createdAt", ${a}updated_at AS "updatedAt",
    ${a}cancelled_at AS "cancelledAt", ${a}cancelled_by_name AS "cancelledByName", ${a}cancel_reason AS "cancelReason"`;
}

const JST_OFFSET_MS = 9 * 3_600_000;

/** The calendar date in Japan of an instant, as contracts count their days. */
export function jstDate(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Tenants a window would stop: not ended, with a contract for one of the services that runs
 * on any day of the window (contract dates are Japanese calendar days).
 */
export async function findAffectedTenants(tx: Tx, window: { startsAt: Date; endsAt: Date; services: readonly ServiceId[] }): Promise<TenantContact[]> {
  const { rows } = await tx.query<TenantContact>(
    `SELECT t.id, t.code, t.name, t.contact_email AS "contactEmail"
       FROM ops.tenants t
      WHERE t.status IN ('active', 'suspended')
        AND EXISTS (SELECT 1 FROM ops.contracts c
                     WHERE c.customer_id = t.id
                       AND c.service = ANY($1::text[])
                       AND c.starts_on <= $3::date
                       AND (c.ends_on IS NULL OR c.ends_on >= $2::date))
      ORDER BY t.code`,
    [window.services, jstDate(window.startsAt), jstDate(window.endsAt)],
  );
  return rows;
}

export async function insertNotice(
  tx: Tx,
  n: { id: string; startsAt: Date; endsAt: Date; services: readonly ServiceId[]; descriptionJa: string; descriptionEn: string; urgent: boolean; urgentReason: string | null; by: { id: string; name: string }; at: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO ops.maintenance_notices
       (id, starts_at, ends_at, services, description_ja, description_en, urgent, urgent_reason, created_by, created_by_name, created_at, updated_at)
     VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9, $10, $11, $11)`,
    [n.id, n.startsAt, n.endsAt, n.services, n.descriptionJa, n.descriptionEn, n.urgent, n.urgentReason, n.by.id, n.by.name, n.at],
  );
}

/** The notice, locked for a change when `forUpdate`. */
export async function findNotice(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<Notice | undefined> {
  const { rows } = await tx.query<Notice>(`SELECT ${noticeColumns()} FROM ops.maintenance_notices WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

export async function updateNotice(
  tx: Tx,
  id: string,
  n: { startsAt: Date; endsAt: Date; services: readonly ServiceId[]; descriptionJa: string; descriptionEn: string; urgent: boolean; urgentReason: string | null; at: Date },
): Promise<number> {
  const { rows } = await tx.query<{ revision: number }>(
    `UPDATE ops.maintenance_notices
        SET starts_at = $2, ends_at = $3, services = $4::text[], description_ja = $5, description_en = $6,
            urgent = $7, urgent_reason = $8, updated_at = $9, revision = revision + 1
      WHERE id = $1
      RETURNING revision`,
    [id, n.startsAt, n.endsAt, n.services, n.descriptionJa, n.descriptionEn, n.urgent, n.urgentReason, n.at],
  );
  return rows[0]!.revision;
}

export async function markCancelled(tx: Tx, id: string, c: { at: Date; byName: string; reason: string }): Promise<void> {
  await tx.query('UPDATE ops.maintenance_notices SET cancelled_at = $2, cancelled_by_name = $3, cancel_reason = $4, updated_at = $2 WHERE id = $1', [id, c.at, c.byName, c.reason]);
}

/** The tenants of a notice with their current contact; a tenant row gone from ops.tenants is left out. */
export async function listNoticeTenants(tx: Tx, noticeId: string): Promise<NoticeTenant[]> {
  const { rows } = await tx.query<NoticeTenant>(
    `SELECT t.id, t.code, t.name, t.contact_email AS "contactEmail", m.affected,
            m.first_notified_at AS "firstNotifiedAt", m.reminded_at AS "remindedAt"
       FROM ops.maintenance_tenants m JOIN ops.tenants t ON t.id = m.customer_id
      WHERE m.notice_id = $1
      ORDER BY m.affected DESC, t.code`,
    [noticeId],
  );
  return rows;
}

/** Marks a tenant as affected (told now), adding it to the notice if new. */
export async function markAffected(tx: Tx, noticeId: string, customerId: string, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO ops.maintenance_tenants (notice_id, customer_id, affected, first_notified_at, last_notified_at)
     VALUES ($1, $2, true, $3, $3)
     ON CONFLICT (notice_id, customer_id) DO UPDATE SET affected = true, last_notified_at = EXCLUDED.last_notified_at`,
    [noticeId, customerId, at],
  );
}

/** Records that a tenant was told of a change, and whether the notice still concerns it. */
export async function markTold(tx: Tx, noticeId: string, customerId: string, affected: boolean, at: Date): Promise<void> {
  await tx.query('UPDATE ops.maintenance_tenants SET affected = $3, last_notified_at = $4 WHERE notice_id = $1 AND customer_id = $2', [noticeId, customerId, affected, at]);
}

export async function insertNotification(
  tx: Tx,
  n: { noticeId: string; customerId: string; kind: NotificationKind; revision: number; mailId: string; to: string; at: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO ops.maintenance_notifications (notice_id, customer_id, kind, revision, mail_id, to_address, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [n.noticeId, n.customerId, n.kind, n.revision, n.mailId, n.to, n.at],
  );
}

export async function listNotifications(tx: Tx, noticeId: string): Promise<NotificationRow[]> {
  const { rows } = await tx.query<NotificationRow>(
    `SELECT n.id, n.customer_id AS "customerId", t.code AS "tenantCode", t.name AS "tenantName", n.kind, n.revision,
            n.to_address AS "to", n.sent_at AS "sentAt", o.status AS "mailStatus", o.sent_at AS "mailSentAt"
       FROM ops.maintenance_notifications n
       LEFT JOIN ops.tenants t ON t.id = n.customer_id
       LEFT JOIN ops.mail_outbox o ON o.id = n.mail_id
      WHERE n.notice_id = $1
      ORDER BY n.sent_at DESC, t.code`,
    [noticeId],
  );
  return rows;
}

/** What a notice's status is at `now`. */
export function statusOf(notice: Pick<Notice, 'startsAt' | 'endsAt' | 'cancelledAt'>, now: Date): NoticeStatus {
  if (notice.cancelledAt) return 'cancelled';
  if (notice.endsAt.getTime() <= now.getTime()) return 'past';
  if (notice.startsAt.getTime() <= now.getTime()) return 'in_progress';
  return 'upcoming';
}

export interface NoticeListRow extends Notice {
  affectedTenants: number;
}

/** A page of notices of one status (or all): coming ones soonest first, then the rest newest first. */
export async function listNotices(tx: Tx, query: ListQuery, now: Date): Promise<{ rows: NoticeListRow[]; total: number }> {
  const where = `($1::text IS NULL
      OR ($1 = 'cancelled' AND cancelled_at IS NOT NULL)
      OR ($1 = 'upcoming' AND cancelled_at IS NULL AND starts_at > $2)
      OR ($1 = 'in_progress' AND cancelled_at IS NULL AND starts_at <= $2 AND ends_at > $2)
      OR ($1 = 'past' AND cancelled_at IS NULL AND ends_at <= $2))`;
  const status = query.status ?? null;
  const total = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ops.maintenance_notices WHERE ${where}`, [status, now])).rows[0]!.n;
  const { rows } = await tx.query<NoticeListRow>(
    `SELECT ${noticeColumns()},
            (SELECT count(*)::int FROM ops.maintenance_tenants m WHERE m.notice_id = ops.maintenance_notices.id AND m.affected) AS "affectedTenants"
       FROM ops.maintenance_notices
      WHERE ${where}
      ORDER BY (CASE WHEN cancelled_at IS NULL AND ends_at > $2 THEN starts_at END) ASC NULLS LAST, starts_at DESC, id
      LIMIT $3 OFFSET $4`,
    [status, now, query.pageSize, (query.page - 1) * query.pageSize],
  );
  return { rows, total };
}

/** Notices a tenant's users see as a banner: affecting it, told, not cancelled, not yet over. */
export async function listBannerNotices(tx: Tx, customerId: string, now: Date): Promise<Notice[]> {
  const { rows } = await tx.query<Notice>(
    `SELECT ${noticeColumns('n')}
       FROM ops.maintenance_notices n JOIN ops.maintenance_tenants m ON m.notice_id = n.id
      WHERE m.customer_id = $1 AND m.affected AND n.cancelled_at IS NULL
        AND m.first_notified_at <= $2 AND n.ends_at > $2
      ORDER BY n.starts_at, n.id`,
    [customerId, now],
  );
  return rows;
}

/** Tenants due their reminder: the notice starts within a day and they were last told before that day began. */
export async function findDueReminders(tx: Tx, now: Date, aheadMs: number): Promise<{ noticeId: string; customerId: string }[]> {
  const { rows } = await tx.query<{ noticeId: string; customerId: string }>(
    `SELECT m.notice_id AS "noticeId", m.customer_id AS "customerId"
       FROM ops.maintenance_tenants m JOIN ops.maintenance_notices n ON n.id = m.notice_id
      WHERE m.affected AND m.reminded_at IS NULL AND n.cancelled_at IS NULL
        AND n.starts_at > $1 AND n.starts_at <= $2
        AND m.last_notified_at <= n.starts_at - ($3::int * interval '1 millisecond')
      ORDER BY n.starts_at, m.notice_id, m.customer_id`,
    [now, new Date(now.getTime() + aheadMs), aheadMs],
  );
  return rows;
}

/**
 * Claims a tenant's reminder: locks its row and marks it reminded, unless another run did
 * first. Returns whether this run sends it.
 */
export async function claimReminder(tx: Tx, noticeId: string, customerId: string, at: Date): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE ops.maintenance_tenants SET reminded_at = $3, last_notified_at = $3
      WHERE notice_id = $1 AND customer_id = $2 AND affected AND reminded_at IS NULL`,
    [noticeId, customerId, at],
  );
  return rowCount === 1;
}

export async function findTenantContact(tx: Tx, customerId: string): Promise<TenantContact | undefined> {
  const { rows } = await tx.query<TenantContact>('SELECT id, code, name, contact_email AS "contactEmail" FROM ops.tenants WHERE id = $1', [customerId]);
  return rows[0];
}
