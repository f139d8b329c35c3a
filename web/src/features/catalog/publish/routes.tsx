import type { RouteObject } from 'react-router';
import type { CatalogNavItem } from '../catalogNav';

/** Tabs of this area in the catalog navigation: the own products for everyone, the profile for admins. */
export const publishNav: CatalogNavItem[] = [
  { id: 'products', to: '/s/catalog/products', label: 'catalogPublish.nav.products' },
  { id: 'profile', to: '/s/catalog/profile', label: 'catalogPublish.nav.profile', roles: ['admin'] },
];

/** Screens of this area, under /s/catalog. */
export const publishRoutes: RouteObject[] = [
  { path: 'products', lazy: async () => ({ Component: (await import('./ProductListPage')).ProductListPage }) },
  { path: 'products/:productId', lazy: async () => ({ Component: (await import('./ProductEditPage')).ProductEditPage }) },
  { path: 'profile', lazy: async () => ({ Component: (await import('./ProfilePage')).ProfilePage }) },
];
