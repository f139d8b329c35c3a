import type { Lang } from '../../../core/i18n.js';
import { messages } from '../../../core/messages.js';
import type { Composition, Material, PartNode, Substance } from '../shared/composition.js';

/*
 * Rules on a composition tree that the zod schema cannot know: the mass percents of a
 * material's substances must not add up to more than 100 (plus the company's tolerance for
 * rounding in suppliers' data), and the gaps that make a check weaker (an undeclared remainder,
 * a missing article mass) are pointed out without refusing the product.
 */

messages.add({
  'survey.products.material_sum_over': {
    ja: '材料「{name}」の含有物質の質量%の合計が {sum}% になっています。合計は100%以下（端数の許容 {tolerance}% まで）にしてください。',
    en: 'The substances of material “{name}” add up to {sum}% of its mass. They may add up to at most 100% (plus a rounding tolerance of {tolerance}%).',
  },
  'survey.products.product_sum_over': {
    ja: '製品に直接含まれる物質の質量%の合計が {sum}% になっています。合計は100%以下（端数の許容 {tolerance}% まで）にしてください。',
    en: 'The substances of the product itself add up to {sum}% of its mass. They may add up to at most 100% (plus a rounding tolerance of {tolerance}%).',
  },
  'survey.products.material_sum_below': {
    ja: '材料「{name}」の含有物質の質量%の合計は {sum}% です。残りの {rest}% の成分が申告されていません。',
    en: 'The substances of material “{name}” add up to {sum}% of its mass; the remaining {rest}% is not declared.',
  },
  'survey.products.product_sum_below': {
    ja: '製品に直接含まれる物質の質量%の合計は {sum}% です。残りの {rest}% の成分が申告されていません。',
    en: 'The substances of the product itself add up to {sum}% of its mass; the remaining {rest}% is not declared.',
  },
  'survey.products.product_mass_missing': {
    ja: '製品の質量が入力されていないため、成形品（アーティクル）全体に対する閾値（REACH SVHC の0.1%など）を判定できません。',
    en: 'The product’s mass is missing, so thresholds on the whole article (such as REACH SVHC 0.1%) cannot be checked.',
  },
  'survey.products.article_mass_missing': {
    ja: '部品「{name}」は成形品（アーティクル）ですが、質量も全材料の質量も入力されていないため、成形品単位の閾値を判定できません。',
    en: 'Part “{name}” is an article, but neither its mass nor the mass of every material is given, so article thresholds cannot be checked for it.',
  },
});

/** How far above 100 the substances of a material may add up when the company has set nothing. */
export const DEFAULT_SUM_TOLERANCE_PERCENT = 0.5;

/** Floating-point sums of percents (33.3 + 33.3 + 33.4) must not trip the limit. */
const EPSILON = 1e-9;

/** A field path inside the request body, e.g. ['composition', 'parts', 0, 'materials', 1]. */
export type FieldPath = (string | number)[];

interface MaterialAt {
  material: Material;
  path: FieldPath;
}

interface PartAt {
  part: PartNode;
  path: FieldPath;
}

/** Every part of the tree, depth first, with its field path. */
export function* partsOf(composition: Composition): Generator<PartAt> {
  function* walk(part: PartNode, path: FieldPath): Generator<PartAt> {
    yield { part, path };
    for (const [i, child] of part.parts.entries()) yield* walk(child, [...path, 'parts', i]);
  }
  for (const [i, part] of composition.parts.entries()) yield* walk(part, ['composition', 'parts', i]);
}

/** Every material of the tree with its field path. */
export function* materialsOf(composition: Composition): Generator<MaterialAt> {
  for (const { part, path } of partsOf(composition)) {
    for (const [i, material] of part.materials.entries()) yield { material, path: [...path, 'materials', i] };
  }
}

function sumOf(substances: readonly Substance[]): number {
  return substances.reduce((total, s) => total + s.massPercent, 0);
}

/** A percent as people read it: at most three decimals, no trailing zeros. */
export function formatPercent(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** One refusal of the sum rule: where, the message key and its parameters. */
export interface SumIssue {
  path: FieldPath;
  key: string;
  params: Record<string, string>;
}

/**
 * Materials (and a chemical product's own substances) whose mass percents add up to more than
 * 100 + `tolerance`; empty when the composition may be stored.
 */
export function sumIssues(composition: Composition, tolerance: number): SumIssue[] {
  const issues: SumIssue[] = [];
  const limit = 100 + tolerance + EPSILON;
  const own = composition.substances ?? [];
  if (own.length > 0 && sumOf(own) > limit) {
    issues.push({ path: ['composition', 'substances'], key: 'survey.products.product_sum_over', params: { sum: formatPercent(sumOf(own)), tolerance: formatPercent(tolerance) } });
  }
  for (const { material, path } of materialsOf(composition)) {
    const sum = sumOf(material.substances);
    if (sum > limit) issues.push({ path, key: 'survey.products.material_sum_over', params: { name: material.name, sum: formatPercent(sum), tolerance: formatPercent(tolerance) } });
  }
  return issues;
}

/** A gap in a stored composition that weakens its check, shown beside the product. */
export interface CompositionWarning {
  path: string[];
  code: 'material_sum_below_100' | 'mass_missing';
  message: string;
}

/** An article's mass is known when given, or when every one of its materials has a mass. */
function articleMassKnown(part: PartNode): boolean {
  if (part.massG !== undefined && part.massG !== null) return true;
  return part.materials.length > 0 && part.materials.every((m) => m.massG !== null) && part.parts.every(articleMassKnown);
}

/**
 * Warnings of a composition, in `lang`: materials whose substances add up to less than
 * 100 − `tolerance` (an undeclared remainder), a product without a mass while its tree has
 * parts, and articles whose mass cannot be known.
 */
export function compositionWarnings(composition: Composition, productMassG: number | null, tolerance: number, lang: Lang): CompositionWarning[] {
  const warnings: CompositionWarning[] = [];
  const floor = 100 - tolerance - EPSILON;
  const below = (path: FieldPath, key: string, sum: number, name?: string) =>
    warnings.push({
      path: path.map(String),
      code: 'material_sum_below_100',
      message: messages.format(key, lang, { ...(name === undefined ? {} : { name }), sum: formatPercent(sum), rest: formatPercent(100 - sum) }),
    });
  const own = composition.substances ?? [];
  if (own.length > 0 && sumOf(own) < floor) below(['composition', 'substances'], 'survey.products.product_sum_below', sumOf(own));
  if (productMassG === null && composition.parts.length > 0) {
    warnings.push({ path: ['massG'], code: 'mass_missing', message: messages.format('survey.products.product_mass_missing', lang) });
  }
  for (const { part, path } of partsOf(composition)) {
    if (part.isArticle && !articleMassKnown(part)) {
      warnings.push({ path: path.map(String), code: 'mass_missing', message: messages.format('survey.products.article_mass_missing', lang, { name: part.name }) });
    }
    for (const [i, material] of part.materials.entries()) {
      const sum = sumOf(material.substances);
      if (sum < floor) below([...path, 'materials', i], 'survey.products.material_sum_below', sum, material.name);
    }
  }
  return warnings;
}

/** How many parts (at any depth) and substance entries a composition has, for lists. */
export function compositionCounts(composition: Composition): { partCount: number; substanceCount: number } {
  let partCount = 0;
  let substanceCount = composition.substances?.length ?? 0;
  for (const { part } of partsOf(composition)) {
    partCount += 1;
    for (const m of part.materials) substanceCount += m.substances.length;
  }
  return { partCount, substanceCount };
}
