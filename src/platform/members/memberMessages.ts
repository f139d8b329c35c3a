import { messageKey, messages } from '../../core/messages.js';

/** Field messages of the member commands (rendered in the user's language by the error handler). */
messages.add({
  'members.role_unknown': { ja: 'このサービスの役割から選んでください。', en: 'Choose one of this service’s roles.' },
});

export const ROLE_UNKNOWN = messageKey('members.role_unknown');

messages.add({
  'members.contracts_duplicate': { ja: '同じサービスの契約が重複しています。', en: 'The same service is listed twice.' },
  'members.contract_dates': { ja: '終了日は開始日以降の日付にしてください。', en: 'The end date must not be before the start date.' },
  'members.company_code_format': {
    ja: '企業コードは半角英大文字・数字・ハイフンの2〜32文字で、英数字で始めてください。',
    en: 'A company code is 2 to 32 upper-case letters, digits or hyphens, starting with a letter or digit.',
  },
});

export const CONTRACTS_DUPLICATE = messageKey('members.contracts_duplicate');
export const CONTRACT_DATES = messageKey('members.contract_dates');
export const COMPANY_CODE_FORMAT = messageKey('members.company_code_format');
