import type { Localized } from '../i18n.js';

/** Error codes of requests, responses and their review. */
export const surveyRequestErrors = {
  'survey.supplier_not_found': {
    status: 404,
    ja: 'この企業コードの会社は化学調査サービスを利用していません。企業コードを確認するか、社外の会社としてメールアドレス宛てに依頼してください。',
    en: 'No company using the chemical survey service has this company code. Check the code, or send the request to an outside company by e-mail.',
  },
  'survey.supplier_is_self': { status: 400, ja: '自社に調査を依頼することはできません。依頼先の会社の企業コードを入力してください。', en: 'You cannot send a survey request to your own company. Enter the supplier’s company code.' },
  'survey.request_not_found': { status: 404, ja: 'この調査依頼は見つかりません。削除されたか、閲覧する権限がありません。', en: 'This survey request does not exist, or you may not see it.' },
  'survey.response_not_found': { status: 404, ja: 'この回答は見つかりません。削除されたか、閲覧する権限がありません。', en: 'This response does not exist, or you may not see it.' },
  'survey.request_list_version_not_found': {
    status: 404,
    ja: '指定した規制物質リストの版が見つかりません。リストの一覧から選び直してください。',
    en: 'The substance list version given does not exist. Choose it again from the lists.',
  },
  'survey.respond_by_past': { status: 400, ja: '回答期限には今日以降の日付を指定してください。', en: 'The respond-by date must be today or later.' },
  'survey.request_not_draft': { status: 409, ja: 'この調査依頼は送信済みのため変更・送信できません。', en: 'This survey request has already been sent, so it cannot be changed or sent again.' },
  'survey.request_closed': { status: 409, ja: 'この調査依頼は受理済みか取り消し済みのため、この操作はできません。', en: 'This survey request has been accepted or cancelled, so this cannot be done.' },
  'survey.request_not_open': {
    status: 409,
    ja: 'この調査依頼は現在回答を受け付けていません（回答送信済み・受理済み・取り消し済みのいずれかです）。',
    en: 'This survey request is not taking answers now (an answer was sent, or it was accepted or cancelled).',
  },
  'survey.request_not_submitted': { status: 409, ja: 'この調査依頼にはまだ確認できる回答が届いていません。', en: 'No answer has arrived for this survey request to review yet.' },
  'survey.requester_side_only': { status: 403, ja: 'この操作は調査を依頼した会社だけが行えます。', en: 'Only the company that sent the survey request can do this.' },
  'survey.supplier_side_only': { status: 403, ja: 'この操作は調査を依頼された会社だけが行えます。', en: 'Only the company the survey request is addressed to can do this.' },
  'survey.response_open_exists': {
    status: 409,
    ja: 'この調査依頼には作成中の回答が既にあります。その回答を編集してください。',
    en: 'This survey request already has a response in progress. Edit that response.',
  },
  'survey.response_not_editable': {
    status: 409,
    ja: 'この回答は確認中・承認済み・送信済みのため変更できません。変更するには承認者に差し戻しを依頼してください。',
    en: 'This response is in review, approved or sent, so it cannot be changed. Ask the reviewer to return it first.',
  },
  'survey.response_not_in_review': { status: 409, ja: 'この回答は承認待ちではありません。', en: 'This response is not waiting for review.' },
  'survey.cannot_approve_own': {
    status: 403,
    ja: '自分で作成した回答は承認できません。別の承認者に承認を依頼してください。',
    en: 'You cannot approve a response you drafted. Ask another reviewer to approve it.',
  },
  'survey.response_not_approved': {
    status: 409,
    ja: 'この回答はまだ承認されていないため送信できません。承認者の承認を受けてから送信してください。',
    en: 'This response has not been approved, so it cannot be sent. Have a reviewer approve it first.',
  },
  'survey.response_product_unknown': {
    status: 400,
    ja: '回答の製品が調査依頼の品目と一致しません。依頼された品目ごとに1件ずつ回答してください。',
    en: 'The products of the response do not match the items of the request. Answer each requested item once.',
  },
} as const satisfies Record<string, Localized & { status: number }>;
