import type { Localized } from '../../../core/i18n.js';

/**
 * Property keys of the catalog with their canonical unit and the units accepted for them.
 * Values are stored as entered and, for numeric keys, also in the canonical unit
 * (`canonical_min`/`canonical_max`) so that range searches compare across units.
 */

/** Converts a value in an accepted unit to the canonical unit; null = accepted but not comparable. */
type Conversion = ((value: number) => number) | null;

/** One property key: numeric ones have units, text ones (UL94 class, hardness scale) only `valueText`. */
export interface PropertyKey {
  key: string;
  name: Localized;
  kind: 'numeric' | 'text';
  /** The canonical unit ('' for text keys). */
  unit: string;
  /** Accepted units → conversion to the canonical unit. */
  units: Readonly<Record<string, Conversion>>;
}

const same = (v: number) => v;
const PERCENT = { '%': same };
const STRESS = { MPa: same, GPa: (v: number) => v * 1000, 'kgf/cm2': (v: number) => v * 0.0980665, psi: (v: number) => v * 0.00689475729 };
// J/m (ASTM D256, per notch width) and kJ/m² (ISO 180/179, per cross-section) measure
// different things: both are accepted, only kJ/m² values take part in range searches.
const IMPACT = { 'kJ/m2': same, 'J/m': null };
const TEMPERATURE = { '°C': same, K: (v: number) => v - 273.15, '°F': (v: number) => ((v - 32) * 5) / 9 };

const numeric = (key: string, ja: string, en: string, unit: string, units: Readonly<Record<string, Conversion>>): PropertyKey => ({ key, name: { ja, en }, kind: 'numeric', unit, units });
const text = (key: string, ja: string, en: string): PropertyKey => ({ key, name: { ja, en }, kind: 'text', unit: '', units: {} });

/** Every property key the catalog knows, in the order forms and comparisons list them. */
export const PROPERTY_KEYS: readonly PropertyKey[] = [
  numeric('density', '密度', 'Density', 'g/cm3', { 'g/cm3': same, 'kg/m3': (v) => v / 1000 }),
  numeric('mfr', 'メルトフローレート（MFR）', 'Melt flow rate (MFR)', 'g/10min', { 'g/10min': same }),
  numeric('tensile_strength', '引張強さ', 'Tensile strength', 'MPa', STRESS),
  numeric('elongation', '引張破壊ひずみ（伸び）', 'Elongation at break', '%', PERCENT),
  numeric('flexural_strength', '曲げ強さ', 'Flexural strength', 'MPa', STRESS),
  numeric('flexural_modulus', '曲げ弾性率', 'Flexural modulus', 'MPa', STRESS),
  numeric('izod_impact', 'アイゾット衝撃強さ', 'Izod impact strength', 'kJ/m2', IMPACT),
  numeric('charpy_impact', 'シャルピー衝撃強さ', 'Charpy impact strength', 'kJ/m2', IMPACT),
  numeric('hdt', '荷重たわみ温度', 'Heat deflection temperature', '°C', TEMPERATURE),
  numeric('vicat', 'ビカット軟化温度', 'Vicat softening temperature', '°C', TEMPERATURE),
  numeric('melting_point', '融点', 'Melting point', '°C', TEMPERATURE),
  numeric('glass_transition', 'ガラス転移温度', 'Glass transition temperature', '°C', TEMPERATURE),
  numeric('water_absorption', '吸水率', 'Water absorption', '%', PERCENT),
  numeric('shrinkage', '成形収縮率', 'Mould shrinkage', '%', PERCENT),
  text('flammability', '難燃性（UL94）', 'Flammability (UL94)'),
  text('hardness', '硬度', 'Hardness'),
];

const BY_KEY = new Map(PROPERTY_KEYS.map((k) => [k.key, k]));

/** The property key, or undefined when the catalog does not know it. */
export function propertyKey(key: string): PropertyKey | undefined {
  return BY_KEY.get(key);
}

/** Spellings people write for the same unit (superscripts, ℃, full-width) folded to the listed one. */
function foldUnit(unit: string): string {
  return unit
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/℃|degC|deg\.C/gi, '°C')
    .replace(/℉|degF/gi, '°F')
    .replace(/^C$/, '°C')
    .replace(/^F$/, '°F')
    .replace(/\^?3$/, '3')
    .replace(/\^?2$/, '2');
}

/** A property value in the canonical unit, or why it cannot be stored. */
export type CanonicalValue =
  | { ok: true; unit: string; canonicalUnit: string; canonicalMin: number | null; canonicalMax: number | null }
  | { ok: false; problem: 'unknown_key' | 'unit_incompatible' | 'text_only' | 'value_missing' };

/**
 * Checks one property row against its key and converts its range to the canonical unit. An
 * empty unit means the canonical one. Text keys take `valueText` only.
 */
export function canonicalValue(row: { key: string; unit?: string | undefined; valueMin?: number | null | undefined; valueMax?: number | null | undefined; valueText?: string | undefined }): CanonicalValue {
  const def = BY_KEY.get(row.key);
  if (!def) return { ok: false, problem: 'unknown_key' };
  const hasNumber = (row.valueMin ?? null) !== null || (row.valueMax ?? null) !== null;
  if (def.kind === 'text') {
    if (hasNumber || (row.unit ?? '') !== '') return { ok: false, problem: 'text_only' };
    if (!row.valueText) return { ok: false, problem: 'value_missing' };
    return { ok: true, unit: '', canonicalUnit: '', canonicalMin: null, canonicalMax: null };
  }
  if (!hasNumber && !row.valueText) return { ok: false, problem: 'value_missing' };
  const given = row.unit ? foldUnit(row.unit) : def.unit;
  const unit = Object.keys(def.units).find((u) => u.toLowerCase() === given.toLowerCase());
  if (unit === undefined) return { ok: false, problem: 'unit_incompatible' };
  const convert = def.units[unit];
  if (!convert) return { ok: true, unit, canonicalUnit: '', canonicalMin: null, canonicalMax: null };
  const round = (v: number) => Number(convert(v).toPrecision(12));
  return {
    ok: true,
    unit,
    canonicalUnit: def.unit,
    canonicalMin: row.valueMin === null || row.valueMin === undefined ? null : round(row.valueMin),
    canonicalMax: row.valueMax === null || row.valueMax === undefined ? null : round(row.valueMax),
  };
}
