import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import { AppError } from '../../core/errors.js';
import type { Lang } from '../../core/i18n.js';
import { recordOperatorEvent, type AuditOrigin } from '../audit/index.js';
import { queueMail } from '../mail/index.js';
import { jstDate } from '../tenancy/index.js';
import { calendarDateText, daysBetween } from './dateText.js';

/*
 * What the operator console shows of the data lifecycle: tenants waiting for their purge, and
 * the deletion certificates, which staff can e-mail to the former contact or another address.
 */

export interface PendingPurgeView {
  tenantId: string;
  code: string;
  name: string;
  status: string;
  contractEndedOn: string | null;
  purgeOn: string;
  daysLeft: number;
  /** A contract runs or starts later: the purge will not happen on this date. */
  renewed: boolean;
  reminders: { daysBefore: number; sentAt: string }[];
  purgeInProgress: boolean;
}

export async function listPendingPurges(db: Database, clock: Clock): Promise<PendingPurgeView[]> {
  const today = jstDate(clock.now());
  return withoutTenant(db, async (tx) => {
    const { rows } = await tx.query<{
      id: string;
      code: string;
      name: string;
      status: string;
      ended_on: string | null;
      purge_on: string;
      renewed: boolean;
      in_progress: boolean;
      reminders: { daysBefore: number; sentAt: string }[] | null;
    }>(
      `SELECT t.id, t.code, t.name, t.status, t.purge_on::text AS purge_on,
              (SELECT max(c.ends_on)::text FROM ops.contracts c WHERE c.customer_id = t.id) AS ended_on,
              EXISTS (SELECT 1 FROM ops.contracts c WHERE c.customer_id = t.id AND (c.ends_on IS NULL OR c.ends_on >= $1::date)) AS renewed,
              EXISTS (SELECT 1 FROM ops.deletion_certificates d WHERE d.customer_id = t.id AND d.status = 'in_progress') AS in_progress,
              (SELECT json_agg(json_build_object('daysBefore', r.days_before, 'sentAt', r.sent_at) ORDER BY r.days_before DESC)
                 FROM ops.purge_reminders r WHERE r.customer_id = t.id AND r.purge_on = t.purge_on) AS reminders
         FROM ops.tenants t
        WHERE t.purge_on IS NOT NULL AND t.status <> 'purged'
        ORDER BY t.purge_on, t.code`,
      [today],
    );
    return rows.map((r) => ({
      tenantId: r.id,
      code: r.code,
      name: r.name,
      status: r.status,
      contractEndedOn: r.ended_on,
      purgeOn: r.purge_on,
      daysLeft: daysBetween(today, r.purge_on),
      renewed: r.renewed,
      reminders: (r.reminders ?? []).map((m) => ({ daysBefore: m.daysBefore, sentAt: new Date(m.sentAt).toISOString() })),
      purgeInProgress: r.in_progress,
    }));
  });
}

interface CertificateRow {
  id: string;
  customer_id: string;
  tenant_code: string;
  tenant_name: string;
  contact_email: string | null;
  contract_ended_on: string | null;
  purge_on: string;
  status: 'in_progress' | 'completed';
  started_at: Date;
  completed_at: Date | null;
  key_destroyed_at: Date | null;
  keys_destroyed: number | null;
  files_deleted: number | null;
  rows_deleted: Record<string, number>;
  provider_records: Record<string, number>;
  run_by: string;
  last_sent_at: Date | null;
}

const CERTIFICATE_COLUMNS = `d.id, d.customer_id, d.tenant_code, d.tenant_name, d.contact_email, d.contract_ended_on::text AS contract_ended_on,
  d.purge_on::text AS purge_on, d.status, d.started_at, d.completed_at, d.key_destroyed_at, d.keys_destroyed, d.files_deleted,
  d.rows_deleted, d.provider_records, d.run_by,
  (SELECT max(s.sent_at) FROM ops.deletion_certificate_sends s WHERE s.certificate_id = d.id) AS last_sent_at`;

export interface CertificateSummaryView {
  id: string;
  tenantId: string;
  tenantCode: string;
  tenantName: string;
  status: CertificateRow['status'];
  purgeOn: string;
  startedAt: string;
  completedAt: string | null;
  rowsDeleted: number;
  filesDeleted: number | null;
  keyDestroyedAt: string | null;
  lastSentAt: string | null;
}

