import type { MailParams } from '../../../src/platform/mail/index.js';

/** Sample parameters for the data lifecycle's mails (the template test renders each). */
export const samples: {
  'lifecycle.export_ready': MailParams<'lifecycle.export_ready'>;
  'lifecycle.purge_reminder': MailParams<'lifecycle.purge_reminder'>;
  'lifecycle.deletion_certificate': MailParams<'lifecycle.deletion_certificate'>;
} = {
  'lifecycle.export_ready': {
    displayName: '管理 花子',
    tenantName: '東和樹脂株式会社',
    link: 'https://app.example.jp/settings/export',
    expiresAt: new Date('2026-12-04T01:00:00.000Z'),
  },
  'lifecycle.purge_reminder': {
    tenantName: '東和樹脂株式会社',
    companyCode: 'TOWA-JUSHI',
    contractEndDate: '2026年3月31日（火）',
    purgeDate: '2026年6月1日（月）',
    daysLeft: '30',
    exportUrl: 'https://app.example.jp/settings/export',
  },
  'lifecycle.deletion_certificate': {
    tenantName: '東和樹脂株式会社',
    companyCode: 'TOWA-JUSHI',
    certificateId: '6f1c2b7e-3a4d-4c55-9e8f-0a1b2c3d4e5f',
    purgeDate: '2026年6月1日（月）',
    completedAt: new Date('2026-05-31T15:05:00.000Z'),
    keyDestroyedAt: new Date('2026-05-31T15:05:00.000Z'),
    summary: '- ユーザー（platform.users）: 12 件\n- 保存されたファイル: 3 件',
  },
};
