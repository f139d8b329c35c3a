import { z } from 'zod';
import { messageKey, messages } from '../../../core/messages.js';
import { isValidCasNumber, normalizeCasNumber } from '../shared/cas.js';
import { isCategoryCode } from './categories.js';
import { canonicalValue, propertyKey } from './units.js';

/*
 * Request schemas of profiles, products and documents. The import checks each row against the
 * same product schema, so a row and a form fail alike.
 */

messages.add({
  'catalog.products.category_unknown': { ja: 'この分類は登録されていません。一覧から選んでください（例: PP、PA6、ABS、ADDITIVE）。', en: 'This category does not exist. Choose one from the list (e.g. PP, PA6, ABS, ADDITIVE).' },
  'catalog.products.cas_invalid': {
    ja: '{row}行目の成分のCAS番号が正しくありません。9003-07-0 のような形式で入力し、最後の確認用の数字（チェックディジット）も確認してください。',
    en: 'The CAS number of component row {row} is not valid. Enter it like 9003-07-0 and check the last (check) digit.',
  },
  'catalog.products.pct_order': { ja: '{row}行目の成分: 下限%は上限%以下にしてください。', en: 'Component row {row}: the minimum % must not exceed the maximum %.' },
  'catalog.products.property_unknown': { ja: '{row}行目の物性: この項目キーは登録されていません。物性項目の一覧から選んでください。', en: 'Property row {row}: this key does not exist. Choose one from the list of property keys.' },
  'catalog.products.unit_incompatible': { ja: '{row}行目の物性: この項目の単位は {units} のいずれかで入力してください。', en: 'Property row {row}: use one of these units for this property: {units}.' },
  'catalog.products.text_only': { ja: '{row}行目の物性: この項目は数値と単位ではなく、文字（例: V-0）で入力してください。', en: 'Property row {row}: enter this property as text (e.g. V-0), without numbers or a unit.' },
  'catalog.products.value_missing': { ja: '{row}行目の物性: 値（下限・上限、または文字）を入力してください。', en: 'Property row {row}: enter a value (minimum, maximum or text).' },
  'catalog.products.range_order': { ja: '{row}行目の物性: 下限は上限以下にしてください。', en: 'Property row {row}: the minimum must not exceed the maximum.' },
  'catalog.products.website_format': { ja: 'URLは https:// で始まる形式で入力してください。', en: 'Enter a URL starting with https://.' },
  'catalog.products.language_format': { ja: '言語は ja、en のような英小文字2文字で指定してください。', en: 'Give the language as two lower-case letters, such as ja or en.' },
  'catalog.products.day_format': { ja: '日付は 2026-04-01 の形式で入力してください。', en: 'Enter the date as YYYY-MM-DD, e.g. 2026-04-01.' },
});

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).optional();
const tags = (maxItems: number, maxLength: number) => z.array(z.string().trim().min(1).max(maxLength)).max(maxItems);
const nullableNumber = z.number().finite().nullish();

