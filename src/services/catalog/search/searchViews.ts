import { z } from 'zod';
import { publisherRef } from '../products/productView.js';

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

/**
 * One value of a facet with the number of results it would give; `atLeast` when the search
 * stopped counting that value (a broad search with another value of the facet chosen): the
 * count is a lower bound, shown as such (「N件以上」).
 */
export const facetView = z.object({ value: z.string(), label: z.string().optional(), count: z.number(), atLeast: z.literal(true).optional() });
export type Facet = z.infer<typeof facetView>;

export const planView = z.object({ publisher: z.boolean(), subscription: z.enum(['paid', 'free']).nullable() });
