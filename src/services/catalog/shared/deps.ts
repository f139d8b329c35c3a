import type { ModuleDeps } from '../../../platform/http/index.js';

/** What the catalog service's commands and queries use: the platform's dependencies. */
export type CatalogDeps = ModuleDeps;
