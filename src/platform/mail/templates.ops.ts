import { defineTemplate } from './defineTemplate.js';

/** Mails of the operator console's own: staff alerts. */
export const opsMailTemplates = {
  'staff.alert': defineTemplate({
    params: { summary: 'text', detail: 'text', openedAt: 'datetime', consoleUrl: 'url' },
    subject: { ja: '【運用アラート】{summary}', en: '[Operations alert] {summary}' },
    text: {
      ja: `運用アラートが発生しました。

{summary}

{detail}

発生日時: {openedAt}
運用コンソール: {consoleUrl}

このアラートは状態が解消されるまで再送されません。`,
      en: `An operations alert was raised.

{summary}

{detail}

Raised at: {openedAt}
Operator console: {consoleUrl}

This alert is not sent again until the condition clears.`,
    },
  }),
} as const;
