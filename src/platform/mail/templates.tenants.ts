import { defineTemplate } from './defineTemplate.js';

/** Mails of the operator console's tenant and contract work, sent to the tenant's contact address. */
export const tenantMailTemplates = {
  'tenant.suspended': defineTemplate({
    params: { tenantName: 'text', companyCode: 'text', suspendedAt: 'datetime' },
    subject: { ja: '【重要】ご利用の一時停止のお知らせ', en: '[Important] Your service has been suspended' },
    text: {
      ja: `{tenantName}
ご担当者様

企業コード {companyCode} のご利用を {suspendedAt} に一時停止いたしました。
一時停止中は、貴社のすべての利用者がログインできず、ログイン中の画面もご利用いただけません。
登録データは削除されず、そのまま保管されています。

お心当たりのない場合や、ご利用の再開をご希望の場合は、弊社サポート窓口までご連絡ください。`,
      en: `To the contact person of {tenantName},

The service for company code {companyCode} was suspended on {suspendedAt}.
While it is suspended, none of your users can sign in, and open sessions no longer work.
Your registered data is not deleted; it is kept as it is.

If you did not expect this, or you would like to resume the service, please contact our support desk.`,
    },
  }),

  'tenant.resumed': defineTemplate({
    params: { tenantName: 'text', companyCode: 'text', resumedAt: 'datetime', loginUrl: 'url' },
    subject: { ja: 'ご利用再開のお知らせ', en: 'Your service has been resumed' },
    text: {
      ja: `{tenantName}
ご担当者様

企業コード {companyCode} のご利用を {resumedAt} に再開いたしました。
利用者の皆様は、次の画面から改めてログインしてください。

{loginUrl}`,
      en: `To the contact person of {tenantName},

The service for company code {companyCode} was resumed on {resumedAt}.
Your users can sign in again here:

{loginUrl}`,
    },
  }),

  'tenant.contract_ending': defineTemplate({
    params: { tenantName: 'text', serviceName: 'text', endsOn: 'text', purgeOn: 'text' },
    subject: { ja: 'ご契約の終了日のお知らせ（{serviceName}）', en: 'End date of your contract ({serviceName})' },
    text: {
      ja: `{tenantName}
ご担当者様

{serviceName}のご契約の終了日を {endsOn} として登録いたしました。

ほかにご契約中のサービスがない場合、契約終了日の翌日から起算して2か月が経過した後、{purgeOn} 以降に貴社の登録データ（データベースの内容と保存ファイル）を削除いたします。
必要なデータは、契約終了日までに各サービスのエクスポート機能で保存してください。

終了日に誤りがある場合や、ご契約の継続をご希望の場合は、弊社サポート窓口までご連絡ください。`,
      en: `To the contact person of {tenantName},

We have recorded {endsOn} as the last day of your contract for {serviceName}.

If you have no other running contract, your registered data (database contents and stored files) will be deleted from {purgeOn}, two months counted from the day after the contract ends.
Please save the data you need with each service's export before the contract ends.

If the date is wrong, or you would like to continue the contract, please contact our support desk.`,
    },
  }),

  'tenant.contacts_changed': defineTemplate({
    params: { tenantName: 'text', changes: 'text', changedAt: 'datetime' },
    subject: { ja: 'ご登録の連絡先メールアドレスの変更のお知らせ', en: 'Your registered contact addresses have changed' },
    text: {
      ja: `{tenantName}
ご担当者様

貴社のご依頼に基づき、{changedAt} に次のとおり連絡先メールアドレスを変更いたしました。
このメールは、変更前と変更後の両方のアドレスにお送りしています。

{changes}

お心当たりのない場合は、至急、弊社サポート窓口までご連絡ください。`,
      en: `To the contact person of {tenantName},

At your request, we changed your registered addresses on {changedAt} as follows.
This mail goes to both the previous and the new addresses.

{changes}

If you did not ask for this change, please contact our support desk at once.`,
    },
  }),
} as const;
