import type { Composition, Material, PartNode, Substance } from '../shared/composition.js';

/**
 * The compliance check of one composition against one list version: pure and synchronous, so
 * the re-check of every product after a list loads, a response's check and the tests all run
 * the same code.
 *
 * Rules (documented for users in the help and for reviewers here):
 * - A substance matches an entry by CAS number, or by the entry's internal id against the
 *   substance's `otherId` (compared without case, spaces or punctuation: "Cr(VI)" = "CrVI").
 * - basis 'material' (RoHS): the concentration is the substance's mass percent of its
 *   homogeneous material (for a chemical product's own substances: of the product). One
 *   finding per place the substance occurs.
 * - basis 'article' (REACH SVHC): the concentration is the substance's mass in the whole
 *   article over the article's mass × 100, where the mass in one place is the material's mass ×
 *   mass percent / 100 × the number of units of every enclosing part (multiplied down the tree),
 *   summed over every place. One finding per entry; its path names the first place. The
 *   article's mass is `productMassG` or, when that is missing, the sum of every material's mass
 *   in the tree when all are known.
 * - When a mass is missing for an article-basis entry the concentration cannot be computed.
 *   Since a substance's share of the article never exceeds its largest share of a material,
 *   the finding reports the largest material percent with `massG: null`: at or below the
 *   threshold it is decided (not above); above it the finding stays undecided
 *   (`aboveThreshold: false`) and makes the outcome 'no_data' unless another finding is above.
 * - above threshold means concentration > threshold (a value at the threshold complies).
 * - Outcome: 'no_data' when the composition declares no substance; 'above_threshold' when any
 *   finding is above without an exemption; 'exempted' when every finding above carries one;
 *   'no_data' when an article-basis finding is undecided; else 'compliant'.
 */

export type Outcome = 'compliant' | 'above_threshold' | 'exempted' | 'no_data';

/** A list entry as the engine reads it. */
export interface EngineEntry {
  name: string;
  cas: string | null;
  internalId: string | null;
  thresholdPercent: number;
  basis: 'material' | 'article';
}

/** One listed substance found in the composition. */
export interface Finding {
  entryName: string;
  cas: string | null;
  internalId: string | null;
  thresholdPercent: number;
  basis: 'material' | 'article';
  /** Percent of the material (basis material) or of the article (basis article). */
  concentrationPercent: number;
  /** Mass of the substance in the article in grams, when the masses are known. */
  massG: number | null;
  /** Part names, material name and substance name where it was (first) found. */
  path: string[];
  aboveThreshold: boolean;
  exemption: string | null;
}

export interface CheckOutcome {
  outcome: Outcome;
  findings: Finding[];
}

