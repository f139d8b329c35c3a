import type { RouteRegistrar } from '../../../platform/http/index.js';
import type { CatalogDeps } from '../shared/deps.js';

/** Inquiries between a subscriber and a publisher, under /api/catalog. */
export function registerInquiryRoutes(_r: RouteRegistrar, _deps: CatalogDeps): void {}
