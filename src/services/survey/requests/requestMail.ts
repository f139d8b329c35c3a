import type { Clock } from '../../../core/clock.js';
import type { Tx } from '../../../core/db/index.js';
import { enqueueJob } from '../../../platform/jobs/index.js';
import { MAIL_DELIVERY_JOB, MAIL_MAX_ATTEMPTS, renderTemplate, type MailTemplate } from '../../../platform/mail/index.js';

/*
 * The notices of the survey workflow. The reader is a user of the other company (or an outside
 * company's contact), whose language the writer does not know: Japanese first, English below,
 * as the platform's mails to company contacts are.
 */
const SEPARATOR = '――';

const templates = {
  'survey.request_received': {
    params: { fromCompany: 'text', title: 'text', respondBy: 'text', itemCount: 'text', link: 'url' },
    subject: {
      ja: '【Sotas DB】{fromCompany} 様から化学物質調査の依頼が届きました：{title} / New chemical survey request',
      en: '[Sotas DB] New chemical survey request from {fromCompany}: {title}',
    },
    text: {
      ja: `Sotas DB で、{fromCompany} 様から含有化学物質調査の依頼が届きました。

件名：{title}
対象品目：{itemCount} 件
回答期限：{respondBy}

次の画面で内容を確認し、回答を作成してください。回答は承認者の承認後に送信できます。
{link}

${SEPARATOR}
{fromCompany} sent your company a chemical-content survey request on Sotas DB.

Title: {title}
Items: {itemCount}
Respond by: {respondBy}

Open the request to draft your answer; it is sent after a reviewer approves it:
{link}`,
      en: `{fromCompany} sent your company a chemical-content survey request on Sotas DB.

Title: {title}
Items: {itemCount}
Respond by: {respondBy}

Open the request to draft your answer; it is sent after a reviewer approves it:
{link}`,
    },
  } satisfies MailTemplate,
  'survey.response_received': {
    params: { fromCompany: 'text', title: 'text', authorizerName: 'text', link: 'url' },
    subject: {
      ja: '【Sotas DB】{fromCompany} 様から調査の回答が届きました：{title} / Survey answer received',
      en: '[Sotas DB] Survey answer from {fromCompany}: {title}',
    },
    text: {
      ja: `Sotas DB で依頼した含有化学物質調査「{title}」に、{fromCompany} 様から回答が届きました（承認者：{authorizerName}）。

次の画面で回答を確認し、受理するか差し戻してください。
{link}

${SEPARATOR}
{fromCompany} answered your chemical-content survey "{title}" on Sotas DB (authorized by {authorizerName}).

Open the request to review the answer and accept or return it:
{link}`,
      en: `{fromCompany} answered your chemical-content survey "{title}" on Sotas DB (authorized by {authorizerName}).

Open the request to review the answer and accept or return it:
{link}`,
    },
  } satisfies MailTemplate,
  'survey.request_returned': {
    params: { fromCompany: 'text', title: 'text', reason: 'text', link: 'url' },
    subject: {
      ja: '【Sotas DB】{fromCompany} 様から調査の回答が差し戻されました：{title} / Survey answer returned',
      en: '[Sotas DB] {fromCompany} returned your survey answer: {title}',
    },
    text: {
      ja: `Sotas DB の含有化学物質調査「{title}」の回答が、{fromCompany} 様から差し戻されました。

理由：
{reason}

次の画面で内容を確認し、回答を作成し直してください。
{link}

${SEPARATOR}
{fromCompany} returned your answer to the chemical-content survey "{title}" on Sotas DB.

Open the request to read the reason and answer again:
{link}`,
      en: `{fromCompany} returned your answer to the chemical-content survey "{title}" on Sotas DB.

Reason:
{reason}

Open the request to read the reason and answer again:
{link}`,
    },
  } satisfies MailTemplate,
  'survey.request_reminder': {
    params: { fromCompany: 'text', title: 'text', respondBy: 'text', whenJa: 'text', whenEn: 'text', link: 'url' },
    subject: {
      ja: '【Sotas DB】調査の回答期限（{respondBy}）{whenJa}：{title} / Survey reminder',
      en: '[Sotas DB] Survey reminder ({whenEn}): {title}',
    },
    text: {
      ja: `{fromCompany} 様から依頼された含有化学物質調査「{title}」の回答期限（{respondBy}）{whenJa}。まだ回答が送信されていません。

次の画面で回答を作成し、承認を受けて送信してください。
{link}

${SEPARATOR}
The chemical-content survey "{title}" from {fromCompany} is {whenEn} (respond by {respondBy}) and has not been answered yet.

Open the request to answer it:
{link}`,
      en: `The chemical-content survey "{title}" from {fromCompany} is {whenEn} (respond by {respondBy}) and has not been answered yet.

Open the request to answer it:
{link}`,
    },
  } satisfies MailTemplate,
  'survey.request_reminder_outside': {
    params: { fromCompany: 'text', title: 'text', respondBy: 'text', whenJa: 'text', whenEn: 'text' },
    subject: {
      ja: '【{fromCompany}】含有化学物質調査の回答期限（{respondBy}）{whenJa}：{title} / Survey reminder',
      en: '[{fromCompany}] Survey reminder ({whenEn}): {title}',
    },
    text: {
      ja: `{fromCompany} 様よりお願いしている含有化学物質調査「{title}」の回答期限（{respondBy}）{whenJa}。まだ回答をいただいていません。

先にお送りしたメールのリンクから回答してください。リンクの有効期限が切れている場合は、{fromCompany} 様のご担当者に新しいリンクをご依頼ください。

${SEPARATOR}
The chemical-content survey "{title}" from {fromCompany} is {whenEn} (respond by {respondBy}) and has not been answered yet.
Answer it through the link in the earlier mail; if the link has expired, ask your contact at {fromCompany} for a new one.`,
      en: `The chemical-content survey "{title}" from {fromCompany} is {whenEn} (respond by {respondBy}) and has not been answered yet.

Answer it through the link in the earlier mail; if the link has expired, ask your contact at {fromCompany} for a new one.`,
    },
  } satisfies MailTemplate,
} as const;

