import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { ProductView } from '../../../src/services/catalog/products/productView.js';
import type { TestClient } from '../../support/app.js';
import type { CatalogWorld } from './catalogWorld.js';

/** A valid product input: a PP grade with composition and properties in several units. */
export function productInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'ノバテックPP 射出成形グレード',
    nameEn: 'Novatec PP injection grade',
    grade: 'MA3',
    brand: 'ノバテック',
    category: 'PP',
    form: 'pellet',
    description: '自動車内装部品向けの高流動ポリプロピレン。',
    applications: ['自動車', '家電'],
    processingMethods: ['injection_molding'],
    regulatoryFlags: ['rohs', 'reach_svhc_free'],
    components: [
      { casNumber: '9003-07-0', name: 'ポリプロピレン', minPct: 95, maxPct: 100 },
      { casNumber: '１４８０７－９６－６', name: 'タルク', minPct: 0, maxPct: 5 },
    ],
    properties: [
      { key: 'density', name: '密度', valueMin: 900, valueMax: 910, unit: 'kg/m3', testMethod: 'ISO 1183' },
      { key: 'mfr', name: 'MFR', valueMin: 11, valueMax: 11, unit: 'g/10min', conditions: '230℃, 2.16kg' },
      { key: 'hdt', name: '荷重たわみ温度', valueMin: 212, unit: '°F' },
      { key: 'flammability', name: '難燃性', valueText: 'HB' },
    ],
    remarks: '社内メモ: 2026年度の主力',
    labels: ['主力'],
    ...overrides,
  };
}

/** The JSON body, asserting the status first (the body shows when it differs). */
export function ok<T = Record<string, unknown>>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

/** Creates a product through the API as `client` and returns it. */
export async function createProduct(client: TestClient, overrides: Record<string, unknown> = {}): Promise<ProductView> {
  return ok<{ product: ProductView }>(await client.post('/api/catalog/products', productInput(overrides)), 201).product;
}

/** Creates and publishes a product as the world's publisher; returns the published product. */
export async function publishedProduct(world: CatalogWorld, overrides: Record<string, unknown> = {}): Promise<ProductView> {
  const draft = await createProduct(world.publisher.editorClient, overrides);
  return ok<{ product: ProductView }>(await world.publisher.editorClient.post(`/api/catalog/products/${draft.id}/publish`, { version: draft.version })).product;
}

/** Events of a tenant's log with one action, oldest first. */
export async function eventsOf(world: CatalogWorld, tenantId: string, action: string): Promise<{ target_id: string; actor_id: string; details: Record<string, unknown>; changes: Record<string, unknown> | null }[]> {
  return world.tdb.db.ownerTransaction(async (tx) =>
    (
      await tx.query<{ target_id: string; actor_id: string; details: Record<string, unknown>; changes: Record<string, unknown> | null }>(
        'SELECT target_id, actor_id, details, changes FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2 ORDER BY seq',
        [tenantId, action],
      )
    ).rows,
  );
}

/** Every catalog row of a tenant (and its event count), to show that a refused request changed nothing. */
export async function catalogState(world: CatalogWorld, tenantId: string): Promise<unknown> {
  return world.tdb.db.ownerTransaction(async (tx) => {
    const all = async (sql: string) => (await tx.query(sql, [tenantId])).rows;
    return {
      publishers: await all('SELECT * FROM catalog.publishers WHERE tenant_id = $1'),
      contacts: await all('SELECT * FROM catalog.publisher_contacts WHERE tenant_id = $1 ORDER BY sort_order'),
      products: await all('SELECT * FROM catalog.products WHERE tenant_id = $1 ORDER BY created_at, id'),
      components: await all('SELECT * FROM catalog.product_components WHERE tenant_id = $1 ORDER BY product_id, line_no'),
      properties: await all('SELECT * FROM catalog.product_properties WHERE tenant_id = $1 ORDER BY product_id, line_no'),
      documents: await all('SELECT * FROM catalog.product_documents WHERE tenant_id = $1 ORDER BY created_at, id'),
      events: await all('SELECT count(*)::int AS n FROM audit.tenant_events WHERE tenant_id = $1'),
    };
  });
}

/** Whether `key` occurs anywhere in the raw JSON text as an object key. */
export function hasKey(raw: string, key: string): boolean {
  return raw.includes(`"${key}":`);
}
