import type { Localized } from '../../../core/i18n.js';

/**
 * Energy types of the process service: the keys of every energy map (routing steps' energy
 * per unit, operations' planned energy, work records' actual energy, energy emission factors).
 * Each is counted in one unit.
 */
export const ENERGY_TYPES = ['electricity', 'city_gas', 'lpg', 'heavy_oil_a', 'steam'] as const;
export type EnergyType = (typeof ENERGY_TYPES)[number];

export interface EnergyTypeInfo {
  id: EnergyType;
  /** The unit amounts of this energy are counted in. */
  unit: string;
  label: Localized;
}

export const ENERGY: Readonly<Record<EnergyType, EnergyTypeInfo>> = {
  electricity: { id: 'electricity', unit: 'kWh', label: { ja: '電力', en: 'Electricity' } },
  city_gas: { id: 'city_gas', unit: 'm3', label: { ja: '都市ガス', en: 'City gas' } },
  lpg: { id: 'lpg', unit: 'kg', label: { ja: 'LPG', en: 'LPG' } },
  heavy_oil_a: { id: 'heavy_oil_a', unit: 'L', label: { ja: 'A重油', en: 'Heavy oil A' } },
  steam: { id: 'steam', unit: 'GJ', label: { ja: '蒸気', en: 'Steam' } },
};

export function isEnergyType(value: string): value is EnergyType {
  return (ENERGY_TYPES as readonly string[]).includes(value);
}

/** The energy types in display order with their units and labels (for forms and reports). */
export function energyTypeList(): EnergyTypeInfo[] {
  return ENERGY_TYPES.map((id) => ENERGY[id]);
}
