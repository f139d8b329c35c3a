import type { Localized } from '../../../core/i18n.js';

/** A product category: an ISO 1043-1 polymer code or a chemical class. */
export interface Category {
  code: string;
  group: 'polymer' | 'chemical';
  name: Localized;
}

const polymer = (code: string, ja: string, en: string): Category => ({ code, group: 'polymer', name: { ja, en } });
const chemical = (code: string, ja: string, en: string): Category => ({ code, group: 'chemical', name: { ja, en } });

/**
 * The fixed list products are filed under: plastics by their ISO 1043-1 symbol (how the trade
 * names them on data sheets), everything else by chemical class. Codes are stored as given here.
 */
export const CATEGORIES: readonly Category[] = [
  polymer('PP', 'ポリプロピレン', 'Polypropylene'),
  polymer('PE', 'ポリエチレン', 'Polyethylene'),
  polymer('PE-HD', '高密度ポリエチレン', 'High-density polyethylene'),
  polymer('PE-LD', '低密度ポリエチレン', 'Low-density polyethylene'),
  polymer('PE-LLD', '直鎖状低密度ポリエチレン', 'Linear low-density polyethylene'),
  polymer('PS', 'ポリスチレン', 'Polystyrene'),
  polymer('ABS', 'ABS樹脂', 'Acrylonitrile butadiene styrene'),
  polymer('SAN', 'AS樹脂（SAN）', 'Styrene acrylonitrile (AS)'),
  polymer('PVC', 'ポリ塩化ビニル', 'Polyvinyl chloride'),
  polymer('PMMA', 'アクリル樹脂（PMMA）', 'Polymethyl methacrylate'),
  polymer('PC', 'ポリカーボネート', 'Polycarbonate'),
  polymer('PA6', 'ポリアミド6（ナイロン6）', 'Polyamide 6'),
  polymer('PA66', 'ポリアミド66（ナイロン66）', 'Polyamide 66'),
  polymer('PA11', 'ポリアミド11', 'Polyamide 11'),
  polymer('PA12', 'ポリアミド12', 'Polyamide 12'),
  polymer('POM', 'ポリアセタール', 'Polyoxymethylene (acetal)'),
  polymer('PBT', 'ポリブチレンテレフタレート', 'Polybutylene terephthalate'),
  polymer('PET', 'ポリエチレンテレフタレート', 'Polyethylene terephthalate'),
  polymer('PPS', 'ポリフェニレンサルファイド', 'Polyphenylene sulfide'),
  polymer('PPE', '変性ポリフェニレンエーテル（mPPE）', 'Polyphenylene ether (mPPE)'),
  polymer('PEEK', 'ポリエーテルエーテルケトン', 'Polyether ether ketone'),
  polymer('PI', 'ポリイミド', 'Polyimide'),
  polymer('PSU', 'ポリスルホン', 'Polysulfone'),
  polymer('LCP', '液晶ポリマー', 'Liquid crystal polymer'),
  polymer('TPU', '熱可塑性ポリウレタン', 'Thermoplastic polyurethane'),
  polymer('TPE', '熱可塑性エラストマー', 'Thermoplastic elastomer'),
  polymer('EVA', 'エチレン酢酸ビニル共重合体', 'Ethylene vinyl acetate'),
  polymer('PLA', 'ポリ乳酸', 'Polylactic acid'),
  polymer('PTFE', 'ポリテトラフルオロエチレン（フッ素樹脂）', 'Polytetrafluoroethylene'),
  polymer('EP', 'エポキシ樹脂', 'Epoxy resin'),
  polymer('PF', 'フェノール樹脂', 'Phenol formaldehyde resin'),
  polymer('PUR', 'ポリウレタン', 'Polyurethane'),
  polymer('SI', 'シリコーン', 'Silicone'),
  chemical('ADDITIVE', '添加剤', 'Additive'),
  chemical('PIGMENT', '顔料', 'Pigment'),
  chemical('DYE', '染料', 'Dye'),
  chemical('SOLVENT', '溶剤', 'Solvent'),
  chemical('MONOMER', 'モノマー', 'Monomer'),
  chemical('CATALYST', '触媒', 'Catalyst'),
  chemical('FILLER', '充填材', 'Filler'),
  chemical('PLASTICIZER', '可塑剤', 'Plasticizer'),
  chemical('FLAME-RETARDANT', '難燃剤', 'Flame retardant'),
  chemical('ADHESIVE', '接着剤', 'Adhesive'),
  chemical('COATING', '塗料・コーティング剤', 'Coating'),
  chemical('OTHER', 'その他', 'Other'),
];

const BY_CODE = new Map(CATEGORIES.map((c) => [c.code, c]));

/** Whether `code` is one of the fixed categories (exactly as listed). */
export function isCategoryCode(code: string): boolean {
  return BY_CODE.has(code);
}

/**
 * The listed code `input` means: exact, or after upper-casing and folding full-width forms and
 * the trade's spellings (AS → SAN, mPPE → PPE), so imports accept what people type; else undefined.
 */
export function categoryCodeOf(input: string): string | undefined {
  const folded = input.normalize('NFKC').trim().toUpperCase().replace(/[\s‐‑‒–—―−－]/g, (ch) => (/\s/.test(ch) ? '' : '-'));
  const aliases: Record<string, string> = { AS: 'SAN', 'AS(SAN)': 'SAN', MPPE: 'PPE', 'PPE/MPPE': 'PPE', HDPE: 'PE-HD', LDPE: 'PE-LD', LLDPE: 'PE-LLD' };
  const code = aliases[folded] ?? folded;
  return BY_CODE.has(code) ? code : undefined;
}
