import type { Database } from '../../../src/core/db/index.js';
import { buildTenant } from '../../support/factories.js';
import { openCatalogWorld, setCatalogPlan, type CatalogWorld } from './catalogWorld.js';
import { searchColumns } from '../../../src/services/catalog/search/searchText.js';
import { normalizeCasNumber } from '../../../src/services/catalog/shared/cas.js';

/** A product as the tests put it into the catalog (published unless told otherwise). */
export interface SeedProduct {
  name: string;
  nameEn?: string;
  grade?: string;
  brand?: string;
  category: string;
  form?: string;
  description?: string;
  descriptionEn?: string;
  applications?: string[];
  processingMethods?: string[];
  regulatoryFlags?: string[];
  documentKinds?: string[];
  components?: { casNumber?: string; name: string; minPct?: number; maxPct?: number }[];
  /** Canonical values are taken as stated (the tests use canonical units). */
  properties?: { key: string; name: string; min?: number; max?: number; unit?: string }[];
  status?: 'draft' | 'published' | 'archived';
  /** Published (and created) at; products seeded later are newer by default. */
  publishedAt?: string;
}

let sequence = 0;

/**
 * Inserts a product with its components and properties as the owner, with the search columns
 * computed the way the product writer computes them. Returns its id.
 */
export async function seedProduct(db: Database, tenantId: string, p: SeedProduct): Promise<string> {
  sequence += 1;
  const at = p.publishedAt ?? new Date(Date.UTC(2026, 0, 1) + sequence * 60_000).toISOString();
  const status = p.status ?? 'published';
  const components = p.components ?? [];
  const casNumbers = [...new Set(components.flatMap((c) => (c.casNumber ? [normalizeCasNumber(c.casNumber)] : [])))];
  const { searchText, searchTokens } = searchColumns([
    p.name,
    p.nameEn ?? '',
    p.grade ?? '',
    p.brand ?? '',
    p.category,
    ...(p.applications ?? []),
    ...(p.processingMethods ?? []),
    ...casNumbers,
    ...components.map((c) => c.name),
    p.description ?? '',
    p.descriptionEn ?? '',
  ]);
  return db.ownerTransaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO catalog.products (tenant_id, name, name_en, grade, brand, category, form, description, description_en, applications,
         processing_methods, regulatory_flags, status, published_at, cas_numbers, document_kinds, search_text, search_tokens, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[], $11::text[], $12::text[], $13, $14, $15::text[], $16::text[], $17, $18::text[], $19, $19)
       RETURNING id`,
      [
        tenantId,
        p.name,
        p.nameEn ?? '',
        p.grade ?? '',
        p.brand ?? '',
        p.category,
        p.form ?? 'pellet',
        p.description ?? '',
        p.descriptionEn ?? '',
        p.applications ?? [],
        p.processingMethods ?? [],
        p.regulatoryFlags ?? [],
        status,
        status === 'published' ? at : null,
        casNumbers,
        p.documentKinds ?? [],
        searchText,
        searchTokens,
        at,
      ],
    );
    const id = rows[0]!.id;
    for (const [i, c] of components.entries()) {
      await tx.query(
        'INSERT INTO catalog.product_components (tenant_id, product_id, line_no, cas_number, name, min_pct, max_pct) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [tenantId, id, i + 1, c.casNumber ? normalizeCasNumber(c.casNumber) : null, c.name, c.minPct ?? null, c.maxPct ?? null],
      );
    }
    for (const [i, prop] of (p.properties ?? []).entries()) {
      await tx.query(
        `INSERT INTO catalog.product_properties (tenant_id, product_id, line_no, property_key, name, value_min, value_max, unit, canonical_unit, canonical_min, canonical_max)
         VALUES ($1, $2, $3, $4, $5, $6::numeric, $7::numeric, $8, $8, $6::float8, $7::float8)`,
        [tenantId, id, i + 1, prop.key, prop.name, prop.min ?? null, prop.max ?? null, prop.unit ?? ''],
      );
    }
    return id;
  });
}

/** Gives a tenant a publisher profile (its display name in search results and facets). */
export async function seedPublisherProfile(db: Database, tenantId: string, displayName: string): Promise<void> {
  await db.ownerTransaction((tx) =>
    tx.query(`INSERT INTO catalog.publishers (tenant_id, display_name, created_at, updated_at) VALUES ($1, $2, now(), now())`, [tenantId, displayName]),
  );
}

/** The catalog world with two publishers' products: published, a draft each side, properties. */
export interface ComparisonWorld {
  world: CatalogWorld;
  rivalId: string;
  ids: { pp: string; pa: string; ownDraft: string; rivalPp: string; rivalDraft: string };
}

export async function openComparisonWorld(): Promise<ComparisonWorld> {
  const world = await openCatalogWorld();
  const { db } = world.tdb;
  const rival = await buildTenant(db, { name: '西日本化成株式会社' });
  await setCatalogPlan(db, rival.id, { publisher: true, subscription: 'free' });
  const pub = world.publisher.tenant.id;
  const ids = {
    pp: await seedProduct(db, pub, {
      name: 'ポリプロピレン J-700GP',
      category: 'PP',
      components: [{ casNumber: '9003-07-0', name: 'ポリプロピレン', minPct: 99, maxPct: 100 }],
      properties: [
        { key: 'density', name: '密度', min: 0.9, max: 0.9, unit: 'g/cm3' },
        { key: 'mfr', name: 'MFR', min: 10, max: 10, unit: 'g/10min' },
      ],
    }),
    pa: await seedProduct(db, pub, { name: 'ナイロン66 GF30', category: 'PA66', properties: [{ key: 'density', name: '密度', min: 1.36, max: 1.36, unit: 'g/cm3' }] }),
    ownDraft: await seedProduct(db, pub, { name: 'PP 試作', category: 'PP', status: 'draft' }),
    rivalPp: await seedProduct(db, rival.id, {
      name: 'ポリプロピレン ホモ',
      category: 'PP',
      properties: [
        { key: 'mfr', name: 'MFR', min: 30, max: 30, unit: 'g/10min' },
        { key: 'hdt', name: '荷重たわみ温度', min: 110, max: 110, unit: '°C' },
      ],
    }),
    rivalDraft: await seedProduct(db, rival.id, { name: 'PP 未発表', category: 'PP', status: 'draft', properties: [{ key: 'mfr', name: 'MFR', min: 5, max: 5 }] }),
  };
  return { world, rivalId: rival.id, ids };
}
