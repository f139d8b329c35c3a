import type { Localized } from '../i18n.js';

/** Error codes of outside companies' upload links. */
export const surveyLinkErrors = {
  // One answer for unknown, expired, revoked and already-used links: the outsider learns nothing more.
  'survey.link_invalid': {
    status: 404,
    ja: 'この回答用リンクは無効か、有効期限が切れているか、既に使われています。調査を依頼した会社に新しいリンクを依頼してください。',
    en: 'This answer link is invalid, has expired or has already been used. Ask the company that sent the survey for a new link.',
  },
  'survey.link_not_found': { status: 404, ja: '回答用リンクが見つかりません。画面を再読み込みしてください。', en: 'The answer link was not found. Reload the page.' },
  'survey.link_request_not_found': { status: 404, ja: '調査依頼が見つかりません。一覧を再読み込みしてください。', en: 'The survey request was not found. Reload the list.' },
  'survey.link_not_outside': {
    status: 409,
    ja: 'この調査依頼の依頼先は Sotas の契約企業のため、回答用リンクは発行できません。依頼先は自社の画面から回答します。',
    en: 'This request is addressed to a company on Sotas, which answers from its own screens, so no answer link can be issued.',
  },
  'survey.link_request_closed': {
    status: 409,
    ja: 'この調査依頼は送信前か、回答済み・受理済み・取り消し済みのため、回答用リンクを発行できません。回答を差し戻すと、新しいリンクを発行できます。',
    en: 'This request has not been sent, or it has been answered, accepted or cancelled, so no answer link can be issued. Return the answer to issue a new link.',
  },
  'survey.link_total_too_large': {
    status: 413,
    ja: 'このリンクでアップロードできる合計サイズ（{limit_mb} MB）を超えます。不要なファイルを減らすか、調査を依頼した会社にご相談ください。',
    en: 'This would pass the total upload size of this link ({limit_mb} MB). Send fewer files, or contact the company that sent the survey.',
  },
  'survey.link_file_unknown': {
    status: 400,
    ja: '添付ファイルの一部が見つからないか、既に送信済みです。ファイルをもう一度アップロードしてください。',
    en: 'Some attached files were not found or were already sent. Upload the files again.',
  },
  'survey.link_answer_empty': {
    status: 400,
    ja: '回答する製品の情報を入力するか、回答ファイルをアップロードしてください。',
    en: 'Fill in the products you answer for, or upload an answer file.',
  },
  'survey.link_item_unknown': {
    status: 400,
    ja: '依頼に含まれない製品への回答があります。画面を再読み込みしてからもう一度お試しください。',
    en: 'The answer names a product that is not in the request. Reload the page and try again.',
  },
} as const satisfies Record<string, Localized & { status: number }>;
