import { randomUUID } from 'node:crypto';
import { AppError } from '../../../core/errors.js';
import type { UserActor } from '../../../platform/identity/index.js';
import { jstStart, perUnitText, type ProductCfp } from './cfp.js';

/** PACT v3 declared units; an item counted in another unit is declared per piece (`item`). */
const DECLARED_UNITS: Record<string, string> = {
  kg: 'kilogram',
  l: 'liter',
  m3: 'cubic meter',
  kwh: 'kilowatt hour',
  mj: 'megajoule',
  m2: 'square meter',
};

/** Mass of one declared unit in kg, where the unit says it. */
const MASS_PER_UNIT: Record<string, string> = { kg: '1', g: '0.001', t: '1000' };

export interface PactProductFootprint {
  id: string;
  specVersion: '3.0.0';
  created: string;
  status: 'Active';
  companyName: string;
  companyIds: string[];
  productDescription: string;
  productIds: string[];
  productNameCompany: string;
  comment: string;
  pcf: {
    declaredUnitOfMeasurement: string;
    declaredUnitAmount: string;
    productMassPerDeclaredUnit?: string;
    referencePeriodStart: string;
    referencePeriodEnd: string;
    geographyCountry: string;
    pcfExcludingBiogenicUptake: string;
    pcfIncludingBiogenicUptake: string;
    ipccCharacterizationFactors: string[];
    crossSectoralStandards: string[];
    boundaryProcessesDescription: string;
    exemptedEmissionsPercent: number;
    exemptedEmissionsDescription: string;
    packagingEmissionsIncluded: boolean;
  };
}

/**
 * The product's CFP as a PACT v3 ProductFootprint (WBCSD PACT Technical Specifications):
 * kg-CO2e per declared unit (one unit of the item), decimals as strings, over the reference
 * period of the completed orders. Refused while a factor is missing or no order completed.
 */
export function pactProductFootprint(actor: UserActor, cfp: ProductCfp, now: Date): PactProductFootprint {
  if (cfp.missingFactors.length > 0) throw new AppError('process.cfp_missing_factors', { params: { missing: cfp.missingFactors.join(', ') } });
  if (cfp.perUnitKg === null) throw new AppError('process.cfp_no_data');
  const unit = cfp.declaredUnit.trim().toLowerCase();
  const perUnit = perUnitText(cfp.perUnitKg);
  const mass = MASS_PER_UNIT[unit];
  return {
    id: randomUUID(),
    specVersion: '3.0.0',
    created: now.toISOString(),
    status: 'Active',
    companyName: actor.tenantName,
    companyIds: [`urn:sotas:company:${actor.tenantId}`],
    productDescription: cfp.item.remarks || cfp.item.name,
    productIds: [`urn:sotas:product:${cfp.item.id}`],
    productNameCompany: cfp.item.name,
    comment: `Cradle-to-gate footprint of ${cfp.orders.length} completed production order(s) of ${cfp.item.code}, weighted by the quantity made (declared unit: 1 ${cfp.declaredUnit}).`,
    pcf: {
      declaredUnitOfMeasurement: DECLARED_UNITS[unit] ?? 'item',
      declaredUnitAmount: '1',
      ...(mass ? { productMassPerDeclaredUnit: mass } : {}),
      referencePeriodStart: jstStart(cfp.from).toISOString(),
      referencePeriodEnd: new Date(jstStart(cfp.to).getTime() + 24 * 3600 * 1000).toISOString(),
      geographyCountry: 'JP',
      pcfExcludingBiogenicUptake: perUnit,
      pcfIncludingBiogenicUptake: perUnit,
      ipccCharacterizationFactors: ['AR5'],
      crossSectoralStandards: ['ISO14067'],
      boundaryProcessesDescription:
        'Purchased materials (quantity consumed × material emission factor) and process energy per production step (electricity, fuels and steam × emission factors); transport, packaging and end of life are not included.',
      exemptedEmissionsPercent: 0,
      exemptedEmissionsDescription: '',
      packagingEmissionsIncluded: false,
    },
  };
}
