import type { ServiceTab } from '../../components/ServiceTabsLayout';

/** The catalog roles, as the session lists them. */
export type CatalogRole = 'admin' | 'editor' | 'viewer';

/** One tab of the catalog service's navigation (paths under /s/catalog). */
export interface CatalogNavItem extends ServiceTab {
  /** Only these roles see it (all roles when absent). */
  roles?: readonly CatalogRole[];
}
