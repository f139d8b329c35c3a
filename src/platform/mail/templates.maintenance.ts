import { defineTemplate } from './defineTemplate.js';

/*
 * Maintenance notices (12.1.2) go to a tenant's contact address, whose reader's language the
 * provider does not know: each mail carries both languages, the mail's own first. Window,
 * services and description are given in each language (`…En` for English), the window
 * already formatted in JST.
 */

const WINDOW_PARAMS = {
  tenantName: 'text',
  window: 'text',
  windowEn: 'text',
  services: 'text',
  servicesEn: 'text',
  description: 'text',
  descriptionEn: 'text',
} as const;

/** Mails of the maintenance notices: scheduled, reminder, changed, cancelled. */
export const maintenanceMailTemplates = {
  'maintenance.scheduled': defineTemplate({
    params: WINDOW_PARAMS,
    subject: {
      ja: '【メンテナンスのお知らせ】{window}',
      en: '[Scheduled maintenance] {windowEn}',
    },
    text: {
      ja: `{tenantName}
ご担当者様

いつもご利用いただき、誠にありがとうございます。
下記の日時にシステムメンテナンスを実施いたします。作業中は、対象のサービスをご利用いただけません。

日時：{window}
対象サービス：{services}
内容：
{description}

ご不便をおかけいたしますが、ご理解とご協力をお願い申し上げます。
前日にあらためてご案内いたします。作業中は、ログイン後の画面上部にもお知らせを表示いたします。

------------------------------------------------------------
(English)

Scheduled maintenance
Window: {windowEn}
Services: {servicesEn}
Details:
{descriptionEn}`,
      en: `To the contact person of {tenantName},

Thank you for using our services.
We will carry out system maintenance at the time below. The services listed cannot be used during the work.

Window: {windowEn}
Services: {servicesEn}
Details:
{descriptionEn}

We apologise for the inconvenience.
We will remind you the day before, and signed-in users see a notice at the top of every page.

------------------------------------------------------------
(Japanese)

{window}
{services}
{description}`,
    },
  }),

  'maintenance.reminder': defineTemplate({
    params: WINDOW_PARAMS,
    subject: {
      ja: '【まもなくメンテナンスを実施します】{window}',
      en: '[Reminder: maintenance] {windowEn}',
    },
    text: {
      ja: `{tenantName}
ご担当者様

先日ご案内したシステムメンテナンスの開始が近づきましたので、あらためてお知らせいたします。
作業中は、対象のサービスをご利用いただけません。

日時：{window}
対象サービス：{services}
内容：
{description}

作業の開始前に、入力中のデータの保存をお願いいたします。

------------------------------------------------------------
(English)

Reminder: maintenance starts soon
Window: {windowEn}
Services: {servicesEn}
Details:
{descriptionEn}`,
      en: `To the contact person of {tenantName},

The system maintenance we announced starts soon. The services listed cannot be used during the work.

Window: {windowEn}
Services: {servicesEn}
Details:
{descriptionEn}

Please save any work in progress before the maintenance starts.

------------------------------------------------------------
(Japanese)

{window}
{services}
{description}`,
    },
  }),

  'maintenance.changed': defineTemplate({
    params: { ...WINDOW_PARAMS, previousWindow: 'text', previousWindowEn: 'text', impact: 'text', impactEn: 'text' },
    subject: {
      ja: '【メンテナンス内容変更のお知らせ】{window}',
      en: '[Maintenance changed] {windowEn}',
    },
    text: {
      ja: `{tenantName}
ご担当者様

先日ご案内したシステムメンテナンスの内容を変更いたしましたので、お知らせいたします。

変更前の日時：{previousWindow}

変更後の日時：{window}
対象サービス：{services}
内容：
{description}

{impact}

たびたびのご案内となり申し訳ございません。ご理解とご協力をお願い申し上げます。

------------------------------------------------------------
(English)

The maintenance has changed
Previous window: {previousWindowEn}
New window: {windowEn}
Services: {servicesEn}
Details:
{descriptionEn}

{impactEn}`,
      en: `To the contact person of {tenantName},

The system maintenance we announced has changed.

Previous window: {previousWindowEn}

New window: {windowEn}
Services: {servicesEn}
Details:
{descriptionEn}

{impactEn}

We apologise for the repeated notices.

------------------------------------------------------------
(Japanese)

{previousWindow}
{window}
{services}
{description}
{impact}`,
    },
  }),

  'maintenance.cancelled': defineTemplate({
    params: { tenantName: 'text', window: 'text', windowEn: 'text', services: 'text', servicesEn: 'text' },
    subject: {
      ja: '【メンテナンス中止のお知らせ】{window}',
      en: '[Maintenance cancelled] {windowEn}',
    },
    text: {
      ja: `{tenantName}
ご担当者様

先日ご案内した下記のシステムメンテナンスは、実施を取りやめました。
この日時も、通常どおりサービスをご利用いただけます。

日時：{window}
対象サービス：{services}

------------------------------------------------------------
(English)

The maintenance below has been cancelled; the services stay available.
Window: {windowEn}
Services: {servicesEn}`,
      en: `To the contact person of {tenantName},

The system maintenance below has been cancelled. The services stay available at that time.

Window: {windowEn}
Services: {servicesEn}

------------------------------------------------------------
(Japanese)

{window}
{services}`,
    },
  }),
} as const;
