import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import type { Lang } from '../../core/i18n.js';
import { messageKey, messages } from '../../core/messages.js';
import { raiseAlert, resolveAlert, type AlertDeps } from '../alerts/index.js';
import { recordOperatorEvent, type AuditOrigin } from '../audit/index.js';
import { jstDate } from '../tenancy/index.js';

messages.add({
  'reports.assignee_field': { ja: '有効なスタッフを選んでください。', en: 'Choose an active staff member.' },
});

/** The longest description the form accepts (characters). */
export const REPORT_DESCRIPTION_MAX = 20_000;

export const REPORT_STATUSES = ['new', 'triaging', 'resolved', 'rejected'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

const emailCheck = z.email();

/** Optional text fields: an empty string means "not given". */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : null));

/** What anyone may send through the public security-report form (16.1.2). */
export const securityReportSchema = z.strictObject({
  reporterName: optionalText(100).meta({ description: 'The reporter’s name, if they want to give it.' }),
  reporterEmail: z
    .string()
    .trim()
    .max(254)
    .optional()
    .refine((v) => !v || emailCheck.safeParse(v).success, { message: messageKey('validation.format.email') })
    .transform((v) => (v ? v : null))
    .meta({ description: 'Where staff may answer, if the reporter wants an answer.' }),
  subject: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(REPORT_DESCRIPTION_MAX),
  affected: optionalText(500).meta({ description: 'The affected URL, screen or product, if known.' }),
});
export type SecurityReportInput = z.infer<typeof securityReportSchema>;

const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A reference the reporter can quote: `SR-<JST date>-<6 random characters>`. */
export function newReportReference(at: Date): string {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `SR-${jstDate(at).replace(/-/g, '')}-${suffix}`;
}

/** The staff alert of a report while nobody has taken it up. */
export function reportAlertKey(reportId: string): string {
  return `security_report:${reportId}`;
}

/**
 * Stores a report sent through the public form and raises a staff alert (mailed once to the
 * staff address), all in one transaction. The alert mail names the reference and subject
 * only: the description stays in the console, out of mailboxes. The reporter gets the
 * reference on screen; no mail goes to the address they typed, so the form cannot be used
 * to send mail to strangers.
 */
export async function submitSecurityReport(
  deps: { db: Database; alerts: AlertDeps },
  input: SecurityReportInput,
  lang: Lang,
  origin: AuditOrigin,
): Promise<{ reference: string; receivedAt: Date }> {
  const { db, alerts } = deps;
  const clock = alerts.clock;
  return withoutTenant(db, async (tx) => {
    const now = clock.now();
    let inserted: { id: string; reference: string } | undefined;
    while (!inserted) {
      const { rows } = await tx.query<{ id: string; reference: string }>(
        `INSERT INTO ops.security_reports (reference, reporter_name, reporter_email, subject, description, affected, lang, received_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (reference) DO NOTHING RETURNING id, reference`,
        [newReportReference(now), input.reporterName, input.reporterEmail, input.subject, input.description, input.affected, lang, now],
      );
      inserted = rows[0];
    }
    const { id, reference } = inserted;
    await recordOperatorEvent(tx, clock, origin, {
      actor: { type: 'anonymous' },
      action: 'ops.security_report.received',
      target: { type: 'security_report', id },
      result: 'success',
      details: { reference, withContact: input.reporterEmail !== null },
    });
    await raiseAlert(tx, alerts, {
      key: reportAlertKey(id),
      kind: 'security_report',
      summary: { ja: `セキュリティ報告を受け付けました（${reference}）`, en: `Security report received (${reference})` },
      detail: {
        ja: `件名：${input.subject}\n運用コンソールの「セキュリティ報告」で内容を確認し、担当者を決めて対応してください。`,
        en: `Subject: ${input.subject}\nOpen "Security reports" in the operator console, read the report, assign it and act on it.`,
      },
    });
    return { reference, receivedAt: now };
  });
}

export interface ReportSummary {
  id: string;
  reference: string;
  subject: string;
  status: ReportStatus;
  reporterName: string | null;
  assignee: { id: string; displayName: string } | null;
  notes: number;
  receivedAt: Date;
  updatedAt: Date;
}

