import type { RouteRegistrar } from '../../../platform/http/index.js';
import type { CatalogDeps } from '../shared/deps.js';

/** Publisher profile, products, documents and import routes, under /api/catalog. */
export function registerProductRoutes(_r: RouteRegistrar, _deps: CatalogDeps): void {}
