import { z } from 'zod';
import { isValidCasNumber, normalizeCasNumber } from '../../../core/cas.js';
import { messageKey, messages } from '../../../core/messages.js';

messages.add({
  'survey.composition.cas_invalid': {
    ja: 'CAS番号が正しくありません。「7439-92-1」のように数字をハイフンで区切り、最後の確認数字まで正しく入力してください。',
    en: 'The CAS number is not valid. Enter digits separated by hyphens, such as 7439-92-1, with the right check digit.',
  },
  'survey.composition.substance_id_required': {
    ja: 'CAS番号がない物質には、別の識別子（リストの内部IDなど）を入力してください。',
    en: 'A substance without a CAS number needs another identifier (such as the list’s internal id).',
  },
});

/**
 * The IEC 62474 composition tree of a product under survey: product → parts (nested) →
 * materials → substances with their mass percent of the material. A chemical product (a
 * mixture, as in a chemSHERPA-CI file) has no parts: its substances sit on the product itself
 * with their mass percent of the product. One JSON document per product (survey.products
 * .composition, survey.responses.products[].composition).
 *
 * `comment` keeps tool-specific codes (chemSHERPA's `@`-separated attributes) so a file's
 * values survive a round trip; `attributes` keeps any other attribute the importer met.
 */

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).optional();
const attributes = z.record(z.string().max(100), z.string().max(1000)).optional();

/** A CAS number as people type it, folded to the canonical shape and checked by its check digit. */
export const casNumberSchema = z
  .string()
  .transform((v) => normalizeCasNumber(v))
  .refine((v) => isValidCasNumber(v), { message: messageKey('survey.composition.cas_invalid') });

export const substanceSchema = z
  .object({
    name: text(300).min(1),
    /** CAS number, or null for a substance (group) identified otherwise. */
    cas: casNumberSchema.nullable(),
    /** Another identifier (e.g. a list's internal id, EC number) where there is no CAS number. */
    otherId: optionalText(100),
    /** Mass percent of the material (or of the product for a chemical product), 0–100. */
    massPercent: z.number().min(0).max(100),
    /** Exemption claimed (e.g. "EU RoHS 6(c)"), when one applies. */
    exemption: optionalText(200),
    comment: optionalText(1000),
    attributes,
  })
  .refine((s) => s.cas !== null || (s.otherId !== undefined && s.otherId.length > 0), { message: messageKey('survey.composition.substance_id_required'), path: ['cas'] });

export const materialSchema = z.object({
  name: text(300).min(1),
  /** IEC 62474 material class (e.g. M-202). */
  materialClass: optionalText(40),
  /** Material id of the chemSHERPA material list or the supplier's own. */
  materialId: optionalText(100),
  /** Mass of the material in one unit of the part, in grams. */
  massG: z.number().min(0).nullable(),
  substances: z.array(substanceSchema).max(500),
  comment: optionalText(1000),
  attributes,
});

export interface PartNode {
  name: string;
  partNumber?: string | undefined;
  numberOfUnits: number;
  isArticle: boolean;
  /** Mass of one unit of the part in grams, when known. */
  massG?: number | null | undefined;
  parts: PartNode[];
  materials: z.infer<typeof materialSchema>[];
  comment?: string | undefined;
  attributes?: Record<string, string> | undefined;
}

export const partSchema: z.ZodType<PartNode> = z.lazy(() =>
  z.object({
    name: text(300).min(1),
    partNumber: optionalText(100),
    numberOfUnits: z.number().positive().max(1_000_000),
    isArticle: z.boolean(),
    massG: z.number().min(0).nullable().optional(),
    parts: z.array(partSchema).max(200),
    materials: z.array(materialSchema).max(200),
    comment: optionalText(1000),
    attributes,
  }),
);

export const compositionSchema = z.object({
  parts: z.array(partSchema).max(500),
  /** A chemical product's own substances (mass percent of the product). */
  substances: z.array(substanceSchema).max(2000).optional(),
});

export type Substance = z.infer<typeof substanceSchema>;
export type Material = z.infer<typeof materialSchema>;
export type Composition = z.infer<typeof compositionSchema>;

/** Where a node sits in the tree, for messages and findings: e.g. ["筐体", "ABS樹脂", "鉛"]. */
export type TreePath = string[];

/** Every substance of a composition with its path and its material (undefined for a chemical product's own). */
export function* substancesOf(composition: Composition): Generator<{ substance: Substance; material: Material | undefined; path: TreePath }> {
  for (const s of composition.substances ?? []) yield { substance: s, material: undefined, path: [s.name] };
  function* walk(part: PartNode, trail: TreePath): Generator<{ substance: Substance; material: Material | undefined; path: TreePath }> {
    const here = [...trail, part.name];
    for (const m of part.materials) for (const s of m.substances) yield { substance: s, material: m, path: [...here, m.name, s.name] };
    for (const child of part.parts) yield* walk(child, here);
  }
  for (const p of composition.parts) yield* walk(p, []);
}

/** The distinct CAS numbers of a composition (for survey.products.cas_numbers). */
export function casNumbersOf(composition: Composition): string[] {
  const set = new Set<string>();
  for (const { substance } of substancesOf(composition)) if (substance.cas) set.add(substance.cas);
  return [...set].sort();
}
