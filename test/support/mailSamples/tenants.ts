import type { MailParams } from '../../../src/platform/mail/index.js';

/** Sample parameters for the tenant and contract mails (the template test renders each). */
export const samples: {
  'tenant.suspended': MailParams<'tenant.suspended'>;
  'tenant.resumed': MailParams<'tenant.resumed'>;
  'tenant.contract_ending': MailParams<'tenant.contract_ending'>;
  'tenant.contacts_changed': MailParams<'tenant.contacts_changed'>;
} = {
  'tenant.suspended': { tenantName: '東和樹脂株式会社', companyCode: 'TOWA-01', suspendedAt: new Date('2026-11-27T01:00:00.000Z') },
  'tenant.resumed': { tenantName: '東和樹脂株式会社', companyCode: 'TOWA-01', resumedAt: new Date('2026-11-28T01:00:00.000Z'), loginUrl: 'https://app.example.jp/login?company=TOWA-01' },
  'tenant.contract_ending': { tenantName: '東和樹脂株式会社', serviceName: '化学調査', endsOn: '2027/03/31', purgeOn: '2027/06/01' },
  'tenant.contacts_changed': {
    tenantName: '東和樹脂株式会社',
    changes: '連絡先メールアドレス: it@towa.example.jp → system@towa.example.jp',
    changedAt: new Date('2026-11-27T01:00:00.000Z'),
  },
};
