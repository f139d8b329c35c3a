import type { MailParams } from '../../../src/platform/mail/index.js';

/** Sample parameters for the staff account mails (the template test renders each). */
export const samples: { 'staff.invitation': MailParams<'staff.invitation'> } = {
  'staff.invitation': {
    displayName: '運用 花子',
    inviterName: '運用 太郎',
    roles: 'オペレーター',
    link: 'https://app.example.jp/setup/staff/Zx9_kQ-3bT7wLm2PaYc4RdVe8sNu',
    expiresAt: new Date('2026-11-30T01:00:00.000Z'),
  },
};
