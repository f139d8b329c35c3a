import { Navigate, type RouteObject } from 'react-router';
import type { CatalogNavItem } from '../catalogNav';

/** Tabs of this area in the catalog navigation. */
export const discoverNav: CatalogNavItem[] = [
  {
    id: 'search',
    to: '/s/catalog/search',
    label: 'catalogDiscover.nav.search',
    alsoActiveUnder: ['/s/catalog/p', '/s/catalog/compare', '/s/catalog/publishers'],
  },
  { id: 'lists', to: '/s/catalog/lists', label: 'catalogDiscover.nav.lists' },
];

/** Screens of this area, under /s/catalog. */
export const discoverRoutes: RouteObject[] = [
  { path: 'search', lazy: async () => ({ Component: (await import('./SearchPage')).SearchPage }) },
  { path: 'p/:productId', lazy: async () => ({ Component: (await import('./ProductPage')).ProductPage }) },
  { path: 'compare', lazy: async () => ({ Component: (await import('./ComparePage')).ComparePage }) },
  { path: 'lists', element: <Navigate to="/s/catalog/lists/in_use" replace /> },
  { path: 'lists/:list', lazy: async () => ({ Component: (await import('./ListsPage')).ListsPage }) },
  { path: 'publishers/:tenantId', lazy: async () => ({ Component: (await import('./PublisherPage')).PublisherPage }) },
];
