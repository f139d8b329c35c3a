import type { StarterList } from './starterList.js';

const material = (cas: string | null, internalId: string | null, name: string, notes: string, thresholdPercent = 0.1) => ({ cas, internalId, name, thresholdPercent, basis: 'material' as const, notes });

/**
 * EU RoHS: the restricted substances of Annex II of Directive 2011/65/EU as amended by
 * Commission Delegated Directive (EU) 2015/863, with their maximum concentration values by
 * weight in homogeneous materials (0.1 %, cadmium 0.01 %). Substance groups without one CAS
 * number (PBB, PBDE) are matched by internal id against a substance's other id.
 */
export const rohsAnnex2: StarterList = {
  key: 'rohs_annex2',
  code: 'EU-RoHS',
  name: { ja: 'EU RoHS指令 附属書II', en: 'EU RoHS Annex II' },
  source: 'Directive 2011/65/EU, Annex II, as amended by Commission Delegated Directive (EU) 2015/863 (Official Journal L 137, 4.6.2015). Maximum concentration values by weight in homogeneous materials.',
  versionLabel: '(EU) 2015/863',
  entries: [
    material('7439-92-1', null, '鉛 (Lead, Pb)', 'Annex II 1. Lead and its compounds: this entry matches CAS 7439-92-1; declare lead compounds with other id "Pb".'),
    material('7439-97-6', null, '水銀 (Mercury, Hg)', 'Annex II 2.'),
    material('7440-43-9', null, 'カドミウム (Cadmium, Cd)', 'Annex II 3. Maximum concentration 0.01 %.', 0.01),
    material('18540-29-9', 'CrVI', '六価クロム (Hexavalent chromium, Cr(VI))', 'Annex II 4. Matched by CAS 18540-29-9 or other id "CrVI".'),
    material(null, 'PBB', 'ポリ臭化ビフェニル (Polybrominated biphenyls, PBB)', 'Annex II 5. Substance group: declare with other id "PBB".'),
    material(null, 'PBDE', 'ポリ臭化ジフェニルエーテル (Polybrominated diphenyl ethers, PBDE)', 'Annex II 6. Substance group: declare with other id "PBDE".'),
    material('117-81-7', null, 'フタル酸ビス(2-エチルヘキシル) (DEHP)', 'Annex II 7, added by (EU) 2015/863.'),
    material('85-68-7', null, 'フタル酸ブチルベンジル (BBP)', 'Annex II 8, added by (EU) 2015/863.'),
    material('84-74-2', null, 'フタル酸ジブチル (DBP)', 'Annex II 9, added by (EU) 2015/863.'),
    material('84-69-5', null, 'フタル酸ジイソブチル (DIBP)', 'Annex II 10, added by (EU) 2015/863.'),
  ],
};
