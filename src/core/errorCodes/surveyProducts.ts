import type { Localized } from '../i18n.js';

/** Error codes of products under survey and their composition. */
export const surveyProductErrors = {
  'survey.product_not_found': { status: 404, ja: '調査対象の製品が見つかりません。削除されたか、閲覧できない製品です。一覧を再読み込みしてください。', en: 'The product was not found. It was deleted, or you cannot view it. Reload the list.' },
  'survey.product_number_taken': { status: 409, ja: 'この品番の製品は既に登録されています。別の品番を入力するか、登録済みの製品を編集してください。', en: 'A product with this product number already exists. Enter another number, or edit the existing product.' },
} as const satisfies Record<string, Localized & { status: number }>;
