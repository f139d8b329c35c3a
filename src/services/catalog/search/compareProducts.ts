import { AppError } from '../../../core/errors.js';
import { withTenant, type Database } from '../../../core/db/index.js';
import { presentProduct, withFileFacts, type PendingProduct, type ProductView, type PropertyView } from '../products/productView.js';
import { currentPlan } from '../shared/plan.js';

/** One row of the comparison: a property key and each product's value (null when it has none). */
export interface PropertyRow {
  key: string;
  name: string;
  unit: string;
  values: (PropertyView | null)[];
}

/** GET /compare: the products in the order asked and their property matrix. */
export interface Comparison {
  products: ProductView[];
  properties: PropertyRow[];
}

/**
 * Products side by side with their property matrix. Each id must be a product the reader sees
 * (its own, or another tenant's published one: row-level security decides), else 404. Each is
 * presented as on its own page, so properties and documents come with full access only (own
 * product, or a paid reader) and their matrix values are null otherwise.
 */
export async function compareProducts(db: Database, readerTenantId: string, ids: readonly string[]): Promise<Comparison> {
  const pending = await withTenant(db, readerTenantId, async (tx) => {
    const plan = await currentPlan(tx);
    if (plan.subscription === null) throw new AppError('catalog.no_subscription');
    const presented: PendingProduct[] = [];
    for (const id of ids) presented.push(await presentProduct(tx, readerTenantId, plan, id));
    return presented;
  });
  const products: ProductView[] = [];
  for (const product of pending) products.push(await withFileFacts(db, product));
  return { products, properties: propertyMatrix(products) };
}

/**
 * The comparison matrix: every property key of the products with full access, in the order they
 * first appear; a product's value is its first line with that key.
 */
export function propertyMatrix(products: readonly ProductView[]): PropertyRow[] {
  const rows = new Map<string, PropertyRow>();
  products.forEach((product, index) => {
    for (const property of product.properties ?? []) {
      let row = rows.get(property.key);
      if (!row) {
        row = { key: property.key, name: property.name, unit: property.unit, values: products.map(() => null) };
        rows.set(property.key, row);
      }
      row.values[index] ??= property;
    }
  });
  return [...rows.values()];
}
