import type { RouteObject } from 'react-router';
import type { CatalogNavItem } from '../catalogNav';

/** Tabs of this area in the catalog navigation. */
export const inquiriesNav: CatalogNavItem[] = [];

/** Screens of this area, under /s/catalog. */
export const inquiriesRoutes: RouteObject[] = [];