/** Folds an internal id for matching: "Cr(VI)", "cr vi" and "CrVI" are the same id. */
export function foldInternalId(id: string): string {
  return id.normalize('NFKC').toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Entries indexed once per list version, so a check is one map lookup per substance. */
export class EntryIndex {
  readonly byCas = new Map<string, number[]>();
  readonly byInternalId = new Map<string, number[]>();
  constructor(readonly entries: readonly EngineEntry[]) {
    entries.forEach((entry, i) => {
      if (entry.cas) push(this.byCas, entry.cas, i);
      if (entry.internalId) push(this.byInternalId, foldInternalId(entry.internalId), i);
    });
  }

  /** Indexes of the entries a substance matches (each at most once). */
  matches(substance: Substance): readonly number[] {
    const byCas = substance.cas ? this.byCas.get(substance.cas) : undefined;
    const byId = substance.otherId ? this.byInternalId.get(foldInternalId(substance.otherId)) : undefined;
    if (!byId) return byCas ?? NONE;
    if (!byCas) return byId;
    return [...new Set([...byCas, ...byId])];
  }
}

const NONE: readonly number[] = [];

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Rounds away binary noise (0.1 + 0.2) before comparing with a threshold of six decimals. */
function clean(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/** Mass of what a substance's percent is of: its material in the article, or a chemical product itself. */
function containerMassOf(material: Material | undefined, units: number, productMassG: number | null): number | null {
  if (!material) return productMassG;
  return material.massG === null ? null : material.massG * units;
}

interface ArticleTotal {
  massG: number;
  massKnown: boolean;
  maxMaterialPercent: number;
  path: string[];
  exemptions: (string | null)[];
}

/** Checks one composition against a list version's entries (see the rules above). */
export function checkComposition(input: { composition: Composition; productMassG: number | null }, entries: readonly EngineEntry[] | EntryIndex): CheckOutcome {
  const index = entries instanceof EntryIndex ? entries : new EntryIndex(entries);
  const { composition } = input;
  const findings: Finding[] = [];
  const articles = new Map<number, ArticleTotal>();
  let substanceCount = 0;
  let materialMassSum = 0;
  let materialMassComplete = true;

  const visit = (substance: Substance, material: Material | undefined, trail: readonly string[], units: number): void => {
    substanceCount += 1;
    const hits = index.matches(substance);
    if (hits.length === 0) return;
    const path = material ? [...trail, material.name, substance.name] : [substance.name];
    const exemption = substance.exemption ? substance.exemption : null;
    const containerMass = containerMassOf(material, units, input.productMassG);
    for (const i of hits) {
      const entry = index.entries[i]!;
      if (entry.basis === 'material') {
        const concentration = clean(substance.massPercent);
        findings.push({
          entryName: entry.name,
          cas: entry.cas,
          internalId: entry.internalId,
          thresholdPercent: entry.thresholdPercent,
          basis: 'material',
          concentrationPercent: concentration,
          massG: containerMass === null ? null : clean((containerMass * substance.massPercent) / 100),
          path,
          aboveThreshold: concentration > entry.thresholdPercent,
          exemption,
        });
        continue;
      }
      const total = articles.get(i) ?? { massG: 0, massKnown: true, maxMaterialPercent: 0, path, exemptions: [] };
      if (containerMass === null) total.massKnown = false;
      else total.massG += (containerMass * substance.massPercent) / 100;
      total.maxMaterialPercent = Math.max(total.maxMaterialPercent, substance.massPercent);
      total.exemptions.push(exemption);
      articles.set(i, total);
    }
  };

  for (const substance of composition.substances ?? []) visit(substance, undefined, [], 1);
  const walk = (part: PartNode, trail: readonly string[], units: number): void => {
    const here = [...trail, part.name];
    const multiplied = units * part.numberOfUnits;
    for (const material of part.materials) {
      if (material.massG === null) materialMassComplete = false;
      else materialMassSum += material.massG * multiplied;
      for (const substance of material.substances) visit(substance, material, here, multiplied);
    }
    for (const child of part.parts) walk(child, here, multiplied);
  };
  for (const part of composition.parts) walk(part, [], 1);

  const articleMass = input.productMassG !== null && input.productMassG > 0 ? input.productMassG : composition.parts.length > 0 && materialMassComplete && materialMassSum > 0 ? materialMassSum : null;
  for (const [i, total] of articles) {
    const entry = index.entries[i]!;
    const exemption = total.exemptions.every((e) => e !== null) ? total.exemptions[0]! : null;
    const base = { entryName: entry.name, cas: entry.cas, internalId: entry.internalId, thresholdPercent: entry.thresholdPercent, basis: 'article' as const, path: total.path, exemption };
    if (total.massKnown && articleMass !== null) {
      const concentration = clean((total.massG / articleMass) * 100);
      findings.push({ ...base, concentrationPercent: concentration, massG: clean(total.massG), aboveThreshold: concentration > entry.thresholdPercent });
    } else {
      findings.push({ ...base, concentrationPercent: clean(total.maxMaterialPercent), massG: null, aboveThreshold: false });
    }
  }
  return { outcome: outcomeOf(findings, substanceCount > 0), findings };
}

/** An article-basis finding whose masses are missing and whose material share exceeds the threshold. */
function undecided(f: Finding): boolean {
  return f.basis === 'article' && f.massG === null && f.concentrationPercent > f.thresholdPercent;
}

/** The outcome the findings of a composition call for (see the rules above). */
export function outcomeOf(findings: readonly Finding[], hasSubstances: boolean): Outcome {
  if (!hasSubstances) return 'no_data';
  let above = false;
  let open = false;
  for (const f of findings) {
    if (f.aboveThreshold) {
      if (f.exemption === null) return 'above_threshold';
      above = true;
    } else if (undecided(f)) open = true;
  }
  if (above) return 'exempted';
  return open ? 'no_data' : 'compliant';
}

/** Whether a composition declares any substance at all. */
export function declaresSubstances(composition: Composition): boolean {
  if ((composition.substances ?? []).length > 0) return true;
  const any = (part: PartNode): boolean => part.materials.some((m) => m.substances.length > 0) || part.parts.some(any);
  return composition.parts.some(any);
}
