import { defineTemplate } from './defineTemplate.js';

/**
 * Mails about incidents to each affected tenant's maintenance and incident contact (16.1.1).
 * `{message}` is the text the staff member wrote (and could edit before sending); the rest is
 * fixed, so every notice names the incident, its severity, the services and both times.
 */
export const incidentMailTemplates = {
  'incident.notification': defineTemplate({
    params: { tenantName: 'text', title: 'text', severity: 'text', services: 'text', occurredAt: 'datetime', confirmedAt: 'datetime', message: 'text' },
    subject: { ja: '【重要】障害発生のお知らせ：{title}', en: '[Important] Incident notice: {title}' },
    text: {
      ja: `{tenantName}
システムメンテナンス等ご連絡先ご担当者様

平素より弊社サービスをご利用いただき、誠にありがとうございます。
弊社サービスにおいて下記のインシデントが発生しましたので、お知らせいたします。

件名：{title}
重大度：{severity}
影響のあるサービス：{services}
発生日時：{occurredAt}
確認日時：{confirmedAt}

{message}

ご迷惑をおかけしておりますことを、深くお詫び申し上げます。
今後の状況は、続報にてお知らせいたします。`,
      en: `To the maintenance and incident contact of {tenantName},

Thank you for using our services.
We are writing to inform you of the following incident in our services.

Subject: {title}
Severity: {severity}
Services affected: {services}
Occurred: {occurredAt}
Confirmed: {confirmedAt}

{message}

We sincerely apologise for the inconvenience.
We will keep you informed with further updates.`,
    },
  }),

  'incident.update': defineTemplate({
    params: { tenantName: 'text', title: 'text', message: 'text' },
    subject: { ja: '【続報】障害に関するお知らせ：{title}', en: '[Update] Incident notice: {title}' },
    text: {
      ja: `{tenantName}
システムメンテナンス等ご連絡先ご担当者様

先にお知らせいたしました「{title}」について、続報をお知らせいたします。

{message}

ご迷惑をおかけしておりますことを、重ねてお詫び申し上げます。`,
      en: `To the maintenance and incident contact of {tenantName},

This is an update on the incident "{title}" we informed you of earlier.

{message}

We apologise again for the inconvenience.`,
    },
  }),

  'incident.closed': defineTemplate({
    params: { tenantName: 'text', title: 'text', closedAt: 'datetime', message: 'text' },
    subject: { ja: '【収束のご報告】障害に関するお知らせ：{title}', en: '[Resolved] Incident notice: {title}' },
    text: {
      ja: `{tenantName}
システムメンテナンス等ご連絡先ご担当者様

先にお知らせいたしました「{title}」について、{closedAt} をもって収束いたしましたので、ご報告いたします。

{message}

このたびはご迷惑をおかけいたしましたことを、深くお詫び申し上げます。
ご不明な点がございましたら、弊社サポート窓口までお問い合わせください。`,
      en: `To the maintenance and incident contact of {tenantName},

The incident "{title}" we informed you of was resolved as of {closedAt}.

{message}

We sincerely apologise for the inconvenience this caused.
If you have any questions, please contact our support desk.`,
    },
  }),
} as const;
