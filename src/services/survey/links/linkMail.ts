import type { Clock } from '../../../core/clock.js';
import type { Tx } from '../../../core/db/index.js';
import { enqueueJob } from '../../../platform/jobs/index.js';
import { MAIL_DELIVERY_JOB, MAIL_MAX_ATTEMPTS, renderTemplate, type MailTemplate } from '../../../platform/mail/index.js';
import { uploadLinkUrl } from './uploadLinks.js';

/*
 * The mails of outside companies' upload links. The outside company's language is not known:
 * Japanese first, English below, as the platform's mails to company contacts are.
 */
const templates = {
  'survey.upload_link': {
    params: { requesterName: 'text', title: 'text', respondBy: 'text', expiresAt: 'datetime', link: 'url' },
    subject: {
      ja: '【Sotas 化学調査】{requesterName} 様から含有化学物質調査のご依頼：{title} / Chemical survey request from {requesterName}',
      en: '[Sotas survey] Chemical survey request from {requesterName}: {title}',
    },
    text: {
      ja: `{requesterName} 様から、含有化学物質調査のご依頼が届いています。

件名：{title}
回答期限：{respondBy}

次のリンクから、ログインせずに依頼内容の確認と回答（chemSHERPA・IPC-1752A・CSV・Excel ファイルのアップロード、または画面での入力）ができます。
{link}

このリンクはこのご依頼の回答専用です。有効期限は {expiresAt} までで、回答を送信すると使えなくなります。リンクは他の方に転送しないでください。

――
{requesterName} asks your company for a chemical-content survey.

Subject: {title}
Respond by: {respondBy}

Open the link below to read the request and answer without signing in (upload a chemSHERPA, IPC-1752A, CSV or Excel file, or fill in the form):
{link}

The link serves this request only. It works until {expiresAt} and closes once you submit your answer. Please do not forward it.`,
      en: `{requesterName} asks your company for a chemical-content survey.

Subject: {title}
Respond by: {respondBy}

Open the link below to read the request and answer without signing in (upload a chemSHERPA, IPC-1752A, CSV or Excel file, or fill in the form):
{link}

The link serves this request only. It works until {expiresAt} and closes once you submit your answer. Please do not forward it.`,
    },
  } satisfies MailTemplate,
  'survey.outside_answer_received': {
    params: { responderCompany: 'text', title: 'text', link: 'url' },
    subject: {
      ja: '【Sotas 化学調査】{responderCompany} 様から回答が届きました：{title} / Survey answer from {responderCompany}',
      en: '[Sotas survey] Answer from {responderCompany}: {title}',
    },
    text: {
      ja: `調査依頼「{title}」に、{responderCompany} 様から回答用リンクで回答が届きました。

次の画面で内容を確認し、受理または差し戻してください。
{link}

――
{responderCompany} answered the survey request "{title}" through its answer link.

Open the request to review the answer and accept or return it:
{link}`,
      en: `{responderCompany} answered the survey request "{title}" through its answer link.

Open the request to review the answer and accept or return it:
{link}`,
    },
  } satisfies MailTemplate,
} as const;

/** The screen of a request in the web app (requester side). */
export function requestLink(publicUrl: string, requestId: string): string {
  return `${publicUrl}/s/survey/requests/${requestId}`;
}

async function queue(tx: Tx, clock: Clock, input: { to: readonly string[]; customerId: string; template: keyof typeof templates; params: Record<string, unknown> }): Promise<void> {
  const rendered = renderTemplate(templates[input.template], 'ja', input.params);
  for (const to of input.to) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO ops.mail_outbox (customer_id, to_address, subject, text_body, html_body, template, lang, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'ja', $7) RETURNING id`,
      [input.customerId, to, rendered.subject, rendered.text, rendered.html, input.template, clock.now()],
    );
    await enqueueJob(tx, clock, MAIL_DELIVERY_JOB, { mailId: rows[0]!.id }, { maxAttempts: MAIL_MAX_ATTEMPTS, customerId: input.customerId });
  }
}

/**
 * Writes the mail carrying an upload link to the outside company into the platform's mail
 * outbox with its delivery job, in the caller's transaction (the mail leaves if and only if the
 * link is committed). The token is in the mail only, never in the log or the database.
 */
export async function queueUploadLinkMail(
  tx: Tx,
  clock: Clock,
  input: {
    /** The requesting tenant (whose mail it is). */
    tenantId: string;
    email: string;
    token: string;
    expiresAt: Date;
    publicUrl: string;
    request: { title: string; requesterName: string; respondBy: string };
  },
): Promise<void> {
  await queue(tx, clock, {
    to: [input.email],
    customerId: input.tenantId,
    template: 'survey.upload_link',
    params: {
      requesterName: input.request.requesterName,
      title: input.request.title,
      respondBy: input.request.respondBy,
      expiresAt: input.expiresAt,
      link: uploadLinkUrl(input.publicUrl, input.token),
    },
  });
}

/** Tells the requesting tenant's survey admins and reviewers that an outside company answered. */
export async function queueOutsideAnswerMail(
  tx: Tx,
  clock: Clock,
  input: { tenantId: string; requestId: string; title: string; responderCompany: string; publicUrl: string },
): Promise<number> {
  const { rows } = await tx.query<{ email: string }>(
    `SELECT DISTINCT u.email FROM platform.users u
       JOIN platform.memberships m ON m.tenant_id = u.tenant_id AND m.user_id = u.id
      WHERE u.tenant_id = platform.current_tenant() AND m.service = 'survey' AND m.role IN ('org_admin', 'org_reviewer') AND u.status = 'active'
      ORDER BY u.email`,
  );
  const to = rows.map((r) => r.email);
  await queue(tx, clock, {
    to,
    customerId: input.tenantId,
    template: 'survey.outside_answer_received',
    params: { responderCompany: input.responderCompany, title: input.title, link: requestLink(input.publicUrl, input.requestId) },
  });
  return to.length;
}
