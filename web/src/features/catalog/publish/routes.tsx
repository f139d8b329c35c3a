import type { RouteObject } from 'react-router';
import type { CatalogNavItem } from '../catalogNav';

/** Tabs of this area in the catalog navigation. */
export const publishNav: CatalogNavItem[] = [];

/** Screens of this area, under /s/catalog. */
export const publishRoutes: RouteObject[] = [];
