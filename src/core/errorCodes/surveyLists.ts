import type { Localized } from '../i18n.js';

/** Error codes of substance lists, list versions and the compliance check. */
export const surveyListErrors = {
  'survey.list_not_found': { status: 404, ja: '規制物質リストが見つかりません。一覧を再読み込みしてください。', en: 'The substance list was not found. Reload the list.' },
  'survey.list_version_not_found': { status: 404, ja: 'リストの版が見つかりません。リストの画面を再読み込みしてください。', en: 'The list version was not found. Reload the list page.' },
  'survey.check_result_not_found': { status: 404, ja: '判定結果が見つかりません。画面を再読み込みしてください。', en: 'The check result was not found. Reload the page.' },
  'survey.check_product_not_found': { status: 404, ja: '判定する製品が見つかりません。製品一覧を再読み込みしてください。', en: 'The product to check was not found. Reload the product list.' },
  'survey.list_code_taken': { status: 409, ja: 'このコードのリストは既にあります。別のコードを指定するか、既存のリストに新しい版を読み込んでください。', en: 'A list with this code already exists. Choose another code, or load a new version into the existing list.' },
  'survey.list_archived': { status: 409, ja: 'このリストはアーカイブ済みのため、新しい版を読み込めません。先にアーカイブを解除してください。', en: 'This list is archived, so no new version can be loaded. Restore it from the archive first.' },
  'survey.list_entries_invalid': { status: 422, ja: '読み込めない行があります。一覧の行と列を直してから、もう一度読み込んでください。何も登録していません。', en: 'Some rows cannot be loaded. Fix the rows and columns listed, then load again. Nothing was saved.' },
  'survey.list_import_unreadable': { status: 400, ja: 'ファイルを読み取れませんでした。UTF-8 の CSV か Excel（.xlsx）のファイルを選んでください。', en: 'The file could not be read. Choose a UTF-8 CSV or an Excel (.xlsx) file.' },
} as const satisfies Record<string, Localized & { status: number }>;
