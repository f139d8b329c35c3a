import { defineTemplate } from './defineTemplate.js';

/** Mails of staff account management in the operator console. */
export const staffMailTemplates = {
  'staff.invitation': defineTemplate({
    params: { displayName: 'text', inviterName: 'text', roles: 'text', link: 'url', expiresAt: 'datetime' },
    subject: {
      ja: '運用コンソールのスタッフアカウント設定のご案内',
      en: 'Set up your operator console staff account',
    },
    text: {
      ja: `{displayName} 様

{inviterName} が、運用コンソールのスタッフアカウントを作成しました。
付与された役割：{roles}

下記のリンクを開き、パスワードを設定してください。

{link}

リンクの有効期限は {expiresAt} です。リンクは一度だけ使用できます。
パスワードの設定後、運用コンソールにサインインすると、認証アプリの登録（多要素認証）を求められます。
有効期限を過ぎた場合は、セキュリティ責任者に新しいリンクの発行を依頼してください。

お心当たりのない場合は、このメールを破棄してください。`,
      en: `Dear {displayName},

{inviterName} has created an operator console staff account for you.
Roles: {roles}

Open the link below and choose your password.

{link}

The link expires on {expiresAt} and works only once.
After setting the password, sign in to the operator console; you will be asked to set up an authenticator app (multi-factor authentication).
If the link has expired, ask a security officer for a new one.

If you were not expecting this e-mail, please delete it.`,
    },
  }),
} as const;
