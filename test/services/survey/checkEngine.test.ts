import { describe, expect, it } from 'vitest';
import { changeOf, checkComposition, type EngineEntry } from '../../../src/services/survey/lists/checkEngine.js';
import type { Composition, Material, PartNode } from '../../../src/services/survey/shared/composition.js';
import { reachSvhcExcerpt } from '../../../src/services/survey/lists/starters/reachSvhcExcerpt.js';
import { rohsAnnex2 } from '../../../src/services/survey/lists/starters/rohsAnnex2.js';

const s = (name: string, cas: string | null, massPercent: number, extra: { otherId?: string; exemption?: string } = {}) => ({ name, cas, massPercent, ...extra });
const material = (name: string, massG: number | null, substances: Material['substances']): Material => ({ name, massG, substances });
const part = (name: string, numberOfUnits: number, materials: Material[], parts: PartNode[] = []): PartNode => ({ name, numberOfUnits, isArticle: true, parts, materials });

const LEAD = '7439-92-1';
const CADMIUM = '7440-43-9';
const DEHP = '117-81-7';

/**
 * The worked example: a controller of two parts and three materials.
 *   筐体 ×1: ABS樹脂 40 g (鉛 0.15 %, カドミウム 0.008 %), 塗膜 2 g (DEHP 1.0 %)
 *   ケーブル ×cables: PVC被覆 10 g (DEHP 0.2 %)
 */
function controller(cables: number, options: { leadExemption?: string } = {}): Composition {
  return {
    parts: [
      part('筐体', 1, [
        material('ABS樹脂', 40, [
          s('ABS', '9003-56-9', 99.842),
          s('鉛', LEAD, 0.15, options.leadExemption ? { exemption: options.leadExemption } : {}),
          s('カドミウム', CADMIUM, 0.008),
        ]),
        material('塗膜', 2, [s('アクリル樹脂', '9011-14-7', 99), s('DEHP', DEHP, 1)]),
      ]),
      part('ケーブル', cables, [material('PVC被覆', 10, [s('PVC', '9002-86-2', 99.8), s('DEHP', DEHP, 0.2)])]),
    ],
  };
}

const rohs: EngineEntry[] = rohsAnnex2.entries.map((e) => ({ ...e }));
const svhc: EngineEntry[] = reachSvhcExcerpt.entries.map((e) => ({ ...e }));
const leadAndCadmium = rohs.filter((e) => e.cas === LEAD || e.cas === CADMIUM);