/** The regulatory flags a product may carry. */
export const REGULATORY_FLAGS = ['rohs', 'reach_svhc_free', 'kashinho', 'food_contact'] as const;
/** The physical forms a product comes in. */
export const PRODUCT_FORMS = ['pellet', 'powder', 'liquid', 'paste', 'film_sheet', 'fiber', 'other'] as const;
/** The kinds of product documents. */
export const DOCUMENT_KINDS = ['sds', 'tds', 'coa', 'chemsherpa', 'other'] as const;
/** The states of a product. */
export const PRODUCT_STATUSES = ['draft', 'published', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

const componentInput = z.strictObject({
  casNumber: z.string().trim().max(40).nullish(),
  name: z.string().trim().min(1).max(200),
  minPct: z.number().min(0).max(100).nullish(),
  maxPct: z.number().min(0).max(100).nullish(),
});

const propertyInput = z.strictObject({
  key: z.string().trim().min(1).max(61),
  name: z.string().trim().min(1).max(100),
  valueMin: nullableNumber,
  valueMax: nullableNumber,
  valueText: optionalText(200),
  unit: optionalText(30),
  testMethod: optionalText(100),
  conditions: optionalText(200),
});

const productFields = {
  name: z.string().trim().min(1).max(200),
  nameEn: optionalText(200),
  grade: optionalText(100),
  brand: optionalText(100),
  category: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .refine(isCategoryCode, { message: messageKey('catalog.products.category_unknown') })
    .meta({ description: 'ISO 1043-1 polymer code or chemical class code (GET /categories).' }),
  form: z.enum(PRODUCT_FORMS),
  description: optionalText(4000),
  descriptionEn: optionalText(4000),
  applications: tags(20, 60).optional(),
  processingMethods: tags(20, 60).optional(),
  regulatoryFlags: z.array(z.enum(REGULATORY_FLAGS)).max(REGULATORY_FLAGS.length).optional(),
  components: z.array(componentInput).max(50).superRefine(checkComponents).optional(),
  properties: z.array(propertyInput).max(100).superRefine(checkProperties).optional(),
  remarks: optionalText(2000),
  labels: tags(20, 60).optional(),
};

type Issue = (path: (string | number)[], key: string, params?: Record<string, string | number>) => void;

function issuer(ctx: z.RefinementCtx): Issue {
  return (path, key, params = {}) => ctx.addIssue({ code: 'custom', path, message: messageKey(key), params });
}

/** Component rows: CAS numbers with their check digit, and ranges in order; messages name the row. */
function checkComponents(rows: z.infer<typeof componentInput>[], ctx: z.RefinementCtx): void {
  const issue = issuer(ctx);
  rows.forEach((c, i) => {
    if (c.casNumber && !isValidCasNumber(normalizeCasNumber(c.casNumber))) issue([i, 'casNumber'], 'catalog.products.cas_invalid', { row: i + 1 });
    if (c.minPct != null && c.maxPct != null && c.minPct > c.maxPct) issue([i, 'minPct'], 'catalog.products.pct_order', { row: i + 1 });
  });
}

/** Property rows: known keys, units that convert to the key's canonical unit, ranges in order. */
function checkProperties(rows: z.infer<typeof propertyInput>[], ctx: z.RefinementCtx): void {
  const issue = issuer(ctx);
  rows.forEach((row, i) => {
    const checked = canonicalValue(row);
    const params = { row: i + 1 };
    if (!checked.ok) {
      if (checked.problem === 'unknown_key') issue([i, 'key'], 'catalog.products.property_unknown', params);
      else if (checked.problem === 'unit_incompatible') issue([i, 'unit'], 'catalog.products.unit_incompatible', { ...params, units: Object.keys(propertyKey(row.key)?.units ?? {}).join(', ') });
      else if (checked.problem === 'text_only') issue([i, 'valueText'], 'catalog.products.text_only', params);
      else issue([i, 'valueMin'], 'catalog.products.value_missing', params);
    }
    if (row.valueMin != null && row.valueMax != null && row.valueMin > row.valueMax) issue([i, 'valueMin'], 'catalog.products.range_order', params);
  });
}

/** POST /products. */
export const productCreateSchema = z.strictObject({ ...productFields, version: z.number().int().optional() });
/** PUT /products/:id: the whole product at the version read. */
export const productUpdateSchema = z.strictObject({ ...productFields, version: z.number().int().min(1) });
export type ProductInput = z.infer<typeof productCreateSchema>;

/** Body of the state changes (publish, unpublish, archive, restore). */
export const versionBody = z.strictObject({ version: z.number().int().min(1) });

const contactInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  department: optionalText(100),
  email: z.email().max(254),
  phone: optionalText(40),
  topics: optionalText(200),
});

/** PUT /profile: the whole profile; contacts are replaced as a set. */
export const profileSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(200),
  displayNameEn: optionalText(200),
  description: optionalText(4000),
  descriptionEn: optionalText(4000),
  website: text(300)
    .refine((v) => v === '' || /^https?:\/\/\S+$/.test(v), { message: messageKey('catalog.products.website_format') })
    .optional(),
  sites: tags(20, 200).optional(),
  certifications: tags(20, 100).optional(),
  contacts: z.array(contactInput).max(10).optional(),
  version: z.number().int().min(1).optional(),
});
export type ProfileInput = z.infer<typeof profileSchema>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Query of a document upload: what the file is. */
export const documentQuery = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  language: z.string().regex(/^[a-z]{2}$/, messageKey('catalog.products.language_format')),
  docVersion: z.string().trim().min(1).max(40),
  issuedOn: z
    .string()
    .refine((d) => DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { message: messageKey('catalog.products.day_format') }),
});

/** Query of the own product list. */
export const productListQuery = z.object({
  status: z.enum(PRODUCT_STATUSES).optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  sort: z.enum(['updated', 'name']).default('updated'),
});
export type ProductListQuery = z.infer<typeof productListQuery>;
