import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../support/db.js';
import { buildTenant } from '../../support/factories.js';
import { openCatalogWorld, setCatalogPlan, type CatalogWorld } from './catalogWorld.js';
import { seedProduct, type SeedProduct } from './searchSeed.js';

/**
 * Search quality: about forty realistic products of three publishers and thirty fixed queries as
 * people type them (katakana, hiragana, kanji, half- and full-width, English, CAS numbers, grade
 * codes, applications, two terms). Each names the products that must come first (in any order),
 * or the exact set of results.
 */
const CATALOG: Record<string, SeedProduct & { by: 0 | 1 | 2 }> = {
  ppBlock: { by: 0, name: 'ポリプロピレン ブロックコポリマー', nameEn: 'Polypropylene block copolymer', grade: 'J-700GP', brand: 'プライムポリ', category: 'PP', applications: ['自動車', '家電'], components: [{ casNumber: '9003-07-0', name: 'ポリプロピレン' }, { casNumber: '6683-19-8', name: '酸化防止剤', maxPct: 0.3 }] },
  ppHomo: { by: 1, name: 'ポリプロピレン ホモポリマー', nameEn: 'Polypropylene homopolymer', grade: 'J-105G', category: 'PP', applications: ['日用品', '包装'] },
  ppTalc: { by: 2, name: 'タルク20%強化ポリプロピレン', nameEn: 'Talc filled polypropylene', grade: 'T-20K', category: 'PP', applications: ['自動車'], components: [{ casNumber: '9003-07-0', name: 'ポリプロピレン' }, { casNumber: '14807-96-6', name: 'タルク', minPct: 18, maxPct: 22 }] },
  pa66Gf: { by: 0, name: 'ナイロン66 ガラス繊維30%強化', nameEn: 'Polyamide 66 GF30', grade: 'A3G30', brand: 'ナイロマックス', category: 'PA66', applications: ['自動車', '電機'], components: [{ casNumber: '32131-17-2', name: 'ポリアミド66' }, { casNumber: '65997-17-3', name: 'ガラス繊維', minPct: 28, maxPct: 32 }] },
  pa6: { by: 1, name: 'ナイロン6 標準グレード', nameEn: 'Polyamide 6 general purpose', grade: '1013B', category: 'PA6', applications: ['繊維', 'フィルム'] },
  pcAbs: { by: 2, name: '難燃PC/ABS アロイ', nameEn: 'Flame retardant PC/ABS alloy', grade: 'FR-3010', category: 'PC', applications: ['電子部品', '家電'], regulatoryFlags: ['rohs'] },
  pcClear: { by: 0, name: 'ポリカーボネート 透明グレード', nameEn: 'Polycarbonate clear grade', grade: 'L-1225', category: 'PC', applications: ['光学部品'] },
  abs: { by: 1, name: 'ABS樹脂 汎用グレード', nameEn: 'ABS general purpose', grade: 'GA-501', category: 'ABS', applications: ['家電', '玩具'] },
  pom: { by: 2, name: 'ポリアセタール コポリマー', nameEn: 'Polyacetal copolymer', grade: 'M90-44', category: 'POM', applications: ['自動車', '精密部品'] },
  pbtGf: { by: 0, name: 'PBT ガラス繊維15%強化', nameEn: 'PBT GF15', grade: 'B4300G3', category: 'PBT', applications: ['電子部品', 'コネクタ'], components: [{ casNumber: '65997-17-3', name: 'ガラス繊維' }] },
  antioxidant: { by: 1, name: 'ヒンダードフェノール系酸化防止剤', nameEn: 'Hindered phenolic antioxidant', grade: 'AO-1010', category: 'ADDITIVE', form: 'powder', components: [{ casNumber: '6683-19-8', name: 'ペンタエリスリトール テトラキス' }] },
  tio2: { by: 2, name: '酸化チタン顔料 ルチル型', nameEn: 'Titanium dioxide pigment, rutile', grade: 'R-820', category: 'PIGMENT', form: 'powder', applications: ['塗料', 'プラスチック着色'], components: [{ casNumber: '13463-67-7', name: '酸化チタン' }] },
  toluene: { by: 0, name: 'トルエン', nameEn: 'Toluene', category: 'SOLVENT', form: 'liquid', applications: ['塗料', '接着剤'], components: [{ casNumber: '108-88-3', name: 'トルエン', minPct: 99.5 }] },
  xylene: { by: 1, name: 'キシレン', nameEn: 'Xylene', category: 'SOLVENT', form: 'liquid', applications: ['塗料'], components: [{ casNumber: '1330-20-7', name: 'キシレン' }] },
  mek: { by: 2, name: 'メチルエチルケトン', nameEn: 'Methyl ethyl ketone (MEK)', category: 'SOLVENT', form: 'liquid', components: [{ casNumber: '78-93-3', name: 'メチルエチルケトン' }] },
  ipa: { by: 0, name: 'イソプロピルアルコール', nameEn: 'Isopropyl alcohol (IPA)', category: 'SOLVENT', form: 'liquid', applications: ['洗浄'], components: [{ casNumber: '67-63-0', name: '2-プロパノール' }] },
  acetone: { by: 1, name: 'アセトン', nameEn: 'Acetone', category: 'SOLVENT', form: 'liquid', components: [{ casNumber: '67-64-1', name: 'アセトン' }] },
  carbonBlack: { by: 2, name: 'カーボンブラック', nameEn: 'Carbon black', grade: 'CB-30', category: 'PIGMENT', form: 'powder', applications: ['ゴム', '塗料'], components: [{ casNumber: '1333-86-4', name: 'カーボンブラック' }] },
  glassFiber: { by: 0, name: 'チョップドストランド ガラス繊維', nameEn: 'Chopped strand glass fiber', grade: 'CS3J', category: 'FILLER', form: 'fiber', components: [{ casNumber: '65997-17-3', name: 'ガラス繊維' }] },
  silica: { by: 1, name: 'ヒュームドシリカ', nameEn: 'Fumed silica', category: 'FILLER', form: 'powder', components: [{ casNumber: '112945-52-5', name: '二酸化ケイ素' }] },
  caco3: { by: 2, name: '重質炭酸カルシウム', nameEn: 'Ground calcium carbonate', category: 'FILLER', form: 'powder', components: [{ casNumber: '1317-65-3', name: '炭酸カルシウム' }] },
  flameRetardant: { by: 0, name: 'リン系難燃剤', nameEn: 'Phosphorus flame retardant', category: 'FLAME-RETARDANT', form: 'powder', applications: ['電子部品'] },
  antimony: { by: 1, name: '三酸化アンチモン', nameEn: 'Antimony trioxide', category: 'FLAME-RETARDANT', form: 'powder', applications: ['難燃助剤'], components: [{ casNumber: '1309-64-4', name: '三酸化二アンチモン' }] },
  uvAbsorber: { by: 2, name: 'ベンゾトリアゾール系紫外線吸収剤', nameEn: 'Benzotriazole UV absorber', category: 'ADDITIVE', form: 'powder' },
  epoxy: { by: 0, name: 'エポキシ樹脂 ビスフェノールA型', nameEn: 'Bisphenol A epoxy resin', category: 'ADHESIVE', form: 'liquid', components: [{ casNumber: '25068-38-6', name: 'ビスフェノールA型エポキシ樹脂' }] },
  urethane: { by: 1, name: 'ウレタン塗料 2液型', nameEn: 'Two-component urethane coating', category: 'COATING', form: 'liquid', applications: ['建材'], components: [{ casNumber: '108-88-3', name: 'トルエン', maxPct: 20 }, { casNumber: '1330-20-7', name: 'キシレン', maxPct: 15 }] },
  hdpe: { by: 2, name: '高密度ポリエチレン ブロー成形用', nameEn: 'HDPE for blow molding', grade: 'HB-530', category: 'PE-HD', applications: ['容器'] },
  ldpe: { by: 0, name: '低密度ポリエチレン フィルムグレード', nameEn: 'LDPE film grade', grade: 'LF-405', category: 'PE-LD', applications: ['包装', 'フィルム'] },
  pvc: { by: 1, name: '軟質塩化ビニル コンパウンド', nameEn: 'Flexible PVC compound', category: 'PVC', applications: ['電線被覆'] },
  pmma: { by: 2, name: 'アクリル樹脂 成形材料', nameEn: 'PMMA molding compound', grade: 'MD-001', category: 'PMMA', applications: ['光学部品', '自動車'] },
  hips: { by: 0, name: '耐衝撃性ポリスチレン', nameEn: 'High impact polystyrene (HIPS)', grade: 'H-450', category: 'PS', applications: ['家電', '玩具'] },
  pet: { by: 1, name: 'PET樹脂 ボトル用', nameEn: 'PET bottle resin', category: 'PET', applications: ['容器', '飲料ボトル'], regulatoryFlags: ['food_contact'] },
  silicone: { by: 2, name: 'シリコーンオイル', nameEn: 'Silicone oil', category: 'OTHER', form: 'liquid', components: [{ casNumber: '63148-62-9', name: 'ジメチルポリシロキサン' }] },
  dinp: { by: 0, name: 'フタル酸ジイソノニル (DINP)', nameEn: 'Diisononyl phthalate', category: 'PLASTICIZER', form: 'liquid', components: [{ casNumber: '28553-12-0', name: 'フタル酸ジイソノニル' }] },
  masterbatch: { by: 1, name: 'ブラックマスターバッチ', nameEn: 'Black masterbatch', category: 'PIGMENT', applications: ['着色'], components: [{ casNumber: '1333-86-4', name: 'カーボンブラック', minPct: 40, maxPct: 50 }] },
  tpo: { by: 2, name: 'オレフィン系熱可塑性エラストマー', nameEn: 'Thermoplastic olefin elastomer (TPO)', category: 'TPE', applications: ['自動車'] },
  pps: { by: 0, name: 'PPS ガラス繊維40%強化', nameEn: 'PPS GF40', grade: 'GS-40', category: 'PPS', applications: ['自動車', '電子部品'], components: [{ casNumber: '65997-17-3', name: 'ガラス繊維' }] },
  lcp: { by: 1, name: '液晶ポリマー', nameEn: 'Liquid crystal polymer (LCP)', category: 'LCP', applications: ['コネクタ'] },
  ethanol: { by: 2, name: 'エタノール 99.5%', nameEn: 'Ethanol 99.5%', category: 'SOLVENT', form: 'liquid', applications: ['洗浄'], components: [{ casNumber: '64-17-5', name: 'エタノール' }] },
  draftPp: { by: 2, name: 'ポリプロピレン 開発品', category: 'PP', applications: ['自動車'], status: 'draft' },
};
type Key = keyof typeof CATALOG;

