import type { MailParams } from '../../../src/platform/mail/index.js';

const occurredAt = new Date('2026-11-27T01:20:00.000Z');

/** Sample parameters for the incident mails (the template test renders each). */
export const samples: {
  'incident.notification': MailParams<'incident.notification'>;
  'incident.update': MailParams<'incident.update'>;
  'incident.closed': MailParams<'incident.closed'>;
} = {
  'incident.notification': {
    tenantName: '東和樹脂株式会社',
    title: '工程管理サービスに接続しにくい状態',
    severity: '高',
    services: '工程管理、データベース',
    occurredAt,
    confirmedAt: new Date('2026-11-27T01:35:00.000Z'),
    message: '工程管理サービスの画面が表示されにくい状態が続いております。\n現在、原因の調査と復旧対応を進めております。',
  },
  'incident.update': {
    tenantName: '東和樹脂株式会社',
    title: '工程管理サービスに接続しにくい状態',
    message: '原因はデータベースサーバーの負荷の上昇と判明しました。復旧作業を進めております。',
  },
  'incident.closed': {
    tenantName: '東和樹脂株式会社',
    title: '工程管理サービスに接続しにくい状態',
    closedAt: new Date('2026-11-27T05:00:00.000Z'),
    message: '現在、サービスは通常どおりご利用いただけます。原因と再発防止策は別途ご報告いたします。',
  },
};
