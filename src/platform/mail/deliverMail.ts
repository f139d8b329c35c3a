import { z } from 'zod';
import { withoutTenant } from '../../core/db/index.js';
import { PermanentJobError, shortError, type JobContext, type JobRunner } from '../jobs/index.js';
import type { MailTransport } from './mailTransport.js';
import { MAIL_DELIVERY_JOB, MAIL_MAX_ATTEMPTS } from './queueMail.js';

/** First retry after a minute, then doubling (capped at an hour by the runner). */
const MAIL_BACKOFF_BASE_MS = 60_000;

const payloadSchema = z.object({ mailId: z.uuid() });
type DeliveryPayload = z.infer<typeof payloadSchema>;

/** An attempt that did not hand the mail over; its message is safe to store and log. */
class MailDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

interface OutboxRow {
  id: string;
  to_address: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  status: string;
}

/**
 * The SMTP code and the client's one-line message, nothing of the mail itself. A 5xx
 * reply other than to authentication is the server refusing this mail for good.
 */
function describeFailure(error: unknown): { message: string; permanent: boolean } {
  const details = error as { code?: unknown; responseCode?: unknown } | null;
  const code = typeof details?.code === 'string' ? details.code : 'ERROR';
  const responseCode = typeof details?.responseCode === 'number' ? details.responseCode : undefined;
  const text = error instanceof Error ? error.message : String(error);
  return {
    message: shortError(`SMTP ${code}: ${text}`),
    permanent: responseCode !== undefined && responseCode >= 500 && responseCode < 600 && code !== 'EAUTH',
  };
}

async function deliverMail(ctx: JobContext<DeliveryPayload>, transport: MailTransport): Promise<void> {
  const { db, clock, logger, job } = ctx;
  const mailId = job.payload.mailId;
  const mail = await withoutTenant(db, async (tx) => {
    const { rows } = await tx.query<OutboxRow>(
      'SELECT id, to_address, subject, text_body, html_body, status FROM ops.mail_outbox WHERE id = $1',
      [mailId],
    );
    return rows[0];
  });
  if (!mail) {
    // Purged with its tenant before it left: nothing to deliver.
    logger.info({ mailId }, 'mail no longer in the outbox');
    return;
  }
  // A retry after a node died between handing over and recording: deliver once.
  if (mail.status !== 'queued' || mail.text_body === null) return;

  let status: 'sent' | 'captured';
  try {
    status = await transport.deliver({ id: mail.id, to: mail.to_address, subject: mail.subject, text: mail.text_body, html: mail.html_body });
  } catch (error) {
    const failure = describeFailure(error);
    const final = failure.permanent || job.attempts >= job.maxAttempts;
    await withoutTenant(db, (tx) =>
      tx.query(
        `UPDATE ops.mail_outbox
            SET attempts = attempts + 1, last_error = $2,
                status = CASE WHEN $3::boolean THEN 'failed' ELSE status END,
                text_body = CASE WHEN $3::boolean THEN NULL ELSE text_body END,
                html_body = CASE WHEN $3::boolean THEN NULL ELSE html_body END
          WHERE id = $1 AND status = 'queued'`,
        [mail.id, failure.message, final],
      ),
    );
    logger.warn({ mailId, err: failure.message, final }, 'mail delivery failed');
    throw failure.permanent ? new PermanentJobError(failure.message) : new MailDeliveryError(failure.message);
  }
  const cleared = status === 'sent';
  await withoutTenant(db, (tx) =>
    tx.query(
      `UPDATE ops.mail_outbox
          SET status = $2, sent_at = $3, attempts = attempts + 1,
              text_body = CASE WHEN $4::boolean THEN NULL ELSE text_body END,
              html_body = CASE WHEN $4::boolean THEN NULL ELSE html_body END
        WHERE id = $1 AND status = 'queued'`,
      [mail.id, status, clock.now(), cleared],
    ),
  );
  logger.info({ mailId, status }, 'mail delivered');
}

/**
 * Registers the `mail.deliver` job on a runner: each outbox mail is handed to
 * `transport` once, retried with back-off while the server cannot take it, and marked
 * `failed` with a short reason (never the body or credentials) after the last attempt
 * or a permanent refusal. Bodies of sent and failed mails are cleared; captured mails
 * keep theirs for the local mailbox page.
 */
export function registerMailDelivery(runner: JobRunner, transport: MailTransport): void {
  runner.register<DeliveryPayload>(MAIL_DELIVERY_JOB, (ctx) => deliverMail(ctx, transport), {
    maxAttempts: MAIL_MAX_ATTEMPTS,
    backoffMs: MAIL_BACKOFF_BASE_MS,
    parse: (raw) => payloadSchema.parse(raw),
  });
}