export interface CertificateView extends CertificateSummaryView {
  contactEmail: string | null;
  contractEndedOn: string | null;
  keysDestroyed: number | null;
  tables: { table: string; rows: number }[];
  providerRecords: { record: string; count: number }[];
  runBy: string;
  sends: { id: string; to: string; sentAt: string; sentByName: string }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

function summaryView(r: CertificateRow): CertificateSummaryView {
  return {
    id: r.id,
    tenantId: r.customer_id,
    tenantCode: r.tenant_code,
    tenantName: r.tenant_name,
    status: r.status,
    purgeOn: r.purge_on,
    startedAt: r.started_at.toISOString(),
    completedAt: iso(r.completed_at),
    rowsDeleted: total(r.rows_deleted),
    filesDeleted: r.files_deleted,
    keyDestroyedAt: iso(r.key_destroyed_at),
    lastSentAt: iso(r.last_sent_at),
  };
}

export async function listCertificates(db: Database): Promise<CertificateSummaryView[]> {
  return withoutTenant(db, async (tx) =>
    (await tx.query<CertificateRow>(`SELECT ${CERTIFICATE_COLUMNS} FROM ops.deletion_certificates d ORDER BY d.started_at DESC, d.id LIMIT 500`)).rows.map(summaryView),
  );
}

async function findCertificate(tx: Tx, id: string): Promise<CertificateRow> {
  const row = (await tx.query<CertificateRow>(`SELECT ${CERTIFICATE_COLUMNS} FROM ops.deletion_certificates d WHERE d.id = $1`, [id])).rows[0];
  if (!row) throw new AppError('not_found');
  return row;
}

export async function getCertificate(db: Database, id: string): Promise<CertificateView> {
  return withoutTenant(db, async (tx) => {
    const r = await findCertificate(tx, id);
    const sends = await tx.query<{ id: string; to_address: string; sent_at: Date; sent_by_name: string }>(
      'SELECT id, to_address, sent_at, sent_by_name FROM ops.deletion_certificate_sends WHERE certificate_id = $1 ORDER BY sent_at DESC, id',
      [id],
    );
    return {
      ...summaryView(r),
      contactEmail: r.contact_email,
      contractEndedOn: r.contract_ended_on,
      keysDestroyed: r.keys_destroyed,
      tables: Object.entries(r.rows_deleted)
        .map(([table, rows]) => ({ table, rows }))
        .sort((a, b) => a.table.localeCompare(b.table)),
      providerRecords: Object.entries(r.provider_records)
        .map(([record, count]) => ({ record, count }))
        .sort((a, b) => a.record.localeCompare(b.record)),
      runBy: r.run_by,
      sends: sends.rows.map((s) => ({ id: s.id, to: s.to_address, sentAt: s.sent_at.toISOString(), sentByName: s.sent_by_name })),
    };
  });
}

/** The certificate's counts as lines of the mail, in its language. */
function summaryText(r: CertificateRow, lang: Lang): string {
  const n = (value: number) => value.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US');
  const lines = Object.entries(r.rows_deleted)
    .filter(([, rows]) => rows > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([table, rows]) => (lang === 'ja' ? `- ${table}: ${n(rows)} 件` : `- ${table}: ${n(rows)} rows`));
  const rows = total(r.rows_deleted);
  const files = r.files_deleted ?? 0;
  const keys = r.keys_destroyed ?? 0;
  return lang === 'ja'
    ? [`データベースの行：合計 ${n(rows)} 件`, ...lines, `保存されたファイル：${n(files)} 件`, `破棄した暗号鍵：${n(keys)} 件`].join('\n')
    : [`Database rows: ${n(rows)} in total`, ...lines, `Stored files: ${n(files)}`, `Encryption keys destroyed: ${n(keys)}`].join('\n');
}

export const sendCertificateSchema = z.strictObject({
  to: z.email().max(254).optional().meta({ description: 'Where to send it; the former contact address when left out.' }),
  lang: z.enum(['ja', 'en']).default('ja').meta({ description: 'Language of the mail.' }),
  requestRef: z.string().trim().min(1).max(200).optional().meta({ description: 'The request this answers (e.g. ticket number), for the operator log.' }),
});
export type SendCertificateInput = z.output<typeof sendCertificateSchema>;

/** E-mails a completed certificate and records who sent it where, with the operator log entry. */
export async function sendCertificate(
  db: Database,
  clock: Clock,
  id: string,
  input: SendCertificateInput,
  staff: { staffId: string; displayName: string },
  origin: AuditOrigin,
): Promise<{ sendId: string; to: string }> {
  return withoutTenant(db, async (tx) => {
    const r = await findCertificate(tx, id);
    if (r.status !== 'completed' || !r.completed_at || !r.key_destroyed_at) throw new AppError('lifecycle.certificate_in_progress');
    const to = input.to ?? r.contact_email;
    if (!to) throw new AppError('lifecycle.no_recipient');
    const mailId = await queueMail(tx, clock, {
      to,
      template: 'lifecycle.deletion_certificate',
      lang: input.lang,
      params: {
        tenantName: r.tenant_name,
        companyCode: r.tenant_code,
        certificateId: r.id,
        purgeDate: calendarDateText(r.purge_on, input.lang),
        completedAt: r.completed_at,
        keyDestroyedAt: r.key_destroyed_at,
        summary: summaryText(r, input.lang),
      },
      customerId: r.customer_id,
    });
    const sendId = randomUUID();
    await tx.query(
      `INSERT INTO ops.deletion_certificate_sends (id, certificate_id, to_address, mail_id, sent_by, sent_by_name, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [sendId, id, to, mailId, staff.staffId, staff.displayName, clock.now()],
    );
    await recordOperatorEvent(tx, clock, origin, {
      actor: { type: 'staff', id: staff.staffId, name: staff.displayName },
      action: 'ops.deletion_certificate.sent',
      target: { type: 'deletion_certificate', id },
      result: 'success',
      customerId: r.customer_id,
      details: { recipient: input.to ? 'given_address' : 'former_contact', ...(input.requestRef ? { requestRef: input.requestRef } : {}) },
    });
    return { sendId, to };
  });
}