/** A query, and either the products that must be the first ones or the exact set of results. */
type Case = [query: string, expectation: { top: Key[] } | { exactly: Key[] }];

const WITH_AUTOMOTIVE: Key[] = ['ppBlock', 'ppTalc', 'pa66Gf', 'pom', 'pmma', 'tpo', 'pps'];
const CASES: Case[] = [
  ['ポリプロピレン', { top: ['ppBlock', 'ppHomo', 'ppTalc'] }],
  ['ぽりぷろぴれん', { top: ['ppBlock', 'ppHomo', 'ppTalc'] }],
  ['ﾎﾟﾘﾌﾟﾛﾋﾟﾚﾝ', { top: ['ppBlock', 'ppHomo', 'ppTalc'] }],
  ['ｶﾞﾗｽ', { exactly: ['pa66Gf', 'pbtGf', 'glassFiber', 'pps'] }],
  ['ＰＰ', { top: ['ppBlock', 'ppHomo', 'ppTalc'] }],
  ['Ｊ７００', { exactly: ['ppBlock'] }],
  ['J-700GP', { exactly: ['ppBlock'] }],
  ['トルエン', { top: ['toluene'] }],
  ['とるえん', { top: ['toluene'] }],
  ['toluene', { exactly: ['toluene'] }],
  ['108-88-3', { exactly: ['toluene', 'urethane'] }],
  ['１３４６３－６７－７', { exactly: ['tio2'] }],
  ['6683-19-8', { exactly: ['ppBlock', 'antioxidant'] }],
  ['酸化防止剤', { top: ['antioxidant'] }],
  ['ナイロン６６', { top: ['pa66Gf'] }],
  ['polyamide', { exactly: ['pa66Gf', 'pa6'] }],
  ['Polycarbonate', { top: ['pcClear'] }],
  ['難燃', { top: ['pcAbs', 'flameRetardant'] }],
  ['自動車', { exactly: WITH_AUTOMOTIVE }],
  ['ナイロン 自動車', { exactly: ['pa66Gf'] }],
  ['ポリプロピレン タルク', { exactly: ['ppTalc'] }],
  ['トルエン 塗料', { exactly: ['toluene', 'urethane'] }],
  ['カーボンブラック', { top: ['carbonBlack'] }],
  ['かーぼんぶらっく', { top: ['carbonBlack'] }],
  ['ＰＣ／ＡＢＳ', { exactly: ['pcAbs'] }],
  ['HIPS', { exactly: ['hips'] }],
  ['ＭＥＫ', { exactly: ['mek'] }],
  ['ガラス繊維 PBT', { exactly: ['pbtGf'] }],
  ['酸化チタン', { top: ['tio2'] }],
  ['エラストマー 自動車', { exactly: ['tpo'] }],
];

