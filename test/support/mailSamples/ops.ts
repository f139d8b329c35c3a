import type { MailParams } from '../../../src/platform/mail/index.js';

/** Sample parameters for the operator console's mails (the template test renders each). */
export const samples: { 'staff.alert': MailParams<'staff.alert'> } = {
  'staff.alert': {
    summary: 'インシデント通知の期限が近づいています',
    detail: '東和樹脂株式会社への通知期限まで残り1時間です。',
    openedAt: new Date('2026-11-27T01:00:00.000Z'),
    consoleUrl: 'https://app.example.jp/ops',
  },
};
