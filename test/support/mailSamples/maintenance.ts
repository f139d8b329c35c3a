import type { MailParams } from '../../../src/platform/mail/index.js';

const window = {
  tenantName: '東和樹脂株式会社',
  window: '2026/12/05(土) 22:00 (日本時間) ～ 2026/12/06(日) 02:00 (日本時間)',
  windowEn: 'Sat, 5 Dec 2026 22:00 JST – Sun, 6 Dec 2026 02:00 JST',
  services: '工程管理、データベース',
  servicesEn: 'Process management, Product database',
  description: 'データベースサーバーのバージョンアップを行います。',
  descriptionEn: 'We will upgrade the database servers.',
};

/** Sample parameters for the maintenance notices (the template test renders each). */
export const samples: {
  'maintenance.scheduled': MailParams<'maintenance.scheduled'>;
  'maintenance.reminder': MailParams<'maintenance.reminder'>;
  'maintenance.changed': MailParams<'maintenance.changed'>;
  'maintenance.cancelled': MailParams<'maintenance.cancelled'>;
} = {
  'maintenance.scheduled': window,
  'maintenance.reminder': window,
  'maintenance.changed': {
    ...window,
    previousWindow: '2026/12/04(金) 22:00 (日本時間) ～ 2026/12/05(土) 02:00 (日本時間)',
    previousWindowEn: 'Fri, 4 Dec 2026 22:00 JST – Sat, 5 Dec 2026 02:00 JST',
    impact: '変更後の内容でも、貴社がご契約のサービスが対象となります。',
    impactEn: 'The services you use are still affected.',
  },
  'maintenance.cancelled': {
    tenantName: window.tenantName,
    window: window.window,
    windowEn: window.windowEn,
    services: window.services,
    servicesEn: window.servicesEn,
  },
};