describe(`catalog search quality: 30 queries over 40 products (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let world: CatalogWorld;
  const ids = new Map<string, Key>();

  beforeAll(async () => {
    world = await openCatalogWorld();
    const { db } = world.tdb;
    const publishers = [world.publisher.tenant.id];
    for (const name of ['西日本化成株式会社', '関東ケミカル株式会社']) {
      const tenant = await buildTenant(db, { name });
      await setCatalogPlan(db, tenant.id, { publisher: true, subscription: 'free' });
      publishers.push(tenant.id);
    }
    for (const [key, { by, ...product }] of Object.entries(CATALOG)) ids.set(await seedProduct(db, publishers[by]!, product), key as Key);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it.each(CASES)('%s', async (query, expectation) => {
    const res = await world.paid.viewerClient.get(`/api/catalog/search?q=${encodeURIComponent(query)}&pageSize=100`);
    expect(res.statusCode, res.body).toBe(200);
    const found = (res.json().items as { id: string }[]).map((hit) => ids.get(hit.id)!);
    if ('exactly' in expectation) {
      expect([...found].sort()).toEqual([...expectation.exactly].sort());
    } else {
      const first = found.slice(0, Math.max(3, expectation.top.length));
      for (const key of expectation.top) expect(first, `${key} among the first of ${found.join(', ')}`).toContain(key);
      expect(found).not.toContain('draftPp');
    }
  });
});
