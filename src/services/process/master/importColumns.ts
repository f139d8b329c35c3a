import type { Localized } from '../../../core/i18n.js';

/** What can be imported: one file per kind. */
export const IMPORT_KINDS = ['items', 'formulas', 'workstations', 'routings'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * One column of an import file. The header may be the Japanese name (the template's) or the
 * English one; `note` documents the column in the template and on the help page.
 */
export interface ImportColumn {
  key: string;
  ja: string;
  en: string;
  required: boolean;
  note: Localized;
}

const HOURS_NOTE: Localized = {
  ja: '稼働時間帯。例: 08:00-12:00;13:00-17:00（空欄は休み）',
  en: 'Working hours, e.g. 08:00-12:00;13:00-17:00 (empty = closed)',
};
const YES_NO: Localized = { ja: 'はい / いいえ（空欄は「いいえ」）', en: 'yes / no (empty = no)' };

export const IMPORT_COLUMNS: Record<ImportKind, readonly ImportColumn[]> = {
  items: [
    { key: 'code', ja: '品目コード', en: 'Item code', required: true, note: { ja: '一意のコード（40文字以内）。既にあれば更新します。', en: 'Unique code (up to 40 characters); an existing item is updated.' } },
    { key: 'name', ja: '品目名', en: 'Name', required: true, note: { ja: '名称（200文字以内）', en: 'Name (up to 200 characters)' } },
    { key: 'kind', ja: '区分', en: 'Kind', required: true, note: { ja: '原料 / 中間品 / 製品', en: 'raw / intermediate / product' } },
    { key: 'unit', ja: '単位', en: 'Unit', required: true, note: { ja: '例: kg、L、個', en: 'e.g. kg, L, pcs' } },
    { key: 'remarks', ja: '備考', en: 'Remarks', required: false, note: { ja: '自由記述（2000文字以内）', en: 'Free text (up to 2000 characters)' } },
    { key: 'labels', ja: 'ラベル', en: 'Labels', required: false, note: { ja: 'セミコロン区切り。例: 難燃;輸出', en: 'Separated by semicolons, e.g. flame-retardant;export' } },
    { key: 'classification', ja: '機密区分', en: 'Classification', required: false, note: { ja: '一般 / 社外秘 / 機密（空欄は一般）', en: 'general / internal / confidential (empty = general)' } },
  ],
  formulas: [
    { key: 'code', ja: '配合コード', en: 'Formula code', required: true, note: { ja: '一意のコード。1行に構成品目1つ、同じ配合コードの行が1つの配合です。', en: 'Unique code; one row per component, rows with the same code form one formula.' } },
    { key: 'name', ja: '配合名', en: 'Name', required: true, note: { ja: '名称', en: 'Name' } },
    { key: 'itemCode', ja: '品目コード', en: 'Item code', required: true, note: { ja: 'この配合で作る品目のコード', en: 'Code of the item this formula makes' } },
    { key: 'baseQuantity', ja: '基準量', en: 'Base quantity', required: true, note: { ja: '構成数量の基準となる品目の量（0より大きい数）', en: 'Quantity of the item the component quantities are for (greater than 0)' } },
    { key: 'yieldPct', ja: '歩留まり(%)', en: 'Yield (%)', required: false, note: { ja: '0より大きく100以下（空欄は100）', en: 'Above 0, at most 100 (empty = 100)' } },
    { key: 'isDefault', ja: '標準', en: 'Default', required: false, note: YES_NO },
    { key: 'componentCode', ja: '構成品目コード', en: 'Component code', required: true, note: { ja: '使う原料・中間品のコード', en: 'Code of the material or intermediate used' } },
    { key: 'quantity', ja: '数量', en: 'Quantity', required: true, note: { ja: '基準量あたりの数量（0より大きい数）', en: 'Quantity per base quantity (greater than 0)' } },
    { key: 'scrapPct', ja: 'ロス率(%)', en: 'Scrap (%)', required: false, note: { ja: '0以上100未満（空欄は0）', en: 'At least 0, below 100 (empty = 0)' } },
  ],
  workstations: [
    { key: 'code', ja: '設備コード', en: 'Workstation code', required: true, note: { ja: '一意のコード。既にあれば更新します（日別の例外はそのまま）。', en: 'Unique code; an existing workstation is updated (its day exceptions stay).' } },
    { key: 'name', ja: '設備名', en: 'Name', required: true, note: { ja: '名称', en: 'Name' } },
    { key: 'capacity', ja: '能力', en: 'Capacity', required: false, note: { ja: '0より大きい数（空欄は1）', en: 'Greater than 0 (empty = 1)' } },
    { key: 'capacityUnit', ja: '能力単位', en: 'Capacity unit', required: false, note: { ja: '例: kg/h', en: 'e.g. kg/h' } },
    { key: 'setupMinutes', ja: '段取時間(分)', en: 'Setup (min)', required: false, note: { ja: '整数の分（空欄は0）', en: 'Whole minutes (empty = 0)' } },
    { key: 'cleanupMinutes', ja: '後片付け時間(分)', en: 'Cleanup (min)', required: false, note: { ja: '整数の分（空欄は0）', en: 'Whole minutes (empty = 0)' } },
    { key: 'powerKw', ja: '定格電力(kW)', en: 'Power (kW)', required: false, note: { ja: '0以上の数', en: 'At least 0' } },
    { key: 'energySources', ja: 'エネルギー源', en: 'Energy sources', required: false, note: { ja: 'セミコロン区切り。electricity（電力）/ city_gas（都市ガス）/ lpg / heavy_oil_a（A重油）/ steam（蒸気）', en: 'Separated by semicolons: electricity / city_gas / lpg / heavy_oil_a / steam' } },
    { key: 'mon', ja: '月', en: 'Mon', required: false, note: HOURS_NOTE },
    { key: 'tue', ja: '火', en: 'Tue', required: false, note: HOURS_NOTE },
    { key: 'wed', ja: '水', en: 'Wed', required: false, note: HOURS_NOTE },
    { key: 'thu', ja: '木', en: 'Thu', required: false, note: HOURS_NOTE },
    { key: 'fri', ja: '金', en: 'Fri', required: false, note: HOURS_NOTE },
    { key: 'sat', ja: '土', en: 'Sat', required: false, note: HOURS_NOTE },
    { key: 'sun', ja: '日', en: 'Sun', required: false, note: HOURS_NOTE },
    { key: 'observeHolidays', ja: '祝日は休み', en: 'Closed on holidays', required: false, note: { ja: 'はい / いいえ（空欄は「はい」）', en: 'yes / no (empty = yes)' } },
  ],
  routings: [
    { key: 'code', ja: '工程表コード', en: 'Routing code', required: true, note: { ja: '一意のコード。1行に工程1つ、同じ工程表コードの行が1つの工程表です。', en: 'Unique code; one row per step, rows with the same code form one routing.' } },
    { key: 'name', ja: '工程表名', en: 'Name', required: true, note: { ja: '名称', en: 'Name' } },
    { key: 'itemCode', ja: '品目コード', en: 'Item code', required: true, note: { ja: 'この工程表で作る品目のコード', en: 'Code of the item this routing makes' } },
    { key: 'isDefault', ja: '標準', en: 'Default', required: false, note: YES_NO },
    { key: 'seq', ja: '工程順', en: 'Step no.', required: false, note: { ja: '工程の順番（空欄は行の順）', en: 'Order of the step (empty = row order)' } },
    { key: 'stepName', ja: '工程名', en: 'Step name', required: true, note: { ja: '例: 混練、押出', en: 'e.g. mixing, extrusion' } },
    { key: 'workstationCode', ja: '設備コード', en: 'Workstation code', required: true, note: { ja: 'この工程を行う設備のコード', en: 'Code of the workstation of this step' } },
    { key: 'timeBasis', ja: '時間基準', en: 'Time basis', required: true, note: { ja: '数量あたり / バッチあたり', en: 'per_unit / per_batch' } },
    { key: 'standardMinutes', ja: '標準時間(分)', en: 'Standard time (min)', required: true, note: { ja: '数量1またはバッチ1つあたりの分', en: 'Minutes per unit or per batch' } },
    { key: 'batchSize', ja: 'バッチサイズ', en: 'Batch size', required: false, note: { ja: '0より大きい数（空欄は1）', en: 'Greater than 0 (empty = 1)' } },
    { key: 'energyPerUnit', ja: '単位あたりエネルギー', en: 'Energy per unit', required: false, note: { ja: '例: electricity=0.5;city_gas=0.02', en: 'e.g. electricity=0.5;city_gas=0.02' } },
  ],
};

/** Sheet names of the templates. */
export const IMPORT_TITLES: Record<ImportKind, Localized> = {
  items: { ja: '品目', en: 'Items' },
  formulas: { ja: '配合', en: 'Formulas' },
  workstations: { ja: '設備', en: 'Workstations' },
  routings: { ja: '工程表', en: 'Routings' },
};

const normalize = (header: string) => header.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** The column a header names (Japanese or English name, or the key itself), if any. */
export function columnFor(kind: ImportKind, header: string): ImportColumn | undefined {
  const h = normalize(header);
  return IMPORT_COLUMNS[kind].find((c) => normalize(c.ja) === h || normalize(c.en) === h || c.key.toLowerCase() === h);
}
