import { defineTemplate } from './defineTemplate.js';
export type { MailParamKind, MailParamValue, MailTemplate } from './defineTemplate.js';
import type { MailParamKind, MailParamValue } from './defineTemplate.js';
import { opsMailTemplates } from './templates.ops.js';
import { maintenanceMailTemplates } from './templates.maintenance.js';
import { incidentMailTemplates } from './templates.incidents.js';
import { lifecycleMailTemplates } from './templates.lifecycle.js';
import { tenantMailTemplates } from './templates.tenants.js';
import { staffMailTemplates } from './templates.staff.js';

/** Every mail the platform sends. Services add theirs here as they need them. */
export const mailTemplates = {
  ...opsMailTemplates,
  ...maintenanceMailTemplates,
  ...incidentMailTemplates,
  ...lifecycleMailTemplates,
  ...tenantMailTemplates,
  ...staffMailTemplates,
  'staff.setup': defineTemplate({
    params: { link: 'url', expiresAt: 'datetime' },
    subject: {
      ja: '運用スタッフアカウントの初期設定のご案内',
      en: 'Set up the first staff account',
    },
    text: {
      ja: `運用スタッフアカウントの初期設定用リンクを発行しました。
下記のリンクを開き、アカウントを作成してください。

{link}

このリンクの有効期限は {expiresAt} です。リンクは一度だけ使用できます。
有効期限を過ぎた場合は、サーバーの管理者に新しいリンクの発行を依頼してください。

お心当たりのない場合は、このメールを破棄してください。`,
      en: `A link to set up the first staff account has been issued.
Open the link below and create the account.

{link}

The link expires on {expiresAt} and works only once.
If it has expired, ask the server operator for a new link.

If you were not expecting this e-mail, please delete it.`,
    },
  }),

  'tenant.first_login': defineTemplate({
    params: { tenantName: 'text', companyCode: 'text', link: 'url', expiresAt: 'datetime' },
    subject: {
      ja: 'ご利用開始（初回ログイン）のお手続きのご案内',
      en: 'Your account is ready: first sign-in',
    },
    text: {
      ja: `{tenantName}
代表者様

このたびはご契約いただき、誠にありがとうございます。
代表者様のアカウントをご用意いたしました。次の手順で初回ログインのお手続きをお願いいたします。

1. 下記のリンクを開いてください。
{link}

2. 画面の案内に従って、パスワードを設定してください。

3. 以降は、ログイン画面で次の企業コード、このメールアドレス、設定したパスワードを入力してログインしてください。
企業コード：{companyCode}

リンクの有効期限は {expiresAt} です。リンクは一度だけご利用いただけます。
有効期限を過ぎた場合は、弊社サポート窓口までご連絡ください。新しいリンクをお送りいたします。`,
      en: `To the representative of {tenantName},

Thank you for your contract. Your representative account is ready.
Please complete your first sign-in as follows.

1. Open the link below.
{link}

2. Set your password as the page guides you.

3. From then on, sign in with the company code below, this e-mail address and your password.
Company code: {companyCode}

The link expires on {expiresAt} and works only once.
If it has expired, contact our support desk and we will send you a new one.`,
    },
  }),

  'password.reset': defineTemplate({
    params: { displayName: 'text', link: 'url', expiresAt: 'datetime' },
    subject: {
      ja: 'パスワード再設定のご案内',
      en: 'Reset your password',
    },
    text: {
      ja: `{displayName} 様

パスワード再設定のご依頼を受け付けました。
下記のリンクを開き、新しいパスワードを設定してください。

{link}

リンクの有効期限は {expiresAt} です。リンクは一度だけご利用いただけます。
パスワードを再設定すると、ほかの端末でのログイン状態はすべて解除されます。

このご依頼にお心当たりのない場合は、このメールを破棄してください。パスワードは変更されません。`,
      en: `Dear {displayName},

We received a request to reset your password.
Open the link below and choose a new password.

{link}

The link expires on {expiresAt} and works only once.
Resetting your password signs you out on all other devices.

If you did not ask for this, please delete this e-mail. Your password stays as it is.`,
    },
  }),

  'invitation.catalog': defineTemplate({
    params: { inviterName: 'text', tenantName: 'text', link: 'url', expiresAt: 'datetime' },
    subject: {
      ja: '{tenantName} の {inviterName} 様から Sotas DB への招待が届いています',
      en: '{inviterName} of {tenantName} invited you to Sotas DB',
    },
    text: {
      ja: `{tenantName} の {inviterName} 様から、データベースサービス「Sotas DB」への招待が届いています。
下記のリンクを開き、パスワードを設定してご利用を開始してください。

{link}

招待の有効期限は {expiresAt} です。リンクは一度だけ、このメールアドレスでのみご利用いただけます。
有効期限を過ぎた場合は、{inviterName} 様に招待の再送をご依頼ください。

お心当たりのない場合は、このメールを破棄してください。`,
      en: `{inviterName} of {tenantName} has invited you to Sotas DB, the chemical product database.
Open the link below and set your password to start.

{link}

The invitation expires on {expiresAt}. The link works only once and only for this e-mail address.
If it has expired, ask {inviterName} to send the invitation again.

If you were not expecting this e-mail, please delete it.`,
    },
  }),

  'survey.temporary_password': defineTemplate({
    params: { temporaryPassword: 'text', loginUrl: 'url', expiresAt: 'datetime' },
    subject: {
      ja: '化学調査サービスの仮パスワードのお知らせ',
      en: 'Your temporary password for the chemical survey service',
    },
    text: {
      ja: `化学調査サービスのアカウントを作成いたしました。
下記のログイン画面から、このメールアドレスと仮パスワードでログインしてください。

ログイン画面：{loginUrl}
仮パスワード：{temporaryPassword}

仮パスワードの有効期限は {expiresAt} です。
初回ログイン時に、ご自身でパスワードを変更していただきます。
有効期限を過ぎた場合は、貴社のご担当者様を通じて弊社に再発行をご依頼ください。`,
      en: `An account for the chemical survey service has been created for you.
Sign in on the page below with this e-mail address and the temporary password.

Sign-in page: {loginUrl}
Temporary password: {temporaryPassword}

The temporary password expires on {expiresAt}.
You will choose your own password when you first sign in.
If it has expired, ask your company's contact person to request a new one from us.`,
    },
  }),

  'test.ping': defineTemplate({
    params: { sentAt: 'datetime' },
    subject: {
      ja: 'テストメール',
      en: 'Test e-mail',
    },
    text: {
      ja: `メール送信設定の確認のため、テストメールをお送りしました（送信日時：{sentAt}）。
このメールが届いていれば、送信設定は正常です。ご返信は不要です。`,
      en: `This test e-mail was sent to check the mail settings (sent {sentAt}).
If it has arrived, the settings work. No reply is needed.`,
    },
  }),

  'breakglass.notice': defineTemplate({
    params: { tenantName: 'text', staffName: 'text', reason: 'text', accessedAt: 'datetime', expiresAt: 'datetime', logUrl: 'url' },
    subject: {
      ja: '【ご連絡】運用スタッフが貴社の登録データを閲覧しました',
      en: 'Notice: provider staff accessed your organisation’s data',
    },
    text: {
      ja: `{tenantName}
ご担当者様

運営事業者のスタッフが、特権アクセス（ブレークグラス）の手続きにより、貴社の登録データを閲覧しましたのでお知らせいたします。

閲覧したスタッフ：{staffName}
理由：{reason}
最初の閲覧日時：{accessedAt}
アクセスの有効期限：{expiresAt}

期限までの閲覧はすべて、貴社のイベントログに記録されます。管理者の方は、次の画面で閲覧の日時と内容をご確認いただけます。
{logUrl}

このアクセスにお心当たりのない場合は、弊社サポート窓口までご連絡ください。`,
      en: `To the contact person of {tenantName},

A member of the provider's staff has accessed your organisation's registered data through a break-glass grant.

Staff member: {staffName}
Reason: {reason}
First access: {accessedAt}
Access ends: {expiresAt}

Every access until then is recorded in your organisation's event log. Your administrators can review when and what was accessed here:
{logUrl}

If you did not expect this access, please contact our support desk.`,
    },
  }),
} as const;

/** The id of a mail the platform can send. */
export type MailTemplateId = keyof typeof mailTemplates;

type ParamsOf<T extends MailTemplateId> = (typeof mailTemplates)[T]['params'];

/** The values a template needs, each of its kind: leaving one out is a type error. */
export type MailParams<T extends MailTemplateId> = {
  readonly [K in keyof ParamsOf<T>]: MailParamValue<Extract<ParamsOf<T>[K], MailParamKind>>;
};
