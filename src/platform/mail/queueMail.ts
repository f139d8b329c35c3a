import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { Tx } from '../../core/db/index.js';
import type { Lang } from '../../core/i18n.js';
import { enqueueJob } from '../jobs/index.js';
import { renderMail } from './renderMail.js';
import type { MailParams, MailTemplateId } from './templates.js';

/** The job that delivers one outbox mail. */
export const MAIL_DELIVERY_JOB = 'mail.deliver';

/**
 * Delivery attempts, one minute apart at first and doubling (see registerMailDelivery):
 * about two hours of an unreachable mail server before a mail is given up.
 */
export const MAIL_MAX_ATTEMPTS = 8;

const address = z.email().max(254);

export interface QueueMailInput<T extends MailTemplateId> {
  to: string;
  template: T;
  lang: Lang;
  params: MailParams<T>;
  /** The tenant the mail concerns, so the tenant purge can remove it. */
  customerId?: string;
}

/**
 * Renders a mail and writes it to the outbox with its delivery job, in the caller's
 * transaction: the mail leaves if and only if the caller's change commits. Returns the
 * outbox id.
 */
export async function queueMail<T extends MailTemplateId>(tx: Tx, clock: Clock, input: QueueMailInput<T>): Promise<string> {
  if (!address.safeParse(input.to).success) {
    throw new Error('queueMail: "to" is not a single e-mail address; validate addresses where users enter them');
  }
  const rendered = renderMail(input.template, input.lang, input.params);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO ops.mail_outbox (customer_id, to_address, subject, text_body, html_body, template, lang, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING id`,
    [input.customerId ?? null, input.to, rendered.subject, rendered.text, rendered.html, input.template, input.lang, clock.now()],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('queueMail: the outbox insert returned no id');
  await enqueueJob(tx, clock, MAIL_DELIVERY_JOB, { mailId: id }, {
    maxAttempts: MAIL_MAX_ATTEMPTS,
    ...(input.customerId ? { customerId: input.customerId } : {}),
  });
  return id;
}
