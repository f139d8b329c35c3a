import { z } from 'zod';
import { messageKey, messages } from '../../../core/messages.js';
import { compositionSchema, type Composition } from '../shared/composition.js';

/*
 * Request and response schemas of products under survey. The composition tree is checked by
 * the shared schema; its custom rules (CAS check digit, an identifier for every substance) are
 * reworded here so the message beside the field names the substance in the user's language.
 */

messages.add({
  'survey.products.cas_invalid': {
    ja: '物質「{name}」のCAS番号が正しくありません。7439-92-1 のように数字をハイフンで区切って入力し、最後の確認用の数字（チェックディジット）も確認してください。',
    en: 'The CAS number of substance “{name}” is not valid. Enter digits separated by hyphens, such as 7439-92-1, and check the last (check) digit.',
  },
  'survey.products.substance_id_required': {
    ja: '物質「{name}」にはCAS番号か、それに代わる識別番号（EC番号、リストの管理番号など）を入力してください。',
    en: 'Give substance “{name}” a CAS number or another identifier (an EC number, a list’s own id…).',
  },
  'survey.products.number_taken': {
    ja: 'この品番は既に使われています。',
    en: 'This product number is already in use.',
  },
});

/** The outcomes of a check, worst first. */
export const OUTCOMES = ['above_threshold', 'no_data', 'exempted', 'compliant'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const text = (max: number) => z.string().trim().max(max);

/** The custom messages of the shared composition schema, with or without the catalog prefix. */
const REWORDED: Record<string, string> = {
  'survey.composition.cas_invalid': 'survey.products.cas_invalid',
  'survey.composition.substance_id_required': 'survey.products.substance_id_required',
};

/** The name of the substance a composition issue points at (the issue ends at one of its fields). */
function substanceNameAt(input: unknown, path: readonly PropertyKey[]): string {
  let node: unknown = input;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return '';
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  const name = node !== null && typeof node === 'object' ? (node as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name.trim() : '';
}

/**
 * The composition tree of a request body: parsed by the shared schema (CAS numbers folded to
 * their canonical shape), its issues passed on at their paths, the custom ones reworded.
 */
export const compositionInput = z
  .unknown()
  .transform((value, ctx): Composition => {
    const parsed = compositionSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const key = REWORDED[issue.message.replace(/^i18n:/, '')];
      if (key) ctx.addIssue({ code: 'custom', path: [...issue.path], message: messageKey(key), params: { name: substanceNameAt(value, issue.path) } });
      // zod's own issues keep their code and bounds, which the field message is worded from.
      else ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
    }
    return z.NEVER;
  })
  .meta({ description: 'IEC 62474 composition tree: { parts: [{ name, partNumber?, numberOfUnits, isArticle, massG?, parts, materials: [{ name, materialClass?, materialId?, massG, substances: [{ name, cas, otherId?, massPercent, exemption? }] }] }], substances? }' });

const productFields = {
  productNumber: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  /** Mass of one unit in grams. */
  massG: z.number().min(0).max(99_999_999).nullish(),
  unitType: z.string().trim().min(1).max(20).optional(),
  supplierName: text(200).optional(),
  remarks: text(4000).optional(),
  labels: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
  composition: compositionInput.optional(),
};

/** POST /products. */
export const productCreateSchema = z.strictObject(productFields);
/** PUT /products/:id: the whole product at the version read. */
export const productUpdateSchema = z.strictObject({ ...productFields, version: z.number().int().min(1) });
export type ProductInput = z.infer<typeof productCreateSchema>;

/** Query of the product list. */
export const productListQuery = z.object({
  q: z.string().max(100).optional(),
  label: z.string().trim().max(60).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  sort: z.enum(['updated', 'number', 'name']).default('updated'),
});
export type ProductListQuery = z.infer<typeof productListQuery>;

/** A product in lists. */
export const productSummaryView = z.object({
  id: z.string(),
  productNumber: z.string(),
  name: z.string(),
  massG: z.number().nullable(),
  supplierName: z.string(),
  labels: z.array(z.string()),
  partCount: z.number(),
  substanceCount: z.number(),
  /** Worst outcome over the current versions of the non-archived lists; null before any check. */
  worstOutcome: z.enum(OUTCOMES).nullable(),
  /** Results of those versions that changed with a new list version and are not acknowledged yet. */
  changedCount: z.number(),
  updatedAt: z.string(),
});
export type ProductSummary = z.infer<typeof productSummaryView>;

/** One product with its composition and the gaps that weaken its check. */
export const productDetailView = productSummaryView.extend({
  unitType: z.string(),
  // Stored trees are shown as stored; the input schema checked them on the way in.
  composition: z.object({ parts: z.array(z.unknown()), substances: z.array(z.unknown()).optional() }),
  remarks: z.string(),
  version: z.number(),
  createdAt: z.string(),
  warnings: z.array(z.object({ path: z.array(z.string()), code: z.enum(['material_sum_below_100', 'mass_missing']), message: z.string() })),
});
export type ProductDetail = Omit<z.infer<typeof productDetailView>, 'composition'> & { composition: Composition };