describe('checkComposition', () => {
  it('judges RoHS per homogeneous material: lead 0.15 % is above 0.1 %, cadmium 0.008 % is under 0.01 %', () => {
    const { outcome, findings } = checkComposition({ composition: controller(2), productMassG: 62 }, leadAndCadmium);
    expect(outcome).toBe('above_threshold');
    expect(findings).toEqual([
      {
        entryName: '鉛 (Lead, Pb)',
        cas: LEAD,
        internalId: null,
        thresholdPercent: 0.1,
        basis: 'material',
        concentrationPercent: 0.15,
        // 40 g × 0.15 / 100
        massG: 0.06,
        path: ['筐体', 'ABS樹脂', '鉛'],
        aboveThreshold: true,
        exemption: null,
      },
      {
        entryName: 'カドミウム (Cadmium, Cd)',
        cas: CADMIUM,
        internalId: null,
        thresholdPercent: 0.01,
        basis: 'material',
        concentrationPercent: 0.008,
        massG: 0.0032,
        path: ['筐体', 'ABS樹脂', 'カドミウム'],
        aboveThreshold: false,
        exemption: null,
      },
    ]);
    const cadmiumOnly = checkComposition({ composition: controller(2), productMassG: 62 }, rohs.filter((e) => e.cas === CADMIUM));
    expect(cadmiumOnly.outcome).toBe('compliant');
  });

  it('counts DEHP per material for RoHS, but per whole article for REACH SVHC', () => {
    const material = checkComposition({ composition: controller(2), productMassG: 62 }, rohs.filter((e) => e.cas === DEHP));
    expect(material.findings.map((f) => [f.path.join('/'), f.concentrationPercent, f.aboveThreshold])).toEqual([
      ['筐体/塗膜/DEHP', 1, true],
      ['ケーブル/PVC被覆/DEHP', 0.2, true],
    ]);
    // Article basis, two cables:
    //   塗膜 2 g × 1.0 % × 1 = 0.02 g;  PVC被覆 10 g × 0.2 % × 2 cables = 0.04 g;  DEHP 0.06 g
    //   article 62 g (40 + 2 + 2 × 10);  0.06 / 62 × 100 = 0.096774… % ≤ 0.1 → not above
    const dehpSvhc = svhc.filter((e) => e.cas === DEHP);
    const two = checkComposition({ composition: controller(2), productMassG: 62 }, dehpSvhc);
    expect(two.outcome).toBe('compliant');
    expect(two.findings).toHaveLength(1);
    expect(two.findings[0]).toMatchObject({ basis: 'article', massG: 0.06, path: ['筐体', '塗膜', 'DEHP'], aboveThreshold: false });
    expect(two.findings[0]!.concentrationPercent).toBeCloseTo(0.0967741935, 9);
    // Three cables: 0.02 + 10 × 0.2 % × 3 = 0.08 g in 72 g → 0.1111… % > 0.1 → above.
    const three = checkComposition({ composition: controller(3), productMassG: 72 }, dehpSvhc);
    expect(three.outcome).toBe('above_threshold');
    expect(three.findings[0]!.massG).toBe(0.08);
    expect(three.findings[0]!.concentrationPercent).toBeCloseTo(0.1111111111, 9);
    // Without the product's mass, the sum of the material masses (here 72 g) stands in.
    expect(checkComposition({ composition: controller(3), productMassG: null }, dehpSvhc).findings[0]!.concentrationPercent).toBeCloseTo(0.1111111111, 9);
  });

  it('multiplies the number of units down nested parts', () => {
    // ケーブル ×2 → コネクタ ×3 → PBT 1.5 g with DEHP 0.5 %: 1.5 × 0.005 × 3 × 2 = 0.045 g in 100 g = 0.045 %.
    const composition: Composition = {
      parts: [part('ケーブル', 2, [], [part('コネクタ', 3, [material('PBT', 1.5, [s('DEHP', DEHP, 0.5), s('PBT', '26062-94-2', 99.5)])])])],
    };
    const { findings } = checkComposition({ composition, productMassG: 100 }, svhc);
    expect(findings[0]).toMatchObject({ massG: 0.045, concentrationPercent: 0.045, path: ['ケーブル', 'コネクタ', 'PBT', 'DEHP'], aboveThreshold: false });
  });

  it('is exempted when every finding above its threshold claims an exemption', () => {
    expect(checkComposition({ composition: controller(2, { leadExemption: 'EU RoHS 6(c)' }), productMassG: 62 }, leadAndCadmium)).toMatchObject({
      outcome: 'exempted',
      findings: [{ entryName: '鉛 (Lead, Pb)', aboveThreshold: true, exemption: 'EU RoHS 6(c)' }, { aboveThreshold: false }],
    });
    // The DEHP in the paint has no exemption, so the product is above whatever lead claims.
    expect(checkComposition({ composition: controller(2, { leadExemption: 'EU RoHS 6(c)' }), productMassG: 62 }, rohs).outcome).toBe('above_threshold');
  });

  it('matches groups by internal id against the other id, whatever the punctuation', () => {
    const composition: Composition = {
      parts: [part('基板', 1, [material('めっき', 0.5, [s('六価クロム化合物', null, 0.2, { otherId: 'Cr(VI)' }), s('臭素系難燃剤', null, 0.05, { otherId: 'pbde' })])])],
    };
    const { outcome, findings } = checkComposition({ composition, productMassG: 10 }, rohs);
    expect(outcome).toBe('above_threshold');
    expect(findings.map((f) => [f.internalId, f.aboveThreshold])).toEqual([
      ['CrVI', true],
      ['PBDE', false],
    ]);
  });

  it('checks a chemical product’s own substances as percent of the product', () => {
    const composition: Composition = { parts: [], substances: [s('DEHP', DEHP, 0.3), s('溶剤', '108-88-3', 99.7)] };
    const result = checkComposition({ composition, productMassG: 500 }, [...rohs, ...svhc]);
    expect(result.findings.map((f) => [f.basis, f.concentrationPercent, f.massG, f.path])).toEqual([
      ['material', 0.3, 1.5, ['DEHP']],
      ['article', 0.3, 1.5, ['DEHP']],
    ]);
    expect(result.outcome).toBe('above_threshold');
  });

  it('answers no_data for an empty composition and for an article-basis finding it cannot decide', () => {
    expect(checkComposition({ composition: { parts: [] }, productMassG: 10 }, svhc)).toEqual({ outcome: 'no_data', findings: [] });
    // PVC mass unknown: DEHP at 5 % of the material could be above 0.1 % of the article.
    const unknownMass: Composition = { parts: [part('ケーブル', 1, [material('PVC被覆', null, [s('DEHP', DEHP, 5), s('PVC', '9002-86-2', 95)])])] };
    expect(checkComposition({ composition: unknownMass, productMassG: 50 }, svhc)).toMatchObject({
      outcome: 'no_data',
      findings: [{ concentrationPercent: 5, massG: null, aboveThreshold: false }],
    });
    // At 0.05 % of its material it cannot reach 0.1 % of the article: decided, compliant.
    const low: Composition = { parts: [part('ケーブル', 1, [material('PVC被覆', null, [s('DEHP', DEHP, 0.05), s('PVC', '9002-86-2', 99.95)])])] };
    expect(checkComposition({ composition: low, productMassG: null }, svhc).outcome).toBe('compliant');
    // Substances but none listed: compliant.
    expect(checkComposition({ composition: { parts: [part('ケース', 1, [material('PP', 5, [s('PP', '9003-07-0', 100)])])] }, productMassG: 5 }, rohs)).toEqual({ outcome: 'compliant', findings: [] });
  });

  it('treats a value at the threshold as compliant despite floating-point noise', () => {
    // 0.1 + 0.2 = 0.30000000000000004 in binary; the engine must not call that above 0.3.
    const composition: Composition = { parts: [part('部品', 1, [material('樹脂', 10, [s('鉛', LEAD, 0.1 + 0.2)])])] };
    const entries: EngineEntry[] = [{ name: '鉛', cas: LEAD, internalId: null, thresholdPercent: 0.3, basis: 'material' }];
    expect(checkComposition({ composition, productMassG: 10 }, entries).findings[0]!.aboveThreshold).toBe(false);
  });
});

describe('changeOf', () => {
  it('flags a different outcome or set of found entries, and nothing when only a name or an unrelated threshold moved', () => {
    const composition = controller(2);
    const v1 = checkComposition({ composition, productMassG: 62 }, leadAndCadmium);
    expect(changeOf(v1, null)).toEqual({ changed: false, summary: {} });
    const renamed = leadAndCadmium.map((e) => ({ ...e, name: `${e.name} 改` }));
    expect(changeOf(checkComposition({ composition, productMassG: 62 }, renamed), v1).changed).toBe(false);
    const withDehp = checkComposition({ composition, productMassG: 62 }, [...leadAndCadmium, ...svhc]);
    expect(changeOf(withDehp, v1)).toEqual({ changed: true, summary: { previousOutcome: 'above_threshold', added: ['フタル酸ビス(2-エチルヘキシル) (DEHP)'], removed: [] } });
    const looser = leadAndCadmium.map((e) => (e.cas === LEAD ? { ...e, thresholdPercent: 0.2 } : e));
    expect(changeOf(checkComposition({ composition, productMassG: 62 }, looser), v1)).toEqual({ changed: true, summary: { previousOutcome: 'above_threshold', added: [], removed: [] } });
  });
});
