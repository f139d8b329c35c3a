import type { Clock } from '../../../core/clock.js';
import type { Tx } from '../../../core/db/index.js';
import { enqueueJob } from '../../../platform/jobs/index.js';
import { MAIL_DELIVERY_JOB, MAIL_MAX_ATTEMPTS, renderTemplate, type MailTemplate } from '../../../platform/mail/index.js';

/** How much of a message a notice quotes; the rest is read on the screen. */
export const MAIL_EXCERPT_CHARS = 200;

/*
 * The notices of the inquiry thread. The reader is any admin or editor of the other company,
 * whose language is not known to the writer: Japanese first, English below, as the platform's
 * mails to company contacts are.
 */
const templates = {
  'catalog.inquiry_received': {
    params: { fromCompany: 'text', productName: 'text', kindJa: 'text', kindEn: 'text', subject: 'text', excerpt: 'text', link: 'url' },
    subject: {
      ja: '【Sotas DB】{fromCompany} 様から問い合わせが届きました：{subject} / New inquiry from {fromCompany}',
      en: '[Sotas DB] New inquiry from {fromCompany}: {subject}',
    },
    text: {
      ja: `Sotas DB で、{fromCompany} 様から貴社の製品について問い合わせが届きました。

製品：{productName}
種別：{kindJa}
件名：{subject}

{excerpt}

次の画面で内容を確認し、回答してください。
{link}

――
{fromCompany} sent your company an inquiry on Sotas DB.

Product: {productName}
Kind: {kindEn}
Subject: {subject}

Open the inquiry to read it in full and answer:
{link}`,
      en: `{fromCompany} sent your company an inquiry on Sotas DB.

Product: {productName}
Kind: {kindEn}
Subject: {subject}

{excerpt}

Open the inquiry to read it in full and answer:
{link}`,
    },
  } satisfies MailTemplate,
  'catalog.inquiry_replied': {
    params: { fromCompany: 'text', subject: 'text', excerpt: 'text', link: 'url' },
    subject: {
      ja: '【Sotas DB】{fromCompany} 様から問い合わせに返信がありました：{subject} / New reply from {fromCompany}',
      en: '[Sotas DB] New reply from {fromCompany}: {subject}',
    },
    text: {
      ja: `Sotas DB の問い合わせ「{subject}」に、{fromCompany} 様から返信がありました。

{excerpt}

次の画面で内容を確認してください。
{link}

――
{fromCompany} replied to the inquiry "{subject}" on Sotas DB.

Open the inquiry to read the reply:
{link}`,
      en: `{fromCompany} replied to the inquiry "{subject}" on Sotas DB.

{excerpt}

Open the inquiry to read the reply:
{link}`,
    },
  } satisfies MailTemplate,
} as const;

/** A notice of the inquiry thread and its parameters. */
export type InquiryNotice =
  | { template: 'catalog.inquiry_received'; params: { fromCompany: string; productName: string; kindJa: string; kindEn: string; subject: string; excerpt: string; link: string } }
  | { template: 'catalog.inquiry_replied'; params: { fromCompany: string; subject: string; excerpt: string; link: string } };

/** The first characters of a message for a notice, marked when cut. */
export function mailExcerpt(body: string): string {
  const chars = [...body.trim()];
  return chars.length <= MAIL_EXCERPT_CHARS ? chars.join('') : `${chars.slice(0, MAIL_EXCERPT_CHARS).join('')}…`;
}

/**
 * Writes the notice to each recipient into the platform's mail outbox with its delivery job, in
 * the caller's transaction (the notice leaves if and only if the inquiry change commits), as
 * queueMail does for the platform's own templates.
 */
export async function queueInquiryNotices(tx: Tx, clock: Clock, input: { to: readonly string[]; customerId: string; notice: InquiryNotice }): Promise<number> {
  const rendered = renderTemplate(templates[input.notice.template], 'ja', input.notice.params);
  for (const to of input.to) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO ops.mail_outbox (customer_id, to_address, subject, text_body, html_body, template, lang, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'ja', $7) RETURNING id`,
      [input.customerId, to, rendered.subject, rendered.text, rendered.html, input.notice.template, clock.now()],
    );
    await enqueueJob(tx, clock, MAIL_DELIVERY_JOB, { mailId: rows[0]!.id }, { maxAttempts: MAIL_MAX_ATTEMPTS, customerId: input.customerId });
  }
  return input.to.length;
}