type TemplateId = keyof typeof templates;
type ParamsOf<T extends TemplateId> = { [K in keyof (typeof templates)[T]['params']]: string };

/** A notice of the survey workflow and its parameters. */
export type SurveyNotice = { [T in TemplateId]: { template: T; params: ParamsOf<T> } }[TemplateId];

/** The screen of a request in the web app. */
export function requestLink(publicUrl: string, requestId: string): string {
  return `${publicUrl}/s/survey/requests/${requestId}`;
}

/** A JST date as a Japanese reader writes it (the date is the same in both languages). */
export function dateLabel(day: string): string {
  return day.replaceAll('-', '/');
}

/**
 * Addresses of the other company's active survey users in `roles`. They are the other
 * tenant's users, so they are read with that tenant set on this transaction for the one query
 * (RLS still applies) and the reader's tenant set back straight after: the notice is queued in
 * the same transaction as the change it tells of.
 */
export async function surveyUsersOf(tx: Tx, otherTenantId: string, ownTenantId: string, roles: readonly string[]): Promise<string[]> {
  await tx.query("SELECT set_config('app.tenant_id', $1, true)", [otherTenantId]);
  const { rows } = await tx.query<{ email: string }>(
    `SELECT u.email FROM platform.users u
       JOIN platform.memberships m ON m.tenant_id = u.tenant_id AND m.user_id = u.id
      WHERE m.service = 'survey' AND m.role = ANY($1::text[]) AND u.status = 'active'
      ORDER BY u.email`,
    [roles],
  );
  await tx.query("SELECT set_config('app.tenant_id', $1, true)", [ownTenantId]);
  return rows.map((r) => r.email);
}

/**
 * Writes the notice to each recipient into the platform's mail outbox with its delivery job, in
 * the caller's transaction (the notice leaves if and only if the change commits).
 */
export async function queueSurveyNotices(tx: Tx, clock: Clock, input: { to: readonly string[]; customerId: string; notice: SurveyNotice }): Promise<number> {
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
