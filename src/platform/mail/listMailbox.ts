import { withoutTenant, type Database } from '../../core/db/index.js';
import type { Lang } from '../../core/i18n.js';

/** A mail as the local mailbox page shows it. */
export interface MailboxEntry {
  id: string;
  customerId: string | null;
  to: string;
  subject: string;
  /** Null once an SMTP delivery has cleared it (links and passwords are not kept). */
  textBody: string | null;
  htmlBody: string | null;
  template: string;
  lang: Lang;
  status: 'sent' | 'captured';
  createdAt: Date;
  sentAt: Date | null;
}

const MAX_LIMIT = 500;

/** Mails that left the outbox (captured or sent), newest first. */
export async function listMailbox(db: Database, options: { limit?: number } = {}): Promise<MailboxEntry[]> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), MAX_LIMIT);
  return withoutTenant(db, async (tx) => {
    const { rows } = await tx.query<MailboxEntry>(
      `SELECT id, customer_id AS "customerId", to_address AS "to", subject, text_body AS "textBody",
              html_body AS "htmlBody", template, lang, status, created_at AS "createdAt", sent_at AS "sentAt"
         FROM ops.mail_outbox
        WHERE status IN ('captured', 'sent')
        ORDER BY created_at DESC, id DESC
        LIMIT $1`,
      [limit],
    );
    return rows;
  });
}
