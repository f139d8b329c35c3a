import { z } from 'zod';

/** A publisher as shown beside its products: the profile's display name, else the company name. */
export const publisherRef = z.object({ tenantId: z.string(), displayName: z.string() });

/** A published product in a list of results (search, CAS lookup, saved lists). */
export const searchHitView = z.object({
  id: z.string(),
  tenantId: z.string(),
  publisher: publisherRef,
  name: z.string(),
  nameEn: z.string(),
  grade: z.string(),
  brand: z.string(),
  category: z.string(),
  form: z.string(),
  status: z.enum(['draft', 'published', 'archived']),
  regulatoryFlags: z.array(z.string()),
  documentKinds: z.array(z.string()),
  applications: z.array(z.string()),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  /** The field (other than the name) a query term was found in, as written by the publisher. */
  matched: z.string().optional(),
});
export type SearchHit = z.infer<typeof searchHitView>;

/** One value of a facet with the number of results it would give. */
export const facetView = z.object({ value: z.string(), label: z.string().optional(), count: z.number() });
export type Facet = z.infer<typeof facetView>;

export const planView = z.object({ publisher: z.boolean(), subscription: z.enum(['paid', 'free']).nullable() });

export const componentView = z.object({ casNumber: z.string().nullable(), name: z.string(), minPct: z.number().nullable(), maxPct: z.number().nullable() });

export const propertyView = z.object({
  key: z.string(),
  name: z.string(),
  valueMin: z.number().nullable(),
  valueMax: z.number().nullable(),
  valueText: z.string(),
  unit: z.string(),
  testMethod: z.string(),
  conditions: z.string(),
});
export type PropertyView = z.infer<typeof propertyView>;

export const documentView = z.object({
  id: z.string(),
  kind: z.enum(['sds', 'tds', 'coa', 'chemsherpa', 'other']),
  language: z.string(),
  docVersion: z.string(),
  issuedOn: z.string(),
  fileName: z.string(),
  bytes: z.number(),
  isCurrent: z.boolean(),
  createdAt: z.string(),
});
export type DocumentView = z.infer<typeof documentView>;

/**
 * A product in full (own, or read on a paid plan) or basic: `properties` and `documents` exist
 * only when `access` is full; remarks, labels, version and createdAt only on the reader's own.
 */
export const productView = z.object({
  id: z.string(),
  tenantId: z.string(),
  publisher: publisherRef,
  own: z.boolean(),
  access: z.enum(['full', 'basic']),
  name: z.string(),
  nameEn: z.string(),
  grade: z.string(),
  brand: z.string(),
  category: z.string(),
  form: z.string(),
  description: z.string(),
  descriptionEn: z.string(),
  applications: z.array(z.string()),
  processingMethods: z.array(z.string()),
  regulatoryFlags: z.array(z.string()),
  status: z.enum(['draft', 'published', 'archived']),
  publishedAt: z.string().nullable(),
  components: z.array(componentView),
  documentKinds: z.array(z.string()),
  properties: z.array(propertyView).optional(),
  documents: z.array(documentView).optional(),
  remarks: z.string().optional(),
  labels: z.array(z.string()).optional(),
  version: z.number().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string(),
  lists: z.array(z.enum(['in_use', 'watching'])),
});
export type ProductView = z.infer<typeof productView>;

/** Timestamps read from either driver (Date or text) as ISO 8601 UTC. */
export function iso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

/** A numeric column (text on PostgreSQL) as a number, or null. */
export function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
