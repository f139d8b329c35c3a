import type { RouteRegistrar } from '../../../platform/http/index.js';
import type { CatalogDeps } from '../shared/deps.js';

/** Search, CAS lookup, comparison and saved lists, under /api/catalog. */
export function registerSearchRoutes(_r: RouteRegistrar, _deps: CatalogDeps): void {}
