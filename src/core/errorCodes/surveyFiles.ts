import type { Localized } from '../i18n.js';

/** Error codes of chemSHERPA / IEC 62474, IPC-1752A and spreadsheet files. */
export const surveyFileErrors = {
  'survey.file_unsupported': {
    status: 415,
    ja: 'このファイルは読み込めません。chemSHERPA ファイル (.shai / .shci / .zip)、IEC 62474 または IPC-1752A の XML、CSV、Excel (.xlsx) を指定してください。',
    en: 'This file cannot be read. Choose a chemSHERPA file (.shai / .shci / .zip), an IEC 62474 or IPC-1752A XML file, a CSV or an Excel (.xlsx) file.',
  },
  'survey.file_unreadable': {
    status: 400,
    ja: 'ファイルが壊れているため読み込めません。作成したツールで保存し直してから、もう一度お試しください。',
    en: 'The file is damaged and cannot be read. Save it again from the tool that made it and try again.',
  },
  'survey.file_wrong_root': {
    status: 400,
    ja: 'このXMLは対応している調査ファイルではありません（ルート要素: {root}）。IEC 62474 (Main) または IPC-1752A (MainDeclaration) のファイルを指定してください。',
    en: 'This XML is not a supported survey file (root element: {root}). Choose an IEC 62474 (Main) or IPC-1752A (MainDeclaration) file.',
  },
  'survey.file_xml_doctype': {
    status: 400,
    ja: 'DOCTYPE や ENTITY の宣言を含むXMLは、安全のため読み込みません。宣言を含まない形で出力し直してください。',
    en: 'For safety, XML with a DOCTYPE or ENTITY declaration is not read. Export the file again without it.',
  },
  'survey.file_too_large': {
    status: 413,
    ja: '展開後のファイルが大きすぎるか、圧縮率が異常です（上限 {limit_mb} MB）。ファイルを分けてください。',
    en: 'The file is too large once unpacked, or compressed suspiciously well (limit {limit_mb} MB). Split it into smaller files.',
  },
  'survey.file_too_many_entries': {
    status: 400,
    ja: 'ZIP に含まれるファイルが多すぎます（上限 {limit} 件）。',
    en: 'The ZIP file holds too many files (limit {limit}).',
  },
  'survey.file_unsafe_path': {
    status: 400,
    ja: 'ZIP に安全でないファイル名（「..」、絶対パス、バックスラッシュ）が含まれているため読み込みません。',
    en: 'The ZIP file holds an unsafe file name (“..”, an absolute path or a backslash), so it is not read.',
  },
  'survey.file_no_document': {
    status: 400,
    ja: 'ZIP の中に調査データのXMLが1つだけ含まれている必要があります（見つかった数: {count}）。',
    en: 'The ZIP file must hold exactly one survey XML file (found: {count}).',
  },
  'survey.file_substance_invalid': {
    status: 400,
    ja: '物質「{where}」には、正しいCAS番号などの識別子と含有率が必要です。ファイルを修正してから、もう一度お試しください。',
    en: 'Substance “{where}” needs a valid identifier (such as a CAS number) and a mass percent. Correct the file and try again.',
  },
  'survey.file_content_invalid': {
    status: 400,
    ja: 'ファイルの内容に誤りがあります（{where}）。ファイルを修正してから、もう一度お試しください。',
    en: 'The file content is not valid ({where}). Correct the file and try again.',
  },
  'survey.file_empty': {
    status: 400,
    ja: 'ファイルに製品が含まれていません。',
    en: 'The file holds no product.',
  },
  'survey.file_products_unmatched': {
    status: 422,
    ja: 'ファイルの製品 {numbers} は、この回答の対象製品に見つかりません。製品番号を確認してください。',
    en: 'The file’s products {numbers} are not among the products of this response. Check the product numbers.',
  },
  'survey.file_product_not_found': {
    status: 404,
    ja: '製品が見つかりません。一覧を再読み込みしてください。',
    en: 'The product was not found. Reload the list.',
  },
  'survey.file_response_not_found': {
    status: 404,
    ja: '回答が見つかりません。一覧を再読み込みしてください。',
    en: 'The response was not found. Reload the list.',
  },
  'survey.file_response_not_editable': {
    status: 409,
    ja: 'この回答は作成中または差し戻し中ではないため、ファイルを取り込めません。',
    en: 'This response is not a draft or returned, so no file can be imported into it.',
  },
} as const satisfies Record<string, Localized & { status: number }>;