export interface ReportDetail extends ReportSummary {
  reporterEmail: string | null;
  description: string;
  affected: string | null;
  lang: Lang;
  noteList: { id: string; staffName: string; body: string; createdAt: Date }[];
}

interface ReportRow {
  id: string;
  reference: string;
  subject: string;
  status: ReportStatus;
  reporter_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  notes: number;
  received_at: Date;
  updated_at: Date;
}

const SUMMARY_COLUMNS = `r.id, r.reference, r.subject, r.status, r.reporter_name, r.assignee_id, a.display_name AS assignee_name,
  (SELECT count(*)::int FROM ops.security_report_notes n WHERE n.report_id = r.id) AS notes, r.received_at, r.updated_at`;

function summary(row: ReportRow): ReportSummary {
  return {
    id: row.id,
    reference: row.reference,
    subject: row.subject,
    status: row.status,
    reporterName: row.reporter_name,
    assignee: row.assignee_id ? { id: row.assignee_id, displayName: row.assignee_name ?? '' } : null,
    notes: row.notes,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
  };
}

export const reportListQuerySchema = z.object({
  status: z.enum(REPORT_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

/** The inbox: newest first, optionally one status, with the count of each status. */
export async function listSecurityReports(
  tx: Tx,
  query: z.infer<typeof reportListQuerySchema>,
): Promise<{ reports: ReportSummary[]; total: number; counts: Record<ReportStatus, number> }> {
  const { rows } = await tx.query<ReportRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM ops.security_reports r LEFT JOIN ops.staff a ON a.id = r.assignee_id
      WHERE ($1::text IS NULL OR r.status = $1)
      ORDER BY r.received_at DESC, r.id LIMIT $2 OFFSET $3`,
    [query.status ?? null, query.pageSize, (query.page - 1) * query.pageSize],
  );
  const counted = await tx.query<{ status: ReportStatus; n: number }>('SELECT status, count(*)::int AS n FROM ops.security_reports GROUP BY status');
  const counts: Record<ReportStatus, number> = { new: 0, triaging: 0, resolved: 0, rejected: 0 };
  for (const c of counted.rows) counts[c.status] = c.n;
  const total = query.status ? counts[query.status] : Object.values(counts).reduce((a, b) => a + b, 0);
  return { reports: rows.map(summary), total, counts };
}

export async function findSecurityReport(tx: Tx, id: string): Promise<ReportDetail | undefined> {
  const { rows } = await tx.query<ReportRow & { reporter_email: string | null; description: string; affected: string | null; lang: Lang }>(
    `SELECT ${SUMMARY_COLUMNS}, r.reporter_email, r.description, r.affected, r.lang
       FROM ops.security_reports r LEFT JOIN ops.staff a ON a.id = r.assignee_id WHERE r.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const notes = await tx.query<{ id: string; staff_name: string; body: string; created_at: Date }>(
    'SELECT id, staff_name, body, created_at FROM ops.security_report_notes WHERE report_id = $1 ORDER BY created_at, id',
    [id],
  );
  return {
    ...summary(row),
    reporterEmail: row.reporter_email,
    description: row.description,
    affected: row.affected,
    lang: row.lang,
    noteList: notes.rows.map((n) => ({ id: n.id, staffName: n.staff_name, body: n.body, createdAt: n.created_at })),
  };
}

/** Counts for the console overview. */
export async function openReportCounts(tx: Tx): Promise<{ new: number; open: number }> {
  const { rows } = await tx.query<{ fresh: number; open: number }>(
    `SELECT count(*) FILTER (WHERE status = 'new')::int AS fresh, count(*) FILTER (WHERE status IN ('new', 'triaging'))::int AS open FROM ops.security_reports`,
  );
  return { new: rows[0]?.fresh ?? 0, open: rows[0]?.open ?? 0 };
}

/** The staff member handling a report, as the operator log names them. */
export interface ReportHandler {
  staffId: string;
  displayName: string;
}

async function lockReport(tx: Tx, id: string): Promise<{ id: string; reference: string; status: ReportStatus; assignee_id: string | null }> {
  const { rows } = await tx.query<{ id: string; reference: string; status: ReportStatus; assignee_id: string | null }>(
    'SELECT id, reference, status, assignee_id FROM ops.security_reports WHERE id = $1 FOR UPDATE',
    [id],
  );
  const row = rows[0];
  if (!row) throw new AppError('not_found');
  return row;
}

export const reportStatusSchema = z.strictObject({ status: z.enum(REPORT_STATUSES) });
export const reportAssigneeSchema = z.strictObject({ assigneeId: z.uuid().nullable() });
export const reportNoteSchema = z.strictObject({ body: z.string().trim().min(1).max(5000) });

/** Someone has taken the report up: its "new report" alert is closed. */
async function acknowledge(tx: Tx, clock: Clock, reportId: string): Promise<void> {
  await resolveAlert(tx, clock, reportAlertKey(reportId));
}

export async function changeReportStatus(db: Database, clock: Clock, by: ReportHandler, id: string, status: ReportStatus, origin: AuditOrigin): Promise<void> {
  await withoutTenant(db, async (tx) => {
    const report = await lockReport(tx, id);
    if (report.status === status) throw new AppError('reports.status_unchanged');
    await tx.query('UPDATE ops.security_reports SET status = $2, updated_at = $3 WHERE id = $1', [id, status, clock.now()]);
    if (status !== 'new') await acknowledge(tx, clock, id);
    await recordOperatorEvent(tx, clock, origin, {
      actor: { type: 'staff', id: by.staffId, name: by.displayName },
      action: 'ops.security_report.status_changed',
      target: { type: 'security_report', id },
      result: 'success',
      details: { reference: report.reference },
      changes: { before: { status: report.status }, after: { status } },
    });
  });
}

export async function assignReport(db: Database, clock: Clock, by: ReportHandler, id: string, assigneeId: string | null, origin: AuditOrigin): Promise<void> {
  await withoutTenant(db, async (tx) => {
    const report = await lockReport(tx, id);
    let assigneeName: string | null = null;
    if (assigneeId) {
      const { rows } = await tx.query<{ display_name: string }>(`SELECT display_name FROM ops.staff WHERE id = $1 AND status = 'active'`, [assigneeId]);
      if (!rows[0]) throw new AppError('reports.assignee_invalid', { fields: { assigneeId: messageKey('reports.assignee_field') } });
      assigneeName = rows[0].display_name;
    }
    if (report.assignee_id === assigneeId) return;
    await tx.query('UPDATE ops.security_reports SET assignee_id = $2, updated_at = $3 WHERE id = $1', [id, assigneeId, clock.now()]);
    if (assigneeId) await acknowledge(tx, clock, id);
    await recordOperatorEvent(tx, clock, origin, {
      actor: { type: 'staff', id: by.staffId, name: by.displayName },
      action: 'ops.security_report.assigned',
      target: { type: 'security_report', id },
      result: 'success',
      details: { reference: report.reference, assigneeName },
      changes: { before: { assigneeId: report.assignee_id }, after: { assigneeId } },
    });
  });
}

export async function addReportNote(db: Database, clock: Clock, by: ReportHandler, id: string, body: string, origin: AuditOrigin): Promise<{ id: string }> {
  return withoutTenant(db, async (tx) => {
    const report = await lockReport(tx, id);
    const { rows } = await tx.query<{ id: string }>(
      'INSERT INTO ops.security_report_notes (report_id, staff_id, staff_name, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [id, by.staffId, by.displayName, body, clock.now()],
    );
    const noteId = rows[0]?.id;
    if (!noteId) throw new Error('addReportNote: insert returned no row');
    await tx.query('UPDATE ops.security_reports SET updated_at = $2 WHERE id = $1', [id, clock.now()]);
    await recordOperatorEvent(tx, clock, origin, {
      actor: { type: 'staff', id: by.staffId, name: by.displayName },
      action: 'ops.security_report.note_added',
      target: { type: 'security_report', id },
      result: 'success',
      details: { reference: report.reference, noteId, length: body.length },
    });
    return { id: noteId };
  });
}
