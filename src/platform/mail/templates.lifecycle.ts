import { defineTemplate } from './defineTemplate.js';

/** Mails of the data lifecycle: finished exports, purge reminders and deletion certificates. */
export const lifecycleMailTemplates = {
  'lifecycle.export_ready': defineTemplate({
    params: { displayName: 'text', tenantName: 'text', link: 'url', expiresAt: 'datetime' },
    subject: {
      ja: 'データのエクスポートが完了しました',
      en: 'Your data export is ready',
    },
    text: {
      ja: `{displayName} 様

{tenantName} のデータのエクスポートが完了しました。
下記の画面からダウンロードしてください。

{link}

ダウンロードの期限は {expiresAt} です。期限を過ぎるとファイルは削除されます。その後は、もう一度エクスポートを開始してください。
ダウンロードしたファイルには貴社の登録データがすべて含まれます。取り扱いにご注意ください。`,
      en: `Dear {displayName},

The export of {tenantName}'s data has finished.
Download it from the page below.

{link}

It can be downloaded until {expiresAt}; then the file is deleted and you can start a new export.
The file holds all of your organisation's registered data. Please handle it with care.`,
    },
  }),

  'lifecycle.purge_reminder': defineTemplate({
    params: { tenantName: 'text', companyCode: 'text', contractEndDate: 'text', purgeDate: 'text', daysLeft: 'text', exportUrl: 'url' },
    subject: {
      ja: '【重要】ご登録データの削除予定日（{purgeDate}）のお知らせ',
      en: 'Important: your data will be deleted on {purgeDate}',
    },
    text: {
      ja: `{tenantName}
ご担当者様（企業コード：{companyCode}）

ご契約は {contractEndDate} に終了しました。
利用規約に基づき、契約終了日の翌日から2か月が経過した {purgeDate} 以降に、貴社のご登録データ（ユーザー、登録内容、保存されたファイルを含みます）をすべて削除いたします。削除まで残り {daysLeft} 日です。

削除したデータは、バックアップを含めて復元できません。
必要なデータは、削除予定日の前日までに、管理者の方が次の画面からエクスポート（一括ダウンロード）してください。
{exportUrl}

ご契約を継続される場合は、削除予定日より前に弊社営業窓口までご連絡ください。継続のお手続きが完了すると、削除は行われません。

削除の完了後、ご希望に応じて削除証明書をお送りいたします。`,
      en: `To the contact person of {tenantName} (company code {companyCode}),

Your contract ended on {contractEndDate}.
Under the terms of service, all of your registered data (users, records and stored files) will be deleted from {purgeDate}, two months after the day following the end of the contract. {daysLeft} days remain.

Deleted data cannot be restored, not even from backups.
Before that date, an administrator can export (download) all the data you need here:
{exportUrl}

To continue your contract, please contact our sales desk before the deletion date. Once the renewal is complete, nothing is deleted.

After the deletion we can send you a certificate of deletion on request.`,
    },
  }),

  'lifecycle.deletion_certificate': defineTemplate({
    params: { tenantName: 'text', companyCode: 'text', certificateId: 'text', purgeDate: 'text', completedAt: 'datetime', keyDestroyedAt: 'datetime', summary: 'text' },
    subject: {
      ja: 'データ削除証明書（{tenantName} 様）',
      en: 'Certificate of data deletion ({tenantName})',
    },
    text: {
      ja: `{tenantName}
ご担当者様（企業コード：{companyCode}）

ご契約終了に伴い、貴社のご登録データを削除いたしましたので、下記のとおり証明いたします。

証明書番号：{certificateId}
削除予定日：{purgeDate}
削除完了日時：{completedAt}
暗号鍵の破棄日時：{keyDestroyedAt}

削除した内容
{summary}

貴社専用の暗号鍵を破棄したため、バックアップに残るデータの写しも復号できなくなっています。
なお、利用規約に基づき、貴社の情報資産を含まないログなど、サービスの運営に必要な記録は、定められた保存期間のあいだ保管し、その後削除いたします。

ご不明な点は、弊社サポート窓口までお問い合わせください。`,
      en: `To the contact person of {tenantName} (company code {companyCode}),

Following the end of your contract, we have deleted your organisation's registered data and certify it as follows.

Certificate number: {certificateId}
Scheduled deletion date: {purgeDate}
Deletion completed: {completedAt}
Encryption key destroyed: {keyDestroyedAt}

What was deleted
{summary}

Because your organisation's own encryption key has been destroyed, copies of the data that remain in backups can no longer be decrypted.
As the terms of service set out, records the service needs to operate that hold none of your information assets, such as logs, are kept for their retention period and deleted afterwards.

If you have any questions, please contact our support desk.`,
    },
  }),
} as const;
