import type { StarterList } from './starterList.js';

const svhc = (cas: string, name: string, included: string) => ({ cas, internalId: null, name, thresholdPercent: 0.1, basis: 'article' as const, notes: `Included in the Candidate List on ${included}.` });

/**
 * An excerpt of the REACH Candidate List of substances of very high concern (Regulation (EC)
 * No 1907/2006, Article 59): twelve entries, each with its CAS number and date of inclusion.
 * Article 33 information duties apply above 0.1 % by weight of the article. It is a starting
 * point, not the whole list: load the full list from ECHA as a new version (CSV or Excel).
 */
export const reachSvhcExcerpt: StarterList = {
  key: 'reach_svhc_excerpt',
  code: 'REACH-SVHC',
  name: { ja: 'REACH SVHC（候補リスト抜粋）', en: 'REACH SVHC (Candidate List excerpt)' },
  source:
    'ECHA Candidate List of substances of very high concern for Authorisation (echa.europa.eu/candidate-list-table), excerpt of 12 entries taken 2025-07-01. Threshold 0.1 % w/w of the article (REACH Article 33). Not the complete list.',
  versionLabel: 'Excerpt 2025-07-01',
  entries: [
    svhc('117-81-7', 'フタル酸ビス(2-エチルヘキシル) (DEHP)', '2008-10-28'),
    svhc('85-68-7', 'フタル酸ブチルベンジル (BBP)', '2008-10-28'),
    svhc('84-74-2', 'フタル酸ジブチル (DBP)', '2008-10-28'),
    svhc('84-69-5', 'フタル酸ジイソブチル (DIBP)', '2010-01-13'),
    svhc('25637-99-4', 'ヘキサブロモシクロドデカン (HBCDD)', '2008-10-28'),
    svhc('85535-84-8', '短鎖塩素化パラフィン (SCCP, Alkanes, C10-13, chloro)', '2008-10-28'),
    svhc('101-77-9', '4,4\'-ジアミノジフェニルメタン (MDA)', '2008-10-28'),
    svhc('7758-97-6', 'クロム酸鉛 (Lead chromate)', '2010-01-13'),
    svhc('115-96-8', 'リン酸トリス(2-クロロエチル) (TCEP)', '2010-01-13'),
    svhc('335-67-1', 'ペルフルオロオクタン酸 (PFOA)', '2013-06-20'),
    svhc('80-05-7', 'ビスフェノールA (Bisphenol A)', '2017-01-12'),
    svhc('7439-92-1', '鉛 (Lead)', '2018-06-27'),
  ],
};
