import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';
import type { Localized } from '../../core/i18n.js';
import { queueMail } from '../mail/index.js';

export interface AlertInput {
  /** The condition, stable across checks (e.g. `capacity:db_size`, `incident:<id>:<tenant>`). */
  key: string;
  /** A short family name for lists and filters (e.g. `capacity`, `incident_deadline`, `backup`). */
  kind: string;
  summary: Localized;
  detail: Localized;
  customerId?: string;
}

export interface AlertDeps {
  clock: Clock;
  staffAlertEmail: string;
  publicUrl: string;
}

export interface StaffAlert {
  id: string;
  key: string;
  kind: string;
  customerId: string | null;
  summary: Localized;
  openedAt: Date;
  resolvedAt: Date | null;
}

/**
 * Raises an alert for a condition: the first time (or the first time after it was
 * resolved) it opens a row and mails the staff address, in the caller's transaction;
 * while the condition stays open, raising it again changes nothing. Returns whether a
 * new alert was opened.
 */
export async function raiseAlert(tx: Tx, deps: AlertDeps, input: AlertInput): Promise<boolean> {
  const now = deps.clock.now();
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO ops.staff_alerts (key, kind, customer_id, summary_ja, summary_en, opened_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (key) WHERE resolved_at IS NULL DO NOTHING
     RETURNING id`,
    [input.key, input.kind, input.customerId ?? null, input.summary.ja, input.summary.en, now],
  );
  const id = rows[0]?.id;
  if (!id) return false;
  // Staff read alerts in Japanese first; the English text follows in the same mail.
  const mailId = await queueMail(tx, deps.clock, {
    to: deps.staffAlertEmail,
    template: 'staff.alert',
    lang: 'ja',
    params: {
      summary: input.summary.ja,
      detail: `${input.detail.ja}\n\n${input.summary.en}\n${input.detail.en}`,
      openedAt: now,
      consoleUrl: `${deps.publicUrl}/ops`,
    },
  });
  await tx.query('UPDATE ops.staff_alerts SET mail_id = $2 WHERE id = $1', [id, mailId]);
  return true;
}

/** Closes the open alert of a condition, if any; the next breach alerts again. */
export async function resolveAlert(tx: Tx, clock: Clock, key: string): Promise<boolean> {
  const { rowCount } = await tx.query('UPDATE ops.staff_alerts SET resolved_at = $2 WHERE key = $1 AND resolved_at IS NULL', [key, clock.now()]);
  return rowCount > 0;
}

/** Alerts, open first then newest; `open` limits to unresolved ones. */
export async function listAlerts(tx: Tx, options: { open?: boolean; kind?: string; limit?: number } = {}): Promise<StaffAlert[]> {
  const { rows } = await tx.query<{
    id: string;
    key: string;
    kind: string;
    customer_id: string | null;
    summary_ja: string;
    summary_en: string;
    opened_at: Date;
    resolved_at: Date | null;
  }>(
    `SELECT id, key, kind, customer_id, summary_ja, summary_en, opened_at, resolved_at
       FROM ops.staff_alerts
      WHERE ($1::boolean IS NOT TRUE OR resolved_at IS NULL)
        AND ($2::text IS NULL OR kind = $2)
      ORDER BY (resolved_at IS NULL) DESC, opened_at DESC
      LIMIT $3`,
    [options.open ?? null, options.kind ?? null, options.limit ?? 200],
  );
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    kind: r.kind,
    customerId: r.customer_id,
    summary: { ja: r.summary_ja, en: r.summary_en },
    openedAt: new Date(r.opened_at),
    resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
  }));
}
